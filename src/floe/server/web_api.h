// The dashboard's side of the server: GET /metrics (Prometheus text format 0.0.4),
// GET /api/metrics/series (the registry's time series as JSON), and the dashboard
// page at GET / and GET /dashboard. A sampler thread records the registry every
// interval, first refreshing the table metrics (floe_table_*) from the catalog and
// each table's current metadata.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "floe/metrics/metrics.h"
#include "floe/metrics/sampler.h"
#include "floe/server/context.h"

namespace httplib {
class Server;
}

namespace floe::server {

class WebApi {
 public:
  // REQUIRES: context and registry outlive this object.
  WebApi(const ServerContext* context, metrics::Registry* registry,
         int64_t sample_interval_ms = 5000);
  ~WebApi();

  void Register(httplib::Server* http);
  // Starts the sampler thread (the first sample is taken at once).
  void Start();
  void Stop();
  // Refreshes floe_table_* from the catalog; the sampler calls it before each sample.
  void CollectTables();

 private:
  struct TableState {
    std::string metadata_location;
    std::set<int64_t> snapshot_ids;  // snapshots already counted
  };
  const ServerContext* context_;
  metrics::Registry* registry_;
  metrics::Sampler sampler_;
  std::map<std::string, TableState> tables_;  // by "bucket/ns/table"; sampler thread only
};

}  // namespace floe::server
