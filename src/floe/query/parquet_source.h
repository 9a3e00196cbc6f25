// Reading Parquet files for scans: one file's row groups as batches (with
// row-group skipping by statistics), and the read_parquet('glob') source.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "floe/format/parquet/file_reader.h"
#include "floe/query/parallel_reader.h"
#include "floe/query/table_source.h"
#include "floe/storage/file_io.h"

namespace floe::query {

struct ScanCounters {
  std::atomic<int64_t> files{0};
  std::atomic<int64_t> row_groups{0};
  std::atomic<int64_t> row_groups_skipped{0};
  std::atomic<int64_t> rows{0};
};

Result<std::unique_ptr<parquet::FileReader>> OpenParquetFile(storage::FileIO* io,
                                                             const std::string& path);

// Reads every row group of `reader` that the filters (and the top-N bound,
// once set) do not rule out.
// `leaves[k]` is the leaf column holding source column k (−1: not read; the
// batch then has an empty vector there); `types[k]` its SQL type. Filters
// name source columns.
Status ReadRowGroups(const parquet::FileReader& reader, const std::vector<int>& leaves,
                     const std::vector<DataType>& types, const std::vector<ScanFilter>& filters,
                     ScanCounters* counters, const ParallelReader::Emit& emit,
                     const TopNBound* bound = nullptr);

// Top-level leaf columns by name, in order; nested columns are skipped.
std::vector<SourceColumn> ParquetColumns(const parquet::Schema& schema);

// Files matching `pattern` (a path, or a glob with * ? [..] in its last component).
Result<std::vector<std::string>> ExpandGlob(storage::FileIO* io, const std::string& pattern);

class ParquetSource : public TableSource {
 public:
  // NotFound when no file matches.
  static Result<std::unique_ptr<ParquetSource>> Make(storage::FileIO* io, std::string pattern,
                                                     int threads);

  const std::vector<SourceColumn>& columns() const override { return columns_; }
  Status Open(const std::vector<bool>& needed, const std::vector<ScanFilter>& filters) override;
  Result<bool> Next(Chunk* out) override;
  Status Push(int threads, const Sink& sink) override { return reader_->Push(threads, sink); }
  std::string Describe() const override;

 private:
  ParquetSource(storage::FileIO* io, std::string pattern, std::vector<std::string> files,
                std::vector<SourceColumn> columns, int threads)
      : io_(io),
        pattern_(std::move(pattern)),
        files_(std::move(files)),
        columns_(std::move(columns)),
        threads_(threads) {}

  storage::FileIO* io_;
  std::string pattern_;
  std::vector<std::string> files_;
  std::vector<SourceColumn> columns_;
  int threads_;
  std::vector<bool> needed_;
  std::vector<ScanFilter> filters_;
  ScanCounters counters_;
  std::unique_ptr<ParallelReader> reader_;
};

}  // namespace floe::query
