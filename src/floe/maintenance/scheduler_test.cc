#include "floe/maintenance/scheduler.h"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "floe/maintenance/settings.h"
#include "floe/maintenance/test_table_util.h"

namespace floe::maintenance {
namespace {

using namespace floe::maintenance::testing;  // NOLINT(google-build-using-namespace): test helpers
using iceberg::Json;

constexpr int64_t kHourMicros = 3600ll * 1000 * 1000;

class SchedulerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = TempDir("sched");
    auto opened = catalog::SqliteCatalog::Open(":memory:");
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    catalog_ = std::move(*opened);
    table_ = CreateTable(catalog_.get(), &clock_, dir_, "t");
    ASSERT_NE(table_, nullptr);
    for (int i = 0; i < 6; ++i) {
      clock_.Advance(1000000);
      ASSERT_TRUE(AppendRows(table_.get(), i * 10, 10, 1).ok());
    }
  }
  void TearDown() override { fs::remove_all(dir_); }

  Json Status() {
    auto text = catalog_->GetSetting(kJobStatusKind, "demo/ns/t");
    EXPECT_TRUE(text.ok()) << text.status().ToString();
    return text.ok() ? Json::parse(*text) : Json();
  }

  const JobRun* Find(const std::vector<JobRun>& runs, const std::string& kind) {
    for (const auto& r : runs) {
      if (r.kind == kind) return &r;
    }
    return nullptr;
  }

  fs::path dir_;
  // Real time now, so files written by the test are "now" for the scheduler too.
  FakeClock clock_{SystemClock::Default()->NowMicros()};
  std::unique_ptr<catalog::SqliteCatalog> catalog_;
  std::unique_ptr<iceberg::Table> table_;
};

TEST_F(SchedulerTest, DefaultsCompactSmallFilesAndRecordTheRun) {
  Scheduler s(JobEnv{catalog_.get(), storage::LocalFileIO::Default(), &clock_}, SchedulerOptions{});
  auto runs = s.RunOnce();
  const JobRun* c = Find(runs, kCompaction);
  ASSERT_NE(c, nullptr);
  ASSERT_TRUE(c->ok()) << c->error;
  EXPECT_EQ(c->files_in, 6);
  EXPECT_EQ(c->files_out, 1);
  EXPECT_EQ(c->rows, 60);
  EXPECT_EQ(Totals(table_.get()).rows, 60);
  Json st = Status();
  EXPECT_EQ(st["icebergCompaction"]["status"], "Successful");
  EXPECT_EQ(st["icebergCompaction"]["lastRunTimestamp"], IsoTimestamp(clock_.NowMillis()));
  EXPECT_EQ(st["icebergSnapshotManagement"]["status"], "Successful");
  EXPECT_EQ(st["icebergUnreferencedFileRemoval"]["status"], "Successful");
  auto recent = s.RecentRuns();
  ASSERT_EQ(recent.size(), 1u);  // expiry and removal had nothing to do
  EXPECT_EQ(recent[0].kind, kCompaction);
  EXPECT_EQ(JobRunToJson(recent[0])["filesIn"], 6);
}

