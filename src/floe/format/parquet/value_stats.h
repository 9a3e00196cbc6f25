// Min/max/NaN tracking in Parquet's TYPE_ORDER for one leaf column, encoded as
// PLAIN statistics values. Floating-point NaNs never become bounds; a zero bound
// is written as -0.0 (min) or +0.0 (max), as the spec requires.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "floe/format/parquet/column_vector.h"
#include "floe/format/parquet/schema.h"

namespace floe::parquet {

class ValueStats {
 public:
  explicit ValueStats(const ColumnDescriptor& desc) : desc_(desc) {}

  // Folds the present values among rows [offset, offset + count) of `v`:
  // bounds and NaN count.
  void Update(const ColumnVector& v, int64_t offset, int64_t count) {
    UpdateBounds(v, offset, count);
    CountNaNs(v, offset, count);
  }
  // Only the bounds (for a dictionary's distinct entries, which stand for
  // values already counted).
  void UpdateBounds(const ColumnVector& v, int64_t offset, int64_t count);
  // Only the NaN count (no-op for non-floating columns).
  void CountNaNs(const ColumnVector& v, int64_t offset, int64_t count);
  // Folds encoded bounds (from another ValueStats or a chunk's statistics).
  void MergeEncoded(const std::optional<std::string>& min, const std::optional<std::string>& max);
  void Reset();

  bool has_bounds() const { return has_; }
  int64_t nan_count() const { return nan_count_; }
  std::optional<std::string> EncodedMin() const;
  std::optional<std::string> EncodedMax() const;

  // Compares two PLAIN-encoded values of this column in TYPE_ORDER.
  static int Compare(const ColumnDescriptor& desc, std::string_view a, std::string_view b);

 private:
  template <typename T>
  void UpdateNumeric(const std::vector<T>& values, const std::vector<uint8_t>& validity,
                     int64_t offset, int64_t count);
  void UpdateBytes(const ColumnVector& v, int64_t offset, int64_t count);
  void UpdateEncoded(std::string_view value);

  const ColumnDescriptor& desc_;
  bool has_ = false;
  int64_t nan_count_ = 0;
  // Numeric bounds are kept as doubles/int64 widened from the physical type.
  int64_t imin_ = 0, imax_ = 0;
  double dmin_ = 0, dmax_ = 0;
  std::string smin_, smax_;
};

}  // namespace floe::parquet
