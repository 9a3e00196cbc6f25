#include "floe/iceberg/scan.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "floe/iceberg/fixture_io_test_util.h"
#include "floe/iceberg/metadata_io.h"
#include "floe/iceberg/table.h"

namespace floe::iceberg {
namespace {

namespace fs = std::filesystem;

constexpr int64_t kDay = 86400000000;  // micros

class ScanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("floe_scan_test_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    auto schema = SchemaFromJson(R"({"type":"struct","schema-id":0,"fields":[
      {"id":1,"name":"id","required":false,"type":"long"},
      {"id":2,"name":"kind","required":false,"type":"string"},
      {"id":3,"name":"at","required":false,"type":"timestamptz"}]})");
    ASSERT_TRUE(schema.ok());
    auto spec = PartitionSpecBuilder(*schema).Identity("kind").Day("at").Build();
    ASSERT_TRUE(spec.ok()) << spec.status().ToString();
    auto t = Table::Create(storage::LocalFileIO::Default(), NewVersionHintPointer(dir_.string()), &clock_,
                           dir_.string(), *schema, *spec);
    ASSERT_TRUE(t.ok()) << t.status().ToString();
    table_ = std::move(*t);
    // 3 commits: kinds a, b, c; 10 files each covering ids [100k, 100k+99] on day k.
    for (int k = 0; k < 3; ++k) {
      std::vector<DataFile> files;
      for (int i = 0; i < 10; ++i) {
        int64_t lo = (k * 10 + i) * 100;
        DataFile f;
        f.file_path = dir_.string() + "/data/" + std::to_string(k) + "-" + std::to_string(i) + ".parquet";
        f.partition = {Literal::String(std::string(1, static_cast<char>('a' + k))), Literal::Date(19000 + k)};
        f.record_count = 100;
        f.file_size_in_bytes = 1000;
        f.value_counts = {{1, 100}, {2, 100}, {3, 100}};
        f.null_value_counts = {{1, i == 9 ? 100 : 0}, {2, 0}, {3, 0}};
        if (i != 9) {
          f.lower_bounds = {{1, Literal::Long(lo).Serialize()}};
          f.upper_bounds = {{1, Literal::Long(lo + 99).Serialize()}};
        }
        files.push_back(std::move(f));
      }
      clock_.Advance(1000000);
      ASSERT_TRUE(FastAppend(table_.get(), std::move(files)).ok());
    }
  }
  void TearDown() override { fs::remove_all(dir_); }

  ScanPlan Plan(std::vector<Predicate> filter, ScanRequest r = {}) {
    r.filter = std::move(filter);
    auto plan = PlanScan(storage::LocalFileIO::Default(), table_->metadata(), r);
    EXPECT_TRUE(plan.ok()) << plan.status().ToString();
    return plan.ok() ? *plan : ScanPlan{};
  }

