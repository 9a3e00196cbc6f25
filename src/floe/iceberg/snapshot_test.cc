#include "floe/iceberg/snapshot.h"

#include <gtest/gtest.h>

namespace floe::iceberg {
namespace {

TEST(SnapshotTest, JsonRoundTripKeepsEveryField) {
  Snapshot s;
  s.snapshot_id = 3051729675574597004;
  s.parent_snapshot_id = 1;
  s.sequence_number = 7;
  s.timestamp_ms = 1515100955770;
  s.manifest_list = "s3://b/wh/metadata/snap-1.avro";
  s.summary = {{"operation", "append"}, {"added-data-files", "1"}, {"floe.wal-position", "42"}};
  s.schema_id = 0;
  auto back = SnapshotFromJson(SnapshotToJson(s));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->snapshot_id, s.snapshot_id);
  EXPECT_EQ(back->parent_snapshot_id, 1);
  EXPECT_EQ(back->sequence_number, 7);
  EXPECT_EQ(back->manifest_list, s.manifest_list);
  EXPECT_EQ(back->summary, s.summary);
  EXPECT_EQ(back->operation(), "append");
  EXPECT_EQ(back->Count("added-data-files"), 1);
  EXPECT_EQ(back->Count("missing"), 0);
  EXPECT_EQ(SnapshotToJson(*back).dump(), SnapshotToJson(s).dump());
}

TEST(SnapshotTest, ReadsV1SnapshotsAndRejectsBadOnes) {
  auto v1 = SnapshotFromJson(SnapshotJson::parse(
      R"({"snapshot-id":5,"timestamp-ms":10,"summary":{"added-data-files":"2","operation":"append"},"manifests":["a.avro","b.avro"]})"));
  ASSERT_TRUE(v1.ok()) << v1.status().ToString();
  EXPECT_EQ(v1->sequence_number, 0);
  EXPECT_EQ(v1->v1_manifests.size(), 2u);
  EXPECT_EQ(v1->summary.front().first, "operation");
  EXPECT_FALSE(
      SnapshotFromJson(SnapshotJson::parse(R"({"timestamp-ms":1,"manifest-list":"x"})")).ok());
  EXPECT_FALSE(SnapshotFromJson(SnapshotJson::parse(
                                    R"({"snapshot-id":"1","timestamp-ms":1,"manifest-list":"x"})"))
                   .ok());
  EXPECT_FALSE(SnapshotFromJson(SnapshotJson::parse(R"({"snapshot-id":1,"timestamp-ms":1})")).ok());
}

TEST(SnapshotTest, RefsRoundTrip) {
  SnapshotRef tag{9, SnapshotRefType::kTag, std::nullopt, std::nullopt, 86400000};
  auto back = SnapshotRefFromJson(SnapshotRefToJson(tag));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, tag);
  EXPECT_FALSE(SnapshotRefFromJson(SnapshotJson::parse(R"({"snapshot-id":1,"type":"leaf"})")).ok());
}

TEST(SummaryBuilderTest, CountsAndCarriesTotals) {
  SummaryBuilder first;
  first.AddDataFile(100, 2000);
  first.AddDataFile(50, 1000);
  first.Set("floe.stream", "s1");
  Snapshot s1;
  s1.summary = first.Build(kOpAppend, nullptr);
  EXPECT_EQ(s1.operation(), "append");
  EXPECT_EQ(s1.Count(kAddedDataFiles), 2);
  EXPECT_EQ(s1.Count(kAddedRecords), 150);
  EXPECT_EQ(s1.Count(kTotalRecords), 150);
  EXPECT_EQ(s1.Count(kTotalDataFiles), 2);
  EXPECT_EQ(s1.Count(kTotalFilesSize), 3000);
  ASSERT_NE(s1.Find(kTotalDeleteFiles), nullptr);
  EXPECT_EQ(*s1.Find("floe.stream"), "s1");
  EXPECT_EQ(s1.Find(kDeletedDataFiles), nullptr);  // zero counts are left out

  SummaryBuilder compact;
  compact.RemoveDataFile(100, 2000);
  compact.RemoveDataFile(50, 1000);
  compact.AddDataFile(150, 2500);
  Snapshot s2;
  s2.summary = compact.Build(kOpReplace, &s1);
  EXPECT_EQ(s2.Count(kTotalRecords), 150);
  EXPECT_EQ(s2.Count(kTotalDataFiles), 1);
  EXPECT_EQ(s2.Count(kTotalFilesSize), 2500);
  EXPECT_EQ(s2.Count(kDeletedDataFiles), 2);

  Snapshot foreign;  // a previous snapshot without totals
  foreign.summary = {{"operation", "append"}};
  SummaryBuilder b;
  b.AddDataFile(1, 1);
  Snapshot s3;
  s3.summary = b.Build(kOpAppend, &foreign);
  EXPECT_EQ(s3.Find(kTotalRecords), nullptr);
}

}  // namespace
}  // namespace floe::iceberg
