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

}  // namespace floe::parquet