  fs::path dir_;
  FakeClock clock_{1700000000000000};
  std::unique_ptr<Table> table_;
};

TEST_F(ScanTest, NoFilterReadsEverything) {
  ScanPlan p = Plan({});
  EXPECT_EQ(p.tasks.size(), 30u);
  EXPECT_EQ(p.manifests_total, 3);
  EXPECT_EQ(p.files_skipped, 0);
}

TEST_F(ScanTest, ManifestsReadOnSeveralThreadsPlanTheSame) {
  ScanPlan one = Plan({});
  for (int threads : {2, 3, 8}) {
    ScanRequest r;
    r.read_threads = threads;
    ScanPlan p = Plan({}, r);
    ASSERT_EQ(p.tasks.size(), one.tasks.size());
    for (size_t k = 0; k < p.tasks.size(); ++k)
      EXPECT_EQ(p.tasks[k].file.file_path, one.tasks[k].file.file_path);
    EXPECT_EQ(p.manifests_total, 3);
  }
  ScanRequest r;
  r.read_threads = 4;
  EXPECT_EQ(Plan({{2, PredicateOp::kEq, {Literal::String("b")}}}, r).tasks.size(), 10u);
}

TEST_F(ScanTest, ColumnBoundsPruneFiles) {
  ScanPlan eq = Plan({{1, PredicateOp::kEq, {Literal::Long(1234)}}});
  ASSERT_EQ(eq.tasks.size(), 1u);
  EXPECT_NE(eq.tasks[0].file.file_path.find("1-2.parquet"), std::string::npos);
  EXPECT_EQ(eq.residual.size(), 1u);
  // An int literal on a long column is promoted.
  EXPECT_EQ(Plan({{1, PredicateOp::kEq, {Literal::Int(1234)}}}).tasks.size(), 1u);
  // BETWEEN 250 AND 450: files [200,299], [300,399], [400,499].
  EXPECT_EQ(Plan({{1, PredicateOp::kGtEq, {Literal::Long(250)}}, {1, PredicateOp::kLtEq, {Literal::Long(450)}}}).tasks.size(), 3u);
  EXPECT_EQ(Plan({{1, PredicateOp::kLt, {Literal::Long(100)}}}).tasks.size(), 1u);
  EXPECT_EQ(Plan({{1, PredicateOp::kLtEq, {Literal::Long(100)}}}).tasks.size(), 2u);
  EXPECT_EQ(Plan({{1, PredicateOp::kGt, {Literal::Long(2799)}}}).tasks.size(), 1u);
  EXPECT_EQ(Plan({{1, PredicateOp::kGt, {Literal::Long(2899)}}}).tasks.size(), 0u);
  EXPECT_EQ(Plan({{1, PredicateOp::kIn, {Literal::Long(5), Literal::Long(2705), Literal::Long(99999)}}}).tasks.size(), 2u);
  // Files whose id column is all null: only IS NULL finds them.
  EXPECT_EQ(Plan({{1, PredicateOp::kIsNull, {}}}).tasks.size(), 3u);
  EXPECT_EQ(Plan({{1, PredicateOp::kNotNull, {}}}).tasks.size(), 27u);
}

TEST_F(ScanTest, PartitionsPruneManifestsAndFiles) {
  ScanPlan b = Plan({{2, PredicateOp::kEq, {Literal::String("b")}}});
  EXPECT_EQ(b.tasks.size(), 10u);
  EXPECT_EQ(b.manifests_skipped, 2);
  // day(at) projection: the day of 19001 only.
  int64_t day1 = 19001 * kDay;
  ScanPlan d = Plan({{3, PredicateOp::kGtEq, {Literal::TimestampTz(day1 + 5)}},
                     {3, PredicateOp::kLt, {Literal::TimestampTz(day1 + 10)}}});
  EXPECT_EQ(d.tasks.size(), 10u);
  EXPECT_EQ(d.manifests_skipped, 2);
  // A strict bound on the day boundary keeps the boundary day (transform is not injective).
  EXPECT_EQ(Plan({{3, PredicateOp::kLt, {Literal::TimestampTz(day1)}}}).tasks.size(), 20u);
  EXPECT_EQ(Plan({{2, PredicateOp::kIn, {Literal::String("a"), Literal::String("c")}}}).tasks.size(), 20u);
  EXPECT_EQ(Plan({{2, PredicateOp::kIsNull, {}}}).tasks.size(), 0u);
}

TEST_F(ScanTest, TimeTravelSelectsOlderSnapshots) {
  const auto& snaps = table_->metadata().snapshots;
  ScanRequest by_id;
  by_id.snapshot_id = snaps[0].snapshot_id;
  EXPECT_EQ(Plan({}, by_id).tasks.size(), 10u);
  ScanRequest by_time;
  by_time.as_of_timestamp_ms = snaps[1].timestamp_ms;
  EXPECT_EQ(Plan({}, by_time).tasks.size(), 20u);
  ScanRequest before;
  before.as_of_timestamp_ms = snaps[0].timestamp_ms - 1;
  EXPECT_EQ(PlanScan(storage::LocalFileIO::Default(), table_->metadata(), before).status().code(), StatusCode::kNotFound);
  ScanRequest missing;
  missing.snapshot_id = 12345;
  EXPECT_EQ(PlanScan(storage::LocalFileIO::Default(), table_->metadata(), missing).status().code(), StatusCode::kNotFound);
  ScanRequest main_ref;
  main_ref.ref = "main";
  EXPECT_EQ(Plan({}, main_ref).tasks.size(), 30u);
  ScanRequest tag;
  tag.ref = "nope";
  EXPECT_EQ(PlanScan(storage::LocalFileIO::Default(), table_->metadata(), tag).status().code(), StatusCode::kNotFound);
}

using testing::RelocatingIO;

// Tables with position and equality deletes written by Spark and Iceberg Java:
// every data file is planned, and deletes that removed rows reach a data file.
TEST(ScanFixtureTest, PairsDeleteFilesWithDataFiles) {
  fs::path root = fs::path(FLOE_SHARED_DIR) / "fixtures" / "iceberg";
  std::ifstream in(root / "expected.json");
  ASSERT_TRUE(in);
  nlohmann::json expected = nlohmann::json::parse(in);
  for (auto it = expected.begin(); it != expected.end(); ++it) {
    const auto& want = it.value();
    fs::path dir = root / it.key();
    RelocatingIO io(want["pathPrefix"].get<std::string>(), dir);
    auto md = ReadTableMetadata(storage::LocalFileIO::Default(), (dir / want["metadataFile"].get<std::string>()).string());
    ASSERT_TRUE(md.ok()) << it.key();
    auto plan = PlanScan(&io, *md, ScanRequest{});
    ASSERT_TRUE(plan.ok()) << it.key() << ": " << plan.status().ToString();
    EXPECT_EQ(static_cast<int64_t>(plan->tasks.size()), want["dataFiles"].get<int64_t>()) << it.key();
    int64_t with_deletes = 0;
    for (const auto& t : plan->tasks) with_deletes += !t.deletes.empty();
    bool has_deletes = want["positionDeleteFiles"].get<int64_t>() + want["equalityDeleteFiles"].get<int64_t>() > 0;
    // Deletes must reach some data file when they removed rows; a table without
    // delete files has none to pair.
    if (want["rows"].get<int64_t>() < want["rowsBeforeDeletes"].get<int64_t>()) {
      EXPECT_GT(with_deletes, 0) << it.key();
    }
    if (!has_deletes) {
      EXPECT_EQ(with_deletes, 0) << it.key();
    }
    // Every snapshot the expectations list can be selected for time travel.
    for (auto s = want["snapshots"].begin(); s != want["snapshots"].end(); ++s) {
      ScanRequest r;
      r.snapshot_id = std::stoll(s.key());
      auto p = PlanScan(&io, *md, r);
      // The fixtures keep only the files of some older snapshots.
      if (!p.ok()) {
        EXPECT_EQ(p.status().code(), StatusCode::kNotFound) << it.key() << ": " << p.status().ToString();
      }
    }
  }
}

}  // namespace
}  // namespace floe::iceberg
