#include "floe/format/avro/schema.h"

#include <gtest/gtest.h>

#include <cmath>

#include "floe/format/avro/value_json.h"

namespace floe::avro {
namespace {

// Java Iceberg's v2 manifest_entry schema shape (abridged), as it appears in
// avro.schema: every attribute must survive parse → print.
constexpr char kManifestEntry[] = R"({"type":"record","name":"manifest_entry","fields":[
{"name":"status","type":"int","field-id":0},
{"name":"snapshot_id","type":["null","long"],"default":null,"field-id":1},
{"name":"data_file","type":{"type":"record","name":"r2","fields":[
 {"name":"content","type":"int","doc":"Contents of the file: 0=data","field-id":134},
 {"name":"partition","type":{"type":"record","name":"r102","fields":[]},"doc":"Partition","field-id":102},
 {"name":"column_sizes","type":["null",{"type":"array","items":{"type":"record","name":"k117_v118",
   "fields":[{"name":"key","type":"int","field-id":117},{"name":"value","type":"long","field-id":118}]},
   "logicalType":"map"}],"doc":"Map of column id to total size on disk","default":null,"field-id":108},
 {"name":"real_map","type":{"type":"map","values":"string","key-id":7,"value-id":8}},
 {"name":"split_offsets","type":["null",{"type":"array","items":"long","element-id":133}],
   "default":null,"field-id":132},
 {"name":"ts","type":{"type":"long","logicalType":"timestamp-micros","adjust-to-utc":true},"field-id":9},
 {"name":"weird","type":"string","x-nested":{"b":[1,2.5,{"z":null}],"a":"keep order"},"field-id":10}
]},"field-id":2}]})";

TEST(AvroSchema, IcebergAttributesRoundTripExactly) {
  auto schema = ParseSchema(kManifestEntry);
  ASSERT_TRUE(schema.ok()) << schema.status().ToString();
  // Compact, same key order, same values.
  EXPECT_EQ(schema->ToJson(), Json::parse(kManifestEntry).dump());
  EXPECT_NE(schema->ToJson().find(R"("x-nested":{"b":[1,2.5,{"z":null}],"a":"keep order"})"),
            std::string::npos);
  // A reparse of the output prints the same text.
  auto again = ParseSchema(schema->ToJson());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->ToJson(), schema->ToJson());

  const AvroNode& entry = schema->root_node();
  EXPECT_EQ(entry.type, AvroType::kRecord);
  EXPECT_EQ(entry.full_name, "manifest_entry");
  ASSERT_EQ(entry.fields.size(), 3u);
  EXPECT_EQ(entry.fields[1].json["field-id"], 1);
  ASSERT_TRUE(entry.fields[1].default_value.has_value());
  EXPECT_TRUE(entry.fields[1].default_value->is_null());
  const AvroNode& r2 = schema->node(entry.fields[2].type);
  EXPECT_EQ(r2.name, "r2");
  EXPECT_EQ(r2.fields[0].doc, "Contents of the file: 0=data");
  const AvroNode& sizes_union = schema->node(r2.fields[r2.FieldIndex("column_sizes")].type);
  ASSERT_EQ(sizes_union.type, AvroType::kUnion);
  const AvroNode& sizes = schema->node(sizes_union.branches[1]);
  EXPECT_EQ(sizes.type, AvroType::kArray);
  EXPECT_EQ(sizes.logical_type, "map");
  const AvroNode& kv = schema->node(sizes.items);
  EXPECT_EQ(kv.full_name, "k117_v118");
  EXPECT_EQ(kv.fields[1].json["field-id"], 118);
  const AvroNode& real_map = schema->node(r2.fields[r2.FieldIndex("real_map")].type);
  ASSERT_NE(real_map.Attribute("key-id"), nullptr);
  EXPECT_EQ(*real_map.Attribute("value-id"), 8);
  const AvroNode& offsets =
      schema->node(schema->node(r2.fields[r2.FieldIndex("split_offsets")].type).branches[1]);
  EXPECT_EQ(*offsets.Attribute("element-id"), 133);
  const AvroNode& ts = schema->node(r2.fields[r2.FieldIndex("ts")].type);
  EXPECT_EQ(ts.type, AvroType::kLong);
  EXPECT_EQ(ts.logical_type, "timestamp-micros");
  EXPECT_EQ(*ts.Attribute("adjust-to-utc"), true);
}

