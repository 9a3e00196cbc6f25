// floe::ingest — the ingestion path: Firehose records in, Iceberg commits out.
// This file: converting one JSON record into column values by the destination
// table's Iceberg schema, as Amazon Data Firehose does for Iceberg tables:
// top-level keys map to columns by name (case-sensitive), unknown keys are
// ignored, missing or null optional columns become null, and a type mismatch
// or a missing required column fails the record.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "floe/base/status.h"
#include "floe/format/parquet/column_vector.h"
#include "floe/format/parquet/schema.h"
#include "floe/iceberg/schema.h"

namespace floe::ingest {

class RecordConverter {
 public:
  static Result<RecordConverter> Make(iceberg::Schema schema);

  const iceberg::Schema& schema() const { return schema_; }
  const parquet::Schema& parquet_schema() const { return parquet_schema_; }
  // Empty column vectors, one per field, typed for parquet::FileWriter.
  std::vector<parquet::ColumnVector> NewBatch() const;

  // Appends the record's values as one row of `batch`. A record that does not
  // fit the schema appends nothing and returns InvalidArgument naming the field
  // and the problem.
  Status Append(std::string_view record, std::vector<parquet::ColumnVector>* batch) const;

 private:
  RecordConverter(iceberg::Schema schema, parquet::Schema parquet_schema)
      : schema_(std::move(schema)), parquet_schema_(std::move(parquet_schema)) {}
  // The full JSON parser's path (nested values, and the precise error messages).
  Status AppendParsed(std::string_view record, std::vector<parquet::ColumnVector>* batch) const;

  struct NameHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  iceberg::Schema schema_;
  parquet::Schema parquet_schema_;
  std::unordered_map<std::string, int, NameHash, std::equal_to<>> field_index_;
};

// Parses decimal text ("-12.30", "1e3") into its unscaled value at `scale`,
// rejecting values with more fractional digits than `scale` or more than
// `precision` digits in all.
Result<__int128> ParseDecimal(std::string_view text, int precision, int scale);
// Formats an unscaled decimal value with exactly `scale` fractional digits.
std::string FormatDecimal(__int128 unscaled, int scale);

}  // namespace floe::ingest
