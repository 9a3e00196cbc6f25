#include "floe/app/serve_command.h"

#include <unistd.h>

#include <csignal>
#include <cstdio>

#include "floe/server/server.h"

namespace floe::app {
namespace {

volatile std::sig_atomic_t g_stop = 0;
void OnSignal(int) { g_stop = 1; }

struct ServeArgs {
  std::string data = "./floe-data";
  std::string host = "127.0.0.1";
  int port = 9099;
  std::vector<std::string> buckets;
};

int RunServe(const ServeArgs& a) {
  server::ServerOptions options{a.data, a.host, a.port};
  auto s = server::Server::Start(options);
  if (!s.ok()) {
    std::fprintf(stderr, "floe: error: %s\n", s.status().ToString().c_str());
    return 1;
  }
  for (const auto& b : a.buckets) {
    auto created = (*s)->catalog()->CreateBucket(b);
    if (!created.ok() && created.status().code() != StatusCode::kAlreadyExists) {
      std::fprintf(stderr, "floe: error: %s\n", created.status().ToString().c_str());
      return 1;
    }
  }
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  std::fprintf(stderr,
               "floe serving on http://%s:%d (Iceberg REST catalog at /iceberg/v1, data in %s); "
               "Ctrl-C stops\n",
               a.host.c_str(), (*s)->port(), a.data.c_str());
  std::printf("%d\n", (*s)->port());
  std::fflush(stdout);
  while (!g_stop) ::usleep(100000);
  (*s)->Stop();
  std::fprintf(stderr, "floe stopped\n");
  return 0;
}

}  // namespace

void AddServeCommand(CLI::App& app, int* exit_code) {
  auto* serve = app.add_subcommand("serve",
                                   "Serve floe's APIs on one port: Firehose, S3 Tables, Iceberg "
                                   "REST, S3 reads, SQL, stacks, metrics and the dashboard");
  auto* a = new ServeArgs;
  serve->add_option("--data", a->data, "Data directory (catalog.db, tables/)");
  serve->add_option("--host", a->host, "Address to listen on (default 127.0.0.1)");
  serve->add_option("--port", a->port, "Port (default 9099; 0 picks a free one and prints it)")
      ->check(CLI::Range(0, 65535));
  serve->add_option("--create-bucket", a->buckets,
                    "Create this table bucket if missing (repeatable)");
  serve->callback([=] { *exit_code = RunServe(*a); });
}

}  // namespace floe::app
