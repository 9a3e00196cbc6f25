// floe::ingest — the error bucket. Records Firehose could not deliver are
// written, with their raw bytes and the reason, as JSON lines to
//   <prefix>iceberg-failed/YYYY/MM/DD/HH/<stream>-<version>-YYYY-MM-DD-HH-mm-ss-<uuid>
// in the stream's error bucket (a general bucket: <buckets_root>/<bucket>/<key>).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "floe/base/status.h"
#include "floe/storage/file_io.h"

namespace floe::ingest {

struct FailedRecord {
  std::string raw;
  int64_t arrival_ms = 0;
  std::string error_code;  // e.g. Iceberg.InvalidColumnValue
  std::string error_message;
  std::string database;  // the destination, when known
  std::string table;
  int attempts = 1;
};

// The object key for records failed at `now_ms`. A prefix holding
// !{firehose:error-output-type} gets it replaced instead of appended.
std::string ErrorObjectKey(const std::string& prefix, const std::string& stream, int64_t version,
                           int64_t now_ms, const std::string& uuid);

// One JSON line per record: attemptsMade, arrivalTimestamp, errorCode,
// errorMessage, attemptEndingTimestamp, rawData (base64), and the
// destinationDatabaseName / destinationTableName when known.
std::string FormatFailedRecords(const std::vector<FailedRecord>& records, int64_t now_ms);

// Writes the records as one object and syncs it; returns the key.
Result<std::string> WriteFailedRecords(storage::FileIO* io, const std::string& buckets_root,
                                       const std::string& bucket, const std::string& prefix,
                                       const std::string& stream, int64_t version,
                                       const std::vector<FailedRecord>& records, int64_t now_ms);

}  // namespace floe::ingest
