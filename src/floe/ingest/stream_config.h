// floe::ingest — a delivery stream's configuration, as CreateDeliveryStream
// receives it (Firehose JSON 1.1, IcebergDestinationConfiguration) and as
// DescribeDeliveryStream returns it.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "floe/base/status.h"
#include "floe/iceberg/json.h"

namespace floe::ingest {

struct DestinationTable {
  std::string database;  // the namespace
  std::string table;
  std::string error_prefix;  // S3ErrorOutputPrefix; empty = the stream's
  std::vector<std::string> unique_keys;
};

struct StreamConfig {
  std::string name;
  std::string arn;
  std::string type = "DirectPut";
  int64_t version = 1;
  double create_timestamp = 0;  // epoch seconds
  std::string table_bucket;     // from CatalogARN .../catalog/s3tablescatalog/<bucket>
  std::vector<DestinationTable> tables;
  int64_t buffer_bytes = 5 << 20;  // BufferingHints.SizeInMBs
  int64_t interval_seconds = 300;  // BufferingHints.IntervalInSeconds
  int64_t retry_seconds = 300;     // RetryOptions.DurationInSeconds
  std::string error_bucket;        // S3Configuration.BucketARN arn:aws:s3:::<name>
  std::string error_prefix;        // S3Configuration.ErrorOutputPrefix
  std::string routing_query;       // MetadataExtraction processor's MetadataExtractionQuery
  bool encrypted = false;          // DeliveryStreamEncryptionConfigurationInput given
  std::vector<std::pair<std::string, std::string>> tags;
  iceberg::Json destination;  // IcebergDestinationConfiguration as given
  iceberg::Json encryption;   // DeliveryStreamEncryptionConfigurationInput as given
};

// Validates a CreateDeliveryStream request body. InvalidArgument with the
// message Firehose gives (the API maps it to InvalidArgumentException).
Result<StreamConfig> ParseCreateRequest(const iceberg::Json& body, const std::string& region,
                                        const std::string& account_id, double now_seconds);

// The stored form (what CreateDeliveryStream got, plus version and time).
iceberg::Json StreamToJson(const StreamConfig& config);
Result<StreamConfig> StreamFromJson(const iceberg::Json& stored, const std::string& region,
                                    const std::string& account_id);

// DeliveryStreamDescription for DescribeDeliveryStream.
iceberg::Json DescribeStream(const StreamConfig& config, const std::string& status);

// Stream names: 1–64 of [a-zA-Z0-9_.-].
Status ValidateStreamName(const std::string& name);

}  // namespace floe::ingest
