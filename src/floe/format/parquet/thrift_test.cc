#include "floe/format/parquet/thrift.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "floe/format/parquet/metadata.h"
#include "floe/format/parquet/schema.h"

namespace floe::parquet {
namespace {

std::string Hex(std::string_view s) {
  static const char* kDigits = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (!out.empty()) out += ' ';
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

std::string Bytes(std::initializer_list<uint8_t> b) { return std::string(b.begin(), b.end()); }

Result<FileMetaData> Decode(const std::string& s) {
  // Decode from an exactly sized heap copy so ASan sees any over-read.
  std::vector<uint8_t> copy(s.begin(), s.end());
  return DecodeFileMetaData(copy.data(), copy.size());
}

SchemaElement IdElement() {
  SchemaElement e;
  e.type = PhysicalType::kInt64;
  e.repetition = Repetition::kOptional;
  e.name = "id";
  e.field_id = 1;
  return e;
}

// ---- Byte-exact examples from the checklist ---------------------------------

TEST(ThriftWriterTest, SchemaElementByteExample) {
  std::string out;
  thrift::Writer w(&out);
  w.I32(1, 2);        // type = INT64
  w.I32(3, 1);        // repetition_type = OPTIONAL
  w.Binary(4, "id");  // name
  w.I32(9, 1);        // field_id
  w.Stop();
  EXPECT_EQ(Hex(out), "15 04 25 02 18 02 69 64 55 02 00");
}

TEST(ThriftMetadataTest, FooterContainsSchemaElementBytes) {
  FileMetaData md;
  SchemaElement root;
  root.name = "table";
  root.num_children = 1;
  md.schema = {root, IdElement()};
  std::string out;
  EncodeFileMetaData(md, &out);
  std::string want = Bytes({0x15, 0x04, 0x25, 0x02, 0x18, 0x02, 0x69, 0x64, 0x55, 0x02, 0x00});
  EXPECT_NE(out.find(want), std::string::npos) << Hex(out);
}

TEST(ThriftMetadataTest, StringAndTimestampColumnBytes) {
  // The schema the writer emits for an Iceberg string and timestamptz column.
  LogicalType str{.kind = LogicalType::kString};
  LogicalType tstz{
      .kind = LogicalType::kTimestamp, .adjusted_to_utc = true, .unit = TimeUnit::kMicros};
  auto schema =
      Schema::Make({Node::Leaf("s", 3, Repetition::kOptional, PhysicalType::kByteArray, str),
                    Node::Leaf("ts", 2, Repetition::kOptional, PhysicalType::kInt64, tstz)});
  ASSERT_TRUE(schema.ok()) << schema.status().ToString();
  FileMetaData md;
  md.schema = schema->ToThrift();
  std::string out;
  EncodeFileMetaData(md, &out);
  // type BYTE_ARRAY, OPTIONAL, "s", converted UTF8, field_id 3, logicalType {1: StringType{}}.
  std::string s_bytes = Bytes({0x15, 0x0C, 0x25, 0x02, 0x18, 0x01, 0x73, 0x25, 0x00, 0x35, 0x06,
                               0x1C, 0x1C, 0x00, 0x00, 0x00});
  EXPECT_NE(out.find(s_bytes), std::string::npos) << Hex(out);
  // type INT64, OPTIONAL, "ts", converted TIMESTAMP_MICROS (10), field_id 2,
  // logicalType {8: TimestampType{1: true, 2: TimeUnit{2: MICROS{}}}}.
  std::string ts_bytes = Bytes({0x15, 0x04, 0x25, 0x02, 0x18, 0x02, 0x74, 0x73, 0x25, 0x14, 0x35,
                                0x04, 0x1C, 0x8C, 0x11, 0x1C, 0x2C, 0x00, 0x00, 0x00, 0x00, 0x00});
  EXPECT_NE(out.find(ts_bytes), std::string::npos) << Hex(out);
}

TEST(ThriftWriterTest, ListHeaders) {
  std::string out;
  thrift::Writer w(&out);
  w.BeginList(2, thrift::kI32, 3);
  w.ListI32(0);
  w.ListI32(3);
  w.ListI32(-1);
  w.BeginList(3, thrift::kBinary, 15);  // 15 elements needs the long form
  for (int i = 0; i < 15; ++i) w.ListBinary("");
  w.Stop();
  EXPECT_EQ(Hex(out.substr(0, 5)), "29 35 00 06 01");
  EXPECT_EQ(Hex(out.substr(5, 3)), "19 F8 0F");
}

// ---- Long-form field headers ------------------------------------------------

TEST(ThriftReaderTest, LongFormFieldHeaderRoundTrip) {
  std::string out;
  thrift::Writer w(&out);
  w.I32(1, 7);
  w.I64(20, -5);        // delta 19 > 15: long form
  w.Binary(300, "xy");  // delta 280
  w.I32(2, 9);          // decreasing id: long form
  w.Bool(40, true);
  w.Bool(41, false);
  w.Stop();
  // Field 20 as long form: type byte 06, then zigzag(20) = 40 = 0x28.
  EXPECT_EQ(Hex(out.substr(2, 2)), "06 28");

  thrift::Reader r(reinterpret_cast<const uint8_t*>(out.data()), out.size());
  int16_t id;
  thrift::Type t;
  int32_t i32;
  int64_t i64;
  std::string s;
  bool b;
  ASSERT_TRUE(r.ReadFieldHeader(&id, &t).ok());
  EXPECT_EQ(id, 1);
  ASSERT_TRUE(r.ReadI32(t, &i32).ok());
  EXPECT_EQ(i32, 7);
  ASSERT_TRUE(r.ReadFieldHeader(&id, &t).ok());
  EXPECT_EQ(id, 20);
  ASSERT_TRUE(r.ReadI64(t, &i64).ok());
  EXPECT_EQ(i64, -5);
  ASSERT_TRUE(r.ReadFieldHeader(&id, &t).ok());
  EXPECT_EQ(id, 300);
  ASSERT_TRUE(r.ReadBinary(t, &s).ok());
  EXPECT_EQ(s, "xy");
  ASSERT_TRUE(r.ReadFieldHeader(&id, &t).ok());
  EXPECT_EQ(id, 2);
  ASSERT_TRUE(r.ReadI32(t, &i32).ok());
  EXPECT_EQ(i32, 9);
  ASSERT_TRUE(r.ReadFieldHeader(&id, &t).ok());
  EXPECT_EQ(id, 40);
  ASSERT_TRUE(r.ReadBool(t, &b).ok());
  EXPECT_TRUE(b);
  ASSERT_TRUE(r.ReadFieldHeader(&id, &t).ok());
  EXPECT_EQ(id, 41);
  ASSERT_TRUE(r.ReadBool(t, &b).ok());
  EXPECT_FALSE(b);
  ASSERT_TRUE(r.ReadFieldHeader(&id, &t).ok());
  EXPECT_EQ(t, thrift::kStop);
  EXPECT_EQ(r.position(), out.size());
}

TEST(ThriftReaderTest, NestedStructsRestoreLastFieldId) {
  std::string out;
  thrift::Writer w(&out);
  w.I32(3, 1);
  w.BeginStruct(5);
  w.I32(14, 2);
  w.EndStruct();
  w.I32(6, 3);  // delta 1 from 5, not from 14
  w.Stop();
  EXPECT_EQ(Hex(out), "35 02 2C E5 04 00 15 06 00");
}

TEST(ThriftMetadataTest, UnknownFieldsAreSkipped) {
  // A footer with fields from a newer parquet.thrift in every position: unknown
  // top-level fields of every type, and an unknown field inside SchemaElement.
  std::string out;
  thrift::Writer w(&out);
  w.I32(1, 1);
  w.BeginList(2, thrift::kStruct, 1);
  w.BeginListStruct();
  w.Binary(4, "table");
  w.I32(5, 0);
  w.I64(77, 123456789);  // unknown
  w.EndStruct();
  w.I64(3, 0);
  w.BeginList(4, thrift::kStruct, 0);
  w.Binary(50, "future");
  w.BeginStruct(51);
  w.BeginList(1, thrift::kBinary, 2);
  w.ListBinary("a");
  w.ListBinary("b");
  w.BeginStruct(2);
  w.Bool(1, true);
  w.EndStruct();
  w.EndStruct();
  w.Bool(52, false);
  w.Stop();
  // Append a double field (id 53) and a map field (id 54) by hand before the stop.
  out.pop_back();
  out += Bytes({0x17});  // delta 1, double
  out += std::string(8, '\x01');
  out += Bytes({0x1B, 0x01, 0x85, 0x01, 0x61, 0x05});  // map<binary,i32> {"a": -3}
  out += Bytes({0x13, 0x7F});                          // id 55, i8
  out += Bytes({0x00});
  auto md = Decode(out);
  ASSERT_TRUE(md.ok()) << md.status().ToString();
  EXPECT_EQ(md->version, 1);
  ASSERT_EQ(md->schema.size(), 1u);
  EXPECT_EQ(md->schema[0].name, "table");
  EXPECT_EQ(md->schema[0].num_children, 0);
}

// ---- FileMetaData round trip ------------------------------------------------

FileMetaData FullMetaData() {
  FileMetaData md;
  md.version = 1;
  SchemaElement root;
  root.name = "table";
  root.num_children = 8;
  md.schema.push_back(root);
  auto leaf = [](std::string name, PhysicalType t, int32_t id, Repetition rep, LogicalType lt,
                 std::optional<ConvertedType> ct) {
    SchemaElement e;
    e.type = t;
    e.name = std::move(name);
    e.field_id = id;
    e.repetition = rep;
    e.logical_type = lt;
    e.converted_type = ct;
    return e;
  };
  md.schema.push_back(IdElement());
  md.schema.push_back(leaf("s", PhysicalType::kByteArray, 2, Repetition::kRequired,
                           LogicalType{.kind = LogicalType::kString}, ConvertedType::kUtf8));
  SchemaElement dec = leaf("d", PhysicalType::kFixedLenByteArray, 3, Repetition::kOptional,
                           LogicalType{.kind = LogicalType::kDecimal, .scale = 10, .precision = 38},
                           ConvertedType::kDecimal);
  dec.type_length = 16;
  dec.scale = 10;
  dec.precision = 38;
  md.schema.push_back(dec);
  md.schema.push_back(
      leaf("tsz", PhysicalType::kInt64, 4, Repetition::kOptional,
           LogicalType{
               .kind = LogicalType::kTimestamp, .adjusted_to_utc = true, .unit = TimeUnit::kMicros},
           ConvertedType::kTimestampMicros));
  md.schema.push_back(
      leaf("ts", PhysicalType::kInt64, 5, Repetition::kOptional,
           LogicalType{
               .kind = LogicalType::kTimestamp, .adjusted_to_utc = false, .unit = TimeUnit::kNanos},
           std::nullopt));
  md.schema.push_back(leaf("day", PhysicalType::kInt32, 6, Repetition::kRequired,
                           LogicalType{.kind = LogicalType::kDate}, ConvertedType::kDate));
  SchemaElement uuid = leaf("u", PhysicalType::kFixedLenByteArray, 7, Repetition::kOptional,
                            LogicalType{.kind = LogicalType::kUuid}, std::nullopt);
  uuid.type_length = 16;
  md.schema.push_back(uuid);
  md.schema.push_back(leaf(
      "t", PhysicalType::kInt64, 1000000, Repetition::kRequired,
      LogicalType{.kind = LogicalType::kTime, .adjusted_to_utc = false, .unit = TimeUnit::kMillis},
      ConvertedType::kTimeMillis));

  for (int g = 0; g < 2; ++g) {
    RowGroup rg;
    rg.num_rows = 1000 + g;
    rg.total_byte_size = 123456789012ll + g;
    rg.file_offset = 4 + g * 1000;
    rg.total_compressed_size = 999 + g;
    rg.ordinal = g;
    for (int c = 0; c < 8; ++c) {
      ColumnChunk cc;
      cc.file_offset = 0;
      ColumnMetaData m;
      m.type = *md.schema[static_cast<size_t>(c) + 1].type;
      m.encodings = {Encoding::kPlain, Encoding::kRleDictionary, Encoding::kRle};
      m.path_in_schema = {md.schema[static_cast<size_t>(c) + 1].name};
      m.codec = c % 2 ? Codec::kZstd : Codec::kSnappy;
      m.num_values = rg.num_rows;
      m.total_uncompressed_size = 5000 + c;
      m.total_compressed_size = 4000 + c;
      m.dictionary_page_offset = 4 + c * 100;
      m.data_page_offset = 50 + c * 100;
      Statistics s;
      s.null_count = c;
      s.distinct_count = 17;
      s.min_value = std::string("\x00\x01min", 5);
      s.max_value = std::string("max\xFF", 4);
      if (c == 0) {
        s.min = std::string("\x01\x02\x03\x04\x05\x06\x07\x08", 8);
        s.max = std::string("\xFF\xFF\xFF\xFF\xFF\xFF\xFF\x7F", 8);
      }
      if (c == 3) s.nan_count = 0;
      m.statistics = s;
      m.encoding_stats = {{PageType::kDictionaryPage, Encoding::kPlain, 1},
                          {PageType::kDataPage, Encoding::kRleDictionary, 20},
                          {PageType::kDataPage, Encoding::kPlain, 3}};
      cc.meta_data = m;
      rg.columns.push_back(cc);
    }
    md.row_groups.push_back(rg);
  }
  md.num_rows = 2001;
  md.key_value_metadata = {{"iceberg.schema", std::string("{\"type\":\"struct\"}")},
                           {"no-value", std::nullopt},
                           {"", std::string("")}};
  md.created_by = "floe version 0.1.0 (build test)";
  md.column_orders.assign(8, 1);
  return md;
}

void ExpectSameSchemaElement(const SchemaElement& a, const SchemaElement& b) {
  EXPECT_EQ(a.type, b.type) << a.name;
  EXPECT_EQ(a.type_length, b.type_length) << a.name;
  EXPECT_EQ(a.repetition, b.repetition) << a.name;
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.num_children, b.num_children) << a.name;
  EXPECT_EQ(a.converted_type, b.converted_type) << a.name;
  EXPECT_EQ(a.scale, b.scale) << a.name;
  EXPECT_EQ(a.precision, b.precision) << a.name;
  EXPECT_EQ(a.field_id, b.field_id) << a.name;
  EXPECT_TRUE(a.logical_type == b.logical_type)
      << a.name << ": " << LogicalTypeToString(a.logical_type) << " vs "
      << LogicalTypeToString(b.logical_type);
}

void ExpectSameStatistics(const Statistics& a, const Statistics& b) {
  EXPECT_EQ(a.max, b.max);
  EXPECT_EQ(a.min, b.min);
  EXPECT_EQ(a.null_count, b.null_count);
  EXPECT_EQ(a.distinct_count, b.distinct_count);
  EXPECT_EQ(a.max_value, b.max_value);
  EXPECT_EQ(a.min_value, b.min_value);
  EXPECT_EQ(a.nan_count, b.nan_count);
}

void ExpectSameMetaData(const FileMetaData& a, const FileMetaData& b) {
  EXPECT_EQ(a.version, b.version);
  ASSERT_EQ(a.schema.size(), b.schema.size());
  for (size_t i = 0; i < a.schema.size(); ++i) ExpectSameSchemaElement(a.schema[i], b.schema[i]);
  EXPECT_EQ(a.num_rows, b.num_rows);
  ASSERT_EQ(a.row_groups.size(), b.row_groups.size());
  for (size_t g = 0; g < a.row_groups.size(); ++g) {
    const RowGroup& x = a.row_groups[g];
    const RowGroup& y = b.row_groups[g];
    EXPECT_EQ(x.total_byte_size, y.total_byte_size);
    EXPECT_EQ(x.num_rows, y.num_rows);
    EXPECT_EQ(x.file_offset, y.file_offset);
    EXPECT_EQ(x.total_compressed_size, y.total_compressed_size);
    EXPECT_EQ(x.ordinal, y.ordinal);
    ASSERT_EQ(x.columns.size(), y.columns.size());
    for (size_t c = 0; c < x.columns.size(); ++c) {
      EXPECT_EQ(x.columns[c].file_offset, y.columns[c].file_offset);
      ASSERT_EQ(x.columns[c].meta_data.has_value(), y.columns[c].meta_data.has_value());
      if (!x.columns[c].meta_data) continue;
      const ColumnMetaData& m = *x.columns[c].meta_data;
      const ColumnMetaData& n = *y.columns[c].meta_data;
      EXPECT_EQ(m.type, n.type);
      EXPECT_EQ(m.encodings, n.encodings);
      EXPECT_EQ(m.path_in_schema, n.path_in_schema);
      EXPECT_EQ(m.codec, n.codec);
      EXPECT_EQ(m.num_values, n.num_values);
      EXPECT_EQ(m.total_uncompressed_size, n.total_uncompressed_size);
      EXPECT_EQ(m.total_compressed_size, n.total_compressed_size);
      EXPECT_EQ(m.data_page_offset, n.data_page_offset);
      EXPECT_EQ(m.dictionary_page_offset, n.dictionary_page_offset);
      ASSERT_EQ(m.statistics.has_value(), n.statistics.has_value());
      if (m.statistics) ExpectSameStatistics(*m.statistics, *n.statistics);
      ASSERT_EQ(m.encoding_stats.size(), n.encoding_stats.size());
      for (size_t k = 0; k < m.encoding_stats.size(); ++k) {
        EXPECT_EQ(m.encoding_stats[k].page_type, n.encoding_stats[k].page_type);
        EXPECT_EQ(m.encoding_stats[k].encoding, n.encoding_stats[k].encoding);
        EXPECT_EQ(m.encoding_stats[k].count, n.encoding_stats[k].count);
      }
    }
  }
  ASSERT_EQ(a.key_value_metadata.size(), b.key_value_metadata.size());
  for (size_t i = 0; i < a.key_value_metadata.size(); ++i) {
    EXPECT_EQ(a.key_value_metadata[i].key, b.key_value_metadata[i].key);
    EXPECT_EQ(a.key_value_metadata[i].value, b.key_value_metadata[i].value);
  }
  EXPECT_EQ(a.created_by, b.created_by);
  EXPECT_EQ(a.column_orders, b.column_orders);
}

TEST(ThriftMetadataTest, FileMetaDataRoundTrip) {
  FileMetaData md = FullMetaData();
  std::string bytes;
  EncodeFileMetaData(md, &bytes);
  auto back = Decode(bytes);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ExpectSameMetaData(md, *back);
  // Re-encoding the decoded footer gives the same bytes.
  std::string again;
  EncodeFileMetaData(*back, &again);
  EXPECT_EQ(Hex(bytes), Hex(again));
}

TEST(ThriftMetadataTest, MinimalFileMetaDataRoundTrip) {
  FileMetaData md;
  SchemaElement root;
  root.name = "table";
  root.num_children = 0;
  md.schema = {root};
  std::string bytes;
  EncodeFileMetaData(md, &bytes);
  auto back = Decode(bytes);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ExpectSameMetaData(md, *back);
  EXPECT_FALSE(back->created_by.has_value());
  EXPECT_TRUE(back->row_groups.empty());
}

TEST(ThriftMetadataTest, StatisticsAlwaysWriteNullCountZero) {
  FileMetaData md = FullMetaData();
  md.row_groups[0].columns[0].meta_data->statistics->null_count = 0;
  std::string bytes;
  EncodeFileMetaData(md, &bytes);
  auto back = Decode(bytes);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->row_groups[0].columns[0].meta_data->statistics->null_count, 0);
}

TEST(ThriftMetadataTest, LargeValuesRoundTrip) {
  FileMetaData md = FullMetaData();
  md.num_rows = INT64_MAX;
  md.row_groups[0].total_byte_size = INT64_MIN;
  md.row_groups[0].columns[0].meta_data->num_values = -1;
  md.schema[1].field_id = INT32_MIN;
  md.schema[2].field_id = INT32_MAX;
  std::string big(100000, 'x');
  md.key_value_metadata.push_back({"big", big});
  std::string bytes;
  EncodeFileMetaData(md, &bytes);
  auto back = Decode(bytes);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ExpectSameMetaData(md, *back);
}

// ---- PageHeader round trips -------------------------------------------------

TEST(ThriftPageHeaderTest, DataPageV1RoundTrip) {
  PageHeader h;
  h.type = PageType::kDataPage;
  h.uncompressed_page_size = 1 << 20;
  h.compressed_page_size = 12345;
  h.data_page = DataPageHeader{4096, Encoding::kRleDictionary, Encoding::kRle, Encoding::kRle};
  std::string bytes;
  EncodePageHeader(h, &bytes);
  std::string body = "BODY";
  std::string stream = bytes + body;
  size_t header_size = 0;
  auto back = DecodePageHeader(reinterpret_cast<const uint8_t*>(stream.data()), stream.size(),
                               &header_size);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(header_size, bytes.size());
  EXPECT_EQ(back->type, PageType::kDataPage);
  EXPECT_EQ(back->uncompressed_page_size, 1 << 20);
  EXPECT_EQ(back->compressed_page_size, 12345);
  ASSERT_TRUE(back->data_page.has_value());
  EXPECT_EQ(back->data_page->num_values, 4096);
  EXPECT_EQ(back->data_page->encoding, Encoding::kRleDictionary);
  EXPECT_EQ(back->data_page->definition_level_encoding, Encoding::kRle);
  EXPECT_EQ(back->data_page->repetition_level_encoding, Encoding::kRle);
  EXPECT_FALSE(back->dictionary_page.has_value());
  EXPECT_FALSE(back->data_page_v2.has_value());
  // Required fields are present even when zero: header for an empty page.
  PageHeader empty;
  empty.data_page = DataPageHeader{};
  bytes.clear();
  EncodePageHeader(empty, &bytes);
  EXPECT_EQ(Hex(bytes), "15 00 15 00 15 00 2C 15 00 15 00 15 06 15 06 00 00");
}

TEST(ThriftPageHeaderTest, DictionaryPageRoundTrip) {
  PageHeader h;
  h.type = PageType::kDictionaryPage;
  h.uncompressed_page_size = 800;
  h.compressed_page_size = 600;
  h.dictionary_page = DictionaryPageHeader{100, Encoding::kPlain};
  std::string bytes;
  EncodePageHeader(h, &bytes);
  size_t header_size = 0;
  auto back =
      DecodePageHeader(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), &header_size);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(header_size, bytes.size());
  EXPECT_EQ(back->type, PageType::kDictionaryPage);
  EXPECT_EQ(back->uncompressed_page_size, 800);
  EXPECT_EQ(back->compressed_page_size, 600);
  ASSERT_TRUE(back->dictionary_page.has_value());
  EXPECT_EQ(back->dictionary_page->num_values, 100);
  EXPECT_EQ(back->dictionary_page->encoding, Encoding::kPlain);
  EXPECT_FALSE(back->data_page.has_value());
}

