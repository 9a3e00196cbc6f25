// Little-endian fixed-width, LEB128 varint and zigzag coding. Encoders append to a
// std::string; decoders read from a bounded span and report failure instead of
// reading past its end.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace floe {

static_assert(std::endian::native == std::endian::little,
              "fixed-width coding copies host bytes; only little-endian hosts are supported");

inline void PutFixed32(std::string* dst, uint32_t v) {
  char buf[4];
  std::memcpy(buf, &v, 4);
  dst->append(buf, 4);
}
inline void PutFixed64(std::string* dst, uint64_t v) {
  char buf[8];
  std::memcpy(buf, &v, 8);
  dst->append(buf, 8);
}
// REQUIRES: p points at 4 (DecodeFixed32) or 8 (DecodeFixed64) readable bytes.
inline uint32_t DecodeFixed32(const uint8_t* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}
inline uint64_t DecodeFixed64(const uint8_t* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

inline void PutVarint64(std::string* dst, uint64_t v) {
  char buf[10];
  int n = 0;
  while (v >= 0x80) {
    buf[n++] = static_cast<char>(v | 0x80);
    v >>= 7;
  }
  buf[n++] = static_cast<char>(v);
  dst->append(buf, n);
}
inline void PutVarint32(std::string* dst, uint32_t v) { PutVarint64(dst, v); }

inline uint64_t ZigZagEncode64(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}
inline int64_t ZigZagDecode64(uint64_t v) {
  return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
}
inline uint32_t ZigZagEncode32(int32_t v) {
  return (static_cast<uint32_t>(v) << 1) ^ static_cast<uint32_t>(v >> 31);
}
inline int32_t ZigZagDecode32(uint32_t v) {
  return static_cast<int32_t>(v >> 1) ^ -static_cast<int32_t>(v & 1);
}

// Decodes a varint from [*p, end). On success advances *p past it and returns true.
// Returns false, leaving *p unchanged, when the encoding is truncated, longer than
// 10 bytes, or encodes a value above UINT64_MAX (a 10th byte other than 0 or 1).
// Non-minimal encodings within 10 bytes (for example 0x80 0x00) are accepted.
inline bool GetVarint64(const uint8_t** p, const uint8_t* end, uint64_t* out) {
  const uint8_t* q = *p;
  uint64_t result = 0;
  for (int shift = 0; shift <= 63 && q < end; shift += 7) {
    uint8_t byte = *q++;
    if (shift == 63 && byte > 1) return false;
    result |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) {
      *out = result;
      *p = q;
      return true;
    }
  }
  return false;
}

// As GetVarint64, but also fails (leaving *p unchanged) when the value exceeds
// UINT32_MAX, so a corrupt length cannot silently wrap.
inline bool GetVarint32(const uint8_t** p, const uint8_t* end, uint32_t* out) {
  const uint8_t* q = *p;
  uint64_t v;
  if (!GetVarint64(&q, end, &v) || v > UINT32_MAX) return false;
  *out = static_cast<uint32_t>(v);
  *p = q;
  return true;
}

}  // namespace floe
