#include "floe/iceberg/partition_spec.h"

#include <gtest/gtest.h>

#include "floe/iceberg/json.h"

namespace floe::iceberg {
namespace {

Schema TestSchema() {
  auto s = Schema::Make(
      0, {
             {1, "id", true, TypeId::kLong, ""},
             {2, "data", false, TypeId::kString, ""},
             {3, "ts", false, TypeId::kTimestampTz, ""},
             {4, "price", false, PrimitiveType::Decimal(9, 2), ""},
             {5, "loc", false, Type::Struct({{6, "city", false, TypeId::kString, ""}}), ""},
             {7, "tags", false, Type::List(8, true, TypeId::kString), ""},
             {9, "score", false, TypeId::kDouble, ""},
         });
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return *s;
}

TEST(PartitionSpecTest, BuilderAssignsIdsAndDefaultNames) {
  auto spec = PartitionSpecBuilder(TestSchema())
                  .Day("ts")
                  .Bucket("id", 16)
                  .Truncate("data", 4)
                  .Identity("loc.city")
                  .Hour("ts")
                  .Month("ts")
                  .Year("ts")
                  .Void("price")
                  .Build();
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  ASSERT_EQ(spec->fields().size(), 8u);
  EXPECT_EQ(spec->fields()[0], (PartitionField{3, 1000, "ts_day", Transform::Day()}));
  EXPECT_EQ(spec->fields()[1], (PartitionField{1, 1001, "id_bucket", Transform::Bucket(16)}));
  EXPECT_EQ(spec->fields()[2].name, "data_trunc");
  EXPECT_EQ(spec->fields()[3].name, "loc.city");
  EXPECT_EQ(spec->fields()[3].source_id, 6);
  EXPECT_EQ(spec->fields()[4].name, "ts_hour");
  EXPECT_EQ(spec->fields()[5].name, "ts_month");
  EXPECT_EQ(spec->fields()[6].name, "ts_year");
  EXPECT_EQ(spec->fields()[7].name, "price_null");
  EXPECT_EQ(spec->LastAssignedFieldId(), 1007);
  EXPECT_FALSE(spec->IsUnpartitioned());

  // A later spec continues from the table's last partition id.
  auto next = PartitionSpecBuilder(TestSchema(), 1, spec->LastAssignedFieldId())
                  .Bucket("data", 8, "data_b8")
                  .Build();
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->spec_id(), 1);
  EXPECT_EQ(next->fields()[0].field_id, 1008);
  EXPECT_EQ(next->fields()[0].name, "data_b8");
  EXPECT_EQ(LastPartitionId({*spec, *next}), 1008);
}

TEST(PartitionSpecTest, UnpartitionedRules) {
  PartitionSpec spec;
  EXPECT_EQ(spec.spec_id(), 0);
  EXPECT_TRUE(spec.IsUnpartitioned());
  EXPECT_EQ(spec.LastAssignedFieldId(), 999);
  EXPECT_EQ(LastPartitionId({spec}), 999);
  EXPECT_EQ(LastPartitionId({}), 999);
  EXPECT_TRUE(spec.Validate(TestSchema()).ok());
  auto type = spec.PartitionType(TestSchema());
  ASSERT_TRUE(type.ok());
  EXPECT_TRUE(type->struct_type().fields.empty());
  EXPECT_EQ(PartitionSpecToJsonValue(spec).dump(), R"({"spec-id":0,"fields":[]})");
  auto only_void = PartitionSpec(2, {{1, 1000, "id_null", Transform::Void()}});
  EXPECT_TRUE(only_void.IsUnpartitioned());
}

TEST(PartitionSpecTest, PartitionTypeUsesResultTypesAndFieldIds) {
  auto spec = PartitionSpecBuilder(TestSchema())
                  .Day("ts")
                  .Bucket("id", 16)
                  .Truncate("price", 50)
                  .Identity("data")
                  .Build();
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  auto type = spec->PartitionType(TestSchema());
  ASSERT_TRUE(type.ok());
  const auto& f = type->struct_type().fields;
  ASSERT_EQ(f.size(), 4u);
  EXPECT_EQ(f[0], (NestedField{1000, "ts_day", false, TypeId::kDate, ""}));
  EXPECT_EQ(f[1], (NestedField{1001, "id_bucket", false, TypeId::kInt, ""}));
  EXPECT_EQ(f[2], (NestedField{1002, "price_trunc", false, PrimitiveType::Decimal(9, 2), ""}));
  EXPECT_EQ(f[3], (NestedField{1003, "data", false, TypeId::kString, ""}));
}

TEST(PartitionSpecTest, ValidationErrors) {
  Schema s = TestSchema();
  auto err = [&](std::vector<PartitionField> fields) {
    return PartitionSpec::Make(s, 0, std::move(fields)).status().message();
  };
  EXPECT_NE(err({{42, 1000, "x", Transform::Identity()}}).find("not in the schema"),
            std::string::npos);
  EXPECT_NE(err({{2, 1000, "d", Transform::Day()}}).find("cannot be applied to string"),
            std::string::npos);
  EXPECT_NE(err({{9, 1000, "b", Transform::Bucket(4)}}).find("cannot be applied to double"),
            std::string::npos);
  EXPECT_NE(err({{5, 1000, "l", Transform::Identity()}}).find("non-primitive"), std::string::npos);
  EXPECT_NE(err({{8, 1000, "t", Transform::Identity()}}).find("inside a list or map"),
            std::string::npos);
  EXPECT_NE(err({{1, 1000, "a", Transform::Bucket(4)}, {2, 1000, "b", Transform::Bucket(4)}})
                .find("duplicate partition field id 1000"),
            std::string::npos);
  EXPECT_NE(err({{1, 1000, "a", Transform::Bucket(4)}, {2, 1001, "a", Transform::Bucket(4)}})
                .find("duplicate partition field name"),
            std::string::npos);
  EXPECT_NE(err({{1, 1000, "a", Transform::Bucket(4)}, {1, 1001, "b", Transform::Bucket(4)}})
                .find("repeats transform"),
            std::string::npos);
  EXPECT_NE(err({{1, 1000, "data", Transform::Bucket(4)}}).find("name of a schema column"),
            std::string::npos);
  EXPECT_NE(err({{1, 1000, "data", Transform::Identity()}}).find("name of a schema column"),
            std::string::npos);
  EXPECT_NE(err({{1, 1000, "", Transform::Identity()}}).find("has no name"), std::string::npos);
  EXPECT_NE(err({{1, 1000, "z", *Transform::Parse("zorder")}}).find("unknown transform"),
            std::string::npos);
  // Identity may reuse its own column's name; void may name a dropped column.
  EXPECT_TRUE(PartitionSpec::Make(s, 0, {{2, 1000, "data", Transform::Identity()}}).ok());
  EXPECT_TRUE(PartitionSpec::Make(s, 0, {{77, 1000, "gone_null", Transform::Void()}}).ok());
  auto builder = PartitionSpecBuilder(s).Identity("nope").Build();
  EXPECT_NE(builder.status().message().find("unknown column \"nope\""), std::string::npos);
  EXPECT_FALSE(PartitionSpecBuilder(s).Bucket("id", 0).Build().ok());
}

TEST(PartitionSpecTest, JsonRoundTripsAsInTheSpec) {
  // Appendix C's example.
  const char* text = R"({"spec-id":0,"fields":[
    {"source-id":4,"field-id":1000,"name":"ts_day","transform":"day"},
    {"source-id":1,"field-id":1001,"name":"id_bucket","transform":"bucket[16]"}]})";
  auto spec = PartitionSpecFromJsonValue(Json::parse(text));
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  EXPECT_EQ(spec->fields()[0], (PartitionField{4, 1000, "ts_day", Transform::Day()}));
  EXPECT_EQ(spec->fields()[1], (PartitionField{1, 1001, "id_bucket", Transform::Bucket(16)}));
  Json out = PartitionSpecToJsonValue(*spec);
  EXPECT_EQ(nlohmann::json::parse(out.dump()), nlohmann::json::parse(text));
  EXPECT_EQ(out.dump(),
            R"({"spec-id":0,"fields":[{"name":"ts_day","transform":"day","source-id":4,)"
            R"("field-id":1000},{"name":"id_bucket","transform":"bucket[16]","source-id":1,)"
            R"("field-id":1001}]})");
  auto again = PartitionSpecFromJsonValue(out);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *spec);
  EXPECT_EQ(PartitionFieldsToJsonValue(*spec), out["fields"]);

  // Unknown transforms survive a round trip.
  auto unknown = PartitionSpecFromJsonValue(Json::parse(
      R"({"spec-id":3,"fields":[{"source-id":1,"field-id":1000,"name":"z","transform":"zorder"}]})"));
  ASSERT_TRUE(unknown.ok());
  EXPECT_EQ(PartitionSpecToJsonValue(*unknown)["fields"][0]["transform"], "zorder");
}

