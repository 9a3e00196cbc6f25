#include "floe/iceberg/value.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace floe::iceberg {
namespace {

std::string Bytes(std::initializer_list<int> b) {
  std::string s;
  for (int c : b) s.push_back(static_cast<char>(c));
  return s;
}

void ExpectRoundTrip(const Literal& v, const std::string& expected_bytes) {
  std::string bytes = v.Serialize();
  EXPECT_EQ(bytes, expected_bytes) << v.ToString();
  auto back = Literal::Deserialize(v.type(), bytes);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, v) << v.ToString();
}

TEST(LiteralTest, SerializesBoundsAsAppendixD) {
  ExpectRoundTrip(Literal::Boolean(true), Bytes({1}));
  ExpectRoundTrip(Literal::Boolean(false), Bytes({0}));
  ExpectRoundTrip(Literal::Int(1), Bytes({1, 0, 0, 0}));
  ExpectRoundTrip(Literal::Int(-2), Bytes({0xfe, 0xff, 0xff, 0xff}));
  ExpectRoundTrip(Literal::Long(34), Bytes({34, 0, 0, 0, 0, 0, 0, 0}));
  ExpectRoundTrip(Literal::Float(1.0f), Bytes({0, 0, 0x80, 0x3f}));
  ExpectRoundTrip(Literal::Double(1.0), Bytes({0, 0, 0, 0, 0, 0, 0xf0, 0x3f}));
  ExpectRoundTrip(Literal::Date(17486), Bytes({0x4e, 0x44, 0, 0}));
  ExpectRoundTrip(Literal::Time(81068000000), Literal::Long(81068000000).Serialize());
  ExpectRoundTrip(Literal::Timestamp(1510871468000000),
                  Literal::Long(1510871468000000).Serialize());
  ExpectRoundTrip(Literal::TimestampTz(-1), std::string(8, '\xff'));
  ExpectRoundTrip(Literal::String("iceberg"), "iceberg");
  ExpectRoundTrip(Literal::String(""), "");
  ExpectRoundTrip(Literal::Binary(Bytes({0, 1, 2, 3})), Bytes({0, 1, 2, 3}));
  ExpectRoundTrip(Literal::Fixed(Bytes({0, 1, 2})), Bytes({0, 1, 2}));
  auto uuid = floe::Uuid::Parse("f79c3e09-677c-4bbd-a479-3f349cb785e7");
  ASSERT_TRUE(uuid.ok());
  ExpectRoundTrip(Literal::Uuid(*uuid), Bytes({0xF7, 0x9C, 0x3E, 0x09, 0x67, 0x7C, 0x4B, 0xBD, 0xA4,
                                               0x79, 0x3F, 0x34, 0x9C, 0xB7, 0x85, 0xE7}));
  EXPECT_EQ(Literal::Uuid(*uuid).ToString(), "f79c3e09-677c-4bbd-a479-3f349cb785e7");
}

TEST(LiteralTest, SerializesDecimalsInMinimalBigEndian) {
  ExpectRoundTrip(Literal::Decimal(1420, 9, 2), Bytes({0x05, 0x8c}));
  ExpectRoundTrip(Literal::Decimal(0, 9, 2), Bytes({0}));
  ExpectRoundTrip(Literal::Decimal(127, 9, 0), Bytes({0x7f}));
  ExpectRoundTrip(Literal::Decimal(128, 9, 0), Bytes({0x00, 0x80}));
  ExpectRoundTrip(Literal::Decimal(-128, 9, 0), Bytes({0x80}));
  ExpectRoundTrip(Literal::Decimal(-129, 9, 0), Bytes({0xff, 0x7f}));
  ExpectRoundTrip(Literal::Decimal(-1, 9, 0), Bytes({0xff}));
  __int128 big = 1;
  for (int i = 0; i < 38; ++i) big *= 10;
  big -= 1;  // 38 nines
  auto b = Literal::Decimal(big, 38, 0).Serialize();
  EXPECT_EQ(b.size(), 16u);
  EXPECT_EQ(Literal::Deserialize(PrimitiveType::Decimal(38, 0), b)->unscaled_value(), big);
  EXPECT_EQ(Literal::Decimal(-big, 38, 0).Serialize().size(), 16u);
  EXPECT_EQ(Literal::Decimal(1420, 9, 2).ToString(), "14.20");
  EXPECT_EQ(Literal::Decimal(-5, 9, 2).ToString(), "-0.05");
}

