// Runs functions on their schedules (rate/cron, see schedule.h) on one thread, with
// time from an injected Clock, and records per function in the metrics registry:
// floe_generator_invocations_total, floe_generator_errors_total and
// floe_generator_duration_seconds, labelled {function}.
//
// Functions run one at a time. A firing that comes due while a function is still
// running is not queued: the function next runs at its first firing after it ends.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "floe/base/clock.h"
#include "floe/base/status.h"
#include "floe/generator/schedule.h"
#include "floe/metrics/metrics.h"

namespace floe::generator {

// A scheduled function. `stop` turns true when the scheduler stops; long functions
// should check it and return early.
using ScheduledFunction = std::function<Status(const std::atomic<bool>& stop)>;

class Scheduler {
 public:
  // REQUIRES: clock and registry outlive the scheduler.
  Scheduler(Clock* clock, metrics::Registry* registry);
  ~Scheduler();  // stops
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Before Start(). AlreadyExists for a repeated name.
  Status Add(const std::string& name, Schedule schedule, ScheduledFunction fn);
  // Anchors rate schedules at the clock's current time and starts the thread.
  void Start();
  // Signals `stop` to a running function and joins the thread.
  void Stop();

  // Runs `name` now on the caller's thread, recording its metrics. NotFound if unknown.
  Status Invoke(const std::string& name);

  struct Stats {
    int64_t invocations = 0;
    int64_t errors = 0;
    std::string last_error;
    std::optional<int64_t> next_ms;  // next firing, when running
  };
  Stats stats(const std::string& name) const;

 private:
  struct Entry {
    std::string name;
    Schedule schedule;
    ScheduledFunction fn;
    metrics::Counter* invocations;
    metrics::Counter* errors;
    metrics::Histogram* duration;
    std::optional<int64_t> next_ms;
    int64_t count = 0, error_count = 0;
    std::string last_error;
  };
  Status Run(Entry* e);
  void Loop();

  Clock* clock_;
  metrics::Registry* registry_;
  std::vector<std::unique_ptr<Entry>> entries_;
  mutable std::mutex mu_;  // guards Entry counts, last_error, next_ms
  std::mutex run_mu_;      // one function at a time
  int64_t anchor_ms_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace floe::generator
