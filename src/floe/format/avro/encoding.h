// Avro binary encoding (spec "Binary Encoding"): int and long as zigzag
// varints, float/double little-endian, bytes/string as long length + bytes,
// unions as long branch index + value, arrays and maps as blocks of (count,
// items) ending with count 0 (a negative count is followed by the block's byte
// size), records as their fields in order, fixed as raw bytes.
//
// The Decoder treats its input as untrusted: every length and count is checked
// against the bytes that remain, nesting is limited, and a read past the end is
// DataLoss, never a crash.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "floe/format/avro/schema.h"
#include "floe/format/avro/value.h"

namespace floe::avro {

// Appends the encoding of `value` as node `node` of `schema` to *out. The value
// must have the node's shape (a union value for a union node, a record value
// with one child per field, …); otherwise InvalidArgument naming the field path,
// and *out may hold a partial encoding (callers that care truncate it).
Status EncodeValue(const AvroSchema& schema, int node, const AvroValue& value, std::string* out);
inline Status EncodeValue(const AvroSchema& schema, const AvroValue& value, std::string* out) {
  return EncodeValue(schema, schema.root(), value, out);
}

// Primitive writers (append to *out).
void WriteLong(int64_t v, std::string* out);
void WriteBytes(std::string_view v, std::string* out);  // also strings

// Deepest nesting of values (each record, field, union, array or map level
// counts) the encoder writes and, by default, the decoder reads. Above
// kMaxSchemaDepth so every non-recursive schema fits.
inline constexpr int kMaxValueDepth = 2 * kMaxSchemaDepth;

struct DecodeLimits {
  // Maximum nesting of values in one datum.
  int max_depth = kMaxValueDepth;
  // Items whose encoding may be empty (null, fixed(0), records of those) cannot
  // be bounded by the input size; at most this many are decoded per Decoder.
  int64_t max_empty_items = int64_t{1} << 20;
};

class Decoder {
 public:
  explicit Decoder(std::string_view data, DecodeLimits limits = {})
      : p_(reinterpret_cast<const uint8_t*>(data.data())),
        end_(p_ + data.size()),
        limits_(limits) {}

  size_t remaining() const { return static_cast<size_t>(end_ - p_); }
  const DecodeLimits& limits() const { return limits_; }

  // Each read fails with DataLoss on truncated or malformed input.
  Result<int64_t> ReadLong();
  Result<int32_t> ReadInt();   // DataLoss when the value is outside int32.
  Result<bool> ReadBoolean();  // The byte must be 0 or 1.
  Result<float> ReadFloat();
  Result<double> ReadDouble();
  Status ReadBytes(std::string* out);  // bytes and string
  Status ReadFixed(size_t n, std::string* out);
  Status Skip(uint64_t n);
  // An array/map block header: returns the item count (0 ends the sequence).
  // When the writer gave a negative count, *byte_size (if not null) receives the
  // block's byte size, else -1. A count is rejected unless each item needs at
  // least `min_item_bytes` and the count fits the remaining bytes; with
  // min_item_bytes == 0 the count is charged against max_empty_items.
  Result<int64_t> ReadBlockCount(int64_t min_item_bytes, int64_t* byte_size);

  // Depth bookkeeping for recursive decoders.
  Status Enter();
  void Leave() { --depth_; }

 private:
  const uint8_t* p_;
  const uint8_t* end_;
  DecodeLimits limits_;
  int depth_ = 0;
  int64_t empty_items_ = 0;
};

// Decodes one datum written as node `node` of `schema`.
Result<AvroValue> DecodeValue(const AvroSchema& schema, int node, Decoder* in);
inline Result<AvroValue> DecodeValue(const AvroSchema& schema, Decoder* in) {
  return DecodeValue(schema, schema.root(), in);
}

// Skips one datum written as node `node`, using block byte sizes when given.
Status SkipValue(const AvroSchema& schema, int node, Decoder* in);

// A lower bound on the encoded size of any datum of node `node` (0 for null,
// fixed(0) and records of such; 1 for ints, strings, unions, arrays, …).
int64_t MinEncodedSize(const AvroSchema& schema, int node);

}  // namespace floe::avro
