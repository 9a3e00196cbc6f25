// Decoders for the encodings floe reads but does not write (Encodings.md):
// DELTA_BINARY_PACKED, DELTA_LENGTH_BYTE_ARRAY, DELTA_BYTE_ARRAY and
// BYTE_STREAM_SPLIT. Each decodes exactly `count` values from `in` and never
// reads out of bounds: truncated or corrupt input is a DataLoss error.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "floe/base/status.h"

namespace floe::parquet {

// Append `count` decoded values to *out; return the number of bytes of `in` used.
Result<size_t> DecodeDeltaBinaryPacked32(std::string_view in, int64_t count,
                                         std::vector<int32_t>* out);
Result<size_t> DecodeDeltaBinaryPacked64(std::string_view in, int64_t count,
                                         std::vector<int64_t>* out);
// Byte arrays are appended as ColumnVector stores them: value bytes appended to
// *bytes and the new end offset pushed onto *offsets.
Result<size_t> DecodeDeltaLengthByteArray(std::string_view in, int64_t count,
                                          std::vector<uint32_t>* offsets, std::string* bytes);
Result<size_t> DecodeDeltaByteArray(std::string_view in, int64_t count,
                                    std::vector<uint32_t>* offsets, std::string* bytes);
// BYTE_STREAM_SPLIT for values `width` bytes wide (4 for FLOAT/INT32, 8 for
// DOUBLE/INT64, N for FIXED_LEN_BYTE_ARRAY): writes count * width bytes to out.
// `in` must hold exactly count * width bytes.
Status DecodeByteStreamSplit(std::string_view in, int64_t count, int width, uint8_t* out);

}  // namespace floe::parquet
