#include "floe/query/vector.h"

namespace floe::query {

Value Vector::Get(int64_t r) const {
  if (IsNull(r)) return Value::Null(type);
  size_t k = static_cast<size_t>(r);
  if (type == DataType::kDouble) return Value::Double(d[k]);
  if (type == DataType::kVarchar) return Value::String(Str(k));
  return Value::Int(i[k], type);
}

void Vector::Flatten() {
  if (!dict) return;
  s.clear();
  s.reserve(codes.size());
  for (uint32_t c : codes) s.push_back((*dict)[c]);
  dict.reset();
  codes.clear();
  codes.shrink_to_fit();
}

void Vector::AppendNull() {
  Flatten();
  if (valid.empty()) valid.assign(static_cast<size_t>(length), 1);
  valid.push_back(0);
  if (type == DataType::kDouble) {
    d.push_back(0);
  } else if (type == DataType::kVarchar) {
    s.emplace_back();
  } else if (type != DataType::kNull) {
    i.push_back(0);
  }
  ++length;
}

void Vector::Append(const Value& v) {
  if (v.is_null || type == DataType::kNull) return AppendNull();
  Flatten();
  if (!valid.empty()) valid.push_back(1);
  if (type == DataType::kDouble) {
    d.push_back(v.type == DataType::kDouble ? v.d : static_cast<double>(v.i));
  } else if (type == DataType::kVarchar) {
    s.push_back(v.s);
  } else {
    i.push_back(v.i);
  }
  ++length;
}

void Vector::Reserve(int64_t n) {
  size_t k = static_cast<size_t>(n);
  if (type == DataType::kDouble) {
    d.reserve(k);
  } else if (type == DataType::kVarchar) {
    s.reserve(k);
  } else if (type != DataType::kNull) {
    i.reserve(k);
  }
}

void Vector::SetNull(int64_t r) {
  if (valid.empty()) valid.assign(static_cast<size_t>(length), 1);
  valid[static_cast<size_t>(r)] = 0;
}

int64_t Vector::MemoryBytes() const {
  int64_t n = static_cast<int64_t>(valid.capacity() + i.capacity() * 8 + d.capacity() * 8 +
                                   s.capacity() * sizeof(std::string) + codes.capacity() * 4);
  if (dict) n += static_cast<int64_t>(dict->size() * sizeof(std::string));
  for (const auto& x : s) {
    if (x.capacity() > 15) n += static_cast<int64_t>(x.capacity());
  }
  return n;
}

Vector ConstantVector(const Value& v, int64_t n) {
  Vector out(v.type);
  out.length = n;
  size_t k = static_cast<size_t>(n);
  if (v.is_null) {
    out.valid.assign(k, 0);
    if (v.type == DataType::kDouble) {
      out.d.assign(k, 0);
    } else if (v.type == DataType::kVarchar) {
      out.s.assign(k, {});
    } else if (v.type != DataType::kNull) {
      out.i.assign(k, 0);
    }
    return out;
  }
  if (v.type == DataType::kDouble) {
    out.d.assign(k, v.d);
  } else if (v.type == DataType::kVarchar) {
    out.s.assign(k, v.s);
  } else if (v.type != DataType::kNull) {
    out.i.assign(k, v.i);
  }
  return out;
}

Vector Gather(const Vector& v, const std::vector<uint32_t>& sel) {
  Vector out(v.type);
  out.length = static_cast<int64_t>(sel.size());
  if (!v.valid.empty()) {
    out.valid.resize(sel.size());
    for (size_t k = 0; k < sel.size(); ++k) out.valid[k] = v.valid[sel[k]];
  }
  if (v.type == DataType::kDouble) {
    out.d.resize(sel.size());
    for (size_t k = 0; k < sel.size(); ++k) out.d[k] = v.d[sel[k]];
  } else if (v.type == DataType::kVarchar && v.dict) {
    out.dict = v.dict;
    out.codes.resize(sel.size());
    for (size_t k = 0; k < sel.size(); ++k) out.codes[k] = v.codes[sel[k]];
  } else if (v.type == DataType::kVarchar) {
    out.s.resize(sel.size());
    for (size_t k = 0; k < sel.size(); ++k) out.s[k] = v.s[sel[k]];
  } else if (!v.i.empty()) {
    out.i.resize(sel.size());
    for (size_t k = 0; k < sel.size(); ++k) out.i[k] = v.i[sel[k]];
  }
  return out;
}

void AppendVector(const Vector& src, Vector* dst) {
  if (!src.valid.empty() || !dst->valid.empty()) {
    if (dst->valid.empty()) dst->valid.assign(static_cast<size_t>(dst->length), 1);
    if (src.valid.empty()) {
      dst->valid.insert(dst->valid.end(), static_cast<size_t>(src.length), 1);
    } else {
      dst->valid.insert(dst->valid.end(), src.valid.begin(), src.valid.end());
    }
  }
  dst->i.insert(dst->i.end(), src.i.begin(), src.i.end());
  dst->d.insert(dst->d.end(), src.d.begin(), src.d.end());
  dst->Flatten();
  if (src.dict) {
    dst->s.reserve(dst->s.size() + src.codes.size());
    for (uint32_t c : src.codes) dst->s.push_back((*src.dict)[c]);
  } else {
    dst->s.insert(dst->s.end(), src.s.begin(), src.s.end());
  }
  dst->length += src.length;
}

Chunk GatherChunk(const Chunk& c, const std::vector<uint32_t>& sel) {
  Chunk out;
  out.rows = static_cast<int64_t>(sel.size());
  out.seq = c.seq;
  out.columns.reserve(c.columns.size());
  for (const auto& v : c.columns) {
    // Columns a scan left unread (length 0) stay empty.
    out.columns.push_back(v.length == c.rows ? Gather(v, sel) : Vector(v.type));
  }
  return out;
}

}  // namespace floe::query
