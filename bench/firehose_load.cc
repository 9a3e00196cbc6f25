// A Firehose load generator: several connections send PutRecordBatch calls of
// seed-schema IoT records over HTTP, at full speed or at a target rate, and
// report records/s, payload MB/s and call latency percentiles as JSON.
//
//   firehose_load --url http://127.0.0.1:9099 --stream NAME --records N
//                 [--connections 4] [--batch 500] [--rate RECORDS_PER_S]
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "floe/base/base64.h"

namespace {

struct Args {
  std::string url = "http://127.0.0.1:9099";
  std::string stream = "bench";
  int64_t records = 1000000;
  int connections = 4;
  int batch = 500;
  double rate = 0;  // records/s over all connections; 0 = as fast as possible
};

bool Parse(int argc, char** argv, Args* a) {
  for (int i = 1; i < argc; ++i) {
    std::string k = argv[i];
    if (k == "--help" || k == "-h") return false;
    if (i + 1 >= argc) return false;
    std::string v = argv[++i];
    if (k == "--url")
      a->url = v;
    else if (k == "--stream")
      a->stream = v;
    else if (k == "--records")
      a->records = std::atoll(v.c_str());
    else if (k == "--connections")
      a->connections = std::atoi(v.c_str());
    else if (k == "--batch")
      a->batch = std::atoi(v.c_str());
    else if (k == "--rate")
      a->rate = std::atof(v.c_str());
    else
      return false;
  }
  return a->records > 0 && a->connections > 0 && a->batch > 0 && a->batch <= 500;
}

// A PutRecordBatch body of `n` records; `raw_bytes` gets the payload size.
std::string MakeBody(const std::string& stream, int n, uint64_t seed, int64_t* raw_bytes) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0, 1);
  static const char* kLocations[] = {"warehouse_a", "warehouse_b", "office_1", "office_2"};
  std::string body = "{\"DeliveryStreamName\":\"" + stream + "\",\"Records\":[";
  *raw_bytes = 0;
  for (int i = 0; i < n; ++i) {
    int sensor = static_cast<int>(rng() % 10) + 1;
    char rec[256];
    int len = std::snprintf(rec, sizeof(rec),
                            "{\"sensor_id\":\"sensor_%03d\",\"timestamp\":%lld,\"location\":\"%s\","
                            "\"temperature\":%.2f,\"humidity\":%.2f,\"pressure\":%.2f}",
                            sensor, static_cast<long long>(1764000000 + rng() % 100000),
                            kLocations[sensor % 4], 15 + 15 * u(rng), 30 + 40 * u(rng),
                            990 + 40 * u(rng));
    *raw_bytes += len;
    if (i) body += ',';
    body += "{\"Data\":\"" + floe::Base64Encode(std::string_view(rec, len)) + "\"}";
  }
  body += "]}";
  return body;
}

}  // namespace

int main(int argc, char** argv) {
  Args a;
  if (!Parse(argc, argv, &a)) {
    std::fprintf(
        stderr,
        "usage: firehose_load --url URL --stream NAME --records N [--connections C] [--batch B] "
        "[--rate R]\n");
    return 2;
  }
  constexpr int kBodies = 16;
  std::vector<std::string> bodies(kBodies);
  std::vector<int64_t> raw(kBodies);
  for (int i = 0; i < kBodies; ++i) bodies[i] = MakeBody(a.stream, a.batch, 7 + i, &raw[i]);

  const int64_t calls = (a.records + a.batch - 1) / a.batch;
  std::atomic<int64_t> next{0}, failed{0}, sent_records{0}, sent_bytes{0}, errors{0};
  std::mutex mu;
  std::vector<double> latencies;
  latencies.reserve(calls);
  const auto start = std::chrono::steady_clock::now();
  const double per_call_s = a.rate > 0 ? a.batch / a.rate : 0;

  std::vector<std::thread> threads;
  for (int c = 0; c < a.connections; ++c) {
    threads.emplace_back([&, c] {
      httplib::Client cli(a.url);
      cli.set_keep_alive(true);
      cli.set_tcp_nodelay(true);
      cli.set_read_timeout(60, 0);
      httplib::Headers headers = {{"X-Amz-Target", "Firehose_20150804.PutRecordBatch"}};
      std::vector<double> mine;
      while (true) {
        int64_t i = next.fetch_add(1);
        if (i >= calls) break;
        if (per_call_s > 0) {
          auto due = start + std::chrono::duration<double>(i * per_call_s);
          std::this_thread::sleep_until(due);
        }
        const std::string& body = bodies[(i + c) % kBodies];
        auto t0 = std::chrono::steady_clock::now();
        auto res = cli.Post("/", headers, body, "application/x-amz-json-1.1");
        auto t1 = std::chrono::steady_clock::now();
        if (!res || res->status != 200) {
          errors.fetch_add(1);
          continue;
        }
        const char* key = "\"FailedPutCount\":";
        size_t at = res->body.find(key);
        int64_t f = at == std::string::npos ? a.batch
                                            : std::atoll(res->body.c_str() + at + std::strlen(key));
        failed.fetch_add(f);
        sent_records.fetch_add(a.batch - f);
        sent_bytes.fetch_add(raw[(i + c) % kBodies]);
        mine.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
      }
      std::lock_guard<std::mutex> l(mu);
      latencies.insert(latencies.end(), mine.begin(), mine.end());
    });
  }
  for (auto& t : threads) t.join();
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::sort(latencies.begin(), latencies.end());
  auto pct = [&](double q) {
    return latencies.empty() ? 0.0
                             : latencies[std::min(latencies.size() - 1,
                                                  static_cast<size_t>(q * latencies.size()))];
  };
  std::printf(
      "{\"records\":%lld,\"failed\":%lld,\"http_errors\":%lld,\"seconds\":%.3f,\"records_per_s\":%."
      "0f,"
      "\"payload_mb_per_s\":%.2f,\"p50_ms\":%.2f,\"p99_ms\":%.2f,\"max_ms\":%.2f}\n",
      static_cast<long long>(sent_records.load()), static_cast<long long>(failed.load()),
      static_cast<long long>(errors.load()), secs, sent_records.load() / secs,
      sent_bytes.load() / secs / 1e6, pct(0.5), pct(0.99),
      latencies.empty() ? 0.0 : latencies.back());
  return errors.load() > 0 ? 1 : 0;
}
