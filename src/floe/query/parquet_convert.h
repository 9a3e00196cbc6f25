// Conversions between Parquet columns and query vectors: the SQL type of a
// Parquet column, a decoded ColumnVector as a Vector, and scan filters as
// Parquet statistics predicates.
#pragma once

#include <optional>

#include "floe/format/parquet/column_vector.h"
#include "floe/format/parquet/scan.h"
#include "floe/format/parquet/schema.h"
#include "floe/query/table_source.h"

namespace floe::query {

// The SQL type a Parquet leaf column reads as; nullopt for unsupported ones.
std::optional<DataType> SqlTypeOf(const parquet::ColumnDescriptor& column);

// `v` (decoded from `column`) as a vector of `type` = SqlTypeOf(column).
Vector FromColumnVector(const parquet::ColumnDescriptor& column, DataType type,
                        parquet::ColumnVector v);

// The statistics predicates `filter` implies on leaf column `leaf`; empty when
// the literal cannot be expressed exactly in the column's physical type.
std::vector<parquet::ColumnPredicate> ToParquetPredicates(const ScanFilter& filter,
                                                          const parquet::ColumnDescriptor& column,
                                                          int leaf);

}  // namespace floe::query
