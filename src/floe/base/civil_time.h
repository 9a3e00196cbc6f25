// Calendar conversions for dates, times and timestamps as Iceberg stores them
// (days since 1970-01-01; microseconds since midnight; microseconds since the
// epoch), and their ISO-8601 text forms. Proleptic Gregorian, UTC.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "floe/base/status.h"

namespace floe {

struct CivilDate {
  int64_t year;
  int month;  // 1..12
  int day;    // 1..31
};

int64_t DaysFromCivil(int64_t year, int month, int day);
CivilDate CivilFromDays(int64_t days);

// "YYYY-MM-DD" (a leading '-' or 5+ digit year allowed) → days since epoch.
Result<int32_t> ParseDate(std::string_view s);
// "HH:MM:SS[.f{1,9}]" → microseconds since midnight (digits beyond 6 must be zero... are truncated).
Result<int64_t> ParseTime(std::string_view s);
// "YYYY-MM-DD[T| ]HH:MM:SS[.f{1,9}]" with an optional zone "Z", "+HH:MM", "-HH:MM",
// "+HHMM" or "+HH". Sets *had_zone; the result is UTC microseconds since the
// epoch (the zone offset applied).
Result<int64_t> ParseTimestamp(std::string_view s, bool* had_zone);

std::string FormatDate(int64_t days);                // "2024-01-31"
std::string FormatTime(int64_t micros);              // "13:45:00.123456"
std::string FormatTimestamp(int64_t micros);         // "2024-01-31T13:45:00.123456"

}  // namespace floe
