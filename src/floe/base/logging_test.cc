#include "floe/base/logging.h"

#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <thread>
#include <vector>

namespace floe {
namespace {

// Restores the process-wide level after each test.
class LoggingTest : public ::testing::Test {
 protected:
  void SetUp() override { saved_ = GetLogLevel(); }
  void TearDown() override { SetLogLevel(saved_); }

 private:
  LogLevel saved_ = LogLevel::kInfo;
};

TEST(LogFormatTest, FormatsUtcTimestampLevelFileLineAndMessage) {
  // 2024-05-01T12:34:56.789Z plus 999 microseconds that must be truncated.
  const int64_t micros = int64_t{1714566896} * 1000000 + 789999;
  EXPECT_EQ(internal::FormatLogLine(micros, LogLevel::kWarning, "/src/floe/base/x.cc", 42, "hi"),
            "2024-05-01T12:34:56.789Z WARNING x.cc:42] hi");
  EXPECT_EQ(internal::FormatLogLine(0, LogLevel::kDebug, "y.cc", 1, ""),
            "1970-01-01T00:00:00.000Z DEBUG y.cc:1] ");
  EXPECT_EQ(internal::FormatLogLine(-1000, LogLevel::kError, "z.cc", 7, "m"),
            "1969-12-31T23:59:59.999Z ERROR z.cc:7] m");
}

TEST(LogLevelTest, ParsesNamesIgnoringCase) {
  EXPECT_EQ(ParseLogLevel("debug"), LogLevel::kDebug);
  EXPECT_EQ(ParseLogLevel("INFO"), LogLevel::kInfo);
  EXPECT_EQ(ParseLogLevel("Warning"), LogLevel::kWarning);
  EXPECT_EQ(ParseLogLevel("warn"), LogLevel::kWarning);
  EXPECT_EQ(ParseLogLevel("error"), LogLevel::kError);
  EXPECT_EQ(ParseLogLevel(""), std::nullopt);
  EXPECT_EQ(ParseLogLevel("verbose"), std::nullopt);
  EXPECT_EQ(ParseLogLevel("info "), std::nullopt);
  EXPECT_EQ(LogLevelName(LogLevel::kInfo), "INFO");
}

TEST_F(LoggingTest, WritesOneLineToStderr) {
  SetLogLevel(LogLevel::kInfo);
  ::testing::internal::CaptureStderr();
  FLOE_LOG(kInfo) << "flushed " << 12 << " records";
  std::string out = ::testing::internal::GetCapturedStderr();
  EXPECT_TRUE(std::regex_match(
      out, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z INFO logging_test\.cc:\d+\] )"
                      R"(flushed 12 records\n)")))
      << out;
}

TEST_F(LoggingTest, AcceptsQualifiedLevelSpellings) {
  SetLogLevel(LogLevel::kDebug);
  ::testing::internal::CaptureStderr();
  FLOE_LOG(LogLevel::kWarning) << "a";
  FLOE_LOG(floe::LogLevel::kError) << "b";
  std::string out = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(out.find(" WARNING logging_test.cc:"), std::string::npos) << out;
  EXPECT_NE(out.find(" ERROR logging_test.cc:"), std::string::npos) << out;
}

TEST_F(LoggingTest, DropsMessagesBelowLevelWithoutEvaluatingThem) {
  SetLogLevel(LogLevel::kWarning);
  EXPECT_FALSE(ShouldLog(LogLevel::kInfo));
  EXPECT_TRUE(ShouldLog(LogLevel::kWarning));
  int evaluated = 0;
  auto touch = [&evaluated] { return ++evaluated; };
  ::testing::internal::CaptureStderr();
  FLOE_LOG(kDebug) << touch();
  FLOE_LOG(kInfo) << touch();
  FLOE_LOG(kWarning) << "kept " << touch();
  std::string out = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(evaluated, 1);
  EXPECT_NE(out.find("WARNING"), std::string::npos);
  EXPECT_NE(out.find("kept 1"), std::string::npos);
  EXPECT_EQ(out.find("INFO"), std::string::npos);
  EXPECT_EQ(out.find("DEBUG"), std::string::npos);
}

TEST_F(LoggingTest, WorksAsTheBodyOfAnUnbracedIf) {
  SetLogLevel(LogLevel::kInfo);
  bool took_else = false;
  ::testing::internal::CaptureStderr();
  if (false)
    FLOE_LOG(kError) << "not printed";
  else
    took_else = true;
  std::string out = ::testing::internal::GetCapturedStderr();
  EXPECT_TRUE(took_else);
  EXPECT_EQ(out, "");
}

TEST_F(LoggingTest, ConcurrentLinesDoNotInterleave) {
  SetLogLevel(LogLevel::kInfo);
  constexpr int kThreads = 4;
  constexpr int kLines = 200;
  ::testing::internal::CaptureStderr();
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([t] {
      for (int i = 0; i < kLines; ++i) {
        FLOE_LOG(kInfo) << "thread " << t << " line " << i << " " << std::string(100, 'a' + t);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  std::string out = ::testing::internal::GetCapturedStderr();
  const std::regex line_re(R"(\S+ INFO logging_test\.cc:\d+\] thread (\d) line \d+ ([a-z])\2{99})");
  int lines = 0;
  size_t start = 0;
  while (start < out.size()) {
    size_t end = out.find('\n', start);
    ASSERT_NE(end, std::string::npos);
    std::string line = out.substr(start, end - start);
    EXPECT_TRUE(std::regex_match(line, line_re)) << line;
    ++lines;
    start = end + 1;
  }
  EXPECT_EQ(lines, kThreads * kLines);
}

}  // namespace
TEST(JsonLogLineTest, EscapesTheMessage) {
  int64_t micros = 1714566896789000;  // 2024-05-01T12:34:56.789Z
  EXPECT_EQ(internal::FormatJsonLogLine(micros, LogLevel::kWarning, "/src/floe/x.cc", 42,
                                        "say \"hi\"\n\\ \x01"),
            "{\"time\":\"2024-05-01T12:34:56.789Z\",\"level\":\"WARNING\",\"source\":\"x.cc:42\","
            "\"message\":\"say \\\"hi\\\"\\n\\\\ \\u0001\"}");
}

}  // namespace floe
