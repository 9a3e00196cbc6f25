// Group keys of two to four columns as fixed-width words, and the
// open-addressing table the hash aggregate finds their groups in.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace floe::query {

// Two to four group keys as fixed-width words: numbers by value (doubles by
// their normalized bits), strings by an id interned per key column.
struct FixedKey {
  uint64_t v[4] = {0, 0, 0, 0};
  uint32_t nulls = 0;
  bool operator==(const FixedKey& o) const {
    return nulls == o.nulls && v[0] == o.v[0] && v[1] == o.v[1] && v[2] == o.v[2] && v[3] == o.v[3];
  }
};

struct FixedKeyHash {
  size_t operator()(const FixedKey& k) const {
    uint64_t h = k.nulls * 0x9E3779B97F4A7C15ULL;
    for (uint64_t x : k.v) {
      h ^= x + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2);
      h *= 0xFF51AFD7ED558CCDULL;
    }
    return static_cast<size_t>(h ^ (h >> 32));
  }
};

inline constexpr size_t kMaxFixedKeys = 4;

// Open addressing with linear probing over 8-byte slots (32 bits of the hash
// and the group), keys kept once per group in insertion order: a lookup
// touches a slot or two and, on a hash match, its group's key.
class FixedKeyTable {
 public:
  // The group of `k`, or -1.
  int64_t Find(const FixedKey& k, size_t hash) const {
    if (slots_.empty()) return -1;
    const uint32_t tag = Tag(hash);
    for (size_t i = hash & mask_;; i = (i + 1) & mask_) {
      const Slot& slot = slots_[i];
      if (slot.group == kEmpty) return -1;
      if (slot.tag == tag && keys_[slot.group] == k) return slot.group;
    }
  }
  // REQUIRES: groups are numbered 0, 1, 2, ... in insertion order.
  void Insert(const FixedKey& k, size_t hash, uint32_t group) {
    if ((keys_.size() + 1) * 2 > slots_.size()) Grow();
    keys_.push_back(k);
    hashes_.push_back(hash);
    Place(hash, group);
  }
  // Brings the slot a lookup of `hash` starts at into cache.
  void Prefetch(size_t hash) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[hash & mask_]);
  }

 private:
  static constexpr uint32_t kEmpty = UINT32_MAX;
  struct Slot {
    uint32_t tag = 0;
    uint32_t group = kEmpty;
  };
  static uint32_t Tag(size_t hash) { return static_cast<uint32_t>(hash >> 32); }
  void Place(size_t hash, uint32_t group) {
    size_t i = hash & mask_;
    while (slots_[i].group != kEmpty) i = (i + 1) & mask_;
    slots_[i] = Slot{Tag(hash), group};
  }
  void Grow() {
    slots_.assign(slots_.empty() ? 1024 : slots_.size() * 2, Slot{});
    mask_ = slots_.size() - 1;
    for (size_t g = 0; g < keys_.size(); ++g) Place(hashes_[g], static_cast<uint32_t>(g));
  }
  std::vector<Slot> slots_;
  std::vector<FixedKey> keys_;  // by group
  std::vector<size_t> hashes_;  // by group
  size_t mask_ = 0;
};

}  // namespace floe::query
