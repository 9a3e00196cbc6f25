// Printing query results: an aligned text table, CSV (RFC 4180), a JSON array
// of objects, or newline-delimited JSON objects.
#pragma once

#include <string>

#include "floe/iceberg/json.h"
#include "floe/query/engine.h"

namespace floe::query {

using Json = iceberg::Json;

enum class OutputFormat { kTable, kCsv, kJson, kNdjson };

Result<OutputFormat> ParseOutputFormat(const std::string& name);

std::string FormatResult(const QueryResult& result, OutputFormat format);

// One value as JSON: numbers as numbers (non-finite doubles as null), booleans,
// strings; timestamps and dates as their text.
Json ValueToJson(const Value& v);

}  // namespace floe::query
