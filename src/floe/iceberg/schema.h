// floe::iceberg — the Iceberg table model: types and schemas, values and
// transforms, partition specs and sort orders, and their JSON forms.
// This file: schemas (spec "Schemas and Data Types"), a struct of top-level
// fields whose ids — nested ones included — are unique.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "floe/base/status.h"
#include "floe/iceberg/type.h"

namespace floe::iceberg {
namespace internal {
struct SchemaIndex;
}  // namespace internal

// Field ids above this are reserved by the spec for metadata columns.
inline constexpr int32_t kMaxUserFieldId = 2147483447;

class Schema {
 public:
  // Validates, at every depth: ids positive, not reserved and unique (struct
  // fields, list elements, map keys and values share one id space); struct
  // field names non-empty and unique within their struct; map keys required.
  // Identifier fields must exist, be primitive, required, not float/double, and
  // sit only inside required structs (not in lists or maps).
  static Result<Schema> Make(int32_t schema_id, std::vector<NestedField> fields,
                             std::vector<int32_t> identifier_field_ids = {});

  int32_t schema_id() const { return schema_id_; }
  const std::vector<NestedField>& fields() const { return struct_.struct_type().fields; }
  // The schema as a struct type (shared, not copied).
  const Type& AsStruct() const { return struct_; }
  const std::vector<int32_t>& identifier_field_ids() const { return identifier_field_ids_; }

  // The highest id anywhere in the schema, 0 for an empty schema: the table's
  // last-column-id must be at least this.
  int32_t HighestFieldId() const;
  // The field (struct field, list element, map key or value) with this id, at
  // any depth, or nullptr. Valid as long as any copy of this schema lives.
  const NestedField* FindField(int32_t id) const;
  // By full dotted name, case-sensitive: "location.lat", "tags.element",
  // "props.key", "props.value". Struct fields inside a list element or map
  // value also answer to the short name without "element"/"value"
  // ("points.x" for "points.element.x") when that is unambiguous.
  const NestedField* FindFieldByName(std::string_view name) const;
  // The full dotted name of the field with this id, or nullopt.
  std::optional<std::string> FindColumnName(int32_t id) const;
  // The id of the field that directly contains field `id` (0 for top-level
  // fields), or nullopt when `id` is not in the schema.
  std::optional<int32_t> FindParentId(int32_t id) const;
  // True when field `id` is a list element, map key or map value, or is nested
  // below one (such fields cannot be partition, sort or identifier sources).
  bool IsInsideListOrMap(int32_t id) const;

  // Same fields and identifier fields; the schema id is ignored.
  bool SameSchema(const Schema& other) const;

 private:
  Type struct_ = Type::Struct({});
  int32_t schema_id_ = 0;
  std::vector<int32_t> identifier_field_ids_;
  std::shared_ptr<const internal::SchemaIndex> index_;
};

// Iceberg schema JSON (spec Appendix C): {"type":"struct","schema-id":0,
// "identifier-field-ids":[...],"fields":[...]}, nested types as JSON objects.
Result<Schema> SchemaFromJson(const std::string& json);
std::string SchemaToJson(const Schema& schema);

}  // namespace floe::iceberg
