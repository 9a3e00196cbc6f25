#include "floe/app/generate_command.h"

#include <unistd.h>

#include <csignal>
#include <cstdio>

#include "floe/generator/generator.h"

namespace floe::app {
namespace {

std::atomic<bool> g_cancel{false};
void OnSignal(int) { g_cancel = true; }

struct GenerateArgs {
  std::string endpoint = "http://127.0.0.1:9099";
  generator::GeneratorOptions options;
};

void ShowProgress(const generator::GeneratorOptions& o, const generator::GeneratorProgress& p) {
  const double seconds = static_cast<double>(p.elapsed_ms) / 1000.0;
  const double rate = seconds > 0 ? static_cast<double>(p.accepted) / seconds : 0;
  const int percent = o.records > 0 ? static_cast<int>(100 * p.generated / o.records) : 100;
  std::fprintf(stderr,
               "\r\033[K%3d%%  %lld/%lld records accepted  %.0f records/s  %lld retried  %lld "
               "failed  %.1f s",
               percent, static_cast<long long>(p.accepted), static_cast<long long>(o.records), rate,
               static_cast<long long>(p.retried), static_cast<long long>(p.failed), seconds);
  std::fflush(stderr);
}

int RunGenerate(GenerateArgs a) {
  auto client = generator::FirehoseClient::Make(a.endpoint);
  if (!client.ok()) {
    std::fprintf(stderr, "floe: error: %s\n", client.status().ToString().c_str());
    return 2;
  }
  const bool tty = ::isatty(STDERR_FILENO) == 1;
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  a.options.cancel = &g_cancel;
  std::function<void(const generator::GeneratorProgress&)> progress;
  if (tty) {
    std::fprintf(stderr, "sending %lld records to stream %s at %s (%s)\n",
                 static_cast<long long>(a.options.records), a.options.stream.c_str(),
                 a.endpoint.c_str(),
                 a.options.rate > 0
                     ? (std::to_string(static_cast<int64_t>(a.options.rate)) + " records/s").c_str()
                     : "as fast as accepted");
    progress = [&](const generator::GeneratorProgress& p) { ShowProgress(a.options, p); };
  }
  auto result = generator::RunGenerator(a.options, client->get(), SystemClock::Default(), progress);
  if (tty) std::fputc('\n', stderr);
  if (!result.ok()) {
    std::fprintf(stderr, "floe: error: %s\n", result.status().ToString().c_str());
    if (result.status().code() == StatusCode::kNotFound) {
      std::fprintf(
          stderr,
          "Create the delivery stream first (floe up creates the reference stack's stream).\n");
    }
    return 1;
  }
  const auto& p = result->progress;
  std::printf(
      "{\"generated\":%lld,\"accepted\":%lld,\"failed\":%lld,\"retried\":%lld,\"seconds\":%.3f}\n",
      static_cast<long long>(p.generated), static_cast<long long>(p.accepted),
      static_cast<long long>(p.failed), static_cast<long long>(p.retried), p.elapsed_ms / 1000.0);
  if (p.failed > 0) {
    std::fprintf(
        stderr,
        "floe: %lld of %lld records were not accepted after %d attempts each; last error: %s\n",
        static_cast<long long>(p.failed), static_cast<long long>(p.generated),
        a.options.max_attempts, result->last_error.c_str());
    return 1;
  }
  if (result->cancelled) {
    if (tty)
      std::fprintf(stderr, "interrupted after %lld records\n", static_cast<long long>(p.generated));
    return 130;
  }
  return 0;
}

}  // namespace

void AddGenerateCommand(CLI::App& app, int* exit_code) {
  auto* cmd = app.add_subcommand(
      "generate",
      "Send simulated IoT sensor readings to a delivery stream through the Firehose API");
  auto* a = new GenerateArgs;
  cmd->add_option("--endpoint", a->endpoint, "Firehose endpoint (default http://127.0.0.1:9099)");
  cmd->add_option("--stream", a->options.stream, "Delivery stream name")->required();
  cmd->add_option("--records", a->options.records, "Records to send (default 10000)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--rate", a->options.rate,
                  "Records per second (default 200; 0 = as fast as accepted)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--sensors", a->options.sensors, "Number of sensors (default 10)")
      ->check(CLI::Range(1, 999));
  cmd->add_option("--seed", a->options.seed,
                  "Random seed for reproducible readings (default: from the clock)");
  cmd->add_option("--batch-size", a->options.batch_size,
                  "Records per PutRecordBatch call (default 500)")
      ->check(CLI::Range(1, generator::kMaxBatchRecords));
  cmd->add_option("--max-attempts", a->options.max_attempts,
                  "Sends per record before giving up (default 6)")
      ->check(CLI::Range(1, 100));
  cmd->footer(
      "Progress goes to stderr when it is a terminal; a JSON summary goes to stdout. Exit status 1 "
      "when any "
      "record was not accepted in the end.");
  cmd->callback([=] { *exit_code = RunGenerate(*a); });
}

}  // namespace floe::app
