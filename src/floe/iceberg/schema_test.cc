#include "floe/iceberg/schema.h"

#include <gtest/gtest.h>

#include "floe/iceberg/json.h"
#include "floe/iceberg/parquet_schema.h"

namespace floe::iceberg {
namespace {

constexpr char kIot[] = R"j({"type":"struct","schema-id":3,"identifier-field-ids":[1],"fields":[
  {"id":1,"name":"sensor_id","required":true,"type":"string","doc":"sensor"},
  {"id":2,"name":"timestamp","required":false,"type":"long"},
  {"id":4,"name":"price","required":false,"type":"decimal(38, 10)"},
  {"id":5,"name":"raw","required":false,"type":"fixed[7]"},
  {"id":6,"name":"at","required":false,"type":"timestamptz"}]})j";

// The spec's Appendix C examples (a uuid id, a list<string> with element-id 3,
// a map<string, double> with key-id 4 / value-id 5) plus deeper nesting.
constexpr char kNested[] =
    R"j({"type":"struct","schema-id":1,"identifier-field-ids":[1, 9],"fields":[
  {"id":1,"name":"id","required":true,"type":"uuid"},
  {"id":2,"name":"data","required":false,"type":
    {"type":"list","element-id":3,"element-required":true,"element":"string"}},
  {"id":6,"name":"props","required":false,"type":
    {"type":"map","key-id":4,"key":"string","value-id":5,"value-required":false,"value":"double"}},
  {"id":7,"name":"location","required":true,"doc":"where","type":{"type":"struct","fields":[
    {"id":8,"name":"lat","required":true,"type":"float"},
    {"id":9,"name":"zone","required":true,"type":"int"}]}},
  {"id":10,"name":"points","required":false,"type":{"type":"list","element-id":11,
    "element-required":true,"element":{"type":"struct","fields":[
      {"id":12,"name":"x","required":true,"type":"long"},
      {"id":13,"name":"y","required":false,"type":"decimal(9,2)"}]}}},
  {"id":14,"name":"deep","required":false,"type":{"type":"map","key-id":15,
    "key":{"type":"struct","fields":[{"id":16,"name":"k","required":true,"type":"string"}]},
    "value-id":17,"value-required":true,"value":{"type":"list","element-id":18,
      "element-required":false,"element":{"type":"map","key-id":19,"key":"int",
        "value-id":20,"value-required":false,"value":"binary"}}}}]})j";

std::string Normalized(const std::string& json) { return nlohmann::json::parse(json).dump(); }

TEST(SchemaTest, ParsesAndPrintsSpecJson) {
  auto s = SchemaFromJson(kIot);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->schema_id(), 3);
  ASSERT_EQ(s->fields().size(), 5u);
  EXPECT_TRUE(s->fields()[0].required);
  EXPECT_EQ(s->fields()[0].doc, "sensor");
  EXPECT_EQ(s->fields()[2].type.ToString(), "decimal(38,10)");
  EXPECT_EQ(s->fields()[3].type.primitive().length, 7);
  EXPECT_EQ(s->HighestFieldId(), 6);
  ASSERT_NE(s->FindFieldByName("at"), nullptr);
  EXPECT_EQ(s->FindFieldByName("at")->id, 6);
  EXPECT_EQ(s->FindFieldByName("AT"), nullptr);
  auto again = SchemaFromJson(SchemaToJson(*s));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(SchemaToJson(*again), SchemaToJson(*s));
  EXPECT_TRUE(again->SameSchema(*s));
}

TEST(SchemaTest, NestedSchemaRoundTrips) {
  auto s = SchemaFromJson(kNested);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->HighestFieldId(), 20);
  EXPECT_EQ(Normalized(SchemaToJson(*s)), Normalized(kNested));
  auto again = SchemaFromJson(SchemaToJson(*s));
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->SameSchema(*s));
  EXPECT_EQ(again->AsStruct(), s->AsStruct());

  const Type& data = s->fields()[1].type;
  ASSERT_EQ(data.kind(), Type::Kind::kList);
  EXPECT_EQ(data.list_type().element.id, 3);
  EXPECT_TRUE(data.list_type().element.required);
  EXPECT_EQ(data.ToString(), "list<string>");
  const Type& props = s->fields()[2].type;
  ASSERT_EQ(props.kind(), Type::Kind::kMap);
  EXPECT_EQ(props.map_type().key.id, 4);
  EXPECT_TRUE(props.map_type().key.required);
  EXPECT_EQ(props.map_type().value.id, 5);
  EXPECT_FALSE(props.map_type().value.required);
  EXPECT_EQ(props.ToString(), "map<string, double>");
  EXPECT_EQ(s->fields()[3].doc, "where");

  // Type JSON on its own.
  auto t = TypeFromJson(TypeToJson(s->fields()[5].type));
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(*t, s->fields()[5].type);
}

