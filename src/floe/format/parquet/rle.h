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

// A resumable decoder of the hybrid encoding: each call continues where the
// last one stopped, so a page can be decoded a batch at a time.
class RleDecoder {
 public:
  RleDecoder() = default;
  static Result<RleDecoder> Make(std::string_view in, int width);

  // Decodes the next `n` values into out[0..n).
  Status Decode(size_t n, uint32_t* out);
  // Decodes the next `n` dictionary indices, writing dict[index] to out[0..n).
  template <typename T>
  Status DecodeGather(size_t n, const T* dict, size_t dict_size, T* out);
  // Decodes the next `n` values through sink.Put(i, v) / sink.Fill(i, count, v).
  // Defined in rle.cc, for the sinks declared there.
  template <typename Sink>
  Status DecodeWith(size_t n, Sink& sink);
  // Bytes of the input consumed by the runs started so far.
  size_t position() const { return static_cast<size_t>(p_ - begin_); }

 private:
  Status NextRun();

  const uint8_t* begin_ = nullptr;
  const uint8_t* p_ = nullptr;
  const uint8_t* end_ = nullptr;
  int width_ = 0;
  uint64_t mask_ = 0;
  bool packed_ = false;
  size_t run_left_ = 0;
  uint32_t value_ = 0;
  const uint8_t* run_data_ = nullptr;
  size_t run_avail_ = 0;
  size_t bitpos_ = 0;
};

// Decodes `n` dictionary indices and writes dict[index] to out[0..n). An index
// at or past `dict_size` is a DataLoss error. Instantiated for uint8_t (booleans),
// int32_t, int64_t, float and double.
template <typename T>
Status RleDictionaryDecode(std::string_view in, int width, size_t n, const T* dict, size_t dict_size,
                           T* out);

}  // namespace floe::parquet
