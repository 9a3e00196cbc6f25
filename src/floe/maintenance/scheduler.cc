#include "floe/maintenance/scheduler.h"

#include <chrono>

#include "floe/base/logging.h"
#include "floe/maintenance/settings.h"

namespace floe::maintenance {

Scheduler::Scheduler(JobEnv env, SchedulerOptions options) : env_(env), options_(options) {}

Scheduler::~Scheduler() { Stop(); }

void Scheduler::Start() {
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { Loop(); });
}

void Scheduler::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Scheduler::Loop() {
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      wake_.wait_for(lock, std::chrono::milliseconds(options_.tick_interval_ms),
                     [this] { return stopping_.load(); });
      if (stopping_) return;
    }
    RunOnce();
  }
}

std::vector<JobRun> Scheduler::RunOnce() {
  std::lock_guard<std::mutex> pass(run_mu_);
  std::vector<JobRun> runs;
  auto buckets = env_.catalog->ListBuckets("");
  if (!buckets.ok()) {
    FLOE_LOG(kWarning) << "maintenance: cannot list table buckets: " << buckets.status().ToString();
    return runs;
  }
  for (const auto& b : *buckets) {
    auto tables = env_.catalog->ListTables(b.name, "", "");
    if (!tables.ok()) {
      FLOE_LOG(kWarning) << "maintenance: cannot list tables of " << b.name << ": "
                         << tables.status().ToString();
      continue;
    }
    for (const auto& t : *tables) {
      if (stopping_) return runs;
      RunTable(TableName{t.bucket, t.ns, t.name}, &runs);
    }
  }
  return runs;
}

void Scheduler::RunTable(const TableName& table, std::vector<JobRun>* runs) {
  const std::string key = table.Key();
  auto config = LoadTableMaintenance(env_.catalog, key);
  auto bucket = LoadBucketMaintenance(env_.catalog, table.bucket);
  if (!config.ok() || !bucket.ok()) {
    // A configuration that does not parse fails every job of the table, visibly.
    JobRun run;
    run.table = table;
    run.started_ms = env_.clock->NowMillis();
    run.error = (config.ok() ? bucket.status() : config.status()).ToString();
    for (const char* kind : {kCompaction, kSnapshotManagement, kUnreferencedFileRemoval}) {
      run.kind = kind;
      Record(run, runs);
    }
    return;
  }
  auto disabled = [&](const char* kind) {
    JobStatus s;
    s.status = "Disabled";
    if (Status st = PutJobStatus(env_.catalog, key, kind, s); !st.ok()) {
      FLOE_LOG(kWarning) << "maintenance: cannot record job status of " << key << ": "
                         << st.ToString();
    }
  };
  if (config->compaction_enabled) {
    CompactionOptions c;
    c.target_file_size_bytes = static_cast<int64_t>(config->target_file_size_mb) * kMiB;
    c.min_input_files = options_.min_input_files;
    c.cancel = &stopping_;
    Record(RunCompaction(env_, table, c), runs);
  } else {
    disabled(kCompaction);
  }
  if (stopping_) return;
  if (config->snapshot_management_enabled) {
    Record(RunSnapshotExpiry(env_, table, config->min_snapshots_to_keep,
                             static_cast<int64_t>(config->max_snapshot_age_hours) * 3600 * 1000),
           runs);
  } else {
    disabled(kSnapshotManagement);
  }
  if (stopping_) return;
  if (bucket->unreferenced_file_removal_enabled) {
    const int64_t now = env_.clock->NowMillis();
    auto last = last_removal_ms_.find(key);
    if (last == last_removal_ms_.end() || now - last->second >= options_.removal_interval_ms) {
      last_removal_ms_[key] = now;
      Record(RunUnreferencedFileRemoval(
                 env_, table, static_cast<int64_t>(bucket->unreferenced_days) * 86400 * 1000),
             runs);
    }
  } else {
    disabled(kUnreferencedFileRemoval);
  }
}

void Scheduler::Record(JobRun run, std::vector<JobRun>* runs) {
  if (Status st = RecordJobStatus(env_.catalog, run); !st.ok()) {
    FLOE_LOG(kWarning) << "maintenance: cannot record job status of " << run.table.Key() << ": "
                       << st.ToString();
  }
  if (!run.ok()) FLOE_LOG(kWarning) << "maintenance: " << JobRunSummary(run);
  if (!run.ok() || !run.nothing_to_do) {
    std::lock_guard<std::mutex> lock(mu_);
    recent_.push_back(run);
    while (recent_.size() > options_.max_recent_runs) recent_.pop_front();
  }
  runs->push_back(std::move(run));
}

std::vector<JobRun> Scheduler::RecentRuns() const {
  std::lock_guard<std::mutex> lock(mu_);
  return std::vector<JobRun>(recent_.begin(), recent_.end());
}

}  // namespace floe::maintenance
