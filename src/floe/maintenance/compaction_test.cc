#include "floe/maintenance/compaction.h"

#include <gtest/gtest.h>

#include <functional>
#include <set>
#include <thread>

#include "floe/iceberg/rewrite.h"
#include "floe/maintenance/test_table_util.h"

namespace floe::maintenance {
namespace {

using namespace floe::maintenance::testing;  // NOLINT(google-build-using-namespace): test helpers
using iceberg::FileScanTask;
using iceberg::Literal;

FileScanTask Task(const std::string& name, int64_t bytes, const std::string& kind, int64_t seq,
                  int32_t spec = 0) {
  FileScanTask t;
  t.file.file_path = "/t/data/" + name;
  t.file.file_size_in_bytes = bytes;
  t.file.partition = {Literal::String(kind)};
  t.file.spec_id = spec;
  t.data_sequence_number = seq;
  return t;
}

std::set<std::string> Names(const FileGroup& g) {
  std::set<std::string> out;
  for (const auto& f : g.files) out.insert(f.file.file_path.substr(8));
  return out;
}

TEST(PlanCompactionTest, GroupsSmallFilesByPartitionOnly) {
  iceberg::TableMetadata md;
  iceberg::ScanPlan scan;
  scan.snapshot_id = 7;
  scan.tasks = {Task("a1", 10, "a", 1), Task("b1", 10, "b", 2), Task("a2", 20, "a", 3),
                Task("a3", 80, "a", 4),  // >= 75% of 100: already big enough
                Task("b2", 30, "b", 5), Task("c1", 10, "c", 6)};  // c: a single small file
  CompactionOptions o;
  o.target_file_size_bytes = 100;
  CompactionPlan plan = PlanCompaction(md, scan, o);
  EXPECT_EQ(plan.snapshot_id, 7);
  ASSERT_EQ(plan.groups.size(), 2u);
  EXPECT_EQ(Names(plan.groups[0]), (std::set<std::string>{"a1", "a2"}));
  EXPECT_EQ(plan.groups[0].bytes, 30);
  EXPECT_EQ(plan.groups[0].partition[0]->ToString(), Literal::String("a").ToString());
  EXPECT_EQ(Names(plan.groups[1]), (std::set<std::string>{"b1", "b2"}));
}

TEST(PlanCompactionTest, BinPacksIntoGroupsOfAtMostTheGroupSize) {
  iceberg::TableMetadata md;
  iceberg::ScanPlan scan;
  for (int i = 0; i < 10; ++i)
    scan.tasks.push_back(Task("f" + std::to_string(i), 40 + i, "a", 10 - i));
  CompactionOptions o;
  o.target_file_size_bytes = 100;
  o.max_group_bytes = 200;
  CompactionPlan plan = PlanCompaction(md, scan, o);
  // 445 bytes in groups of <= 200: first-fit decreasing needs 3 (4 + 4 + 2 files).
  ASSERT_EQ(plan.groups.size(), 3u);
  int64_t total = 0;
  for (const auto& g : plan.groups) {
    EXPECT_LE(g.bytes, 200);
    total += g.bytes;
    // Inside a group rows keep commit order.
    for (size_t i = 1; i < g.files.size(); ++i) {
      EXPECT_LT(g.files[i - 1].data_sequence_number, g.files[i].data_sequence_number);
    }
  }
  EXPECT_EQ(total, 445);
}

TEST(PlanCompactionTest, LeavesFilesWithDeletesAndOlderSpecsAlone) {
  iceberg::TableMetadata md;
  md.default_spec_id = 1;
  iceberg::ScanPlan scan;
  scan.tasks = {Task("a1", 10, "a", 1, 1), Task("a2", 10, "a", 2, 1), Task("a3", 10, "a", 3, 1),
                Task("old1", 10, "a", 4, 0), Task("old2", 10, "a", 5, 0)};
  scan.tasks[2].deletes.push_back(iceberg::DataFile{});
  CompactionOptions o;
  o.target_file_size_bytes = 100;
  CompactionPlan plan = PlanCompaction(md, scan, o);
  ASSERT_EQ(plan.groups.size(), 1u);
  EXPECT_EQ(Names(plan.groups[0]), (std::set<std::string>{"a1", "a2"}));
  EXPECT_EQ(plan.files_with_deletes, 1);
  EXPECT_EQ(plan.files_other_spec, 2);

  o.min_input_files = 3;
  EXPECT_TRUE(PlanCompaction(md, scan, o).groups.empty());
}

class CompactTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = TempDir("compact");
    auto opened = catalog::SqliteCatalog::Open(":memory:");
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    catalog_ = std::move(*opened);
    table_ = CreateTable(catalog_.get(), SystemClock::Default(), dir_, "t");
    ASSERT_NE(table_, nullptr);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Another handle on the same table, as a concurrent writer has.
  std::unique_ptr<iceberg::Table> OpenAgain(std::function<void()> before_first_swap = nullptr) {
    class HookPointer final : public iceberg::MetadataPointer {
     public:
      HookPointer(std::unique_ptr<iceberg::MetadataPointer> p, std::function<void()> hook)
          : p_(std::move(p)), hook_(std::move(hook)) {}
      Result<std::string> Current() override { return p_->Current(); }
      Status Swap(const std::string& expected, const std::string& next) override {
        if (hook_) std::exchange(hook_, nullptr)();
        return p_->Swap(expected, next);
      }

     private:
      std::unique_ptr<iceberg::MetadataPointer> p_;
      std::function<void()> hook_;
    };
    auto t = iceberg::Table::Load(
        storage::LocalFileIO::Default(),
        std::make_unique<HookPointer>(
            catalog::NewCatalogPointer(catalog_.get(), "demo", "ns", "t", (dir_ / "t").string()),
            std::move(before_first_swap)),
        SystemClock::Default());
    EXPECT_TRUE(t.ok()) << t.status().ToString();
    return std::move(*t);
  }

