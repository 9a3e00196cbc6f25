#include "floe/format/avro/container.h"

#include <gtest/gtest.h>

#include "floe/storage/file_io.h"

namespace floe::avro {
namespace {

constexpr char kSchema[] = R"({"type":"record","name":"manifest_entry","fields":[
  {"name":"status","type":"int","field-id":0},
  {"name":"snapshot_id","type":["null","long"],"default":null,"field-id":1},
  {"name":"data_file","type":{"type":"record","name":"r2","fields":[
    {"name":"file_path","type":"string","field-id":100},
    {"name":"split_offsets","type":["null",{"type":"array","items":"long","element-id":133}],
     "default":null,"field-id":132}]},"field-id":2}]})";

AvroSchema Schema(std::string_view json = kSchema) {
  auto s = ParseSchema(json);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return s.ok() ? *s : AvroSchema();
}

AvroValue Entry(int64_t i) {
  return AvroValue::Record({
      AvroValue::Int(static_cast<int32_t>(i % 3)),
      i % 5 == 0 ? AvroValue::OptionalNull() : AvroValue::Optional(AvroValue::Long(i << 20)),
      AvroValue::Record(
          {AvroValue::String("s3://bucket/data/" + std::to_string(i) + ".parquet"),
           AvroValue::Optional(AvroValue::Array({AvroValue::Long(4), AvroValue::Long(4 + i)}))}),
  });
}

// Writes `n` entries to an in-memory file and returns its bytes.
std::string WriteFile(int64_t n, ContainerWriterOptions options, int64_t* size_out = nullptr) {
  storage::MemoryFileIO io;
  auto file = io.OpenWrite("m.avro");
  EXPECT_TRUE(file.ok());
  auto writer = ContainerWriter::Open(std::move(*file), Schema(), options);
  EXPECT_TRUE(writer.ok()) << writer.status().ToString();
  if (!writer.ok()) return "";
  for (int64_t i = 0; i < n; ++i) EXPECT_TRUE((*writer)->Append(Entry(i)).ok());
  auto size = (*writer)->Close();
  EXPECT_TRUE(size.ok());
  auto bytes = io.Get("m.avro");
  EXPECT_TRUE(bytes.ok());
  EXPECT_EQ(static_cast<int64_t>(bytes->size()), *size);
  if (size_out != nullptr) *size_out = *size;
  return *bytes;
}

Result<std::vector<AvroValue>> ReadFile(std::string bytes, ContainerReaderOptions options = {}) {
  FLOE_ASSIGN_OR_RETURN(auto reader, ContainerReader::Open(std::move(bytes), std::move(options)));
  return reader->ReadAll();
}

TEST(AvroContainer, RoundTripEveryCodecManyBlocks) {
  for (Codec codec : {Codec::kNull, Codec::kDeflate, Codec::kSnappy, Codec::kZstandard}) {
    ContainerWriterOptions options;
    options.codec = codec;
    options.block_bytes = 512;
    std::string bytes = WriteFile(3000, options);
    auto reader = ContainerReader::Open(bytes);
    ASSERT_TRUE(reader.ok()) << reader.status().ToString();
    EXPECT_EQ((*reader)->codec(), codec);
    EXPECT_EQ((*reader)->writer_schema().ToJson(), Schema().ToJson());
    auto records = (*reader)->ReadAll();
    ASSERT_TRUE(records.ok()) << CodecName(codec) << ": " << records.status().ToString();
    ASSERT_EQ(records->size(), 3000u);
    for (int64_t i = 0; i < 3000; ++i) ASSERT_EQ((*records)[i], Entry(i)) << i;
    AvroValue extra;
    EXPECT_FALSE(*(*reader)->Next(&extra));
  }
}

