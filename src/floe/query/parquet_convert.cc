#include "floe/query/parquet_convert.h"

#include <cmath>
#include <cstring>
#include <limits>

#include "floe/iceberg/value.h"

namespace floe::query {

using parquet::LogicalType;
using parquet::PhysicalType;

std::optional<DataType> SqlTypeOf(const parquet::ColumnDescriptor& c) {
  if (c.max_rep > 0) return std::nullopt;  // lists and maps are not exposed
  const LogicalType& l = c.logical;
  if (l.kind == LogicalType::kDecimal) return DataType::kDouble;
  switch (c.physical) {
    case PhysicalType::kBoolean:
      return DataType::kBoolean;
    case PhysicalType::kInt32:
      if (l.kind == LogicalType::kDate) return DataType::kDate;
      if (l.kind == LogicalType::kInteger && !l.is_signed && l.bit_width == 32)
        return DataType::kBigint;
      return DataType::kInteger;
    case PhysicalType::kInt64:
      if (l.kind == LogicalType::kTimestamp) return DataType::kTimestamp;
      return DataType::kBigint;
    case PhysicalType::kInt96:
      return DataType::kTimestamp;
    case PhysicalType::kFloat:
    case PhysicalType::kDouble:
      return DataType::kDouble;
    case PhysicalType::kByteArray:
    case PhysicalType::kFixedLenByteArray:
      return DataType::kVarchar;
  }
  return std::nullopt;
}

namespace {

double DecimalToDouble(__int128 unscaled, int32_t scale) {
  return static_cast<double>(unscaled) / std::pow(10.0, scale);
}

int64_t ToMicros(int64_t v, parquet::TimeUnit unit) {
  if (unit == parquet::TimeUnit::kMillis) return v * 1000;
  if (unit == parquet::TimeUnit::kNanos) return v >= 0 ? v / 1000 : -((-v + 999) / 1000);
  return v;
}

}  // namespace

Vector FromColumnVector(const parquet::ColumnDescriptor& c, DataType type,
                        parquet::ColumnVector v) {
  Vector out(type);
  out.length = v.length;
  out.valid = std::move(v.validity);
  size_t n = static_cast<size_t>(v.length);
  bool decimal = c.logical.kind == LogicalType::kDecimal;
  switch (c.physical) {
    case PhysicalType::kBoolean:
      out.i.assign(v.bools.begin(), v.bools.end());
      break;
    case PhysicalType::kInt32:
      if (decimal) {
        out.d.resize(n);
        for (size_t r = 0; r < n; ++r) out.d[r] = DecimalToDouble(v.i32[r], c.logical.scale);
      } else if (type == DataType::kBigint && c.logical.kind == LogicalType::kInteger &&
                 !c.logical.is_signed) {
        out.i.resize(n);
        for (size_t r = 0; r < n; ++r) out.i[r] = static_cast<uint32_t>(v.i32[r]);
      } else {
        out.i.assign(v.i32.begin(), v.i32.end());
      }
      break;
    case PhysicalType::kInt64:
      if (decimal) {
        out.d.resize(n);
        for (size_t r = 0; r < n; ++r) out.d[r] = DecimalToDouble(v.i64[r], c.logical.scale);
      } else if (type == DataType::kTimestamp && c.logical.unit != parquet::TimeUnit::kMicros) {
        out.i.resize(n);
        for (size_t r = 0; r < n; ++r) out.i[r] = ToMicros(v.i64[r], c.logical.unit);
      } else {
        out.i = std::move(v.i64);
      }
      break;
    case PhysicalType::kInt96:
      out.i.resize(n);
      for (size_t r = 0; r < n; ++r) {
        std::string_view b = v.Bytes(static_cast<int64_t>(r));
        if (b.size() < 12) continue;
        int64_t nanos;
        int32_t julian;
        std::memcpy(&nanos, b.data(), 8);
        std::memcpy(&julian, b.data() + 8, 4);
        out.i[r] = (static_cast<int64_t>(julian) - 2440588) * 86400000000LL + nanos / 1000;
      }
      break;
    case PhysicalType::kFloat:
      out.d.assign(v.f32.begin(), v.f32.end());
      break;
    case PhysicalType::kDouble:
      out.d = std::move(v.f64);
      break;
    case PhysicalType::kByteArray:
    case PhysicalType::kFixedLenByteArray:
      if (decimal) {
        out.d.resize(n);
        for (size_t r = 0; r < n; ++r) {
          std::string_view b = v.Bytes(static_cast<int64_t>(r));
          out.d[r] = b.empty() || b.size() > 16
                         ? 0
                         : DecimalToDouble(iceberg::DecimalFromBigEndian(b), c.logical.scale);
        }
      } else {
        out.s.reserve(n);
        for (size_t r = 0; r < n; ++r) {
          std::string_view b = v.Bytes(static_cast<int64_t>(r));
          out.s.emplace_back(b.data(), b.size());
        }
      }
      break;
  }
  return out;
}

namespace {

std::optional<std::string> PlainLiteral(const Value& v, const parquet::ColumnDescriptor& c,
                                        DataType type) {
  if (v.is_null || c.logical.kind == LogicalType::kDecimal) return std::nullopt;
  switch (c.physical) {
    case PhysicalType::kInt32: {
      if (!IsIntLike(v.type) || v.type == DataType::kTimestamp || type == DataType::kBigint)
        return std::nullopt;
      if (v.i < std::numeric_limits<int32_t>::min() || v.i > std::numeric_limits<int32_t>::max())
        return std::nullopt;
      int32_t x = static_cast<int32_t>(v.i);
      return std::string(reinterpret_cast<const char*>(&x), 4);
    }
    case PhysicalType::kInt64: {
      if (!IsIntLike(v.type) || v.type == DataType::kDate) return std::nullopt;
      if (type == DataType::kTimestamp && c.logical.unit != parquet::TimeUnit::kMicros)
        return std::nullopt;
      return std::string(reinterpret_cast<const char*>(&v.i), 8);
    }
    case PhysicalType::kDouble: {
      if (v.type != DataType::kDouble) return std::nullopt;
      return std::string(reinterpret_cast<const char*>(&v.d), 8);
    }
    case PhysicalType::kByteArray:
      if (v.type != DataType::kVarchar || c.logical.kind != LogicalType::kString)
        return std::nullopt;
      return v.s;
    default:
      return std::nullopt;
  }
}

}  // namespace

std::vector<parquet::ColumnPredicate> ToParquetPredicates(const ScanFilter& f,
                                                          const parquet::ColumnDescriptor& c,
                                                          int leaf) {
  std::vector<parquet::ColumnPredicate> out;
  auto type = SqlTypeOf(c);
  if (!type) return out;
  parquet::ColumnPredicate p;
  p.column = leaf;
  switch (f.op) {
    case ScanFilter::Op::kIsNull:
      p.op = parquet::CompareOp::kIsNull;
      out.push_back(p);
      return out;
    case ScanFilter::Op::kNotNull:
      p.op = parquet::CompareOp::kIsNotNull;
      out.push_back(p);
      return out;
    case ScanFilter::Op::kIn: {
      // IN (a, b, ...) implies min(a..) <= x <= max(a..) when all are comparable.
      if (f.values.empty()) return out;
      const Value* lo = &f.values[0];
      const Value* hi = &f.values[0];
      for (const Value& v : f.values) {
        if (v.is_null || v.type != lo->type) return out;
        bool less = v.type == DataType::kDouble    ? v.d < lo->d
                    : v.type == DataType::kVarchar ? v.s < lo->s
                                                   : v.i < lo->i;
        bool more = v.type == DataType::kDouble    ? v.d > hi->d
                    : v.type == DataType::kVarchar ? v.s > hi->s
                                                   : v.i > hi->i;
        if (less) lo = &v;
        if (more) hi = &v;
      }
      auto a = PlainLiteral(*lo, c, *type);
      auto b = PlainLiteral(*hi, c, *type);
      if (!a || !b) return out;
      p.op = parquet::CompareOp::kGe;
      p.literal = *a;
      out.push_back(p);
      p.op = parquet::CompareOp::kLe;
      p.literal = *b;
      out.push_back(p);
      return out;
    }
    default:
      break;
  }
  if (f.values.size() != 1) return out;
  auto lit = PlainLiteral(f.values[0], c, *type);
  if (!lit) return out;
  p.literal = *lit;
  switch (f.op) {
    case ScanFilter::Op::kEq:
      p.op = parquet::CompareOp::kEq;
      break;
    case ScanFilter::Op::kLt:
      p.op = parquet::CompareOp::kLt;
      break;
    case ScanFilter::Op::kLe:
      p.op = parquet::CompareOp::kLe;
      break;
    case ScanFilter::Op::kGt:
      p.op = parquet::CompareOp::kGt;
      break;
    case ScanFilter::Op::kGe:
      p.op = parquet::CompareOp::kGe;
      break;
    default:
      return {};
  }
  out.push_back(p);
  return out;
}

}  // namespace floe::query
