// Renders Parquet values as JSON text for `floe parquet cat` and `meta`:
// logical types honoured (dates, times and timestamps in ISO-8601, decimals as
// exact strings, UUIDs canonical, binary as base64), int64 exact, doubles in
// shortest round-trip form, non-finite floats as "NaN"/"Infinity"/"-Infinity".
#pragma once

#include <string>
#include <string_view>

#include "floe/format/parquet/column_vector.h"
#include "floe/format/parquet/schema.h"

namespace floe::app {

// Appends value `row` of `column` (described by `desc`) as JSON to *out.
void AppendValueJson(const parquet::ColumnDescriptor& desc, const parquet::ColumnVector& column,
                     int64_t row, std::string* out);
// Renders a PLAIN-encoded statistics value the same way (without JSON quoting
// for text), for `floe parquet meta`.
std::string StatValueText(const parquet::ColumnDescriptor& desc, std::string_view encoded);
// Appends `s` as a JSON string literal; invalid UTF-8 becomes U+FFFD.
void AppendJsonString(std::string_view s, std::string* out);

}  // namespace floe::app