  std::set<std::string> DataFolder() {
    std::set<std::string> out;
    for (const auto& e : fs::directory_iterator(dir_ / "t" / "data")) out.insert(e.path().string());
    return out;
  }

  fs::path dir_;
  std::unique_ptr<catalog::SqliteCatalog> catalog_;
  std::unique_ptr<iceberg::Table> table_;
};

TEST_F(CompactTest, RewritesSmallFilesIntoTargetSizeFilesPerPartition) {
  for (int i = 0; i < 60; ++i) ASSERT_TRUE(AppendRows(table_.get(), i * 200, 200).ok());
  TableTotals before = Totals(table_.get());
  ASSERT_EQ(before.files, 120);
  CompactionOptions o;
  o.target_file_size_bytes = 16 << 10;
  auto r = Compact(table_.get(), o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_TRUE(r->snapshot_id.has_value());
  EXPECT_EQ(r->files_in, 120);
  EXPECT_EQ(r->rows, 12000);
  EXPECT_EQ(table_->metadata().CurrentSnapshot()->operation(), "replace");
  TableTotals after = Totals(table_.get());
  EXPECT_EQ(after.rows, before.rows);
  EXPECT_EQ(after.id_sum, before.id_sum);
  EXPECT_DOUBLE_EQ(after.v_sum, before.v_sum);
  EXPECT_EQ(after.files, r->files_out);
  EXPECT_LT(r->files_out, 20);
  // Every file but the last of each partition is near the target.
  std::map<std::string, std::vector<int64_t>> sizes;
  auto plan = iceberg::PlanScan(table_->io(), table_->metadata(), iceberg::ScanRequest{});
  for (const auto& t : plan->tasks)
    sizes[t.file.partition[0]->ToString()].push_back(t.file.file_size_in_bytes);
  ASSERT_EQ(sizes.size(), 2u);
  int near = 0;
  for (auto& [kind, s] : sizes) {
    std::sort(s.rbegin(), s.rend());
    for (size_t i = 0; i + 1 < s.size(); ++i) {
      EXPECT_GE(s[i], o.target_file_size_bytes * 7 / 10) << kind;
      EXPECT_LE(s[i], o.target_file_size_bytes * 13 / 10) << kind;
      ++near;
    }
  }
  EXPECT_GE(near, 2);
  // Output files hold one partition each: their kind bounds are equal.
  for (const auto& t : plan->tasks) EXPECT_EQ(t.file.lower_bounds.at(2), t.file.upper_bounds.at(2));
  // A second run finds nothing worth doing.
  auto again = Compact(table_.get(), o);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->snapshot_id.has_value());
}

TEST_F(CompactTest, AnAppendThatWinsTheRaceIsKept) {
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(AppendRows(table_.get(), i * 10, 10).ok());
  auto compactor = OpenAgain([&] { ASSERT_TRUE(AppendRows(table_.get(), 1000, 10).ok()); });
  auto r = Compact(compactor.get(), CompactionOptions{});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->attempts, 2);
  TableTotals after = Totals(table_.get());
  EXPECT_EQ(after.rows, 60);
  EXPECT_EQ(after.files, 2 + 2);  // one compacted file per partition + the racing append's two
}

