#include "floe/format/avro/resolution.h"

#include <gtest/gtest.h>

namespace floe::avro {
namespace {

AvroSchema Schema(std::string_view json) {
  auto s = ParseSchema(json);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return s.ok() ? *s : AvroSchema();
}

// Encodes `v` with `writer` and reads it back as `reader`.
Result<AvroValue> ReadAs(std::string_view writer_json, std::string_view reader_json,
                         const AvroValue& v, ResolveOptions options = {}) {
  AvroSchema writer = Schema(writer_json);
  AvroSchema reader = Schema(reader_json);
  std::string bytes;
  FLOE_RETURN_IF_ERROR(EncodeValue(writer, v, &bytes));
  FLOE_ASSIGN_OR_RETURN(Resolver resolver, Resolver::Make(writer, reader, options));
  Decoder in(bytes);
  FLOE_ASSIGN_OR_RETURN(AvroValue out, resolver.Decode(&in));
  if (in.remaining() != 0) return Internal("bytes left over");
  return out;
}

void ExpectRead(std::string_view writer, std::string_view reader, const AvroValue& v,
                const AvroValue& want) {
  auto got = ReadAs(writer, reader, v);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(*got, want);
}

TEST(AvroResolution, Promotions) {
  ExpectRead(R"("int")", R"("long")", AvroValue::Int(-7), AvroValue::Long(-7));
  ExpectRead(R"("int")", R"("float")", AvroValue::Int(1 << 24), AvroValue::Float(16777216.0f));
  ExpectRead(R"("int")", R"("double")", AvroValue::Int(INT32_MIN), AvroValue::Double(INT32_MIN));
  ExpectRead(R"("long")", R"("float")", AvroValue::Long(3), AvroValue::Float(3.0f));
  ExpectRead(R"("long")", R"("double")", AvroValue::Long(INT64_MIN),
             AvroValue::Double(-9223372036854775808.0));
  ExpectRead(R"("float")", R"("double")", AvroValue::Float(0.1f),
             AvroValue::Double(static_cast<double>(0.1f)));
  ExpectRead(R"("string")", R"("bytes")", AvroValue::String("é"), AvroValue::Bytes("é"));
  ExpectRead(R"("bytes")", R"("string")", AvroValue::Bytes("x"), AvroValue::String("x"));
  ExpectRead(R"({"type":"array","items":"int"})", R"({"type":"array","items":"double"})",
             AvroValue::Array({AvroValue::Int(1), AvroValue::Int(2)}),
             AvroValue::Array({AvroValue::Double(1), AvroValue::Double(2)}));
  ExpectRead(R"({"type":"map","values":"int"})", R"({"type":"map","values":"long"})",
             AvroValue::Map({{"a", AvroValue::Int(1)}}),
             AvroValue::Map({{"a", AvroValue::Long(1)}}));
  // No demotions or unrelated types.
  for (auto [w, r] : {std::pair{R"("long")", R"("int")"},
                      {R"("double")", R"("float")"},
                      {R"("string")", R"("int")"},
                      {R"("int")", R"("string")"},
                      {R"({"type":"array","items":"int"})", R"({"type":"map","values":"int"})"}}) {
    auto s = Resolver::Make(Schema(w), Schema(r));
    EXPECT_EQ(s.status().code(), StatusCode::kInvalidArgument) << w << " -> " << r;
  }
}

constexpr char kWriterV1[] = R"({"type":"record","name":"manifest_entry","fields":[
  {"name":"status","type":"int","field-id":0},
  {"name":"snapshot_id","type":"long","field-id":1},
  {"name":"data_file","type":{"type":"record","name":"r2","fields":[
    {"name":"file_path","type":"string","field-id":100},
    {"name":"block_size_in_bytes","type":"long","field-id":105},
    {"name":"file_ordinal","type":["null",{"type":"array","items":["null",{"type":"map","values":"bytes"}]}],"field-id":106},
    {"name":"record_count","type":"int","field-id":103},
    {"name":"sort_columns","type":["null",{"type":"record","name":"sc","fields":[{"name":"a","type":"string"}]}],"default":null}
  ]},"field-id":2}]})";

constexpr char kReaderV2[] = R"({"type":"record","name":"manifest_entry","fields":[
  {"name":"status","type":"int","field-id":0},
  {"name":"snapshot_id","type":["null","long"],"default":null,"field-id":1},
  {"name":"sequence_number","type":["null","long"],"default":null,"field-id":3},
  {"name":"data_file","type":{"type":"record","name":"r2","fields":[
    {"name":"content","type":"int","default":0,"field-id":134},
    {"name":"record_count","type":"long","field-id":103},
    {"name":"path","aliases":["file_path"],"type":"string","field-id":100}
  ]},"field-id":2}]})";