TEST(SchemaTest, FindsNestedFieldsByIdAndName) {
  auto s = SchemaFromJson(kNested);
  ASSERT_TRUE(s.ok());
  for (int32_t id = 1; id <= 20; ++id) EXPECT_NE(s->FindField(id), nullptr) << id;
  EXPECT_EQ(s->FindField(21), nullptr);
  EXPECT_EQ(s->FindField(12)->name, "x");
  EXPECT_EQ(s->FindField(3)->name, "element");
  EXPECT_EQ(s->FindField(4)->name, "key");
  EXPECT_EQ(s->FindColumnName(12), "points.element.x");
  EXPECT_EQ(s->FindColumnName(20), "deep.value.element.value");
  EXPECT_EQ(s->FindColumnName(16), "deep.key.k");
  EXPECT_EQ(s->FindColumnName(99), std::nullopt);
  EXPECT_EQ(s->FindFieldByName("location.lat")->id, 8);
  EXPECT_EQ(s->FindFieldByName("points.element.y")->id, 13);
  EXPECT_EQ(s->FindFieldByName("points.y")->id, 13);  // short name
  EXPECT_EQ(s->FindFieldByName("data.element")->id, 3);
  EXPECT_EQ(s->FindFieldByName("props.value")->id, 5);
  EXPECT_EQ(s->FindFieldByName("points")->id, 10);
  EXPECT_EQ(s->FindFieldByName("location.nope"), nullptr);
  EXPECT_EQ(s->FindParentId(8), 7);
  EXPECT_EQ(s->FindParentId(7), 0);
  EXPECT_EQ(s->FindParentId(99), std::nullopt);
  EXPECT_FALSE(s->IsInsideListOrMap(8));
  EXPECT_TRUE(s->IsInsideListOrMap(12));
  EXPECT_TRUE(s->IsInsideListOrMap(4));
  EXPECT_FALSE(s->IsInsideListOrMap(2));

  // Pointers stay valid in copies after the original is gone.
  const NestedField* f = nullptr;
  Schema copy;
  {
    Schema tmp = *s;
    copy = tmp;
  }
  f = copy.FindField(13);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->type.primitive(), PrimitiveType::Decimal(9, 2));
}

TEST(SchemaTest, RejectsDuplicateIdsAtAnyDepth) {
  auto dup =
      SchemaFromJson(R"({"type":"struct","fields":[{"id":1,"name":"a","required":true,"type":"int"},
    {"id":1,"name":"b","required":true,"type":"int"}]})");
  EXPECT_EQ(dup.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(dup.status().message().find("duplicate field id 1"), std::string::npos);

  auto element = SchemaFromJson(R"({"type":"struct","fields":[
    {"id":1,"name":"a","required":true,"type":{"type":"list","element-id":1,"element-required":true,"element":"int"}}]})");
  EXPECT_NE(element.status().message().find("duplicate field id 1"), std::string::npos)
      << element.status().ToString();

  auto map = SchemaFromJson(R"({"type":"struct","fields":[
    {"id":1,"name":"m","required":true,"type":{"type":"map","key-id":2,"key":"int","value-id":2,
     "value-required":true,"value":"int"}}]})");
  EXPECT_NE(map.status().message().find("duplicate field id 2"), std::string::npos);

  auto deep = SchemaFromJson(R"({"type":"struct","fields":[
    {"id":1,"name":"s","required":true,"type":{"type":"struct","fields":[
      {"id":2,"name":"t","required":true,"type":{"type":"struct","fields":[
        {"id":3,"name":"x","required":true,"type":"int"}]}}]}},
    {"id":4,"name":"l","required":true,"type":{"type":"list","element-id":5,"element-required":true,
      "element":{"type":"struct","fields":[{"id":3,"name":"y","required":true,"type":"int"}]}}}]})");
  EXPECT_NE(deep.status().message().find("duplicate field id 3 (\"s.t.x\" and \"l.element.y\")"),
            std::string::npos)
      << deep.status().ToString();

  // Direct construction is checked the same way.
  auto made = Schema::Make(0, {NestedField{1, "a", true, Type::List(1, true, TypeId::kInt), ""}});
  EXPECT_FALSE(made.ok());
  auto key = Schema::Make(
      0, {NestedField{1, "m", true, Type::Map(2, TypeId::kInt, 3, true, TypeId::kInt), ""}});
  EXPECT_TRUE(key.ok());
}

