// Schedule expressions as EventBridge writes them:
//   rate(VALUE UNIT)   UNIT minute|minutes|hour|hours|day|days (singular exactly when VALUE is 1)
//   cron(Minutes Hours Day-of-month Month Day-of-week Year)   in UTC
// Cron fields take *, lists (a,b), ranges (a-b) and steps (*/n, a/n, a-b/n); Month also
// JAN–DEC, Day-of-week 1–7 (1 = Sunday) or SUN–SAT, Year 1970–2199. Exactly one of
// Day-of-month and Day-of-week is ?. The L, W and # forms are rejected.
#pragma once

#include <bitset>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "floe/base/status.h"

namespace floe::generator {

class Schedule {
 public:
  // InvalidArgument naming the field and what is allowed.
  static Result<Schedule> Parse(std::string_view expression);

  // The first firing strictly after `after_ms` (epoch ms). A rate schedule fires at
  // anchor_ms + k·period (k >= 1), anchor_ms being when it was set up; a cron schedule
  // at the start of each matching UTC minute. nullopt when a cron schedule never
  // fires again (its years are past).
  std::optional<int64_t> Next(int64_t after_ms, int64_t anchor_ms) const;

  const std::string& expression() const { return expression_; }
  bool is_rate() const { return period_ms_ > 0; }
  int64_t period_ms() const { return period_ms_; }

 private:
  static constexpr int kFirstYear = 1970;
  static constexpr int kLastYear = 2199;

  bool DayMatches(int64_t days) const;

  std::string expression_;
  int64_t period_ms_ = 0;  // rate schedules
  std::bitset<60> minutes_;
  std::bitset<24> hours_;
  std::bitset<32> days_of_month_;  // 1..31
  std::bitset<13> months_;         // 1..12
  std::bitset<8> days_of_week_;    // 1..7, 1 = Sunday
  std::bitset<kLastYear - kFirstYear + 1> years_;
  bool any_day_of_month_ = false;  // Day-of-month is ?
};

}  // namespace floe::generator
