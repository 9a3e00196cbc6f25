#include "floe/iceberg/rewrite.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <set>

namespace floe::iceberg {
namespace {

namespace fs = std::filesystem;

class RewriteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("floe_rewrite_test_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    auto schema = SchemaFromJson(R"({"type":"struct","fields":[
      {"id":1,"name":"id","required":false,"type":"long"},{"id":2,"name":"kind","required":false,"type":"string"}]})");
    auto spec = PartitionSpecBuilder(*schema).Identity("kind").Build();
    auto t = Table::Create(storage::LocalFileIO::Default(), NewVersionHintPointer(dir_.string()), &clock_, dir_.string(),
                           *schema, *spec);
    ASSERT_TRUE(t.ok()) << t.status().ToString();
    table_ = std::move(*t);
    // f0..f3: kinds a, a, b, b; ids [10i, 10i+9], no nulls.
    for (int i = 0; i < 4; ++i) {
      clock_.Advance(1000000);
      ASSERT_TRUE(FastAppend(table_.get(), {File("f" + std::to_string(i), i < 2 ? "a" : "b", 10 * i, 10 * i + 9)}).ok());
    }
  }
  void TearDown() override { fs::remove_all(dir_); }

  static DataFile File(const std::string& name, const std::string& kind, int64_t lo, int64_t hi) {
    DataFile f;
    f.file_path = "/data/" + name + ".parquet";
    f.partition = {Literal::String(kind)};
    f.record_count = hi - lo + 1;
    f.file_size_in_bytes = 100;
    f.value_counts = {{1, f.record_count}};
    f.null_value_counts = {{1, 0}};
    f.lower_bounds = {{1, Literal::Long(lo).Serialize()}};
    f.upper_bounds = {{1, Literal::Long(hi).Serialize()}};
    return f;
  }

  std::set<std::string> LiveFiles(Table* t) {
    auto plan = PlanScan(t->io(), t->metadata(), ScanRequest{});
    EXPECT_TRUE(plan.ok()) << plan.status().ToString();
    std::set<std::string> out;
    for (const auto& task : plan->tasks) out.insert(task.file.file_path);
    return out;
  }

  fs::path dir_;
  FakeClock clock_{1700000000000000};
  std::unique_ptr<Table> table_;
};

TEST_F(RewriteTest, ReplacesFilesKeepingSequenceNumbers) {
  auto r = RewriteFiles(table_.get(), {"/data/f0.parquet", "/data/f1.parquet"}, {File("g", "a", 0, 19)});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(LiveFiles(table_.get()), (std::set<std::string>{"/data/f2.parquet", "/data/f3.parquet", "/data/g.parquet"}));
  const Snapshot* s = table_->metadata().CurrentSnapshot();
  EXPECT_EQ(s->operation(), "replace");
  EXPECT_EQ(s->Count(kTotalDataFiles), 3);
  EXPECT_EQ(s->Count(kTotalRecords), 40);
  EXPECT_EQ(s->Count(kDeletedDataFiles), 2);
  // Untouched files keep the data sequence number of the commit that added them.
  auto plan = PlanScan(table_->io(), table_->metadata(), ScanRequest{});
  for (const auto& t : plan->tasks) {
    if (t.file.file_path == "/data/f3.parquet") {
      EXPECT_EQ(t.data_sequence_number, 4);
    }
    if (t.file.file_path == "/data/g.parquet") {
      EXPECT_EQ(t.data_sequence_number, 5);
    }
  }
}

TEST_F(RewriteTest, FailsCleanlyWhenAFileWasRemovedConcurrently) {
  auto other = Table::Load(storage::LocalFileIO::Default(), NewVersionHintPointer(dir_.string()), &clock_);
  ASSERT_TRUE(other.ok());
  ASSERT_TRUE(RewriteFiles(table_.get(), {"/data/f2.parquet"}, {File("h", "b", 20, 29)}).ok());
  size_t snapshots = table_->metadata().snapshots.size();
  auto stale = RewriteFiles(other->get(), {"/data/f2.parquet"}, {File("x", "b", 20, 29)});
  EXPECT_EQ(stale.status().code(), StatusCode::kFailedPrecondition) << stale.status().ToString();
  ASSERT_TRUE(table_->Refresh().ok());
  EXPECT_EQ(table_->metadata().snapshots.size(), snapshots);
  EXPECT_EQ(LiveFiles(table_.get()).count("/data/x.parquet"), 0u);
}

TEST_F(RewriteTest, DeletesWholeFilesByPredicate) {
  auto gone = DeleteWhere(table_.get(), {{2, PredicateOp::kEq, {Literal::String("a")}}});
  ASSERT_TRUE(gone.ok()) << gone.status().ToString();
  EXPECT_EQ(gone->files_removed, 2);
  EXPECT_EQ(table_->metadata().CurrentSnapshot()->operation(), "delete");
  EXPECT_EQ(LiveFiles(table_.get()), (std::set<std::string>{"/data/f2.parquet", "/data/f3.parquet"}));
  // id >= 30 covers f3 entirely.
  ASSERT_TRUE(DeleteWhere(table_.get(), {{1, PredicateOp::kGtEq, {Literal::Long(30)}}}).ok());
  EXPECT_EQ(LiveFiles(table_.get()), (std::set<std::string>{"/data/f2.parquet"}));
  // id < 25 splits f2: that would need row-level deletes.
  auto split = DeleteWhere(table_.get(), {{1, PredicateOp::kLt, {Literal::Long(25)}}});
  EXPECT_EQ(split.status().code(), StatusCode::kFailedPrecondition);
  // Matching nothing commits nothing.
  size_t n = table_->metadata().snapshots.size();
  ASSERT_TRUE(DeleteWhere(table_.get(), {{1, PredicateOp::kGt, {Literal::Long(1000)}}}).ok());
  EXPECT_EQ(table_->metadata().snapshots.size(), n);
}

}  // namespace
}  // namespace floe::iceberg
