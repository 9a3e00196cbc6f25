#include "floe/iceberg/table.h"

#include "floe/iceberg/scan.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

namespace floe::iceberg {
namespace {

namespace fs = std::filesystem;

class TableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("floe_table_test_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    location_ = (dir_ / "t").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  static Schema TestSchema() {
    auto s = SchemaFromJson(R"({"type":"struct","schema-id":0,"fields":[
      {"id":1,"name":"id","required":false,"type":"long"},
      {"id":2,"name":"kind","required":false,"type":"string"}]})");
    EXPECT_TRUE(s.ok());
    return *s;
  }

  Result<std::unique_ptr<Table>> Open() {
    return Table::Load(storage::LocalFileIO::Default(), NewVersionHintPointer(location_), &clock_);
  }

  static DataFile File(const std::string& name, int64_t rows) {
    DataFile f;
    f.file_path = name;
    f.record_count = rows;
    f.file_size_in_bytes = rows * 8;
    return f;
  }

  fs::path dir_;
  std::string location_;
  FakeClock clock_{1700000000000000};
};

TEST_F(TableTest, CreateAppendAndReadBack) {
  auto created = Table::Create(storage::LocalFileIO::Default(), NewVersionHintPointer(location_), &clock_, location_,
                               TestSchema(), PartitionSpec::Unpartitioned(), {{"owner", "floe"}});
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(Table::Create(storage::LocalFileIO::Default(), NewVersionHintPointer(location_), &clock_, location_,
                          TestSchema(), PartitionSpec::Unpartitioned())
                .status()
                .code(),
            StatusCode::kAlreadyExists);
  Table& t = **created;
  for (int i = 0; i < 3; ++i) {
    clock_.Advance(1000000);
    auto r = FastAppend(&t, {File(location_ + "/data/f" + std::to_string(i) + ".parquet", 10 + i)},
                        {{"floe.wal-position", std::to_string(i)}});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->sequence_number, i + 1);
    EXPECT_EQ(r->attempts, 1);
  }
  auto reopened = Open();
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  const TableMetadata& md = (*reopened)->metadata();
  EXPECT_EQ(md.snapshots.size(), 3u);
  EXPECT_EQ(md.last_sequence_number, 3);
  EXPECT_EQ(md.metadata_log.size(), 3u);
  EXPECT_EQ(md.snapshot_log.size(), 3u);
  EXPECT_NE((*reopened)->metadata_location().find("/metadata/00003-"), std::string::npos);
  const Snapshot* cur = md.CurrentSnapshot();
  ASSERT_NE(cur, nullptr);
  EXPECT_EQ(cur->Count(kTotalRecords), 33);
  EXPECT_EQ(cur->Count(kTotalDataFiles), 3);
  EXPECT_EQ(*cur->Find("floe.wal-position"), "2");
  EXPECT_EQ(*cur->parent_snapshot_id, md.snapshots[1].snapshot_id);
  auto list = ReadManifestList(storage::LocalFileIO::Default(), cur->manifest_list);
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  ASSERT_EQ(list->size(), 3u);
  std::set<std::string> paths;
  int64_t rows = 0;
  for (const auto& m : *list) {
    auto entries = ReadManifest(storage::LocalFileIO::Default(), m, *md.CurrentSchema(), *md.DefaultSpec());
    ASSERT_TRUE(entries.ok()) << entries.status().ToString();
    for (const auto& e : *entries) {
      paths.insert(e.file.file_path);
      rows += e.file.record_count;
      EXPECT_EQ(e.sequence_number, m.sequence_number);
    }
  }
  EXPECT_EQ(paths.size(), 3u);
  EXPECT_EQ(rows, 33);
  std::ifstream hint(location_ + "/metadata/version-hint.text");
  std::string h;
  std::getline(hint, h);
  EXPECT_EQ(location_ + "/metadata/" + h + ".metadata.json", (*reopened)->metadata_location());
}

TEST_F(TableTest, StaleCommitIsAborted) {
  auto created = Table::Create(storage::LocalFileIO::Default(), NewVersionHintPointer(location_), &clock_, location_,
                               TestSchema(), PartitionSpec::Unpartitioned());
  ASSERT_TRUE(created.ok());
  auto other = Open();
  ASSERT_TRUE(other.ok());
  ASSERT_TRUE(FastAppend(created->get(), {File("a", 1)}).ok());
  // `other` still holds the old metadata: a property change built on it loses.
  Status st = (*other)->Commit({}, {SetProperties{{{"k", "v"}}}});
  EXPECT_EQ(st.code(), StatusCode::kAborted) << st.ToString();
  ASSERT_TRUE((*other)->Refresh().ok());
  EXPECT_TRUE((*other)->Commit({}, {SetProperties{{{"k", "v"}}}}).ok());
  // A requirement that does not hold is Aborted before anything is written.
  st = (*other)->Commit({AssertRefSnapshotId{kMainBranch, std::nullopt}}, {SetProperties{{{"k", "w"}}}});
  EXPECT_EQ(st.code(), StatusCode::kAborted);
  EXPECT_NE(st.message().find("branch main is at snapshot"), std::string::npos) << st.message();
}

