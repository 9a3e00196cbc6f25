// Write-ahead log append throughput on the local disk: T threads each append
// PutRecordBatch-sized frames (500 records of 150–200 bytes) as fast as the log
// acknowledges them, with fdatasync on (group commit). Prints records/s, MB/s
// of record bytes and the median/p99 append latency for each thread count
// (default 1, 2, 4, 8, 16: more appenders share each fsync).
//
//   wal_bench [--seconds S] [--dir DIR] [--threads 1,2,4] [--no-sync]
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "floe/ingest/wal.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Batch {
  std::vector<std::string> storage;
  std::vector<std::string_view> records;
  int64_t bytes = 0;
};

Batch MakeBatch(uint64_t seed) {
  std::mt19937_64 rng(seed);
  Batch b;
  for (int i = 0; i < 500; ++i) {
    int len = 150 + static_cast<int>(rng() % 51);
    std::string r =
        "{\"device\":\"d-" + std::to_string(rng() % 10000) + "\",\"ts\":1764075600000000,\"v\":\"";
    while (static_cast<int>(r.size()) < len - 2) r.push_back(static_cast<char>('a' + rng() % 26));
    r += "\"}";
    b.bytes += static_cast<int64_t>(r.size());
    b.storage.push_back(std::move(r));
  }
  b.records.assign(b.storage.begin(), b.storage.end());
  return b;
}

int Run(const std::string& dir, int threads, double seconds, bool sync) {
  std::filesystem::remove_all(dir);
  floe::ingest::WalOptions options;
  options.dir = dir;
  options.sync = sync;
  auto wal = floe::ingest::Wal::Open(options, floe::storage::LocalFileIO::Default());
  if (!wal.ok()) {
    std::fprintf(stderr, "open: %s\n", wal.status().ToString().c_str());
    return 1;
  }
  std::vector<Batch> batches;
  for (int t = 0; t < threads; ++t) batches.push_back(MakeBatch(t + 1));
  std::atomic<bool> stop{false};
  std::atomic<bool> failed{false};
  std::vector<std::vector<double>> latencies(threads);
  std::vector<int64_t> appends(threads, 0);
  auto start = Clock::now();
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      while (!stop.load(std::memory_order_relaxed)) {
        auto t0 = Clock::now();
        auto seq = (*wal)->Append(batches[t].records, 0);
        if (!seq.ok()) {
          std::fprintf(stderr, "append: %s\n", seq.status().ToString().c_str());
          failed = true;
          return;
        }
        latencies[t].push_back(
            std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
        ++appends[t];
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& w : workers) w.join();
  double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  if (failed) return 1;
  int64_t frames = 0, bytes = 0;
  std::vector<double> all;
  for (int t = 0; t < threads; ++t) {
    frames += appends[t];
    bytes += appends[t] * batches[t].bytes;
    all.insert(all.end(), latencies[t].begin(), latencies[t].end());
  }
  std::sort(all.begin(), all.end());
  double records = static_cast<double>(frames) * 500;
  std::printf(
      "threads=%d sync=%s  %10.0f records/s  %7.1f MB/s  frames=%lld  p50=%.0f us  p99=%.0f us\n",
      threads, sync ? "on" : "off", records / elapsed, static_cast<double>(bytes) / elapsed / 1e6,
      static_cast<long long>(frames), all.empty() ? 0 : all[all.size() / 2],
      all.empty() ? 0 : all[all.size() * 99 / 100]);
  wal->reset();
  std::filesystem::remove_all(dir);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 2;
  bool sync = true;
  std::vector<int> thread_counts = {1, 2, 4, 8, 16};
  std::string dir =
      (std::filesystem::temp_directory_path() / ("floe_wal_bench_" + std::to_string(::getpid())))
          .string();
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--seconds" && i + 1 < argc) {
      seconds = std::atof(argv[++i]);
    } else if (arg == "--dir" && i + 1 < argc) {
      dir = std::string(argv[++i]) + "/wal_bench";
    } else if (arg == "--threads" && i + 1 < argc) {
      thread_counts.clear();
      for (const char* p = argv[++i]; *p != 0;) {
        char* end;
        thread_counts.push_back(static_cast<int>(std::strtol(p, &end, 10)));
        p = *end == ',' ? end + 1 : end;
        if (thread_counts.back() <= 0 || (*end != ',' && *end != 0)) {
          std::fprintf(stderr, "--threads takes a list of positive counts such as 1,2,4\n");
          return 2;
        }
      }
    } else if (arg == "--no-sync") {
      sync = false;
    } else {
      std::fprintf(stderr,
                   "usage: wal_bench [--seconds S] [--dir DIR] [--threads 1,2,4] [--no-sync]\n");
      return 2;
    }
  }
  for (int threads : thread_counts) {
    if (Run(dir, threads, seconds, sync) != 0) return 1;
  }
  return 0;
}
