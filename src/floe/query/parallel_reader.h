// Runs per-item read work (one item = one data file) on a few threads and
// hands the resulting batches out in item order, so results are the same with
// one thread or several; or pushes them to a sink on the reading threads. Items stream: the
// consumer takes an item's batches as they are emitted, and workers ahead of the consumer pause
// once a few batches per thread wait, which bounds memory and lets a LIMIT stop the scan after the
// first batches instead of the first files.
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
  // Hands one batch to the consumer; false when the scan is being stopped
  // (the read function should then return OK at once).
  using Emit = std::function<bool(Chunk)>;
  using ReadFn = std::function<Status(size_t item, const Emit& emit)>;

  ParallelReader(size_t items, int threads, ReadFn read);
  ~ParallelReader();  // stops and joins the workers

  // The next batch in item order; false at the end; the first error.
  Result<bool> Next(Chunk* out);

  // Instead of Next: up to `threads` threads (this one among them) take items
  // in order and hand each batch to `sink` on the thread that read it, with
  // seq = item << 24 | batch number within the item. Returns the error of the
  // lowest item that failed (a read or a sink error); the others then stop.
  Status Push(int threads, const std::function<Status(int lane, Chunk&&)>& sink);

 private:
  struct Slot {
    bool done = false;
    Status status;
    std::deque<Chunk> chunks;
  };
  void Work();
  // Called with mu_ held: may a worker on `item` add another batch now?
  bool MayEmit(size_t item) const;

  size_t items_;
  int threads_;
  ReadFn read_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Slot> slots_;
  size_t next_item_ = 0;  // next item a worker takes
  size_t consumer_ = 0;   // item the consumer reads
  size_t buffered_ = 0;   // batches waiting in slots
  bool stop_ = false;
  bool started_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace floe::query