TEST(AvroSchema, PrimitivesNamesAndNamespaces) {
  for (const char* p : {"null", "boolean", "int", "long", "float", "double", "bytes", "string"}) {
    auto s = ParseSchema(std::string("\"") + p + "\"");
    ASSERT_TRUE(s.ok()) << p;
    EXPECT_EQ(AvroTypeName(s->root_node().type), p);
    auto o = ParseSchema(std::string(R"({"type":")") + p + "\"}");
    ASSERT_TRUE(o.ok()) << p;
    EXPECT_EQ(o->root_node().type, s->root_node().type);
  }
  auto s = ParseSchema(R"({"type":"record","name":"a.b.outer","fields":[
    {"name":"x","type":{"type":"fixed","name":"md5","size":16}},
    {"name":"y","type":"md5"},
    {"name":"z","type":"a.b.md5"},
    {"name":"w","type":{"type":"enum","name":"other.e","symbols":["A","B"],"default":"B"}},
    {"name":"v","type":"other.e"},
    {"name":"u","type":{"type":"record","name":"in","namespace":"","fields":[]}},
    {"name":"t","type":"in"}]})");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  const AvroNode& root = s->root_node();
  EXPECT_EQ(root.name, "outer");
  EXPECT_EQ(root.name_space, "a.b");
  EXPECT_EQ(root.fields[0].type, root.fields[1].type);
  EXPECT_EQ(root.fields[0].type, root.fields[2].type);
  EXPECT_EQ(s->node(root.fields[0].type).full_name, "a.b.md5");
  EXPECT_EQ(s->node(root.fields[0].type).size, 16);
  EXPECT_EQ(s->node(root.fields[3].type).full_name, "other.e");
  EXPECT_EQ(s->node(root.fields[3].type).enum_default, 1);
  EXPECT_EQ(root.fields[3].type, root.fields[4].type);
  EXPECT_EQ(s->node(root.fields[5].type).full_name, "in");
  EXPECT_EQ(root.fields[5].type, root.fields[6].type);
}

void ExpectInvalid(std::string_view json, std::string_view needle) {
  auto s = ParseSchema(json);
  ASSERT_FALSE(s.ok()) << json;
  EXPECT_EQ(s.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.status().message().find(needle), std::string::npos) << s.status().ToString();
}

TEST(AvroSchema, ValidationErrorsNameThePath) {
  ExpectInvalid(R"({"type":"record","name":"r","fields":[{"name":"a","type":"int"},
      {"name":"b","type":{"type":"array","items":"r9"}}]})",
                "$.fields[1].type.items: unknown type 'r9'");
  ExpectInvalid(R"({"type":"record","name":"r","fields":[{"name":"a","type":"int"},
      {"name":"a","type":"long"}]})",
                "$.fields[1]: duplicate field a");
  ExpectInvalid(R"({"type":"record","name":"9r","fields":[]})", "invalid name");
  ExpectInvalid(R"({"type":"record","name":"r","fields":[{"name":"a-b","type":"int"}]})",
                "invalid \"name\"");
  ExpectInvalid(R"(["null",["int"]])", "$[1]: union inside a union");
  ExpectInvalid(R"(["null","int","null"])", "$[2]: duplicate union branch null");
  ExpectInvalid(R"([{"type":"array","items":"int"},{"type":"array","items":"long"}])",
                "duplicate union branch array");
  ExpectInvalid(
      R"({"type":"record","name":"r","fields":[{"name":"a","type":"int","default":"x"}]})",
      "$.fields[0].default: bad default");
  ExpectInvalid(
      R"({"type":"record","name":"r","fields":[{"name":"a","type":"int","default":4294967296}]})",
      "bad default");
  ExpectInvalid(R"({"type":"record","name":"r"})", "fields");
  ExpectInvalid(R"({"type":"fixed","name":"f"})", "size");
  ExpectInvalid(R"({"type":"fixed","name":"f","size":-1})", "size");
  ExpectInvalid(R"({"type":"enum","name":"e","symbols":["A","A"]})", "duplicate enum symbol");
  ExpectInvalid(R"({"type":"enum","name":"e","symbols":["A"],"default":"B"})", "no symbol");
  ExpectInvalid(R"({"type":"record","name":"r","fields":[{"name":"a","type":
      {"type":"record","name":"r","fields":[]}}]})",
                "duplicate name 'r'");
  ExpectInvalid(R"({"type":"record","name":"int","fields":[]})", "cannot redefine");
  ExpectInvalid(R"({"type":"array"})", "missing \"items\"");
  ExpectInvalid(R"({"type":"map","values":"nope"})", "$.values: unknown type");
  ExpectInvalid(R"({"type":"record","name":"r","fields":[]})"
                "x",
                "bad JSON");
  ExpectInvalid("42", "a schema is");
  ExpectInvalid(R"({"name":"r"})", "missing \"type\"");
  std::string deep;
  for (int i = 0; i < 500; ++i) deep += R"({"type":"array","items":)";
  deep += "\"int\"" + std::string(500, '}');
  ExpectInvalid(deep, "nested too deeply");
}

