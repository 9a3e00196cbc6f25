// Physical operators: each pulls Chunks from its child and produces Chunks.
// A query is a tree of them, driven from the root by Next().
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "floe/base/status.h"
#include "floe/query/vector.h"

namespace floe::query {

// Rows per batch produced by scans and operators that build their output.
inline constexpr int64_t kBatchRows = 64 * 1024;

// Bytes held by the blocking operators of one query (hash tables, sort
// buffers), checked against a limit so a query fails instead of exhausting
// the machine.
class MemoryTracker {
 public:
  explicit MemoryTracker(int64_t limit_bytes) : limit_(limit_bytes) {}
  // ResourceExhausted when the total would exceed the limit.
  Status Grow(int64_t bytes, const char* what);
  void Shrink(int64_t bytes) { used_ -= bytes; }
  int64_t used() const { return used_; }
  int64_t peak() const { return peak_; }

 private:
  int64_t limit_;
  std::atomic<int64_t> used_{0};
  std::atomic<int64_t> peak_{0};
};

// Receives the batches an operator pushes: `lane` is the number of the
// thread calling (below the thread count asked for); an error stops the push.
using Sink = std::function<Status(int lane, Chunk&& batch)>;

class Operator {
 public:
  virtual ~Operator() = default;
  // Replaces *out with the next batch; false when there are no more rows.
  // Batches may be empty (rows == 0) without meaning the end.
  virtual Result<bool> Next(Chunk* out) = 0;
  // True when Push works (scans, and filters and projections over them).
  virtual bool concurrent() const { return false; }
  // Instead of Next: every batch goes to `sink` on the thread that produced
  // it, on up to `threads` threads at once. Batch `seq`s order the batches as
  // Next would hand them out. Only for concurrent() operators.
  virtual Status Push(int threads, const Sink& sink) {
    return Internal("this operator cannot push on several threads");
  }
  // One line for EXPLAIN, and the children to print below it.
  virtual std::string Describe() const = 0;
  virtual std::vector<const Operator*> children() const { return {}; }
};
using OperatorPtr = std::unique_ptr<Operator>;

// The plan as indented text, one operator per line.
std::string ExplainTree(const Operator& root);

}  // namespace floe::query
