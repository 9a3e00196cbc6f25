#include "floe/server/web_api.h"

#include <httplib.h>

#include <cstdlib>

#include "floe/base/logging.h"
#include "floe/iceberg/json.h"
#include "floe/iceberg/metadata_io.h"
#include "floe/web/assets.h"

namespace floe::server {
namespace {

constexpr char kPrometheusContentType[] = "text/plain; version=0.0.4; charset=utf-8";
constexpr int64_t kDefaultWindowSeconds = 3600;

void JsonError(httplib::Response& res, int status, const std::string& type,
               const std::string& message) {
  iceberg::Json body{{"error", {{"message", message}, {"type", type}, {"code", status}}}};
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

std::vector<std::string> SplitNames(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    if (comma > start) out.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

}  // namespace

WebApi::WebApi(const ServerContext* context, metrics::Registry* registry,
               int64_t sample_interval_ms)
    : context_(context),
      registry_(registry),
      sampler_(registry, context->clock, sample_interval_ms) {
  sampler_.AddCollector([this] { CollectTables(); });
}

WebApi::~WebApi() { Stop(); }

void WebApi::Start() { sampler_.Start(); }
void WebApi::Stop() { sampler_.Stop(); }

void WebApi::Register(httplib::Server* http) {
  http->Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
    res.set_content(registry_->PrometheusText(), kPrometheusContentType);
  });
  http->Get("/api/metrics/series", [this](const httplib::Request& req, httplib::Response& res) {
    metrics::SeriesQuery query;
    int64_t window = kDefaultWindowSeconds;
    if (req.has_param("window")) {
      const std::string text = req.get_param_value("window");
      char* end = nullptr;
      window = std::strtoll(text.c_str(), &end, 10);
      if (text.empty() || *end != '\0' || window <= 0) {
        JsonError(res, 400, "BadRequestException",
                  "window must be a positive number of seconds, got '" + text + "'");
        return;
      }
    }
    query.since_ms = context_->clock->NowMillis() - window * 1000;
    if (req.has_param("names")) query.names = SplitNames(req.get_param_value("names"));
    res.set_header("Cache-Control", "no-store");
    res.set_content(registry_->SeriesJson(query), "application/json");
  });
  auto page = [](const httplib::Request&, httplib::Response& res) {
    const std::string_view html = web::DashboardHtml();
    res.set_header("Cache-Control", "no-cache");
    res.set_content(html.data(), html.size(), "text/html; charset=utf-8");
  };
  http->Get("/", page);
  http->Get("/dashboard", page);
}

void WebApi::CollectTables() {
  auto buckets = context_->catalog->ListBuckets();
  if (!buckets.ok()) {
    FLOE_LOG(kWarning) << "table metrics: cannot list table buckets: "
                       << buckets.status().ToString();
    return;
  }
  std::set<std::string> present;
  for (const auto& bucket : *buckets) {
    auto tables = context_->catalog->ListTables(bucket.name);
    if (!tables.ok()) continue;
    for (const auto& entry : *tables) {
      if (entry.metadata_location.empty()) continue;
      const std::string name = entry.bucket + "/" + entry.ns + "/" + entry.name;
      present.insert(name);
      TableState& state = tables_[name];
      if (state.metadata_location == entry.metadata_location) continue;
      auto metadata = iceberg::ReadTableMetadata(context_->io, entry.metadata_location);
      if (!metadata.ok()) {
        FLOE_LOG(kWarning) << "table metrics: cannot read " << entry.metadata_location << ": "
                           << metadata.status().ToString();
        continue;
      }
      state.metadata_location = entry.metadata_location;
      const metrics::Labels labels{{"table", name}};
      const iceberg::Snapshot* current = metadata->CurrentSnapshot();
      registry_
          ->GetGauge("floe_table_storage_bytes",
                     "Bytes of data and delete files in the table's current snapshot.", labels)
          ->Set(current ? static_cast<double>(current->Count(iceberg::kTotalFilesSize)) : 0);
      registry_->GetGauge("floe_table_files", "Data files in the table's current snapshot.", labels)
          ->Set(current ? static_cast<double>(current->Count(iceberg::kTotalDataFiles)) : 0);
      auto* snapshots = registry_->GetCounter("floe_table_snapshots_total",
                                              "Snapshots committed to the table.", labels);
      auto* compactions = registry_->GetCounter(
          "floe_table_compactions_total",
          "Compactions (snapshots with operation replace) committed to the table.", labels);
      std::set<int64_t> ids;
      for (const auto& snapshot : metadata->snapshots) {
        ids.insert(snapshot.snapshot_id);
        if (state.snapshot_ids.count(snapshot.snapshot_id)) continue;
        snapshots->Add();
        if (snapshot.operation() == iceberg::kOpReplace) compactions->Add();
      }
      state.snapshot_ids = std::move(ids);  // forget expired snapshots
    }
  }
  for (auto it = tables_.begin(); it != tables_.end();) {
    if (present.count(it->first)) {
      ++it;
      continue;
    }
    const metrics::Labels labels{{"table", it->first}};
    registry_->GetGauge("floe_table_storage_bytes", "", labels)->Set(0);
    registry_->GetGauge("floe_table_files", "", labels)->Set(0);
    it = tables_.erase(it);
  }
}

}  // namespace floe::server
