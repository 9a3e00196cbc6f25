#include "floe/format/avro/encoding.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace floe::avro {
namespace {

AvroSchema Schema(std::string_view json) {
  auto s = ParseSchema(json);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return s.ok() ? *s : AvroSchema();
}

std::string Encode(const AvroSchema& schema, const AvroValue& v) {
  std::string out;
  Status st = EncodeValue(schema, v, &out);
  EXPECT_TRUE(st.ok()) << st.ToString();
  return out;
}

std::string Hex(const std::string& s) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    if (!out.empty()) out += ' ';
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

// Encodes, decodes, compares; then checks every strict prefix fails with DataLoss
// (unless the datum may legitimately be empty) and that SkipValue consumes all.
void RoundTrip(const AvroSchema& schema, const AvroValue& v) {
  std::string bytes = Encode(schema, v);
  Decoder in(bytes);
  auto back = DecodeValue(schema, &in);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, v) << schema.ToJson();
  EXPECT_EQ(in.remaining(), 0u);
  Decoder skip(bytes);
  ASSERT_TRUE(SkipValue(schema, schema.root(), &skip).ok());
  EXPECT_EQ(skip.remaining(), 0u);
  for (size_t n = 0; n < bytes.size(); ++n) {
    Decoder prefix(std::string_view(bytes).substr(0, n));
    auto r = DecodeValue(schema, &prefix);
    EXPECT_FALSE(r.ok() && prefix.remaining() == 0 && *r == v) << "prefix " << n;
    if (!r.ok()) {
      EXPECT_EQ(r.status().code(), StatusCode::kDataLoss) << r.status().ToString();
    }
  }
}

TEST(AvroEncoding, SpecExamples) {
  // Spec "Binary Encoding": zigzag varints and the string "foo".
  AvroSchema l = Schema(R"("long")");
  EXPECT_EQ(Hex(Encode(l, AvroValue::Long(0))), "00");
  EXPECT_EQ(Hex(Encode(l, AvroValue::Long(-1))), "01");
  EXPECT_EQ(Hex(Encode(l, AvroValue::Long(1))), "02");
  EXPECT_EQ(Hex(Encode(l, AvroValue::Long(-2))), "03");
  EXPECT_EQ(Hex(Encode(l, AvroValue::Long(2))), "04");
  EXPECT_EQ(Hex(Encode(l, AvroValue::Long(-64))), "7f");
  EXPECT_EQ(Hex(Encode(l, AvroValue::Long(64))), "80 01");
  EXPECT_EQ(Hex(Encode(Schema(R"("string")"), AvroValue::String("foo"))), "06 66 6f 6f");
  // Spec example: array of longs {3, 27} and union ["null","string"] "a".
  EXPECT_EQ(Hex(Encode(Schema(R"({"type":"array","items":"long"})"),
                       AvroValue::Array({AvroValue::Long(3), AvroValue::Long(27)}))),
            "04 06 36 00");
  AvroSchema u = Schema(R"(["null","string"])");
  EXPECT_EQ(Hex(Encode(u, AvroValue::Union(1, AvroValue::String("a")))), "02 02 61");
  EXPECT_EQ(Hex(Encode(u, AvroValue::OptionalNull())), "00");
  EXPECT_EQ(Hex(Encode(Schema(R"("float")"), AvroValue::Float(1.0f))), "00 00 80 3f");
  EXPECT_EQ(Hex(Encode(Schema(R"("boolean")"), AvroValue::Boolean(true))), "01");
}

TEST(AvroEncoding, PrimitiveEdgeValues) {
  AvroSchema i = Schema(R"("int")");
  for (int32_t v : {0, 1, -1, 63, -64, 64, INT32_MAX, INT32_MIN}) RoundTrip(i, AvroValue::Int(v));
  EXPECT_EQ(Hex(Encode(i, AvroValue::Int(INT32_MIN))), "ff ff ff ff 0f");
  AvroSchema l = Schema(R"("long")");
  for (int64_t v : {int64_t{0}, int64_t{-1}, INT64_MAX, INT64_MIN, int64_t{1} << 53}) {
    RoundTrip(l, AvroValue::Long(v));
  }
  EXPECT_EQ(Hex(Encode(l, AvroValue::Long(INT64_MIN))), "ff ff ff ff ff ff ff ff ff 01");
  AvroSchema f = Schema(R"("float")");
  for (float v : {0.0f, -0.0f, 1.5f, std::numeric_limits<float>::infinity(),
                  -std::numeric_limits<float>::infinity(), std::numeric_limits<float>::quiet_NaN(),
                  std::numeric_limits<float>::denorm_min(), std::numeric_limits<float>::max()}) {
    RoundTrip(f, AvroValue::Float(v));
  }
  AvroSchema d = Schema(R"("double")");
  for (double v :
       {0.0, -0.0, 0.1, 1e300, std::numeric_limits<double>::quiet_NaN(),
        std::numeric_limits<double>::denorm_min(), -std::numeric_limits<double>::infinity()}) {
    RoundTrip(d, AvroValue::Double(v));
  }
  RoundTrip(Schema(R"("boolean")"), AvroValue::Boolean(false));
  RoundTrip(Schema(R"("boolean")"), AvroValue::Boolean(true));
  RoundTrip(Schema(R"("null")"), AvroValue::Null());
  AvroSchema s = Schema(R"("string")");
  RoundTrip(s, AvroValue::String(""));
  RoundTrip(s, AvroValue::String("héllo 日本語 🦆"));
  RoundTrip(s, AvroValue::String(std::string(100000, 'x')));
  AvroSchema b = Schema(R"("bytes")");
  RoundTrip(b, AvroValue::Bytes(""));
  RoundTrip(b, AvroValue::Bytes(std::string("\0\xff\x80", 3)));
}

