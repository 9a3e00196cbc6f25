#include "floe/query/parallel_reader.h"

#include <atomic>

namespace floe::query {

ParallelReader::ParallelReader(size_t items, int threads, ReadFn read)
    : items_(items), threads_(threads < 1 ? 1 : threads), read_(std::move(read)), slots_(items) {}

ParallelReader::~ParallelReader() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  for (auto& t : workers_) t.join();
}

bool ParallelReader::MayEmit(size_t item) const {
  // The consumer's own item waits only for its own batches to be taken (the
  // consumer waits for nothing else); items ahead wait while enough is buffered.
  const size_t limit = 4 * static_cast<size_t>(threads_);
  if (item == consumer_) return slots_[item].chunks.size() < limit;
  return buffered_ < limit;
}

void ParallelReader::Work() {
  while (true) {
    size_t item;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [&] {
        return stop_ || next_item_ >= items_ ||
               next_item_ < consumer_ + 2 * static_cast<size_t>(threads_);
      });
      if (stop_ || next_item_ >= items_) return;
      item = next_item_++;
    }
    Emit emit = [this, item](Chunk c) {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [&] { return stop_ || MayEmit(item); });
      if (stop_) return false;
      slots_[item].chunks.push_back(std::move(c));
      ++buffered_;
      cv_.notify_all();
      return true;
    };
    Status st = read_(item, emit);
    {
      std::lock_guard<std::mutex> lock(mu_);
      slots_[item].status = st;
      slots_[item].done = true;
    }
    cv_.notify_all();
  }
}

Status ParallelReader::Push(int threads, const std::function<Status(int lane, Chunk&&)>& sink) {
  started_ = true;
  std::atomic<size_t> next{0};
  // The lowest item that failed: later items stop, earlier ones finish, so
  // the error reported does not depend on timing.
  std::atomic<size_t> failed{items_};
  std::mutex mu;
  Status first;
  auto work = [&](int lane) {
    for (size_t item = next++; item < items_ && item < failed.load(); item = next++) {
      int64_t batch = 0;
      Status sink_error;
      Emit emit = [&](Chunk c) {
        if (item > failed.load(std::memory_order_relaxed)) return false;
        c.seq = static_cast<int64_t>(item << 24) | batch++;
        sink_error = sink(lane, std::move(c));
        return sink_error.ok();
      };
      Status st = read_(item, emit);
      if (st.ok()) st = sink_error;
      if (st.ok()) continue;
      std::lock_guard<std::mutex> lock(mu);
      if (item < failed.load()) {
        first = st;
        failed = item;
      }
      return;
    }
  };
  const size_t wanted = static_cast<size_t>(std::max(threads, 1));
  const int n = static_cast<int>(std::min(items_, wanted));
  std::vector<std::thread> helpers;
  for (int lane = 1; lane < n; ++lane) helpers.emplace_back(work, lane);
  work(0);
  for (auto& t : helpers) t.join();
  return first;
}

Result<bool> ParallelReader::Next(Chunk* out) {
  if (!started_) {
    started_ = true;
    int n = static_cast<int>(std::min<size_t>(items_, static_cast<size_t>(threads_)));
    for (int k = 0; k < n; ++k) workers_.emplace_back([this] { Work(); });
  }
  std::unique_lock<std::mutex> lock(mu_);
  while (consumer_ < items_) {
    cv_.wait(lock, [&] { return slots_[consumer_].done || !slots_[consumer_].chunks.empty(); });
    Slot& s = slots_[consumer_];
    if (!s.chunks.empty()) {
      *out = std::move(s.chunks.front());
      s.chunks.pop_front();
      --buffered_;
      cv_.notify_all();
      return true;
    }
    if (!s.status.ok()) return s.status;
    ++consumer_;
    cv_.notify_all();
  }
  return false;
}

}  // namespace floe::query
