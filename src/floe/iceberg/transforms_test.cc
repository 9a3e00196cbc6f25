#include "floe/iceberg/transforms.h"

#include <gtest/gtest.h>

#include "floe/base/civil_time.h"

namespace floe::iceberg {
namespace {

Literal Apply(const Transform& t, const Literal& v) {
  auto r = t.Apply(v);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r.ok() && r->has_value());
  return **r;
}

int64_t Micros(std::string_view ts) {
  bool zone = false;
  auto r = ParseTimestamp(ts, &zone);
  EXPECT_TRUE(r.ok()) << ts;
  return *r;
}

TEST(Murmur3Test, MatchesKnownVectors) {
  EXPECT_EQ(Murmur3Hash32(""), 0);
  EXPECT_EQ(static_cast<uint32_t>(Murmur3Hash32("", 1)), 0x514E28B7u);
  EXPECT_EQ(static_cast<uint32_t>(Murmur3Hash32("hello")), 0x248BFA47u);
  EXPECT_EQ(static_cast<uint32_t>(Murmur3Hash32("The quick brown fox jumps over the lazy dog")),
            0x2E4FF723u);
}

// Spec Appendix B test values.
TEST(BucketTest, HashesMatchSpecAppendixB) {
  EXPECT_EQ(HashValue(Literal::Int(34)), 2017239379);
  EXPECT_EQ(HashValue(Literal::Long(34)), 2017239379);
  EXPECT_EQ(HashValue(Literal::Decimal(1420, 9, 2)), -500754589);  // 14.20
  EXPECT_EQ(HashValue(Literal::Date(*ParseDate("2017-11-16"))), -653330422);
  EXPECT_EQ(HashValue(Literal::Time(*ParseTime("22:31:08"))), -662762989);
  EXPECT_EQ(HashValue(Literal::Timestamp(Micros("2017-11-16T22:31:08"))), -2047944441);
  EXPECT_EQ(HashValue(Literal::TimestampTz(Micros("2017-11-16T14:31:08-08:00"))), -2047944441);
  EXPECT_EQ(HashValue(Literal::String("iceberg")), 1210000089);
  auto uuid = floe::Uuid::Parse("f79c3e09-677c-4bbd-a479-3f349cb785e7");
  ASSERT_TRUE(uuid.ok());
  EXPECT_EQ(HashValue(Literal::Uuid(*uuid)), 1488055340);
  const std::string b("\x00\x01\x02\x03", 4);
  EXPECT_EQ(HashValue(Literal::Fixed(b)), -188683207);
  EXPECT_EQ(HashValue(Literal::Binary(b)), -188683207);
  // Hashes the spec lists for types that cannot be bucketed.
  EXPECT_EQ(HashValue(Literal::Boolean(true)), 1392991556);
  EXPECT_EQ(HashValue(Literal::Float(1.0f)), -142385009);
  EXPECT_EQ(HashValue(Literal::Double(1.0)), -142385009);
  EXPECT_EQ(HashValue(Literal::Float(0.0f)), 1669671676);
  EXPECT_EQ(HashValue(Literal::Double(-0.0)), 1669671676);
}

TEST(BucketTest, BucketsAreNonNegativeModN) {
  // (2017239379 & INT_MAX) % 16 == 3; (1210000089 & INT_MAX) % 16 == 9.
  EXPECT_EQ(Apply(Transform::Bucket(16), Literal::Int(34)), Literal::Int(3));
  EXPECT_EQ(Apply(Transform::Bucket(16), Literal::String("iceberg")), Literal::Int(9));
  // Negative hash: -188683207 & INT_MAX = 1958800441.
  EXPECT_EQ(Apply(Transform::Bucket(100), Literal::Binary(std::string("\x00\x01\x02\x03", 4))),
            Literal::Int(1958800441 % 100));
  EXPECT_EQ(Apply(Transform::Bucket(1), Literal::Long(-12345)), Literal::Int(0));
}

TEST(TruncateTest, MatchesSpecExamples) {
  auto t10 = Transform::Truncate(10);
  EXPECT_EQ(Apply(t10, Literal::Int(1)), Literal::Int(0));
  EXPECT_EQ(Apply(t10, Literal::Int(-1)), Literal::Int(-10));
  EXPECT_EQ(Apply(t10, Literal::Int(10)), Literal::Int(10));
  EXPECT_EQ(Apply(t10, Literal::Int(-10)), Literal::Int(-10));
  EXPECT_EQ(Apply(t10, Literal::Long(1)), Literal::Long(0));
  EXPECT_EQ(Apply(t10, Literal::Long(-1)), Literal::Long(-10));
  EXPECT_EQ(Apply(t10, Literal::Long(INT64_MAX)), Literal::Long(INT64_MAX - 7));
  // W=50, s=2: 10.65 → 10.50; negatives round down too.
  EXPECT_EQ(Apply(Transform::Truncate(50), Literal::Decimal(1065, 9, 2)),
            Literal::Decimal(1050, 9, 2));
  EXPECT_EQ(Apply(Transform::Truncate(50), Literal::Decimal(-1065, 9, 2)),
            Literal::Decimal(-1100, 9, 2));
  EXPECT_EQ(Apply(Transform::Truncate(3), Literal::String("iceberg")), Literal::String("ice"));
  EXPECT_EQ(Apply(Transform::Truncate(2), Literal::String("\xc3\xa9t\xc3\xa9")),
            Literal::String("\xc3\xa9t"));
  EXPECT_EQ(Apply(Transform::Truncate(3), Literal::String("ab")), Literal::String("ab"));
  EXPECT_EQ(Apply(Transform::Truncate(2), Literal::Binary("\x01\x02\x03")),
            Literal::Binary("\x01\x02"));
}

TEST(TimeTransformTest, MatchesSpecAndFloorsNegatives) {
  Literal date = Literal::Date(*ParseDate("2017-11-16"));
  EXPECT_EQ(Apply(Transform::Year(), date), Literal::Int(47));
  EXPECT_EQ(Apply(Transform::Month(), date), Literal::Int(47 * 12 + 10));
  EXPECT_EQ(Apply(Transform::Day(), date), Literal::Date(17486));

  Literal ts = Literal::Timestamp(Micros("2017-11-16T22:31:08"));
  EXPECT_EQ(Apply(Transform::Year(), ts), Literal::Int(47));
  EXPECT_EQ(Apply(Transform::Month(), ts), Literal::Int(574));
  EXPECT_EQ(Apply(Transform::Day(), ts), Literal::Date(17486));
  EXPECT_EQ(Apply(Transform::Hour(), ts), Literal::Int(17486 * 24 + 22));
  Literal tz = Literal::TimestampTz(Micros("2017-11-16T14:31:08-08:00"));
  EXPECT_EQ(Apply(Transform::Hour(), tz), Literal::Int(17486 * 24 + 22));

  // One microsecond before the epoch belongs to 1969-12-31 23:00.
  Literal before = Literal::Timestamp(-1);
  EXPECT_EQ(Apply(Transform::Year(), before), Literal::Int(-1));
  EXPECT_EQ(Apply(Transform::Month(), before), Literal::Int(-1));
  EXPECT_EQ(Apply(Transform::Day(), before), Literal::Date(-1));
  EXPECT_EQ(Apply(Transform::Hour(), before), Literal::Int(-1));
  EXPECT_EQ(Apply(Transform::Hour(), Literal::Timestamp(-3'600'000'000)), Literal::Int(-1));
  EXPECT_EQ(Apply(Transform::Hour(), Literal::Timestamp(-3'600'000'001)), Literal::Int(-2));
  EXPECT_EQ(Apply(Transform::Day(), Literal::Timestamp(Micros("1969-12-30T23:59:59"))),
            Literal::Date(-2));
  EXPECT_EQ(Apply(Transform::Year(), Literal::Date(*ParseDate("1969-01-01"))), Literal::Int(-1));
  EXPECT_EQ(Apply(Transform::Year(), Literal::Date(*ParseDate("1968-12-31"))), Literal::Int(-2));
  EXPECT_EQ(Apply(Transform::Month(), Literal::Date(*ParseDate("1969-01-15"))), Literal::Int(-12));
  EXPECT_EQ(Apply(Transform::Month(), Literal::Date(*ParseDate("1968-12-31"))), Literal::Int(-13));
  EXPECT_EQ(Apply(Transform::Month(), Literal::Date(0)), Literal::Int(0));
}

TEST(TransformTest, IdentityVoidAndNulls) {
  EXPECT_EQ(Apply(Transform::Identity(), Literal::String("x")), Literal::String("x"));
  auto v = Transform::Void().Apply(Literal::Int(3));
  ASSERT_TRUE(v.ok());
  EXPECT_FALSE(v->has_value());
  auto n = Transform::Bucket(4).Apply(std::nullopt);
  ASSERT_TRUE(n.ok());
  EXPECT_FALSE(n->has_value());
  EXPECT_FALSE(Transform::Hour().Apply(Literal::Date(3)).ok());
  EXPECT_FALSE(Transform::Bucket(4).Apply(Literal::Double(1.0)).ok());
}

TEST(TransformTest, ParsesAndPrints) {
  for (const char* text :
       {"identity", "bucket[16]", "truncate[4]", "year", "month", "day", "hour", "void"}) {
    auto t = Transform::Parse(text);
    ASSERT_TRUE(t.ok()) << text;
    EXPECT_EQ(t->ToString(), text);
    EXPECT_NE(t->kind(), Transform::Kind::kUnknown);
  }
  EXPECT_EQ(Transform::Parse("bucket[16]")->param(), 16);
  EXPECT_EQ(Transform::Parse("Bucket[16]")->kind(), Transform::Kind::kBucket);
  EXPECT_EQ(*Transform::Parse("DAY"), Transform::Day());
  EXPECT_FALSE(Transform::Parse("bucket[0]").ok());
  EXPECT_FALSE(Transform::Parse("bucket[-1]").ok());
  EXPECT_FALSE(Transform::Parse("truncate[]").ok());
  EXPECT_FALSE(Transform::Parse("bucket[4x]").ok());
  auto unknown = Transform::Parse("zorder[a,b]");
  ASSERT_TRUE(unknown.ok());
  EXPECT_EQ(unknown->kind(), Transform::Kind::kUnknown);
  EXPECT_EQ(unknown->ToString(), "zorder[a,b]");
  EXPECT_FALSE(unknown->CanTransform(TypeId::kInt));
  EXPECT_FALSE(unknown->Apply(Literal::Int(1)).ok());
}

TEST(TransformTest, SourceAndResultTypes) {
  EXPECT_EQ(*Transform::Bucket(8).ResultType(TypeId::kString), Type(TypeId::kInt));
  EXPECT_EQ(*Transform::Day().ResultType(TypeId::kTimestampTz), Type(TypeId::kDate));
  EXPECT_EQ(*Transform::Year().ResultType(TypeId::kDate), Type(TypeId::kInt));
  EXPECT_EQ(*Transform::Month().ResultType(TypeId::kTimestamp), Type(TypeId::kInt));
  EXPECT_EQ(*Transform::Hour().ResultType(TypeId::kTimestamp), Type(TypeId::kInt));
  EXPECT_EQ(*Transform::Truncate(2).ResultType(PrimitiveType::Decimal(9, 2)),
            Type(PrimitiveType::Decimal(9, 2)));
  EXPECT_EQ(*Transform::Identity().ResultType(TypeId::kUuid), Type(TypeId::kUuid));
  Type list = Type::List(2, true, TypeId::kInt);
  EXPECT_EQ(*Transform::Void().ResultType(list), list);
  EXPECT_FALSE(Transform::Identity().CanTransform(list));
  EXPECT_FALSE(Transform::Hour().CanTransform(TypeId::kDate));
  EXPECT_FALSE(Transform::Bucket(2).CanTransform(TypeId::kFloat));
  EXPECT_FALSE(Transform::Bucket(2).CanTransform(TypeId::kBoolean));
  EXPECT_FALSE(Transform::Truncate(2).CanTransform(TypeId::kUuid));
  EXPECT_FALSE(Transform::Truncate(2).CanTransform(PrimitiveType::Fixed(4)));
  EXPECT_TRUE(Transform::Truncate(2).CanTransform(TypeId::kBinary));
  EXPECT_FALSE(Transform::Year().CanTransform(TypeId::kTime));
  auto bad = Transform::Day().ResultType(TypeId::kString);
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(Transform::Day().PreservesOrder());
  EXPECT_FALSE(Transform::Bucket(3).PreservesOrder());
}

}  // namespace
}  // namespace floe::iceberg