TEST(AvroContainer, HeaderLayoutAndMetadataOrder) {
  ContainerWriterOptions options;
  options.codec = Codec::kDeflate;
  options.sync_marker =
      std::array<uint8_t, kSyncSize>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  options.metadata = {{"schema", R"({"type":"struct","fields":[]})"},
                      {"partition-spec", "[]"},
                      {"partition-spec-id", "0"},
                      {"format-version", "2"},
                      {"content", "data"},
                      {"binary", std::string("\0\xff", 2)}};
  options.block_bytes = 200;
  std::string bytes = WriteFile(50, options);
  EXPECT_EQ(bytes.substr(0, 4), std::string("Obj\x01", 4));
  auto reader = ContainerReader::Open(bytes);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  std::vector<std::string> keys;
  for (const auto& [k, v] : (*reader)->metadata()) keys.push_back(k);
  EXPECT_EQ(keys,
            (std::vector<std::string>{"avro.schema", "avro.codec", "schema", "partition-spec",
                                      "partition-spec-id", "format-version", "content", "binary"}));
  EXPECT_EQ(*(*reader)->FindMetadata("avro.codec"), "deflate");
  EXPECT_EQ(*(*reader)->FindMetadata("binary"), std::string("\0\xff", 2));
  EXPECT_EQ((*reader)->FindMetadata("nope"), nullptr);
  // The stored schema keeps Iceberg's attributes.
  const std::string& stored = *(*reader)->FindMetadata("avro.schema");
  EXPECT_NE(stored.find(R"("field-id":132)"), std::string::npos);
  EXPECT_NE(stored.find(R"("element-id":133)"), std::string::npos);
  // Every block ends with the fixed sync marker: header + at least 2 blocks.
  std::string sync(reinterpret_cast<const char*>(options.sync_marker->data()), kSyncSize);
  size_t count = 0;
  for (size_t p = bytes.find(sync); p != std::string::npos; p = bytes.find(sync, p + 1)) ++count;
  EXPECT_GE(count, 3u);
  EXPECT_EQ(bytes.substr(bytes.size() - kSyncSize), sync);
}

TEST(AvroContainer, BadMetadataAndRejectedRecords) {
  storage::MemoryFileIO io;
  for (const auto& meta : {Metadata{{"avro.codec", "x"}}, Metadata{{"a", "1"}, {"a", "2"}}}) {
    ContainerWriterOptions options;
    options.metadata = meta;
    auto w = ContainerWriter::Open(io.OpenWrite("x.avro").value(), Schema(), options);
    EXPECT_EQ(w.status().code(), StatusCode::kInvalidArgument);
  }
  auto w = ContainerWriter::Open(io.OpenWrite("y.avro").value(), Schema(), {});
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE((*w)->Append(Entry(1)).ok());
  // Wrong shape deep inside: rejected whole, nothing of it reaches the block.
  AvroValue bad = Entry(2);
  bad.mutable_children()[2].mutable_children()[1] = AvroValue::Array({});
  Status st = (*w)->Append(bad);
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(st.message().find("data_file: split_offsets"), std::string::npos) << st.ToString();
  ASSERT_TRUE((*w)->Append(Entry(3)).ok());
  EXPECT_EQ((*w)->records_written(), 2);
  ASSERT_TRUE((*w)->Close().ok());
  EXPECT_EQ((*w)->Close().status().code(), StatusCode::kFailedPrecondition);
  auto records = ReadFile(*io.Get("y.avro"));
  ASSERT_TRUE(records.ok());
  EXPECT_EQ(*records, (std::vector<AvroValue>{Entry(1), Entry(3)}));
}

TEST(AvroContainer, EmptyFileAndExplicitFlush) {
  std::string empty = WriteFile(0, {});
  auto records = ReadFile(empty);
  ASSERT_TRUE(records.ok());
  EXPECT_TRUE(records->empty());

  storage::MemoryFileIO io;
  auto w = ContainerWriter::Open(io.OpenWrite("f.avro").value(), Schema(), {});
  ASSERT_TRUE(w.ok());
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE((*w)->Append(Entry(i)).ok());
    ASSERT_TRUE((*w)->Flush().ok());
    ASSERT_TRUE((*w)->Flush().ok());  // No empty blocks.
  }
  ASSERT_TRUE((*w)->Close().ok());
  auto back = ReadFile(*io.Get("f.avro"));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->size(), 5u);
}

