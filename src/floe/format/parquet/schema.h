// The Parquet schema as a tree of nodes carrying Iceberg field ids, and its flat
// list of leaf columns with their definition/repetition levels. The writer and
// reader handle flat schemas today; the tree keeps room for struct/list/map.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "floe/base/status.h"
#include "floe/format/parquet/metadata.h"

namespace floe::parquet {

struct Node {
  std::string name;
  Repetition repetition = Repetition::kOptional;
  std::optional<int32_t> field_id;
  bool is_group = false;
  // Leaves.
  PhysicalType physical = PhysicalType::kInt32;
  int32_t type_length = 0;  // FIXED_LEN_BYTE_ARRAY width
  LogicalType logical;      // also LIST/MAP on groups
  // Legacy annotation read from files that carry no LogicalType.
  std::optional<ConvertedType> converted;
  // Groups.
  std::vector<Node> children;

  static Node Leaf(std::string name, std::optional<int32_t> field_id, Repetition repetition,
                   PhysicalType physical, LogicalType logical = {}, int32_t type_length = 0);
  static Node Group(std::string name, std::optional<int32_t> field_id, Repetition repetition,
                    std::vector<Node> children, LogicalType logical = {});
};

// A leaf column: where it sits and how its values are typed.
struct ColumnDescriptor {
  std::vector<std::string> path;
  std::string name;  // last path element
  std::optional<int32_t> field_id;
  Repetition repetition = Repetition::kOptional;
  PhysicalType physical = PhysicalType::kInt32;
  int32_t type_length = 0;
  LogicalType logical;  // resolved from ConvertedType when the file had none
  int16_t max_def = 0;
  int16_t max_rep = 0;

  std::string DottedPath() const;
  // True when TYPE_ORDER compares this column's values as signed (all numeric
  // physical types, and DECIMAL stored as bytes); false for unsigned byte order.
  bool SignedOrder() const;
};

class Schema {
 public:
  // Validates the nodes (names, FIXED lengths, decimal precision fits the physical type).
  static Result<Schema> Make(std::vector<Node> fields);
  static Result<Schema> FromThrift(const std::vector<SchemaElement>& elements);

  std::vector<SchemaElement> ToThrift() const;
  const std::vector<Node>& fields() const { return fields_; }
  const std::vector<ColumnDescriptor>& columns() const { return columns_; }
  // True when every column is a top-level primitive (no groups, no repetition).
  bool IsFlat() const;
  // Index of the leaf column whose dotted path is `path`, or -1.
  int FindColumn(const std::string& path) const;
  // Indented, one node per line, e.g. "  optional binary sensor_id (STRING) = 1;".
  std::string ToString() const;

 private:
  std::vector<Node> fields_;
  std::vector<ColumnDescriptor> columns_;
};

std::string LogicalTypeToString(const LogicalType& lt);

}  // namespace floe::parquet