TEST_F(CompactTest, GivesUpCleanlyWhenAReplacedFileWasRemoved) {
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(AppendRows(table_.get(), i * 10, 10, 1).ok());
  auto plan = iceberg::PlanScan(table_->io(), table_->metadata(), iceberg::ScanRequest{});
  std::string victim = plan->tasks[0].file.file_path;
  std::set<std::string> files_before = DataFolder();
  auto compactor =
      OpenAgain([&] { ASSERT_TRUE(iceberg::RewriteFiles(table_.get(), {victim}, {}).ok()); });
  auto r = Compact(compactor.get(), CompactionOptions{});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kFailedPrecondition) << r.status().ToString();
  EXPECT_NE(r.status().message().find("nothing changed"), std::string::npos);
  EXPECT_EQ(Totals(table_.get()).rows, 30);
  EXPECT_EQ(DataFolder(), files_before);  // what the compaction wrote is gone
}

TEST_F(CompactTest, ConcurrentAppendsDuringCompactionAllSurvive) {
  for (int i = 0; i < 40; ++i) ASSERT_TRUE(AppendRows(table_.get(), i * 50, 50).ok());
  auto appender = OpenAgain();
  std::atomic<bool> failed{false};
  std::thread writer([&] {
    for (int i = 0; i < 30; ++i) {
      if (!AppendRows(appender.get(), 100000 + i * 10, 10).ok()) failed = true;
    }
  });
  CompactionOptions o;
  o.target_file_size_bytes = 8 << 10;
  int compacted = 0;
  for (int round = 0; round < 3; ++round) {
    auto r = Compact(table_.get(), o);
    // Losing to an append only delays; a compaction may give up but never corrupts.
    if (r.ok() && r->snapshot_id) ++compacted;
  }
  writer.join();
  EXPECT_FALSE(failed);
  EXPECT_GE(compacted, 1);
  TableTotals after = Totals(table_.get());
  EXPECT_EQ(after.rows, 40 * 50 + 30 * 10);
  int64_t expected_sum = 0;
  for (int64_t id = 0; id < 2000; ++id) expected_sum += id;
  for (int64_t id = 100000; id < 100300; ++id) expected_sum += id;
  EXPECT_EQ(after.id_sum, expected_sum);
}

TEST_F(CompactTest, CancelledCompactionLeavesNoFiles) {
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(AppendRows(table_.get(), i * 10, 10).ok());
  std::set<std::string> files_before = DataFolder();
  std::atomic<bool> cancel{true};
  CompactionOptions o;
  o.cancel = &cancel;
  auto r = Compact(table_.get(), o);
  EXPECT_EQ(r.status().code(), StatusCode::kAborted);
  EXPECT_EQ(DataFolder(), files_before);
}

}  // namespace
}  // namespace floe::maintenance
