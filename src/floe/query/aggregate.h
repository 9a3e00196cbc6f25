// Aggregate functions and the hash aggregation operator. Every aggregate
// keeps its states in arrays indexed by group number. With several threads,
// each aggregates the batches it pulls into its own groups, and the partial
// results merge at the end.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "floe/query/expr.h"
#include "floe/query/operator.h"

namespace floe::query {

struct FixedKey;

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
//
// A concurrent child (Operator::concurrent) pushes its batches to the threads
// that read them, up to `threads` of them when every aggregate merges (no
// DISTINCT), each aggregating into its own groups. `keep_order`: groups come out in the order the
// input first showed them, as with one thread; the planner turns it off when an ORDER BY over all
// group keys makes the order moot.
class HashAggregate : public Operator {
 public:
  HashAggregate(OperatorPtr child, std::vector<BoundPtr> groups, std::vector<AggregateSpec> aggs,
                MemoryTracker* memory, int threads = 1, bool keep_order = true);
  ~HashAggregate() override;
  Result<bool> Next(Chunk* out) override;
  std::string Describe() const override;
  std::vector<const Operator*> children() const override { return {child_.get()}; }

 private:
  struct State;
  Status Consume();
  void InitState(State* s) const;
  // Pulls the child's batches into *s.
  Status Drain(State* s);
  Status AddBatch(State* s, const Chunk& in) const;
  // The group of each of rows 0..n-1 of `keys` in *s, adding groups as needed.
  Status AssignGroups(State* s, const std::vector<const Vector*>& keys, size_t n,
                      std::vector<uint32_t>* gid, int64_t* bytes) const;
  // Folds the groups of *from into *into.
  Status Merge(State* into, State* from) const;
  // Fixed keys (see group_keys.h): the keys of rows 0..n-1, and their groups,
  // found or added.
  void FixedKeys(State* s, const std::vector<const Vector*>& keys, size_t n, FixedKey* fks,
                 int64_t* bytes) const;
  void AssignFixed(State* s, const std::vector<const Vector*>& keys, size_t n, uint32_t* gid,
                   int64_t* bytes) const;
  void ProbeFixed(State* s, const FixedKey* fks, const size_t* hashes, size_t n, uint32_t* gid,
                  int64_t* bytes) const;
  // The id of string `value` in key column k.
  uint64_t Intern(State* s, size_t k, const std::string& value, int64_t* bytes) const;
  // Key column k of groups `sel`, from fixed keys.
  Vector FixedColumn(const State& s, size_t k, const std::vector<uint32_t>& sel) const;
  // Sizes the aggregate states after groups were added past `before`.
  void Grew(State* s, uint32_t before) const;
  // Bytes of aggregate state (and order) per group.
  int64_t GroupBytes() const;

  OperatorPtr child_;
  std::vector<BoundPtr> groups_;
  std::vector<AggregateSpec> aggs_;
  MemoryTracker* memory_;
  int threads_;
  bool keep_order_;
  bool fixed_;                // keys as fixed-width words (FixedKeyTable)
  bool track_order_ = false;  // groups record where they first showed
  int ran_threads_ = 1;
  int64_t group_bytes_ = 0;  // GroupBytes(), set once track_order_ is settled
  std::unique_ptr<State> state_;
  std::vector<uint32_t> order_;  // groups in output order, when tracked
  bool consumed_ = false;
  int64_t emitted_ = 0;
};

}  // namespace floe::query