TEST(AvroContainer, ReaderSchemaResolution) {
  ContainerWriterOptions options;
  std::string bytes = WriteFile(10, options);
  ContainerReaderOptions ro;
  ro.reader_schema = Schema(R"({"type":"record","name":"manifest_entry","fields":[
    {"name":"snapshot_id","type":["null","long"],"default":null},
    {"name":"sequence_number","type":["null","long"],"default":null},
    {"name":"status","type":"long"}]})");
  auto reader = ContainerReader::Open(bytes, ro);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_EQ((*reader)->schema().root_node().fields.size(), 3u);
  auto records = (*reader)->ReadAll();
  ASSERT_TRUE(records.ok()) << records.status().ToString();
  ASSERT_EQ(records->size(), 10u);
  EXPECT_EQ((*records)[7], AvroValue::Record({AvroValue::Optional(AvroValue::Long(7 << 20)),
                                              AvroValue::OptionalNull(), AvroValue::Long(1)}));
  ro.reader_schema = Schema(R"({"type":"record","name":"manifest_entry","fields":[
    {"name":"must_exist","type":"int"}]})");
  EXPECT_EQ(ContainerReader::Open(bytes, ro).status().code(), StatusCode::kInvalidArgument);
}

// Every prefix of a file either fails cleanly or (when it ends on a block
// boundary) yields a strict prefix of the records; it never crashes.
TEST(AvroContainer, EveryPrefixFailsCleanly) {
  for (Codec codec : {Codec::kNull, Codec::kDeflate}) {
    ContainerWriterOptions options;
    options.codec = codec;
    options.block_bytes = 100;
    options.metadata = {{"format-version", "2"}};
    std::string bytes = WriteFile(12, options);
    size_t failures = 0;
    for (size_t n = 0; n < bytes.size(); ++n) {
      auto records = ReadFile(bytes.substr(0, n));
      if (!records.ok()) {
        ++failures;
        EXPECT_TRUE(records.status().code() == StatusCode::kDataLoss)
            << n << ": " << records.status().ToString();
        continue;
      }
      ASSERT_LT(records->size(), 12u) << n;
      for (size_t i = 0; i < records->size(); ++i) EXPECT_EQ((*records)[i], Entry(i));
    }
    EXPECT_GT(failures, bytes.size() * 9 / 10);
  }
}

// Flipping any single byte never crashes the reader.
TEST(AvroContainer, CorruptBytesNeverCrash) {
  for (Codec codec : {Codec::kNull, Codec::kDeflate, Codec::kSnappy}) {
    ContainerWriterOptions options;
    options.codec = codec;
    options.block_bytes = 100;
    std::string bytes = WriteFile(8, options);
    for (size_t i = 0; i < bytes.size(); ++i) {
      for (uint8_t mask : {0x01, 0x80, 0xff}) {
        std::string copy = bytes;
        copy[i] = static_cast<char>(copy[i] ^ mask);
        auto records = ReadFile(copy);
        if (records.ok()) {
          EXPECT_LE(records->size(), 8u);
        }
      }
    }
  }
}

