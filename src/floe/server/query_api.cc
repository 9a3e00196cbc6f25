#include "floe/server/query_api.h"

#include <httplib.h>

#include <chrono>
#include <optional>
#include <thread>

#include "floe/iceberg/json.h"
#include "floe/query/engine.h"
#include "floe/query/format.h"

namespace floe::server {
namespace {

using iceberg::Json;

void SendError(httplib::Response& res, int status, const std::string& type,
               const std::string& message) {
  Json body{{"error", {{"type", type}, {"message", message}}}};
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

// "Parser Error: ..." → "ParserError"; the kind DuckDB-style messages start with.
std::string ErrorType(const std::string& message, const char* fallback) {
  size_t colon = message.find(" Error: ");
  if (colon == std::string::npos || colon > 20) return fallback;
  std::string type;
  for (char c : message.substr(0, colon + 6)) {
    if (c != ' ') type.push_back(c);
  }
  return type;
}

// The delivery streams' buffered rows, for fresh reads.
class LiveTables : public query::FreshRowsProvider {
 public:
  explicit LiveTables(ingest::StreamManager* streams) : streams_(streams) {}

  query::FreshSelect Capture(const std::string& bucket, const std::string& ns,
                             const std::string& table) override {
    auto captures = std::make_shared<std::vector<ingest::LiveCapture>>();
    for (const auto& stream : streams_->List()) {
      if (stream->config().table_bucket != bucket) continue;
      auto c = stream->CaptureLive(ns, table);
      if (c) captures->push_back(std::move(*c));
    }
    if (captures->empty()) return nullptr;
    return [captures](const iceberg::TableMetadata& metadata) {
      std::vector<query::FreshBatch> out;
      for (auto& c : *captures) {
        auto schema = c.schema;
        for (auto& piece : std::move(c).Beyond(metadata))
          out.push_back({schema, std::move(piece.columns), piece.rows});
      }
      return out;
    };
  }

 private:
  ingest::StreamManager* streams_;
};

}  // namespace

void RegisterQueryApi(httplib::Server* http, const ServerContext* context,
                      ingest::StreamManager* streams) {
  auto live = std::make_shared<LiveTables>(streams);
  http->Post("/api/query", [context, live](const httplib::Request& req, httplib::Response& res) {
    Json body = Json::parse(req.body, nullptr, false);
    if (body.is_discarded() || !body.is_object() || !body.contains("sql") ||
        !body["sql"].is_string()) {
      return SendError(res, 400, "InvalidRequest",
                       "the body must be a JSON object with a \"sql\" string");
    }
    query::QueryOptions options;
    options.data_dir = context->data_dir;
    options.io = context->io;
    options.clock = context->clock;
    options.catalog = context->catalog;
    std::optional<query::OutputFormat> format;
    if (body.contains("format")) {
      auto f = body["format"].is_string() ? query::ParseOutputFormat(body["format"])
                                          : InvalidArgument("\"format\" must be a string");
      if (!f.ok()) return SendError(res, 400, "InvalidRequest", f.status().message());
      format = *f;
    }
    options.fresh = live.get();
    if (body.contains("snapshot_only")) {
      if (!body["snapshot_only"].is_boolean())
        return SendError(res, 400, "InvalidRequest", "\"snapshot_only\" must be true or false");
      options.snapshot_only = body["snapshot_only"].get<bool>();
    }
    if (body.contains("bucket") && body["bucket"].is_string())
      options.bucket = body["bucket"].get<std::string>();
    unsigned hw = std::thread::hardware_concurrency();
    options.threads = hw == 0 ? 2 : static_cast<int>(hw);
    auto start = std::chrono::steady_clock::now();
    auto result = query::ExecuteQuery(body["sql"].get<std::string>(), options);
    double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    if (!result.ok()) {
      const Status& st = result.status();
      int status = st.code() == StatusCode::kNotFound            ? 404
                   : st.code() == StatusCode::kPermissionDenied  ? 403
                   : st.code() == StatusCode::kResourceExhausted ? 422
                   : st.code() == StatusCode::kInvalidArgument   ? 400
                                                                 : 500;
      return SendError(res, status,
                       ErrorType(st.message(), status == 500 ? "InternalError" : "QueryError"),
                       st.message());
    }
    if (format) {
      // Printed by the server, so `floe query --endpoint` shows what a local query would.
      res.set_header("X-Floe-Rows", std::to_string(result->rows));
      res.set_header("X-Floe-Elapsed-Ms", std::to_string(ms));
      res.set_content(query::FormatResult(*result, *format),
                      *format == query::OutputFormat::kJson ? "application/json" : "text/plain");
      return;
    }
    Json columns = Json::array();
    for (size_t k = 0; k < result->names.size(); ++k) {
      columns.push_back(
          {{"name", result->names[k]}, {"type", std::string(query::TypeName(result->types[k]))}});
    }
    Json rows = Json::array();
    for (const auto& chunk : result->chunks) {
      for (int64_t r = 0; r < chunk.rows; ++r) {
        Json row = Json::array();
        for (const auto& col : chunk.columns) row.push_back(query::ValueToJson(col.Get(r)));
        rows.push_back(std::move(row));
      }
    }
    Json out{{"columns", std::move(columns)},
             {"rows", std::move(rows)},
             {"stats",
              {{"rows", result->rows},
               {"elapsed_ms", ms},
               {"peak_memory_bytes", result->peak_memory_bytes}}}};
    res.set_content(out.dump(), "application/json");
  });
}

}  // namespace floe::server
