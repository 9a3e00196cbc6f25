// Options and results of writing a Parquet file.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "floe/format/parquet/metadata.h"

namespace floe::parquet {

inline constexpr char kCreatedBy[] = "floe version 0.1.0 (build release)";

struct WriterOptions {
  Codec codec = Codec::kSnappy;
  int compression_level = 0;  // ZSTD level; 0 = the codec's default
  bool dictionary = true;
  // A column chunk falls back from dictionary to PLAIN once its dictionary's
  // PLAIN size passes this.
  int64_t dictionary_page_bytes = 1 << 20;
  // A data page is closed once its encoded values and levels reach this.
  int64_t page_bytes = 1 << 20;
  // A row group is closed once its buffered, encoded column chunks reach this.
  int64_t row_group_bytes = 128ll << 20;
  // ...or once it holds this many rows (DuckDB's default): readers can then
  // stop early (LIMIT), skip more by statistics, and split work across threads.
  int64_t row_group_rows = 122880;
  // Fsync the file before Close() returns.
  bool sync_on_close = false;
  std::vector<KeyValue> key_value_metadata;
};

// What Iceberg needs for a manifest entry, per leaf column, over the whole file.
struct ColumnMetrics {
  int64_t value_count = 0;  // including nulls
  int64_t null_count = 0;
  int64_t nan_count = 0;
  int64_t compressed_size = 0;    // sum of the chunks' total_compressed_size
  int64_t uncompressed_size = 0;  // sum of the chunks' total_uncompressed_size
  // Lower and upper bound in Parquet's PLAIN statistics encoding (no length
  // prefix); absent when every value is null or NaN.
  std::optional<std::string> min;
  std::optional<std::string> max;
};

struct WriteResult {
  int64_t file_size = 0;
  int64_t num_rows = 0;
  int num_row_groups = 0;
  // File offset of each row group's first page (Iceberg's split_offsets).
  std::vector<int64_t> row_group_offsets;
  std::vector<ColumnMetrics> columns;
};

}  // namespace floe::parquet
