#include "floe/format/parquet/dictionary.h"

#include <cstring>

namespace floe::parquet {
namespace {

constexpr size_t kInitialSlots = 1024;

inline uint64_t Mix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  return x;
}

inline uint64_t HashBytes(const char* p, size_t n) {
  uint64_t h = 0x9E3779B97F4A7C15ull ^ n;
  while (n >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    h = (h ^ w) * 0x100000001b3ull * 0x9E3779B97F4A7C15ull;
    h ^= h >> 29;
    p += 8;
    n -= 8;
  }
  uint64_t w = 0;
  std::memcpy(&w, p, n);
  h = (h ^ w) * 0x9E3779B97F4A7C15ull;
  return Mix(h);
}

template <typename T>
inline uint64_t Bits(T v) {
  uint64_t b = 0;
  std::memcpy(&b, &v, sizeof(T));
  return b;
}

}  // namespace

DictionaryEncoder::DictionaryEncoder(PhysicalType type) : values_(type) { Clear(); }

void DictionaryEncoder::Clear() {
  values_.Clear();
  plain_bytes_ = 0;
  slots_.assign(kInitialSlots, Slot{0, -1});
  mask_ = kInitialSlots - 1;
}

void DictionaryEncoder::Grow() {
  std::vector<Slot> old;
  old.swap(slots_);
  slots_.assign(old.size() * 2, Slot{0, -1});
  mask_ = slots_.size() - 1;
  for (const Slot& s : old) {
    if (s.index < 0) continue;
    uint64_t pos = Mix(s.key) & mask_;
    while (slots_[pos].index >= 0) pos = (pos + 1) & mask_;
    slots_[pos] = s;
  }
}

template <typename T>
void DictionaryEncoder::EncodeFixed(const std::vector<T>& src, const std::vector<uint8_t>& validity,
                                    int64_t offset, int64_t count, std::vector<uint32_t>* indices,
                                    std::vector<T>* store) {
  const uint8_t* valid = validity.empty() ? nullptr : validity.data() + offset;
  const T* v = src.data() + offset;
  for (int64_t i = 0; i < count; ++i) {
    if (valid && !valid[i]) continue;
    uint64_t key = Bits(v[i]);
    uint64_t pos = Mix(key) & mask_;
    while (true) {
      Slot& s = slots_[pos];
      if (s.index < 0) {
        s.key = key;
        s.index = static_cast<int32_t>(store->size());
        store->push_back(v[i]);
        ++values_.length;
        plain_bytes_ += sizeof(T);
        indices->push_back(static_cast<uint32_t>(s.index));
        if (store->size() * 2 > slots_.size()) Grow();
        break;
      }
      if (s.key == key) {
        indices->push_back(static_cast<uint32_t>(s.index));
        break;
      }
      pos = (pos + 1) & mask_;
    }
  }
}

void DictionaryEncoder::EncodeBytes(const ColumnVector& v, int64_t offset, int64_t count,
                                    std::vector<uint32_t>* indices) {
  bool fixed = v.type == PhysicalType::kFixedLenByteArray;
  for (int64_t i = offset; i < offset + count; ++i) {
    if (v.IsNull(i)) continue;
    const char* p = v.bytes.data() + v.offsets[i];
    size_t n = v.offsets[i + 1] - v.offsets[i];
    uint64_t key = HashBytes(p, n);
    uint64_t pos = Mix(key) & mask_;
    while (true) {
      Slot& s = slots_[pos];
      if (s.index < 0) {
        s.key = key;
        s.index = static_cast<int32_t>(values_.length);
        values_.bytes.append(p, n);
        values_.offsets.push_back(static_cast<uint32_t>(values_.bytes.size()));
        ++values_.length;
        plain_bytes_ += static_cast<int64_t>(n) + (fixed ? 0 : 4);
        indices->push_back(static_cast<uint32_t>(s.index));
        if (static_cast<size_t>(values_.length) * 2 > slots_.size()) Grow();
        break;
      }
      if (s.key == key) {
        uint32_t b = values_.offsets[s.index], e = values_.offsets[s.index + 1];
        if (e - b == n && std::memcmp(values_.bytes.data() + b, p, n) == 0) {
          indices->push_back(static_cast<uint32_t>(s.index));
          break;
        }
      }
      pos = (pos + 1) & mask_;
    }
  }
}

void DictionaryEncoder::Encode(const ColumnVector& v, int64_t offset, int64_t count,
                               std::vector<uint32_t>* indices) {
  switch (v.type) {
    case PhysicalType::kInt32: EncodeFixed(v.i32, v.validity, offset, count, indices, &values_.i32); break;
    case PhysicalType::kInt64: EncodeFixed(v.i64, v.validity, offset, count, indices, &values_.i64); break;
    case PhysicalType::kFloat: EncodeFixed(v.f32, v.validity, offset, count, indices, &values_.f32); break;
    case PhysicalType::kDouble: EncodeFixed(v.f64, v.validity, offset, count, indices, &values_.f64); break;
    default: EncodeBytes(v, offset, count, indices); break;
  }
}

}  // namespace floe::parquet