TEST(SchemaTest, RejectsInvalidSchemas) {
  EXPECT_FALSE(SchemaFromJson("not json").ok());
  EXPECT_FALSE(SchemaFromJson(R"({"type":"struct"})").ok());
  auto unknown = SchemaFromJson(
      R"({"type":"struct","fields":[{"id":1,"name":"a","required":true,"type":"integer"}]})");
  EXPECT_NE(unknown.status().message().find("unknown Iceberg type \"integer\""), std::string::npos);
  auto bad_nested = SchemaFromJson(
      R"({"type":"struct","fields":[{"id":1,"name":"a","required":true,"type":{"type":"set"}}]})");
  EXPECT_NE(bad_nested.status().message().find("unknown nested type \"set\""), std::string::npos);
  auto no_element_id =
      SchemaFromJson(R"({"type":"struct","fields":[{"id":1,"name":"a","required":true,
    "type":{"type":"list","element-required":true,"element":"int"}}]})");
  EXPECT_NE(no_element_id.status().message().find("element-id"), std::string::npos);
  auto dup_name = SchemaFromJson(R"({"type":"struct","fields":[{"id":1,"name":"s","required":true,
    "type":{"type":"struct","fields":[{"id":2,"name":"x","required":true,"type":"int"},
    {"id":3,"name":"x","required":true,"type":"int"}]}}]})");
  EXPECT_NE(dup_name.status().message().find("duplicate field name \"s.x\""), std::string::npos);
  auto reserved = SchemaFromJson(
      R"({"type":"struct","fields":[{"id":2147483500,"name":"a","required":true,"type":"int"}]})");
  EXPECT_FALSE(reserved.ok());
  EXPECT_FALSE(PrimitiveType::Parse("decimal(39,2)").ok());
  EXPECT_FALSE(PrimitiveType::Parse("decimal(5,6)").ok());
  EXPECT_FALSE(PrimitiveType::Parse("fixed[0]").ok());
  EXPECT_FALSE(PrimitiveType::Parse("decimal(5,2)x").ok());
  EXPECT_TRUE(PrimitiveType::Parse("decimal(9, 2)").ok());

  std::string deep = R"({"type":"struct","fields":[{"id":1,"name":"a","required":true,"type":)";
  for (int i = 0; i < 200; ++i) {
    deep += R"({"type":"list","element-id":)" + std::to_string(i + 2) +
            R"(,"element-required":true,"element":)";
  }
  deep += "\"int\"" + std::string(200, '}') + "}]}";
  EXPECT_NE(SchemaFromJson(deep).status().message().find("nested too deeply"), std::string::npos);
}

TEST(SchemaTest, ChecksIdentifierFields) {
  auto make = [](std::vector<int32_t> ids) {
    std::vector<NestedField> fields = {
        {1, "id", true, TypeId::kLong, ""},
        {2, "opt", false, TypeId::kLong, ""},
        {3, "f", true, TypeId::kDouble, ""},
        {4, "s", true, Type::Struct({{5, "x", true, TypeId::kString, ""}}), ""},
        {6, "o", false, Type::Struct({{7, "y", true, TypeId::kString, ""}}), ""},
        {8, "l", true, Type::List(9, true, TypeId::kInt), ""},
    };
    return Schema::Make(0, std::move(fields), std::move(ids));
  };
  EXPECT_TRUE(make({1, 5}).ok());
  EXPECT_NE(make({2}).status().message().find("not required"), std::string::npos);
  EXPECT_NE(make({3}).status().message().find("float or double"), std::string::npos);
  EXPECT_NE(make({4}).status().message().find("not a primitive"), std::string::npos);
  EXPECT_NE(make({7}).status().message().find("optional struct"), std::string::npos);
  EXPECT_NE(make({9}).status().message().find("list or map"), std::string::npos);
  EXPECT_NE(make({42}).status().message().find("not in the schema"), std::string::npos);
  EXPECT_NE(make({1, 1}).status().message().find("listed twice"), std::string::npos);
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
  EXPECT_TRUE(p->IsFlat());
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

TEST(SchemaTest, MapsNestedTypesToThreeLevelParquet) {
  auto s = SchemaFromJson(kNested);
  ASSERT_TRUE(s.ok());
  auto p = ToParquetSchema(*s);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_FALSE(p->IsFlat());
  const auto& data = p->fields()[1];
  EXPECT_EQ(data.field_id, 2);
  EXPECT_EQ(data.logical.kind, parquet::LogicalType::kList);
  ASSERT_EQ(data.children.size(), 1u);
  EXPECT_EQ(data.children[0].name, "list");
  EXPECT_EQ(data.children[0].repetition, parquet::Repetition::kRepeated);
  EXPECT_FALSE(data.children[0].field_id.has_value());
  EXPECT_EQ(data.children[0].children[0].name, "element");
  EXPECT_EQ(data.children[0].children[0].field_id, 3);
  EXPECT_EQ(data.children[0].children[0].repetition, parquet::Repetition::kRequired);
  const auto& props = p->fields()[2];
  EXPECT_EQ(props.logical.kind, parquet::LogicalType::kMap);
  EXPECT_EQ(props.children[0].name, "key_value");
  EXPECT_FALSE(props.children[0].field_id.has_value());
  EXPECT_EQ(props.children[0].children[0].name, "key");
  EXPECT_EQ(props.children[0].children[0].field_id, 4);
  EXPECT_EQ(props.children[0].children[0].repetition, parquet::Repetition::kRequired);
  EXPECT_EQ(props.children[0].children[1].name, "value");
  EXPECT_EQ(props.children[0].children[1].field_id, 5);
  EXPECT_EQ(props.children[0].children[1].repetition, parquet::Repetition::kOptional);
  int idx = p->FindColumn("points.list.element.x");
  ASSERT_GE(idx, 0);
  EXPECT_EQ(p->columns()[idx].field_id, 12);
  EXPECT_EQ(p->columns()[idx].max_rep, 1);
  EXPECT_EQ(p->columns()[idx].max_def, 2);
}

}  // namespace
}  // namespace floe::iceberg
