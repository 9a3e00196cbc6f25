// Group keys of one to four columns as fixed-width words, and the
// open-addressing table the hash aggregate finds their groups in.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "floe/query/pod_array.h"

namespace floe::query {

inline constexpr size_t kMaxFixedKeys = 4;

// One to four group keys as words: numbers by value (doubles by their
// normalized bits), strings by an id interned per key column; unused words
// are zero.
struct FixedKey {
  uint64_t v[kMaxFixedKeys] = {0, 0, 0, 0};
  uint32_t nulls = 0;  // bit k: key k is NULL
};

// The hash of a key's first W words (W = the number of key columns).
template <size_t W>
inline size_t HashFixedKey(const FixedKey& k) {
  uint64_t h = k.nulls * 0x9E3779B97F4A7C15ULL;
  for (size_t i = 0; i < W; ++i) {
    h ^= k.v[i] + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2);
    h *= 0xFF51AFD7ED558CCDULL;
  }
  return static_cast<size_t>(h ^ (h >> 32));
}

// Hashes of keys[0..n) of `width` words.
inline void HashFixedKeys(const FixedKey* keys, size_t n, size_t width, size_t* out) {
  switch (width) {
    case 1:
      for (size_t r = 0; r < n; ++r) out[r] = HashFixedKey<1>(keys[r]);
      break;
    case 2:
      for (size_t r = 0; r < n; ++r) out[r] = HashFixedKey<2>(keys[r]);
      break;
    case 3:
      for (size_t r = 0; r < n; ++r) out[r] = HashFixedKey<3>(keys[r]);
      break;
    default:
      for (size_t r = 0; r < n; ++r) out[r] = HashFixedKey<4>(keys[r]);
      break;
  }
}

// Open addressing with linear probing over 8-byte slots (the hash's upper 32
// bits, which also pick the home slot, and the group). Keys are kept once,
// `width` words per group in group order: a lookup touches a slot or two
// and, on a tag match, its group's words. Growing re-places slots by their
// tags alone, without the keys.
class FixedKeyTable {
 public:
  void set_width(size_t width) { width_ = width; }
  size_t width() const { return width_; }
  size_t size() const { return nulls_.size(); }

  // The group of `k`, or -1.
  int64_t Find(const FixedKey& k, size_t hash) const {
    if (slots_.empty()) return -1;
    const uint32_t tag = Tag(hash);
    for (size_t i = tag & mask_;; i = (i + 1) & mask_) {
      const Slot& slot = slots_[i];
      if (slot.group == kEmpty) return -1;
      if (slot.tag == tag && Equal(slot.group, k)) return slot.group;
    }
  }
  // Adds `k` as group size().
  void Insert(const FixedKey& k, size_t hash) {
    if ((size() + 1) * 2 > slots_.size()) Grow();
    const uint32_t group = static_cast<uint32_t>(size());
    for (size_t w = 0; w < width_; ++w) words_.push_back(k.v[w]);
    nulls_.push_back(static_cast<uint8_t>(k.nulls));
    Place(Tag(hash), group);
  }
  // Brings the slot a lookup of `hash` starts at into cache.
  // (Unconditional: a prefetch never faults, and GCC drops one under an if.)
  void Prefetch(size_t hash) const { __builtin_prefetch(slots_.data() + (Tag(hash) & mask_)); }
  // Group g's key k: NULL, or its word.
  bool IsNull(size_t g, size_t k) const { return (nulls_[g] >> k) & 1; }
  uint64_t Word(size_t g, size_t k) const { return words_[g * width_ + k]; }
  // Bytes held.
  int64_t MemoryBytes() const {
    return static_cast<int64_t>(slots_.capacity() * sizeof(Slot) + words_.capacity() * 8 +
                                nulls_.capacity());
  }

 private:
  static constexpr uint32_t kEmpty = UINT32_MAX;
  struct Slot {
    uint32_t tag;
    uint32_t group;
  };
  static uint32_t Tag(size_t hash) { return static_cast<uint32_t>(hash >> 32); }
  bool Equal(uint32_t g, const FixedKey& k) const {
    if (nulls_[g] != k.nulls) return false;
    const uint64_t* w = &words_[static_cast<size_t>(g) * width_];
    for (size_t i = 0; i < width_; ++i) {
      if (w[i] != k.v[i]) return false;
    }
    return true;
  }
  void Place(uint32_t tag, uint32_t group) {
    size_t i = tag & mask_;
    while (slots_[i].group != kEmpty) i = (i + 1) & mask_;
    slots_[i] = Slot{tag, group};
  }
  void Grow() {
    PodArray<Slot> old = std::move(slots_);
    slots_ = PodArray<Slot>();
    slots_.resize(old.empty() ? 1024 : old.size() * 2, Slot{0, kEmpty});
    mask_ = slots_.size() - 1;
    for (const Slot& s : old) {
      if (s.group != kEmpty) Place(s.tag, s.group);
    }
  }

  size_t width_ = 0;
  PodArray<Slot> slots_;
  PodArray<uint64_t> words_;  // width_ per group
  PodArray<uint8_t> nulls_;   // per group
  size_t mask_ = 0;
};

}  // namespace floe::query
