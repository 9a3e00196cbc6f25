// Parquet write/read throughput on the seed IoT schema (sensor_id string,
// timestamp long, location string, temperature/humidity/pressure double), one
// thread. Prints one JSON object; bench/run_parquet_bench.mjs runs it beside
// DuckDB and prints the ratios.
//
//   parquet_bench --rows N --out DIR --runs K            write + read floe files
//   parquet_bench --read FILE [--read FILE ...] --runs K read given files only
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "floe/format/parquet/file_reader.h"
#include "floe/format/parquet/file_writer.h"
#include "floe/format/parquet/scan.h"
#include "floe/storage/file_io.h"

namespace {

using floe::parquet::Codec;
using floe::parquet::ColumnVector;
using floe::parquet::LogicalType;
using floe::parquet::Node;
using floe::parquet::PhysicalType;
using floe::parquet::Repetition;

constexpr int64_t kBatchRows = 100000;

floe::parquet::Schema IotSchema() {
  LogicalType str;
  str.kind = LogicalType::kString;
  std::vector<Node> nodes = {
      Node::Leaf("sensor_id", 1, Repetition::kOptional, PhysicalType::kByteArray, str),
      Node::Leaf("timestamp", 2, Repetition::kOptional, PhysicalType::kInt64),
      Node::Leaf("location", 3, Repetition::kOptional, PhysicalType::kByteArray, str),
      Node::Leaf("temperature", 4, Repetition::kOptional, PhysicalType::kDouble),
      Node::Leaf("humidity", 5, Repetition::kOptional, PhysicalType::kDouble),
      Node::Leaf("pressure", 6, Repetition::kOptional, PhysicalType::kDouble),
  };
  return *floe::parquet::Schema::Make(std::move(nodes));
}

double Round2(double x) { return std::round(x * 100.0) / 100.0; }

// The reference generator's data: 10 sensors, 200 records/s, daily cycles,
// noise and occasional spikes, values rounded to 2 decimals.
std::vector<std::vector<ColumnVector>> MakeRows(int64_t rows) {
  std::mt19937_64 rng(42);
  std::normal_distribution<double> noise(0.0, 0.5);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<std::vector<ColumnVector>> batches;
  const int64_t base = 1764000000;
  char id[32];
  for (int64_t start = 0; start < rows; start += kBatchRows) {
    int64_t n = std::min(kBatchRows, rows - start);
    std::vector<ColumnVector> b = {ColumnVector(PhysicalType::kByteArray), ColumnVector(PhysicalType::kInt64),
                                   ColumnVector(PhysicalType::kByteArray), ColumnVector(PhysicalType::kDouble),
                                   ColumnVector(PhysicalType::kDouble), ColumnVector(PhysicalType::kDouble)};
    for (auto& c : b) c.Reserve(n);
    for (int64_t i = start; i < start + n; ++i) {
      int sensor = static_cast<int>(rng() % 10) + 1;
      std::snprintf(id, sizeof(id), "sensor_%02d", sensor);
      int64_t ts = base + i / 200;
      double day = std::sin(2 * M_PI * static_cast<double>(ts % 86400) / 86400.0);
      double temp = 21.0 + 4.0 * day + sensor * 0.3 + noise(rng);
      if (unit(rng) < 0.01) temp += 8.0;
      b[0].AppendBytes(id);
      b[1].AppendInt64(ts);
      b[2].AppendBytes(sensor <= 5 ? "warehouse" : "office");
      b[3].AppendDouble(Round2(temp));
      b[4].AppendDouble(Round2(45.0 - 10.0 * day + 2.0 * noise(rng)));
      b[5].AppendDouble(Round2(1013.25 + 3.0 * noise(rng)));
    }
    batches.push_back(std::move(b));
  }
  return batches;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

double Now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

int64_t WriteFile(const std::vector<std::vector<ColumnVector>>& batches, const std::string& path,
                  Codec codec) {
  floe::parquet::WriterOptions options;
  options.codec = codec;
  auto file = floe::storage::LocalFileIO::Default()->OpenWrite(path);
  if (!file.ok()) {
    std::fprintf(stderr, "%s\n", file.status().ToString().c_str());
    std::exit(1);
  }
  auto writer = floe::parquet::FileWriter::Open(std::move(*file), IotSchema(), options);
  for (const auto& b : batches) {
    floe::Status st = (*writer)->WriteBatch(b);
    if (!st.ok()) {
      std::fprintf(stderr, "%s\n", st.ToString().c_str());
      std::exit(1);
    }
  }
  auto result = (*writer)->Close();
  if (!result.ok()) {
    std::fprintf(stderr, "%s\n", result.status().ToString().c_str());
    std::exit(1);
  }
  return result->file_size;
}

// Decodes the projected columns of every row group and sums the double columns.
void ReadFile(const std::string& path, bool all_columns, int64_t* rows, double sums[3]) {
  auto file = floe::storage::LocalFileIO::Default()->OpenRead(path);
  auto reader = floe::parquet::FileReader::Open(std::shared_ptr<floe::storage::RandomAccessFile>(std::move(*file)));
  if (!reader.ok()) {
    std::fprintf(stderr, "%s: %s\n", path.c_str(), reader.status().ToString().c_str());
    std::exit(1);
  }
  const auto& schema = (*reader)->schema();
  int doubles[3] = {schema.FindColumn("temperature"), schema.FindColumn("humidity"),
                    schema.FindColumn("pressure")};
  floe::parquet::ScanOptions options;
  if (!all_columns) options.columns = {doubles[0], doubles[1], doubles[2]};
  auto scanner = floe::parquet::ParquetScanner::Make(reader->get(), options);
  const auto& cols = (*scanner)->columns();
  int slot[3];
  for (int k = 0; k < 3; ++k) slot[k] = static_cast<int>(std::find(cols.begin(), cols.end(), doubles[k]) - cols.begin());
  std::vector<ColumnVector> batch;
  *rows = 0;
  sums[0] = sums[1] = sums[2] = 0;
  while (true) {
    auto more = (*scanner)->Next(&batch);
    if (!more.ok()) {
      std::fprintf(stderr, "%s: %s\n", path.c_str(), more.status().ToString().c_str());
      std::exit(1);
    }
    if (!*more) break;
    *rows += batch[0].length;
    for (int k = 0; k < 3; ++k) {
      const ColumnVector& v = batch[static_cast<size_t>(slot[k])];
      double s = 0;
      for (int64_t i = 0; i < v.length; ++i) {
        if (!v.IsNull(i)) s += v.f64[static_cast<size_t>(i)];
      }
      sums[k] += s;
    }
  }
}

std::string ReadJson(const std::string& path, int runs) {
  std::string out = "\"" + path + "\":{";
  for (int all = 1; all >= 0; --all) {
    std::vector<double> times;
    int64_t rows = 0;
    double sums[3];
    for (int r = 0; r < runs; ++r) {
      double t0 = Now();
      ReadFile(path, all == 1, &rows, sums);
      times.push_back(Now() - t0);
    }
    char buf[256];
    std::snprintf(buf, sizeof(buf), "\"%s\":{\"median_s\":%.6f,\"rows\":%lld,\"sums\":[%.2f,%.2f,%.2f]}%s",
                  all ? "all_columns" : "doubles_only", Median(times), static_cast<long long>(rows), sums[0],
                  sums[1], sums[2], all ? "," : "");
    out += buf;
  }
  return out + "}";
}

}  // namespace

int main(int argc, char** argv) {
  int64_t rows = 10000000;
  int runs = 3;
  std::string out_dir = ".";
  std::vector<std::string> reads;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "missing value for %s\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--rows") rows = std::stoll(next());
    else if (a == "--runs") runs = std::stoi(next());
    else if (a == "--out") out_dir = next();
    else if (a == "--read") reads.push_back(next());
    else if (a == "--help" || a == "-h") {
      std::printf("usage: parquet_bench [--rows N] [--runs K] [--out DIR] | --read FILE... [--runs K]\n");
      return 0;
    } else {
      std::fprintf(stderr, "unknown argument %s (see --help)\n", a.c_str());
      return 2;
    }
  }
  std::string json = "{";
  if (reads.empty()) {
    std::fprintf(stderr, "generating %lld rows...\n", static_cast<long long>(rows));
    auto batches = MakeRows(rows);
    WriteFile(batches, out_dir + "/input.parquet", Codec::kUncompressed);
    json += "\"rows\":" + std::to_string(rows) + ",\"write\":{";
    const std::pair<const char*, Codec> codecs[] = {{"snappy", Codec::kSnappy}, {"zstd", Codec::kZstd}};
    for (size_t c = 0; c < 2; ++c) {
      std::vector<double> times;
      int64_t bytes = 0;
      std::string path = out_dir + "/floe_" + codecs[c].first + ".parquet";
      for (int r = 0; r < runs; ++r) {
        std::fprintf(stderr, "floe write %s run %d\n", codecs[c].first, r + 1);
        double t0 = Now();
        bytes = WriteFile(batches, path, codecs[c].second);
        times.push_back(Now() - t0);
      }
      char buf[256];
      std::snprintf(buf, sizeof(buf), "\"%s\":{\"median_s\":%.6f,\"bytes\":%lld}%s", codecs[c].first,
                    Median(times), static_cast<long long>(bytes), c == 0 ? "," : "");
      json += buf;
      reads.push_back(path);
    }
    json += "},";
  }
  json += "\"read\":{";
  for (size_t i = 0; i < reads.size(); ++i) {
    std::fprintf(stderr, "floe read %s\n", reads[i].c_str());
    json += ReadJson(reads[i], runs) + (i + 1 < reads.size() ? "," : "");
  }
  json += "}}";
  std::printf("%s\n", json.c_str());
  return 0;
}