// Two writers append concurrently through their own handles: every append
// lands exactly once, whatever the interleaving of retries.
TEST_F(TableTest, ConcurrentAppendsLoseNothingAndDuplicateNothing) {
  ASSERT_TRUE(Table::Create(storage::LocalFileIO::Default(), NewVersionHintPointer(location_), &clock_, location_,
                            TestSchema(), PartitionSpec::Unpartitioned())
                  .ok());
  constexpr int kPerWriter = 25;
  std::atomic<int> failures{0};
  auto writer = [&](int w) {
    auto t = Open();
    if (!t.ok()) {
      ++failures;
      return;
    }
    for (int i = 0; i < kPerWriter; ++i) {
      auto r = FastAppend(t->get(), {File("w" + std::to_string(w) + "-" + std::to_string(i), 1)}, {}, 100);
      if (!r.ok()) ++failures;
    }
  };
  std::thread a(writer, 0), b(writer, 1);
  a.join();
  b.join();
  EXPECT_EQ(failures.load(), 0);
  auto t = Open();
  ASSERT_TRUE(t.ok());
  const TableMetadata& md = (*t)->metadata();
  EXPECT_EQ(md.snapshots.size(), 2u * kPerWriter);
  EXPECT_EQ(md.last_sequence_number, 2 * kPerWriter);
  auto list = ReadManifestList(storage::LocalFileIO::Default(), md.CurrentSnapshot()->manifest_list);
  ASSERT_TRUE(list.ok());
  std::multiset<std::string> seen;
  for (const auto& m : *list) {
    auto entries = ReadManifest(storage::LocalFileIO::Default(), m, *md.CurrentSchema(), *md.DefaultSpec());
    ASSERT_TRUE(entries.ok());
    for (const auto& e : *entries) seen.insert(e.file.file_path);
  }
  EXPECT_EQ(seen.size(), 2u * kPerWriter);
  std::set<std::string> unique(seen.begin(), seen.end());
  EXPECT_EQ(unique.size(), seen.size());
  EXPECT_EQ(md.CurrentSnapshot()->Count(kTotalRecords), 2 * kPerWriter);
}

