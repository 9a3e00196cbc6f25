// One invocation of the IoT generator: N simulated readings sent at R records/s to
// a delivery stream in batches of up to 500, retrying failed records only (with
// exponential backoff) until they are accepted or the attempts run out.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "floe/base/clock.h"
#include "floe/base/status.h"
#include "floe/generator/firehose_client.h"

namespace floe::generator {

inline constexpr int kMaxBatchRecords = 500;  // PutRecordBatch's limit

struct GeneratorOptions {
  std::string stream;
  int64_t records = 10000;
  double rate = 200;  // records per second; <= 0 sends as fast as the stream accepts
  int sensors = 10;
  uint64_t seed = 0;  // 0: seeded from the clock
  int batch_size = kMaxBatchRecords;
  int max_attempts = 6;              // per record, the first send included
  int64_t initial_backoff_ms = 100;  // doubled per retry, with jitter
  int64_t max_backoff_ms = 5000;
  // When set and true, the invocation stops before its next batch (not a failure).
  const std::atomic<bool>* cancel = nullptr;
};

struct GeneratorProgress {
  int64_t generated = 0;
  int64_t accepted = 0;
  int64_t failed = 0;   // gave up on
  int64_t retried = 0;  // record re-sends
  int64_t elapsed_ms = 0;
};

struct GeneratorResult {
  GeneratorProgress progress;
  std::string last_error;  // the last per-record or call error seen, empty if none
  bool cancelled = false;  // stopped early through GeneratorOptions::cancel
};

// Runs one invocation. Returns the counts even when records failed; an error Status
// only when the stream cannot be used at all (for example it does not exist), in which
// case nothing more is sent. `on_progress` (optional) is called after every batch.
Result<GeneratorResult> RunGenerator(
    const GeneratorOptions& options, FirehoseClient* client, Clock* clock,
    const std::function<void(const GeneratorProgress&)>& on_progress = {});

}  // namespace floe::generator
