// The Iceberg type system (spec "Schemas and Data Types"): primitive types, and
// struct, list and map types nested to any depth. Nested types are immutable and
// shared: copying a Type copies a pointer, so schemas are cheap to pass around.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "floe/base/status.h"

namespace floe::iceberg {

// Primitive types only; nested types are told apart by Type::Kind.
enum class TypeId {
  kBoolean,
  kInt,
  kLong,
  kFloat,
  kDouble,
  kDecimal,
  kDate,
  kTime,
  kTimestamp,
  kTimestampTz,
  kString,
  kUuid,
  kFixed,
  kBinary,
};

struct PrimitiveType {
  TypeId id = TypeId::kString;
  int32_t precision = 0;  // decimal
  int32_t scale = 0;      // decimal
  int32_t length = 0;     // fixed[L]

  static PrimitiveType Of(TypeId id) { return PrimitiveType{id}; }
  // REQUIRES: 1 <= precision <= 38, 0 <= scale <= precision.
  static PrimitiveType Decimal(int32_t precision, int32_t scale) {
    return PrimitiveType{TypeId::kDecimal, precision, scale, 0};
  }
  // REQUIRES: length >= 1.
  static PrimitiveType Fixed(int32_t length) { return PrimitiveType{TypeId::kFixed, 0, 0, length}; }

  // The spec's JSON spelling: "long", "decimal(9,2)", "fixed[16]", ...
  std::string ToString() const;
  static Result<PrimitiveType> Parse(const std::string& text);
  bool operator==(const PrimitiveType&) const = default;
};

struct NestedField;
struct StructType;
struct ListType;
struct MapType;

// A primitive type or a nested one. A default Type is the primitive `string`.
class Type {
 public:
  enum class Kind { kPrimitive, kStruct, kList, kMap };

  Type() = default;
  Type(PrimitiveType primitive) : rep_(primitive) {}  // NOLINT(google-explicit-constructor)
  Type(TypeId id) : rep_(PrimitiveType::Of(id)) {}    // NOLINT(google-explicit-constructor)

  static Type Struct(std::vector<NestedField> fields);
  static Type List(int32_t element_id, bool element_required, Type element);
  // Map keys are always required.
  static Type Map(int32_t key_id, Type key, int32_t value_id, bool value_required, Type value);

  Kind kind() const { return static_cast<Kind>(rep_.index()); }
  bool is_primitive() const { return kind() == Kind::kPrimitive; }
  bool is_nested() const { return !is_primitive(); }
  // Each accessor REQUIRES the matching kind().
  const PrimitiveType& primitive() const;
  const StructType& struct_type() const;
  const ListType& list_type() const;
  const MapType& map_type() const;

  // Primitives as in JSON; nested types as "struct<1: a: required int>",
  // "list<string>", "map<string, double>" (for messages, not parsed back).
  std::string ToString() const;
  // Deep comparison, including field ids, names, requiredness and docs.
  bool operator==(const Type& other) const;

 private:
  std::variant<PrimitiveType, std::shared_ptr<const StructType>, std::shared_ptr<const ListType>,
               std::shared_ptr<const MapType>>
      rep_;
};

// A struct field, list element, map key or map value: everything that carries a
// field id. List elements are named "element", map keys "key", values "value".
struct NestedField {
  int32_t id = 0;
  std::string name;
  bool required = false;
  Type type;
  std::string doc;

  bool operator==(const NestedField&) const = default;
};

struct StructType {
  std::vector<NestedField> fields;

  // The direct child with this id / name (case-sensitive), or nullptr.
  const NestedField* FindField(int32_t id) const;
  const NestedField* FindField(std::string_view name) const;
  bool operator==(const StructType&) const = default;
};

struct ListType {
  NestedField element;
  bool operator==(const ListType&) const = default;
};

struct MapType {
  NestedField key;
  NestedField value;
  bool operator==(const MapType&) const = default;
};

inline constexpr char kListElementName[] = "element";
inline constexpr char kMapKeyName[] = "key";
inline constexpr char kMapValueName[] = "value";

// Bytes of the smallest two's complement integer that holds every decimal of
// `precision` digits (the FIXED_LEN_BYTE_ARRAY width Iceberg uses).
int32_t DecimalRequiredBytes(int32_t precision);

}  // namespace floe::iceberg
