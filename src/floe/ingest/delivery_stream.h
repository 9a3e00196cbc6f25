// floe::ingest — one delivery stream: PutRecordBatch in, Iceberg commits out.
//
//   Put: route + convert each record (bad ones → error bucket, synced) →
//        append the good ones to the WAL (group-commit fsync) → column
//        buffers per destination table → acknowledge.
//   Delivery thread: when a table's buffer reaches the size hint or the
//        interval hint (or on Flush/Stop), swap it out and write Parquet →
//        fast-append commit through the catalog, with (stream, WAL position)
//        in the snapshot summary → free WAL segments every table has passed.
//   Open: each table's committed position comes from its snapshots (and the
//        stream-position setting); the WAL beyond it is replayed, so every
//        acknowledged record lands exactly once.
#pragma once

#include <atomic>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "floe/base/clock.h"
#include "floe/base/status.h"
#include "floe/catalog/catalog.h"
#include "floe/iceberg/table.h"
#include "floe/ingest/error_output.h"
#include "floe/ingest/record_converter.h"
#include "floe/ingest/router.h"
#include "floe/ingest/stream_config.h"
#include "floe/ingest/wal.h"
#include "floe/metrics/metrics.h"
#include "floe/storage/file_io.h"

namespace floe::ingest {

struct StreamEnv {
  catalog::Catalog* catalog = nullptr;
  storage::FileIO* io = nullptr;
  Clock* clock = nullptr;
  std::string tables_root;     // tables at <tables_root>/<bucket>/<ns>/<table>
  std::string buckets_root;    // error buckets at <buckets_root>/<bucket>
  std::string wal_root;        // WAL at <wal_root>/<stream>
  std::string default_bucket;  // when the stream's CatalogARN names no table bucket
  bool wal_sync = true;
  // Backpressure: past this many bytes buffered or being delivered, Put
  // answers "Slow down." per record instead of accepting more.
  int64_t max_pending_bytes = 512 << 20;
  int64_t tick_ms = 50;
  metrics::Registry* metrics = nullptr;  // where the stream reports (none when null)
};

// The outcome of one record; an empty error_code means accepted.
struct RecordOutcome {
  std::string error_code;
  std::string error_message;
};

// Monotonic counters, read by the metrics layer.
struct StreamCounters {
  std::atomic<int64_t> incoming_records{0}, incoming_bytes{0}, put_requests{0},
      throttled_records{0};
  std::atomic<int64_t> delivered_bytes{0}, delivery_rows_in{0}, delivered_rows{0}, failed_rows{0};
  std::atomic<int64_t> delivery_success{0}, delivery_failure{0}, error_objects{0};
  std::atomic<int64_t> pending_bytes{0};
  std::atomic<int64_t> oldest_pending_ms{0};  // 0 when nothing is pending
};

// Rows a stream acknowledged for one table, captured for a fresh read.
struct LivePiece {
  std::vector<parquet::ColumnVector> columns;
  int64_t rows = 0;
  // The piece is in the table once a snapshot of this stream records a
  // position >= covered_by.
  uint64_t covered_by = 0;
};

struct LiveCapture {
  std::string stream;
  uint64_t committed = 0;  // position known committed when captured
  std::shared_ptr<const parquet::Schema> schema;
  std::vector<LivePiece> pieces;

  // The pieces `metadata` (loaded after the capture) does not hold.
  std::vector<LivePiece> Beyond(const iceberg::TableMetadata& metadata) &&;
};

class DeliveryStream {
 public:
  static Result<std::unique_ptr<DeliveryStream>> Open(StreamConfig config, const StreamEnv& env);
  ~DeliveryStream();

  // The name, destinations and error output never change; the hints do (read
  // them from config_copy()).
  const StreamConfig& config() const { return config_; }
  StreamConfig config_copy() const;
  // Changes the buffering hints and retry duration in place; buffers already
  // past the new hints are delivered at the next tick.
  void SetHints(int64_t buffer_bytes, int64_t interval_seconds, int64_t retry_seconds);
  const StreamCounters& counters() const { return counters_; }

  // Accepts records; returns one outcome per record, in order, once every
  // accepted record is durable (in the WAL, or in the error bucket).
  std::vector<RecordOutcome> Put(const std::vector<std::string_view>& records);

