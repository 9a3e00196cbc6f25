#include "floe/format/parquet/rle.h"

#include <algorithm>
#include <cstring>
#include <utility>

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
struct StoreSink {
  T* out;
  void Put(size_t i, uint32_t v) { out[i] = static_cast<T>(v); }
  void Fill(size_t i, size_t count, uint32_t v) {
    std::fill(out + i, out + i + count, static_cast<T>(v));
  }
};

// Writes dict[v] for each decoded index v; an index past the dictionary marks
// the sink bad (and writes entry 0) so the caller can fail once.
template <typename T>
struct GatherSink {
  const T* dict;
  uint32_t size;
  T* out;
  bool bad = false;
  void Put(size_t i, uint32_t v) {
    if (v >= size) {
      bad = true;
      v = 0;
    }
    out[i] = dict[v];
  }
  void Fill(size_t i, size_t count, uint32_t v) {
    if (v >= size) {
      bad = true;
      v = 0;
    }
    std::fill(out + i, out + i + count, dict[v]);
  }
};

template <typename T>
Status DecodeT(std::string_view in, int width, size_t n, T* out, size_t* consumed) {
  FLOE_ASSIGN_OR_RETURN(RleDecoder decoder, RleDecoder::Make(in, width));
  StoreSink<T> sink{out};
  FLOE_RETURN_IF_ERROR(decoder.DecodeWith(n, sink));
  if (consumed) *consumed = decoder.position();
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

namespace floe::parquet {

Result<RleDecoder> RleDecoder::Make(std::string_view in, int width) {
  if (width < 0 || width > 32)
    return DataLoss("RLE bit width " + std::to_string(width) + " out of range");
  RleDecoder d;
  d.begin_ = d.p_ = reinterpret_cast<const uint8_t*>(in.data());
  d.end_ = d.p_ + in.size();
  d.width_ = width;
  d.mask_ = width == 0 ? 0 : (width == 32 ? 0xFFFFFFFFull : ((1ull << width) - 1));
  return d;
}

Status RleDecoder::NextRun() {
  uint64_t header;
  if (!GetVarint64(&p_, end_, &header)) return DataLoss("truncated RLE run header");
  const size_t w = static_cast<size_t>(width_);
  if (header & 1) {
    uint64_t groups = header >> 1;
    if (groups == 0 || groups > (1ull << 31)) return DataLoss("invalid bit-packed run length");
    size_t full_bytes = static_cast<size_t>(groups) * w;
    size_t avail = static_cast<size_t>(end_ - p_);
    packed_ = true;
    run_left_ = static_cast<size_t>(groups * 8);
    if (avail < full_bytes) {
      // A final run may be cut after its last real value; only whole values count.
      run_left_ = std::min(run_left_, avail * 8 / w);
      if (run_left_ == 0) return DataLoss("truncated bit-packed run");
    }
    run_data_ = p_;
    run_avail_ = std::min(full_bytes, avail);
    bitpos_ = 0;
    p_ += run_avail_;
  } else {
    uint64_t count = header >> 1;
    if (count == 0) return DataLoss("RLE run of length zero");
    int bytes = (width_ + 7) / 8;
    if (end_ - p_ < bytes) return DataLoss("truncated RLE run value");
    uint32_t value = 0;
    for (int k = 0; k < bytes; ++k) value |= static_cast<uint32_t>(p_[k]) << (8 * k);
    p_ += bytes;
    if (value > mask_) return DataLoss("RLE run value wider than its bit width");
    packed_ = false;
    value_ = value;
    run_left_ = static_cast<size_t>(std::min<uint64_t>(count, SIZE_MAX));
  }
  return Status::OK();
}

namespace {

// Unpacks `groups` groups of 8 values of W bits from `data` (W bytes per
// group) into sink positions at..., with every shift known at compile time.
// REQUIRES: 8 bytes are readable from the start of each value.
template <int W, typename Sink>
void UnpackGroupsW(const uint8_t* data, size_t groups, size_t at, Sink& sink) {
  constexpr uint64_t kMask = W == 32 ? 0xFFFFFFFFull : ((1ull << W) - 1);
  for (size_t g = 0; g < groups; ++g, data += W, at += 8) {
    [&]<size_t... K>(std::index_sequence<K...>) {
      (
          [&] {
            uint64_t word;
            std::memcpy(&word, data + (K * W) / 8, 8);
            sink.Put(at + K, static_cast<uint32_t>((word >> ((K * W) % 8)) & kMask));
          }(),
          ...);
    }
    (std::make_index_sequence<8>{});
  }
}

template <typename Sink, int... W>
void UnpackGroupsDispatch(const uint8_t* data, size_t groups, int width, size_t at, Sink& sink,
                          std::integer_sequence<int, W...>) {
  ((width == W + 1 ? UnpackGroupsW<W + 1>(data, groups, at, sink) : void()), ...);
}

template <typename Sink>
void UnpackGroups(const uint8_t* data, size_t groups, int width, size_t at, Sink& sink) {
  UnpackGroupsDispatch(data, groups, width, at, sink, std::make_integer_sequence<int, 32>{});
}

}  // namespace

template <typename Sink>
Status RleDecoder::DecodeWith(size_t n, Sink& sink) {
  size_t done = 0;
  const size_t w = static_cast<size_t>(width_);
  while (done < n) {
    if (run_left_ == 0) FLOE_RETURN_IF_ERROR(NextRun());
    size_t take = std::min(run_left_, n - done);
    if (!packed_) {
      sink.Fill(done, take, value_);
    } else if (w == 0) {
      sink.Fill(done, take, 0);
    } else {
      size_t k = 0;
      size_t bitpos = bitpos_;
      // One value at a time, reading at most what the run holds.
      auto one = [&] {
        const size_t byte = bitpos >> 3;
        uint64_t word = 0;
        std::memcpy(&word, run_data_ + byte, std::min<size_t>(run_avail_ - byte, 8));
        sink.Put(done + k, static_cast<uint32_t>((word >> (bitpos & 7)) & mask_));
        ++k;
        bitpos += w;
      };
      // Up to a group boundary (groups of 8 values fill w bytes exactly)...
      while (k < take && bitpos % (8 * w) != 0) one();
      // ...then whole groups whose 8-byte reads stay inside the run...
      const size_t group = bitpos / (8 * w);
      const size_t fit = run_avail_ >= w + 8 ? (run_avail_ - w - 8) / w + 1 : 0;
      const size_t groups = std::min((take - k) / 8, fit > group ? fit - group : 0);
      if (groups > 0) {
        UnpackGroups(run_data_ + group * w, groups, width_, done + k, sink);
        k += groups * 8;
        bitpos += groups * 8 * w;
      }
      // ...and the rest.
      while (k < take) one();
      bitpos_ = bitpos;
    }
    run_left_ -= take;
    done += take;
  }
  return Status::OK();
}

Status RleDecoder::Decode(size_t n, uint32_t* out) {
  StoreSink<uint32_t> sink{out};
  return DecodeWith(n, sink);
}

template <typename T>
Status RleDecoder::DecodeGather(size_t n, const T* dict, size_t dict_size, T* out) {
  if (n == 0) return Status::OK();
  if (dict_size == 0) return DataLoss("dictionary-encoded values with an empty dictionary");
  GatherSink<T> sink{dict, static_cast<uint32_t>(std::min<size_t>(dict_size, UINT32_MAX)), out};
  FLOE_RETURN_IF_ERROR(DecodeWith(n, sink));
  if (sink.bad) return DataLoss("dictionary index out of range");
  return Status::OK();
}

template <typename T>
Status RleDictionaryDecode(std::string_view in, int width, size_t n, const T* dict,
                           size_t dict_size, T* out) {
  FLOE_ASSIGN_OR_RETURN(RleDecoder decoder, RleDecoder::Make(in, width));
  return decoder.DecodeGather(n, dict, dict_size, out);
}

#define FLOE_RLE_GATHER(T)                                                   \
  template Status RleDecoder::DecodeGather<T>(size_t, const T*, size_t, T*); \
  template Status RleDictionaryDecode<T>(std::string_view, int, size_t, const T*, size_t, T*);
FLOE_RLE_GATHER(uint8_t)
FLOE_RLE_GATHER(int32_t)
FLOE_RLE_GATHER(int64_t)
FLOE_RLE_GATHER(float)
FLOE_RLE_GATHER(double)
#undef FLOE_RLE_GATHER

}  // namespace floe::parquet
