#include "floe/generator/scheduler.h"

#include <gtest/gtest.h>

#include <thread>

namespace floe::generator {
namespace {

TEST(SchedulerTest, RunsOnTheScheduleAndRecordsMetrics) {
  metrics::Registry registry;
  FakeClock clock(1'000'000'000);  // t = 1000 s
  Scheduler scheduler(&clock, &registry);
  std::mutex mu;
  std::vector<int64_t> fired_ms;
  ASSERT_TRUE(scheduler
                  .Add("generator", *Schedule::Parse("rate(1 minute)"),
                       [&](const std::atomic<bool>&) {
                         std::lock_guard<std::mutex> lock(mu);
                         fired_ms.push_back(clock.NowMillis());
                         clock.Advance(2'000'000);  // the invocation takes 2 s
                         return fired_ms.size() == 2 ? Unavailable("stream busy") : Status::OK();
                       })
                  .ok());
  EXPECT_EQ(scheduler.Add("generator", *Schedule::Parse("rate(1 hour)"), nullptr).code(),
            StatusCode::kAlreadyExists);
  scheduler.Start();
  while (scheduler.stats("generator").invocations < 3) std::this_thread::yield();
  scheduler.Stop();
  std::lock_guard<std::mutex> lock(mu);
  ASSERT_GE(fired_ms.size(), 3u);
  EXPECT_EQ(fired_ms[0], 1'060'000);
  EXPECT_EQ(fired_ms[1], 1'120'000);
  EXPECT_EQ(fired_ms[2], 1'180'000);
  const auto stats = scheduler.stats("generator");
  EXPECT_EQ(stats.errors, 1);
  EXPECT_EQ(stats.last_error, "Unavailable: stream busy");
  const metrics::Labels labels{{"function", "generator"}};
  EXPECT_EQ(registry.GetCounter("floe_generator_invocations_total", "", labels)->value(),
            stats.invocations);
  EXPECT_EQ(registry.GetCounter("floe_generator_errors_total", "", labels)->value(), 1);
  auto* duration = registry.GetHistogram("floe_generator_duration_seconds", "", {}, labels);
  EXPECT_EQ(duration->count(), static_cast<uint64_t>(stats.invocations));
  EXPECT_DOUBLE_EQ(duration->sum(), 2.0 * stats.invocations);
}

TEST(SchedulerTest, StopReachesARunningFunction) {
  metrics::Registry registry;
  Scheduler scheduler(SystemClock::Default(), &registry);
  std::atomic<bool> started{false};
  ASSERT_TRUE(scheduler
                  .Add("long", *Schedule::Parse("rate(1 minute)"),
                       [&](const std::atomic<bool>& stop) {
                         started = true;
                         while (!stop) std::this_thread::sleep_for(std::chrono::milliseconds(1));
                         return Status::OK();
                       })
                  .ok());
  std::thread invoker([&] { EXPECT_TRUE(scheduler.Invoke("long").ok()); });
  while (!started) std::this_thread::yield();
  scheduler.Start();
  scheduler.Stop();
  invoker.join();
  EXPECT_EQ(scheduler.stats("long").invocations, 1);
  EXPECT_EQ(scheduler.Invoke("missing").code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace floe::generator