TEST(LiteralTest, DeserializeChecksSizesAndReadsPromotedValues) {
  EXPECT_FALSE(Literal::Deserialize(PrimitiveType::Of(TypeId::kInt), Bytes({1, 0, 0})).ok());
  EXPECT_FALSE(
      Literal::Deserialize(PrimitiveType::Of(TypeId::kTimestamp), Bytes({1, 0, 0, 0})).ok());
  EXPECT_FALSE(Literal::Deserialize(PrimitiveType::Of(TypeId::kUuid), "short").ok());
  EXPECT_FALSE(Literal::Deserialize(PrimitiveType::Fixed(4), "abc").ok());
  EXPECT_FALSE(Literal::Deserialize(PrimitiveType::Decimal(9, 2), "").ok());
  EXPECT_FALSE(Literal::Deserialize(PrimitiveType::Decimal(38, 2), std::string(17, '\1')).ok());
  EXPECT_FALSE(Literal::Deserialize(PrimitiveType::Of(TypeId::kBoolean), "").ok());
  // int → long and float → double promotions keep old 4-byte bounds readable.
  auto l = Literal::Deserialize(PrimitiveType::Of(TypeId::kLong), Literal::Int(-7).Serialize());
  ASSERT_TRUE(l.ok());
  EXPECT_EQ(*l, Literal::Long(-7));
  auto d =
      Literal::Deserialize(PrimitiveType::Of(TypeId::kDouble), Literal::Float(1.5f).Serialize());
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(*d, Literal::Double(1.5));
}

TEST(LiteralTest, ComparesWithinAType) {
  EXPECT_TRUE(Literal::Int(-1).Compare(Literal::Int(1)) < 0);
  EXPECT_TRUE(Literal::Long(5).Compare(Literal::Long(-5)) > 0);
  EXPECT_TRUE(Literal::Double(-0.0).Compare(Literal::Double(0.0)) < 0);
  double nan = std::numeric_limits<double>::quiet_NaN();
  double inf = std::numeric_limits<double>::infinity();
  EXPECT_TRUE(Literal::Double(nan).Compare(Literal::Double(inf)) > 0);
  EXPECT_EQ(Literal::Double(nan), Literal::Double(nan));
  EXPECT_TRUE(Literal::Float(-inf).Compare(Literal::Float(-1.0f)) < 0);
  // Strings compare as unsigned bytes, which is code point order.
  EXPECT_TRUE(Literal::String("a").Compare(Literal::String("\xc3\xa9")) < 0);
  EXPECT_TRUE(Literal::String("ab").Compare(Literal::String("b")) < 0);
  EXPECT_TRUE(Literal::Binary(Bytes({0x7f})).Compare(Literal::Binary(Bytes({0x80}))) < 0);
  EXPECT_TRUE(Literal::Decimal(-100, 9, 2).Compare(Literal::Decimal(5, 9, 2)) < 0);
  EXPECT_TRUE(Literal::Boolean(false).Compare(Literal::Boolean(true)) < 0);
  EXPECT_NE(Literal::Int(1), Literal::Date(1));  // different types are never equal
  EXPECT_NE(Literal::Decimal(1, 9, 2), Literal::Decimal(1, 9, 3));
}

TEST(LiteralTest, FormatsForPeople) {
  EXPECT_EQ(Literal::Date(17486).ToString(), "2017-11-16");
  EXPECT_EQ(Literal::Binary(Bytes({0, 0xff})).ToString(), "0x00ff");
  EXPECT_EQ(Literal::Int(-3).ToString(), "-3");
  EXPECT_EQ(Literal::Double(0.5).ToString(), "0.5");
}

