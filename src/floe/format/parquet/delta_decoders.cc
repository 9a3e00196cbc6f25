#include "floe/format/parquet/delta_decoders.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <type_traits>
#include <utility>

#include "floe/base/coding.h"

namespace floe::parquet {
namespace {

// The spec asks for blocks of a multiple of 128 values and miniblocks of a
// multiple of 32. We accept any miniblock of a multiple of 8 values, which
// keeps every miniblock byte-aligned and lets the spec's own examples (block
// size 8) decode. The cap keeps all size arithmetic far from overflow.
constexpr uint64_t kMaxBlockSize = uint64_t{1} << 31;
// Miniblocks are unpacked this many values at a time into a stack buffer.
constexpr size_t kChunk = 256;
constexpr uint64_t kMaxOffset = std::numeric_limits<uint32_t>::max();

std::string Num(uint64_t v) { return std::to_string(v); }

// Value I of a group of 8 `W`-bit values packed LSB-first in W bytes at `in`.
// Reads only the bytes that hold the value.
template <int W, int I>
inline uint64_t UnpackOne(const uint8_t* in) {
  constexpr int kBit = I * W;
  constexpr int kByte = kBit / 8;
  constexpr int kShift = kBit % 8;
  constexpr int kBytes = (kShift + W + 7) / 8;
  uint64_t v = 0;
  if constexpr (kBytes <= 8) {
    std::memcpy(&v, in + kByte, kBytes);
    v >>= kShift;
  } else {
    std::memcpy(&v, in + kByte, 8);
    v = (v >> kShift) | (static_cast<uint64_t>(in[kByte + 8]) << (64 - kShift));
  }
  if constexpr (W < 64) v &= (uint64_t{1} << W) - 1;
  return v;
}

// Unpacks `groups` groups of 8 values (W bytes each) from `in` to `out`.
template <int W>
void UnpackGroups(const uint8_t* in, size_t groups, uint64_t* out) {
  for (size_t g = 0; g < groups; ++g, in += W, out += 8) {
    [&]<int... I>(std::integer_sequence<int, I...>) { ((out[I] = UnpackOne<W, I>(in)), ...); }
    (std::make_integer_sequence<int, 8>{});
  }
}

using UnpackFn = void (*)(const uint8_t*, size_t, uint64_t*);

template <int... W>
constexpr std::array<UnpackFn, sizeof...(W)> MakeUnpackTable(std::integer_sequence<int, W...>) {
  return {&UnpackGroups<W>...};
}
constexpr auto kUnpack = MakeUnpackTable(std::make_integer_sequence<int, 65>{});

Status Corrupt(std::string what) { return DataLoss("DELTA_BINARY_PACKED: " + std::move(what)); }

// Decodes a DELTA_BINARY_PACKED stream holding at least `count` values and
// writes the first `count` to dst (which has room for them). All arithmetic is
// in the unsigned type so that overflow wraps as the spec requires. Returns the
// bytes the whole stream occupies, including values past `count`.
template <typename T>
Result<size_t> DecodeDelta(std::string_view in, int64_t count, std::vector<T>* out) {
  using U = std::make_unsigned_t<T>;
  // Deltas of int32 values can need 33 bits (DuckDB writes such widths); the
  // arithmetic is modulo 2^32 either way, so any width up to 64 is accepted.
  constexpr int kMaxWidth = 64;
  if (count < 0) return Corrupt("negative value count " + std::to_string(count));
  if (count == 0 && in.empty()) return size_t{0};

  const auto* begin = reinterpret_cast<const uint8_t*>(in.data());
  const uint8_t* p = begin;
  const uint8_t* end = begin + in.size();
  uint64_t block_size = 0, miniblocks = 0, total = 0, first = 0;
  if (!GetVarint64(&p, end, &block_size) || !GetVarint64(&p, end, &miniblocks) ||
      !GetVarint64(&p, end, &total) || !GetVarint64(&p, end, &first)) {
    return Corrupt("truncated or invalid header");
  }
  if (block_size == 0 || block_size > kMaxBlockSize) {
    return Corrupt("block size " + Num(block_size) + " is outside 1.." + Num(kMaxBlockSize));
  }
  if (miniblocks == 0 || block_size % miniblocks != 0 || (block_size / miniblocks) % 8 != 0) {
    return Corrupt("block size " + Num(block_size) + " cannot be split into " + Num(miniblocks) +
                   " miniblocks of a multiple of 8 values");
  }
  const uint64_t per_mini = block_size / miniblocks;
  const uint64_t want = static_cast<uint64_t>(count);
  if (total < want) {
    return Corrupt("stream holds " + Num(total) + " values, expected " + Num(want));
  }
  // Every block takes at least two bytes (min delta and one bit width), which
  // bounds how many values the rest of the input can describe.
  const uint64_t rest = static_cast<uint64_t>(end - p);
  if (want > 1 && (want - 1) / block_size > rest / 2) {
    return Corrupt(Num(want) + " values cannot fit in " + Num(in.size()) + " bytes");
  }

  const size_t old_size = out->size();
  out->resize(old_size + want);
  T* dst = out->data() + old_size;
  uint64_t emitted = 0;
  U last = static_cast<U>(ZigZagDecode64(first));
  if (want > 0) dst[emitted++] = static_cast<T>(last);
  uint64_t remaining = total > 0 ? total - 1 : 0;  // values still in blocks
  uint64_t scratch[kChunk];
  auto fail = [&](std::string what) {
    out->resize(old_size);
    return Corrupt(std::move(what));
  };

  while (remaining > 0) {
    uint64_t min_zz = 0;
    if (!GetVarint64(&p, end, &min_zz))
      return fail("truncated block header at byte " + Num(p - begin));
    const U min_delta = static_cast<U>(ZigZagDecode64(min_zz));
    if (static_cast<uint64_t>(end - p) < miniblocks) {
      return fail("truncated miniblock bit widths at byte " + Num(p - begin));
    }
    const uint8_t* widths = p;
    p += miniblocks;
    // Bit widths of miniblocks past the last value may hold anything.
    for (uint64_t m = 0; m < miniblocks && remaining > 0; ++m) {
      const int width = widths[m];
      if (width > kMaxWidth) {
        return fail("miniblock bit width " + Num(width) + " exceeds " + Num(kMaxWidth));
      }
      const uint64_t mini_bytes = per_mini / 8 * width;
      if (static_cast<uint64_t>(end - p) < mini_bytes) {
        return fail("truncated miniblock at byte " + Num(p - begin) + ": needs " + Num(mini_bytes) +
                    " bytes, " + Num(end - p) + " remain");
      }
      const uint64_t in_mini = std::min(per_mini, remaining);
      const uint64_t emit = std::min(in_mini, want - emitted);
      if (width == 0) {
        for (uint64_t i = 0; i < emit; ++i) {
          last += min_delta;
          dst[emitted++] = static_cast<T>(last);
        }
      } else {
        for (uint64_t done = 0; done < emit; done += kChunk) {
          const size_t n = static_cast<size_t>(std::min<uint64_t>(kChunk, emit - done));
          kUnpack[width](p + done / 8 * width, (n + 7) / 8, scratch);
          for (size_t i = 0; i < n; ++i) {
            last += min_delta + static_cast<U>(scratch[i]);
            dst[emitted++] = static_cast<T>(last);
          }
        }
      }
      p += mini_bytes;
      remaining -= in_mini;
    }
  }
  return static_cast<size_t>(p - begin);
}

// Decodes `count` non-negative int32 lengths; `what` names them in errors.
Result<size_t> DecodeLengths(std::string_view in, int64_t count, const char* what,
                             std::vector<int32_t>* lengths) {
  auto used = DecodeDelta<int32_t>(in, count, lengths);
  if (!used.ok()) return used.status().WithContext(what);
  for (size_t i = 0; i < lengths->size(); ++i) {
    if ((*lengths)[i] < 0) {
      return DataLoss(std::string(what) + ": negative length " + std::to_string((*lengths)[i]) +
                      " for value " + Num(i));
    }
  }
  return used;
}

Status CheckOffsets(const char* encoding, uint64_t start, uint64_t added) {
  if (added > kMaxOffset - std::min(start, kMaxOffset)) {
    return DataLoss(std::string(encoding) + ": byte array data of " + Num(start + added) +
                    " bytes overflows uint32 offsets");
  }
  return Status::OK();
}

template <int K>
void UnsplitFixed(const uint8_t* in, size_t n, uint8_t* out) {
  for (size_t i = 0; i < n; ++i) {
    for (int k = 0; k < K; ++k) out[i * K + k] = in[k * n + i];
  }
}

}  // namespace

Result<size_t> DecodeDeltaBinaryPacked32(std::string_view in, int64_t count,
                                         std::vector<int32_t>* out) {
  return DecodeDelta<int32_t>(in, count, out);
}

Result<size_t> DecodeDeltaBinaryPacked64(std::string_view in, int64_t count,
                                         std::vector<int64_t>* out) {
  return DecodeDelta<int64_t>(in, count, out);
}

Result<size_t> DecodeDeltaLengthByteArray(std::string_view in, int64_t count,
                                          std::vector<uint32_t>* offsets, std::string* bytes) {
  constexpr const char* kName = "DELTA_LENGTH_BYTE_ARRAY";
  std::vector<int32_t> lengths;
  FLOE_ASSIGN_OR_RETURN(size_t used, DecodeLengths(in, count, kName, &lengths));
  uint64_t total = 0;
  for (int32_t len : lengths) total += static_cast<uint64_t>(len);
  if (total > in.size() - used) {
    return DataLoss(std::string(kName) + ": values need " + Num(total) + " bytes but only " +
                    Num(in.size() - used) + " remain");
  }
  FLOE_RETURN_IF_ERROR(CheckOffsets(kName, bytes->size(), total));
  bytes->append(in.data() + used, total);
  uint32_t offset = static_cast<uint32_t>(bytes->size() - total);
  offsets->reserve(offsets->size() + lengths.size());
  for (int32_t len : lengths) {
    offset += static_cast<uint32_t>(len);
    offsets->push_back(offset);
  }
  return used + total;
}

Result<size_t> DecodeDeltaByteArray(std::string_view in, int64_t count,
                                    std::vector<uint32_t>* offsets, std::string* bytes) {
  constexpr const char* kName = "DELTA_BYTE_ARRAY";
  std::vector<int32_t> prefixes;
  std::vector<int32_t> suffixes;
  FLOE_ASSIGN_OR_RETURN(size_t prefix_bytes,
                        DecodeLengths(in, count, "DELTA_BYTE_ARRAY prefix lengths", &prefixes));
  std::string_view rest = in.substr(prefix_bytes);
  FLOE_ASSIGN_OR_RETURN(size_t suffix_bytes,
                        DecodeLengths(rest, count, "DELTA_BYTE_ARRAY suffix lengths", &suffixes));
  std::string_view data = rest.substr(suffix_bytes);

  uint64_t suffix_total = 0;
  for (int32_t len : suffixes) suffix_total += static_cast<uint64_t>(len);
  if (suffix_total > data.size()) {
    return DataLoss(std::string(kName) + ": suffixes need " + Num(suffix_total) +
                    " bytes but only " + Num(data.size()) + " remain");
  }
  // Validate prefixes and size the output before writing anything.
  const uint64_t start = bytes->size();
  uint64_t out_total = 0;
  uint64_t previous = 0;
  for (size_t i = 0; i < prefixes.size(); ++i) {
    const auto prefix = static_cast<uint64_t>(prefixes[i]);
    if (prefix > previous) {
      return DataLoss(std::string(kName) + ": prefix length " + Num(prefix) + " of value " +
                      Num(i) + " exceeds the previous value's length " + Num(previous));
    }
    previous = prefix + static_cast<uint64_t>(suffixes[i]);
    out_total += previous;
    FLOE_RETURN_IF_ERROR(CheckOffsets(kName, start, out_total));
  }

  bytes->resize(start + out_total);
  char* base = bytes->data();
  const char* suffix = data.data();
  uint64_t pos = start;
  uint64_t prev_start = start;
  offsets->reserve(offsets->size() + prefixes.size());
  for (size_t i = 0; i < prefixes.size(); ++i) {
    const auto prefix = static_cast<size_t>(prefixes[i]);
    const auto suffix_len = static_cast<size_t>(suffixes[i]);
    // The previous value ends where this one starts, so the ranges never overlap.
    std::memcpy(base + pos, base + prev_start, prefix);
    std::memcpy(base + pos + prefix, suffix, suffix_len);
    suffix += suffix_len;
    prev_start = pos;
    pos += prefix + suffix_len;
    offsets->push_back(static_cast<uint32_t>(pos));
  }
  return prefix_bytes + suffix_bytes + suffix_total;
}

Status DecodeByteStreamSplit(std::string_view in, int64_t count, int width, uint8_t* out) {
  if (width <= 0) {
    return InvalidArgument("BYTE_STREAM_SPLIT: value width " + std::to_string(width) +
                           " is not positive");
  }
  if (count < 0)
    return DataLoss("BYTE_STREAM_SPLIT: negative value count " + std::to_string(count));
  const auto n = static_cast<uint64_t>(count);
  const auto k = static_cast<uint64_t>(width);
  if (n > in.size() / k || n * k != in.size()) {
    return DataLoss("BYTE_STREAM_SPLIT: expected " + Num(n) + " values of " + Num(k) +
                    " bytes, but the page holds " + Num(in.size()) + " bytes");
  }
  const auto* src = reinterpret_cast<const uint8_t*>(in.data());
  switch (width) {
    case 2:
      UnsplitFixed<2>(src, n, out);
      break;
    case 4:
      UnsplitFixed<4>(src, n, out);
      break;
    case 8:
      UnsplitFixed<8>(src, n, out);
      break;
    case 16:
      UnsplitFixed<16>(src, n, out);
      break;
    default:
      // Walk the output in order; each stream is read sequentially.
      for (uint64_t i = 0; i < n; ++i) {
        for (uint64_t b = 0; b < k; ++b) out[i * k + b] = src[b * n + i];
      }
  }
  return Status::OK();
}

}  // namespace floe::parquet
