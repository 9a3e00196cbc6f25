#include "floe/query/parallel_reader.h"

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
    std::vector<Chunk> chunks;
    Status st = read_(item, &chunks);
    {
      std::lock_guard<std::mutex> lock(mu_);
      slots_[item].status = st;
      slots_[item].chunks = std::move(chunks);
      slots_[item].done = true;
    }
    cv_.notify_all();
  }
}

Result<bool> ParallelReader::Next(Chunk* out) {
  if (!started_) {
    started_ = true;
    int n = static_cast<int>(std::min<size_t>(items_, static_cast<size_t>(threads_)));
    for (int k = 0; k < n; ++k) workers_.emplace_back([this] { Work(); });
  }
  std::unique_lock<std::mutex> lock(mu_);
  while (consumer_ < items_) {
    cv_.wait(lock, [&] { return slots_[consumer_].done; });
    Slot& s = slots_[consumer_];
    if (!s.status.ok()) return s.status;
    if (chunk_pos_ < s.chunks.size()) {
      *out = std::move(s.chunks[chunk_pos_++]);
      return true;
    }
    s.chunks.clear();
    s.chunks.shrink_to_fit();
    ++consumer_;
    chunk_pos_ = 0;
    cv_.notify_all();
  }
  return false;
}

}  // namespace floe::query