TEST(TableUpdateTest, JsonRoundTripsAndApplies) {
  auto base = TableMetadata::NewTable(*SchemaFromJson(R"({"type":"struct","fields":[{"id":1,"name":"a","required":false,"type":"int"}]})"),
                                      PartitionSpec::Unpartitioned(), SortOrder::Unsorted(), "/t", "u-1", 10);
  ASSERT_TRUE(base.ok());
  Json reqs = Json::parse(R"([{"type":"assert-table-uuid","uuid":"u-1"},{"type":"assert-ref-snapshot-id","ref":"main","snapshot-id":null},
    {"type":"assert-current-schema-id","current-schema-id":0},{"type":"assert-last-assigned-field-id","last-assigned-field-id":1},
    {"type":"assert-last-assigned-partition-id","last-assigned-partition-id":999},{"type":"assert-default-spec-id","default-spec-id":0},
    {"type":"assert-default-sort-order-id","default-sort-order-id":0}])");
  std::vector<TableRequirement> requirements;
  for (const auto& r : reqs) {
    auto parsed = TableRequirementFromJson(r);
    ASSERT_TRUE(parsed.ok()) << r.dump() << ": " << parsed.status().ToString();
    EXPECT_EQ(TableRequirementToJson(*parsed).dump(), r.dump());
    requirements.push_back(*parsed);
  }
  EXPECT_TRUE(CheckRequirements(&*base, requirements).ok());
  EXPECT_EQ(CheckRequirements(&*base, {AssertCreate{}}).code(), StatusCode::kAborted);
  EXPECT_EQ(CheckRequirements(nullptr, {AssertTableUuid{"u-1"}}).code(), StatusCode::kAborted);

  Json ups = Json::parse(R"([
    {"action":"add-schema","schema":{"type":"struct","schema-id":1,"fields":[{"id":1,"name":"a","required":false,"type":"int"},{"id":2,"name":"b","required":false,"type":"string"}]},"last-column-id":2},
    {"action":"set-current-schema","schema-id":-1},
    {"action":"add-spec","spec":{"spec-id":1,"fields":[{"name":"a_bucket","transform":"bucket[4]","source-id":1,"field-id":1000}]}},
    {"action":"set-default-spec","spec-id":-1},
    {"action":"set-properties","updates":{"x":"1","y":"2"}},
    {"action":"remove-properties","removals":["x"]},
    {"action":"set-location","location":"/t2/"}])");
  std::vector<TableUpdate> updates;
  for (const auto& u : ups) {
    auto parsed = TableUpdateFromJson(u);
    ASSERT_TRUE(parsed.ok()) << u.dump() << ": " << parsed.status().ToString();
    updates.push_back(*parsed);
  }
  auto next = ApplyUpdates(*base, updates, 20);
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  EXPECT_EQ(next->current_schema_id, 1);
  EXPECT_EQ(next->last_column_id, 2);
  EXPECT_EQ(next->default_spec_id, 1);
  EXPECT_EQ(next->last_partition_id, 1000);
  EXPECT_EQ(next->properties.size(), 1u);
  EXPECT_EQ(next->location, "/t2");
  EXPECT_EQ(next->last_updated_ms, 20);

  Snapshot s;
  s.snapshot_id = 5;
  s.sequence_number = 1;
  s.timestamp_ms = 15;
  s.manifest_list = "/t/m.avro";
  s.summary = {{"operation", "append"}};
  auto with_snap = ApplyUpdates(*next, {AddSnapshot{s}, SetSnapshotRef{"main", {5, SnapshotRefType::kBranch, {}, {}, {}}}}, 30);
  ASSERT_TRUE(with_snap.ok()) << with_snap.status().ToString();
  EXPECT_EQ(with_snap->current_snapshot_id, 5);
  EXPECT_EQ(with_snap->snapshot_log.back().timestamp_ms, 15);
  // A second snapshot with a stale sequence number is refused.
  s.snapshot_id = 6;
  EXPECT_EQ(ApplyUpdates(*with_snap, {AddSnapshot{s}}, 40).status().code(), StatusCode::kInvalidArgument);
  auto removed = ApplyUpdates(*with_snap, {RemoveSnapshots{{5}}}, 50);
  ASSERT_TRUE(removed.ok());
  EXPECT_FALSE(removed->current_snapshot_id.has_value());
  EXPECT_TRUE(removed->refs.empty());
  for (const auto& u : updates) {
    auto again = TableUpdateFromJson(TableUpdateToJson(u));
    ASSERT_TRUE(again.ok()) << TableUpdateToJson(u).dump();
  }
  EXPECT_FALSE(TableUpdateFromJson(Json::parse(R"({"action":"fly"})")).ok());
}

}  // namespace
}  // namespace floe::iceberg

namespace floe::iceberg {
namespace {

// Partition spec evolution: files written before keep their spec; new appends
// use the new default; planning prunes each file by its own spec.
TEST_F(TableTest, PartitionSpecEvolution) {
  auto created = Table::Create(storage::LocalFileIO::Default(), NewVersionHintPointer(location_), &clock_, location_,
                               TestSchema(), PartitionSpec::Unpartitioned());
  ASSERT_TRUE(created.ok());
  Table& t = **created;
  ASSERT_TRUE(FastAppend(&t, {File("old", 5)}).ok());
  auto spec = PartitionSpecBuilder(*t.metadata().CurrentSchema(), 1, t.metadata().last_partition_id).Identity("kind").Build();
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  ASSERT_TRUE(t.Commit({AssertDefaultSpecId{0}, AssertLastAssignedPartitionId{999}},
                       {AddPartitionSpec{*spec}, SetDefaultSpec{-1}})
                  .ok());
  EXPECT_EQ(t.metadata().default_spec_id, 1);
  EXPECT_EQ(t.metadata().last_partition_id, 1000);
  DataFile a = File("a", 3);
  a.partition = {Literal::String("a")};
  DataFile b = File("b", 4);
  b.partition = {Literal::String("b")};
  ASSERT_TRUE(FastAppend(&t, {a, b}).ok());
  auto plan = PlanScan(t.io(), t.metadata(), ScanRequest{{}, {}, {}, {{2, PredicateOp::kEq, {Literal::String("a")}}}});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  std::set<std::string> files;
  for (const auto& task : plan->tasks) files.insert(task.file.file_path);
  // The unpartitioned file cannot be pruned by partition; "b" is.
  EXPECT_EQ(files, (std::set<std::string>{"a", "old"}));
  auto list = ReadManifestList(t.io(), t.metadata().CurrentSnapshot()->manifest_list);
  ASSERT_TRUE(list.ok());
  std::set<int32_t> specs;
  for (const auto& m : *list) specs.insert(m.partition_spec_id);
  EXPECT_EQ(specs, (std::set<int32_t>{0, 1}));
}

}  // namespace
}  // namespace floe::iceberg
