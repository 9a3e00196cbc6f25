// Where the S3 Tables settings live in the catalog's settings store, and the
// bookkeeping that keeps a table's settings with it. The maintenance scheduler
// reads the maintenance kinds in exactly these shapes:
//   table-maintenance  bucket/ns/table
//   {"icebergCompaction":{"status","settings":{"icebergCompaction":{...}}}, ...} bucket-maintenance
//   bucket           {"icebergUnreferencedFileRemoval":{"status","settings":{...}}}
//   maintenance-job-status bucket/ns/table
//   {"icebergCompaction":{"status","lastRunTimestamp","failureMessage"}, ...} bucket-encryption
//   bucket           {"sseAlgorithm":"AES256"|"aws:kms","kmsKeyArn":...} table-encryption
//   bucket/ns/table  the same, fixed when the table was created
#pragma once

#include <string>

#include "floe/base/status.h"
#include "floe/catalog/catalog.h"

namespace floe::server {

inline constexpr char kTableMaintenanceKind[] = "table-maintenance";
inline constexpr char kBucketMaintenanceKind[] = "bucket-maintenance";
inline constexpr char kJobStatusKind[] = "maintenance-job-status";
inline constexpr char kBucketEncryptionKind[] = "bucket-encryption";
inline constexpr char kTableEncryptionKind[] = "table-encryption";

std::string TableSettingsKey(const std::string& bucket, const std::string& ns,
                             const std::string& name);

// A table's settings follow it when it is renamed, and go when it is dropped
// (through either the S3 Tables API or the Iceberg REST catalog).
Status MoveTableSettings(catalog::Catalog* catalog, const std::string& from_key,
                         const std::string& to_key);
Status DeleteTableSettings(catalog::Catalog* catalog, const std::string& key);
// The bucket's own settings and any table settings left under it.
Status DeleteBucketSettings(catalog::Catalog* catalog, const std::string& bucket);

}  // namespace floe::server
