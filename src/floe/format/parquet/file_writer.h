// floe::parquet — a spec-exact Parquet writer and reader of our own (no Arrow in
// our package sources). FileWriter streams column batches into row groups
// bounded by bytes and returns per-column metrics for Iceberg manifests.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "floe/base/status.h"
#include "floe/format/parquet/column_vector.h"
#include "floe/format/parquet/compression.h"
#include "floe/format/parquet/schema.h"
#include "floe/format/parquet/writer_options.h"
#include "floe/storage/file_io.h"

namespace floe::parquet {

class ColumnWriter;

class FileWriter {
 public:
  // REQUIRES: schema.IsFlat() (nested columns are not written yet).
  static Result<std::unique_ptr<FileWriter>> Open(std::unique_ptr<storage::WritableFile> file,
                                                  Schema schema, WriterOptions options = {});
  ~FileWriter();

  // Appends rows: one vector per leaf column, in schema order, all the same
  // length, typed by the column's physical type. Required columns must have no
  // nulls; FIXED_LEN_BYTE_ARRAY values must have the column's length. Invalid
  // batches are rejected whole with InvalidArgument.
  Status WriteBatch(const std::vector<ColumnVector>& columns);
  // Closes the current row group now (a no-op when it is empty).
  Status FlushRowGroup();
  // Writes the footer and closes the file. The writer is unusable afterwards.
  Result<WriteResult> Close();

  const Schema& schema() const { return schema_; }
  int64_t num_rows() const { return rows_written_ + rows_buffered_; }
  // Bytes written to the file so far plus the open row group's estimate.
  int64_t EstimatedFileSize() const;

 private:
  FileWriter(std::unique_ptr<storage::WritableFile> file, Schema schema, WriterOptions options,
             std::unique_ptr<Compressor> compressor);
  Status Validate(const std::vector<ColumnVector>& columns) const;
  int64_t BufferedBytes() const;

  std::unique_ptr<storage::WritableFile> file_;
  Schema schema_;
  WriterOptions options_;
  std::unique_ptr<Compressor> compressor_;
  std::vector<std::unique_ptr<ColumnWriter>> columns_;
  FileMetaData metadata_;
  int64_t rows_written_ = 0;
  int64_t rows_buffered_ = 0;
  bool closed_ = false;
  std::string chunk_buffer_;
};

}  // namespace floe::parquet
