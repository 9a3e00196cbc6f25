// floe::server — one HTTP port for every API. Routes: ../../docs/ARCHITECTURE.md.
#pragma once

#include <memory>
#include <string>
#include <thread>

#include "floe/base/status.h"
#include "floe/catalog/sqlite_catalog.h"
#include "floe/ingest/stream_manager.h"
#include "floe/maintenance/scheduler.h"
#include "floe/server/context.h"
#include "floe/server/generators.h"
#include "floe/server/rest_catalog.h"
#include "floe/server/stack_apply.h"
#include "floe/server/web_api.h"

namespace httplib {
class Server;
}

namespace floe::server {

struct ServerOptions {
  std::string data_dir;
  std::string host = "127.0.0.1";
  int port = 9099;       // 0 picks a free port
  bool wal_sync = true;  // fsync the write-ahead log before acknowledging (off only in tests)
  int64_t maintenance_interval_ms = 10 * 60 * 1000;  // table maintenance tick; 0 disables it
  bool run_generators = true;  // run the stored generator functions on their schedules
};

class Server {
 public:
  // Opens DIR/catalog.db, binds the port and starts serving on a thread.
  static Result<std::unique_ptr<Server>> Start(const ServerOptions& options);
  ~Server();

  int port() const { return port_; }
  catalog::Catalog* catalog() { return catalog_.get(); }
  ingest::StreamManager* streams() { return streams_.get(); }
  const ServerContext& context() const { return context_; }
  // The maintenance scheduler (its RecentRuns() feed metrics); null when disabled.
  const maintenance::Scheduler* maintenance() const { return maintenance_.get(); }
  GeneratorHost* generators() { return generators_.get(); }
  StackApplier* stacks() { return stacks_.get(); }
  // http://HOST:PORT, with 127.0.0.1 for a wildcard host.
  const std::string& url() const { return url_; }
  // Stops accepting requests and joins the serving thread.
  void Stop();

 private:
  Server() = default;
  std::unique_ptr<catalog::SqliteCatalog> catalog_;
  std::unique_ptr<httplib::Server> http_;
  ServerContext context_;
  RestCatalogContext rest_;
  std::unique_ptr<ingest::StreamManager>
      streams_;  // delivery streams; stopped (buffers delivered) before the catalog closes
  std::unique_ptr<WebApi> web_;  // metrics, series and dashboard; its sampler reads catalog_
  std::unique_ptr<maintenance::Scheduler> maintenance_;  // stopped first: its jobs use catalog_
  std::unique_ptr<GeneratorHost> generators_;            // stopped before the streams they feed
  std::unique_ptr<StackApplier> stacks_;
  std::string url_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace floe::server
