#include "floe/format/parquet/value_stats.h"

#include <cmath>
#include <cstring>

namespace floe::parquet {
namespace {

template <typename T>
std::string Encode(T v) {
  std::string out(sizeof(T), '\0');
  std::memcpy(out.data(), &v, sizeof(T));
  return out;
}

template <typename T>
T Decode(std::string_view s) {
  T v{};
  if (s.size() >= sizeof(T)) std::memcpy(&v, s.data(), sizeof(T));
  return v;
}

// Big-endian two's complement comparison of equal- or unequal-length values.
int CompareSignedBigEndian(std::string_view a, std::string_view b) {
  bool na = !a.empty() && (static_cast<uint8_t>(a[0]) & 0x80);
  bool nb = !b.empty() && (static_cast<uint8_t>(b[0]) & 0x80);
  if (na != nb) return na ? -1 : 1;
  // Sign-extend the shorter to the longer length.
  size_t n = a.size() > b.size() ? a.size() : b.size();
  uint8_t fill = na ? 0xFF : 0x00;
  for (size_t i = 0; i < n; ++i) {
    size_t ia = i + a.size(), ib = i + b.size();
    uint8_t ca = ia >= n ? static_cast<uint8_t>(a[ia - n]) : fill;
    uint8_t cb = ib >= n ? static_cast<uint8_t>(b[ib - n]) : fill;
    if (ca != cb) return ca < cb ? -1 : 1;
  }
  return 0;
}

int CompareUnsignedBytes(std::string_view a, std::string_view b) {
  size_t n = a.size() < b.size() ? a.size() : b.size();
  int c = n == 0 ? 0 : std::memcmp(a.data(), b.data(), n);
  if (c != 0) return c < 0 ? -1 : 1;
  if (a.size() == b.size()) return 0;
  return a.size() < b.size() ? -1 : 1;
}

template <typename T>
int Cmp(T a, T b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

}  // namespace

int ValueStats::Compare(const ColumnDescriptor& desc, std::string_view a, std::string_view b) {
  bool sign = desc.SignedOrder();
  switch (desc.physical) {
    case PhysicalType::kBoolean: return Cmp(Decode<uint8_t>(a), Decode<uint8_t>(b));
    case PhysicalType::kInt32:
      return sign ? Cmp(Decode<int32_t>(a), Decode<int32_t>(b))
                  : Cmp(Decode<uint32_t>(a), Decode<uint32_t>(b));
    case PhysicalType::kInt64:
      return sign ? Cmp(Decode<int64_t>(a), Decode<int64_t>(b))
                  : Cmp(Decode<uint64_t>(a), Decode<uint64_t>(b));
    case PhysicalType::kFloat: return Cmp(Decode<float>(a), Decode<float>(b));
    case PhysicalType::kDouble: return Cmp(Decode<double>(a), Decode<double>(b));
    default: return sign ? CompareSignedBigEndian(a, b) : CompareUnsignedBytes(a, b);
  }
}

template <typename T>
void ValueStats::UpdateNumeric(const std::vector<T>& values, const std::vector<uint8_t>& validity,
                               int64_t offset, int64_t count) {
  const T* v = values.data() + offset;
  const uint8_t* valid = validity.empty() ? nullptr : validity.data() + offset;
  if constexpr (std::is_floating_point_v<T>) {
    double lo = has_ ? dmin_ : INFINITY, hi = has_ ? dmax_ : -INFINITY;
    bool any = has_;
    for (int64_t i = 0; i < count; ++i) {
      if (valid && !valid[i]) continue;
      double x = v[i];
      if (std::isnan(x)) continue;
      any = true;
      lo = x < lo ? x : lo;
      hi = x > hi ? x : hi;
    }
    has_ = any;
    dmin_ = lo;
    dmax_ = hi;
  } else {
    int64_t lo = has_ ? imin_ : INT64_MAX, hi = has_ ? imax_ : INT64_MIN;
    bool any = has_;
    if (!valid) {
      for (int64_t i = 0; i < count; ++i) {
        int64_t x = v[i];
        lo = x < lo ? x : lo;
        hi = x > hi ? x : hi;
      }
      any = any || count > 0;
    } else {
      for (int64_t i = 0; i < count; ++i) {
        if (!valid[i]) continue;
        any = true;
        int64_t x = v[i];
        lo = x < lo ? x : lo;
        hi = x > hi ? x : hi;
      }
    }
    has_ = any;
    imin_ = lo;
    imax_ = hi;
  }
}

void ValueStats::UpdateEncoded(std::string_view value) {
  if (!has_) {
    smin_.assign(value);
    smax_.assign(value);
    has_ = true;
    return;
  }
  if (Compare(desc_, value, smin_) < 0) smin_.assign(value);
  if (Compare(desc_, value, smax_) > 0) smax_.assign(value);
}

void ValueStats::UpdateBytes(const ColumnVector& v, int64_t offset, int64_t count) {
  for (int64_t i = offset; i < offset + count; ++i) {
    if (!v.IsNull(i)) UpdateEncoded(v.Bytes(i));
  }
}

void ValueStats::CountNaNs(const ColumnVector& v, int64_t offset, int64_t count) {
  auto count_in = [&](const auto& values) {
    int64_t n = 0;
    for (int64_t i = offset; i < offset + count; ++i) {
      n += (values[static_cast<size_t>(i)] != values[static_cast<size_t>(i)]) && !v.IsNull(i);
    }
    nan_count_ += n;
  };
  if (v.type == PhysicalType::kFloat) count_in(v.f32);
  if (v.type == PhysicalType::kDouble) count_in(v.f64);
}

void ValueStats::UpdateBounds(const ColumnVector& v, int64_t offset, int64_t count) {
  switch (v.type) {
    case PhysicalType::kBoolean: UpdateNumeric(v.bools, v.validity, offset, count); return;
    case PhysicalType::kInt32: UpdateNumeric(v.i32, v.validity, offset, count); return;
    case PhysicalType::kInt64: UpdateNumeric(v.i64, v.validity, offset, count); return;
    case PhysicalType::kFloat: UpdateNumeric(v.f32, v.validity, offset, count); return;
    case PhysicalType::kDouble: UpdateNumeric(v.f64, v.validity, offset, count); return;
    default: UpdateBytes(v, offset, count); return;
  }
}

void ValueStats::MergeEncoded(const std::optional<std::string>& min,
                              const std::optional<std::string>& max) {
  if (!min || !max) return;
  ColumnVector v(desc_.physical);
  switch (desc_.physical) {
    case PhysicalType::kBoolean:
      v.AppendBool(Decode<uint8_t>(*min));
      v.AppendBool(Decode<uint8_t>(*max));
      break;
    case PhysicalType::kInt32:
      v.AppendInt32(Decode<int32_t>(*min));
      v.AppendInt32(Decode<int32_t>(*max));
      break;
    case PhysicalType::kInt64:
      v.AppendInt64(Decode<int64_t>(*min));
      v.AppendInt64(Decode<int64_t>(*max));
      break;
    case PhysicalType::kFloat:
      v.AppendFloat(Decode<float>(*min));
      v.AppendFloat(Decode<float>(*max));
      break;
    case PhysicalType::kDouble:
      v.AppendDouble(Decode<double>(*min));
      v.AppendDouble(Decode<double>(*max));
      break;
    default:
      UpdateEncoded(*min);
      UpdateEncoded(*max);
      return;
  }
  UpdateBounds(v, 0, 2);
}

void ValueStats::Reset() {
  has_ = false;
  nan_count_ = 0;
  smin_.clear();
  smax_.clear();
}

std::optional<std::string> ValueStats::EncodedMin() const {
  if (!has_) return std::nullopt;
  switch (desc_.physical) {
    case PhysicalType::kBoolean: return Encode<uint8_t>(static_cast<uint8_t>(imin_));
    case PhysicalType::kInt32: return Encode<int32_t>(static_cast<int32_t>(imin_));
    case PhysicalType::kInt64: return Encode<int64_t>(imin_);
    case PhysicalType::kFloat: return Encode<float>(dmin_ == 0 ? -0.0f : static_cast<float>(dmin_));
    case PhysicalType::kDouble: return Encode<double>(dmin_ == 0 ? -0.0 : dmin_);
    default: return smin_;
  }
}

std::optional<std::string> ValueStats::EncodedMax() const {
  if (!has_) return std::nullopt;
  switch (desc_.physical) {
    case PhysicalType::kBoolean: return Encode<uint8_t>(static_cast<uint8_t>(imax_));
    case PhysicalType::kInt32: return Encode<int32_t>(static_cast<int32_t>(imax_));
    case PhysicalType::kInt64: return Encode<int64_t>(imax_);
    case PhysicalType::kFloat: return Encode<float>(dmax_ == 0 ? 0.0f : static_cast<float>(dmax_));
    case PhysicalType::kDouble: return Encode<double>(dmax_ == 0 ? 0.0 : dmax_);
    default: return smax_;
  }
}

}  // namespace floe::parquet
