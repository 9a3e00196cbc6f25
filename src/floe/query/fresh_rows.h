// Fresh reads: rows a live delivery stream has acknowledged but not yet
// committed, read beside the table's committed snapshot.
//
// A capture is taken before the table's metadata is loaded; once it is, the
// capture keeps only what that snapshot does not hold yet. Every buffered
// batch is then either in the snapshot or in the result, never both.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "floe/format/parquet/column_vector.h"
#include "floe/format/parquet/schema.h"
#include "floe/iceberg/table_metadata.h"
#include "floe/query/table_source.h"

namespace floe::query {

// Buffered rows in Parquet column layout; the schema's leaves carry the
// Iceberg field ids the rows were converted for.
struct FreshBatch {
  std::shared_ptr<const parquet::Schema> schema;
  std::vector<parquet::ColumnVector> columns;  // one per leaf
  int64_t rows = 0;
};

// Given the metadata loaded after the capture, the captured rows it does not hold.
using FreshSelect = std::function<std::vector<FreshBatch>(const iceberg::TableMetadata&)>;

class FreshRowsProvider {
 public:
  virtual ~FreshRowsProvider() = default;
  // What is buffered for the table now; nullptr when nothing could be.
  virtual FreshSelect Capture(const std::string& bucket, const std::string& ns,
                              const std::string& table) = 0;
};

// A table's committed rows (from `committed`) followed by its fresh ones.
// `field_ids` gives the Iceberg field id of each of `committed`'s columns.
class FreshSource : public TableSource {
 public:
  FreshSource(std::unique_ptr<TableSource> committed, std::vector<int32_t> field_ids,
              std::vector<FreshBatch> fresh);

  const std::vector<SourceColumn>& columns() const override { return committed_->columns(); }
  Status Open(const std::vector<bool>& needed, const std::vector<ScanFilter>& filters) override;
  Result<bool> Next(Chunk* out) override;
  Status Push(int threads, const Sink& sink) override;
  std::string Describe() const override;

 private:
  // The next slice of the fresh batches; false after the last.
  bool NextFresh(Chunk* out);
  std::unique_ptr<TableSource> committed_;
  std::vector<int32_t> field_ids_;
  std::vector<FreshBatch> fresh_;
  std::vector<bool> needed_;
  bool committed_done_ = false;
  size_t batch_ = 0;
  int64_t offset_ = 0;  // next row of fresh_[batch_]
  int64_t fresh_rows_ = 0;
};

}  // namespace floe::query
