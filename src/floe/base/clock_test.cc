#include "floe/base/clock.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <limits>
#include <thread>
#include <vector>

namespace floe {
namespace {

int64_t RealNowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

TEST(SystemClockTest, DefaultIsASingleton) {
  ASSERT_NE(SystemClock::Default(), nullptr);
  EXPECT_EQ(SystemClock::Default(), SystemClock::Default());
}

TEST(SystemClockTest, ReadsWallClock) {
  Clock* clock = SystemClock::Default();
  int64_t before = RealNowMicros();
  int64_t now = clock->NowMicros();
  int64_t after = RealNowMicros();
  EXPECT_LE(before, now);
  EXPECT_LE(now, after);
  // After 2020-01-01 and in microseconds, not seconds or nanoseconds.
  EXPECT_GT(now, int64_t{1577836800} * 1000000);
  EXPECT_LT(now, int64_t{4102444800} * 1000000);
  int64_t millis = clock->NowMillis();
  EXPECT_LE(now / 1000, millis);
  EXPECT_LE(millis, RealNowMicros() / 1000);
}

TEST(SystemClockTest, SleepWaitsAtLeastTheRequestedTime) {
  auto start = std::chrono::steady_clock::now();
  SystemClock::Default()->SleepForMicros(2000);
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_GE(elapsed, std::chrono::microseconds(2000));

  start = std::chrono::steady_clock::now();
  SystemClock::Default()->SleepForMicros(0);
  SystemClock::Default()->SleepForMicros(-5);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
}

TEST(FakeClockTest, StartsWhereToldAndStaysPut) {
  FakeClock clock(1234567);
  EXPECT_EQ(clock.NowMicros(), 1234567);
  EXPECT_EQ(clock.NowMicros(), 1234567);
  EXPECT_EQ(clock.NowMillis(), 1234);
  EXPECT_EQ(FakeClock().NowMicros(), 0);
}

TEST(FakeClockTest, SetAndAdvance) {
  FakeClock clock;
  clock.SetNowMicros(5000);
  EXPECT_EQ(clock.NowMicros(), 5000);
  clock.Advance(250);
  EXPECT_EQ(clock.NowMicros(), 5250);
  clock.Advance(0);
  EXPECT_EQ(clock.NowMicros(), 5250);
  clock.SetNowMicros(100);  // Backwards is allowed.
  EXPECT_EQ(clock.NowMicros(), 100);
}

TEST(FakeClockTest, SleepAdvancesTimeWithoutBlocking) {
  FakeClock clock(1000);
  Clock* as_interface = &clock;
  auto start = std::chrono::steady_clock::now();
  as_interface->SleepForMicros(int64_t{3600} * 1000000);  // One hour.
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
  EXPECT_EQ(as_interface->NowMicros(), 1000 + int64_t{3600} * 1000000);
  as_interface->SleepForMicros(0);
  as_interface->SleepForMicros(-10);
  EXPECT_EQ(as_interface->NowMicros(), 1000 + int64_t{3600} * 1000000);
}

TEST(FakeClockTest, NowMillisRoundsDown) {
  FakeClock clock(1999);
  EXPECT_EQ(clock.NowMillis(), 1);
  clock.SetNowMicros(-1);
  EXPECT_EQ(clock.NowMillis(), -1);
  clock.SetNowMicros(-1000);
  EXPECT_EQ(clock.NowMillis(), -1);
  clock.SetNowMicros(-1001);
  EXPECT_EQ(clock.NowMillis(), -2);
  clock.SetNowMicros(std::numeric_limits<int64_t>::max());
  EXPECT_EQ(clock.NowMillis(), std::numeric_limits<int64_t>::max() / 1000);
}

TEST(FakeClockTest, ConcurrentAdvancesAndSleepsAllCount) {
  FakeClock clock;
  constexpr int kThreads = 8;
  constexpr int kIterations = 10000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&clock, t] {
      for (int i = 0; i < kIterations; ++i) {
        if (t % 2 == 0) {
          clock.Advance(1);
        } else {
          clock.SleepForMicros(1);
        }
        (void)clock.NowMicros();
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(clock.NowMicros(), int64_t{kThreads} * kIterations);
}

TEST(FakeClockDeathTest, AdvanceBackwardsIsABug) {
  FakeClock clock;
  EXPECT_DEATH(clock.Advance(-1), "micros >= 0");
}

}  // namespace
}  // namespace floe
