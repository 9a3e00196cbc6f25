// The streaming and blocking operators besides aggregation: filter,
// projection, limit, sort (top-N when limited), UNION ALL, hash join, and the
// single-row source of a SELECT without FROM.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "floe/query/ast.h"
#include "floe/query/expr.h"
#include "floe/query/operator.h"
#include "floe/query/table_source.h"

namespace floe::query {

// Keeps the rows where the predicate is TRUE. Its AND-ed terms run one after
// another, each over the rows the ones before kept (see filter_select.h).
class FilterOperator : public Operator {
 public:
  FilterOperator(OperatorPtr child, BoundPtr predicate);
  Result<bool> Next(Chunk* out) override;
  bool concurrent() const override { return child_->concurrent(); }
  Status Push(int threads, const Sink& sink) override;
  std::string Describe() const override { return "FILTER " + predicate_->ToString(); }
  std::vector<const Operator*> children() const override { return {child_.get()}; }

 private:
  // The rows of `in` that pass.
  Status Apply(Chunk* in) const;

  OperatorPtr child_;
  BoundPtr predicate_;
  std::vector<const BoundExpr*> conjuncts_;  // the AND-ed terms of predicate_
};

class ProjectOperator : public Operator {
 public:
  ProjectOperator(OperatorPtr child, std::vector<BoundPtr> exprs)
      : child_(std::move(child)), exprs_(std::move(exprs)) {}
  Result<bool> Next(Chunk* out) override;
  bool concurrent() const override { return child_->concurrent(); }
  Status Push(int threads, const Sink& sink) override;
  std::string Describe() const override;
  std::vector<const Operator*> children() const override { return {child_.get()}; }

 private:
  // The projected columns of `in`.
  Status Apply(Chunk* in) const;

  OperatorPtr child_;
  std::vector<BoundPtr> exprs_;
};

class LimitOperator : public Operator {
 public:
  LimitOperator(OperatorPtr child, std::optional<int64_t> limit, int64_t offset)
      : child_(std::move(child)), limit_(limit), offset_(offset) {}
  Result<bool> Next(Chunk* out) override;
  std::string Describe() const override;
  std::vector<const Operator*> children() const override { return {child_.get()}; }

 private:
  OperatorPtr child_;
  std::optional<int64_t> limit_;
  int64_t offset_;
  int64_t skipped_ = 0;
  int64_t emitted_ = 0;
};

struct SortKey {
  BoundPtr expr;
  bool desc = false;
  bool nulls_first = false;
};

// Sorts all input by the keys (stable). With `limit`, keeps only the first
// `limit` rows while consuming (top-N), so memory stays O(limit).
class SortOperator : public Operator {
 public:
  // `bound`, when given, is published (the N-th row's first key) once the
  // top-N holds `limit` rows, for the scan below to skip data with.
  SortOperator(OperatorPtr child, std::vector<SortKey> keys, std::optional<int64_t> limit,
               MemoryTracker* memory, std::shared_ptr<TopNBound> bound = nullptr)
      : child_(std::move(child)),
        keys_(std::move(keys)),
        limit_(limit),
        memory_(memory),
        bound_(std::move(bound)) {}
  Result<bool> Next(Chunk* out) override;
  std::string Describe() const override;
  std::vector<const Operator*> children() const override { return {child_.get()}; }

 private:
  Status Consume();
  // Sorts buffer_ (rows and their key columns) and truncates it to limit_.
  void SortBuffer();

  OperatorPtr child_;
  std::vector<SortKey> keys_;
  std::optional<int64_t> limit_;
  MemoryTracker* memory_;
  Chunk buffer_;             // the rows
  std::vector<Vector> key_;  // their key values
  int64_t accounted_ = 0;
  bool consumed_ = false;
  int64_t emitted_ = 0;
  bool full_ = false;  // top-N: buffer_ holds exactly `limit` rows, sorted
  std::shared_ptr<TopNBound> bound_;
};

class UnionAllOperator : public Operator {
 public:
  explicit UnionAllOperator(std::vector<OperatorPtr> inputs) : inputs_(std::move(inputs)) {}
  Result<bool> Next(Chunk* out) override;
  std::string Describe() const override { return "UNION_ALL"; }
  std::vector<const Operator*> children() const override;

 private:
  std::vector<OperatorPtr> inputs_;
  size_t current_ = 0;
};

// Inner, left, right or full equi-join: builds a hash table on the right
// input's keys, probes with the left; output columns are the left's then the
// right's. An optional residual condition is applied to matched pairs. Rows
// of an outer side without a match come out with NULLs for the other side
// (unmatched right rows after all left rows).
class HashJoinOperator : public Operator {
 public:
  HashJoinOperator(OperatorPtr left, OperatorPtr right, std::vector<BoundPtr> left_keys,
                   std::vector<BoundPtr> right_keys, BoundPtr residual, JoinType type,
                   std::vector<DataType> left_types, std::vector<DataType> right_types,
                   MemoryTracker* memory);
  Result<bool> Next(Chunk* out) override;
  std::string Describe() const override;
  std::vector<const Operator*> children() const override { return {left_.get(), right_.get()}; }

 private:
  Status Build();
  // The right rows no left row matched, with NULL left columns.
  Chunk UnmatchedRight();

  OperatorPtr left_, right_;
  std::vector<BoundPtr> left_keys_, right_keys_;
  BoundPtr residual_;
  JoinType type_;
  std::vector<DataType> left_types_, right_types_;
  MemoryTracker* memory_;
  bool built_ = false;
  bool left_done_ = false;
  Chunk build_;                         // all right rows
  std::vector<uint8_t> build_matched_;  // right and full joins: per build row
  std::unordered_multimap<std::string, uint32_t> table_;
};

// INTERSECT and EXCEPT, with or without ALL: the right input's rows are
// counted in a hash table (NULL matching NULL, as set operations compare),
// then the left input's rows stream through in order. Without ALL each row
// comes out once.
class SetOperationOperator : public Operator {
 public:
  SetOperationOperator(OperatorPtr left, OperatorPtr right, SetOpKind kind, MemoryTracker* memory)
      : left_(std::move(left)), right_(std::move(right)), kind_(kind), memory_(memory) {}
  Result<bool> Next(Chunk* out) override;
  std::string Describe() const override { return SetOpName(kind_); }
  std::vector<const Operator*> children() const override { return {left_.get(), right_.get()}; }

 private:
  Status Build();

  OperatorPtr left_, right_;
  SetOpKind kind_;
  MemoryTracker* memory_;
  bool built_ = false;
  std::unordered_map<std::string, int64_t> right_rows_;  // row key → times it is left
  std::unordered_set<std::string> emitted_;              // without ALL: rows already out
};

// One row with no columns (SELECT without FROM).
class SingleRowOperator : public Operator {
 public:
  Result<bool> Next(Chunk* out) override;
  std::string Describe() const override { return "SINGLE_ROW"; }

 private:
  bool done_ = false;
};

}  // namespace floe::query