TEST(AvroResolution, IcebergV1EntryReadWithV2Schema) {
  // Added fields take defaults, removed fields (incl. complex ones) are skipped,
  // int → long, a plain long lands in the reader's ["null","long"], fields
  // reorder, and a reader alias matches the writer's name.
  AvroValue v1 = AvroValue::Record({
      AvroValue::Int(1),
      AvroValue::Long(42),
      AvroValue::Record({
          AvroValue::String("s3://b/f.parquet"),
          AvroValue::Long(67108864),
          AvroValue::Optional(AvroValue::Array(
              {AvroValue::OptionalNull(),
               AvroValue::Optional(AvroValue::Map({{"k", AvroValue::Bytes("v")}}))})),
          AvroValue::Int(12),
          AvroValue::Optional(AvroValue::Record({AvroValue::String("x")})),
      }),
  });
  AvroValue want = AvroValue::Record({
      AvroValue::Int(1),
      AvroValue::Optional(AvroValue::Long(42)),
      AvroValue::OptionalNull(),
      AvroValue::Record(
          {AvroValue::Int(0), AvroValue::Long(12), AvroValue::String("s3://b/f.parquet")}),
  });
  ExpectRead(kWriterV1, kReaderV2, v1, want);
}

TEST(AvroResolution, MissingFieldWithoutDefaultFails) {
  auto s =
      Resolver::Make(Schema(R"({"type":"record","name":"r","fields":[{"name":"a","type":"int"}]})"),
                     Schema(R"({"type":"record","name":"r","fields":[{"name":"a","type":"int"},
        {"name":"b","type":"int"}]})"));
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("r.b is not written and has no default"), std::string::npos)
      << s.status().ToString();
}

TEST(AvroResolution, Unions) {
  const char* opt_long = R"(["null","long"])";
  // Writer union → reader non-union: fine for the matching branch, an error
  // only when a record actually uses the other branch.
  ExpectRead(opt_long, R"("long")", AvroValue::Optional(AvroValue::Long(5)), AvroValue::Long(5));
  auto null_read = ReadAs(opt_long, R"("long")", AvroValue::OptionalNull());
  EXPECT_EQ(null_read.status().code(), StatusCode::kInvalidArgument);
  // Reader union gets the writer's non-union value in the matching branch.
  ExpectRead(R"("int")", R"(["null","string","long"])", AvroValue::Int(3),
             AvroValue::Union(2, AvroValue::Long(3)));
  ExpectRead(R"("string")", R"(["null","string"])", AvroValue::String("a"),
             AvroValue::Optional(AvroValue::String("a")));
  EXPECT_FALSE(Resolver::Make(Schema(R"("boolean")"), Schema(opt_long)).ok());
  // Union → union with reordered branches and promotion; exact beats promoted.
  ExpectRead(R"(["long","null"])", opt_long, AvroValue::Union(1, AvroValue::Null()),
             AvroValue::OptionalNull());
  ExpectRead(R"(["long","null"])", opt_long, AvroValue::Union(0, AvroValue::Long(-1)),
             AvroValue::Optional(AvroValue::Long(-1)));
  ExpectRead(R"(["null","int"])", R"(["null","double","int"])",
             AvroValue::Optional(AvroValue::Int(9)), AvroValue::Union(2, AvroValue::Int(9)));
  ExpectRead(R"(["null","int"])", R"(["null","double"])", AvroValue::Optional(AvroValue::Int(9)),
             AvroValue::Optional(AvroValue::Double(9)));
  // A writer branch without a reader match fails only when used.
  ExpectRead(R"(["null","boolean"])", R"(["null","long"])", AvroValue::OptionalNull(),
             AvroValue::OptionalNull());
  EXPECT_EQ(ReadAs(R"(["null","boolean"])", R"(["null","long"])",
                   AvroValue::Optional(AvroValue::Boolean(true)))
                .status()
                .code(),
            StatusCode::kInvalidArgument);
  // Records in unions match by name.
  ExpectRead(R"(["null",{"type":"record","name":"a","fields":[{"name":"x","type":"int"}]}])",
             R"(["null",{"type":"record","name":"b","fields":[{"name":"x","type":"int"}]},
                 {"type":"record","name":"a","fields":[{"name":"x","type":"long"}]}])",
             AvroValue::Optional(AvroValue::Record({AvroValue::Int(1)})),
             AvroValue::Union(2, AvroValue::Record({AvroValue::Long(1)})));
}

