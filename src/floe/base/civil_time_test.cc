#include "floe/base/civil_time.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <limits>
#include <string>

namespace floe {
namespace {

constexpr int64_t kMicrosPerSecond = 1000000;
constexpr int64_t kMicrosPerDay = 86400 * kMicrosPerSecond;
constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();
constexpr int64_t kInt64Min = std::numeric_limits<int64_t>::min();

bool IsLeap(int64_t y) { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); }

int64_t ParseTimestampOrDie(std::string_view s, bool* had_zone = nullptr) {
  bool zone = false;
  Result<int64_t> r = ParseTimestamp(s, &zone);
  EXPECT_TRUE(r.ok()) << s << ": " << r.status().ToString();
  if (had_zone != nullptr) *had_zone = zone;
  return r.ok() ? *r : 0;
}

TEST(CivilTimeTest, KnownDays) {
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(DaysFromCivil(1969, 12, 31), -1);
  EXPECT_EQ(DaysFromCivil(2000, 1, 1), 10957);
  EXPECT_EQ(DaysFromCivil(2000, 2, 29), 11016);
  EXPECT_EQ(DaysFromCivil(1900, 3, 1), -25508);
  EXPECT_EQ(DaysFromCivil(1600, 2, 29), -135081);
  EXPECT_EQ(DaysFromCivil(2024, 1, 1), 19723);
  EXPECT_EQ(DaysFromCivil(9999, 12, 31), 2932896);
  EXPECT_EQ(DaysFromCivil(1, 1, 1), -719162);
  EXPECT_EQ(DaysFromCivil(0, 3, 1), -719468);
  EXPECT_EQ(DaysFromCivil(-1, 1, 1), -719893);
}

TEST(CivilTimeTest, KnownDates) {
  CivilDate d = CivilFromDays(11016);
  EXPECT_EQ(d.year, 2000);
  EXPECT_EQ(d.month, 2);
  EXPECT_EQ(d.day, 29);
  d = CivilFromDays(-25508);
  EXPECT_EQ(d.year, 1900);
  EXPECT_EQ(d.month, 3);
  EXPECT_EQ(d.day, 1);
  d = CivilFromDays(-1);
  EXPECT_EQ(d.year, 1969);
  EXPECT_EQ(d.month, 12);
  EXPECT_EQ(d.day, 31);
  d = CivilFromDays(-719893);
  EXPECT_EQ(d.year, -1);
  EXPECT_EQ(d.month, 1);
  EXPECT_EQ(d.day, 1);
}

// Every day in ±1,000,000 days maps to a valid date, one day after the
// previous one, and back to the same day number.
TEST(CivilTimeTest, RoundTripsEveryDayInRange) {
  CivilDate prev = CivilFromDays(-1000001);
  for (int64_t days = -1000000; days <= 1000000; ++days) {
    CivilDate d = CivilFromDays(days);
    ASSERT_EQ(DaysFromCivil(d.year, d.month, d.day), days);
    bool next_day = d.year == prev.year && d.month == prev.month && d.day == prev.day + 1;
    bool next_month = d.year == prev.year && d.month == prev.month + 1 && d.day == 1;
    bool next_year =
        d.year == prev.year + 1 && d.month == 1 && d.day == 1 && prev.month == 12 && prev.day == 31;
    ASSERT_TRUE(next_day || next_month || next_year) << days;
    prev = d;
  }
}

// Across years ±1,000,000, each year has 365 or 366 days by the Gregorian rule.
TEST(CivilTimeTest, YearLengthsOverAMillionYears) {
  int64_t prev = DaysFromCivil(-1000000, 1, 1);
  for (int64_t year = -1000000; year <= 1000000; ++year) {
    int64_t next = DaysFromCivil(year + 1, 1, 1);
    ASSERT_EQ(next - prev, IsLeap(year) ? 366 : 365) << year;
    CivilDate d = CivilFromDays(prev);
    ASSERT_EQ(d.year, year);
    ASSERT_EQ(d.month, 1);
    ASSERT_EQ(d.day, 1);
    CivilDate leap_check = CivilFromDays(DaysFromCivil(year, 3, 1) - 1);
    ASSERT_EQ(leap_check.day, IsLeap(year) ? 29 : 28) << year;
    prev = next;
  }
}

// An independent reader: the standard library's calendar.
TEST(CivilTimeTest, AgreesWithStdChrono) {
  using namespace std::chrono;
  for (int64_t days = -4000000; days <= 4000000; days += 997) {
    year_month_day ymd{sys_days{std::chrono::days{days}}};
    CivilDate d = CivilFromDays(days);
    ASSERT_EQ(d.year, static_cast<int>(ymd.year())) << days;
    ASSERT_EQ(d.month, static_cast<int>(static_cast<unsigned>(ymd.month())));
    ASSERT_EQ(d.day, static_cast<int>(static_cast<unsigned>(ymd.day())));
  }
}

TEST(CivilTimeTest, CivilFromDaysHandlesInt64Extremes) {
  CivilDate max = CivilFromDays(kInt64Max);
  CivilDate min = CivilFromDays(kInt64Min);
  EXPECT_GT(max.year, 0);
  EXPECT_LT(min.year, 0);
  EXPECT_GE(max.month, 1);
  EXPECT_LE(max.month, 12);
  EXPECT_GE(min.day, 1);
  EXPECT_LE(min.day, 31);
}

TEST(ParseDateTest, ParsesValidDates) {
  EXPECT_EQ(*ParseDate("1970-01-01"), 0);
  EXPECT_EQ(*ParseDate("2000-02-29"), 11016);
  EXPECT_EQ(*ParseDate("1900-03-01"), -25508);
  EXPECT_EQ(*ParseDate("1969-12-31"), -1);
  EXPECT_EQ(*ParseDate("0000-03-01"), -719468);
  EXPECT_EQ(*ParseDate("-0001-01-01"), -719893);
  EXPECT_EQ(*ParseDate("+2024-01-01"), 19723);
  EXPECT_EQ(*ParseDate("+10000-01-01"), DaysFromCivil(10000, 1, 1));
  EXPECT_EQ(*ParseDate("-1000000-01-01"), DaysFromCivil(-1000000, 1, 1));
}

TEST(ParseDateTest, RejectsInvalidDates) {
  for (const char* bad : {"",
                          "2024-02-30",
                          "2023-02-29",
                          "1900-02-29",
                          "2024-13-01",
                          "2024-00-10",
                          "2024-01-00",
                          "2024-04-31",
                          "2024-1-01",
                          "2024-01-1",
                          "24-01-01",
                          "20240101",
                          "12024-01-01",
                          "+123-01-01",
                          "-24-01-01",
                          "2024/01/01",
                          "2024-01-01 ",
                          " 2024-01-01",
                          "2024-01-01T00:00:00",
                          "2024-0a-01",
                          "+-2024-01-01",
                          "+",
                          "2024-"}) {
    Result<int32_t> r = ParseDate(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << bad;
  }
}

TEST(ParseDateTest, ErrorNamesTheText) {
  EXPECT_EQ(ParseDate("2024-02-30").status().message(),
            "invalid date \"2024-02-30\" (expected YYYY-MM-DD)");
}

TEST(ParseDateTest, ResultMustFitInt32) {
  int64_t max = std::numeric_limits<int32_t>::max();
  int64_t min = std::numeric_limits<int32_t>::min();
  EXPECT_EQ(*ParseDate(FormatDate(max)), max);
  EXPECT_EQ(*ParseDate(FormatDate(min)), min);
  EXPECT_EQ(ParseDate(FormatDate(max + 1)).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseDate(FormatDate(min - 1)).status().code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(ParseDate("+99999999999999999999999-01-01").ok());
  EXPECT_FALSE(ParseDate("-99999999999999999999999-01-01").ok());
}

TEST(FormatDateTest, Formats) {
  EXPECT_EQ(FormatDate(0), "1970-01-01");
  EXPECT_EQ(FormatDate(11016), "2000-02-29");
  EXPECT_EQ(FormatDate(-25508), "1900-03-01");
  EXPECT_EQ(FormatDate(2932896), "9999-12-31");
  EXPECT_EQ(FormatDate(2932897), "+10000-01-01");
  EXPECT_EQ(FormatDate(-719468), "0000-03-01");
  EXPECT_EQ(FormatDate(-719893), "-0001-01-01");
  EXPECT_EQ(FormatDate(DaysFromCivil(-12345, 6, 7)), "-12345-06-07");
}

TEST(FormatDateTest, RoundTripsThroughParse) {
  for (int64_t days = -400000000; days <= 400000000; days += 65537) {
    std::string text = FormatDate(days);
    Result<int32_t> r = ParseDate(text);
    ASSERT_TRUE(r.ok()) << text;
    ASSERT_EQ(*r, days) << text;
  }
}

TEST(ParseTimeTest, ParsesValidTimes) {
  EXPECT_EQ(*ParseTime("00:00:00"), 0);
  EXPECT_EQ(*ParseTime("00:00:01"), kMicrosPerSecond);
  EXPECT_EQ(*ParseTime("13:45:00"), (13 * 3600 + 45 * 60) * kMicrosPerSecond);
  EXPECT_EQ(*ParseTime("23:59:59.999999"), kMicrosPerDay - 1);
  EXPECT_EQ(*ParseTime("00:00:00.5"), 500000);
  EXPECT_EQ(*ParseTime("00:00:00.000001"), 1);
  EXPECT_EQ(*ParseTime("00:00:00.123"), 123000);
  EXPECT_EQ(*ParseTime("00:00:00.1234567"), 123456);    // truncated, not rounded
  EXPECT_EQ(*ParseTime("00:00:00.999999999"), 999999);  // truncated, not rounded
}

TEST(ParseTimeTest, RejectsInvalidTimes) {
  for (const char* bad : {"", "24:00:00", "12:60:00", "12:00:60", "12:00", "1:00:00", "12:0:00",
                          "12:00:00.", "12:00:00.1234567890", "12:00:00Z", "12-00-00", " 12:00:00",
                          "12:00:00 ", "ab:cd:ef", "12:00:00.12a", "-1:00:00"}) {
    Result<int64_t> r = ParseTime(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << bad;
  }
  EXPECT_EQ(ParseTime("25:00:00").status().message(),
            "invalid time \"25:00:00\" (expected HH:MM:SS[.ffffff])");
}

TEST(FormatTimeTest, Formats) {
  EXPECT_EQ(FormatTime(0), "00:00:00.000000");
  EXPECT_EQ(FormatTime(kMicrosPerDay - 1), "23:59:59.999999");
  EXPECT_EQ(FormatTime((13 * 3600 + 45 * 60) * kMicrosPerSecond + 123456), "13:45:00.123456");
  for (int64_t t = 0; t < kMicrosPerDay; t += 7777777) {
    ASSERT_EQ(*ParseTime(FormatTime(t)), t);
  }
}

TEST(ParseTimestampTest, ParsesWithAndWithoutZone) {
  bool had_zone = true;
  EXPECT_EQ(ParseTimestampOrDie("1970-01-01T00:00:00", &had_zone), 0);
  EXPECT_FALSE(had_zone);
  EXPECT_EQ(ParseTimestampOrDie("1970-01-01 00:00:00", &had_zone), 0);
  EXPECT_FALSE(had_zone);
  EXPECT_EQ(ParseTimestampOrDie("1970-01-01T00:00:00Z", &had_zone), 0);
  EXPECT_TRUE(had_zone);
  EXPECT_EQ(ParseTimestampOrDie("1970-01-01T00:00:00z", &had_zone), 0);
  EXPECT_TRUE(had_zone);
  EXPECT_EQ(ParseTimestampOrDie("2023-11-14T22:13:20Z"), 1700000000 * kMicrosPerSecond);
  EXPECT_EQ(ParseTimestampOrDie("2023-11-14 22:13:20.000001"), 1700000000 * kMicrosPerSecond + 1);
  EXPECT_EQ(ParseTimestampOrDie("1969-12-31T23:59:59.999999Z"), -1);
}

TEST(ParseTimestampTest, AppliesZoneOffsets) {
  int64_t utc = ParseTimestampOrDie("2023-12-31T23:30:00Z");
  EXPECT_EQ(ParseTimestampOrDie("2024-01-01T00:30:00+01:00"), utc);
  EXPECT_EQ(ParseTimestampOrDie("2024-01-01T00:30:00+0100"), utc);
  EXPECT_EQ(ParseTimestampOrDie("2024-01-01T00:30:00+01"), utc);
  EXPECT_EQ(ParseTimestampOrDie("2023-12-31T15:30:00-08:00"), utc);
  EXPECT_EQ(ParseTimestampOrDie("2023-12-31T15:30:00-0800"), utc);
  EXPECT_EQ(ParseTimestampOrDie("2023-12-31T15:30:00-08"), utc);
  EXPECT_EQ(ParseTimestampOrDie("2024-01-01T05:00:00+05:30"), utc);
  EXPECT_EQ(ParseTimestampOrDie("2023-12-31T23:30:00+00:00"), utc);
  EXPECT_EQ(ParseTimestampOrDie("2023-12-31T23:30:00-00:00"), utc);
  EXPECT_EQ(ParseTimestampOrDie("1970-01-01T00:00:00.000001+00:01"), -60 * kMicrosPerSecond + 1);
  bool had_zone = false;
  ParseTimestampOrDie("2024-01-01T00:30:00+01:00", &had_zone);
  EXPECT_TRUE(had_zone);
}

TEST(ParseTimestampTest, RejectsInvalidTimestamps) {
  for (const char* bad : {"",
                          "2024-01-01",
                          "2024-01-01T",
                          "2024-01-01X00:00:00",
                          "2024-01-01T24:00:00",
                          "2024-02-30T00:00:00",
                          "2024-01-01T00:00",
                          "2024-01-01T00:00:00ZZ",
                          "2024-01-01T00:00:00+",
                          "2024-01-01T00:00:00+1",
                          "2024-01-01T00:00:00+01:",
                          "2024-01-01T00:00:00+01:0",
                          "2024-01-01T00:00:00+010",
                          "2024-01-01T00:00:00+24:00",
                          "2024-01-01T00:00:00+01:60",
                          "2024-01-01T00:00:00 +01:00",
                          "2024-01-01T00:00:00UTC",
                          "2024-01-01T00:00:00.Z",
                          "2024-01-01T00:00:00.1234567890Z",
                          "2024-01-01T00:00:00+01:00:00",
                          "2024-01-01T00:00:00 ",
                          "2024-01-01  00:00:00"}) {
    bool had_zone = true;
    Result<int64_t> r = ParseTimestamp(bad, &had_zone);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << bad;
    EXPECT_FALSE(had_zone) << bad;
  }
}

TEST(ParseTimestampTest, DetectsInt64Overflow) {
  EXPECT_EQ(ParseTimestampOrDie("+294247-01-10T04:00:54.775807Z"), kInt64Max);
  EXPECT_EQ(ParseTimestampOrDie("-290308-12-21T19:59:05.224192Z"), kInt64Min);
  EXPECT_EQ(ParseTimestampOrDie("-290308-12-21T20:59:05.224192+01:00"), kInt64Min);
  bool had_zone;
  for (const char* bad : {"+294247-01-10T04:00:54.775808Z", "-290308-12-21T19:59:05.224191Z",
                          "+294247-01-10T03:00:54.775808-01:00",
                          "-290308-12-21T19:59:05.224192+00:01", "+1000000-01-01T00:00:00",
                          "-1000000-01-01T00:00:00", "+99999999999999999999-01-01T00:00:00"}) {
    Result<int64_t> r = ParseTimestamp(bad, &had_zone);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << bad;
  }
}

TEST(FormatTimestampTest, Formats) {
  EXPECT_EQ(FormatTimestamp(0), "1970-01-01T00:00:00.000000");
  EXPECT_EQ(FormatTimestamp(-1), "1969-12-31T23:59:59.999999");
  EXPECT_EQ(FormatTimestamp(-kMicrosPerDay), "1969-12-31T00:00:00.000000");
  EXPECT_EQ(FormatTimestamp(1700000000 * kMicrosPerSecond + 123456), "2023-11-14T22:13:20.123456");
  EXPECT_EQ(FormatTimestamp(kInt64Max), "+294247-01-10T04:00:54.775807");
  EXPECT_EQ(FormatTimestamp(kInt64Min), "-290308-12-21T19:59:05.224192");
}

TEST(FormatTimestampTest, RoundTripsThroughParse) {
  constexpr int64_t kStep = 79193 * kMicrosPerSecond + 123457;
  for (int64_t t = -1000 * 366 * kMicrosPerDay; t <= 1000 * 366 * kMicrosPerDay; t += kStep) {
    std::string text = FormatTimestamp(t);
    ASSERT_EQ(ParseTimestampOrDie(text), t) << text;
  }
  for (int64_t t : {kInt64Max, kInt64Min, kInt64Max - 1, kInt64Min + 1, int64_t{-1}}) {
    ASSERT_EQ(ParseTimestampOrDie(FormatTimestamp(t)), t);
  }
}

}  // namespace
}  // namespace floe
