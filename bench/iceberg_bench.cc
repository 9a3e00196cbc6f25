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
  std::filesystem::remove_all(root);
  return 0;
}
