// Splits a batch of rows (columns in the table schema's Parquet layout) by
// partition: each row's partition tuple is the spec's transforms applied to
// its source columns, and rows with equal tuples go to the same output batch.
#pragma once

#include <optional>
#include <vector>

#include "floe/format/parquet/column_vector.h"
#include "floe/format/parquet/schema.h"
#include "floe/iceberg/partition_spec.h"
#include "floe/iceberg/schema.h"

namespace floe::iceberg {

struct PartitionedBatch {
  std::vector<std::optional<Literal>> partition;
  std::vector<parquet::ColumnVector> columns;
};

// REQUIRES: `columns` line up with ToParquetSchema(schema) (top-level fields).
Result<std::vector<PartitionedBatch>> SplitByPartition(const Schema& schema, const PartitionSpec& spec,
                                                       const std::vector<parquet::ColumnVector>& columns);

// The value at `row` of a column holding Iceberg type `type` in floe's Parquet
// layout, or nullopt for null.
std::optional<Literal> LiteralAt(const PrimitiveType& type, const parquet::ColumnVector& column, int64_t row);

}  // namespace floe::iceberg
