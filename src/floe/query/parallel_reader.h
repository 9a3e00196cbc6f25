// Runs per-item read work (one item = one data file) on a few threads and
// hands the resulting batches out in item order, so results are the same with
// one thread or several. At most 2 × threads items are read ahead of the
// consumer, which bounds memory.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "floe/base/status.h"
#include "floe/query/vector.h"

namespace floe::query {

class ParallelReader {
 public:
  using ReadFn = std::function<Status(size_t item, std::vector<Chunk>* out)>;

  ParallelReader(size_t items, int threads, ReadFn read);
  ~ParallelReader();  // stops and joins the workers

  // The next batch in item order; false at the end; the first error.
  Result<bool> Next(Chunk* out);

 private:
  struct Slot {
    bool done = false;
    Status status;
    std::vector<Chunk> chunks;
  };
  void Work();

  size_t items_;
  int threads_;
  ReadFn read_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Slot> slots_;
  size_t next_item_ = 0;  // next item a worker takes
  size_t consumer_ = 0;   // item the consumer reads
  size_t chunk_pos_ = 0;  // next chunk within it
  bool stop_ = false;
  bool started_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace floe::query
