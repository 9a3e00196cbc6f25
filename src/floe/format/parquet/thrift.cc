#include "floe/format/parquet/thrift.h"

#include "floe/base/coding.h"

namespace floe::parquet::thrift {
namespace {
constexpr size_t kMaxDepth = 64;
}  // namespace

void Writer::FieldHeader(int16_t id, Type type) {
  int delta = id - last_id_;
  if (delta > 0 && delta <= 15) {
    out_->push_back(static_cast<char>((delta << 4) | type));
  } else {
    out_->push_back(static_cast<char>(type));
    PutVarint32(out_, ZigZagEncode32(id));
  }
  last_id_ = id;
}

void Writer::I32(int16_t id, int32_t v) {
  FieldHeader(id, kI32);
  PutVarint32(out_, ZigZagEncode32(v));
}

void Writer::I64(int16_t id, int64_t v) {
  FieldHeader(id, kI64);
  PutVarint64(out_, ZigZagEncode64(v));
}

void Writer::Bool(int16_t id, bool v) { FieldHeader(id, v ? kBoolTrue : kBoolFalse); }

void Writer::Binary(int16_t id, std::string_view v) {
  FieldHeader(id, kBinary);
  PutVarint32(out_, static_cast<uint32_t>(v.size()));
  out_->append(v);
}

void Writer::BeginStruct(int16_t id) {
  FieldHeader(id, kStruct);
  stack_.push_back(last_id_);
  last_id_ = 0;
}

void Writer::BeginListStruct() {
  stack_.push_back(last_id_);
  last_id_ = 0;
}

void Writer::EndStruct() {
  out_->push_back(static_cast<char>(kStop));
  last_id_ = stack_.back();
  stack_.pop_back();
}

void Writer::BeginList(int16_t id, Type elem, int32_t size) {
  FieldHeader(id, kList);
  if (size < 15) {
    out_->push_back(static_cast<char>((size << 4) | elem));
  } else {
    out_->push_back(static_cast<char>(0xF0 | elem));
    PutVarint32(out_, static_cast<uint32_t>(size));
  }
}

void Writer::ListI32(int32_t v) { PutVarint32(out_, ZigZagEncode32(v)); }

void Writer::ListBinary(std::string_view v) {
  PutVarint32(out_, static_cast<uint32_t>(v.size()));
  out_->append(v);
}

void Writer::Stop() { out_->push_back(static_cast<char>(kStop)); }

Status Reader::Error(const char* what) const {
  return DataLoss(std::string("corrupt Parquet metadata: ") + what + " at byte " +
                  std::to_string(position()));
}

Status Reader::Varint(uint64_t* v) {
  if (!GetVarint64(&p_, end_, v)) return Error("truncated varint");
  return Status::OK();
}

Status Reader::ReadFieldHeader(int16_t* id, Type* type) {
  if (p_ >= end_) return Error("truncated struct");
  uint8_t b = *p_++;
  *type = static_cast<Type>(b & 0x0F);
  if (*type == kStop) {
    *id = 0;
    return Status::OK();
  }
  if (*type > kStruct) return Error("unknown field type");
  int delta = b >> 4;
  if (delta != 0) {
    *id = static_cast<int16_t>(last_id_ + delta);
  } else {
    uint64_t raw;
    FLOE_RETURN_IF_ERROR(Varint(&raw));
    *id = static_cast<int16_t>(ZigZagDecode32(static_cast<uint32_t>(raw)));
  }
  last_id_ = *id;
  return Status::OK();
}

Status Reader::ReadI32(Type type, int32_t* v) {
  if (type != kI32 && type != kI16 && type != kByte) return Error("expected i32");
  if (type == kByte) {
    if (p_ >= end_) return Error("truncated byte");
    *v = static_cast<int8_t>(*p_++);
    return Status::OK();
  }
  uint64_t raw;
  FLOE_RETURN_IF_ERROR(Varint(&raw));
  *v = ZigZagDecode32(static_cast<uint32_t>(raw));
  return Status::OK();
}

Status Reader::ReadI64(Type type, int64_t* v) {
  if (type == kI32 || type == kI16 || type == kByte) {
    int32_t narrow;
    FLOE_RETURN_IF_ERROR(ReadI32(type, &narrow));
    *v = narrow;
    return Status::OK();
  }
  if (type != kI64) return Error("expected i64");
  uint64_t raw;
  FLOE_RETURN_IF_ERROR(Varint(&raw));
  *v = ZigZagDecode64(raw);
  return Status::OK();
}

Status Reader::ReadBool(Type type, bool* v) {
  if (type != kBoolTrue && type != kBoolFalse) return Error("expected bool");
  *v = type == kBoolTrue;
  return Status::OK();
}

Status Reader::ReadBinary(Type type, std::string* v) {
  if (type != kBinary) return Error("expected binary");
  return ReadElemBinary(kBinary, v);
}

Status Reader::ReadListHeader(Type type, Type* elem, int32_t* size) {
  if (type != kList && type != kSet) return Error("expected list");
  if (p_ >= end_) return Error("truncated list");
  uint8_t b = *p_++;
  *elem = static_cast<Type>(b & 0x0F);
  uint64_t n = b >> 4;
  if (n == 15) FLOE_RETURN_IF_ERROR(Varint(&n));
  // Every element takes at least one byte, except bools packed... which also take one.
  if (n > static_cast<uint64_t>(end_ - p_)) return Error("list longer than the metadata");
  *size = static_cast<int32_t>(n);
  return Status::OK();
}

Status Reader::ReadElemI32(Type elem, int32_t* v) { return ReadI32(elem, v); }

Status Reader::ReadElemBinary(Type elem, std::string* v) {
  if (elem != kBinary) return Error("expected binary element");
  uint64_t n;
  FLOE_RETURN_IF_ERROR(Varint(&n));
  if (n > static_cast<uint64_t>(end_ - p_)) return Error("string longer than the metadata");
  v->assign(reinterpret_cast<const char*>(p_), static_cast<size_t>(n));
  p_ += n;
  return Status::OK();
}

Status Reader::ReadElemBool(Type elem, bool* v) {
  if (p_ >= end_) return Error("truncated bool");
  *v = (*p_++ == 1);
  return Status::OK();
}

Status Reader::BeginStruct(Type type) {
  if (type != kStruct) return Error("expected struct");
  if (stack_.size() >= kMaxDepth) return Error("structs nested too deeply");
  stack_.push_back(last_id_);
  last_id_ = 0;
  return Status::OK();
}

void Reader::EndStruct() {
  last_id_ = stack_.back();
  stack_.pop_back();
}

Status Reader::Skip(Type type, bool in_list) {
  uint64_t raw;
  switch (type) {
    case kBoolTrue:
    case kBoolFalse:
      if (in_list) {
        if (p_ >= end_) return Error("truncated bool");
        ++p_;
      }
      return Status::OK();
    case kByte:
      if (p_ >= end_) return Error("truncated byte");
      ++p_;
      return Status::OK();
    case kI16:
    case kI32:
    case kI64:
      return Varint(&raw);
    case kDouble:
      if (end_ - p_ < 8) return Error("truncated double");
      p_ += 8;
      return Status::OK();
    case kBinary: {
      std::string ignored;
      return ReadElemBinary(kBinary, &ignored);
    }
    case kList:
    case kSet: {
      Type elem;
      int32_t n;
      FLOE_RETURN_IF_ERROR(ReadListHeader(type, &elem, &n));
      // Containers count toward the nesting limit like structs, so nested
      // lists in unknown fields cannot recurse off the stack.
      if (stack_.size() >= kMaxDepth) return Error("containers nested too deeply");
      stack_.push_back(last_id_);
      Status st;
      for (int32_t i = 0; i < n && st.ok(); ++i) st = Skip(elem, true);
      stack_.pop_back();
      return st;
    }
    case kMap: {
      FLOE_RETURN_IF_ERROR(Varint(&raw));
      if (raw == 0) return Status::OK();
      if (raw > static_cast<uint64_t>(end_ - p_)) return Error("map longer than the metadata");
      if (p_ >= end_) return Error("truncated map");
      if (stack_.size() >= kMaxDepth) return Error("containers nested too deeply");
      uint8_t kv = *p_++;
      stack_.push_back(last_id_);
      Status st;
      for (uint64_t i = 0; i < raw && st.ok(); ++i) {
        st = Skip(static_cast<Type>(kv >> 4), true);
        if (st.ok()) st = Skip(static_cast<Type>(kv & 0x0F), true);
      }
      stack_.pop_back();
      return st;
    }
    case kStruct: {
      FLOE_RETURN_IF_ERROR(BeginStruct(kStruct));
      while (true) {
        int16_t id;
        Type t;
        FLOE_RETURN_IF_ERROR(ReadFieldHeader(&id, &t));
        if (t == kStop) break;
        FLOE_RETURN_IF_ERROR(Skip(t));
      }
      EndStruct();
      return Status::OK();
    }
    default:
      return Error("unknown type");
  }
}

}  // namespace floe::parquet::thrift