TEST(AvroSchema, Defaults) {
  auto s = ParseSchema(R"({"type":"record","name":"r","fields":[
    {"name":"a","type":"long","default":-5},
    {"name":"b","type":["null","int"],"default":null},
    {"name":"c","type":["int","null"],"default":null},
    {"name":"d","type":"bytes","default":"\u0000\u00ff"},
    {"name":"e","type":{"type":"fixed","name":"f2","size":2},"default":"ab"},
    {"name":"f","type":"double","default":"NaN"},
    {"name":"g","type":{"type":"array","items":"int"},"default":[1,2]},
    {"name":"h","type":{"type":"map","values":"string"},"default":{"k":"v"}},
    {"name":"i","type":{"type":"record","name":"sub","fields":[
       {"name":"x","type":"int","default":3},{"name":"y","type":"string"}]},"default":{"y":"why"}}
  ]})");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  const AvroNode& r = s->root_node();
  auto value = [&](int i) {
    auto v = ValueFromDefaultJson(*s, r.fields[i].type, *r.fields[i].default_value);
    EXPECT_TRUE(v.ok()) << v.status().ToString();
    return v.ok() ? *v : AvroValue();
  };
  EXPECT_EQ(value(0), AvroValue::Long(-5));
  EXPECT_EQ(value(1), AvroValue::OptionalNull());
  EXPECT_EQ(value(2), AvroValue::Union(1, AvroValue::Null()));  // Avro 1.12: any branch.
  EXPECT_EQ(value(3), AvroValue::Bytes(std::string("\0\xff", 2)));
  EXPECT_EQ(value(4), AvroValue::Fixed("ab"));
  EXPECT_TRUE(std::isnan(value(5).double_value()));
  EXPECT_EQ(value(6), AvroValue::Array({AvroValue::Int(1), AvroValue::Int(2)}));
  EXPECT_EQ(value(7), AvroValue::Map({{"k", AvroValue::String("v")}}));
  EXPECT_EQ(value(8), AvroValue::Record({AvroValue::Int(3), AvroValue::String("why")}));
  ExpectInvalid(R"({"type":"record","name":"r","fields":[{"name":"a",
      "type":{"type":"fixed","name":"f2","size":2},"default":"abc"}]})",
                "bad default");
  ExpectInvalid(R"({"type":"record","name":"r","fields":[{"name":"a","type":"bytes",
      "default":"\u0100"}]})",
                "bad default");
}

TEST(AvroSchema, RecursiveTypesAndDefaultSchema) {
  auto s = ParseSchema(R"({"type":"record","name":"tree","fields":[
    {"name":"children","type":{"type":"array","items":"tree"}}]})");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  const AvroNode& root = s->root_node();
  EXPECT_EQ(s->node(s->node(root.fields[0].type).items).full_name, "tree");
  EXPECT_EQ(&s->node(s->node(root.fields[0].type).items), &root);
  AvroSchema null_schema;
  EXPECT_EQ(null_schema.ToJson(), "\"null\"");
  EXPECT_EQ(null_schema.root_node().type, AvroType::kNull);
}

}  // namespace
}  // namespace floe::avro