TEST(BoundTruncationTest, TruncatesStringsByCodePoints) {
  EXPECT_EQ(CodePointCount("h\xc3\xa9llo"), 5u);
  EXPECT_EQ(TruncateUtf8("h\xc3\xa9llo", 2), "h\xc3\xa9");
  EXPECT_EQ(TruncateUtf8("abc", 5), "abc");
  EXPECT_EQ(TruncateUtf8("abc", 0), "");
  // A 4-byte code point counts once.
  EXPECT_EQ(TruncateUtf8("\xf0\x9f\x98\x80x", 1), "\xf0\x9f\x98\x80");

  EXPECT_EQ(TruncateLowerBound(Literal::String("iceberg"), 3), Literal::String("ice"));
  EXPECT_EQ(TruncateUpperBound(Literal::String("iceberg"), 3), Literal::String("icf"));
  // Short enough: unchanged, no increment.
  EXPECT_EQ(TruncateUpperBound(Literal::String("ice"), 3), Literal::String("ice"));
  // Increments the last kept code point, across a UTF-8 length boundary.
  EXPECT_EQ(TruncateUtf8Upper("a\x7f"
                              "bc",
                              2),
            "a\xc2\x80");
  // Skips the surrogate range.
  EXPECT_EQ(TruncateUtf8Upper("a\xed\x9f\xbf"
                              "b",
                              2),
            "a\xee\x80\x80");
}

TEST(BoundTruncationTest, UpperBoundDropsCodePointsThatCannotBeIncremented) {
  const std::string max = "\xf4\x8f\xbf\xbf";  // U+10FFFF
  // "abc" + U+10FFFF + U+10FFFF, truncated to 4: the U+10FFFF is dropped and c → d.
  EXPECT_EQ(TruncateUtf8Upper("abc" + max + max, 4), "abd");
  auto bound = TruncateUpperBound(Literal::String("abc" + max + max), 4);
  ASSERT_TRUE(bound.has_value());
  EXPECT_EQ(bound->bytes_value(), "abd");
  // Nothing can be rounded up: no upper bound at all.
  EXPECT_EQ(TruncateUtf8Upper(max + max + max, 2), std::nullopt);
  EXPECT_EQ(TruncateUpperBound(Literal::String(max + max + max), 2), std::nullopt);
  // The truncated bound is still >= the value.
  EXPECT_TRUE(bound->Compare(Literal::String("abc" + max + max)) > 0);
  // Invalid UTF-8 yields no upper bound rather than a wrong one.
  EXPECT_EQ(TruncateUtf8Upper("ab\xff\xfe"
                              "cd",
                              3),
            std::nullopt);
}

TEST(BoundTruncationTest, TruncatesBinary) {
  EXPECT_EQ(TruncateLowerBound(Literal::Binary(Bytes({1, 2, 3})), 2),
            Literal::Binary(Bytes({1, 2})));
  EXPECT_EQ(TruncateUpperBound(Literal::Binary(Bytes({1, 2, 3})), 2),
            Literal::Binary(Bytes({1, 3})));
  EXPECT_EQ(TruncateBinaryUpper(Bytes({1, 0xff, 3}), 2), Bytes({2}));
  EXPECT_EQ(TruncateBinaryUpper(Bytes({0xff, 0xff, 3}), 2), std::nullopt);
  EXPECT_EQ(TruncateBinaryUpper(Bytes({0xff, 0xff}), 2), Bytes({0xff, 0xff}));
  // Other types pass through.
  EXPECT_EQ(TruncateUpperBound(Literal::Long(9), 1), Literal::Long(9));
  EXPECT_EQ(TruncateLowerBound(Literal::Fixed("abcdef"), 2), Literal::Fixed("abcdef"));
}

}  // namespace
}  // namespace floe::iceberg
