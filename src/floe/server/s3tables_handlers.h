// The S3 Tables operations, one function each; every one answers `c.res`
// with the AWS response shape or an AWS error. Routed by s3tables_api.cc.
#pragma once

#include <string>

#include "floe/iceberg/json.h"
#include "floe/server/s3tables_settings.h"
#include "floe/server/s3tables_wire.h"

namespace floe::server {

// Table buckets and namespaces (s3tables_api.cc).
void CreateTableBucket(S3TablesCall& c);
void ListTableBuckets(S3TablesCall& c);
void GetTableBucket(S3TablesCall& c, const std::string& bucket);
void DeleteTableBucket(S3TablesCall& c, const std::string& bucket);
void CreateNamespace(S3TablesCall& c, const std::string& bucket);
void ListNamespaces(S3TablesCall& c, const std::string& bucket);
void GetNamespace(S3TablesCall& c, const std::string& bucket, const std::string& ns);
void DeleteNamespace(S3TablesCall& c, const std::string& bucket, const std::string& ns);

// Tables (s3tables_tables.cc).
void CreateTable(S3TablesCall& c, const std::string& bucket, const std::string& ns);
void GetTable(S3TablesCall& c);
void ListTables(S3TablesCall& c, const std::string& bucket);
void DeleteTable(S3TablesCall& c, const std::string& bucket, const std::string& ns,
                 const std::string& name);
void RenameTable(S3TablesCall& c, const std::string& bucket, const std::string& ns,
                 const std::string& name);
void GetTableMetadataLocation(S3TablesCall& c, const std::string& bucket, const std::string& ns,
                              const std::string& name);
void UpdateTableMetadataLocation(S3TablesCall& c, const std::string& bucket, const std::string& ns,
                                 const std::string& name);

// Maintenance and encryption settings (s3tables_settings.cc).
void PutTableBucketMaintenance(S3TablesCall& c, const std::string& bucket, const std::string& type);
void GetTableBucketMaintenance(S3TablesCall& c, const std::string& bucket);
void PutTableBucketEncryption(S3TablesCall& c, const std::string& bucket);
void GetTableBucketEncryption(S3TablesCall& c, const std::string& bucket);
void DeleteTableBucketEncryption(S3TablesCall& c, const std::string& bucket);
void PutTableMaintenance(S3TablesCall& c, const std::string& bucket, const std::string& ns,
                         const std::string& name, const std::string& type);
void GetTableMaintenance(S3TablesCall& c, const std::string& bucket, const std::string& ns,
                         const std::string& name);
void GetTableMaintenanceJobStatus(S3TablesCall& c, const std::string& bucket, const std::string& ns,
                                  const std::string& name);
void GetTableEncryption(S3TablesCall& c, const std::string& bucket, const std::string& ns,
                        const std::string& name);

// An encryptionConfiguration, checked: sseAlgorithm AES256 (no key) or
// aws:kms with a kmsKeyArn. InvalidArgument otherwise.
Result<Json> ValidateEncryption(const Json& config);
// The bucket's encryption, AES256 when none was set.
Result<Json> BucketEncryption(const ServerContext& ctx, const std::string& bucket);

}  // namespace floe::server