TEST(ThriftPageHeaderTest, DataPageV2RoundTrip) {
  for (bool compressed : {true, false}) {
    PageHeader h;
    h.type = PageType::kDataPageV2;
    h.uncompressed_page_size = 70000;
    h.compressed_page_size = 65000;
    h.data_page_v2 =
        DataPageHeaderV2{1000, 17, 990, Encoding::kDeltaBinaryPacked, 130, 0, compressed};
    std::string bytes;
    EncodePageHeader(h, &bytes);
    size_t header_size = 0;
    auto back = DecodePageHeader(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(),
                                 &header_size);
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    EXPECT_EQ(header_size, bytes.size());
    EXPECT_EQ(back->type, PageType::kDataPageV2);
    ASSERT_TRUE(back->data_page_v2.has_value());
    const auto& d = *back->data_page_v2;
    EXPECT_EQ(d.num_values, 1000);
    EXPECT_EQ(d.num_nulls, 17);
    EXPECT_EQ(d.num_rows, 990);
    EXPECT_EQ(d.encoding, Encoding::kDeltaBinaryPacked);
    EXPECT_EQ(d.definition_levels_byte_length, 130);
    EXPECT_EQ(d.repetition_levels_byte_length, 0);
    EXPECT_EQ(d.is_compressed, compressed);
  }
}

