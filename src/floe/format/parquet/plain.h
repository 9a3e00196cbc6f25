// PLAIN encoding (Encodings.md) between ColumnVector values and bytes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "floe/base/status.h"
#include "floe/format/parquet/column_vector.h"

namespace floe::parquet {

// Appends the PLAIN encoding of the present values among rows
// [offset, offset + count) of `v` to *out. Booleans are not handled here (they
// are bit-packed by the caller).
void PlainEncode(const ColumnVector& v, int64_t offset, int64_t count, std::string* out);

// Decodes `count` PLAIN values of v->type from `in`, appending them to *v as
// present values (validity untouched). `type_length` is the FIXED_LEN_BYTE_ARRAY
// width. Returns the bytes consumed; truncated input is a DataLoss error.
Result<size_t> PlainDecode(std::string_view in, int64_t count, int32_t type_length,
                           ColumnVector* v);

}  // namespace floe::parquet
