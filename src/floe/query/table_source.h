// Where a scan's rows come from. A TableSource names its columns, accepts the
// columns a query needs and the filters it may use to skip data, then yields
// batches. Implementations: Iceberg tables (catalog or path), loose Parquet
// files, and rows held in memory (metadata tables); a source of live,
// not-yet-committed rows can be added beside them.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "floe/base/status.h"
#include "floe/query/operator.h"
#include "floe/query/vector.h"

namespace floe::query {

struct SourceColumn {
  std::string name;
  DataType type = DataType::kNull;
};

// A condition a scan may use to skip files and row groups; rows that do not
// satisfy it may still be returned (the query filters them again).
struct ScanFilter {
  enum class Op { kEq, kLt, kLe, kGt, kGe, kIn, kIsNull, kNotNull };
  int column = 0;
  Op op = Op::kEq;
  std::vector<Value> values;  // of the column's type
};

// What a top-N (ORDER BY column LIMIT n) above a scan learns while it runs:
// once it holds n rows, a row whose key is worse than `value` cannot enter, so
// the scan may skip files and row groups whose bounds say all rows are worse.
// Integer-like columns with NULLS LAST; the sort publishes, scans read.
struct TopNBound {
  int column = 0;     // source column of the first sort key
  bool desc = false;  // desc: rows below value are worse; asc: rows above
  std::atomic<bool> set{false};
  std::atomic<int64_t> value{0};
};

class TableSource {
 public:
  virtual ~TableSource() = default;
  // Before Open: a top-N bound the scan may use to skip data (default: none).
  virtual void SetTopNBound(std::shared_ptr<TopNBound>) {}
  virtual const std::vector<SourceColumn>& columns() const = 0;
  // Prepares the scan. Batches carry every column, but only `needed` ones are
  // filled (the others have length 0).
  virtual Status Open(const std::vector<bool>& needed, const std::vector<ScanFilter>& filters) = 0;
  virtual Result<bool> Next(Chunk* out) = 0;
  // Instead of Next: hands every batch to `sink` on the thread that read it,
  // on up to `threads` threads, with `seq`s in Next's order. By default, Next
  // on the calling thread (lane 0).
  virtual Status Push(int threads, const Sink& sink);
  // For EXPLAIN: what is read and how much was pruned.
  virtual std::string Describe() const = 0;
};

// Rows held in memory (metadata tables, tests).
class MemorySource : public TableSource {
 public:
  MemorySource(std::string name, std::vector<SourceColumn> columns, Chunk rows)
      : name_(std::move(name)), columns_(std::move(columns)), rows_(std::move(rows)) {}
  const std::vector<SourceColumn>& columns() const override { return columns_; }
  Status Open(const std::vector<bool>&, const std::vector<ScanFilter>&) override {
    return Status::OK();
  }
  Result<bool> Next(Chunk* out) override;
  std::string Describe() const override {
    return "SCAN " + name_ + " (" + std::to_string(rows_.rows) + " rows)";
  }

 private:
  std::string name_;
  std::vector<SourceColumn> columns_;
  Chunk rows_;
  bool done_ = false;
};

// The operator at the leaves of a plan.
class ScanOperator : public Operator {
 public:
  explicit ScanOperator(std::unique_ptr<TableSource> source) : source_(std::move(source)) {}
  Result<bool> Next(Chunk* out) override { return source_->Next(out); }
  bool concurrent() const override { return true; }
  Status Push(int threads, const Sink& sink) override { return source_->Push(threads, sink); }
  std::string Describe() const override { return source_->Describe(); }

 private:
  std::unique_ptr<TableSource> source_;
};

}  // namespace floe::query
