// floe::query — the SQL engine: lexer and parser, binder and planner over
// Iceberg tables and Parquet files, and vectorized execution over columnar
// batches. This file: SQL types and single values.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "floe/base/status.h"

namespace floe::query {

// SQL types as DuckDB names them. Integers of every width are held as int64,
// doubles as double, timestamps as microseconds since the epoch (UTC), dates
// as days since the epoch, intervals as microseconds.
enum class DataType {
  kNull,
  kBoolean,
  kInteger,
  kBigint,
  kDouble,
  kVarchar,
  kTimestamp,
  kDate,
  kInterval
};

std::string_view TypeName(DataType t);
bool IsInteger(DataType t);  // INTEGER, BIGINT
bool IsNumeric(DataType t);  // INTEGER, BIGINT, DOUBLE
// Types held in the integer lane of a vector.
bool IsIntLike(DataType t);
// "INT", "BIGINT", "DOUBLE", "VARCHAR", ... (aliases included) → type.
Result<DataType> ParseTypeName(std::string_view name);

// One value of any type; `is_null` overrides the payload.
struct Value {
  DataType type = DataType::kNull;
  bool is_null = true;
  int64_t i = 0;
  double d = 0;
  std::string s;

  static Value Null(DataType t = DataType::kNull) { return Value{t, true, 0, 0, {}}; }
  static Value Bool(bool v) { return Value{DataType::kBoolean, false, v ? 1 : 0, 0, {}}; }
  static Value Int(int64_t v, DataType t = DataType::kBigint) { return Value{t, false, v, 0, {}}; }
  static Value Double(double v) { return Value{DataType::kDouble, false, 0, v, {}}; }
  static Value String(std::string v) {
    return Value{DataType::kVarchar, false, 0, 0, std::move(v)};
  }
};

// Text as DuckDB prints it: shortest round-trip doubles, "2024-01-31 13:45:00"
// timestamps (fraction only when non-zero), "NULL" for nulls.
std::string FormatValue(const Value& v);
std::string FormatDouble(double d);
std::string FormatTimestampMicros(int64_t micros);
std::string FormatInterval(int64_t micros);

// Casts between types with DuckDB's rules (string parsing, truncation toward
// the nearest for double → integer). InvalidArgument for text that does not parse.
Result<Value> CastValue(const Value& v, DataType to);

}  // namespace floe::query
