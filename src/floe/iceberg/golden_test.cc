// Golden dumps of what floe writes for a small table: metadata JSON, manifest
// lists and manifests (headers and records). UUIDs, clocks and paths are
// injected so the output is stable; FLOE_UPDATE_GOLDEN=1 rewrites the file.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "floe/format/avro/container.h"
#include "floe/format/avro/value_json.h"
#include "floe/iceberg/table.h"

namespace floe::iceberg {
namespace {

namespace fs = std::filesystem;

std::string ReplaceAll(std::string s, const std::string& from, const std::string& to) {
  for (size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size()) s.replace(pos, from.size(), to);
  return s;
}

std::string DumpAvro(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  auto reader = avro::ContainerReader::Open(bytes.str());
  EXPECT_TRUE(reader.ok()) << path;
  if (!reader.ok()) return "";
  std::string out;
  for (const auto& [k, v] : (*reader)->metadata()) {
    if (k == "avro.schema") continue;  // pinned by the manifest_schema code, dumped once below
    out += "  header " + k + " = " + v + "\n";
  }
  avro::AvroValue value;
  while (true) {
    auto more = (*reader)->Next(&value);
    EXPECT_TRUE(more.ok());
    if (!more.ok() || !*more) break;
    auto json = avro::ValueToJson((*reader)->writer_schema(), (*reader)->writer_schema().root(), value);
    EXPECT_TRUE(json.ok());
    out += "  record " + (json.ok() ? json->dump() : std::string("?")) + "\n";
  }
  return out;
}

TEST(GoldenTest, TableFilesMatchTheGoldenDump) {
  // A fixed path: its length is inside manifest_length and file sizes.
  fs::path dir = "/tmp/floe-golden-table";
  fs::remove_all(dir);
  FakeClock clock(1767225600000000);  // 2026-01-01T00:00:00Z
  uint64_t counter = 0;
  UuidSource uuids = [&counter] {
    Uuid u;
    ++counter;
    for (int i = 0; i < 8; ++i) u.bytes[static_cast<size_t>(15 - i)] = static_cast<uint8_t>(counter >> (8 * i));
    u.bytes[6] = 0x40;  // version 4
    u.bytes[8] = 0x80;  // variant
    return u;
  };
  auto schema = SchemaFromJson(R"({"type":"struct","schema-id":0,"fields":[
    {"id":1,"name":"sensor_id","required":false,"type":"string"},
    {"id":2,"name":"timestamp","required":false,"type":"long"},
    {"id":3,"name":"location","required":false,"type":"string"},
    {"id":4,"name":"temperature","required":false,"type":"double"}]})");
  auto spec = PartitionSpecBuilder(*schema).Identity("location").Build();
  auto t = Table::Create(storage::LocalFileIO::Default(), NewVersionHintPointer(dir.string()), &clock, dir.string(),
                         *schema, *spec, {{"write.format.default", "parquet"}}, uuids);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  for (int commit = 0; commit < 2; ++commit) {
    clock.Advance(60'000'000);
    DataFile f;
    f.file_path = dir.string() + "/data/f" + std::to_string(commit) + ".parquet";
    f.partition = {Literal::String(commit == 0 ? "warehouse" : "office")};
    f.record_count = 100 + commit;
    f.file_size_in_bytes = 4096;
    f.column_sizes = {{1, 100}, {2, 200}, {3, 50}, {4, 800}};
    f.value_counts = {{1, 100}, {2, 100}, {3, 100}, {4, 100}};
    f.null_value_counts = {{1, 0}, {2, 0}, {3, 0}, {4, 3}};
    f.nan_value_counts = {{4, 0}};
    f.lower_bounds = {{2, Literal::Long(1767225600).Serialize()}, {4, Literal::Double(-3.5).Serialize()}};
    f.upper_bounds = {{2, Literal::Long(1767225699).Serialize()}, {4, Literal::Double(27.25).Serialize()}};
    f.split_offsets = {4};
    ASSERT_TRUE(FastAppend(t->get(), {f}, {{"floe.wal-position", std::to_string(commit)}}).ok());
  }
  const TableMetadata& md = (*t)->metadata();
  std::string dump = "== metadata " + (*t)->metadata_location() + "\n" + TableMetadataToJson(md) + "\n";
  const Snapshot* s = md.CurrentSnapshot();
  dump += "== manifest list " + s->manifest_list + "\n" + DumpAvro(s->manifest_list);
  auto list = ReadManifestList((*t)->io(), s->manifest_list);
  ASSERT_TRUE(list.ok());
  for (const auto& m : *list) dump += "== manifest " + m.manifest_path + "\n" + DumpAvro(m.manifest_path);
  dump += "== manifest_entry schema\n" + ManifestEntrySchemaJson(*spec->PartitionType(*schema)) + "\n";
  dump = ReplaceAll(dump, dir.string(), "<table>");
  fs::remove_all(dir);

  std::string golden_path = std::string(FLOE_SOURCE_DIR) + "/src/floe/iceberg/testdata/table.golden";
  if (std::getenv("FLOE_UPDATE_GOLDEN")) {
    std::ofstream(golden_path) << dump;
  }
  std::ifstream in(golden_path);
  ASSERT_TRUE(in) << golden_path << " is missing; run with FLOE_UPDATE_GOLDEN=1 to create it";
  std::stringstream want;
  want << in.rdbuf();
  EXPECT_EQ(dump, want.str()) << "rerun with FLOE_UPDATE_GOLDEN=1 if the change is intended";
}

}  // namespace
}  // namespace floe::iceberg
