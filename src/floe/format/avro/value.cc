#include "floe/format/avro/value.h"

#include <cstring>

namespace floe::avro {

AvroValue AvroValue::Boolean(bool v) {
  AvroValue out;
  out.kind_ = Kind::kBoolean;
  out.int_ = v ? 1 : 0;
  return out;
}
AvroValue AvroValue::Int(int32_t v) {
  AvroValue out;
  out.kind_ = Kind::kInt;
  out.int_ = v;
  return out;
}
AvroValue AvroValue::Long(int64_t v) {
  AvroValue out;
  out.kind_ = Kind::kLong;
  out.int_ = v;
  return out;
}
AvroValue AvroValue::Float(float v) {
  AvroValue out;
  out.kind_ = Kind::kFloat;
  out.float_ = v;
  return out;
}
AvroValue AvroValue::Double(double v) {
  AvroValue out;
  out.kind_ = Kind::kDouble;
  out.double_ = v;
  return out;
}
AvroValue AvroValue::Bytes(std::string v) {
  AvroValue out;
  out.kind_ = Kind::kBytes;
  out.bytes_ = std::move(v);
  return out;
}
AvroValue AvroValue::String(std::string v) {
  AvroValue out;
  out.kind_ = Kind::kString;
  out.bytes_ = std::move(v);
  return out;
}
AvroValue AvroValue::Fixed(std::string v) {
  AvroValue out;
  out.kind_ = Kind::kFixed;
  out.bytes_ = std::move(v);
  return out;
}
AvroValue AvroValue::Record(std::vector<AvroValue> fields) {
  AvroValue out;
  out.kind_ = Kind::kRecord;
  out.children_ = std::move(fields);
  return out;
}
AvroValue AvroValue::Enum(int symbol_index) {
  AvroValue out;
  out.kind_ = Kind::kEnum;
  out.int_ = symbol_index;
  return out;
}
AvroValue AvroValue::Array(std::vector<AvroValue> items) {
  AvroValue out;
  out.kind_ = Kind::kArray;
  out.children_ = std::move(items);
  return out;
}
AvroValue AvroValue::Map(std::vector<std::pair<std::string, AvroValue>> entries) {
  AvroValue out;
  out.kind_ = Kind::kMap;
  out.keys_.reserve(entries.size());
  out.children_.reserve(entries.size());
  for (auto& [k, v] : entries) {
    out.keys_.push_back(std::move(k));
    out.children_.push_back(std::move(v));
  }
  return out;
}
AvroValue AvroValue::Union(int branch, AvroValue value) {
  AvroValue out;
  out.kind_ = Kind::kUnion;
  out.int_ = branch;
  out.children_.push_back(std::move(value));
  return out;
}

bool AvroValue::boolean() const {
  FLOE_CHECK(kind_ == Kind::kBoolean);
  return int_ != 0;
}
int32_t AvroValue::int_value() const {
  FLOE_CHECK(kind_ == Kind::kInt);
  return static_cast<int32_t>(int_);
}
int64_t AvroValue::long_value() const {
  FLOE_CHECK(kind_ == Kind::kLong);
  return int_;
}
float AvroValue::float_value() const {
  FLOE_CHECK(kind_ == Kind::kFloat);
  return float_;
}
double AvroValue::double_value() const {
  FLOE_CHECK(kind_ == Kind::kDouble);
  return double_;
}
const std::string& AvroValue::bytes() const {
  FLOE_CHECK(kind_ == Kind::kBytes || kind_ == Kind::kString || kind_ == Kind::kFixed);
  return bytes_;
}
int AvroValue::enum_index() const {
  FLOE_CHECK(kind_ == Kind::kEnum);
  return static_cast<int>(int_);
}
int AvroValue::union_branch() const {
  FLOE_CHECK(kind_ == Kind::kUnion);
  return static_cast<int>(int_);
}
const AvroValue& AvroValue::union_value() const {
  FLOE_CHECK(kind_ == Kind::kUnion && children_.size() == 1);
  return children_[0];
}

const AvroValue& AvroValue::Field(size_t i) const {
  FLOE_CHECK(kind_ == Kind::kRecord && i < children_.size());
  return children_[i];
}

const AvroValue* AvroValue::Field(const AvroNode& record, std::string_view name) const {
  FLOE_CHECK(kind_ == Kind::kRecord);
  int i = record.FieldIndex(name);
  if (i < 0 || static_cast<size_t>(i) >= children_.size()) return nullptr;
  return &children_[static_cast<size_t>(i)];
}

const AvroValue* AvroValue::NonNull() const {
  const AvroValue* v = this;
  if (v->kind_ == Kind::kUnion) v = &v->union_value();
  return v->is_null() ? nullptr : v;
}

bool operator==(const AvroValue& a, const AvroValue& b) {
  if (a.kind_ != b.kind_) return false;
  switch (a.kind_) {
    case AvroValue::Kind::kNull:
      return true;
    case AvroValue::Kind::kFloat:
      return std::memcmp(&a.float_, &b.float_, sizeof(float)) == 0;
    case AvroValue::Kind::kDouble:
      return std::memcmp(&a.double_, &b.double_, sizeof(double)) == 0;
    default:
      return a.int_ == b.int_ && a.bytes_ == b.bytes_ && a.keys_ == b.keys_ &&
             a.children_ == b.children_;
  }
}

std::string_view AvroValueKindName(AvroValue::Kind kind) {
  switch (kind) {
    case AvroValue::Kind::kNull:
      return "null";
    case AvroValue::Kind::kBoolean:
      return "boolean";
    case AvroValue::Kind::kInt:
      return "int";
    case AvroValue::Kind::kLong:
      return "long";
    case AvroValue::Kind::kFloat:
      return "float";
    case AvroValue::Kind::kDouble:
      return "double";
    case AvroValue::Kind::kBytes:
      return "bytes";
    case AvroValue::Kind::kString:
      return "string";
    case AvroValue::Kind::kRecord:
      return "record";
    case AvroValue::Kind::kEnum:
      return "enum";
    case AvroValue::Kind::kArray:
      return "array";
    case AvroValue::Kind::kMap:
      return "map";
    case AvroValue::Kind::kUnion:
      return "union";
    case AvroValue::Kind::kFixed:
      return "fixed";
  }
  return "?";
}

}  // namespace floe::avro
