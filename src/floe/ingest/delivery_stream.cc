#include "floe/ingest/delivery_stream.h"

#include <algorithm>
#include <cstdlib>

#include "floe/base/logging.h"
#include "floe/catalog/catalog_pointer.h"
#include "floe/iceberg/json.h"
#include "floe/ingest/partitioned_writer.h"

namespace floe::ingest {
namespace {

constexpr char kStreamKey[] = "floe.delivery.stream";
constexpr char kPositionKey[] = "floe.delivery.position";
constexpr char kPositionSetting[] = "stream-position";

// The newest WAL position `stream` committed among the table's snapshots (0: none).
uint64_t CommittedPosition(const iceberg::TableMetadata& md, const std::string& stream) {
  uint64_t position = 0;
  for (const auto& snap : md.snapshots) {
    const std::string* s = snap.Find(kStreamKey);
    const std::string* pos = snap.Find(kPositionKey);
    if (s && pos && *s == stream)
      position = std::max<uint64_t>(position, std::strtoull(pos->c_str(), nullptr, 10));
  }
  return position;
}

// Firehose's error codes for records it cannot put into an Iceberg table.
std::string CodeFor(const Status& st) {
  const std::string& m = st.message();
  if (m.find("required field") != std::string::npos) return "Iceberg.MissingColumnWithinRecord";
  if (m.find("not valid JSON") != std::string::npos ||
      m.find("must be a JSON object") != std::string::npos) {
    return "Iceberg.InvalidJson";
  }
  return "Iceberg.InvalidColumnValue";
}

}  // namespace

Result<std::unique_ptr<DeliveryStream>> DeliveryStream::Open(StreamConfig config,
                                                             const StreamEnv& env) {
  std::unique_ptr<DeliveryStream> s(new DeliveryStream(std::move(config), env));
  if (s->config_.table_bucket.empty()) s->config_.table_bucket = env.default_bucket;
  if (!s->config_.routing_query.empty()) {
    FLOE_ASSIGN_OR_RETURN(Router r, Router::Parse(s->config_.routing_query));
    s->router_ = std::make_unique<Router>(std::move(r));
  }
  if (env.metrics != nullptr) {
    metrics::Registry* r = env.metrics;
    const metrics::Labels l = {{"stream", s->config_.name}};
    Metrics& m = s->metrics_;
    m.incoming_records = r->GetCounter("floe_firehose_incoming_records_total",
                                       "Records received by PutRecord/PutRecordBatch", l);
    m.incoming_bytes = r->GetCounter("floe_firehose_incoming_bytes_total",
                                     "Bytes received by PutRecord/PutRecordBatch", l);
    m.put_requests = r->GetCounter("floe_firehose_incoming_put_requests_total",
                                   "PutRecord and PutRecordBatch calls", l);
    m.throttled = r->GetCounter("floe_firehose_throttled_records_total",
                                "Records refused with Slow down.", l);
    m.delivered_bytes =
        r->GetCounter("floe_delivery_iceberg_bytes_total", "Parquet bytes committed to Iceberg", l);
    m.rows_in = r->GetCounter("floe_delivery_iceberg_incoming_rows_total",
                              "Rows handed to Iceberg delivery", l);
    m.rows_ok = r->GetCounter("floe_delivery_iceberg_successful_rows_total",
                              "Rows committed to Iceberg", l);
    m.rows_failed = r->GetCounter("floe_delivery_iceberg_failed_rows_total",
                                  "Rows written to the error bucket", l);
    m.success =
        r->GetCounter("floe_delivery_iceberg_success_total", "Successful Iceberg commits", l);
    m.failure =
        r->GetCounter("floe_delivery_iceberg_failure_total", "Failed Iceberg commit attempts", l);
    m.freshness = r->GetGauge("floe_delivery_iceberg_data_freshness_seconds",
                              "Age of the oldest record not yet committed", l);
    m.latency = r->GetHistogram(
        "floe_firehose_put_record_batch_latency_seconds", "PutRecord/PutRecordBatch latency",
        {0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5}, l);
  }
  WalOptions wo;
  wo.dir = env.wal_root + "/" + s->config_.name;
  wo.sync = env.wal_sync;
  FLOE_ASSIGN_OR_RETURN(s->wal_, Wal::Open(wo, env.io));
  FLOE_RETURN_IF_ERROR(s->Recover());
  s->thread_ = std::thread([p = s.get()] { p->Run(); });
  return s;
}

DeliveryStream::~DeliveryStream() { Stop(false); }

std::unique_ptr<DeliveryStream::TableState> DeliveryStream::OpenTable(const std::string& ns,
                                                                      const std::string& name) {
  auto t = std::make_unique<TableState>();
  t->ns = ns;
  t->name = name;
  const std::string& bucket = config_.table_bucket;
  auto entry = env_.catalog->GetTable(bucket, ns, name);
  if (!entry.ok()) {
    t->error_code = "Iceberg.TableNotFound";
    t->error_message = "Table " + ns + "." + name + " does not exist in table bucket " + bucket +
                       ": " + entry.status().message();
    return t;
  }
  auto table = iceberg::Table::Load(
      env_.io,
      catalog::NewCatalogPointer(env_.catalog, bucket, ns, name, entry->warehouse_location),
      env_.clock);
  if (!table.ok()) {
    t->error_code = "Iceberg.TableLoadFailed";
    t->error_message = table.status().ToString();
    return t;
  }
  auto converter = RecordConverter::Make(*(*table)->metadata().CurrentSchema());
  if (!converter.ok()) {
    t->error_code = "Iceberg.UnsupportedSchema";
    t->error_message = converter.status().message();
    return t;
  }
  t->table = std::move(*table);
  t->converter = std::make_unique<RecordConverter>(std::move(*converter));
  t->rows = t->converter->NewBatch();
  t->schema = std::make_shared<parquet::Schema>(t->converter->parquet_schema());
  t->committed = std::max(t->committed, CommittedPosition(t->table->metadata(), config_.name));
  t->buffered_after = t->committed;
  return t;
}

DeliveryStream::TableState* DeliveryStream::TableFor(const std::string& ns, const std::string& name,
                                                     FailedRecord* error) {
  const std::string key = ns + "." + name;
  auto cached = [&]() -> std::pair<bool, TableState*> {
    std::lock_guard<std::mutex> l(mu_);
    auto it = tables_.find(key);
    if (it != tables_.end()) return {true, it->second.get()};
    auto bad = unavailable_.find(key);
    if (bad != unavailable_.end() && env_.clock->NowMillis() < bad->second.retry_at_ms) {
      error->error_code = bad->second.code;
      error->error_message = bad->second.message;
      return {true, nullptr};
    }
    return {false, nullptr};
  };
  if (auto [hit, t] = cached(); hit) return t;
  std::lock_guard<std::mutex> open(open_mu_);
  if (auto [hit, t] = cached(); hit) return t;
  auto t = OpenTable(ns, name);
  std::lock_guard<std::mutex> l(mu_);
  if (!t->error_code.empty()) {
    // Not cached for good: the user may create or fix the table, then redrive.
    unavailable_[key] =
        Unavailable{env_.clock->NowMillis() + 1000, t->error_code, t->error_message};
    error->error_code = t->error_code;
    error->error_message = t->error_message;
    return nullptr;
  }
  unavailable_.erase(key);
  TableState* raw = t.get();
  tables_.emplace(key, std::move(t));
  return raw;
}

DeliveryStream::TableState* DeliveryStream::Convert(
    std::string_view record, std::map<TableState*, std::vector<parquet::ColumnVector>>* local,
    FailedRecord* failed) {
  TableState* ts = single_;
  if (ts == nullptr) {
    std::string ns, name;
    if (router_) {
      auto parsed = iceberg::Json::parse(record.begin(), record.end(), nullptr, false);
      if (parsed.is_discarded() || !parsed.is_object()) {
        failed->error_code = "Iceberg.InvalidJson";
        failed->error_message =
            "record is not a JSON object, so the MetadataExtractionQuery cannot route it";
        return nullptr;
      }
      auto route = router_->Evaluate(parsed);
      if (!route.ok()) {
        failed->error_code = "Iceberg.RoutingFailed";
        failed->error_message = route.status().message();
        return nullptr;
      }
      ns = route->database;
      name = route->table;
      if (route->operation != "insert") {
        failed->error_code = "Iceberg.UnsupportedOperation";
        failed->error_message =
            "operation " + route->operation + " is not supported yet; floe appends (insert)";
        failed->database = ns;
        failed->table = name;
        return nullptr;
      }
    } else if (config_.tables.size() == 1) {
      ns = config_.tables[0].database;
      name = config_.tables[0].table;
    } else {
      failed->error_code = "Iceberg.RoutingFailed";
      failed->error_message =
          "the stream has several destination tables but no MetadataExtractionQuery to choose one";
      return nullptr;
    }
    ts = TableFor(ns, name, failed);
    if (ts == nullptr) {
      failed->database = ns;
      failed->table = name;
      return nullptr;
    }
  }
  auto it = local->find(ts);
  if (it == local->end()) it = local->emplace(ts, ts->converter->NewBatch()).first;
  Status st = ts->converter->Append(record, &it->second);
  if (!st.ok()) {
    failed->error_code = CodeFor(st);
    failed->error_message = st.message();
    failed->database = ts->ns;
    failed->table = ts->name;
    return nullptr;
  }
  return ts;
}

std::string DeliveryStream::ErrorPrefixFor(const std::string& ns, const std::string& name) const {
  for (const auto& t : config_.tables) {
    if (t.database == ns && t.table == name && !t.error_prefix.empty()) return t.error_prefix;
  }
  return config_.error_prefix;
}

Status DeliveryStream::WriteFailed(std::vector<FailedRecord> records) {
  if (records.empty()) return Status::OK();
  // One object per error prefix.
  std::map<std::string, std::vector<FailedRecord>> by_prefix;
  for (auto& r : records) by_prefix[ErrorPrefixFor(r.database, r.table)].push_back(std::move(r));
  for (const auto& [prefix, group] : by_prefix) {
    FLOE_ASSIGN_OR_RETURN(
        std::string key,
        WriteFailedRecords(env_.io, env_.buckets_root, config_.error_bucket, prefix, config_.name,
                           config_.version, group, env_.clock->NowMillis()));
    counters_.error_objects.fetch_add(1);
    counters_.failed_rows.fetch_add(static_cast<int64_t>(group.size()));
    Bump(metrics_.rows_failed, static_cast<int64_t>(group.size()));
    FLOE_LOG(kInfo) << "stream " << config_.name << ": " << group.size() << " record(s) to s3://"
                    << config_.error_bucket << "/" << key;
  }
  return Status::OK();
}

Status DeliveryStream::Recover() {
  // Tables this stream knows: configured ones and those it has positions for.
  std::map<std::string, uint64_t> saved;
  auto setting = env_.catalog->GetSetting(kPositionSetting, config_.name);
  if (setting.ok()) {
    auto j = iceberg::Json::parse(*setting, nullptr, false);
    if (j.is_object()) {
      for (auto it = j.begin(); it != j.end(); ++it) {
        if (it.value().is_number_unsigned()) saved[it.key()] = it.value().get<uint64_t>();
      }
    }
  }
  FailedRecord unused;
  for (const auto& t : config_.tables) TableFor(t.database, t.table, &unused);
  if (!router_ && config_.tables.size() == 1)
    single_ = TableFor(config_.tables[0].database, config_.tables[0].table, &unused);
  for (const auto& [key, pos] : saved) {
    size_t dot = key.find('.');
    if (dot == std::string::npos) continue;
    TableFor(key.substr(0, dot), key.substr(dot + 1), &unused);
  }
  uint64_t from = wal_->last_seq();
  for (auto& [key, t] : tables_) {
    auto it = saved.find(key);
    if (it != saved.end()) t->committed = std::max(t->committed, it->second);
    from = std::min(from, t->committed);
  }
  int64_t replayed = 0;
  std::vector<FailedRecord> failed;
  Status st = wal_->Replay(from, [&](const WalRecord& r) -> Status {
    std::map<TableState*, std::vector<parquet::ColumnVector>> local;
    FailedRecord f;
    TableState* t = Convert(r.data, &local, &f);
    if (t == nullptr) {
      // A record that converted when it arrived but fails now (the table
      // changed or vanished): it goes to the error bucket.
      auto owner = tables_.find(f.database + "." + f.table);
      if (owner != tables_.end() && r.seq <= owner->second->committed) return Status::OK();
      f.raw = std::string(r.data);
      f.arrival_ms = r.arrival_ms;
      failed.push_back(std::move(f));
      return Status::OK();
    }
    if (r.seq <= t->committed) return Status::OK();
    for (auto& [ts, cols] : local) {
      for (size_t c = 0; c < cols.size(); ++c)
        parquet::AppendRows(cols[c], 0, cols[c].length, &ts->rows[c]);
      ts->row_count += cols[0].length;
      ts->bytes += static_cast<int64_t>(r.data.size());
      if (ts->oldest_ms == 0) ts->oldest_ms = r.arrival_ms;
    }
    counters_.pending_bytes.fetch_add(static_cast<int64_t>(r.data.size()));
    ++replayed;
    return Status::OK();
  });
  FLOE_RETURN_IF_ERROR(st);
  FLOE_RETURN_IF_ERROR(WriteFailed(std::move(failed)));
  if (replayed > 0) {
    FLOE_LOG(kInfo) << "stream " << config_.name << ": replayed " << replayed
                    << " acknowledged record(s) from the write-ahead log";
  }
  return Status::OK();
}

std::vector<RecordOutcome> DeliveryStream::Put(const std::vector<std::string_view>& records) {
  const size_t n = records.size();
  std::vector<RecordOutcome> out(n);
  int64_t bytes = 0;
  for (auto r : records) bytes += static_cast<int64_t>(r.size());
  counters_.put_requests.fetch_add(1);
  counters_.incoming_records.fetch_add(static_cast<int64_t>(n));
  counters_.incoming_bytes.fetch_add(bytes);
  Bump(metrics_.put_requests, 1);
  Bump(metrics_.incoming_records, static_cast<int64_t>(n));
  Bump(metrics_.incoming_bytes, bytes);
  if (counters_.pending_bytes.load() + bytes > env_.max_pending_bytes) {
    for (auto& o : out) o = {"ServiceUnavailableException", "Slow down."};
    counters_.throttled_records.fetch_add(static_cast<int64_t>(n));
    Bump(metrics_.throttled, static_cast<int64_t>(n));
    return out;
  }
  const int64_t now = env_.clock->NowMillis();
  std::map<TableState*, std::vector<parquet::ColumnVector>> local;
  std::vector<std::string_view> good;
  std::vector<size_t> good_index;
  std::vector<FailedRecord> failed;
  std::vector<size_t> failed_index;
  std::map<TableState*, int64_t> table_bytes;
  good.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    FailedRecord f;
    TableState* t = Convert(records[i], &local, &f);
    if (t == nullptr) {
      f.raw = std::string(records[i]);
      f.arrival_ms = now;
      failed.push_back(std::move(f));
      failed_index.push_back(i);
      continue;
    }
    good.push_back(records[i]);
    good_index.push_back(i);
    table_bytes[t] += static_cast<int64_t>(records[i].size());
  }