TEST(AvroEncoding, ComplexTypes) {
  AvroSchema schema = Schema(R"({"type":"record","name":"r","namespace":"ns","fields":[
    {"name":"e","type":{"type":"enum","name":"color","symbols":["RED","GREEN"]}},
    {"name":"fx","type":{"type":"fixed","name":"f4","size":4}},
    {"name":"empty_fx","type":{"type":"fixed","name":"f0","size":0}},
    {"name":"arr","type":{"type":"array","items":"string"}},
    {"name":"m","type":{"type":"map","values":["null","long"]}},
    {"name":"nested","type":["null",{"type":"record","name":"inner","fields":[
      {"name":"u","type":["null","int",{"type":"array","items":["null","f4"]}]}]}]},
    {"name":"again","type":"ns.inner"},
    {"name":"empty_rec","type":{"type":"record","name":"nothing","fields":[]}}]})");
  auto make = [](std::vector<AvroValue> arr, AvroValue nested_u) {
    return AvroValue::Record({
        AvroValue::Enum(1),
        AvroValue::Fixed("abcd"),
        AvroValue::Fixed(""),
        AvroValue::Array(std::move(arr)),
        AvroValue::Map({{"a", AvroValue::Optional(AvroValue::Long(INT64_MIN))},
                        {"", AvroValue::OptionalNull()}}),
        AvroValue::Optional(AvroValue::Record({nested_u})),
        AvroValue::Record({AvroValue::Union(1, AvroValue::Int(-7))}),
        AvroValue::Record({}),
    });
  };
  RoundTrip(schema, make({}, AvroValue::OptionalNull()));
  RoundTrip(
      schema,
      make({AvroValue::String(""), AvroValue::String("x")},
           AvroValue::Union(2, AvroValue::Array({AvroValue::OptionalNull(),
                                                 AvroValue::Optional(AvroValue::Fixed("wxyz"))}))));
  RoundTrip(schema, make({}, AvroValue::Union(2, AvroValue::Array({}))));
  // Empty map and empty array encode as a single 0.
  AvroSchema m = Schema(R"({"type":"map","values":"int"})");
  EXPECT_EQ(Hex(Encode(m, AvroValue::Map({}))), "00");
}

TEST(AvroEncoding, RecursiveSchema) {
  AvroSchema list = Schema(R"({"type":"record","name":"node","fields":[
    {"name":"v","type":"int"},{"name":"next","type":["null","node"]}]})");
  AvroValue v = AvroValue::Record({AvroValue::Int(3), AvroValue::OptionalNull()});
  for (int i = 2; i >= 0; --i) v = AvroValue::Record({AvroValue::Int(i), AvroValue::Optional(v)});
  RoundTrip(list, v);
  // Nesting past the limit is DataLoss, not a stack overflow.
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += std::string("\x00\x02", 2);
  Decoder in(deep);
  auto r = DecodeValue(list, &in);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kDataLoss);
}

TEST(AvroEncoding, NegativeBlockCountsWithSizes) {
  // Writers may emit a negative count followed by the block's byte size.
  AvroSchema schema = Schema(R"({"type":"record","name":"r","fields":[
    {"name":"a","type":{"type":"array","items":"long"}},{"name":"b","type":"int"}]})");
  std::string bytes;
  WriteLong(-2, &bytes);
  WriteLong(2, &bytes);
  WriteLong(3, &bytes);
  WriteLong(27, &bytes);
  WriteLong(1, &bytes);
  WriteLong(5, &bytes);
  WriteLong(0, &bytes);
  WriteLong(-9, &bytes);
  Decoder in(bytes);
  auto v = DecodeValue(schema, &in);
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(*v, AvroValue::Record({AvroValue::Array({AvroValue::Long(3), AvroValue::Long(27),
                                                     AvroValue::Long(5)}),
                                   AvroValue::Int(-9)}));
  Decoder skip(bytes);
  ASSERT_TRUE(SkipValue(schema, schema.root(), &skip).ok());
  EXPECT_EQ(skip.remaining(), 0u);
}

