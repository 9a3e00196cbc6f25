// Maps an Iceberg schema onto a Parquet schema as the spec's Appendix A says:
// field ids on every column, INT64 microsecond timestamps with both annotations,
// decimals in INT32/INT64/FIXED by precision.
#pragma once

#include "floe/format/parquet/schema.h"
#include "floe/iceberg/schema.h"

namespace floe::iceberg {

Result<parquet::Schema> ToParquetSchema(const Schema& schema);
parquet::Node ToParquetNode(const NestedField& field);

}  // namespace floe::iceberg
