#include "floe/base/civil_time.h"

#include <algorithm>
#include <limits>

namespace floe {
namespace {

constexpr int64_t kMicrosPerSecond = 1000000;
constexpr int64_t kMicrosPerMinute = 60 * kMicrosPerSecond;
constexpr int64_t kMicrosPerHour = 60 * kMicrosPerMinute;
constexpr int64_t kMicrosPerDay = 24 * kMicrosPerHour;

// The era algorithm counts 400-year eras of 146097 days from 0000-03-01, so
// that the leap day falls at the end of each computational year.
constexpr int64_t kDaysPerEra = 146097;
constexpr int64_t kYearsPerEra = 400;
constexpr int64_t kEpochOffsetDays = 719468;  // 0000-03-01 → 1970-01-01.

// Years parsed from text saturate here: far outside every range we accept, yet
// small enough that DaysFromCivil and the range checks cannot overflow.
constexpr int64_t kMaxParsedYear = 10'000'000'000;

constexpr size_t kMaxQuotedLength = 64;
constexpr int kMaxFractionDigits = 9;
constexpr int kMicrosDigits = 6;

std::string Quote(std::string_view s) {
  return "\"" + std::string(s.substr(0, kMaxQuotedLength)) + "\"";
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Floor division and modulo for b > 0, valid over the whole int64 range.
struct DivMod {
  int64_t quotient;
  int64_t remainder;  // 0 <= remainder < b
};
DivMod FloorDivMod(int64_t a, int64_t b) {
  DivMod r{a / b, a % b};
  if (r.remainder < 0) {
    r.remainder += b;
    r.quotient -= 1;
  }
  return r;
}

bool IsLeapYear(int64_t year) { return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0); }

int DaysInMonth(int64_t year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

// Reads exactly `count` digits at s[*pos] and advances past them.
bool ReadDigits(std::string_view s, size_t* pos, int count, int* out) {
  if (s.size() - *pos < static_cast<size_t>(count)) return false;
  int value = 0;
  for (int i = 0; i < count; ++i) {
    char c = s[*pos + i];
    if (!IsDigit(c)) return false;
    value = value * 10 + (c - '0');
  }
  *pos += count;
  *out = value;
  return true;
}

bool ReadChar(std::string_view s, size_t* pos, char c) {
  if (*pos >= s.size() || s[*pos] != c) return false;
  ++*pos;
  return true;
}

// Reads a year: exactly four digits, or a sign followed by four or more.
bool ReadYear(std::string_view s, size_t* pos, int64_t* year) {
  bool negative = false;
  bool has_sign = *pos < s.size() && (s[*pos] == '+' || s[*pos] == '-');
  if (has_sign) {
    negative = s[*pos] == '-';
    ++*pos;
  }
  size_t start = *pos;
  int64_t value = 0;
  while (*pos < s.size() && IsDigit(s[*pos])) {
    value = std::min(value * 10 + (s[*pos] - '0'), kMaxParsedYear);
    ++*pos;
  }
  size_t digits = *pos - start;
  if (has_sign ? digits < 4 : digits != 4) return false;
  *year = negative ? -value : value;
  return true;
}

// Reads "[±]YYYY-MM-DD" at s[*pos] into days since the epoch.
bool ReadDate(std::string_view s, size_t* pos, int64_t* days) {
  int64_t year;
  int month;
  int day;
  if (!ReadYear(s, pos, &year) || !ReadChar(s, pos, '-') || !ReadDigits(s, pos, 2, &month) ||
      !ReadChar(s, pos, '-') || !ReadDigits(s, pos, 2, &day)) {
    return false;
  }
  if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month)) return false;
  *days = DaysFromCivil(year, month, day);
  return true;
}

// Reads "HH:MM:SS[.f{1,9}]" at s[*pos] into microseconds since midnight.
// Fraction digits beyond microseconds are dropped (truncation, not rounding).
bool ReadTime(std::string_view s, size_t* pos, int64_t* micros) {
  int hour;
  int minute;
  int second;
  if (!ReadDigits(s, pos, 2, &hour) || !ReadChar(s, pos, ':') || !ReadDigits(s, pos, 2, &minute) ||
      !ReadChar(s, pos, ':') || !ReadDigits(s, pos, 2, &second)) {
    return false;
  }
  if (hour > 23 || minute > 59 || second > 59) return false;
  int64_t fraction = 0;
  if (ReadChar(s, pos, '.')) {
    int digits = 0;
    for (; *pos < s.size() && IsDigit(s[*pos]); ++*pos, ++digits) {
      if (digits < kMicrosDigits) fraction = fraction * 10 + (s[*pos] - '0');
    }
    if (digits < 1 || digits > kMaxFractionDigits) return false;
    for (; digits < kMicrosDigits; ++digits) fraction *= 10;
  }
  *micros =
      hour * kMicrosPerHour + minute * kMicrosPerMinute + second * kMicrosPerSecond + fraction;
  return true;
}

// Reads a zone "Z", "z", "±HH:MM", "±HHMM" or "±HH" at s[*pos] into the offset
// from UTC in microseconds (positive east of Greenwich).
bool ReadZone(std::string_view s, size_t* pos, int64_t* offset) {
  if (ReadChar(s, pos, 'Z') || ReadChar(s, pos, 'z')) {
    *offset = 0;
    return true;
  }
  if (*pos >= s.size() || (s[*pos] != '+' && s[*pos] != '-')) return false;
  bool negative = s[*pos] == '-';
  ++*pos;
  int hours;
  int minutes = 0;
  if (!ReadDigits(s, pos, 2, &hours)) return false;
  if (*pos < s.size()) {
    ReadChar(s, pos, ':');
    if (!ReadDigits(s, pos, 2, &minutes)) return false;
  }
  if (hours > 23 || minutes > 59) return false;
  int64_t magnitude = hours * kMicrosPerHour + minutes * kMicrosPerMinute;
  *offset = negative ? -magnitude : magnitude;
  return true;
}

// Appends a non-negative value, zero-padded to at least `width` digits.
void AppendPadded(std::string* out, int64_t value, int width) {
  char buffer[24];
  int n = 0;
  do {
    buffer[n++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value > 0);
  for (int i = n; i < width; ++i) out->push_back('0');
  while (n > 0) out->push_back(buffer[--n]);
}

void AppendDate(std::string* out, int64_t days) {
  CivilDate date = CivilFromDays(days);
  if (date.year < 0) {
    out->push_back('-');
    AppendPadded(out, -date.year, 4);
  } else {
    if (date.year > 9999) out->push_back('+');
    AppendPadded(out, date.year, 4);
  }
  out->push_back('-');
  AppendPadded(out, date.month, 2);
  out->push_back('-');
  AppendPadded(out, date.day, 2);
}

// `micros` must be in [0, kMicrosPerDay).
void AppendTime(std::string* out, int64_t micros) {
  AppendPadded(out, micros / kMicrosPerHour, 2);
  out->push_back(':');
  AppendPadded(out, micros / kMicrosPerMinute % 60, 2);
  out->push_back(':');
  AppendPadded(out, micros / kMicrosPerSecond % 60, 2);
  out->push_back('.');
  AppendPadded(out, micros % kMicrosPerSecond, kMicrosDigits);
}

}  // namespace

int64_t DaysFromCivil(int64_t year, int month, int day) {
  year -= month <= 2 ? 1 : 0;  // Years start on March 1.
  DivMod era = FloorDivMod(year, kYearsPerEra);
  int64_t year_of_era = era.remainder;                                                  // [0, 399]
  int64_t day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;  // [0, 365]
  int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era.quotient * kDaysPerEra + day_of_era - kEpochOffsetDays;
}

CivilDate CivilFromDays(int64_t days) {
  // Split before shifting to 0000-03-01 so that no int64 input overflows.
  DivMod era = FloorDivMod(days, kDaysPerEra);
  DivMod offset = FloorDivMod(kEpochOffsetDays, kDaysPerEra);
  int64_t era_index = era.quotient + offset.quotient;
  int64_t day_of_era = era.remainder + offset.remainder;  // [0, 2 * 146097)
  if (day_of_era >= kDaysPerEra) {
    day_of_era -= kDaysPerEra;
    ++era_index;
  }
  int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  int64_t shifted_month = (5 * day_of_year + 2) / 153;  // March = 0.
  int day = static_cast<int>(day_of_year - (153 * shifted_month + 2) / 5 + 1);
  int month = static_cast<int>(shifted_month < 10 ? shifted_month + 3 : shifted_month - 9);
  int64_t year = year_of_era + era_index * kYearsPerEra + (month <= 2 ? 1 : 0);
  return CivilDate{year, month, day};
}

Result<int32_t> ParseDate(std::string_view s) {
  size_t pos = 0;
  int64_t days;
  if (!ReadDate(s, &pos, &days) || pos != s.size()) {
    return InvalidArgument("invalid date " + Quote(s) + " (expected YYYY-MM-DD)");
  }
  if (days < std::numeric_limits<int32_t>::min() || days > std::numeric_limits<int32_t>::max()) {
    return InvalidArgument("date " + Quote(s) + " is out of range");
  }
  return static_cast<int32_t>(days);
}

Result<int64_t> ParseTime(std::string_view s) {
  size_t pos = 0;
  int64_t micros;
  if (!ReadTime(s, &pos, &micros) || pos != s.size()) {
    return InvalidArgument("invalid time " + Quote(s) + " (expected HH:MM:SS[.ffffff])");
  }
  return micros;
}

Result<int64_t> ParseTimestamp(std::string_view s, bool* had_zone) {
  auto malformed = [&s] {
    return InvalidArgument("invalid timestamp " + Quote(s) +
                           " (expected YYYY-MM-DDTHH:MM:SS[.ffffff][Z|+HH:MM])");
  };
  if (had_zone != nullptr) *had_zone = false;
  size_t pos = 0;
  int64_t days;
  int64_t time;
  if (!ReadDate(s, &pos, &days)) return malformed();
  if (!ReadChar(s, &pos, 'T') && !ReadChar(s, &pos, ' ')) return malformed();
  if (!ReadTime(s, &pos, &time)) return malformed();
  int64_t offset = 0;
  bool zone = pos < s.size();
  if (zone && !ReadZone(s, &pos, &offset)) return malformed();
  if (pos != s.size()) return malformed();

  // For days < 0, multiply the following midnight so that the earliest
  // representable instants do not overflow on the way.
  int64_t within_day = time - offset;
  if (days < 0) {
    days += 1;
    within_day -= kMicrosPerDay;
  }
  int64_t result;
  if (__builtin_mul_overflow(days, kMicrosPerDay, &result) ||
      __builtin_add_overflow(result, within_day, &result)) {
    return InvalidArgument("timestamp " + Quote(s) + " is out of range");
  }
  if (had_zone != nullptr) *had_zone = zone;
  return result;
}

std::string FormatDate(int64_t days) {
  std::string out;
  AppendDate(&out, days);
  return out;
}

// Values outside one day are taken modulo a day, so FormatTime never fails.
std::string FormatTime(int64_t micros) {
  std::string out;
  AppendTime(&out, FloorDivMod(micros, kMicrosPerDay).remainder);
  return out;
}

std::string FormatTimestamp(int64_t micros) {
  DivMod split = FloorDivMod(micros, kMicrosPerDay);
  std::string out;
  AppendDate(&out, split.quotient);
  out.push_back('T');
  AppendTime(&out, split.remainder);
  return out;
}

}  // namespace floe
