// A column of values in memory: the unit the Parquet writer consumes and the
// reader produces (and later the query engine's vector). Nulls occupy a slot in
// the value array (with an unspecified value) and are marked in `validity`.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "floe/format/parquet/parquet_enums.h"

namespace floe::parquet {

struct ColumnVector {
  PhysicalType type = PhysicalType::kInt32;
  int64_t length = 0;
  // Empty means every value is present; otherwise `length` bytes, 1 = present.
  std::vector<uint8_t> validity;

  // Exactly one of these is used, chosen by `type`.
  std::vector<uint8_t> bools;   // kBoolean: 0 or 1
  std::vector<int32_t> i32;     // kInt32
  std::vector<int64_t> i64;     // kInt64
  std::vector<float> f32;       // kFloat
  std::vector<double> f64;      // kDouble
  // kByteArray and kFixedLenByteArray: value i is bytes[offsets[i], offsets[i+1]).
  // `offsets` always starts with a 0 entry, so it holds length + 1 entries.
  std::vector<uint32_t> offsets{0};
  std::string bytes;

  explicit ColumnVector(PhysicalType t = PhysicalType::kInt32) : type(t) {}

  bool IsNull(int64_t i) const { return !validity.empty() && validity[i] == 0; }
  std::string_view Bytes(int64_t i) const {
    return std::string_view(bytes).substr(offsets[i], offsets[i + 1] - offsets[i]);
  }
  int64_t NullCount() const {
    int64_t n = 0;
    for (uint8_t v : validity) n += (v == 0);
    return n;
  }

  // Appenders for building vectors by hand (tests, converters).
  void AppendNull();
  void AppendBool(bool v);
  void AppendInt32(int32_t v);
  void AppendInt64(int64_t v);
  void AppendFloat(float v);
  void AppendDouble(double v);
  void AppendBytes(std::string_view v);

  void Clear();
  void Reserve(int64_t n);

 private:
  void MarkValid();
};

// Appends rows [from, from + count) of `src` to *dst (same type).
void AppendRows(const ColumnVector& src, int64_t from, int64_t count, ColumnVector* dst);

}  // namespace floe::parquet
