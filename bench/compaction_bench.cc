// Compaction throughput: a table of many small files of the seed IoT schema
// (sensor_id string, timestamp long, location string, temperature, humidity,
// pressure double) is compacted into target-size files; each run rolls the
// table back to the small files first. Prints one JSON object: input size,
// per-run wall and CPU seconds, medians, MB/s (input bytes) per wall second
// and per CPU second (the compactor is single-threaded, so the latter is MB/s
// per core), and the input file paths (for the DuckDB side of the driver).
//
//   compaction_bench [--files N] [--rows-per-file R] [--runs K] [--target-mb M] [--dir DIR]
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "floe/base/clock.h"
#include "floe/base/uuid.h"
#include "floe/format/parquet/file_writer.h"
#include "floe/iceberg/json.h"
#include "floe/iceberg/maintenance.h"
#include "floe/iceberg/parquet_metrics.h"
#include "floe/iceberg/parquet_schema.h"
#include "floe/iceberg/table.h"
#include "floe/maintenance/compaction.h"

namespace {

using namespace floe;  // NOLINT(google-build-using-namespace): benchmark glue

double CpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

[[noreturn]] void Die(const Status& st) {
  std::fprintf(stderr, "compaction_bench: %s\n", st.ToString().c_str());
  std::exit(1);
}

// One small file of IoT readings, as a streaming writer leaves them.
iceberg::DataFile WriteSmallFile(iceberg::Table* t, const parquet::Schema& ps, int64_t first_row,
                                 int64_t rows, std::mt19937_64* rng) {
  static const char* kCities[] = {"berlin",     "paris",     "madrid",    "rome",     "oslo",
                                  "vienna",     "lisbon",    "prague",    "dublin",   "warsaw",
                                  "athens",     "helsinki",  "zurich",    "brussels", "budapest",
                                  "copenhagen", "stockholm", "amsterdam", "riga",     "tallinn"};
  std::vector<parquet::ColumnVector> cols{parquet::ColumnVector(parquet::PhysicalType::kByteArray),
                                          parquet::ColumnVector(parquet::PhysicalType::kInt64),
                                          parquet::ColumnVector(parquet::PhysicalType::kByteArray),
                                          parquet::ColumnVector(parquet::PhysicalType::kDouble),
                                          parquet::ColumnVector(parquet::PhysicalType::kDouble),
                                          parquet::ColumnVector(parquet::PhysicalType::kDouble)};
  std::uniform_int_distribution<int> sensor(0, 999);
  std::normal_distribution<double> temp(21.0, 4.0), hum(55.0, 12.0), pres(1013.0, 8.0);
  char buf[32];
  for (int64_t i = 0; i < rows; ++i) {
    int s = sensor(*rng);
    std::snprintf(buf, sizeof(buf), "sensor-%04d", s);
    cols[0].AppendBytes(buf);
    cols[1].AppendInt64(1'700'000'000'000'000 + (first_row + i) * 1000);
    cols[2].AppendBytes(kCities[s % 20]);
    cols[3].AppendDouble(std::round(temp(*rng) * 100) / 100);
    cols[4].AppendDouble(std::round(hum(*rng) * 10) / 10);
    cols[5].AppendDouble(std::round(pres(*rng) * 10) / 10);
  }
  std::string path = t->metadata().location + "/data/" + Uuid::Random().ToString() + ".parquet";
  auto out = t->io()->OpenWrite(path);
  if (!out.ok()) Die(out.status());
  auto w = parquet::FileWriter::Open(std::move(*out), ps);
  if (!w.ok()) Die(w.status());
  if (Status st = (*w)->WriteBatch(cols); !st.ok()) Die(st);
  auto r = (*w)->Close();
  if (!r.ok()) Die(r.status());
  auto f = iceberg::DataFileFromParquet(path, *r, ps, *t->metadata().CurrentSchema());
  if (!f.ok()) Die(f.status());
  return *f;
}

}  // namespace

int main(int argc, char** argv) {
  int files = 200, runs = 5;
  int64_t rows_per_file = 20000;
  double target_mb = 512;
  std::string root = std::filesystem::temp_directory_path() /
                     ("floe-compaction-bench-" + std::to_string(::getpid()));
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--files")
      files = std::atoi(argv[i + 1]);
    else if (a == "--rows-per-file")
      rows_per_file = std::atoll(argv[i + 1]);
    else if (a == "--runs")
      runs = std::atoi(argv[i + 1]);
    else if (a == "--target-mb")
      target_mb = std::atof(argv[i + 1]);
    else if (a == "--dir")
      root = argv[i + 1];
    else {
      std::fprintf(stderr,
                   "usage: compaction_bench [--files N] [--rows-per-file R] [--runs K] "
                   "[--target-mb M] [--dir DIR]\n");
      return 2;
    }
  }
  std::filesystem::remove_all(root);
  std::string location = root + "/table";
  auto schema = iceberg::SchemaFromJson(R"({"type":"struct","schema-id":0,"fields":[
    {"id":1,"name":"sensor_id","required":false,"type":"string"},
    {"id":2,"name":"timestamp","required":false,"type":"long"},
    {"id":3,"name":"location","required":false,"type":"string"},
    {"id":4,"name":"temperature","required":false,"type":"double"},
    {"id":5,"name":"humidity","required":false,"type":"double"},
    {"id":6,"name":"pressure","required":false,"type":"double"}]})");
  if (!schema.ok()) Die(schema.status());
  auto created = iceberg::Table::Create(
      storage::LocalFileIO::Default(), iceberg::NewVersionHintPointer(location),
      SystemClock::Default(), location, *schema, iceberg::PartitionSpec::Unpartitioned());
  if (!created.ok()) Die(created.status());
  iceberg::Table* table = created->get();
  auto ps = iceberg::ToParquetSchema(*schema);
  if (!ps.ok()) Die(ps.status());
  std::mt19937_64 rng(42);
  std::vector<std::string> inputs;
  int64_t bytes_in = 0;
  for (int batch = 0; batch < files; batch += 20) {
    std::vector<iceberg::DataFile> added;
    for (int i = batch; i < std::min(files, batch + 20); ++i) {
      added.push_back(
          WriteSmallFile(table, *ps, static_cast<int64_t>(i) * rows_per_file, rows_per_file, &rng));
      inputs.push_back(added.back().file_path);
      bytes_in += added.back().file_size_in_bytes;
    }
    if (auto a = iceberg::FastAppend(table, std::move(added)); !a.ok()) Die(a.status());
  }
  const int64_t small_snapshot = table->metadata().current_snapshot_id.value_or(0);
  maintenance::CompactionOptions options;
  options.target_file_size_bytes =
      static_cast<int64_t>(target_mb * static_cast<double>(maintenance::kMiB));
  options.min_input_files = 2;
  iceberg::Json out;
  std::vector<double> wall, cpu;
  maintenance::CompactionReport last;
  for (int r = 0; r < runs; ++r) {
    if (r > 0) {
      if (Status st = iceberg::RollbackTo(table, small_snapshot); !st.ok()) Die(st);
    }
    double c0 = CpuSeconds();
    auto t0 = std::chrono::steady_clock::now();
    auto report = maintenance::Compact(table, options);
    double w = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    double c = CpuSeconds() - c0;
    if (!report.ok()) Die(report.status());
    if (report->files_in != files)
      Die(Internal("compacted " + std::to_string(report->files_in) + " files, not all"));
    wall.push_back(w);
    cpu.push_back(c);
    last = *report;
    std::fprintf(stderr, "run %d: %.3f s wall, %.3f s cpu, %d files -> %d\n", r + 1, w, c,
                 report->files_in, report->files_out);
  }
  const double mb = static_cast<double>(bytes_in) / 1e6;
  out["files"] = files;
  out["rows"] = last.rows;
  out["bytes_in"] = bytes_in;
  out["bytes_out"] = last.bytes_out;
  out["files_out"] = last.files_out;
  out["wall_s"] = wall;
  out["cpu_s"] = cpu;
  out["median_wall_s"] = Median(wall);
  out["median_cpu_s"] = Median(cpu);
  out["mb_per_s"] = mb / Median(wall);
  out["mb_per_cpu_s"] = mb / Median(cpu);
  out["inputs"] = inputs;
  out["dir"] = root;
  std::printf("%s\n", out.dump().c_str());
  return 0;
}
