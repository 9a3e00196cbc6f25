// Time as an interface (house rule 7): code that reads the time or waits takes a
// Clock*, production passes SystemClock::Default(), tests pass a FakeClock so they
// run instantly and deterministically.
#pragma once

#include <atomic>
#include <cstdint>

namespace floe {

// Implementations are thread-safe: all methods may be called concurrently.
class Clock {
 public:
  virtual ~Clock() = default;

  // Wall-clock time in microseconds since the Unix epoch (UTC). Not monotonic:
  // it may jump when the system time is adjusted.
  virtual int64_t NowMicros() const = 0;

  // NowMicros() in milliseconds, rounded toward negative infinity.
  int64_t NowMillis() const;

  // Blocks the calling thread for at least `micros` microseconds; returns at once
  // when micros <= 0. The default implementation really sleeps.
  virtual void SleepForMicros(int64_t micros);
};

// The operating system's real-time clock.
class SystemClock final : public Clock {
 public:
  // The process-wide instance; never destroyed, so it is usable during shutdown.
  static Clock* Default();

  int64_t NowMicros() const override;
};

// A clock that moves only when told to. SleepForMicros() advances the time instead
// of blocking, so code under test that sleeps (backoff, flush intervals) runs at once.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(int64_t now_micros = 0) : now_micros_(now_micros) {}

  int64_t NowMicros() const override { return now_micros_.load(std::memory_order_acquire); }
  // Advances the time by `micros` when positive; never blocks.
  void SleepForMicros(int64_t micros) override;

  // Sets the time; it may move backwards, to test code that must tolerate that.
  void SetNowMicros(int64_t micros) { now_micros_.store(micros, std::memory_order_release); }
  // REQUIRES: micros >= 0.
  void Advance(int64_t micros);

 private:
  std::atomic<int64_t> now_micros_;
};

}  // namespace floe