TEST(AvroResolution, NamesAliasesEnumsFixed) {
  const char* w = R"({"type":"record","name":"ns.old","fields":[{"name":"x","type":"int"}]})";
  const char* r = R"({"type":"record","name":"other.new","fields":[{"name":"x","type":"int"}]})";
  EXPECT_FALSE(Resolver::Make(Schema(w), Schema(r)).ok());
  EXPECT_TRUE(Resolver::Make(Schema(w), Schema(r), ResolveOptions{.match_names = false}).ok());
  ExpectRead(
      w,
      R"({"type":"record","name":"new","aliases":["ns.old"],"fields":[{"name":"x","type":"int"}]})",
      AvroValue::Record({AvroValue::Int(1)}), AvroValue::Record({AvroValue::Int(1)}));
  // Same unqualified name in another namespace matches.
  ExpectRead(w, R"({"type":"record","name":"x.y.old","fields":[{"name":"x","type":"long"}]})",
             AvroValue::Record({AvroValue::Int(1)}), AvroValue::Record({AvroValue::Long(1)}));

  const char* we = R"({"type":"enum","name":"e","symbols":["A","B","C"]})";
  ExpectRead(we, R"({"type":"enum","name":"e","symbols":["C","A"],"default":"A"})",
             AvroValue::Enum(2), AvroValue::Enum(0));
  ExpectRead(we, R"({"type":"enum","name":"e","symbols":["C","A"],"default":"A"})",
             AvroValue::Enum(1), AvroValue::Enum(1));
  EXPECT_EQ(ReadAs(we, R"({"type":"enum","name":"e","symbols":["C","A"]})", AvroValue::Enum(1))
                .status()
                .code(),
            StatusCode::kInvalidArgument);
  ExpectRead(R"({"type":"fixed","name":"f","size":2})", R"({"type":"fixed","name":"f","size":2})",
             AvroValue::Fixed("ab"), AvroValue::Fixed("ab"));
  EXPECT_FALSE(Resolver::Make(Schema(R"({"type":"fixed","name":"f","size":2})"),
                              Schema(R"({"type":"fixed","name":"f","size":3})"))
                   .ok());
}

TEST(AvroResolution, RecursiveSchemas) {
  const char* w = R"({"type":"record","name":"node","fields":[
    {"name":"v","type":"int"},{"name":"tag","type":"string"},{"name":"next","type":["null","node"]}]})";
  const char* r = R"({"type":"record","name":"node","fields":[
    {"name":"next","type":["null","node"]},{"name":"v","type":"long"}]})";
  AvroValue list = AvroValue::Record(
      {AvroValue::Int(1), AvroValue::String("a"),
       AvroValue::Optional(AvroValue::Record(
           {AvroValue::Int(2), AvroValue::String("b"), AvroValue::OptionalNull()}))});
  AvroValue want = AvroValue::Record(
      {AvroValue::Optional(AvroValue::Record({AvroValue::OptionalNull(), AvroValue::Long(2)})),
       AvroValue::Long(1)});
  ExpectRead(w, r, list, want);
}

TEST(AvroResolution, TruncatedInputIsDataLoss) {
  AvroSchema writer = Schema(kWriterV1);
  AvroSchema reader = Schema(kReaderV2);
  auto resolver = Resolver::Make(writer, reader);
  ASSERT_TRUE(resolver.ok()) << resolver.status().ToString();
  AvroValue v1 = AvroValue::Record(
      {AvroValue::Int(1), AvroValue::Long(42),
       AvroValue::Record({AvroValue::String("p"), AvroValue::Long(1),
                          AvroValue::Optional(AvroValue::Array({AvroValue::OptionalNull()})),
                          AvroValue::Int(12), AvroValue::OptionalNull()})});
  std::string bytes;
  ASSERT_TRUE(EncodeValue(writer, v1, &bytes).ok());
  for (size_t n = 0; n < bytes.size(); ++n) {
    Decoder in(std::string_view(bytes).substr(0, n));
    auto r = resolver->Decode(&in);
    ASSERT_FALSE(r.ok()) << n;
    EXPECT_EQ(r.status().code(), StatusCode::kDataLoss) << r.status().ToString();
  }
}

}  // namespace
}  // namespace floe::avro
