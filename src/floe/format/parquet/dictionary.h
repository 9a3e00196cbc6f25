// Builds a column chunk's dictionary: maps each distinct value to its index in
// first-seen order, using an open-addressing hash table keyed by the value's
// bits (numbers) or bytes (byte arrays). Distinct bit patterns are distinct
// entries, so -0.0/+0.0 and NaN payloads round-trip exactly.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "floe/format/parquet/column_vector.h"

namespace floe::parquet {

class DictionaryEncoder {
 public:
  explicit DictionaryEncoder(PhysicalType type);

  // Appends the index of each present value among rows [offset, offset + count)
  // of `v` to *indices, adding new values to the dictionary.
  void Encode(const ColumnVector& v, int64_t offset, int64_t count, std::vector<uint32_t>* indices);

  int64_t size() const { return values_.length; }
  // Size of the dictionary page body (PLAIN encoding of the entries).
  int64_t plain_bytes() const { return plain_bytes_; }
  // The entries in index order, as present values.
  const ColumnVector& values() const { return values_; }
  void Clear();

 private:
  struct Slot {
    uint64_t key;
    int32_t index;  // -1 = empty
  };
  template <typename T>
  void EncodeFixed(const std::vector<T>& src, const std::vector<uint8_t>& validity, int64_t offset,
                   int64_t count, std::vector<uint32_t>* indices, std::vector<T>* store);
  void EncodeBytes(const ColumnVector& v, int64_t offset, int64_t count,
                   std::vector<uint32_t>* indices);
  void Grow();

  ColumnVector values_;
  int64_t plain_bytes_ = 0;
  std::vector<Slot> slots_;
  uint64_t mask_ = 0;
};

}  // namespace floe::parquet
