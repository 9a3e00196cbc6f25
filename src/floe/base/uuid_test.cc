#include "floe/base/uuid.h"

#include <gtest/gtest.h>

#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace floe {
namespace {

bool IsCanonicalText(const std::string& s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    bool hyphen = i == 8 || i == 13 || i == 18 || i == 23;
    char c = s[i];
    if (hyphen ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

TEST(UuidTest, DefaultIsNil) {
  Uuid nil;
  EXPECT_EQ(nil.ToString(), "00000000-0000-0000-0000-000000000000");
}

TEST(UuidTest, ParsesKnownValue) {
  Result<Uuid> r = Uuid::Parse("123e4567-e89b-12d3-a456-426614174000");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const std::array<uint8_t, 16> want = {0x12, 0x3e, 0x45, 0x67, 0xe8, 0x9b, 0x12, 0xd3,
                                        0xa4, 0x56, 0x42, 0x66, 0x14, 0x17, 0x40, 0x00};
  EXPECT_EQ(r->bytes, want);
  EXPECT_EQ(r->ToString(), "123e4567-e89b-12d3-a456-426614174000");
}

TEST(UuidTest, FormatsBytesInOrderLowercase) {
  Uuid u;
  for (int i = 0; i < 16; ++i) u.bytes[i] = static_cast<uint8_t>(0xf0 + i);
  EXPECT_EQ(u.ToString(), "f0f1f2f3-f4f5-f6f7-f8f9-fafbfcfdfeff");
}

TEST(UuidTest, ParseAcceptsUppercaseAndFormatsLowercase) {
  Result<Uuid> r = Uuid::Parse("F81D4FAE-7DEC-11D0-A765-00A0C91E6BF6");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->ToString(), "f81d4fae-7dec-11d0-a765-00a0c91e6bf6");
}

TEST(UuidTest, RandomRoundTripsThroughText) {
  for (int i = 0; i < 1000; ++i) {
    Uuid u = Uuid::Random();
    std::string text = u.ToString();
    ASSERT_TRUE(IsCanonicalText(text)) << text;
    Result<Uuid> parsed = Uuid::Parse(text);
    ASSERT_TRUE(parsed.ok()) << text;
    EXPECT_EQ(*parsed, u);
  }
}

TEST(UuidTest, RandomIsVersion4WithRfcVariant) {
  for (int i = 0; i < 1000; ++i) {
    Uuid u = Uuid::Random();
    EXPECT_EQ(u.bytes[6] >> 4, 4);
    EXPECT_EQ(u.bytes[8] >> 6, 2);
    std::string text = u.ToString();
    EXPECT_EQ(text[14], '4');
    EXPECT_TRUE(text[19] == '8' || text[19] == '9' || text[19] == 'a' || text[19] == 'b');
  }
}

TEST(UuidTest, RandomValuesAreDistinctAcrossThreads) {
  constexpr int kThreads = 4;
  constexpr int kPerThread = 5000;
  std::mutex mu;
  std::set<std::string> seen;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      std::vector<std::string> mine;
      for (int i = 0; i < kPerThread; ++i) mine.push_back(Uuid::Random().ToString());
      std::lock_guard<std::mutex> lock(mu);
      seen.insert(mine.begin(), mine.end());
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(seen.size(), size_t{kThreads} * kPerThread);
}

TEST(UuidTest, EqualityAndOrdering) {
  Uuid a = *Uuid::Parse("00000000-0000-0000-0000-000000000001");
  Uuid b = *Uuid::Parse("00000000-0000-0000-0000-000000000002");
  Uuid a2 = a;
  EXPECT_EQ(a, a2);
  EXPECT_NE(a, b);
  EXPECT_LT(a, b);
  a2.bytes[0] = 1;
  EXPECT_NE(a, a2);
}

TEST(UuidTest, RejectsMalformedText) {
  const std::string valid = "123e4567-e89b-12d3-a456-426614174000";
  const std::vector<std::string> bad = {
      "",
      "123e4567-e89b-12d3-a456-42661417400",     // One digit short.
      "123e4567-e89b-12d3-a456-4266141740000",   // One digit long.
      "123e4567e89b12d3a456426614174000",        // No hyphens.
      "123e4567-e89b-12d3-a456_426614174000",    // Wrong separator.
      "123e456-7e89b-12d3-a456-426614174000",    // Hyphen misplaced.
      "123e4567-e89b-12d3-a4560426614174000-",   // Hyphen moved to the end.
      "123e4567-e89b-12d3-a456-42661417400g",    // Not hex.
      "123e4567-e89b-12d3-a456-42661417400 ",    // Trailing space.
      " 123e4567-e89b-12d3-a456-42661417400",    // Leading space.
      "{123e4567-e89b-12d3-a456-426614174000}",  // Braces.
      "urn:uuid:123e4567-e89b-12d3-a456-426614174000",
      "+23e4567-e89b-12d3-a456-426614174000",
      "123e4567-e89b-12d3-a456-4266141740-0",
      std::string("123e4567-e89b-12d3-a456-42661417400\0", 36),
  };
  for (const std::string& text : bad) {
    Result<Uuid> r = Uuid::Parse(text);
    EXPECT_FALSE(r.ok()) << "accepted: " << text;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << text;
  }
  EXPECT_TRUE(Uuid::Parse(valid).ok());
}

}  // namespace
}  // namespace floe