TEST(ThriftPageHeaderTest, TruncatedHeadersAreErrors) {
  PageHeader h;
  h.type = PageType::kDataPage;
  h.uncompressed_page_size = 300;
  h.compressed_page_size = 200;
  h.data_page = DataPageHeader{50, Encoding::kPlain, Encoding::kRle, Encoding::kRle};
  std::string bytes;
  EncodePageHeader(h, &bytes);
  for (size_t len = 0; len < bytes.size(); ++len) {
    std::vector<uint8_t> copy(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(len));
    size_t header_size = 0;
    auto r = DecodePageHeader(copy.data(), copy.size(), &header_size);
    EXPECT_FALSE(r.ok()) << "prefix " << len;
  }
}

// ---- Corrupt footers --------------------------------------------------------

TEST(ThriftMetadataTest, EveryTruncatedPrefixIsAnError) {
  FileMetaData md = FullMetaData();
  std::string bytes;
  EncodeFileMetaData(md, &bytes);
  for (size_t len = 0; len < bytes.size(); ++len) {
    auto r = Decode(bytes.substr(0, len));
    ASSERT_FALSE(r.ok()) << "prefix " << len << " of " << bytes.size() << " decoded";
    EXPECT_EQ(r.status().code(), StatusCode::kDataLoss) << r.status().ToString();
  }
}

