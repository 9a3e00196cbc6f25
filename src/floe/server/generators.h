// The scheduled functions of a floe server: IoT generators stored in the
// catalog (setting kind "generator", one JSON document per function, written
// by a stack's apply), run on their rate()/cron() schedules against the
// server's own Firehose API like any producer. Each invocation appends a
// JSON line to <data>/logs/generators/<name>/<YYYY-MM-DD>.log; files older
// than the function's log retention are removed.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "floe/base/clock.h"
#include "floe/base/status.h"
#include "floe/catalog/catalog.h"
#include "floe/generator/scheduler.h"
#include "floe/iceberg/json.h"
#include "floe/metrics/metrics.h"
#include "floe/stack/stack.h"

namespace floe::server {

inline constexpr char kGeneratorKind[] = "generator";

// A stored generator: the stack file's entry and the stack that owns it.
struct GeneratorConfig : stack::Generator {
  std::string stack;

  iceberg::Json ToJson() const;
  static Result<GeneratorConfig> FromJson(const std::string& name, const iceberg::Json& j);
};

class GeneratorHost {
 public:
  GeneratorHost(catalog::Catalog* catalog, Clock* clock, metrics::Registry* registry,
                std::string endpoint, std::string log_root);
  ~GeneratorHost();

  // Reads the stored functions and (re)starts the schedules; with `enabled`
  // false (floe up --no-generator) nothing runs.
  Status Reload();
  void set_enabled(bool enabled) { enabled_ = enabled; }
  // The Firehose endpoint the functions send to (before the first Reload).
  void set_endpoint(std::string endpoint) { endpoint_ = std::move(endpoint); }
  // Runs one function now on a background thread (floe up's first run).
  Status InvokeAsync(const std::string& name);
  void Stop();

 private:
  generator::ScheduledFunction Wrap(const GeneratorConfig& g);

  catalog::Catalog* catalog_;
  Clock* clock_;
  metrics::Registry* registry_;
  std::string endpoint_;
  std::string log_root_;
  bool enabled_ = true;
  std::mutex mu_;
  std::unique_ptr<generator::Scheduler> scheduler_;
  std::vector<std::thread> once_;
};

}  // namespace floe::server
