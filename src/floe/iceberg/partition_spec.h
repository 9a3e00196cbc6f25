// Partition specs (spec "Partitioning"): how partition values derive from
// source columns. Partition field ids are unique across all specs of a table
// and assigned from the table's last-partition-id + 1, the first being 1000;
// a table that was never partitioned has last-partition-id 999.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "floe/base/status.h"
#include "floe/iceberg/schema.h"
#include "floe/iceberg/transforms.h"

namespace floe::iceberg {

inline constexpr int32_t kPartitionDataIdStart = 1000;
inline constexpr int32_t kUnpartitionedLastAssignedId = 999;
inline constexpr int32_t kInitialSpecId = 0;

struct PartitionField {
  int32_t source_id = 0;
  int32_t field_id = 0;
  std::string name;
  Transform transform;

  bool operator==(const PartitionField&) const = default;
};

class PartitionSpec {
 public:
  // The unpartitioned spec: id 0, no fields.
  PartitionSpec() = default;
  // Unchecked, as read from metadata; see Validate() and Make().
  PartitionSpec(int32_t spec_id, std::vector<PartitionField> fields)
      : spec_id_(spec_id), fields_(std::move(fields)) {}
  // A spec checked by Validate(schema).
  static Result<PartitionSpec> Make(const Schema& schema, int32_t spec_id,
                                    std::vector<PartitionField> fields);
  static PartitionSpec Unpartitioned() { return PartitionSpec(); }

  int32_t spec_id() const { return spec_id_; }
  const std::vector<PartitionField>& fields() const { return fields_; }
  // No fields, or only void ones.
  bool IsUnpartitioned() const;
  // The highest partition field id, or 999 when there are none.
  int32_t LastAssignedFieldId() const;

  // Field ids and names unique, names non-empty; every non-void field's source
  // is a primitive field of `schema` (not inside a list or map) that its
  // transform accepts; one field per (source, transform); a name equal to a
  // schema column is allowed only for an identity field of that very column.
  Status Validate(const Schema& schema) const;
  // The partition tuple's type: a struct of optional fields with the partition
  // field ids, names and transform result types (the manifest's `partition`).
  Result<Type> PartitionType(const Schema& schema) const;

  // Same fields (ids, names, sources, transforms); the spec id is ignored.
  bool SameFields(const PartitionSpec& other) const { return fields_ == other.fields_; }
  bool operator==(const PartitionSpec&) const = default;

 private:
  int32_t spec_id_ = kInitialSpecId;
  std::vector<PartitionField> fields_;
};

// The highest field id over all specs, or 999 when none has fields.
int32_t LastPartitionId(const std::vector<PartitionSpec>& specs);

// Java's default partition field names: identity keeps the column name;
// `<col>_bucket`, `<col>_trunc`, `<col>_year`, `<col>_month`, `<col>_day`,
// `<col>_hour`, `<col>_null` (void).
std::string DefaultPartitionName(std::string_view source_name, const Transform& transform);

// Builds a spec over a schema by column name, assigning field ids from
// last_assigned_field_id + 1 and default names where none is given. The first
// error (unknown column, bad transform) is reported by Build().
class PartitionSpecBuilder {
 public:
  explicit PartitionSpecBuilder(Schema schema, int32_t spec_id = kInitialSpecId,
                                int32_t last_assigned_field_id = kUnpartitionedLastAssignedId);

  PartitionSpecBuilder& Add(std::string_view source_name, Transform transform,
                            std::string name = "");
  PartitionSpecBuilder& Identity(std::string_view source, std::string name = "");
  PartitionSpecBuilder& Bucket(std::string_view source, int32_t n, std::string name = "");
  PartitionSpecBuilder& Truncate(std::string_view source, int32_t w, std::string name = "");
  PartitionSpecBuilder& Year(std::string_view source, std::string name = "");
  PartitionSpecBuilder& Month(std::string_view source, std::string name = "");
  PartitionSpecBuilder& Day(std::string_view source, std::string name = "");
  PartitionSpecBuilder& Hour(std::string_view source, std::string name = "");
  PartitionSpecBuilder& Void(std::string_view source, std::string name = "");

  Result<PartitionSpec> Build() const;

 private:
  Schema schema_;
  int32_t spec_id_;
  int32_t last_id_;
  std::vector<PartitionField> fields_;
  Status error_;
};

}  // namespace floe::iceberg