TEST(ThriftMetadataTest, SingleByteCorruptionsNeverCrash) {
  FileMetaData md = FullMetaData();
  std::string bytes;
  EncodeFileMetaData(md, &bytes);
  for (size_t pos = 0; pos < bytes.size(); ++pos) {
    for (uint8_t x : {0x01, 0x10, 0xFF}) {
      std::string bad = bytes;
      bad[pos] = static_cast<char>(bad[pos] ^ x);
      (void)Decode(bad);
    }
  }
}

TEST(ThriftMetadataTest, RandomGarbageNeverCrashes) {
  std::mt19937 rng(2024);
  int ok = 0;
  for (int iter = 0; iter < 20000; ++iter) {
    std::string junk(rng() % 200, '\0');
    for (auto& c : junk) c = static_cast<char>(rng());
    ok += Decode(junk).ok();
    size_t header_size;
    std::vector<uint8_t> copy(junk.begin(), junk.end());
    (void)DecodePageHeader(copy.data(), copy.size(), &header_size);
  }
  // Garbage only rarely forms a complete struct.
  EXPECT_LT(ok, 20000);
  // Garbage in the shape of Thrift structs: random field headers and values.
  for (int iter = 0; iter < 5000; ++iter) {
    std::string s;
    int n = static_cast<int>(rng() % 40);
    for (int i = 0; i < n; ++i) {
      s.push_back(static_cast<char>(((rng() % 16) << 4) | (rng() % 13)));
      for (int k = static_cast<int>(rng() % 4); k > 0; --k)
        s.push_back(static_cast<char>(rng() % 256));
    }
    s.push_back('\0');
    (void)Decode(s);
  }
}

