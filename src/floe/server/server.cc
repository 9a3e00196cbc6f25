#include "floe/server/server.h"

#include <httplib.h>

#include <filesystem>

#include "floe/base/logging.h"
#include "floe/iceberg/json.h"
#include "floe/server/firehose_api.h"
#include "floe/server/query_api.h"
#include "floe/server/s3_api.h"
#include "floe/server/s3tables_api.h"
#include "floe/server/stack_api.h"

namespace floe::server {

Result<std::unique_ptr<Server>> Server::Start(const ServerOptions& options) {
  std::error_code ec;
  std::filesystem::create_directories(options.data_dir + "/tables", ec);
  if (ec)
    return Unavailable("cannot create data directory " + options.data_dir + ": " + ec.message());
  std::unique_ptr<Server> s(new Server());
  FLOE_ASSIGN_OR_RETURN(s->catalog_,
                        catalog::SqliteCatalog::Open(options.data_dir + "/catalog.db"));
  std::string root = std::filesystem::absolute(options.data_dir).lexically_normal().string();
  while (root.size() > 1 && root.back() == '/') root.pop_back();
  ServerContext& c = s->context_;
  c.catalog = s->catalog_.get();
  c.io = storage::LocalFileIO::Default();
  c.clock = SystemClock::Default();
  c.data_dir = root;
  c.tables_root = root + "/tables";
  c.buckets_root = root + "/buckets";
  s->rest_ = RestCatalogContext{c.catalog, c.io, c.clock, c.tables_root};
  s->http_ = std::make_unique<httplib::Server>();
  s->http_->set_payload_max_length(16 << 20);
  s->http_->set_tcp_nodelay(true);  // small JSON responses: no Nagle delay
  ingest::StreamEnv env;
  env.catalog = c.catalog;
  env.io = c.io;
  env.clock = c.clock;
  env.tables_root = c.tables_root;
  env.buckets_root = c.buckets_root;
  env.wal_root = root + "/wal";
  env.wal_sync = options.wal_sync;
  env.metrics = &metrics::Registry::Default();
  auto buckets = c.catalog->ListBuckets();
  if (buckets.ok() && buckets->size() == 1) env.default_bucket = (*buckets)[0].name;
  s->streams_ = std::make_unique<ingest::StreamManager>(env, c.region, c.account_id);
  FLOE_RETURN_IF_ERROR(s->streams_->OpenAll());
  // Order matters: the first matching route wins, and the S3 API takes what is left.
  RegisterRestCatalog(s->http_.get(), &s->rest_);
  RegisterS3TablesApi(s->http_.get(), &s->context_);
  RegisterFirehoseApi(s->http_.get(), &s->context_, s->streams_.get());
  s->web_ = std::make_unique<WebApi>(&s->context_, &metrics::Registry::Default());
  s->web_->Register(s->http_.get());
  RegisterQueryApi(s->http_.get(), &s->context_, s->streams_.get());
  // Their URLs are set once the port is bound.
  s->generators_ = std::make_unique<GeneratorHost>(
      c.catalog, c.clock, &metrics::Registry::Default(), "", root + "/logs/generators");
  s->generators_->set_enabled(options.run_generators);
  s->stacks_ =
      std::make_unique<StackApplier>(&s->context_, s->streams_.get(), s->generators_.get(), "");
  RegisterStackApi(s->http_.get(), s->stacks_.get());
  RegisterS3Api(s->http_.get(), &s->context_);
  s->http_->set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (res.status == 404 && res.body.empty()) {
      iceberg::Json body{{"error",
                          {{"message", "no route for " + req.method + " " + req.path},
                           {"type", "NotFoundException"},
                           {"code", 404}}}};
      res.set_content(body.dump(), "application/json");
    }
  });
  int port = options.port;
  if (port == 0) {
    port = s->http_->bind_to_any_port(options.host);
    if (port < 0) return Unavailable("cannot bind " + options.host);
  } else if (!s->http_->bind_to_port(options.host, port)) {
    return Unavailable("cannot listen on " + options.host + ":" + std::to_string(port) +
                       " (in use?); pick another with --port");
  }
  s->port_ = port;
  const std::string host =
      options.host == "0.0.0.0" || options.host == "::" ? "127.0.0.1" : options.host;
  s->url_ = "http://" + host + ":" + std::to_string(port);
  s->generators_->set_endpoint(s->url_);
  s->stacks_->set_base_url(s->url_);
  httplib::Server* http = s->http_.get();
  s->thread_ = std::thread([http] { http->listen_after_bind(); });
  s->web_->Start();
  if (Status st = s->generators_->Reload(); !st.ok())
    FLOE_LOG(kWarning) << "generators not started: " << st.ToString();
  if (options.maintenance_interval_ms > 0) {
    maintenance::SchedulerOptions mo;
    mo.tick_interval_ms = options.maintenance_interval_ms;
    s->maintenance_ =
        std::make_unique<maintenance::Scheduler>(maintenance::JobEnv{c.catalog, c.io, c.clock}, mo);
    s->maintenance_->Start();
  }
  return s;
}

void Server::Stop() {
  if (generators_) generators_->Stop();
  if (maintenance_) maintenance_->Stop();
  if (web_) web_->Stop();
  if (http_) http_->stop();
  if (thread_.joinable()) thread_.join();
  if (streams_) streams_->StopAll(/*deliver=*/true);
}

Server::~Server() { Stop(); }

}  // namespace floe::server
