#include "floe/format/parquet/plain.h"

#include <cstring>

#include "floe/base/coding.h"

namespace floe::parquet {
namespace {

template <typename T>
void EncodeFixed(const std::vector<T>& values, const std::vector<uint8_t>& validity, int64_t offset,
                 int64_t count, std::string* out) {
  const T* src = values.data() + offset;
  if (validity.empty()) {
    out->append(reinterpret_cast<const char*>(src), static_cast<size_t>(count) * sizeof(T));
    return;
  }
  size_t start = out->size();
  out->resize(start + static_cast<size_t>(count) * sizeof(T));
  char* dst = out->data() + start;
  const uint8_t* valid = validity.data() + offset;
  for (int64_t i = 0; i < count; ++i) {
    std::memcpy(dst, &src[i], sizeof(T));
    dst += valid[i] ? sizeof(T) : 0;
  }
  out->resize(static_cast<size_t>(dst - out->data()));
}

template <typename T>
Result<size_t> DecodeFixed(std::string_view in, int64_t count, std::vector<T>* out) {
  size_t need = static_cast<size_t>(count) * sizeof(T);
  if (count < 0 || in.size() < need) return DataLoss("PLAIN values truncated");
  if (count == 0) return size_t{0};  // memcpy into an empty vector's null data() is UB
  size_t old = out->size();
  out->resize(old + static_cast<size_t>(count));
  std::memcpy(out->data() + old, in.data(), need);
  return need;
}

}  // namespace

void PlainEncode(const ColumnVector& v, int64_t offset, int64_t count, std::string* out) {
  switch (v.type) {
    case PhysicalType::kInt32: EncodeFixed(v.i32, v.validity, offset, count, out); return;
    case PhysicalType::kInt64: EncodeFixed(v.i64, v.validity, offset, count, out); return;
    case PhysicalType::kFloat: EncodeFixed(v.f32, v.validity, offset, count, out); return;
    case PhysicalType::kDouble: EncodeFixed(v.f64, v.validity, offset, count, out); return;
    case PhysicalType::kByteArray:
      for (int64_t i = offset; i < offset + count; ++i) {
        if (v.IsNull(i)) continue;
        uint32_t len = v.offsets[i + 1] - v.offsets[i];
        PutFixed32(out, len);
        out->append(v.bytes.data() + v.offsets[i], len);
      }
      return;
    case PhysicalType::kFixedLenByteArray:
      for (int64_t i = offset; i < offset + count; ++i) {
        if (v.IsNull(i)) continue;
        out->append(v.bytes.data() + v.offsets[i], v.offsets[i + 1] - v.offsets[i]);
      }
      return;
    default:
      return;
  }
}

Result<size_t> PlainDecode(std::string_view in, int64_t count, int32_t type_length,
                           ColumnVector* v) {
  switch (v->type) {
    case PhysicalType::kBoolean: {
      size_t need = (static_cast<size_t>(count) + 7) / 8;
      if (count < 0 || in.size() < need) return DataLoss("PLAIN booleans truncated");
      const uint8_t* p = reinterpret_cast<const uint8_t*>(in.data());
      for (int64_t i = 0; i < count; ++i) v->bools.push_back((p[i >> 3] >> (i & 7)) & 1);
      return need;
    }
    case PhysicalType::kInt32: return DecodeFixed(in, count, &v->i32);
    case PhysicalType::kInt64: return DecodeFixed(in, count, &v->i64);
    case PhysicalType::kFloat: return DecodeFixed(in, count, &v->f32);
    case PhysicalType::kDouble: return DecodeFixed(in, count, &v->f64);
    case PhysicalType::kInt96: {
      // INT96 is kept as 12 raw bytes.
      size_t need = static_cast<size_t>(count) * 12;
      if (count < 0 || in.size() < need) return DataLoss("PLAIN INT96 values truncated");
      for (int64_t i = 0; i < count; ++i) {
        v->bytes.append(in.data() + i * 12, 12);
        v->offsets.push_back(static_cast<uint32_t>(v->bytes.size()));
      }
      return need;
    }
    case PhysicalType::kByteArray: {
      const uint8_t* p = reinterpret_cast<const uint8_t*>(in.data());
      const uint8_t* end = p + in.size();
      const uint8_t* begin = p;
      v->offsets.reserve(v->offsets.size() + static_cast<size_t>(count));
      for (int64_t i = 0; i < count; ++i) {
        if (end - p < 4) return DataLoss("PLAIN byte array length truncated");
        uint32_t len = DecodeFixed32(p);
        p += 4;
        if (static_cast<size_t>(end - p) < len) return DataLoss("PLAIN byte array truncated");
        if (v->bytes.size() + len > UINT32_MAX) return ResourceExhausted("byte array column too large");
        v->bytes.append(reinterpret_cast<const char*>(p), len);
        v->offsets.push_back(static_cast<uint32_t>(v->bytes.size()));
        p += len;
      }
      return static_cast<size_t>(p - begin);
    }
    case PhysicalType::kFixedLenByteArray: {
      if (type_length <= 0) return DataLoss("FIXED_LEN_BYTE_ARRAY without a length");
      size_t need = static_cast<size_t>(count) * static_cast<size_t>(type_length);
      if (count < 0 || in.size() < need) return DataLoss("PLAIN fixed-length values truncated");
      if (v->bytes.size() + need > UINT32_MAX) return ResourceExhausted("byte array column too large");
      v->bytes.append(in.data(), need);
      uint32_t base = v->offsets.back();
      for (int64_t i = 1; i <= count; ++i) {
        v->offsets.push_back(base + static_cast<uint32_t>(i * type_length));
      }
      return need;
    }
  }
  return DataLoss("unknown physical type");
}

}  // namespace floe::parquet
