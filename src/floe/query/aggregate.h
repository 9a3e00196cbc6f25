// Aggregate functions and the hash aggregation operator. Groups are keyed by
// the bytes of their key values; every aggregate keeps its states in arrays
// indexed by group number.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "floe/query/expr.h"
#include "floe/query/operator.h"

namespace floe::query {

enum class AggKind {
  kCountStar,
  kCount,
  kSum,
  kAvg,
  kMin,
  kMax,
  kStddev,
  kVariance,
  kQuantile,
  kQuantileDisc
};

struct AggregateSpec {
  AggKind kind = AggKind::kCountStar;
  bool distinct = false;
  BoundPtr arg;                       // null for COUNT(*)
  double fraction = 0.5;              // kQuantile
  DataType type = DataType::kBigint;  // result type
  std::string name;
};

// The aggregate named `name` (lower case), or nullopt when it is not one.
std::optional<AggKind> LookupAggregate(const std::string& name);
// The result type for an argument type; InvalidArgument when unsupported.
Result<DataType> AggregateType(AggKind kind, DataType arg);

// GROUP BY `groups` computing `aggs`: output columns are the group values then
// the aggregates. Without groups, exactly one row (also over no input).
class HashAggregate : public Operator {
 public:
  HashAggregate(OperatorPtr child, std::vector<BoundPtr> groups, std::vector<AggregateSpec> aggs,
                MemoryTracker* memory);
  ~HashAggregate() override;
  Result<bool> Next(Chunk* out) override;
  std::string Describe() const override;
  std::vector<const Operator*> children() const override { return {child_.get()}; }

 private:
  struct State;
  Status Consume();

  OperatorPtr child_;
  std::vector<BoundPtr> groups_;
  std::vector<AggregateSpec> aggs_;
  MemoryTracker* memory_;
  std::unique_ptr<State> state_;
  bool consumed_ = false;
  int64_t emitted_ = 0;
};

}  // namespace floe::query
