// floe::ingest — writes rows of one Iceberg table into Parquet data files, one
// open file per partition tuple of the table's default spec, and turns the
// closed files into DataFile entries ready for a commit.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "floe/base/status.h"
#include "floe/format/parquet/column_vector.h"
#include "floe/format/parquet/file_writer.h"
#include "floe/iceberg/manifest.h"
#include "floe/iceberg/table_metadata.h"
#include "floe/iceberg/value.h"
#include "floe/storage/file_io.h"

namespace floe::ingest {

class PartitionedWriter {
 public:
  // `metadata` must outlive the writer; files go to <location>/data/<uuid>.parquet
  // and are synced on close.
  PartitionedWriter(storage::FileIO* io, const iceberg::TableMetadata& metadata,
                    parquet::Schema parquet_schema, parquet::WriterOptions options = {});

  // Appends a batch (one vector per schema field, in order).
  Status Write(const std::vector<parquet::ColumnVector>& batch);
  // Closes every file; those with rows become data files of their partition,
  // empty ones are deleted.
  Result<std::vector<iceberg::DataFile>> Finish();
  // Closes and deletes every file written so far (after a failed commit that
  // cannot have referenced them, or a failed write).
  void Abandon();

 private:
  struct Open {
    std::vector<std::optional<iceberg::Literal>> partition;
    std::string path;
    std::unique_ptr<parquet::FileWriter> writer;
  };
  storage::FileIO* io_;
  const iceberg::TableMetadata& md_;
  parquet::Schema parquet_schema_;
  parquet::WriterOptions options_;
  std::map<std::string, Open> open_;
};

}  // namespace floe::ingest
