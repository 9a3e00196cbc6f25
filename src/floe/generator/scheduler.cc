#include "floe/generator/scheduler.h"

#include <algorithm>

#include "floe/base/logging.h"

namespace floe::generator {
namespace {

constexpr int64_t kSleepSliceUs = 100'000;  // how quickly Stop() is noticed

}  // namespace

Scheduler::Scheduler(Clock* clock, metrics::Registry* registry)
    : clock_(clock), registry_(registry) {}

Scheduler::~Scheduler() { Stop(); }

Status Scheduler::Add(const std::string& name, Schedule schedule, ScheduledFunction fn) {
  for (const auto& e : entries_) {
    if (e->name == name) return AlreadyExists("a function named " + name + " is already scheduled");
  }
  auto e = std::make_unique<Entry>();
  e->name = name;
  e->schedule = std::move(schedule);
  e->fn = std::move(fn);
  const metrics::Labels labels{{"function", name}};
  e->invocations = registry_->GetCounter("floe_generator_invocations_total",
                                         "Generator function invocations.", labels);
  e->errors = registry_->GetCounter("floe_generator_errors_total",
                                    "Generator invocations that failed.", labels);
  e->duration = registry_->GetHistogram("floe_generator_duration_seconds",
                                        "Generator invocation duration in seconds.",
                                        metrics::DurationBuckets(), labels);
  entries_.push_back(std::move(e));
  return Status::OK();
}

Status Scheduler::Run(Entry* e) {
  std::lock_guard<std::mutex> run_lock(run_mu_);
  const int64_t start_us = clock_->NowMicros();
  Status status = e->fn(stop_);
  const double seconds = static_cast<double>(clock_->NowMicros() - start_us) / 1e6;
  e->invocations->Add();
  e->duration->Observe(seconds);
  if (!status.ok()) e->errors->Add();
  std::lock_guard<std::mutex> lock(mu_);
  ++e->count;
  if (!status.ok()) {
    ++e->error_count;
    e->last_error = status.ToString();
    FLOE_LOG(kWarning) << "function " << e->name << " failed after " << seconds
                       << " s: " << e->last_error;
  } else {
    FLOE_LOG(kInfo) << "function " << e->name << " finished in " << seconds << " s";
  }
  return status;
}

Status Scheduler::Invoke(const std::string& name) {
  for (auto& e : entries_) {
    if (e->name == name) return Run(e.get());
  }
  return NotFound("no scheduled function named " + name);
}

void Scheduler::Start() {
  if (thread_.joinable()) return;
  stop_ = false;
  anchor_ms_ = clock_->NowMillis();
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& e : entries_) e->next_ms = e->schedule.Next(anchor_ms_, anchor_ms_);
  }
  thread_ = std::thread([this] { Loop(); });
}

void Scheduler::Loop() {
  while (!stop_) {
    Entry* due = nullptr;
    {
      std::lock_guard<std::mutex> lock(mu_);
      for (auto& e : entries_) {
        if (e->next_ms && (!due || *e->next_ms < *due->next_ms)) due = e.get();
      }
    }
    if (!due) {
      clock_->SleepForMicros(kSleepSliceUs);
      continue;
    }
    int64_t when;
    {
      std::lock_guard<std::mutex> lock(mu_);
      when = *due->next_ms;
    }
    const int64_t now_ms = clock_->NowMillis();
    if (now_ms < when) {
      clock_->SleepForMicros(std::min<int64_t>((when - now_ms) * 1000, kSleepSliceUs));
      continue;
    }
    (void)Run(due);
    const int64_t after = std::max(when, clock_->NowMillis());
    std::lock_guard<std::mutex> lock(mu_);
    due->next_ms = due->schedule.Next(after, anchor_ms_);
  }
}

void Scheduler::Stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

Scheduler::Stats Scheduler::stats(const std::string& name) const {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& e : entries_) {
    if (e->name == name) return Stats{e->count, e->error_count, e->last_error, e->next_ms};
  }
  return Stats{};
}

}  // namespace floe::generator
