#include "floe/server/s3tables_wire.h"

#include <cstdio>

#include "floe/base/civil_time.h"
#include "floe/server/s3tables_arn.h"

namespace floe::server {
namespace {

constexpr char kTokenPrefix[] = "floe1:";

bool StartsWith(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

void SendAwsError(httplib::Response& res, int code, const std::string& type,
                  const std::string& message) {
  res.status = code;
  res.set_header("x-amzn-ErrorType", type);
  res.set_content(Json{{"message", message}}.dump(), "application/json");
}

void SendStatus(httplib::Response& res, const Status& st) {
  const std::string& m = st.message();
  switch (st.code()) {
    case StatusCode::kInvalidArgument:
      return SendAwsError(res, 400, "BadRequestException", m);
    case StatusCode::kNotFound:
      if (StartsWith(m, "The specified bucket does not exist"))
        return SendAwsError(res, 404, "NotFoundException", kNoSuchBucket);
      if (StartsWith(m, "The specified namespace does not exist")) {
        return SendAwsError(res, 404, "NotFoundException", kNoSuchNamespace);
      }
      if (StartsWith(m, "The specified table does not exist"))
        return SendAwsError(res, 404, "NotFoundException", kNoSuchTable);
      return SendAwsError(res, 404, "NotFoundException", m);
    case StatusCode::kAlreadyExists:
    case StatusCode::kFailedPrecondition:
    case StatusCode::kAborted:
      return SendAwsError(res, 409, "ConflictException", m);
    case StatusCode::kUnavailable:
      return SendAwsError(res, 503, "ServiceUnavailableException", m);
    default:
      return SendAwsError(res, 500, "InternalServerErrorException", m);
  }
}

void SendJsonBody(httplib::Response& res, const Json& body, int code) {
  res.status = code;
  res.set_content(body.dump(), "application/json");
}

std::string IsoTimestamp(int64_t millis) {
  int64_t days = millis >= 0 ? millis / 86400000 : -((-millis + 86399999) / 86400000);
  int64_t in_day = millis - days * 86400000;
  char buf[40];
  std::snprintf(buf, sizeof(buf), "T%02d:%02d:%02d.%03dZ", static_cast<int>(in_day / 3600000),
                static_cast<int>(in_day / 60000 % 60), static_cast<int>(in_day / 1000 % 60),
                static_cast<int>(in_day % 1000));
  return FormatDate(days) + buf;
}

Result<Json> ParseAwsBody(const httplib::Request& req) {
  if (req.body.size() > kMaxS3TablesBody) {
    return InvalidArgument("The request body is " + std::to_string(req.body.size()) +
                           " bytes; the limit is " + std::to_string(kMaxS3TablesBody) + " bytes.");
  }
  if (req.body.empty()) return Json::object();
  Json j = Json::parse(req.body, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return InvalidArgument("The request body must be a JSON object.");
  return j;
}

Result<PageRequest> ParsePage(const httplib::Request& req, const char* max_param) {
  PageRequest page;
  if (req.has_param(max_param)) {
    const std::string v = req.get_param_value(max_param);
    char* end = nullptr;
    long n = std::strtol(v.c_str(), &end, 10);
    if (v.empty() || *end != '\0' || n < 1 || n > 1000) {
      return InvalidArgument(std::string(max_param) + " must be an integer from 1 to 1000, not \"" +
                             v + "\".");
    }
    page.limit = static_cast<size_t>(n);
  }
  if (req.has_param("continuationToken")) {
    const std::string token = req.get_param_value("continuationToken");
    std::string decoded;
    for (size_t i = 0; i + 1 < token.size(); i += 2) {
      int hi = HexDigit(token[i]), lo = HexDigit(token[i + 1]);
      if (hi < 0 || lo < 0) return InvalidArgument(kBadContinuationToken);
      decoded.push_back(static_cast<char>(hi * 16 + lo));
    }
    if (token.size() % 2 != 0 || !StartsWith(decoded, kTokenPrefix))
      return InvalidArgument(kBadContinuationToken);
    page.after = decoded.substr(sizeof(kTokenPrefix) - 1);
  }
  return page;
}

std::string ContinuationToken(const std::string& last_key) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (char ch : kTokenPrefix + last_key) {
    auto c = static_cast<unsigned char>(ch);
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

std::string S3TablesCall::BucketArnOf(const std::string& bucket) const {
  return FormatBucketArn(ctx->region, ctx->account_id, bucket);
}

std::string S3TablesCall::TableArnOf(const std::string& bucket, const std::string& table_id) const {
  return FormatTableArn(ctx->region, ctx->account_id, bucket, table_id);
}

std::string Param(const httplib::Request& req, const char* name) {
  return req.has_param(name) ? req.get_param_value(name) : std::string();
}

}  // namespace floe::server
