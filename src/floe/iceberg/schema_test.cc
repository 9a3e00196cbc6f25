#include "floe/iceberg/schema.h"

#include <gtest/gtest.h>

#include "floe/iceberg/parquet_schema.h"

namespace floe::iceberg {
namespace {

constexpr char kIot[] = R"j({"type":"struct","schema-id":3,"identifier-field-ids":[1],"fields":[
  {"id":1,"name":"sensor_id","required":true,"type":"string","doc":"sensor"},
  {"id":2,"name":"timestamp","required":false,"type":"long"},
  {"id":4,"name":"price","required":false,"type":"decimal(38, 10)"},
  {"id":5,"name":"raw","required":false,"type":"fixed[7]"},
  {"id":6,"name":"at","required":false,"type":"timestamptz"}]})j";

TEST(SchemaTest, ParsesAndPrintsSpecJson) {
  auto s = SchemaFromJson(kIot);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->schema_id(), 3);
  ASSERT_EQ(s->fields().size(), 5u);
  EXPECT_TRUE(s->fields()[0].required);
  EXPECT_EQ(s->fields()[0].doc, "sensor");
  EXPECT_EQ(s->fields()[2].type.ToString(), "decimal(38,10)");
  EXPECT_EQ(s->fields()[3].type.length, 7);
  EXPECT_EQ(s->HighestFieldId(), 6);
  EXPECT_EQ(s->FindField("at"), 4);
  EXPECT_EQ(s->FindField("AT"), -1);
  auto again = SchemaFromJson(SchemaToJson(*s));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(SchemaToJson(*again), SchemaToJson(*s));
}

TEST(SchemaTest, RejectsInvalidSchemas) {
  EXPECT_FALSE(SchemaFromJson("not json").ok());
  EXPECT_FALSE(SchemaFromJson(R"({"type":"struct"})").ok());
  auto dup = SchemaFromJson(R"({"type":"struct","fields":[{"id":1,"name":"a","required":true,"type":"int"},
    {"id":1,"name":"b","required":true,"type":"int"}]})");
  EXPECT_EQ(dup.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(dup.status().message().find("duplicate field id 1"), std::string::npos);
  auto unknown = SchemaFromJson(R"({"type":"struct","fields":[{"id":1,"name":"a","required":true,"type":"integer"}]})");
  EXPECT_NE(unknown.status().message().find("unknown Iceberg type \"integer\""), std::string::npos);
  EXPECT_FALSE(PrimitiveType::Parse("decimal(39,2)").ok());
  EXPECT_FALSE(PrimitiveType::Parse("decimal(5,6)").ok());
  EXPECT_FALSE(PrimitiveType::Parse("fixed[0]").ok());
  EXPECT_FALSE(PrimitiveType::Parse("decimal(5,2)x").ok());
}

TEST(SchemaTest, DecimalBytesMatchSpec) {
  // Iceberg/Parquet minimum widths: P=9 → 4, 18 → 8, 19 → 9, 38 → 16.
  EXPECT_EQ(DecimalRequiredBytes(1), 1);
  EXPECT_EQ(DecimalRequiredBytes(2), 1);
  EXPECT_EQ(DecimalRequiredBytes(3), 2);
  EXPECT_EQ(DecimalRequiredBytes(9), 4);
  EXPECT_EQ(DecimalRequiredBytes(18), 8);
  EXPECT_EQ(DecimalRequiredBytes(19), 9);
  EXPECT_EQ(DecimalRequiredBytes(38), 16);
}

TEST(SchemaTest, MapsToParquetWithFieldIdsAndAnnotations) {
  auto s = SchemaFromJson(kIot);
  ASSERT_TRUE(s.ok());
  auto p = ToParquetSchema(*s);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  const auto& cols = p->columns();
  ASSERT_EQ(cols.size(), 5u);
  EXPECT_EQ(cols[0].field_id, 1);
  EXPECT_EQ(cols[0].repetition, parquet::Repetition::kRequired);
  EXPECT_EQ(cols[0].logical.kind, parquet::LogicalType::kString);
  EXPECT_EQ(cols[1].physical, parquet::PhysicalType::kInt64);
  EXPECT_EQ(cols[2].physical, parquet::PhysicalType::kFixedLenByteArray);
  EXPECT_EQ(cols[2].type_length, 16);
  EXPECT_EQ(cols[3].type_length, 7);
  EXPECT_EQ(cols[4].logical.kind, parquet::LogicalType::kTimestamp);
  EXPECT_TRUE(cols[4].logical.adjusted_to_utc);
  EXPECT_EQ(cols[4].logical.unit, parquet::TimeUnit::kMicros);
  auto elements = p->ToThrift();
  EXPECT_EQ(elements[5].converted_type, parquet::ConvertedType::kTimestampMicros);
  EXPECT_EQ(elements[3].converted_type, parquet::ConvertedType::kDecimal);
  EXPECT_EQ(elements[3].precision, 38);
  EXPECT_EQ(elements[3].scale, 10);
}

}  // namespace
}  // namespace floe::iceberg
