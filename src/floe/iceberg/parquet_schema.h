// Maps an Iceberg schema onto a Parquet schema as the spec's Appendix A says:
// field ids on every node that has an Iceberg id, INT64 microsecond timestamps
// with both annotations, decimals in INT32/INT64/FIXED by precision, lists and
// maps in the 3-level form (`<rep> group name (LIST) { repeated group list {
// <rep> element } }`, `<rep> group name (MAP) { repeated group key_value {
// required key; <rep> value } }`) with ids on the list/map group, element, key
// and value but not on the repeated groups. parquet::FileWriter writes flat
// schemas only and rejects the nested ones.
#pragma once

#include "floe/format/parquet/schema.h"
#include "floe/iceberg/schema.h"

namespace floe::iceberg {

Result<parquet::Schema> ToParquetSchema(const Schema& schema);
parquet::Node ToParquetNode(const NestedField& field);

}  // namespace floe::iceberg
