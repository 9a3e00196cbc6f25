#include "floe/format/parquet/column_vector.h"

namespace floe::parquet {

void ColumnVector::MarkValid() {
  if (!validity.empty()) validity.push_back(1);
  ++length;
}

void ColumnVector::AppendNull() {
  if (validity.empty()) validity.assign(static_cast<size_t>(length), 1);
  validity.push_back(0);
  switch (type) {
    case PhysicalType::kBoolean: bools.push_back(0); break;
    case PhysicalType::kInt32: i32.push_back(0); break;
    case PhysicalType::kInt64: i64.push_back(0); break;
    case PhysicalType::kFloat: f32.push_back(0); break;
    case PhysicalType::kDouble: f64.push_back(0); break;
    default: offsets.push_back(static_cast<uint32_t>(bytes.size())); break;
  }
  ++length;
}

void ColumnVector::AppendBool(bool v) {
  bools.push_back(v ? 1 : 0);
  MarkValid();
}
void ColumnVector::AppendInt32(int32_t v) {
  i32.push_back(v);
  MarkValid();
}
void ColumnVector::AppendInt64(int64_t v) {
  i64.push_back(v);
  MarkValid();
}
void ColumnVector::AppendFloat(float v) {
  f32.push_back(v);
  MarkValid();
}
void ColumnVector::AppendDouble(double v) {
  f64.push_back(v);
  MarkValid();
}
void ColumnVector::AppendBytes(std::string_view v) {
  bytes.append(v);
  offsets.push_back(static_cast<uint32_t>(bytes.size()));
  MarkValid();
}

void ColumnVector::Clear() {
  length = 0;
  validity.clear();
  bools.clear();
  i32.clear();
  i64.clear();
  f32.clear();
  f64.clear();
  offsets.assign(1, 0);
  bytes.clear();
}

void ColumnVector::Reserve(int64_t n) {
  size_t k = static_cast<size_t>(n);
  switch (type) {
    case PhysicalType::kBoolean: bools.reserve(k); break;
    case PhysicalType::kInt32: i32.reserve(k); break;
    case PhysicalType::kInt64: i64.reserve(k); break;
    case PhysicalType::kFloat: f32.reserve(k); break;
    case PhysicalType::kDouble: f64.reserve(k); break;
    default: offsets.reserve(k + 1); break;
  }
}

void AppendRows(const ColumnVector& src, int64_t from, int64_t count, ColumnVector* dst) {
  if (count <= 0) return;
  if (!src.validity.empty() || !dst->validity.empty()) {
    if (dst->validity.empty()) dst->validity.assign(static_cast<size_t>(dst->length), 1);
    if (src.validity.empty()) {
      dst->validity.insert(dst->validity.end(), static_cast<size_t>(count), 1);
    } else {
      dst->validity.insert(dst->validity.end(), src.validity.begin() + from,
                           src.validity.begin() + from + count);
    }
  }
  auto copy = [&](auto& d, const auto& s) { d.insert(d.end(), s.begin() + from, s.begin() + from + count); };
  switch (src.type) {
    case PhysicalType::kBoolean: copy(dst->bools, src.bools); break;
    case PhysicalType::kInt32: copy(dst->i32, src.i32); break;
    case PhysicalType::kInt64: copy(dst->i64, src.i64); break;
    case PhysicalType::kFloat: copy(dst->f32, src.f32); break;
    case PhysicalType::kDouble: copy(dst->f64, src.f64); break;
    default: {
      uint32_t b = src.offsets[from], e = src.offsets[from + count];
      uint32_t shift = static_cast<uint32_t>(dst->bytes.size());
      dst->bytes.append(src.bytes, b, e - b);
      for (int64_t i = from + 1; i <= from + count; ++i) {
        dst->offsets.push_back(src.offsets[i] - b + shift);
      }
      break;
    }
  }
  dst->length += count;
}

}  // namespace floe::parquet