  // Copies what is buffered or being delivered for the table; nullopt when
  // the stream holds nothing for it.
  std::optional<LiveCapture> CaptureLive(const std::string& ns, const std::string& name) const;

  // Delivers everything buffered now and waits for it.
  Status Flush();
  // Stops the delivery thread; `deliver` flushes first (clean shutdown).
  void Stop(bool deliver);

  // Seconds since the oldest record not yet committed arrived (0 when none).
  double DataFreshnessSeconds() const;
  // Records one PutRecord/PutRecordBatch call's latency as the API saw it.
  void ObserveLatency(double seconds);

 private:
  struct TableState {
    std::string ns, name;
    std::string error_code;  // set when the table cannot be opened
    std::string error_message;
    std::unique_ptr<iceberg::Table> table;  // delivery thread only, after Open
    std::unique_ptr<RecordConverter> converter;
    std::shared_ptr<const parquet::Schema> schema;  // the converter's
    // Guarded by mu_.
    std::vector<parquet::ColumnVector> rows;
    int64_t row_count = 0;
    int64_t bytes = 0;
    int64_t oldest_ms = 0;
    uint64_t committed =
        0;  // every record <= committed routed here is in the table or the error bucket
    uint64_t buffered_after = 0;  // the rows buffered all come after this position
  };

  struct Delivery {
    TableState* table = nullptr;
    std::vector<parquet::ColumnVector> rows;
    int64_t row_count = 0;
    int64_t bytes = 0;
    int64_t oldest_ms = 0;
    uint64_t from = 0;  // exclusive
    uint64_t to = 0;    // inclusive
  };

  DeliveryStream(StreamConfig config, const StreamEnv& env)
      : config_(std::move(config)), env_(env) {}
  Status Recover();
  // The table's state, opened on first use; nullptr (with *error set) when it
  // cannot take records now (missing, unreadable, unsupported schema).
  TableState* TableFor(const std::string& ns, const std::string& name, FailedRecord* error);
  std::unique_ptr<TableState> OpenTable(const std::string& ns, const std::string& name);
  // Routes and converts one record. Fills *failed on failure.
  TableState* Convert(std::string_view record,
                      std::map<TableState*, std::vector<parquet::ColumnVector>>* local,
                      FailedRecord* failed);
  Status WriteFailed(std::vector<FailedRecord> records);
  void Run();
  void DeliverRound(bool all);
  void Deliver(Delivery* d);
  Status CommitDelivery(Delivery* d);
  Status FailDelivery(Delivery* d, const Status& why);
  void PersistPositions();
  std::string ErrorPrefixFor(const std::string& ns, const std::string& name) const;

  // Registry metrics mirroring counters_ (all null without a registry).
  struct Metrics {
    metrics::Counter *incoming_records = nullptr, *incoming_bytes = nullptr,
                     *put_requests = nullptr, *throttled = nullptr, *delivered_bytes = nullptr,
                     *rows_in = nullptr, *rows_ok = nullptr, *rows_failed = nullptr,
                     *success = nullptr, *failure = nullptr;
    metrics::Gauge* freshness = nullptr;
    metrics::Histogram* latency = nullptr;
  };
  static void Bump(metrics::Counter* c, int64_t v) {
    if (c != nullptr && v > 0) c->Add(static_cast<double>(v));
  }
  void UpdateFreshness(int64_t oldest_ms);

  StreamConfig config_;
  StreamEnv env_;
  Metrics metrics_;
  std::unique_ptr<Wal> wal_;
  std::unique_ptr<Router> router_;
  StreamCounters counters_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, std::unique_ptr<TableState>> tables_;  // by "ns.table"; never erased
  TableState* single_ = nullptr;
  struct Unavailable {
    int64_t retry_at_ms;
    std::string code, message;
  };
  std::map<std::string, Unavailable>
      unavailable_;  // tables that failed to open, retried after a pause  // the one destination of
                     // a stream without routing
  std::vector<const Delivery*> delivering_;  // this round's deliveries
  int inflight_ = 0;
  bool barrier_ = false;
  bool stop_ = false;
  int64_t flush_requested_ = 0;  // generation asked for
  int64_t flush_done_ = 0;       // generation delivered
  std::mutex open_mu_;           // serializes table opening
  std::thread thread_;
};

}  // namespace floe::ingest
