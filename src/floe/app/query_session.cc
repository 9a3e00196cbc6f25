#include "floe/app/query_session.h"

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <regex>
#include <thread>
#include "floe/app/endpoint.h"
#include "floe/iceberg/json.h"
#include "floe/query/engine.h"
#include "floe/query/format.h"

namespace floe::app {
namespace {

void PrintSummary(const QueryArgs& a, int64_t rows, double secs) {
  if (a.quiet || a.format != "table") return;
  std::fprintf(stderr, "(%lld row%s, %.3f s)\n", static_cast<long long>(rows), rows == 1 ? "" : "s",
               secs);
}

}  // namespace

QuerySession::QuerySession(QueryArgs args) : args_(std::move(args)) {}
QuerySession::~QuerySession() = default;

bool QuerySession::Init() {
  if (args_.endpoint.empty()) return true;
  http_ = ConnectEndpoint(args_.endpoint, 300);
  return http_ != nullptr;
}

bool QuerySession::TrySet(const std::string& sql, bool* ok) {
  static const std::regex set_re(
      R"(^\s*set\s+([a-z_]+)\s*(?:=|\bto\b)\s*'?([a-z0-9_]+)'?\s*;?\s*$)", std::regex::icase);
  std::smatch m;
  if (!std::regex_match(sql, m, set_re)) return false;
  std::string name = m[1].str(), value = m[2].str();
  std::transform(name.begin(), name.end(), name.begin(), ::tolower);
  std::transform(value.begin(), value.end(), value.begin(), ::tolower);
  *ok = false;
  if (name != "snapshot_only") {
    std::fprintf(stderr,
                 "Catalog Error: unknown setting \"%s\"; the one setting is snapshot_only\n",
                 name.c_str());
    return true;
  }
  if (value == "true" || value == "on" || value == "1") {
    args_.snapshot_only = true;
  } else if (value == "false" || value == "off" || value == "0") {
    args_.snapshot_only = false;
  } else {
    std::fprintf(stderr, "Invalid Input Error: snapshot_only takes true or false, not \"%s\"\n",
                 value.c_str());
    return true;
  }
  *ok = true;
  return true;
}

bool QuerySession::Run(const std::string& sql) {
  bool ok = false;
  if (TrySet(sql, &ok)) return ok;
  return http_ ? RunRemote(sql) : RunLocal(sql);
}

bool QuerySession::RunLocal(const std::string& sql) {
  auto format = query::ParseOutputFormat(args_.format);
  if (!format.ok()) {
    std::fprintf(stderr, "floe: %s\n", format.status().message().c_str());
    return false;
  }
  query::QueryOptions options;
  options.data_dir = args_.data;
  options.bucket = args_.bucket;
  unsigned hw = std::thread::hardware_concurrency();
  options.threads = args_.threads > 0 ? args_.threads : static_cast<int>(hw == 0 ? 2 : hw);
  options.memory_limit_bytes = args_.memory_limit_mb * 1024 * 1024;
  auto start = std::chrono::steady_clock::now();
  auto result = query::ExecuteQuery(sql, options);
  if (!result.ok()) {
    std::fprintf(stderr, "%s\n", result.status().message().c_str());
    return false;
  }
  std::string text = query::FormatResult(*result, *format);
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
  PrintSummary(args_, result->rows,
               std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  return true;
}

bool QuerySession::RunRemote(const std::string& sql) {
  iceberg::Json body{
      {"sql", sql}, {"format", args_.format}, {"snapshot_only", args_.snapshot_only}};
  if (!args_.bucket.empty()) body["bucket"] = args_.bucket;
  auto start = std::chrono::steady_clock::now();
  auto res = http_->Post("/api/query", body.dump(), "application/json");
  if (!res) {
    std::fprintf(stderr,
                 "floe: cannot reach %s (%s); is `floe serve` or `floe up` running there?\n",
                 args_.endpoint.c_str(), httplib::to_string(res.error()).c_str());
    return false;
  }
  if (res->status != 200) {
    iceberg::Json err = iceberg::Json::parse(res->body, nullptr, false);
    if (err.is_object() && err.contains("error") && err["error"].contains("message")) {
      std::fprintf(stderr, "%s\n", err["error"]["message"].get<std::string>().c_str());
    } else if (res->status == 404) {
      std::fprintf(stderr, "floe: %s has no query API (POST /api/query); is it a floe server?\n",
                   args_.endpoint.c_str());
    } else {
      std::fprintf(stderr, "floe: HTTP %d from %s: %s\n", res->status, args_.endpoint.c_str(),
                   res->body.substr(0, 200).c_str());
    }
    return false;
  }
  std::fwrite(res->body.data(), 1, res->body.size(), stdout);
  std::fflush(stdout);
  int64_t rows = std::strtoll(res->get_header_value("X-Floe-Rows").c_str(), nullptr, 10);
  PrintSummary(args_, rows,
               std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  return true;
}

}  // namespace floe::app