  std::unique_lock<std::mutex> l(mu_);
  cv_.wait(l, [&] { return !barrier_; });
  ++inflight_;
  l.unlock();

  bool logged = true;
  if (!good.empty()) {
    auto seq = wal_->Append(good, now);
    if (!seq.ok()) {
      logged = false;
      FLOE_LOG(kWarning) << "stream " << config_.name
                         << ": write-ahead log append failed: " << seq.status().ToString();
      for (size_t i : good_index)
        out[i] = {"InternalFailure", "The record could not be made durable: " +
                                         seq.status().message() + ". Retry it."};
    }
  }
  if (!failed.empty()) {
    Status st = WriteFailed(std::move(failed));
    if (!st.ok()) {
      for (size_t i : failed_index) {
        out[i] = {"InternalFailure",
                  "The record failed conversion and the error bucket could not be written: " +
                      st.message() + ". Retry it."};
      }
    }
  }

  l.lock();
  if (logged) {
    int64_t added = 0;
    for (auto& [t, cols] : local) {
      if (cols.empty() || cols[0].length == 0) continue;
      for (size_t c = 0; c < cols.size(); ++c)
        parquet::AppendRows(cols[c], 0, cols[c].length, &t->rows[c]);
      t->row_count += cols[0].length;
      t->bytes += table_bytes[t];
      added += table_bytes[t];
      if (t->oldest_ms == 0) t->oldest_ms = now;
    }
    counters_.pending_bytes.fetch_add(added);
  }
  if (--inflight_ == 0) cv_.notify_all();
  l.unlock();
  return out;
}

