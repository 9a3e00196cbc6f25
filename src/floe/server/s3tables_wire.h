// The S3 Tables wire conventions (REST-JSON): errors as status code,
// x-amzn-ErrorType header and {"message": ...}; ISO-8601 timestamps; opaque
// continuation tokens; and the request context the handlers share.
#pragma once

#include <httplib.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "floe/base/status.h"
#include "floe/iceberg/json.h"
#include "floe/server/context.h"

namespace floe::server {

using iceberg::Json;

// Request bodies above this are refused before parsing.
inline constexpr size_t kMaxS3TablesBody = 1 << 20;

// AWS's messages, word for word.
inline constexpr char kNoSuchBucket[] = "The specified bucket does not exist.";
inline constexpr char kNoSuchNamespace[] = "The specified namespace does not exist.";
inline constexpr char kNoSuchTable[] = "The specified table does not exist.";
inline constexpr char kTokenMismatch[] =
    "Provided version token does not match the table version token.";
inline constexpr char kBadMetadataLocation[] = "The specified metadata location is not valid.";
inline constexpr char kBadContinuationToken[] = "The continuation token is not valid.";

void SendAwsError(httplib::Response& res, int code, const std::string& type,
                  const std::string& message);
// Maps a Status: InvalidArgument → 400 BadRequestException, NotFound → 404
// NotFoundException (AWS's sentence for buckets, namespaces and tables),
// AlreadyExists/FailedPrecondition/Aborted → 409 ConflictException,
// Unavailable → 503, anything else → 500 InternalServerErrorException.
void SendStatus(httplib::Response& res, const Status& st);
void SendJsonBody(httplib::Response& res, const Json& body, int code = 200);

// "2026-11-25T20:38:27.123Z".
std::string IsoTimestamp(int64_t millis);

// The body as a JSON object; InvalidArgument when too large or not an object.
// An empty body reads as {}.
Result<Json> ParseAwsBody(const httplib::Request& req);

// A page of a sorted list: items whose key is after the token's key, at most
// `max_param` (1..1000, default 1000) of them. `next` is set when more remain.
struct PageRequest {
  std::optional<std::string> after;  // decoded continuation token
  size_t limit = 1000;
};
Result<PageRequest> ParsePage(const httplib::Request& req, const char* max_param);
// An opaque token (hex, URL-safe) naming the last key of a page.
std::string ContinuationToken(const std::string& last_key);

// The page of `items` (any order) after `page.after` by `key`, sorted by key;
// sets `*next` to the token of the last item when more remain, else clears it.
template <typename T, typename KeyFn>
std::vector<const T*> TakePage(const std::vector<T>& items, const PageRequest& page, KeyFn key,
                               std::string* next) {
  std::vector<const T*> sorted;
  for (const T& item : items) {
    if (!page.after || key(item) > *page.after) sorted.push_back(&item);
  }
  std::sort(sorted.begin(), sorted.end(),
            [&](const T* a, const T* b) { return key(*a) < key(*b); });
  next->clear();
  if (sorted.size() > page.limit) {
    sorted.resize(page.limit);
    *next = ContinuationToken(key(*sorted.back()));
  }
  return sorted;
}

// One S3 Tables request: decoded path segments and the shared context.
struct S3TablesCall {
  const ServerContext* ctx;
  const httplib::Request& req;
  httplib::Response& res;
  std::vector<std::string> segments;

  std::string BucketArnOf(const std::string& bucket) const;
  std::string TableArnOf(const std::string& bucket, const std::string& table_id) const;
};

// A query parameter, or "" when absent.
std::string Param(const httplib::Request& req, const char* name);

}  // namespace floe::server
