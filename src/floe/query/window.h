// Window functions: ROW_NUMBER, RANK, DENSE_RANK, LAG, LEAD and the
// aggregates COUNT, SUM, AVG, MIN, MAX over a window. Each call's rows are
// sorted by its PARTITION BY and ORDER BY keys; with ORDER BY an aggregate
// runs from the partition's first row through the current row's last peer
// (SQL's default frame), without ORDER BY over the whole partition.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "floe/query/aggregate.h"
#include "floe/query/operators.h"

namespace floe::query {

struct WindowCall {
  enum class Kind { kRowNumber, kRank, kDenseRank, kLag, kLead, kAggregate };
  Kind kind = Kind::kRowNumber;
  AggKind agg = AggKind::kCountStar;  // kAggregate
  std::vector<BoundPtr> args;         // kLag/kLead: the value; kAggregate: the argument
  int64_t offset = 1;                 // kLag/kLead
  Value fallback;                     // kLag/kLead: when the row is missing (NULL by default)
  std::vector<BoundPtr> partition;
  std::vector<SortKey> order;
  DataType type = DataType::kBigint;
  std::string name;
};

// The lower-cased function names window calls accept, as a kind (aggregates:
// kAggregate with `agg`); false for others.
bool LookupWindowFunction(const std::string& name, bool star, WindowCall* call);

// Appends one column per call to its input's columns. Blocking: it holds the
// whole input (counted against the memory limit).
class WindowOperator : public Operator {
 public:
  WindowOperator(OperatorPtr child, std::vector<WindowCall> calls, MemoryTracker* memory)
      : child_(std::move(child)), calls_(std::move(calls)), memory_(memory) {}
  Result<bool> Next(Chunk* out) override;
  std::string Describe() const override;
  std::vector<const Operator*> children() const override { return {child_.get()}; }

 private:
  Status Compute();
  Status ComputeCall(const WindowCall& call, Vector* out) const;

  OperatorPtr child_;
  std::vector<WindowCall> calls_;
  MemoryTracker* memory_;
  bool computed_ = false;
  Chunk rows_;  // the input, then the window columns after it
  int64_t emitted_ = 0;
};

}  // namespace floe::query
