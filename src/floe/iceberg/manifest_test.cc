#include "floe/iceberg/manifest.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

#include "floe/format/avro/container.h"
#include "floe/iceberg/fixture_io_test_util.h"
#include "floe/iceberg/metadata_io.h"

namespace floe::iceberg {
namespace {

namespace fs = std::filesystem;

Schema EventSchema() {
  auto s = SchemaFromJson(R"j({"type":"struct","schema-id":1,"fields":[
    {"id":1,"name":"id","required":true,"type":"long"},
    {"id":2,"name":"kind","required":false,"type":"string"},
    {"id":3,"name":"at","required":false,"type":"timestamptz"},
    {"id":4,"name":"price","required":false,"type":"decimal(20,2)"}]})j");
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return *s;
}

DataFile MakeFile(const std::string& path, std::string kind, int32_t day, int64_t rows) {
  DataFile f;
  f.file_path = path;
  f.partition = {Literal::String(std::move(kind)), Literal::Date(day), std::nullopt};
  f.record_count = rows;
  f.file_size_in_bytes = rows * 10;
  f.column_sizes = {{1, 100}, {2, 200}};
  f.value_counts = {{1, rows}, {2, rows}};
  f.null_value_counts = {{1, 0}, {2, 1}};
  f.lower_bounds = {{1, Literal::Long(-5).Serialize()}};
  f.upper_bounds = {{1, Literal::Long(rows).Serialize()}};
  f.split_offsets = {4};
  f.sort_order_id = 0;
  return f;
}

TEST(ManifestTest, WritesAndReadsManifestsAndLists) {
  storage::MemoryFileIO io;
  Schema schema = EventSchema();
  auto spec = PartitionSpecBuilder(schema, 3).Identity("kind").Day("at").Bucket("price", 8).Build();
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  auto writer = ManifestWriter::Open(&io, "t/metadata/m0.avro", schema, *spec, 77);
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();
  ASSERT_TRUE((*writer)->Add(ManifestEntry{EntryStatus::kAdded, {}, {}, {}, MakeFile("t/data/a.parquet", "click", 19000, 10)}).ok());
  ManifestEntry old{EntryStatus::kExisting, 5, 2, 2, MakeFile("t/data/b.parquet", "view", 18999, 20)};
  ASSERT_TRUE((*writer)->Add(old).ok());
  ManifestEntry gone{EntryStatus::kDeleted, 77, 1, 1, MakeFile("t/data/c.parquet", "buy", 19001, 5)};
  ASSERT_TRUE((*writer)->Add(gone).ok());
  // An existing entry without sequence numbers is a caller bug.
  EXPECT_FALSE((*writer)->Add(ManifestEntry{EntryStatus::kExisting, {}, {}, {}, MakeFile("x", "a", 1, 1)}).ok());
  DataFile wrong = MakeFile("t/data/d.parquet", "x", 1, 1);
  wrong.partition.pop_back();
  EXPECT_EQ((*writer)->Add(ManifestEntry{EntryStatus::kAdded, {}, {}, {}, wrong}).code(),
            StatusCode::kInvalidArgument);
  auto mf = (*writer)->Close();
  ASSERT_TRUE(mf.ok()) << mf.status().ToString();
  EXPECT_EQ(mf->manifest_length, static_cast<int64_t>(io.Get("t/metadata/m0.avro")->size()));
  EXPECT_EQ(mf->added_files_count, 1);
  EXPECT_EQ(mf->existing_files_count, 1);
  EXPECT_EQ(mf->deleted_files_count, 1);
  EXPECT_EQ(mf->added_rows_count, 10);
  EXPECT_EQ(mf->sequence_number, kUnassignedSequence);
  EXPECT_EQ(mf->min_sequence_number, 2);
  ASSERT_EQ(mf->partitions.size(), 3u);
  EXPECT_FALSE(mf->partitions[0].contains_null);
  EXPECT_EQ(*mf->partitions[0].lower_bound, "buy");
  EXPECT_EQ(*mf->partitions[0].upper_bound, "view");
  EXPECT_TRUE(mf->partitions[2].contains_null);
  EXPECT_FALSE(mf->partitions[2].lower_bound.has_value());

  AssignSequenceNumber(&*mf, 9);
  EXPECT_EQ(mf->sequence_number, 9);
  EXPECT_EQ(mf->min_sequence_number, 2);
  auto length = WriteManifestList(&io, "t/metadata/snap-77.avro", 77, 5, 9, {*mf});
  ASSERT_TRUE(length.ok()) << length.status().ToString();
  auto list = ReadManifestList(&io, "t/metadata/snap-77.avro");
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  ASSERT_EQ(list->size(), 1u);
  const ManifestFile& back = (*list)[0];
  EXPECT_EQ(back.manifest_path, mf->manifest_path);
  EXPECT_EQ(back.manifest_length, mf->manifest_length);
  EXPECT_EQ(back.partition_spec_id, 3);
  EXPECT_EQ(back.sequence_number, 9);
  EXPECT_EQ(back.min_sequence_number, 2);
  EXPECT_EQ(back.added_snapshot_id, 77);
  EXPECT_EQ(back.partitions.size(), 3u);
  EXPECT_EQ(*back.partitions[0].upper_bound, "view");

  auto entries = ReadManifest(&io, back, schema, *spec);
  ASSERT_TRUE(entries.ok()) << entries.status().ToString();
  ASSERT_EQ(entries->size(), 3u);
  const ManifestEntry& added = (*entries)[0];
  EXPECT_EQ(added.status, EntryStatus::kAdded);
  EXPECT_EQ(added.snapshot_id, 77);
  EXPECT_EQ(added.sequence_number, 9);  // inherited
  EXPECT_EQ(added.file_sequence_number, 9);
  EXPECT_EQ(added.file.file_path, "t/data/a.parquet");
  EXPECT_EQ(added.file.partition[0]->bytes_value(), "click");
  EXPECT_EQ(added.file.partition[1]->int_value(), 19000);
  EXPECT_FALSE(added.file.partition[2].has_value());
  EXPECT_EQ(added.file.column_sizes.at(2), 200);
  EXPECT_EQ(added.file.upper_bounds.at(1), Literal::Long(10).Serialize());
  EXPECT_EQ(added.file.split_offsets, std::vector<int64_t>{4});
  EXPECT_EQ((*entries)[1].sequence_number, 2);  // explicit, not inherited
  EXPECT_EQ((*entries)[1].snapshot_id, 5);
  EXPECT_FALSE((*entries)[2].IsLive());

  // The header carries what Iceberg readers look for.
  auto reader = avro::ContainerReader::Open(*io.Get("t/metadata/m0.avro"));
  ASSERT_TRUE(reader.ok());
  for (const char* key : {"schema", "schema-id", "partition-spec", "partition-spec-id", "format-version", "content"}) {
    EXPECT_NE((*reader)->FindMetadata(key), nullptr) << key;
  }
  EXPECT_EQ(*(*reader)->FindMetadata("format-version"), "2");
  EXPECT_EQ((*reader)->writer_schema().root_node().name, "manifest_entry");
}

