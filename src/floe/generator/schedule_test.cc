#include "floe/generator/schedule.h"

#include <gtest/gtest.h>

#include "floe/base/civil_time.h"

namespace floe::generator {
namespace {

int64_t Ms(const char* iso) {
  bool zone = false;
  return *ParseTimestamp(iso, &zone) / 1000;
}

std::string NextAfter(const char* expression, const char* after) {
  auto s = Schedule::Parse(expression);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  if (!s.ok()) return "";
  auto next = s->Next(Ms(after), 0);
  return next ? FormatTimestamp(*next * 1000).substr(0, 19) : "never";
}

TEST(ScheduleTest, RatesCountFromTheAnchor) {
  auto s = Schedule::Parse("rate(1 minute)");
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(s->is_rate());
  EXPECT_EQ(s->period_ms(), 60'000);
  EXPECT_EQ(*s->Next(1000, 1000), 61'000);
  EXPECT_EQ(*s->Next(61'000, 1000), 121'000);
  EXPECT_EQ(*s->Next(61'001, 1000), 121'000);
  EXPECT_EQ(Schedule::Parse("rate(5 minutes)")->period_ms(), 300'000);
  EXPECT_EQ(Schedule::Parse("rate(1 hour)")->period_ms(), 3'600'000);
  EXPECT_EQ(Schedule::Parse("rate(2 days)")->period_ms(), 172'800'000);
}

TEST(ScheduleTest, RateErrorsSayWhatToWrite) {
  EXPECT_NE(Schedule::Parse("rate(1 minutes)").status().message().find("rate(1 minute)"),
            std::string::npos);
  EXPECT_NE(Schedule::Parse("rate(5 minute)").status().message().find("rate(5 minutes)"),
            std::string::npos);
  EXPECT_NE(Schedule::Parse("rate(0 minutes)").status().message().find("positive"),
            std::string::npos);
  EXPECT_NE(
      Schedule::Parse("rate(3 weeks)").status().message().find("minute(s), hour(s) or day(s)"),
      std::string::npos);
  EXPECT_FALSE(Schedule::Parse("every minute").ok());
}

TEST(ScheduleTest, CronKnownCases) {
  // Every day at 12:00 UTC.
  EXPECT_EQ(NextAfter("cron(0 12 * * ? *)", "2024-03-10T11:59:59Z"), "2024-03-10T12:00:00");
  EXPECT_EQ(NextAfter("cron(0 12 * * ? *)", "2024-03-10T12:00:00Z"), "2024-03-11T12:00:00");
  // Every 15 minutes.
  EXPECT_EQ(NextAfter("cron(0/15 * * * ? *)", "2024-03-10T10:07:00Z"), "2024-03-10T10:15:00");
  EXPECT_EQ(NextAfter("cron(*/15 * * * ? *)", "2024-03-10T10:45:30Z"), "2024-03-10T11:00:00");
  // 10:15 on weekdays (2024-03-08 was a Friday).
  EXPECT_EQ(NextAfter("cron(15 10 ? * MON-FRI *)", "2024-03-08T11:00:00Z"), "2024-03-11T10:15:00");
  EXPECT_EQ(NextAfter("cron(15 10 ? * 2-6 *)", "2024-03-08T11:00:00Z"), "2024-03-11T10:15:00");
  // Sunday is 1.
  EXPECT_EQ(NextAfter("cron(0 8 ? * 1 *)", "2024-03-08T00:00:00Z"), "2024-03-10T08:00:00");
  // First day of every month; leap day; lists; month names.
  EXPECT_EQ(NextAfter("cron(0 0 1 * ? *)", "2024-01-31T23:59:00Z"), "2024-02-01T00:00:00");
  EXPECT_EQ(NextAfter("cron(30 6 29 2 ? *)", "2023-03-01T00:00:00Z"), "2024-02-29T06:30:00");
  EXPECT_EQ(NextAfter("cron(0 9,17 ? * SAT,SUN *)", "2024-03-09T10:00:00Z"), "2024-03-09T17:00:00");
  EXPECT_EQ(NextAfter("cron(0 0 1 JAN-MAR/2 ? *)", "2024-01-01T00:00:00Z"), "2024-03-01T00:00:00");
  // Names that contain L or W are names, not the unsupported forms.
  EXPECT_EQ(NextAfter("cron(0 0 1 JUL ? *)", "2024-03-08T00:00:00Z"), "2024-07-01T00:00:00");
  EXPECT_EQ(NextAfter("cron(0 0 ? * WED *)", "2024-03-08T00:00:00Z"), "2024-03-13T00:00:00");
  // Years run out.
  EXPECT_EQ(NextAfter("cron(0 0 1 1 ? 2020)", "2024-01-01T00:00:00Z"), "never");
  EXPECT_EQ(NextAfter("cron(0 0 1 1 ? 2020-2030)", "2024-01-01T00:00:00Z"), "2025-01-01T00:00:00");
}

TEST(ScheduleTest, CronErrorsNameTheField) {
  auto message = [](const char* e) { return Schedule::Parse(e).status().message(); };
  EXPECT_NE(message("cron(0 12 * * *)").find("needs 6"), std::string::npos);
  EXPECT_NE(
      message("cron(0 12 * * * *)").find("exactly one of Day-of-month and Day-of-week must be ?"),
      std::string::npos);
  EXPECT_NE(message("cron(0 12 L * ? *)").find("L, W and # forms are not supported"),
            std::string::npos);
  EXPECT_NE(message("cron(0 12 ? * 6#3 *)").find("Day-of-week"), std::string::npos);
  EXPECT_NE(message("cron(60 12 * * ? *)").find("Minutes field '60'"), std::string::npos);
  EXPECT_NE(message("cron(0 25 * * ? *)").find("Hours"), std::string::npos);
  EXPECT_NE(message("cron(0 12 * FOO ? *)").find("Month"), std::string::npos);
  EXPECT_NE(message("cron(0 12 * * ? 1969)").find("Year"), std::string::npos);
  EXPECT_NE(message("cron(10-5 12 * * ? *)").find("backwards"), std::string::npos);
  EXPECT_NE(message("cron(0/0 12 * * ? *)").find("step"), std::string::npos);
}

}  // namespace
}  // namespace floe::generator
