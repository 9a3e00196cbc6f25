// floe::metrics — one process-wide registry of counters, gauges and histograms,
// exposed in the Prometheus text format (/metrics) and kept as in-memory time
// series for the dashboard (/api/metrics/series). Depends only on floe_base.
//
// Metric names: Prometheus snake_case with a floe_ prefix, mirroring the CloudWatch
// names of the reference pipeline. Use exactly these (label names in braces):
//
//   Firehose ingestion (per delivery stream)
//     floe_firehose_incoming_records_total{stream}         counter  IncomingRecords
//     floe_firehose_incoming_bytes_total{stream}           counter  IncomingBytes
//     floe_firehose_incoming_put_requests_total{stream}    counter  IncomingPutRequests
//     floe_firehose_throttled_records_total{stream}        counter  ThrottledRecords
//     floe_firehose_put_record_batch_latency_seconds{stream} histogram PutRecordBatch.Latency
//   Delivery to Iceberg (per delivery stream)
//     floe_delivery_iceberg_bytes_total{stream}            counter  DeliveryToIceberg.Bytes
//     floe_delivery_iceberg_incoming_rows_total{stream}    counter
//     DeliveryToIceberg.IncomingRowCount floe_delivery_iceberg_successful_rows_total{stream}
//     counter  DeliveryToIceberg.SuccessfulRowCount floe_delivery_iceberg_failed_rows_total{stream}
//     counter  DeliveryToIceberg.FailedRowCount floe_delivery_iceberg_success_total{stream} counter
//     DeliveryToIceberg.Success (commits) floe_delivery_iceberg_failure_total{stream} counter
//     failed commit attempts floe_delivery_iceberg_data_freshness_seconds{stream} gauge
//     DeliveryToIceberg.DataFreshness
//   Generator functions (per function)
//     floe_generator_invocations_total{function}           counter
//     floe_generator_errors_total{function}                counter
//     floe_generator_duration_seconds{function}            histogram
//     floe_generator_records_total{function}               counter  records accepted by the stream
//   Tables (label table = "bucket/namespace/table"; set by the server's table sampler
//   from the catalog and each table's metadata, so other code must not write them)
//     floe_table_storage_bytes{table}                      gauge    current snapshot
//     total-files-size floe_table_files{table}                              gauge    current
//     snapshot total-data-files floe_table_snapshots_total{table}                    counter
//     snapshots committed floe_table_compactions_total{table}                  counter  snapshots
//     with operation "replace"
//
// Counters and gauges are lock-free; Registry lookups take a mutex, so callers on a
// hot path look a metric up once and keep the pointer (stable for the process).
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace floe::metrics {

using Labels = std::vector<std::pair<std::string, std::string>>;

class Counter {
 public:
  // REQUIRES: v >= 0 (counters only go up).
  void Add(double v = 1);
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

class Gauge {
 public:
  void Set(double v) { value_.store(v, std::memory_order_relaxed); }
  void Add(double v);
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

// Fixed buckets with upper bounds `bounds` (sorted, finite) plus +Inf.
class Histogram {
 public:
  explicit Histogram(std::vector<double> bounds);

  void Observe(double v);
  // The q-quantile (0 <= q <= 1) estimated as Prometheus' histogram_quantile does:
  // linear interpolation inside the bucket holding the rank. NaN when empty.
  double Quantile(double q) const;
  uint64_t count() const { return count_.load(std::memory_order_relaxed); }
  double sum() const { return sum_.load(std::memory_order_relaxed); }
  const std::vector<double>& bounds() const { return bounds_; }
  // Per-bucket (not cumulative) counts; the last one is the +Inf bucket.
  std::vector<uint64_t> BucketCounts() const;

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> buckets_;  // bounds_.size() + 1
  std::atomic<uint64_t> count_{0};
  std::atomic<double> sum_{0};
};

// Quantile over explicit per-bucket counts (last = +Inf), as Histogram::Quantile.
double BucketQuantile(const std::vector<double>& bounds, const std::vector<uint64_t>& counts,
                      double q);

// Bucket bounds for durations in seconds (1 ms … 60 s) and for exponential series.
std::vector<double> DurationBuckets();
std::vector<double> ExponentialBuckets(double start, double factor, int count);

// What SeriesJson returns.
struct SeriesQuery {
  std::vector<std::string> names;  // metric names; empty means all
  int64_t since_ms = 0;            // only samples taken after this time
};

enum class Type { kCounter, kGauge, kHistogram };

class Registry {
 public:
  // `capacity` samples are kept per series (720 = one hour at 5 s).
  explicit Registry(size_t capacity = 720);
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // The process-wide registry; never destroyed.
  static Registry& Default();

  // Same name + labels (in any order) → same object, whose pointer stays valid for the
  // registry's lifetime. `help` of the first registration wins. Aborts (a bug) on an
  // invalid name or label name, or when the name is already taken by another type.
  Counter* GetCounter(const std::string& name, const std::string& help, const Labels& labels = {});
  Gauge* GetGauge(const std::string& name, const std::string& help, const Labels& labels = {});
  Histogram* GetHistogram(const std::string& name, const std::string& help,
                          std::vector<double> bounds, const Labels& labels = {});

  // Text exposition format 0.0.4: families sorted by name, each with # HELP and
  // # TYPE; histograms as _bucket{le=...} (cumulative, +Inf last), _sum, _count.
  std::string PrometheusText() const;

  // Records every series' current value at `now_ms` into its ring buffer; counters
  // also get the per-second rate since the previous sample, histograms the rate,
  // mean and p50/p95 of the observations since the previous sample.
  void Sample(int64_t now_ms);

  // JSON for the dashboard:
  //   {"capacity":720,"timestamps":[ms...],"series":[{"name","type","help",
  //    "labels":{...},"values":{"value":[...],"rate":[...]}}]}
  // Each array in "values" lines up with "timestamps"; null where the series did
  // not exist yet or the interval had no observations. Keys of "values": counter →
  // value, rate; gauge → value; histogram → count, rate, avg, p50, p95.
  std::string SeriesJson(const SeriesQuery& query = {}) const;

  // Number of Sample() calls so far.
  uint64_t samples() const;

 private:
  struct Family;
  struct Instance;
  Instance* Find(const std::string& name, const std::string& help, Type type, const Labels& labels,
                 std::vector<double>* bounds);

  const size_t capacity_;
  mutable std::mutex mu_;
  std::map<std::string, std::unique_ptr<Family>> families_;
  std::vector<int64_t> timestamps_;  // ring of capacity_
  uint64_t sample_count_ = 0;
};

// Prometheus text helpers, exposed for tests.
std::string FormatValue(double v);                   // "1", "0.25", "+Inf", "NaN"
std::string EscapeLabelValue(const std::string& v);  // \ → \\, " → \", newline → \n
std::string EscapeHelp(const std::string& v);        // \ → \\, newline → \n

}  // namespace floe::metrics
