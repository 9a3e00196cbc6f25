// Reads Parquet files written by floe and by other writers: footer and schema,
// column chunks decoded page by page into ColumnVectors. Every size and offset
// read from the file is checked; corrupt input is a DataLoss error naming the
// problem, never a crash or an out-of-bounds read.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "floe/base/status.h"
#include "floe/format/parquet/column_vector.h"
#include "floe/format/parquet/compression.h"
#include "floe/format/parquet/metadata.h"
#include "floe/format/parquet/rle.h"
#include "floe/format/parquet/schema.h"
#include "floe/storage/file_io.h"

namespace floe::parquet {

class ColumnChunkReader;

class FileReader {
 public:
  static Result<std::unique_ptr<FileReader>> Open(std::shared_ptr<storage::RandomAccessFile> file);

  const FileMetaData& metadata() const { return metadata_; }
  const Schema& schema() const { return schema_; }
  int num_row_groups() const { return static_cast<int>(metadata_.row_groups.size()); }
  int64_t num_rows() const { return metadata_.num_rows; }
  int64_t file_size() const { return file_->Size(); }

  // Opens leaf column `column` of row group `row_group` for streaming reads.
  Result<std::unique_ptr<ColumnChunkReader>> OpenColumn(int row_group, int column) const;
  // Replaces *out with the whole column chunk.
  Status ReadColumn(int row_group, int column, ColumnVector* out) const;
  // For a BYTE_ARRAY column chunk whose data pages are all dictionary-encoded:
  // *dictionary gets the dictionary and *codes (INT32) each row's index into
  // it (0 where the row is null). False, with nothing read, when the chunk
  // has no dictionary or a page that is not dictionary-encoded.
  Result<bool> ReadColumnCodes(int row_group, int column, ColumnVector* codes,
                               ColumnVector* dictionary) const;

 private:
  FileReader(std::shared_ptr<storage::RandomAccessFile> file, FileMetaData md, Schema schema)
      : file_(std::move(file)), metadata_(std::move(md)), schema_(std::move(schema)) {}

  std::shared_ptr<storage::RandomAccessFile> file_;
  FileMetaData metadata_;
  Schema schema_;
};

class ColumnChunkReader {
 public:
  ColumnChunkReader(ColumnDescriptor desc, std::string chunk, int64_t num_rows,
                    std::unique_ptr<Decompressor> decompressor);

  // Codes mode (before the first Next): rows come out as INT32 dictionary
  // indices; a page that is not dictionary-encoded fails with kNotDictionary.
  static constexpr char kNotDictionary[] = "page is not dictionary-encoded";
  void ReadCodes();
  const ColumnVector& dictionary() const { return dictionary_; }

  // Appends up to `max_rows` rows to *out (of the column's physical type) and
  // returns how many it appended; 0 means the chunk is exhausted.
  Result<int64_t> Next(int64_t max_rows, ColumnVector* out);

 private:
  Status LoadPage(bool* loaded);
  Status DecodeDataPage(const PageHeader& h, std::string_view body);
  // True when the definition levels say every one of `num_values` is present.
  bool AllDefined(std::string_view levels, int64_t num_values) const;
  Status DecodeValues(Encoding encoding, std::string_view in, int64_t count, ColumnVector* dense);
  Status DecodeDictionaryPage(const PageHeader& h, std::string_view body);
  // Pages of numbers without nulls are decoded on demand, straight into the
  // caller's vector, instead of through the staging page.
  bool StartLazyPage(Encoding encoding, std::string_view values, int64_t num_values);
  Status DecodeLazy(int64_t n, ColumnVector* out);

  ColumnDescriptor desc_;
  std::string chunk_;
  size_t pos_ = 0;
  int64_t rows_left_;
  std::unique_ptr<Decompressor> decompressor_;
  bool has_dictionary_ = false;
  bool codes_ = false;
  ColumnVector dictionary_;
  ColumnVector page_;
  int64_t page_pos_ = 0;
  ColumnVector dense_;
  enum class Lazy { kNone, kDictionary, kPlain };
  Lazy lazy_ = Lazy::kNone;
  int64_t lazy_left_ = 0;
  RleDecoder lazy_indices_;
  const char* lazy_plain_ = nullptr;
  std::string decompressed_;
  std::vector<uint8_t> levels_;
  std::vector<uint32_t> indices_;
};

}  // namespace floe::parquet