TEST(ThriftMetadataTest, DeeplyNestedStructsAreRejected) {
  // Unknown field 100 = struct { field 1 = struct { ... } } a hundred thousand deep.
  std::string s = Bytes({0x0C, 0xC8, 0x01}) + std::string(100000, '\x1C');
  auto r = Decode(s);
  EXPECT_FALSE(r.ok());
}

// An unknown footer field holding list<list<list<...>>> nested a million deep
// must be rejected like deeply nested structs, not recurse off the stack.
TEST(ThriftMetadataTest, DeeplyNestedListsAreRejected) {
  std::string s = Bytes({0x09, 0xC8, 0x01});  // field 100 (long form), type list
  s += std::string(1000000, '\x19');          // list of 1 element of type list
  s += std::string(1, '\x00');
  auto r = Decode(s);
  EXPECT_FALSE(r.ok());
  // The same through maps: map<map<...>, i32> nested.
  std::string m = Bytes({0x0B, 0xC8, 0x01});  // field 100, type map
  for (int i = 0; i < 500000; ++i) m += Bytes({0x01, 0xB5});
  m += std::string(1, '\x00');
  r = Decode(m);
  EXPECT_FALSE(r.ok());
}

TEST(ThriftMetadataTest, HugeListSizesAreRejected) {
  // schema: list<struct> claiming 2^31 elements in a few bytes.
  std::string s = Bytes({0x15, 0x02, 0x19, 0xFC, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x00});
  auto r = Decode(s);
  EXPECT_FALSE(r.ok());
  // A string claiming more bytes than remain.
  std::string t = Bytes({0x68, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 'a', 0x00});
  r = Decode(t);
  EXPECT_FALSE(r.ok());
}

}  // namespace
}  // namespace floe::parquet
