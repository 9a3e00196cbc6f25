// The RLE / bit-packed hybrid encoding (Encodings.md) used for definition and
// repetition levels, dictionary indices and RLE booleans, plus LSB-first bit
// packing. The decoder is bounds-checked: corrupt input is an error, not a crash.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "floe/base/status.h"

namespace floe::parquet {

// Number of bits needed to represent max_value (0 for 0).
int BitWidth(uint64_t max_value);

// Appends `n` values, each `width` bits (0..32), LSB-first to *out. The output
// is padded to whole bytes.
void BitPack(const uint32_t* values, size_t n, int width, std::string* out);

// Appends the hybrid encoding of values[0..n) at `width` bits to *out (no length
// prefix). Long runs of equal values become RLE runs; the rest bit-packed runs.
void RleHybridEncode(const uint32_t* values, size_t n, int width, std::string* out);
// The same for byte-sized values (definition levels).
void RleHybridEncodeBytes(const uint8_t* values, size_t n, int width, std::string* out);

// Decodes exactly `n` values of `width` bits (0..32) from `in` into out[0..n).
// Sets *consumed to the bytes used when non-null.
Status RleHybridDecode(std::string_view in, int width, size_t n, uint32_t* out,
                       size_t* consumed = nullptr);
Status RleHybridDecodeBytes(std::string_view in, int width, size_t n, uint8_t* out,
                            size_t* consumed = nullptr);

}  // namespace floe::parquet
