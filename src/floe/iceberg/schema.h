// floe::iceberg — the Iceberg table model. This file: primitive types and
// schemas (Iceberg spec "Schemas and Data Types"); nested struct/list/map types
// are part of the id space but not modelled yet.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "floe/base/status.h"

namespace floe::iceberg {

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

  // The spec's JSON spelling: "long", "decimal(9,2)", "fixed[16]", ...
  std::string ToString() const;
  static Result<PrimitiveType> Parse(const std::string& text);
  bool operator==(const PrimitiveType&) const = default;
};

struct NestedField {
  int32_t id = 0;
  std::string name;
  bool required = false;
  PrimitiveType type;
  std::string doc;
};

// Field ids above this are reserved by the spec for metadata columns.
inline constexpr int32_t kMaxUserFieldId = 2147483447;

class Schema {
 public:
  // Validates ids (positive, unique, not reserved), names (non-empty, unique).
  static Result<Schema> Make(int32_t schema_id, std::vector<NestedField> fields,
                             std::vector<int32_t> identifier_field_ids = {});

  int32_t schema_id() const { return schema_id_; }
  const std::vector<NestedField>& fields() const { return fields_; }
  const std::vector<int32_t>& identifier_field_ids() const { return identifier_field_ids_; }
  int32_t HighestFieldId() const;
  // Index into fields() of the field called `name` (case-sensitive), or -1.
  int FindField(const std::string& name) const;

 private:
  int32_t schema_id_ = 0;
  std::vector<NestedField> fields_;
  std::vector<int32_t> identifier_field_ids_;
};

// Iceberg schema JSON (spec Appendix C): {"type":"struct","schema-id":0,"fields":[...]}.
Result<Schema> SchemaFromJson(const std::string& json);
std::string SchemaToJson(const Schema& schema);

// Bytes of the smallest two's complement integer that holds every decimal of
// `precision` digits (the FIXED_LEN_BYTE_ARRAY width Iceberg uses).
int32_t DecimalRequiredBytes(int32_t precision);

}  // namespace floe::iceberg
