#include "floe/app/up_command.h"

#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "floe/generator/schedule.h"
#include "floe/iceberg/json.h"
#include "floe/server/server.h"
#include "floe/stack/stack.h"

namespace floe::app {
namespace {

volatile std::sig_atomic_t g_stop = 0;
void OnSignal(int) { g_stop = 1; }

struct UpArgs {
  std::string data = "./floe-data";
  std::string host = "127.0.0.1";
  int port = 9099;
  std::string stack;
  bool no_generator = false;
  int64_t records = 10000;
  double rate = 200;
  std::string schedule = "rate(1 minute)";
  // Which of the three were given (they override the stack's generators).
  bool set_records = false, set_rate = false, set_schedule = false;
};

std::string FormatRate(double r) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", r);
  return buf;
}

int RunUp(const UpArgs& a) {
  std::string text;
  std::string file = a.stack.empty() ? "the reference stack" : a.stack;
  if (a.stack.empty()) {
    text = stack::ReferenceStackText();
  } else {
    std::ifstream in(a.stack, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "floe: error: cannot read stack file %s\n", a.stack.c_str());
      return 2;
    }
    std::stringstream buf;
    buf << in.rdbuf();
    text = buf.str();
  }
  auto parsed = stack::ParseStack(text, file);
  if (!parsed.ok()) {
    std::fprintf(stderr, "%s\n", parsed.status().message().c_str());
    return 2;
  }
  stack::Stack st = std::move(*parsed);
  if (a.set_schedule) {
    auto schedule = generator::Schedule::Parse(a.schedule);
    if (!schedule.ok()) {
      std::fprintf(stderr, "floe: error: --schedule: %s\n", schedule.status().message().c_str());
      return 2;
    }
  }
  for (auto& g : st.generators) {
    if (a.set_records) g.records = a.records;
    if (a.set_rate) g.rate = a.rate;
    if (a.set_schedule) g.schedule = a.schedule;
  }
  server::ServerOptions options{a.data, a.host, a.port};
  options.run_generators = !a.no_generator;
  auto s = server::Server::Start(options);
  if (!s.ok()) {
    std::fprintf(stderr, "floe: error: %s\n", s.status().ToString().c_str());
    return 1;
  }
  auto applied = (*s)->stacks()->Apply(st, text);
  if (!applied.ok()) {
    std::fprintf(stderr, "floe: error: applying %s: %s\n", file.c_str(),
                 applied.status().ToString().c_str());
    return 1;
  }
  // The first invocations now, so data flows within seconds rather than a minute.
  for (const auto& g : st.generators) {
    if (g.enabled) (void)(*s)->generators()->InvokeAsync(g.name);
  }
  const std::string& url = (*s)->url();
  std::fprintf(stderr, "floe is up: stack %s (data in %s)\n", st.name.c_str(), a.data.c_str());
  std::fprintf(stderr, "  dashboard          %s/\n", url.c_str());
  std::fprintf(stderr, "  firehose endpoint  %s\n", url.c_str());
  for (const auto& x : st.streams) {
    std::fprintf(stderr, "  delivery stream    %s -> %s; errors to s3://%s/%s\n", x.name.c_str(),
                 x.tables[0].c_str(), x.error_bucket.c_str(), x.error_prefix.c_str());
  }
  std::fprintf(stderr, "  Iceberg REST       %s/iceberg  (warehouse %s)\n", url.c_str(),
               st.table_bucket.c_str());
  for (const auto& g : st.generators) {
    std::fprintf(stderr, "  generator          %s: %s\n", g.name.c_str(),
                 a.no_generator ? "off (--no-generator)"
                                : (std::to_string(g.records) + " records at " + FormatRate(g.rate) +
                                   " records/s, " + g.schedule)
                                      .c_str());
  }
  if (!st.tables.empty()) {
    std::fprintf(stderr,
                 "  query              floe query --endpoint %s \"SELECT * FROM %s LIMIT 100\"\n",
                 url.c_str(), st.tables[0].Key().c_str());
  }
  std::fprintf(stderr, "Ctrl-C stops (buffered records are delivered first).\n");
  std::printf("%d\n", (*s)->port());
  std::fflush(stdout);
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  while (!g_stop) ::usleep(100000);
  std::fprintf(stderr, "stopping: generators, then delivering buffered records...\n");
  (*s)->Stop();
  std::fprintf(stderr, "floe stopped\n");
  return 0;
}

}  // namespace

void AddUpCommand(CLI::App& app, int* exit_code) {
  auto* up = app.add_subcommand("up",
                                "Run the whole pipeline: server, a stack (the reference one by "
                                "default), generators, dashboard");
  auto* a = new UpArgs;
  up->add_option("--data", a->data, "Data directory (default ./floe-data)");
  up->add_option("--host", a->host, "Address to listen on (default 127.0.0.1)");
  up->add_option("--port", a->port, "Port for every API and the dashboard (default 9099)")
      ->check(CLI::Range(0, 65535));
  up->add_option("--stack", a->stack,
                 "Stack file to apply (default: the built-in reference stack; see "
                 "examples/stack.yaml)");
  up->add_flag("--no-generator", a->no_generator, "Do not run the IoT generator");
  auto* records = up->add_option("--records", a->records,
                                 "Records per generator invocation (overrides the stack's; "
                                 "reference stack 10000)")
                      ->check(CLI::PositiveNumber);
  auto* rate = up->add_option("--rate", a->rate,
                              "Generator records per second (overrides the stack's; reference 200)")
                   ->check(CLI::PositiveNumber);
  auto* schedule = up->add_option("--schedule", a->schedule,
                                  "Generator schedule, rate(...) or cron(...) (overrides the "
                                  "stack's; reference rate(1 minute))");
  up->callback([=] {
    a->set_records = records->count() > 0;
    a->set_rate = rate->count() > 0;
    a->set_schedule = schedule->count() > 0;
    *exit_code = RunUp(*a);
  });
}

}  // namespace floe::app
