#include "floe/generator/schedule.h"

#include <array>
#include <cctype>
#include <vector>

#include "floe/base/civil_time.h"

namespace floe::generator {
namespace {

constexpr int64_t kMinuteMs = 60'000;
constexpr int64_t kDayMs = 86'400'000;

struct FieldSpec {
  const char* name;
  int min, max;
  const char* const* names;  // names for min..max, or nullptr
};

constexpr const char* kMonthNames[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                       "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
constexpr const char* kDayNames[] = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

std::vector<std::string> Split(std::string_view text, char sep, bool skip_empty) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(sep, start);
    if (end == std::string_view::npos) end = text.size();
    if (!skip_empty || end > start) out.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

Result<int> ParseValue(const std::string& text, const FieldSpec& f) {
  if (f.names) {
    std::string upper;
    for (char c : text) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    for (int i = 0; i <= f.max - f.min; ++i) {
      if (upper == f.names[i]) return f.min + i;
    }
  }
  if (text.empty() || text.size() > 4) return InvalidArgument("");
  int v = 0;
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return InvalidArgument("");
    v = v * 10 + (c - '0');
  }
  if (v < f.min || v > f.max) return InvalidArgument("");
  return v;
}

// Sets the bits (value - f.min) of one cron field.
template <size_t N>
Status ParseField(const std::string& text, const FieldSpec& f, std::bitset<N>* bits, int offset) {
  auto bad = [&](const std::string& why) {
    return InvalidArgument(std::string("cron ") + f.name + " field '" + text + "': " + why);
  };
  const std::string range_help = "use *, a value, a-b, a list a,b or a step */n, with values " +
                                 std::to_string(f.min) + "-" + std::to_string(f.max) +
                                 (f.names ? std::string(" or names such as ") + f.names[0] : "");
  // Called when an item does not parse: explains the special forms floe leaves out.
  auto bad_item = [&](const std::string& item) {
    if (item.find_first_of("LW#") != std::string::npos) {
      return bad(
          "the L, W and # forms are not supported; list the values explicitly (for example 1,15 or "
          "MON-FRI)");
    }
    return bad(range_help);
  };
  for (const std::string& item : Split(text, ',', false)) {
    std::string range = item;
    int step = 1;
    if (auto slash = item.find('/'); slash != std::string::npos) {
      range = item.substr(0, slash);
      const std::string step_text = item.substr(slash + 1);
      auto s = ParseValue(step_text, FieldSpec{f.name, 1, 9999, nullptr});
      if (!s.ok()) return bad("step '" + step_text + "' must be a positive number");
      step = *s;
    }
    int lo = f.min, hi = f.max;
    if (range != "*") {
      const auto dash = range.find('-');
      auto a = ParseValue(range.substr(0, dash), f);
      if (!a.ok()) return bad_item(item);
      lo = *a;
      hi = item.find('/') != std::string::npos && dash == std::string::npos ? f.max : lo;
      if (dash != std::string::npos) {
        auto b = ParseValue(range.substr(dash + 1), f);
        if (!b.ok()) return bad_item(item);
        hi = *b;
        if (hi < lo) return bad("range " + range + " runs backwards");
      }
    }
    for (int v = lo; v <= hi; v += step) bits->set(v - offset);
  }
  return Status::OK();
}

Status ParseRateInto(std::string_view body, int64_t* period_ms) {
  const auto parts = Split(body, ' ', true);
  const std::string help = "write rate(VALUE UNIT) such as rate(1 minute) or rate(5 minutes)";
  if (parts.size() != 2)
    return InvalidArgument("rate expression '" + std::string(body) + "': " + help);
  auto value = ParseValue(parts[0], FieldSpec{"rate", 1, 9999, nullptr});
  if (!value.ok())
    return InvalidArgument("rate value '" + parts[0] + "' must be a positive whole number; " +
                           help);
  static const std::array<std::pair<const char*, int64_t>, 3> kUnits = {
      {{"minute", kMinuteMs}, {"hour", 60 * kMinuteMs}, {"day", kDayMs}}};
  for (const auto& [unit, ms] : kUnits) {
    const std::string singular = unit, plural = singular + "s";
    if (parts[1] != singular && parts[1] != plural) continue;
    if ((*value == 1) != (parts[1] == singular)) {
      return InvalidArgument("rate(" + std::string(body) +
                             "): the unit is singular for 1 and plural otherwise, e.g. rate(1 " +
                             singular + ") or rate(" + std::to_string(*value == 1 ? 2 : *value) +
                             " " + plural + ")");
    }
    *period_ms = *value * ms;
    return Status::OK();
  }
  return InvalidArgument("rate unit '" + parts[1] + "' must be minute(s), hour(s) or day(s)");
}

}  // namespace

Result<Schedule> Schedule::Parse(std::string_view expression) {
  Schedule s;
  s.expression_ = std::string(expression);
  auto body_of = [&](std::string_view prefix) -> std::optional<std::string_view> {
    if (expression.substr(0, prefix.size()) != prefix || expression.empty() ||
        expression.back() != ')') {
      return std::nullopt;
    }
    return expression.substr(prefix.size(), expression.size() - prefix.size() - 1);
  };
  if (auto body = body_of("rate(")) {
    FLOE_RETURN_IF_ERROR(ParseRateInto(*body, &s.period_ms_));
    return s;
  }
  auto body = body_of("cron(");
  if (!body) {
    return InvalidArgument(
        "schedule '" + s.expression_ +
        "' must be rate(VALUE UNIT) or cron(Minutes Hours Day-of-month Month Day-of-week Year)");
  }
  const auto fields = Split(*body, ' ', true);
  if (fields.size() != 6) {
    return InvalidArgument(
        "cron expression '" + s.expression_ + "' has " + std::to_string(fields.size()) +
        " fields; EventBridge needs 6: Minutes Hours Day-of-month Month Day-of-week Year");
  }
  const bool dom_any = fields[2] == "?", dow_any = fields[4] == "?";
  if (dom_any == dow_any) {
    return InvalidArgument(
        "cron expression '" + s.expression_ +
        "': exactly one of Day-of-month and Day-of-week must be ?, e.g. cron(0 12 * * ? *) "
        "or cron(0 8 ? * MON-FRI *)");
  }
  FLOE_RETURN_IF_ERROR(ParseField(fields[0], FieldSpec{"Minutes", 0, 59, nullptr}, &s.minutes_, 0));
  FLOE_RETURN_IF_ERROR(ParseField(fields[1], FieldSpec{"Hours", 0, 23, nullptr}, &s.hours_, 0));
  if (!dom_any) {
    FLOE_RETURN_IF_ERROR(
        ParseField(fields[2], FieldSpec{"Day-of-month", 1, 31, nullptr}, &s.days_of_month_, 0));
  }
  FLOE_RETURN_IF_ERROR(
      ParseField(fields[3], FieldSpec{"Month", 1, 12, kMonthNames}, &s.months_, 0));
  if (!dow_any) {
    FLOE_RETURN_IF_ERROR(
        ParseField(fields[4], FieldSpec{"Day-of-week", 1, 7, kDayNames}, &s.days_of_week_, 0));
  }
  FLOE_RETURN_IF_ERROR(ParseField(fields[5], FieldSpec{"Year", kFirstYear, kLastYear, nullptr},
                                  &s.years_, kFirstYear));
  s.any_day_of_month_ = dom_any;
  return s;
}

bool Schedule::DayMatches(int64_t days) const {
  const CivilDate d = CivilFromDays(days);
  if (d.year < kFirstYear || d.year > kLastYear || !years_[d.year - kFirstYear] ||
      !months_[d.month])
    return false;
  if (any_day_of_month_) {
    const int weekday =
        static_cast<int>(((days + 4) % 7 + 7) % 7);  // 0 = Sunday; 1970-01-01 was a Thursday
    return days_of_week_[weekday + 1];
  }
  return days_of_month_[d.day];
}

std::optional<int64_t> Schedule::Next(int64_t after_ms, int64_t anchor_ms) const {
  if (is_rate()) {
    if (after_ms < anchor_ms) return anchor_ms + period_ms_;
    return anchor_ms + ((after_ms - anchor_ms) / period_ms_ + 1) * period_ms_;
  }
  // The next whole minute strictly after after_ms.
  int64_t start = after_ms >= 0 ? after_ms / kMinuteMs : (after_ms - kMinuteMs + 1) / kMinuteMs;
  start = (start + 1) * kMinuteMs;
  int64_t day = start >= 0 ? start / kDayMs : (start - kDayMs + 1) / kDayMs;
  int first_minute = static_cast<int>((start - day * kDayMs) / kMinuteMs);
  const int64_t last_day = DaysFromCivil(kLastYear, 12, 31);
  for (; day <= last_day; ++day, first_minute = 0) {
    if (!DayMatches(day)) continue;
    for (int m = first_minute; m < 1440; ++m) {
      if (hours_[m / 60] && minutes_[m % 60]) return day * kDayMs + m * kMinuteMs;
    }
  }
  return std::nullopt;
}

}  // namespace floe::generator
