// A dynamic Avro datum. An AvroValue has no schema of its own: the encoder
// checks it against the schema node it is written as, and the decoder produces
// values shaped by the schema it reads with.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "floe/format/avro/schema.h"

namespace floe::avro {

class AvroValue {
 public:
  enum class Kind {
    kNull,
    kBoolean,
    kInt,
    kLong,
    kFloat,
    kDouble,
    kBytes,
    kString,
    kRecord,
    kEnum,
    kArray,
    kMap,
    kUnion,
    kFixed,
  };

  AvroValue() = default;  // null

  static AvroValue Null() { return AvroValue(); }
  static AvroValue Boolean(bool v);
  static AvroValue Int(int32_t v);
  static AvroValue Long(int64_t v);
  static AvroValue Float(float v);
  static AvroValue Double(double v);
  static AvroValue Bytes(std::string v);
  static AvroValue String(std::string v);
  static AvroValue Fixed(std::string v);
  // Field values in the record schema's field order.
  static AvroValue Record(std::vector<AvroValue> fields);
  static AvroValue Enum(int symbol_index);
  static AvroValue Array(std::vector<AvroValue> items);
  // Entries in the order given (Avro maps are unordered; floe keeps the order).
  static AvroValue Map(std::vector<std::pair<std::string, AvroValue>> entries);
  static AvroValue Union(int branch, AvroValue value);
  // Shorthands for the ubiquitous ["null", T]: Null → branch 0, else branch 1.
  static AvroValue OptionalNull() { return Union(0, Null()); }
  static AvroValue Optional(AvroValue value) { return Union(1, std::move(value)); }

  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::kNull; }

  // REQUIRES: the matching kind (checked; a mismatch is a bug and aborts).
  bool boolean() const;
  int32_t int_value() const;
  int64_t long_value() const;
  float float_value() const;
  double double_value() const;
  // kBytes, kString and kFixed.
  const std::string& bytes() const;
  int enum_index() const;
  int union_branch() const;
  const AvroValue& union_value() const;
  // kRecord fields, kArray items, kMap values.
  const std::vector<AvroValue>& children() const { return children_; }
  std::vector<AvroValue>& mutable_children() { return children_; }
  // kMap keys, parallel to children().
  const std::vector<std::string>& map_keys() const { return keys_; }

  // kRecord: field `i`. REQUIRES: i < children().size().
  const AvroValue& Field(size_t i) const;
  // kRecord shaped by `record` (a kRecord node): the field called `name`, or
  // nullptr when the schema has no such field.
  const AvroValue* Field(const AvroNode& record, std::string_view name) const;
  // kUnion: the branch value, or nullptr when it is null. Other kinds: this, or
  // nullptr when null. Reads ["null", T] fields without caring which side is null.
  const AvroValue* NonNull() const;

  // Structural equality; float and double compare by bit pattern (so NaN == NaN
  // and 0.0 != -0.0), which is what round-trip tests want.
  friend bool operator==(const AvroValue& a, const AvroValue& b);

 private:
  Kind kind_ = Kind::kNull;
  int64_t int_ = 0;  // boolean, int, long, enum index, union branch
  double double_ = 0;
  float float_ = 0;
  std::string bytes_;
  std::vector<AvroValue> children_;
  std::vector<std::string> keys_;
};

std::string_view AvroValueKindName(AvroValue::Kind kind);

}  // namespace floe::avro
