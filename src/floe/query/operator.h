// Physical operators: each pulls Chunks from its child and produces Chunks.
// A query is a tree of them, driven from the root by Next().
#pragma once

#include <atomic>
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

class Operator {
 public:
  virtual ~Operator() = default;
  // Replaces *out with the next batch; false when there are no more rows.
  // Batches may be empty (rows == 0) without meaning the end.
  virtual Result<bool> Next(Chunk* out) = 0;
  // True when Next may be called from several threads at once, each call
  // getting a batch of its own (scans, and filters and projections over them).
  virtual bool concurrent() const { return false; }
  // One line for EXPLAIN, and the children to print below it.
  virtual std::string Describe() const = 0;
  virtual std::vector<const Operator*> children() const { return {}; }
};
using OperatorPtr = std::unique_ptr<Operator>;

// The plan as indented text, one operator per line.
std::string ExplainTree(const Operator& root);

}  // namespace floe::query
