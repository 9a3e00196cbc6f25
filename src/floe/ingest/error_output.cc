#include "floe/ingest/error_output.h"

#include <cstdio>

#include "floe/base/base64.h"
#include "floe/base/civil_time.h"
#include "floe/base/uuid.h"
#include "floe/iceberg/json.h"
#include "floe/storage/object_store.h"

namespace floe::ingest {
namespace {

struct Parts {
  int64_t year;
  int month, day, hour, minute, second;
};

Parts Split(int64_t ms) {
  int64_t secs = ms / 1000;
  int64_t days = secs / 86400;
  int64_t rem = secs % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  CivilDate d = CivilFromDays(days);
  return Parts{d.year,
               d.month,
               d.day,
               static_cast<int>(rem / 3600),
               static_cast<int>(rem / 60 % 60),
               static_cast<int>(rem % 60)};
}

}  // namespace

std::string ErrorObjectKey(const std::string& prefix, const std::string& stream, int64_t version,
                           int64_t now_ms, const std::string& uuid) {
  Parts p = Split(now_ms);
  char folder[32];
  std::snprintf(folder, sizeof(folder), "%04lld/%02d/%02d/%02d/", static_cast<long long>(p.year),
                p.month, p.day, p.hour);
  char stamp[32];
  std::snprintf(stamp, sizeof(stamp), "%04lld-%02d-%02d-%02d-%02d-%02d",
                static_cast<long long>(p.year), p.month, p.day, p.hour, p.minute, p.second);
  const std::string type = "iceberg-failed";
  const std::string marker = "!{firehose:error-output-type}";
  std::string base = prefix;
  size_t at = base.find(marker);
  if (at != std::string::npos) {
    base.replace(at, marker.size(), type);
  } else {
    base += type + "/" + folder;
  }
  return base + stream + "-" + std::to_string(version) + "-" + stamp + "-" + uuid;
}

std::string FormatFailedRecords(const std::vector<FailedRecord>& records, int64_t now_ms) {
  std::string out;
  for (const auto& r : records) {
    iceberg::Json j;
    j["attemptsMade"] = r.attempts;
    j["arrivalTimestamp"] = r.arrival_ms;
    j["errorCode"] = r.error_code;
    j["errorMessage"] = r.error_message;
    j["attemptEndingTimestamp"] = now_ms;
    j["rawData"] = Base64Encode(r.raw);
    if (!r.database.empty()) j["destinationDatabaseName"] = r.database;
    if (!r.table.empty()) j["destinationTableName"] = r.table;
    out += j.dump(-1, ' ', false, iceberg::Json::error_handler_t::replace);
    out += '\n';
  }
  return out;
}

Result<std::string> WriteFailedRecords(storage::FileIO* io, const std::string& buckets_root,
                                       const std::string& bucket, const std::string& prefix,
                                       const std::string& stream, int64_t version,
                                       const std::vector<FailedRecord>& records, int64_t now_ms) {
  std::string key = ErrorObjectKey(prefix, stream, version, now_ms, Uuid::Random().ToString());
  std::string body = FormatFailedRecords(records, now_ms);
  storage::ObjectStore store(io, buckets_root);
  FLOE_RETURN_IF_ERROR(store.CreateBucket(bucket));
  FLOE_RETURN_IF_ERROR(store.PutObject(bucket, key, body));
  return key;
}

}  // namespace floe::ingest
