// A thread that samples a Registry every interval: it runs its collectors (code
// that refreshes gauges from elsewhere, e.g. table sizes from the catalog), then
// calls Registry::Sample with the clock's time.
#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "floe/base/clock.h"
#include "floe/metrics/metrics.h"

namespace floe::metrics {

class Sampler {
 public:
  // REQUIRES: interval_ms > 0; registry and clock outlive the sampler.
  Sampler(Registry* registry, Clock* clock, int64_t interval_ms);
  ~Sampler();  // stops
  Sampler(const Sampler&) = delete;
  Sampler& operator=(const Sampler&) = delete;

  // Runs before every sample, on the sampler thread. Add before Start().
  void AddCollector(std::function<void()> collector);
  // Takes a first sample at once, then one every interval.
  void Start();
  // Returns within ~100 ms of real time (sleeps are cut into short slices).
  void Stop();
  // One collection + sample now, on the caller's thread.
  void SampleOnce();

 private:
  Registry* registry_;
  Clock* clock_;
  const int64_t interval_ms_;
  std::vector<std::function<void()>> collectors_;
  std::mutex sample_mu_;  // one sample at a time
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace floe::metrics