TEST_F(SchedulerTest, FollowsTheTableAndBucketSettings) {
  ASSERT_TRUE(
      catalog_
          ->PutSetting(
              kTableMaintenanceKind, "demo/ns/t",
              R"({"icebergCompaction":{"status":"disabled","settings":{"icebergCompaction":{"targetFileSizeMB":64,"strategy":"auto"}}},
                                       "icebergSnapshotManagement":{"status":"enabled","settings":{"icebergSnapshotManagement":{"minSnapshotsToKeep":2,"maxSnapshotAgeHours":1}}}})")
          .ok());
  ASSERT_TRUE(
      catalog_
          ->PutSetting(
              kBucketMaintenanceKind, "demo",
              R"({"icebergUnreferencedFileRemoval":{"status":"disabled","settings":{"icebergUnreferencedFileRemoval":{"unreferencedDays":3,"nonCurrentDays":10}}}})")
          .ok());
  Scheduler s(JobEnv{catalog_.get(), storage::LocalFileIO::Default(), &clock_}, SchedulerOptions{});
  auto runs = s.RunOnce();
  EXPECT_EQ(Find(runs, kCompaction), nullptr);
  EXPECT_EQ(Find(runs, kUnreferencedFileRemoval), nullptr);
  const JobRun* e = Find(runs, kSnapshotManagement);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->snapshots_expired, 0);  // all six are younger than an hour
  clock_.Advance(2 * kHourMicros);
  runs = s.RunOnce();
  e = Find(runs, kSnapshotManagement);
  ASSERT_NE(e, nullptr);
  ASSERT_TRUE(e->ok()) << e->error;
  EXPECT_EQ(e->snapshots_expired, 4);  // two kept
  ASSERT_TRUE(table_->Refresh().ok());
  EXPECT_EQ(table_->metadata().snapshots.size(), 2u);
  EXPECT_EQ(Totals(table_.get()).rows, 60);
  Json st = Status();
  EXPECT_EQ(st["icebergCompaction"]["status"], "Disabled");
  EXPECT_EQ(st["icebergSnapshotManagement"]["status"], "Successful");
  EXPECT_EQ(st["icebergUnreferencedFileRemoval"]["status"], "Disabled");
}

TEST_F(SchedulerTest, RemovesUnreferencedFilesOnceOldEnough) {
  std::string stray = (dir_ / "t" / "data" / "stray.parquet").string();
  { std::ofstream(stray) << "x"; }
  Scheduler s(JobEnv{catalog_.get(), storage::LocalFileIO::Default(), &clock_}, SchedulerOptions{});
  auto runs = s.RunOnce();
  ASSERT_NE(Find(runs, kUnreferencedFileRemoval), nullptr);
  EXPECT_EQ(Find(runs, kUnreferencedFileRemoval)->files_deleted, 0);  // younger than 3 days
  EXPECT_TRUE(fs::exists(stray));
  clock_.Advance(10 * 60 * 1000000ll);
  EXPECT_EQ(Find(s.RunOnce(), kUnreferencedFileRemoval), nullptr);  // runs at most hourly
  clock_.Advance(73 * kHourMicros);
  runs = s.RunOnce();
  ASSERT_NE(Find(runs, kUnreferencedFileRemoval), nullptr);
  EXPECT_EQ(Find(runs, kUnreferencedFileRemoval)->files_deleted, 1);
  EXPECT_FALSE(fs::exists(stray));
  EXPECT_EQ(Totals(table_.get()).rows, 60);
}

TEST_F(SchedulerTest, ABadSettingFailsVisibly) {
  ASSERT_TRUE(catalog_
                  ->PutSetting(kTableMaintenanceKind, "demo/ns/t",
                               R"({"icebergCompaction":{"status":"sometimes"}})")
                  .ok());
  Scheduler s(JobEnv{catalog_.get(), storage::LocalFileIO::Default(), &clock_}, SchedulerOptions{});
  s.RunOnce();
  Json st = Status();
  EXPECT_EQ(st["icebergCompaction"]["status"], "Failed");
  EXPECT_NE(st["icebergCompaction"]["failureMessage"].get<std::string>().find("enabled"),
            std::string::npos);
  EXPECT_EQ(s.RecentRuns().size(), 3u);
}

TEST_F(SchedulerTest, BackgroundThreadRunsOnTicksAndStopsPromptly) {
  SchedulerOptions o;
  o.tick_interval_ms = 20;
  Scheduler s(JobEnv{catalog_.get(), storage::LocalFileIO::Default(), &clock_}, o);
  s.Start();
  for (int i = 0; i < 200 && s.RecentRuns().empty(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_FALSE(s.RecentRuns().empty());
  s.Stop();
  Scheduler idle(JobEnv{catalog_.get(), storage::LocalFileIO::Default(), &clock_},
                 SchedulerOptions{});
  idle.Start();
  auto t0 = std::chrono::steady_clock::now();
  idle.Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(1));
}

}  // namespace
}  // namespace floe::maintenance
