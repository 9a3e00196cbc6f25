// Scans of Iceberg tables: the selected snapshot's schema as columns, scan
// filters pushed into iceberg::PlanScan (manifests and files pruned by
// partition values and column bounds), files read in parallel — row groups
// skipped by Parquet statistics when a file can be read directly, through
// iceberg::ReadTable (deletes, evolved or missing columns) otherwise.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "floe/iceberg/scan.h"
#include "floe/iceberg/table_metadata.h"
#include "floe/query/parquet_source.h"

namespace floe::query {

// The SQL type of an Iceberg column; nullopt for nested types.
std::optional<DataType> SqlTypeOf(const iceberg::Type& type);

class IcebergSource : public TableSource {
 public:
  // `request` selects the snapshot (time travel); its filter is ignored.
  // NotFound for an unknown snapshot.
  static Result<std::unique_ptr<IcebergSource>> Make(storage::FileIO* io, std::string name,
                                                     iceberg::TableMetadata metadata,
                                                     iceberg::ScanRequest request, int threads);

  const std::vector<SourceColumn>& columns() const override { return columns_; }
  // The Iceberg field id of each column.
  const std::vector<int32_t>& field_ids() const { return field_ids_; }
  Status Open(const std::vector<bool>& needed, const std::vector<ScanFilter>& filters) override;
  // Files are then read best-first by the key's bounds, and skipped once the
  // bound says none of their rows can enter the top-N.
  void SetTopNBound(std::shared_ptr<TopNBound> bound) override { bound_ = std::move(bound); }
  Result<bool> Next(Chunk* out) override;
  Status Push(int threads, const Sink& sink) override { return reader_->Push(threads, sink); }
  std::string Describe() const override;

 private:
  IcebergSource(storage::FileIO* io, std::string name, iceberg::TableMetadata metadata,
                iceberg::ScanRequest request, int threads)
      : io_(io),
        name_(std::move(name)),
        metadata_(std::move(metadata)),
        request_(std::move(request)),
        threads_(threads) {}
  Status ReadTask(size_t item, const ParallelReader::Emit& emit);
  // Reads a file without deletes straight from Parquet; false when its
  // columns need ReadTable's conversions.
  Result<bool> ReadDirect(const iceberg::FileScanTask& task, const ParallelReader::Emit& emit);

  storage::FileIO* io_;
  std::string name_;
  iceberg::TableMetadata metadata_;
  iceberg::ScanRequest request_;
  int threads_;
  const iceberg::Schema* schema_ = nullptr;
  std::vector<SourceColumn> columns_;
  std::vector<int32_t> field_ids_;  // per column
  std::vector<bool> needed_;
  std::vector<ScanFilter> filters_;
  iceberg::ScanPlan plan_;
  ScanCounters counters_;
  std::unique_ptr<ParallelReader> reader_;
  std::shared_ptr<TopNBound> bound_;
  std::atomic<int64_t> files_skipped_by_top_n_{0};
};

}  // namespace floe::query
