#include "floe/iceberg/table_metadata.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "floe/iceberg/metadata_io.h"

namespace floe::iceberg {
namespace {

namespace fs = std::filesystem;

Schema IotSchema() {
  auto s = SchemaFromJson(R"({"type":"struct","schema-id":0,"fields":[
    {"id":1,"name":"sensor_id","required":false,"type":"string"},
    {"id":2,"name":"timestamp","required":false,"type":"long"},
    {"id":3,"name":"location","required":false,"type":"string"}]})");
  EXPECT_TRUE(s.ok());
  return *s;
}

TEST(TableMetadataTest, NewTableRoundTripsThroughJson) {
  auto spec = PartitionSpecBuilder(IotSchema()).Identity("location").Build();
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  auto md = TableMetadata::NewTable(IotSchema(), *spec, SortOrder::Unsorted(), "s3://b/t/", "9c12d441-03fe-4693-9a96-a0705ddf69c1",
                                    1700000000000, {{"write.format.default", "parquet"}});
  ASSERT_TRUE(md.ok()) << md.status().ToString();
  EXPECT_EQ(md->location, "s3://b/t");
  EXPECT_EQ(md->last_column_id, 3);
  EXPECT_EQ(md->last_partition_id, 1000);
  Snapshot snap;
  snap.snapshot_id = 42;
  snap.sequence_number = 1;
  snap.timestamp_ms = 1700000001000;
  snap.manifest_list = "s3://b/t/metadata/snap-42.avro";
  snap.summary = {{"operation", "append"}};
  snap.schema_id = 0;
  md->snapshots.push_back(snap);
  md->current_snapshot_id = 42;
  md->last_sequence_number = 1;
  md->refs[kMainBranch] = SnapshotRef{42, SnapshotRefType::kBranch, {}, {}, {}};
  md->refs["v1"] = SnapshotRef{42, SnapshotRefType::kTag, {}, {}, {}};
  md->snapshot_log.push_back({1700000001000, 42});
  md->metadata_log.push_back({1700000000000, "s3://b/t/metadata/00000-x.metadata.json"});
  ASSERT_TRUE(md->Validate().ok()) << md->Validate().ToString();

  std::string json = TableMetadataToJson(*md);
  auto back = TableMetadataFromJson(json);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(TableMetadataToJson(*back), json);
  EXPECT_EQ(back->CurrentSnapshot()->snapshot_id, 42);
  EXPECT_EQ(back->SnapshotForRef("v1")->snapshot_id, 42);
  EXPECT_EQ(back->SnapshotAsOf(1700000000999), nullptr);
  EXPECT_EQ(back->SnapshotAsOf(1700000001000)->snapshot_id, 42);
  EXPECT_EQ(*back->Property("write.format.default"), "parquet");
  // Every required v2 field is written.
  for (const char* key : {"format-version", "table-uuid", "location", "last-sequence-number", "last-updated-ms",
                          "last-column-id", "schemas", "current-schema-id", "partition-specs", "default-spec-id",
                          "last-partition-id", "sort-orders", "default-sort-order-id"}) {
    EXPECT_NE(json.find(std::string("\"") + key + "\""), std::string::npos) << key;
  }
}

TEST(TableMetadataTest, RejectsInconsistentMetadata) {
  auto md = TableMetadata::NewTable(IotSchema(), PartitionSpec::Unpartitioned(), SortOrder::Unsorted(), "/t", "u", 1);
  ASSERT_TRUE(md.ok());
  TableMetadata bad = *md;
  bad.current_snapshot_id = 5;
  EXPECT_FALSE(bad.Validate().ok());
  bad = *md;
  bad.current_schema_id = 9;
  EXPECT_FALSE(bad.Validate().ok());
  bad = *md;
  bad.last_column_id = 2;
  EXPECT_FALSE(bad.Validate().ok());
  EXPECT_FALSE(TableMetadataFromJson("{}").ok());
  EXPECT_FALSE(TableMetadataFromJson("not json").ok());
  std::string json = TableMetadataToJson(*md);
  std::string v3 = json;
  v3.replace(v3.find("\"format-version\": 2"), 19, "\"format-version\": 3");
  auto r = TableMetadataFromJson(v3);
  EXPECT_NE(r.status().message().find("format-version 3 is not supported"), std::string::npos) << r.status().ToString();
}

// Every metadata file of the tables other implementations wrote must parse,
// and survive a write/read cycle unchanged.
TEST(TableMetadataTest, ReadsMetadataWrittenByOtherImplementations) {
  fs::path root = fs::path(FLOE_SHARED_DIR) / "fixtures" / "iceberg";
  ASSERT_TRUE(fs::exists(root)) << root;
  int files = 0, v1 = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    std::string name = entry.path().filename().string();
    if (name.size() < 14 || name.substr(name.size() - 14) != ".metadata.json") continue;
    auto md = ReadTableMetadata(storage::LocalFileIO::Default(), entry.path().string());
    ASSERT_TRUE(md.ok()) << md.status().ToString();
    ++files;
    v1 += md->format_version == 1;
    std::string json = TableMetadataToJson(*md);
    auto again = TableMetadataFromJson(json);
    ASSERT_TRUE(again.ok()) << entry.path() << ": " << again.status().ToString();
    EXPECT_EQ(TableMetadataToJson(*again), json) << entry.path();
  }
  EXPECT_GE(files, 20);
  EXPECT_GE(v1, 1);
}

}  // namespace
}  // namespace floe::iceberg
