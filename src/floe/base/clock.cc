#include "floe/base/clock.h"

#include <chrono>
#include <new>
#include <thread>

#include "floe/base/status.h"

namespace floe {

int64_t Clock::NowMillis() const {
  int64_t micros = NowMicros();
  int64_t millis = micros / 1000;
  if (micros % 1000 < 0) --millis;  // Floor, not truncation, before the epoch.
  return millis;
}

void Clock::SleepForMicros(int64_t micros) {
  if (micros <= 0) return;
  std::this_thread::sleep_for(std::chrono::microseconds(micros));
}

Clock* SystemClock::Default() {
  // Built in static storage and never destroyed, so threads still running during
  // static destruction cannot observe a dead clock.
  alignas(SystemClock) static unsigned char storage[sizeof(SystemClock)];
  static Clock* const clock = ::new (storage) SystemClock();
  return clock;
}

int64_t SystemClock::NowMicros() const {
  auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  return std::chrono::duration_cast<std::chrono::microseconds>(since_epoch).count();
}

void FakeClock::SleepForMicros(int64_t micros) {
  if (micros > 0) now_micros_.fetch_add(micros, std::memory_order_acq_rel);
}

void FakeClock::Advance(int64_t micros) {
  FLOE_CHECK(micros >= 0);
  now_micros_.fetch_add(micros, std::memory_order_acq_rel);
}

}  // namespace floe
