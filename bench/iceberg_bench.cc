// Fast-append commit latency on path-based tables that already hold 1, 1,000
// and 10,000 data files (added by one earlier commit, so the files sit in one
// manifest, as compaction leaves them). Each measured commit appends one file.
// Prints medians and p99 in milliseconds and the ratio to the 1-file table.
//
//   iceberg_bench [--commits K] [--dir DIR]
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "floe/base/clock.h"
#include "floe/iceberg/scan.h"
#include "floe/iceberg/table.h"

namespace {

using namespace floe::iceberg;  // NOLINT(google-build-using-namespace): benchmark glue

DataFile File(const std::string& dir, int64_t i) {
  DataFile f;
  f.file_path = dir + "/data/f" + std::to_string(i) + ".parquet";
  f.record_count = 1000;
  f.file_size_in_bytes = 64000;
  for (int32_t id = 1; id <= 6; ++id) {
    f.column_sizes[id] = 10000;
    f.value_counts[id] = 1000;
    f.null_value_counts[id] = 0;
    f.lower_bounds[id] = Literal::Long(i).Serialize();
    f.upper_bounds[id] = Literal::Long(i + 1000).Serialize();
  }
  return f;
}

double Percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  size_t idx = static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(idx, v.size() - 1)];
}

}  // namespace

int main(int argc, char** argv) {
  int commits = 50;
  std::string root = std::filesystem::temp_directory_path() / ("floe-iceberg-bench-" + std::to_string(::getpid()));
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--commits" && i + 1 < argc) commits = std::stoi(argv[++i]);
    else if (a == "--dir" && i + 1 < argc) root = argv[++i];
    else {
      std::fprintf(stderr, "usage: iceberg_bench [--commits K] [--dir DIR]\n");
      return a == "--help" ? 0 : 2;
    }
  }
  auto schema = SchemaFromJson(R"({"type":"struct","schema-id":0,"fields":[
    {"id":1,"name":"sensor_id","required":false,"type":"string"},{"id":2,"name":"timestamp","required":false,"type":"long"},
    {"id":3,"name":"location","required":false,"type":"string"},{"id":4,"name":"temperature","required":false,"type":"double"},
    {"id":5,"name":"humidity","required":false,"type":"double"},{"id":6,"name":"pressure","required":false,"type":"double"}]})");
  std::printf("fast append commit latency, %d commits of 1 file each, local disk (fsync on)\n", commits);
  std::printf("%-16s %12s %12s %14s\n", "existing files", "median ms", "p99 ms", "median ratio");
  double base_median = 0;
  for (int64_t existing : {1, 1000, 10000}) {
    std::string dir = root + "/t" + std::to_string(existing);
    std::filesystem::remove_all(dir);
    auto table = Table::Create(floe::storage::LocalFileIO::Default(), NewVersionHintPointer(dir),
                               floe::SystemClock::Default(), dir, *schema, PartitionSpec::Unpartitioned());
    if (!table.ok()) {
      std::fprintf(stderr, "%s\n", table.status().ToString().c_str());
      return 1;
    }
    std::vector<DataFile> initial;
    for (int64_t i = 0; i < existing; ++i) initial.push_back(File(dir, i));
    if (auto r = FastAppend(table->get(), std::move(initial)); !r.ok()) {
      std::fprintf(stderr, "%s\n", r.status().ToString().c_str());
      return 1;
    }
    std::vector<double> ms;
    for (int c = 0; c < commits; ++c) {
      auto t0 = std::chrono::steady_clock::now();
      auto r = FastAppend(table->get(), {File(dir, existing + c)});
      double elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
      if (!r.ok()) {
        std::fprintf(stderr, "%s\n", r.status().ToString().c_str());
        return 1;
      }
      ms.push_back(elapsed);
    }
    double median = Percentile(ms, 0.5);
    if (existing == 1) base_median = median;
    std::printf("%-16lld %12.2f %12.2f %14.2f\n", static_cast<long long>(existing), median, Percentile(ms, 0.99),
                median / base_median);
  }
  // Scan planning on a 10,000-file table: 100 commits of 100 files, each
  // commit one value of an identity-partitioned `day` column, each file a
  // disjoint id range.
  auto pschema = SchemaFromJson(R"({"type":"struct","schema-id":0,"fields":[
    {"id":1,"name":"id","required":false,"type":"long"},{"id":2,"name":"day","required":false,"type":"int"}]})");
  auto spec = PartitionSpecBuilder(*pschema).Identity("day").Build();
  std::string pdir = root + "/planned";
  std::filesystem::remove_all(pdir);
  auto ptable = Table::Create(floe::storage::LocalFileIO::Default(), NewVersionHintPointer(pdir),
                              floe::SystemClock::Default(), pdir, *pschema, *spec);
  if (!ptable.ok()) {
    std::fprintf(stderr, "%s\n", ptable.status().ToString().c_str());
    return 1;
  }
  for (int d = 0; d < 100; ++d) {
    std::vector<DataFile> files;
    for (int i = 0; i < 100; ++i) {
      int64_t lo = (d * 100 + i) * 1000;
      DataFile f;
      f.file_path = pdir + "/data/" + std::to_string(d) + "-" + std::to_string(i) + ".parquet";
      f.partition = {Literal::Int(d)};
      f.record_count = 1000;
      f.file_size_in_bytes = 64000;
      f.value_counts = {{1, 1000}, {2, 1000}};
      f.null_value_counts = {{1, 0}, {2, 0}};
      f.lower_bounds = {{1, Literal::Long(lo).Serialize()}, {2, Literal::Int(d).Serialize()}};
      f.upper_bounds = {{1, Literal::Long(lo + 999).Serialize()}, {2, Literal::Int(d).Serialize()}};
      files.push_back(std::move(f));
    }
    if (auto r = FastAppend(ptable->get(), std::move(files)); !r.ok()) {
      std::fprintf(stderr, "%s\n", r.status().ToString().c_str());
      return 1;
    }
  }
  struct Case {
    const char* name;
    std::vector<Predicate> filter;
  };
  const Case cases[] = {
      {"no filter (no pruning)", {}},
      {"id = point (file bounds)", {{1, PredicateOp::kEq, {Literal::Long(4242424)}}}},
      {"day = point (manifests)", {{2, PredicateOp::kEq, {Literal::Int(42)}}}},
  };
  std::printf("\nscan planning on 10,000 files in 100 manifests, %d runs each\n", 9);
  std::printf("%-28s %12s %10s %16s %14s\n", "filter", "median ms", "files", "files pruned", "manifests pruned");
  for (const auto& c : cases) {
    std::vector<double> ms;
    ScanPlan plan;
    for (int run = 0; run < 9; ++run) {
      ScanRequest req;
      req.filter = c.filter;
      auto t0 = std::chrono::steady_clock::now();
      auto p = PlanScan(floe::storage::LocalFileIO::Default(), (*ptable)->metadata(), req);
      ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
      if (!p.ok()) {
        std::fprintf(stderr, "%s\n", p.status().ToString().c_str());
        return 1;
      }
      plan = std::move(*p);
    }
    std::printf("%-28s %12.2f %10zu %16d %14d/%d\n", c.name, Percentile(ms, 0.5), plan.tasks.size(), plan.files_skipped,
                plan.manifests_skipped, plan.manifests_total);
  }
  std::filesystem::remove_all(root);
  return 0;
}