TEST(PartitionSpecTest, JsonReadsV1FieldListsAndRejectsBadInput) {
  auto v1 = PartitionSpecFromJsonValue(Json::parse(
      R"([{"source-id":1,"name":"a","transform":"identity"},{"source-id":2,"name":"b","transform":"void"}])"));
  ASSERT_TRUE(v1.ok()) << v1.status().ToString();
  EXPECT_EQ(v1->fields()[0].field_id, 1000);
  EXPECT_EQ(v1->fields()[1].field_id, 1001);
  EXPECT_FALSE(PartitionSpecFromJsonValue(Json::parse(R"({"fields":[]})")).ok());
  EXPECT_FALSE(PartitionSpecFromJsonValue(Json::parse(R"({"spec-id":0})")).ok());
  auto bad = PartitionSpecFromJsonValue(Json::parse(
      R"({"spec-id":0,"fields":[{"source-id":"1","field-id":1000,"name":"a","transform":"day"}]})"));
  EXPECT_NE(bad.status().message().find("partition field #1: \"source-id\" must be an integer"),
            std::string::npos);
  auto bucket0 = PartitionSpecFromJsonValue(Json::parse(
      R"({"spec-id":0,"fields":[{"source-id":1,"field-id":1000,"name":"a","transform":"bucket[0]"}]})"));
  EXPECT_FALSE(bucket0.ok());
}

}  // namespace
}  // namespace floe::iceberg
