#include "floe/format/parquet/rle.h"

#include <cstring>

#include "floe/base/coding.h"

namespace floe::parquet {
namespace {

template <typename T>
void BitPackT(const T* values, size_t n, int width, std::string* out) {
  if (width == 0 || n == 0) return;
  size_t start = out->size();
  out->resize(start + (n * static_cast<size_t>(width) + 7) / 8);
  uint8_t* dst = reinterpret_cast<uint8_t*>(out->data()) + start;
  uint64_t acc = 0;
  int bits = 0;
  for (size_t i = 0; i < n; ++i) {
    acc |= static_cast<uint64_t>(values[i]) << bits;
    bits += width;
    while (bits >= 8) {
      *dst++ = static_cast<uint8_t>(acc);
      acc >>= 8;
      bits -= 8;
    }
  }
  if (bits > 0) *dst = static_cast<uint8_t>(acc);
}

template <typename T>
void PutBitPackedRun(const T* values, size_t n, int width, std::string* out) {
  size_t groups = (n + 7) / 8;
  PutVarint64(out, (static_cast<uint64_t>(groups) << 1) | 1);
  if (n % 8 == 0) {
    BitPackT(values, n, width, out);
  } else {
    T padded[8] = {};
    size_t full = n / 8 * 8;
    BitPackT(values, full, width, out);
    std::memcpy(padded, values + full, (n - full) * sizeof(T));
    BitPackT(padded, 8, width, out);
  }
}

template <typename T>
void PutRleRun(T value, size_t count, int width, std::string* out) {
  PutVarint64(out, static_cast<uint64_t>(count) << 1);
  int bytes = (width + 7) / 8;
  uint32_t v = static_cast<uint32_t>(value);
  for (int i = 0; i < bytes; ++i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

// Runs of 8 or more equal values become RLE runs; literals between them are
// bit-packed in groups of 8, borrowing from the next run to fill a group.
template <typename T>
void EncodeT(const T* v, size_t n, int width, std::string* out) {
  size_t literal_start = 0;
  size_t i = 0;
  while (i < n) {
    size_t j = i + 1;
    while (j < n && v[j] == v[i]) ++j;
    size_t run = j - i;
    if (run >= 8) {
      size_t literals = i - literal_start;
      size_t pad = (8 - literals % 8) % 8;
      if (run - pad >= 8) {
        if (literals + pad > 0) PutBitPackedRun(v + literal_start, literals + pad, width, out);
        PutRleRun(v[i], run - pad, width, out);
        literal_start = j;
      }
    }
    i = j;
  }
  if (literal_start < n) PutBitPackedRun(v + literal_start, n - literal_start, width, out);
}

template <typename T>
Status DecodeT(std::string_view in, int width, size_t n, T* out, size_t* consumed) {
  if (width < 0 || width > 32) return DataLoss("RLE bit width " + std::to_string(width) + " out of range");
  const uint8_t* p = reinterpret_cast<const uint8_t*>(in.data());
  const uint8_t* end = p + in.size();
  const uint8_t* begin = p;
  size_t done = 0;
  const uint64_t mask = width == 0 ? 0 : (width == 32 ? 0xFFFFFFFFull : ((1ull << width) - 1));
  while (done < n) {
    uint64_t header;
    if (!GetVarint64(&p, end, &header)) return DataLoss("truncated RLE run header");
    if (header & 1) {
      uint64_t groups = header >> 1;
      if (groups == 0 || groups > (1ull << 31)) return DataLoss("invalid bit-packed run length");
      size_t count = static_cast<size_t>(groups * 8);
      size_t take = count < n - done ? count : n - done;
      size_t full_bytes = static_cast<size_t>(groups) * static_cast<size_t>(width);
      size_t need_bytes = (take * static_cast<size_t>(width) + 7) / 8;
      size_t avail = static_cast<size_t>(end - p);
      if (avail < need_bytes) return DataLoss("truncated bit-packed run");
      if (width == 0) {
        for (size_t k = 0; k < take; ++k) out[done + k] = 0;
      } else {
        size_t bitpos = 0;
        for (size_t k = 0; k < take; ++k) {
          size_t byte = bitpos >> 3;
          int shift = static_cast<int>(bitpos & 7);
          uint64_t word;
          if (byte + 8 <= avail) {
            std::memcpy(&word, p + byte, 8);
          } else {
            word = 0;
            std::memcpy(&word, p + byte, avail - byte);
          }
          out[done + k] = static_cast<T>((word >> shift) & mask);
          bitpos += static_cast<size_t>(width);
        }
      }
      done += take;
      p += full_bytes <= avail ? full_bytes : need_bytes;
    } else {
      uint64_t count = header >> 1;
      if (count == 0) return DataLoss("RLE run of length zero");
      int bytes = (width + 7) / 8;
      if (end - p < bytes) return DataLoss("truncated RLE run value");
      uint32_t value = 0;
      for (int k = 0; k < bytes; ++k) value |= static_cast<uint32_t>(p[k]) << (8 * k);
      p += bytes;
      if (value > mask) return DataLoss("RLE run value wider than its bit width");
      size_t take = count < n - done ? static_cast<size_t>(count) : n - done;
      T tv = static_cast<T>(value);
      for (size_t k = 0; k < take; ++k) out[done + k] = tv;
      done += take;
    }
  }
  if (consumed) *consumed = static_cast<size_t>(p - begin);
  return Status::OK();
}

}  // namespace

int BitWidth(uint64_t max_value) {
  int w = 0;
  while (max_value) {
    ++w;
    max_value >>= 1;
  }
  return w;
}

void BitPack(const uint32_t* values, size_t n, int width, std::string* out) {
  BitPackT(values, n, width, out);
}

void RleHybridEncode(const uint32_t* values, size_t n, int width, std::string* out) {
  EncodeT(values, n, width, out);
}

void RleHybridEncodeBytes(const uint8_t* values, size_t n, int width, std::string* out) {
  EncodeT(values, n, width, out);
}

Status RleHybridDecode(std::string_view in, int width, size_t n, uint32_t* out, size_t* consumed) {
  return DecodeT(in, width, n, out, consumed);
}

Status RleHybridDecodeBytes(std::string_view in, int width, size_t n, uint8_t* out,
                            size_t* consumed) {
  if (width > 8) return DataLoss("level bit width " + std::to_string(width) + " too large");
  return DecodeT(in, width, n, out, consumed);
}

}  // namespace floe::parquet
