// Reads the rows of a scan plan: each data file's columns matched to the
// table schema by field id (by name when the file has no ids), converted to
// the schema's types (int→long, float→double promotions, decimals and
// timestamps normalized), columns missing from a file filled from identity
// partition values or nulls, and position and equality deletes applied.
#pragma once

#include <functional>
#include <vector>

#include "floe/format/parquet/column_vector.h"
#include "floe/format/parquet/schema.h"
#include "floe/iceberg/scan.h"
#include "floe/storage/file_io.h"

namespace floe::iceberg {

struct TableReadResult {
  // The projected columns, in the order of `field_ids`, as the Parquet schema
  // floe would write them (ToParquetSchema of the projection).
  parquet::Schema output_schema;
  int64_t rows = 0;
  int64_t deleted_rows = 0;
};

// Calls `sink` with batches (one vector per projected field). `field_ids`
// empty means every top-level primitive field of the plan's schema.
Result<TableReadResult> ReadTable(storage::FileIO* io, const TableMetadata& metadata, const ScanPlan& plan,
                                  std::vector<int32_t> field_ids,
                                  const std::function<Status(const std::vector<parquet::ColumnVector>&)>& sink);

}  // namespace floe::iceberg