Status DeliveryStream::Flush() {
  std::unique_lock<std::mutex> l(mu_);
  if (stop_) return FailedPrecondition("delivery stream " + config_.name + " is stopped");
  int64_t gen = ++flush_requested_;
  cv_.notify_all();
  cv_.wait(l, [&] { return flush_done_ >= gen || stop_; });
  return flush_done_ >= gen ? Status::OK()
                            : Aborted("delivery stream " + config_.name + " stopped");
}

void DeliveryStream::Stop(bool deliver) {
  {
    std::lock_guard<std::mutex> l(mu_);
    if (stop_ && !thread_.joinable()) return;
    if (deliver) ++flush_requested_;
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void DeliveryStream::UpdateFreshness(int64_t oldest_ms) {
  counters_.oldest_pending_ms.store(oldest_ms);
  if (metrics_.freshness != nullptr) metrics_.freshness->Set(DataFreshnessSeconds());
}

void DeliveryStream::ObserveLatency(double seconds) {
  if (metrics_.latency != nullptr) metrics_.latency->Observe(seconds);
}

double DeliveryStream::DataFreshnessSeconds() const {
  int64_t oldest = counters_.oldest_pending_ms.load();
  if (oldest == 0) return 0;
  return std::max<int64_t>(0, env_.clock->NowMillis() - oldest) / 1000.0;
}

void DeliveryStream::Run() {
  while (true) {
    bool all = false;
    {
      std::unique_lock<std::mutex> l(mu_);
      cv_.wait_for(l, std::chrono::milliseconds(env_.tick_ms),
                   [&] { return stop_ || flush_requested_ > flush_done_; });
      all = flush_requested_ > flush_done_;
      if (stop_ && !all) break;
    }
    int64_t gen;
    {
      std::lock_guard<std::mutex> l(mu_);
      gen = flush_requested_;
    }
    DeliverRound(all);
    {
      std::lock_guard<std::mutex> l(mu_);
      if (all) flush_done_ = std::max(flush_done_, gen);
      if (stop_ && flush_requested_ <= flush_done_) {
        cv_.notify_all();
        break;
      }
    }
    cv_.notify_all();
  }
  std::lock_guard<std::mutex> l(mu_);
  cv_.notify_all();
}

void DeliveryStream::DeliverRound(bool all) {
  std::vector<Delivery> due;
  {
    std::unique_lock<std::mutex> l(mu_);
    const int64_t now = env_.clock->NowMillis();
    // Due: holds rows and reached the size or interval hint (or a flush asked for all).
    auto is_due = [&](const TableState& t) {
      return t.row_count > 0 && (all || t.bytes >= config_.buffer_bytes ||
                                 now - t.oldest_ms >= config_.interval_seconds * 1000);
    };
    bool any = false;
    for (auto& [key, t] : tables_) any = any || is_due(*t);
    int64_t oldest = 0;
    if (any) {
      // Let in-flight Puts finish, so the WAL position covers exactly what is buffered.
      barrier_ = true;
      cv_.wait(l, [&] { return inflight_ == 0; });
      const uint64_t pos = wal_->last_seq();
      for (auto& [key, t] : tables_) {
        if (is_due(*t)) {
          Delivery d;
          d.table = t.get();
          d.rows = std::move(t->rows);
          t->rows = t->converter->NewBatch();
          d.row_count = t->row_count;
          d.bytes = t->bytes;
          d.oldest_ms = t->oldest_ms;
          d.from = t->committed;
          d.to = pos;
          t->buffered_after = pos;
          t->row_count = 0;
          t->bytes = 0;
          t->oldest_ms = 0;
          due.push_back(std::move(d));
        } else if (t->row_count == 0) {
          t->committed = std::max(t->committed, pos);  // nothing of it is pending
          t->buffered_after = std::max(t->buffered_after, pos);
        }
      }
      for (const auto& d : due) delivering_.push_back(&d);
      barrier_ = false;
      cv_.notify_all();
    }
    for (auto& [key, t] : tables_) {
      if (t->oldest_ms != 0 && (oldest == 0 || t->oldest_ms < oldest)) oldest = t->oldest_ms;
    }
    for (const auto& d : due) {
      if (oldest == 0 || d.oldest_ms < oldest) oldest = d.oldest_ms;
    }
    UpdateFreshness(oldest);
  }
  if (due.empty()) return;
  for (auto& d : due) Deliver(&d);
  {
    std::lock_guard<std::mutex> l(mu_);
    delivering_.clear();
  }
  PersistPositions();
  uint64_t release = wal_->last_seq();
  {
    std::lock_guard<std::mutex> l(mu_);
    int64_t oldest = 0;
    for (auto& [key, t] : tables_) {
      release = std::min(release, t->committed);
      if (t->oldest_ms != 0 && (oldest == 0 || t->oldest_ms < oldest)) oldest = t->oldest_ms;
    }
    UpdateFreshness(oldest);
  }
  Status st = wal_->Release(release);
  if (!st.ok())
    FLOE_LOG(kWarning) << "stream " << config_.name
                       << ": freeing WAL segments failed: " << st.ToString();
}

void DeliveryStream::SetHints(int64_t buffer_bytes, int64_t interval_seconds,
                              int64_t retry_seconds) {
  std::lock_guard<std::mutex> l(mu_);
  config_.buffer_bytes = buffer_bytes;
  config_.interval_seconds = interval_seconds;
  config_.retry_seconds = retry_seconds;
  ++config_.version;
  cv_.notify_all();
}

StreamConfig DeliveryStream::config_copy() const {
  std::lock_guard<std::mutex> l(mu_);
  return config_;
}

std::optional<LiveCapture> DeliveryStream::CaptureLive(const std::string& ns,
                                                       const std::string& name) const {
  std::lock_guard<std::mutex> l(mu_);
  auto it = tables_.find(ns + "." + name);
  if (it == tables_.end() || it->second->schema == nullptr) return std::nullopt;
  const TableState& t = *it->second;
  LiveCapture c;
  c.stream = config_.name;
  c.committed = t.committed;
  c.schema = t.schema;
  for (const Delivery* d : delivering_) {
    if (d->table == &t && d->row_count > 0) c.pieces.push_back({d->rows, d->row_count, d->to});
  }
  if (t.row_count > 0) c.pieces.push_back({t.rows, t.row_count, t.buffered_after + 1});
  if (c.pieces.empty()) return std::nullopt;
  return c;
}

std::vector<LivePiece> LiveCapture::Beyond(const iceberg::TableMetadata& metadata) && {
  const uint64_t position = std::max(committed, CommittedPosition(metadata, stream));
  std::vector<LivePiece> out;
  for (auto& p : pieces) {
    if (position < p.covered_by) out.push_back(std::move(p));
  }
  return out;
}

void DeliveryStream::Deliver(Delivery* d) {
  counters_.delivery_rows_in.fetch_add(d->row_count);
  Bump(metrics_.rows_in, d->row_count);
  int64_t retry_seconds;
  {
    std::lock_guard<std::mutex> l(mu_);
    retry_seconds = config_.retry_seconds;
  }
  const int64_t deadline = env_.clock->NowMillis() + retry_seconds * 1000;
  int64_t backoff_ms = 100;
  Status last;
  while (true) {
    last = CommitDelivery(d);
    if (last.ok()) {
      counters_.delivery_success.fetch_add(1);
      counters_.delivered_rows.fetch_add(d->row_count);
      Bump(metrics_.success, 1);
      Bump(metrics_.rows_ok, d->row_count);
      break;
    }
    counters_.delivery_failure.fetch_add(1);
    Bump(metrics_.failure, 1);
    FLOE_LOG(kWarning) << "stream " << config_.name << ": delivery to " << d->table->ns << "."
                       << d->table->name << " failed: " << last.ToString();
    bool stopping;
    {
      std::lock_guard<std::mutex> l(mu_);
      stopping = stop_;
    }
    // On shutdown, the WAL keeps the records for the next start.
    if (stopping) {
      counters_.pending_bytes.fetch_sub(d->bytes);
      return;
    }
    if (env_.clock->NowMillis() + backoff_ms > deadline) {
      Status failed = FailDelivery(d, last);
      if (!failed.ok()) {
        FLOE_LOG(kError) << "stream " << config_.name
                         << ": cannot write undeliverable records to the error bucket ("
                         << failed.ToString() << "); they stay in the write-ahead log";
        counters_.pending_bytes.fetch_sub(d->bytes);
        return;
      }
      break;
    }
    env_.clock->SleepForMicros(backoff_ms * 1000);
    backoff_ms = std::min<int64_t>(backoff_ms * 2, 5000);
  }
  {
    std::lock_guard<std::mutex> l(mu_);
    d->table->committed = std::max(d->table->committed, d->to);
  }
  counters_.pending_bytes.fetch_sub(d->bytes);
}

Status DeliveryStream::CommitDelivery(Delivery* d) {
  iceberg::Table* table = d->table->table.get();
  // A commit whose outcome was unknown may have landed.
  FLOE_RETURN_IF_ERROR(table->Refresh());
  if (CommittedPosition(table->metadata(), config_.name) >= d->to) return Status::OK();
  PartitionedWriter writer(env_.io, table->metadata(), d->table->converter->parquet_schema());
  Status st = writer.Write(d->rows);
  if (!st.ok()) {
    writer.Abandon();
    return st;
  }
  FLOE_ASSIGN_OR_RETURN(auto files, writer.Finish());
  int64_t size = 0;
  for (const auto& f : files) size += f.file_size_in_bytes;
  iceberg::Summary props = {{kStreamKey, config_.name}, {kPositionKey, std::to_string(d->to)}};
  FLOE_RETURN_IF_ERROR(iceberg::FastAppend(table, std::move(files), props).status());
  counters_.delivered_bytes.fetch_add(size);
  Bump(metrics_.delivered_bytes, size);
  return Status::OK();
}

Status DeliveryStream::FailDelivery(Delivery* d, const Status& why) {
  // The buffer holds converted rows; the raw bytes come back from the WAL.
  std::vector<FailedRecord> failed;
  Status st = wal_->Replay(d->from, [&](const WalRecord& r) -> Status {
    if (r.seq > d->to) return Status::OK();
    std::map<TableState*, std::vector<parquet::ColumnVector>> local;
    FailedRecord f;
    TableState* t = Convert(r.data, &local, &f);
    if (t != d->table &&
        !(t == nullptr && f.database == d->table->ns && f.table == d->table->name)) {
      return Status::OK();
    }
    f.raw = std::string(r.data);
    f.arrival_ms = r.arrival_ms;
    f.error_code = "Iceberg.CommitFailed";
    f.error_message = "delivery retried until its retry duration ran out: " + why.ToString();
    f.attempts = 2;
    failed.push_back(std::move(f));
    return Status::OK();
  });
  FLOE_RETURN_IF_ERROR(st);
  return WriteFailed(std::move(failed));
}

void DeliveryStream::PersistPositions() {
  iceberg::Json j = iceberg::Json::object();
  {
    std::lock_guard<std::mutex> l(mu_);
    for (auto& [key, t] : tables_) j[key] = t->committed;
  }
  Status st = env_.catalog->PutSetting(kPositionSetting, config_.name, j.dump());
  if (!st.ok())
    FLOE_LOG(kWarning) << "stream " << config_.name
                       << ": saving positions failed: " << st.ToString();
}

}  // namespace floe::ingest
