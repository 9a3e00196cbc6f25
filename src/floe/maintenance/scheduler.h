// The background maintenance scheduler: every tick it walks all tables of the
// catalog, reads their maintenance configuration (S3 Tables defaults when none
// is stored), and runs what is enabled and due — compaction when a partition
// has enough small files, snapshot expiry, and unreferenced-file removal (at
// most once per `removal_interval_ms`). Each run is recorded in the table's job
// status setting and, when it did something or failed, in a bounded in-memory
// list for metrics. Jobs commit optimistically, so appends are never blocked.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "floe/maintenance/jobs.h"

namespace floe::maintenance {

struct SchedulerOptions {
  int64_t tick_interval_ms = 10 * 60 * 1000;
  // Unreferenced-file removal lists and reads all of a table's metadata, so it
  // runs less often than the tick.
  int64_t removal_interval_ms = 60 * 60 * 1000;
  // Compaction runs when a partition has at least this many small files.
  int min_input_files = 5;
  size_t max_recent_runs = 256;
};

class Scheduler {
 public:
  Scheduler(JobEnv env, SchedulerOptions options);
  ~Scheduler();

  // Starts the background thread; the first pass runs one tick after the start.
  void Start();
  // Wakes the thread and joins it; a compaction in progress stops between
  // input files (discarding its output). Idempotent.
  void Stop();

  // One pass over every table (what each tick does), on the calling thread.
  std::vector<JobRun> RunOnce();

  // The most recent runs that did something or failed, oldest first.
  std::vector<JobRun> RecentRuns() const;

 private:
  void Loop();
  void RunTable(const TableName& table, std::vector<JobRun>* runs);
  void Record(JobRun run, std::vector<JobRun>* runs);

  const JobEnv env_;
  const SchedulerOptions options_;
  std::atomic<bool> stopping_{false};
  std::mutex run_mu_;  // one pass at a time
  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::deque<JobRun> recent_;
  std::map<std::string, int64_t> last_removal_ms_;  // by table key
  std::thread thread_;
};

}  // namespace floe::maintenance