using testing::Relocate;

// Manifest lists and manifests written by Spark, Iceberg Java, PyIceberg and
// Athena: live files and record counts of each table's current snapshot must
// match what an independent evaluator found (fixtures/iceberg/expected.json).
TEST(ManifestTest, ReadsManifestsWrittenByOtherImplementations) {
  fs::path root = fs::path(FLOE_SHARED_DIR) / "fixtures" / "iceberg";
  std::ifstream in(root / "expected.json");
  ASSERT_TRUE(in) << root;
  nlohmann::json expected = nlohmann::json::parse(in);
  int tables = 0;
  for (auto it = expected.begin(); it != expected.end(); ++it) {
    const std::string name = it.key();
    const auto& want = it.value();
    fs::path dir = root / name;
    std::string prefix = want["pathPrefix"].get<std::string>();
    auto md = ReadTableMetadata(storage::LocalFileIO::Default(), (dir / want["metadataFile"].get<std::string>()).string());
    ASSERT_TRUE(md.ok()) << name << ": " << md.status().ToString();
    const Snapshot* snap = md->CurrentSnapshot();
    ASSERT_NE(snap, nullptr) << name;
    EXPECT_EQ(std::to_string(snap->snapshot_id), want["currentSnapshotId"].get<std::string>()) << name;
    std::vector<ManifestFile> manifests;
    if (!snap->manifest_list.empty()) {
      auto list = ReadManifestList(storage::LocalFileIO::Default(), Relocate(snap->manifest_list, prefix, dir));
      ASSERT_TRUE(list.ok()) << name << ": " << list.status().ToString();
      manifests = *list;
    } else {
      for (const auto& path : snap->v1_manifests) {
        ManifestFile m;
        m.manifest_path = path;
        m.sequence_number = m.min_sequence_number = 0;
        m.added_snapshot_id = snap->snapshot_id;
        manifests.push_back(m);
      }
    }
    int64_t data_files = 0, rows = 0, pos = 0, eq = 0;
    for (ManifestFile m : manifests) {
      m.manifest_path = Relocate(m.manifest_path, prefix, dir);
      const PartitionSpec* spec = md->SpecById(m.partition_spec_id);
      ASSERT_NE(spec, nullptr) << name;
      auto entries = ReadManifest(storage::LocalFileIO::Default(), m, *md->CurrentSchema(), *spec);
      ASSERT_TRUE(entries.ok()) << name << ": " << entries.status().ToString();
      for (const auto& e : *entries) {
        if (!e.IsLive()) continue;
        ASSERT_TRUE(e.sequence_number.has_value()) << name;
        switch (e.file.content) {
          case FileContent::kData:
            ++data_files;
            rows += e.file.record_count;
            EXPECT_TRUE(fs::exists(Relocate(e.file.file_path, prefix, dir))) << e.file.file_path;
            break;
          case FileContent::kPositionDeletes: ++pos; break;
          case FileContent::kEqualityDeletes: ++eq; break;
        }
      }
    }
    EXPECT_EQ(data_files, want["dataFiles"].get<int64_t>()) << name;
    EXPECT_EQ(rows, want["rowsBeforeDeletes"].get<int64_t>()) << name;
    EXPECT_EQ(pos, want["positionDeleteFiles"].get<int64_t>()) << name;
    EXPECT_EQ(eq, want["equalityDeleteFiles"].get<int64_t>()) << name;
    ++tables;
  }
  EXPECT_EQ(tables, 13);
}

}  // namespace
}  // namespace floe::iceberg
