#include "floe/generator/generator.h"

#include <algorithm>
#include <cmath>
#include <random>

#include "floe/generator/sensors.h"

namespace floe::generator {
namespace {

constexpr int64_t kSleepSliceUs = 100'000;  // how quickly a cancel is noticed

bool Cancelled(const GeneratorOptions& o) {
  return o.cancel && o.cancel->load(std::memory_order_relaxed);
}

struct Pending {
  std::string data;
  int attempts = 0;
};

// Sends `batch` until every record is accepted or out of attempts. Returns a
// non-retryable call error; counts go into `result`.
Status SendWithRetry(const GeneratorOptions& o, FirehoseClient* client, Clock* clock,
                     std::mt19937_64* rng, std::vector<Pending> batch, GeneratorResult* result) {
  int round = 0;
  while (!batch.empty()) {
    if (round > 0) {
      const int64_t cap =
          std::min<int64_t>(o.max_backoff_ms, o.initial_backoff_ms << std::min(round - 1, 20));
      std::uniform_int_distribution<int64_t> jitter(cap / 2, std::max<int64_t>(cap, 1));
      const int64_t until_us = clock->NowMicros() + jitter(*rng) * 1000;
      for (int64_t now_us = clock->NowMicros(); now_us < until_us && !Cancelled(o);
           now_us = clock->NowMicros()) {
        clock->SleepForMicros(std::min(until_us - now_us, kSleepSliceUs));
      }
      if (Cancelled(o)) {  // shutting down: what is still unaccepted is lost
        result->progress.failed += static_cast<int64_t>(batch.size());
        return Status::OK();
      }
    }
    ++round;
    std::vector<std::string> records;
    records.reserve(batch.size());
    for (auto& p : batch) {
      records.push_back(p.data);
      if (p.attempts++ > 0) ++result->progress.retried;
    }
    auto answer = client->PutRecordBatch(o.stream, records);
    std::vector<Pending> again;
    if (!answer.ok()) {
      result->last_error = answer.status().ToString();
      if (answer.status().code() != StatusCode::kUnavailable) {
        result->progress.failed += static_cast<int64_t>(batch.size());
        return answer.status();
      }
      again = std::move(batch);
    } else {
      for (size_t i = 0; i < batch.size(); ++i) {
        const PutRecordBatchEntry& e = answer->entries[i];
        if (!e.failed()) {
          ++result->progress.accepted;
          continue;
        }
        result->last_error = e.error_code + ": " + e.error_message;
        again.push_back(std::move(batch[i]));
      }
    }
    batch.clear();
    for (auto& p : again) {
      if (p.attempts >= o.max_attempts) {
        ++result->progress.failed;
      } else {
        batch.push_back(std::move(p));
      }
    }
  }
  return Status::OK();
}

}  // namespace

Result<GeneratorResult> RunGenerator(
    const GeneratorOptions& o, FirehoseClient* client, Clock* clock,
    const std::function<void(const GeneratorProgress&)>& on_progress) {
  if (o.stream.empty()) return InvalidArgument("no delivery stream given");
  if (o.records < 0) return InvalidArgument("records must be >= 0");
  if (o.batch_size < 1 || o.batch_size > kMaxBatchRecords) {
    return InvalidArgument("batch size must be 1–500 (PutRecordBatch's limit)");
  }
  if (o.sensors < 1 || o.sensors > 999) return InvalidArgument("sensors must be 1–999");
  if (o.max_attempts < 1) return InvalidArgument("max attempts must be >= 1");
  const uint64_t seed = o.seed != 0 ? o.seed : static_cast<uint64_t>(clock->NowMicros());
  SensorSimulator sensors(seed, o.sensors);
  std::mt19937_64 rng(seed ^ 0x9e3779b97f4a7c15ULL);
  GeneratorResult result;
  const int64_t start_us = clock->NowMicros();
  while (result.progress.generated < o.records) {
    const int64_t n = std::min<int64_t>(o.batch_size, o.records - result.progress.generated);
    const int64_t end_index = result.progress.generated + n;
    // A batch leaves once its last reading is due: readings are taken at the rate and
    // shipped together, as a device buffer would.
    if (o.rate > 0) {
      const int64_t due_us =
          start_us + static_cast<int64_t>(std::llround(end_index / o.rate * 1e6));
      for (int64_t now_us = clock->NowMicros(); due_us > now_us && !Cancelled(o);
           now_us = clock->NowMicros()) {
        clock->SleepForMicros(std::min<int64_t>(due_us - now_us, kSleepSliceUs));
      }
    }
    if (Cancelled(o)) {
      result.cancelled = true;
      break;
    }
    std::vector<Pending> batch;
    batch.reserve(n);
    for (int64_t i = result.progress.generated; i < end_index; ++i) {
      const int64_t at_us =
          o.rate > 0 ? start_us + static_cast<int64_t>(i / o.rate * 1e6) : clock->NowMicros();
      batch.push_back({ReadingJson(sensors.Next(at_us / 1000000)), 0});
    }
    result.progress.generated = end_index;
    Status sent = SendWithRetry(o, client, clock, &rng, std::move(batch), &result);
    result.progress.elapsed_ms = (clock->NowMicros() - start_us) / 1000;
    if (on_progress) on_progress(result.progress);
    if (!sent.ok()) {
      result.progress.failed += o.records - result.progress.generated;  // never sent
      return sent.WithContext("PutRecordBatch to stream " + o.stream);
    }
  }
  return result;
}

}  // namespace floe::generator
