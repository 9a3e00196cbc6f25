#include "floe/iceberg/maintenance.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "floe/iceberg/rewrite.h"
#include "floe/iceberg/scan.h"

namespace floe::iceberg {
namespace {

namespace fs = std::filesystem;

class MaintenanceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("floe_maintenance_test_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    auto schema = SchemaFromJson(R"({"type":"struct","fields":[{"id":1,"name":"id","required":false,"type":"long"}]})");
    auto t = Table::Create(storage::LocalFileIO::Default(), NewVersionHintPointer(dir_.string()), &clock_,
                           dir_.string(), *schema, PartitionSpec::Unpartitioned());
    ASSERT_TRUE(t.ok()) << t.status().ToString();
    table_ = std::move(*t);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Appends one real (empty-content) file per commit so deletions are observable.
  void AppendFiles(int n) {
    for (int i = 0; i < n; ++i) {
      clock_.Advance(60'000'000);  // one minute
      std::string path = dir_.string() + "/data/f" + std::to_string(next_++) + ".parquet";
      fs::create_directories(dir_ / "data");
      std::ofstream(path) << "x";
      DataFile f;
      f.file_path = path;
      f.record_count = 1;
      f.file_size_in_bytes = 1;
      ASSERT_TRUE(FastAppend(table_.get(), {f}).ok());
    }
  }

  // Every snapshot still in the metadata plans, and all it references exists.
  void ExpectRetainedSnapshotsIntact() {
    const TableMetadata& md = table_->metadata();
    for (const auto& s : md.snapshots) {
      std::set<std::string> files;
      ASSERT_TRUE(CollectReachableFiles(table_->io(), md, s, &files).ok()) << s.snapshot_id;
      for (const auto& f : files) EXPECT_TRUE(fs::exists(f)) << f;
    }
  }

  fs::path dir_;
  FakeClock clock_{1700000000000000};
  std::unique_ptr<Table> table_;
  int next_ = 0;
};

TEST_F(MaintenanceTest, ExpireKeepsRecentAndReferencedSnapshotsAndDeletesOnlyTheirFiles) {
  AppendFiles(6);
  const auto snaps = table_->metadata().snapshots;
  // Tag the second snapshot: tags pin what they point at.
  ASSERT_TRUE(table_->Commit({}, {SetSnapshotRef{"v1", {snaps[1].snapshot_id, SnapshotRefType::kTag, {}, {}, {}}}}).ok());
  ExpireOptions options;
  options.older_than_ms = snaps[4].timestamp_ms;  // snapshots 0..3 are old enough
  options.retain_last = 2;
  auto result = ExpireSnapshots(table_.get(), options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  // 0, 2 and 3 expire; 1 is tagged; 4 and 5 are the retained newest.
  EXPECT_EQ(result->expired_snapshot_ids.size(), 3u);
  EXPECT_EQ(table_->metadata().snapshots.size(), 3u);
  EXPECT_NE(table_->metadata().SnapshotById(snaps[1].snapshot_id), nullptr);
  // Fast appends carry every data file forward, so no data file may go; only
  // the expired snapshots' manifest lists can.
  for (const auto& f : result->deleted_files) {
    EXPECT_EQ(f.find("/data/"), std::string::npos) << f;
    EXPECT_FALSE(fs::exists(f)) << f;
  }
  EXPECT_EQ(result->deleted_files.size(), 3u);
  ExpectRetainedSnapshotsIntact();
  auto plan = PlanScan(table_->io(), table_->metadata(), ScanRequest{});
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->tasks.size(), 6u);
  // The current snapshot never expires, even when everything is "old".
  options.older_than_ms = INT64_MAX;
  options.retain_last = 1;
  ASSERT_TRUE(ExpireSnapshots(table_.get(), options).ok());
  EXPECT_NE(table_->metadata().CurrentSnapshot(), nullptr);
  ExpectRetainedSnapshotsIntact();
}

TEST_F(MaintenanceTest, RollbackThenExpireRemovesTheAbandonedFiles) {
  AppendFiles(3);
  const auto snaps = table_->metadata().snapshots;
  ASSERT_TRUE(RollbackTo(table_.get(), snaps[0].snapshot_id).ok());
  EXPECT_EQ(table_->metadata().current_snapshot_id, snaps[0].snapshot_id);
  EXPECT_EQ(RollbackTo(table_.get(), snaps[2].snapshot_id).code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(RollbackTo(table_.get(), 42).code(), StatusCode::kNotFound);
  ExpireOptions options;
  options.older_than_ms = INT64_MAX;
  auto result = ExpireSnapshots(table_.get(), options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->expired_snapshot_ids.size(), 2u);
  // Files only the abandoned snapshots had are deleted; the rolled-back-to one keeps its file.
  int data_deleted = 0;
  for (const auto& f : result->deleted_files) data_deleted += f.find("/data/") != std::string::npos;
  EXPECT_EQ(data_deleted, 2);
  ExpectRetainedSnapshotsIntact();
}

TEST_F(MaintenanceTest, OrphanRemovalSparesEverythingReachableAndRecentFiles) {
  AppendFiles(2);
  std::string orphan = (dir_ / "data" / "orphan.parquet").string();
  std::ofstream(orphan) << "x";
  OrphanOptions options;
  options.older_than_ms = 0;  // nothing is old enough
  auto none = RemoveOrphanFiles(table_.get(), options);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  options.older_than_ms = INT64_MAX;
  options.dry_run = true;
  auto dry = RemoveOrphanFiles(table_.get(), options);
  ASSERT_TRUE(dry.ok());
  ASSERT_EQ(dry->size(), 1u);
  EXPECT_EQ((*dry)[0], orphan);
  EXPECT_TRUE(fs::exists(orphan));
  options.dry_run = false;
  ASSERT_TRUE(RemoveOrphanFiles(table_.get(), options).ok());
  EXPECT_FALSE(fs::exists(orphan));
  ExpectRetainedSnapshotsIntact();
  EXPECT_TRUE(fs::exists(table_->metadata_location()));
}

}  // namespace
}  // namespace floe::iceberg

namespace floe::iceberg {
namespace {

// Random sequences of appends, rewrites, rollbacks, expiries and orphan
// removals: after every step, every file any retained snapshot reaches exists.
TEST_F(MaintenanceTest, RandomOperationsNeverDeleteReachableFiles) {
  std::mt19937 rng(20261125);
  int rewrites = 0, expiries = 0, rollbacks = 0;
  for (int step = 0; step < 60; ++step) {
    int op = static_cast<int>(rng() % 10);
    if (op < 4) {
      AppendFiles(1);
    } else if (op < 6) {
      auto plan = PlanScan(table_->io(), table_->metadata(), ScanRequest{});
      ASSERT_TRUE(plan.ok());
      if (plan->tasks.size() < 2) continue;
      std::string merged = dir_.string() + "/data/merged" + std::to_string(step) + ".parquet";
      std::ofstream(merged) << "x";
      DataFile f;
      f.file_path = merged;
      f.record_count = 2;
      f.file_size_in_bytes = 1;
      auto r = RewriteFiles(table_.get(), {plan->tasks[0].file.file_path, plan->tasks[1].file.file_path}, {f});
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      ++rewrites;
    } else if (op == 6) {
      const Snapshot* cur = table_->metadata().CurrentSnapshot();
      if (!cur || !cur->parent_snapshot_id || !table_->metadata().SnapshotById(*cur->parent_snapshot_id)) continue;
      ASSERT_TRUE(RollbackTo(table_.get(), *cur->parent_snapshot_id).ok());
      ++rollbacks;
    } else if (op < 9) {
      ExpireOptions options;
      options.older_than_ms = clock_.NowMillis() - static_cast<int64_t>(rng() % 5) * 60000;
      options.retain_last = 1 + static_cast<int>(rng() % 3);
      auto r = ExpireSnapshots(table_.get(), options);
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      ++expiries;
    } else {
      OrphanOptions options;
      options.older_than_ms = INT64_MAX;
      ASSERT_TRUE(RemoveOrphanFiles(table_.get(), options).ok());
    }
    ASSERT_TRUE(table_->Refresh().ok());
    ExpectRetainedSnapshotsIntact();
    if (::testing::Test::HasFailure()) return;
  }
  EXPECT_GT(rewrites, 0);
  EXPECT_GT(expiries, 0);
  EXPECT_GT(rollbacks, 0);
}

}  // namespace
}  // namespace floe::iceberg
