// Encodes one leaf column of a flat schema into a column chunk: definition
// levels (RLE hybrid), values as RLE_DICTIONARY with a PLAIN dictionary page, or
// PLAIN after a fallback, pages bounded by bytes, chunk statistics. Internal to
// FileWriter.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "floe/format/parquet/column_vector.h"
#include "floe/format/parquet/compression.h"
#include "floe/format/parquet/schema.h"
#include "floe/format/parquet/writer_options.h"

namespace floe::parquet {

class ValueStats;
class DictionaryEncoder;

class ColumnWriter {
 public:
  ColumnWriter(const ColumnDescriptor& desc, const WriterOptions& options, Compressor* compressor);
  ~ColumnWriter();

  // Appends rows [offset, offset + count) of `v` (already validated by the caller).
  void Append(const ColumnVector& v, int64_t offset, int64_t count);
  // Bytes this chunk would take if finished now (before compressing the open page).
  int64_t EstimatedBytes() const;
  // Closes the chunk: appends its pages to *out, which begins at `file_offset`
  // in the file, fills *chunk and folds the chunk into the file metrics.
  Status Finish(int64_t file_offset, std::string* out, ColumnChunk* chunk);
  const ColumnMetrics& metrics() const { return metrics_; }

 private:
  void AppendStep(const ColumnVector& v, int64_t offset, int64_t count);
  void AppendLevels(const ColumnVector& v, int64_t offset, int64_t count);
  void AppendPlain(const ColumnVector& v, int64_t offset, int64_t count);
  void AppendDictionary(const ColumnVector& v, int64_t offset, int64_t count);
  Status FlushPage();
  // Turns the open page's indices into PLAIN values and drops the dictionary;
  // only valid before any dictionary page has been flushed.
  void ConvertPageToPlain();
  Status WritePage(PageType type, Encoding encoding, int32_t num_values, std::string* body,
                   std::string* out);
  void ResetChunk();
  int64_t PageBytes() const;

  ColumnDescriptor desc_;
  const WriterOptions& options_;
  Compressor* compressor_;

  // Open page.
  std::vector<uint8_t> levels_;
  std::vector<uint32_t> indices_;  // dictionary indices, or booleans
  std::string plain_;
  int32_t page_values_ = 0;  // including nulls
  int64_t page_raw_bytes_ = 0;  // PLAIN size of the page's present values

  // Open chunk.
  bool use_dictionary_ = false;
  int dict_pages_flushed_ = 0;
  std::unique_ptr<DictionaryEncoder> dict_;
  std::unique_ptr<ValueStats> stats_;
  std::string pages_;  // finished data pages, headers included
  int64_t chunk_values_ = 0;
  int64_t chunk_nulls_ = 0;
  int64_t chunk_uncompressed_ = 0;
  int32_t dict_data_pages_ = 0;
  int32_t plain_data_pages_ = 0;

  std::string scratch_;
  std::string compressed_;
  ColumnMetrics metrics_;
};

}  // namespace floe::parquet