TEST(AvroEncoding, HostileCounts) {
  AvroSchema longs = Schema(R"({"type":"array","items":"long"})");
  std::string bytes;
  WriteLong(int64_t{1} << 60, &bytes);
  Decoder in(bytes);
  EXPECT_EQ(DecodeValue(longs, &in).status().code(), StatusCode::kDataLoss);
  // Null items take no bytes: bounded by DecodeLimits::max_empty_items.
  AvroSchema nulls = Schema(R"({"type":"array","items":"null"})");
  bytes.clear();
  WriteLong(int64_t{1} << 40, &bytes);
  WriteLong(0, &bytes);
  Decoder in2(bytes);
  EXPECT_EQ(DecodeValue(nulls, &in2).status().code(), StatusCode::kDataLoss);
  bytes.clear();
  WriteLong(1000, &bytes);
  WriteLong(0, &bytes);
  Decoder in3(bytes);
  auto ok = DecodeValue(nulls, &in3);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->children().size(), 1000u);
  // A string length beyond the input.
  bytes.clear();
  WriteLong(INT64_MAX, &bytes);
  Decoder in4(bytes);
  EXPECT_EQ(DecodeValue(Schema(R"("string")"), &in4).status().code(), StatusCode::kDataLoss);
  // Out-of-range union branch, enum index, int value and boolean byte.
  Decoder in5(std::string_view("\x04", 1));
  EXPECT_EQ(DecodeValue(Schema(R"(["null","int"])"), &in5).status().code(), StatusCode::kDataLoss);
  Decoder in6(std::string_view("\x04", 1));
  EXPECT_EQ(
      DecodeValue(Schema(R"({"type":"enum","name":"e","symbols":["A"]})"), &in6).status().code(),
      StatusCode::kDataLoss);
  bytes.clear();
  WriteLong(int64_t{1} << 40, &bytes);
  Decoder in7(bytes);
  EXPECT_EQ(DecodeValue(Schema(R"("int")"), &in7).status().code(), StatusCode::kDataLoss);
  Decoder in8(std::string_view("\x02", 1));
  EXPECT_EQ(DecodeValue(Schema(R"("boolean")"), &in8).status().code(), StatusCode::kDataLoss);
  // An over-long varint.
  Decoder in9(std::string_view("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 11));
  EXPECT_EQ(DecodeValue(Schema(R"("long")"), &in9).status().code(), StatusCode::kDataLoss);
}

TEST(AvroEncoding, EncoderRejectsMisshapenValues) {
  AvroSchema schema = Schema(R"({"type":"record","name":"r","fields":[
    {"name":"a","type":"long"},
    {"name":"b","type":{"type":"array","items":{"type":"fixed","name":"f","size":2}}},
    {"name":"c","type":["null","string"]}]})");
  std::string out;
  Status st = EncodeValue(
      schema,
      AvroValue::Record({AvroValue::Int(1), AvroValue::Array({}), AvroValue::OptionalNull()}),
      &out);
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(st.message().find("a: expected long, got int"), std::string::npos) << st.ToString();
  st = EncodeValue(
      schema,
      AvroValue::Record({AvroValue::Long(1),
                         AvroValue::Array({AvroValue::Fixed("ab"), AvroValue::Fixed("x")}),
                         AvroValue::OptionalNull()}),
      &out);
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(st.message().find("b: [1]"), std::string::npos) << st.ToString();
  st = EncodeValue(schema,
                   AvroValue::Record({AvroValue::Long(1), AvroValue::Array({}),
                                      AvroValue::Union(2, AvroValue::Null())}),
                   &out);
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  st = EncodeValue(schema, AvroValue::Record({AvroValue::Long(1)}), &out);
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  st = EncodeValue(schema,
                   AvroValue::Record({AvroValue::Long(1), AvroValue::Array({}),
                                      AvroValue::String("not wrapped in a union")}),
                   &out);
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
}

TEST(AvroValue, FieldByNameAndNonNull) {
  AvroSchema schema = Schema(R"({"type":"record","name":"r","fields":[
    {"name":"a","type":"long"},{"name":"b","type":["null","string"]}]})");
  AvroValue v =
      AvroValue::Record({AvroValue::Long(7), AvroValue::Optional(AvroValue::String("s"))});
  ASSERT_NE(v.Field(schema.root_node(), "a"), nullptr);
  EXPECT_EQ(v.Field(schema.root_node(), "a")->long_value(), 7);
  EXPECT_EQ(v.Field(schema.root_node(), "zz"), nullptr);
  EXPECT_EQ(v.Field(1).NonNull()->bytes(), "s");
  EXPECT_EQ(AvroValue::OptionalNull().NonNull(), nullptr);
  EXPECT_EQ(AvroValue::Map({{"k", AvroValue::Int(1)}}).map_keys()[0], "k");
  EXPECT_FALSE(AvroValue::Double(0.0) == AvroValue::Double(-0.0));
}

}  // namespace
}  // namespace floe::avro
