#include "floe/metrics/sampler.h"

#include <algorithm>

namespace floe::metrics {

Sampler::Sampler(Registry* registry, Clock* clock, int64_t interval_ms)
    : registry_(registry), clock_(clock), interval_ms_(std::max<int64_t>(interval_ms, 1)) {}

Sampler::~Sampler() { Stop(); }

void Sampler::AddCollector(std::function<void()> collector) {
  collectors_.push_back(std::move(collector));
}

void Sampler::SampleOnce() {
  std::lock_guard<std::mutex> lock(sample_mu_);
  for (const auto& collect : collectors_) collect();
  registry_->Sample(clock_->NowMillis());
}

void Sampler::Start() {
  if (thread_.joinable()) return;
  stop_ = false;
  thread_ = std::thread([this] {
    int64_t next_ms = clock_->NowMillis();
    while (!stop_) {
      SampleOnce();
      next_ms += interval_ms_;
      const int64_t now = clock_->NowMillis();
      if (next_ms <= now) next_ms = now + interval_ms_;  // fell behind: skip, do not burst
      while (!stop_) {
        const int64_t left_ms = next_ms - clock_->NowMillis();
        if (left_ms <= 0) break;
        clock_->SleepForMicros(std::min<int64_t>(left_ms, 100) * 1000);
      }
    }
  });
}

void Sampler::Stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

}  // namespace floe::metrics
