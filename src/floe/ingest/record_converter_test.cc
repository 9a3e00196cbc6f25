#include "floe/ingest/record_converter.h"

#include <gtest/gtest.h>

#include <cmath>

namespace floe::ingest {
namespace {

RecordConverter MakeConverter() {
  auto schema = iceberg::SchemaFromJson(R"j({"type":"struct","fields":[
    {"id":1,"name":"id","required":true,"type":"long"},
    {"id":2,"name":"name","required":false,"type":"string"},
    {"id":3,"name":"n","required":false,"type":"int"},
    {"id":4,"name":"x","required":false,"type":"double"},
    {"id":5,"name":"ok","required":false,"type":"boolean"},
    {"id":6,"name":"day","required":false,"type":"date"},
    {"id":7,"name":"at","required":false,"type":"timestamptz"},
    {"id":8,"name":"local","required":false,"type":"timestamp"},
    {"id":9,"name":"price","required":false,"type":"decimal(9,2)"},
    {"id":10,"name":"big","required":false,"type":"decimal(20,3)"},
    {"id":11,"name":"blob","required":false,"type":"binary"},
    {"id":12,"name":"u","required":false,"type":"uuid"},
    {"id":13,"name":"f","required":false,"type":"float"}]})j");
  EXPECT_TRUE(schema.ok());
  auto c = RecordConverter::Make(std::move(*schema));
  EXPECT_TRUE(c.ok());
  return std::move(*c);
}

TEST(RecordConverterTest, ConvertsEveryTypeByName) {
  RecordConverter c = MakeConverter();
  auto batch = c.NewBatch();
  Status st = c.Append(R"({"id":9007199254740993,"name":"héllo","n":-5,"x":1.5,"ok":true,
    "day":"2024-02-29","at":"2024-01-01T00:30:00+01:00","local":"2024-01-01 00:00:00.5",
    "price":"-12.3","big":12345678901234567.891,"blob":"AAE=","u":"123e4567-e89b-12d3-a456-426614174000",
    "f":"NaN","ignored":{"deep":[1]}})",
                       &batch);
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(batch[0].i64[0], 9007199254740993);
  EXPECT_EQ(batch[1].Bytes(0), "héllo");
  EXPECT_EQ(batch[2].i32[0], -5);
  EXPECT_EQ(batch[3].f64[0], 1.5);
  EXPECT_EQ(batch[4].bools[0], 1);
  EXPECT_EQ(batch[5].i32[0], 19782);
  EXPECT_EQ(batch[6].i64[0], 1704065400000000);  // 2023-12-31T23:30:00Z
  EXPECT_EQ(batch[7].i64[0], 1704067200500000);
  EXPECT_EQ(batch[8].i32[0], -1230);
  EXPECT_EQ(batch[10].Bytes(0), std::string("\x00\x01", 2));
  EXPECT_EQ(batch[11].Bytes(0).size(), 16u);
  EXPECT_TRUE(std::isnan(batch[12].f32[0]));
  // decimal(20,3) is a 9-byte big-endian FIXED; the JSON number keeps its digits
  // only as far as a double does, so check the width and sign.
  EXPECT_EQ(batch[9].Bytes(0).size(), 9u);
}

TEST(RecordConverterTest, MissingAndNullOptionalFieldsAreNull) {
  RecordConverter c = MakeConverter();
  auto batch = c.NewBatch();
  ASSERT_TRUE(c.Append(R"({"id":1})", &batch).ok());
  ASSERT_TRUE(c.Append(R"({"id":2,"name":null})", &batch).ok());
  EXPECT_EQ(batch[0].length, 2);
  EXPECT_TRUE(batch[1].IsNull(0));
  EXPECT_TRUE(batch[1].IsNull(1));
  EXPECT_EQ(batch[1].NullCount(), 2);
}

TEST(RecordConverterTest, BadRecordsAppendNothingAndSayWhy) {
  RecordConverter c = MakeConverter();
  auto batch = c.NewBatch();
  struct Case {
    const char* record;
    const char* message;
  } cases[] = {
      {R"({"name":"x"})", "required field \"id\" is missing or null"},
      {R"({"id":"1"})", "field \"id\" (long) expects an integer, got a string"},
      {R"({"id":1,"n":3000000000})", "out of range for int"},
      {R"({"id":1,"x":true})", "expects a number"},
      {R"({"id":1,"day":"2024-02-30"})", "field \"day\""},
      {R"({"id":1,"at":"2024-01-01T00:00:00"})", "needs a zone"},
      {R"({"id":1,"local":"2024-01-01T00:00:00Z"})", "without a zone"},
      {R"({"id":1,"price":"1.234"})", "more than 2 fractional digits"},
      {R"({"id":1,"price":"12345678.9"})", "more than 9 digits"},
      {R"({"id":1,"blob":"!!"})", "field \"blob\""},
      {R"({"id":1,"id2":2,"u":"nope"})", "field \"u\""},
      {R"([1,2])", "must be a JSON object"},
      {R"({"id":1,)", "not valid JSON"},
      {R"({"id":18446744073709551615})", "out of range for long"},
  };
  for (const auto& k : cases) {
    Status st = c.Append(k.record, &batch);
    EXPECT_EQ(st.code(), StatusCode::kInvalidArgument) << k.record;
    EXPECT_NE(st.message().find(k.message), std::string::npos) << k.record << " → " << st.message();
  }
  for (const auto& col : batch) EXPECT_EQ(col.length, 0);
}

TEST(RecordConverterTest, RejectsNestedSchemasForNow) {
  auto schema = iceberg::SchemaFromJson(R"j({"type":"struct","fields":[
    {"id":1,"name":"id","required":true,"type":"long"},
    {"id":2,"name":"tags","required":false,"type":
      {"type":"list","element-id":3,"element-required":true,"element":"string"}}]})j");
  ASSERT_TRUE(schema.ok()) << schema.status().ToString();
  auto c = RecordConverter::Make(std::move(*schema));
  EXPECT_EQ(c.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(c.status().message().find("nested columns cannot be written to Parquet yet"),
            std::string::npos);
}

TEST(DecimalTest, ParsesAndFormatsExactly) {
  EXPECT_EQ(*ParseDecimal("12.3", 9, 2), 1230);
  EXPECT_EQ(*ParseDecimal("-0.01", 9, 2), -1);
  EXPECT_EQ(*ParseDecimal("1.50", 9, 1), 15);
  EXPECT_EQ(*ParseDecimal("1e2", 9, 2), 10000);
  EXPECT_EQ(*ParseDecimal("1.5E-1", 9, 2), 15);
  EXPECT_FALSE(ParseDecimal("1.001", 9, 2).ok());
  EXPECT_FALSE(ParseDecimal("", 9, 2).ok());
  EXPECT_FALSE(ParseDecimal("1.2.3", 9, 2).ok());
  EXPECT_FALSE(ParseDecimal("abc", 9, 2).ok());
  __int128 max38 = *ParseDecimal("9999999999999999999999999999.9999999999", 38, 10);
  EXPECT_EQ(FormatDecimal(max38, 10), "9999999999999999999999999999.9999999999");
  EXPECT_EQ(FormatDecimal(-max38, 10), "-9999999999999999999999999999.9999999999");
  EXPECT_EQ(FormatDecimal(-1230, 2), "-12.30");
  EXPECT_EQ(FormatDecimal(5, 3), "0.005");
  EXPECT_EQ(FormatDecimal(0, 0), "0");
  EXPECT_EQ(FormatDecimal(-7, 0), "-7");
}

}  // namespace
}  // namespace floe::ingest
