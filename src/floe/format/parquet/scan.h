// Scanning a Parquet file as columnar batches: column projection and row-group
// skipping by chunk statistics for simple predicates (a conjunction).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "floe/base/status.h"
#include "floe/format/parquet/file_reader.h"

namespace floe::parquet {

enum class CompareOp { kEq, kLt, kLe, kGt, kGe, kIsNull, kIsNotNull };

struct ColumnPredicate {
  int column = 0;  // leaf column index
  CompareOp op = CompareOp::kEq;
  // The literal in PLAIN statistics encoding of the column's physical type
  // (little-endian numbers, raw bytes for byte arrays). Unused for null tests.
  std::string literal;
};

// False only when the row group's statistics prove that no row satisfies every
// predicate; true when it may (including when statistics are missing).
bool RowGroupMayMatch(const FileReader& reader, int row_group,
                      const std::vector<ColumnPredicate>& predicates);

struct ScanOptions {
  std::vector<int> columns;  // leaf column indexes; empty = all
  std::vector<ColumnPredicate> predicates;
  int64_t batch_rows = 64 * 1024;
};

class ParquetScanner {
 public:
  static Result<std::unique_ptr<ParquetScanner>> Make(const FileReader* reader, ScanOptions options);

  // Replaces *batch with the next batch, one vector per projected column, all
  // the same length. Returns false when the file is exhausted. Rows of skipped
  // row groups are never returned; rows in kept row groups are returned whether
  // or not they satisfy the predicates (callers filter).
  Result<bool> Next(std::vector<ColumnVector>* batch);

  const std::vector<int>& columns() const { return options_.columns; }
  int row_groups_skipped() const { return skipped_; }
  int row_groups_read() const { return read_; }

 private:
  ParquetScanner(const FileReader* reader, ScanOptions options)
      : reader_(reader), options_(std::move(options)) {}
  Status OpenNextRowGroup(bool* opened);

  const FileReader* reader_;
  ScanOptions options_;
  int next_row_group_ = 0;
  int64_t rows_left_ = 0;
  std::vector<std::unique_ptr<ColumnChunkReader>> readers_;
  int skipped_ = 0;
  int read_ = 0;
};

}  // namespace floe::parquet