TEST(AvroContainer, HostileHeadersAndBlocks) {
  EXPECT_EQ(ReadFile("").status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(ReadFile("Obj\x02").status().code(), StatusCode::kDataLoss);
  // A header without avro.schema.
  std::string h("Obj\x01", 4);
  WriteLong(1, &h);
  WriteBytes("k", &h);
  WriteBytes("v", &h);
  WriteLong(0, &h);
  h += std::string(16, 's');
  EXPECT_EQ(ReadFile(h).status().code(), StatusCode::kDataLoss);
  // An unparsable schema, and an unsupported codec.
  auto header = [](std::string schema, std::string codec) {
    std::string out("Obj\x01", 4);
    WriteLong(2, &out);
    WriteBytes("avro.schema", &out);
    WriteBytes(schema, &out);
    WriteBytes("avro.codec", &out);
    WriteBytes(codec, &out);
    WriteLong(0, &out);
    out += std::string(16, 's');
    return out;
  };
  EXPECT_EQ(ReadFile(header("{nope", "null")).status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(ReadFile(header("\"null\"", "bzip2")).status().code(), StatusCode::kInvalidArgument);
  // Null records take no bytes: a block claiming 2^40 of them is rejected,
  // a sane count is fine.
  std::string nulls = header("\"null\"", "null");
  std::string block = nulls;
  WriteLong(int64_t{1} << 40, &block);
  WriteLong(0, &block);
  block += std::string(16, 's');
  EXPECT_EQ(ReadFile(block).status().code(), StatusCode::kDataLoss);
  block = nulls;
  WriteLong(3, &block);
  WriteLong(0, &block);
  block += std::string(16, 's');
  auto three = ReadFile(block);
  ASSERT_TRUE(three.ok()) << three.status().ToString();
  EXPECT_EQ(three->size(), 3u);
  // Bad sync marker, and a block with bytes after its last record.
  std::string bad_sync = nulls;
  WriteLong(1, &bad_sync);
  WriteLong(0, &bad_sync);
  bad_sync += std::string(16, 't');
  EXPECT_EQ(ReadFile(bad_sync).status().code(), StatusCode::kDataLoss);
  std::string trailing = header("\"long\"", "null");
  WriteLong(1, &trailing);
  WriteLong(2, &trailing);
  trailing += std::string("\x02\x02", 2);
  trailing += std::string(16, 's');
  EXPECT_EQ(ReadFile(trailing).status().code(), StatusCode::kDataLoss);
}

// A file that records calls and fails appends once `fail_after` bytes are in.
class FakeFile : public storage::WritableFile {
 public:
  FakeFile(std::string* log, size_t fail_after) : log_(log), fail_after_(fail_after) {}
  Status Append(std::string_view data) override {
    if (size_ + data.size() > fail_after_) return Unavailable("disk on fire");
    size_ += data.size();
    *log_ += "A";
    return Status::OK();
  }
  Status Sync() override {
    *log_ += "S";
    return Status::OK();
  }
  Status Close() override {
    *log_ += "C";
    return Status::OK();
  }
  int64_t Size() const override { return static_cast<int64_t>(size_); }

 private:
  std::string* log_;
  size_t size_ = 0;
  size_t fail_after_;
};

TEST(AvroContainer, WriteErrorsPropagateAndCloseSyncs) {
  std::string log;
  auto w = ContainerWriter::Open(std::make_unique<FakeFile>(&log, 1 << 20), Schema(), {});
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE((*w)->Append(Entry(1)).ok());
  auto size = (*w)->Close();
  ASSERT_TRUE(size.ok());
  EXPECT_EQ(log, "AASC");  // Header, block, sync, close.

  log.clear();
  auto header_fails = ContainerWriter::Open(std::make_unique<FakeFile>(&log, 10), Schema(), {});
  EXPECT_EQ(header_fails.status().code(), StatusCode::kUnavailable);

  log.clear();
  ContainerWriterOptions options;
  options.block_bytes = 1;
  auto w2 = ContainerWriter::Open(std::make_unique<FakeFile>(&log, 2000), Schema(), options);
  ASSERT_TRUE(w2.ok());
  Status st;
  for (int i = 0; i < 100 && st.ok(); ++i) st = (*w2)->Append(Entry(i));
  EXPECT_EQ(st.code(), StatusCode::kUnavailable);
}

TEST(AvroContainer, ReadsThroughFileIO) {
  storage::MemoryFileIO io;
  ContainerWriterOptions options;
  options.codec = Codec::kDeflate;
  options.metadata = {{"content", "data"}, {"big", std::string(50000, 'm')}};
  auto w = ContainerWriter::Open(io.OpenWrite("dir/m.avro").value(), Schema(), options);
  ASSERT_TRUE(w.ok());
  // Large enough that the header window must grow and the block is big.
  std::string big(100000, 'p');
  AvroValue v = Entry(1);
  v.mutable_children()[2].mutable_children()[0] = AvroValue::String(big);
  ASSERT_TRUE((*w)->Append(v).ok());
  ASSERT_TRUE((*w)->Close().ok());
  auto file = io.OpenRead("dir/m.avro");
  ASSERT_TRUE(file.ok());
  auto reader = ContainerReader::Open(std::move(*file));
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  auto records = (*reader)->ReadAll();
  ASSERT_TRUE(records.ok());
  ASSERT_EQ(records->size(), 1u);
  EXPECT_EQ((*records)[0], v);
}

}  // namespace
}  // namespace floe::avro
