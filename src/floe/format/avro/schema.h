// floe::avro — Apache Avro 1.11 written from the specification: schemas parsed
// from and printed to JSON with every attribute kept (Iceberg's field-id,
// element-id, key-id, value-id, logicalType "map"), a dynamic datum, the binary
// encoding, schema resolution and object container files with arbitrary header
// metadata. Iceberg manifests and manifest lists are written and read with it.
//
// This header: the schema model. A schema is a graph of nodes held in one
// vector; a named-type reference points at the node that defines the name, so
// recursive schemas are plain cycles of indices.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "floe/base/status.h"

namespace floe::avro {

// JSON whose objects keep their key order, so a schema prints as it was given.
using Json = nlohmann::ordered_json;

enum class AvroType {
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

// "null", "boolean", …, "record", "union" (for a union, which has no name in JSON).
std::string_view AvroTypeName(AvroType type);

// Limits on what ParseSchema accepts.
inline constexpr int kMaxSchemaDepth = 128;

struct AvroField {
  std::string name;
  int type = -1;  // Node index in the owning AvroSchema.
  // The field's "default" exactly as given (Avro's JSON default encoding);
  // nullopt when the field has none.
  std::optional<Json> default_value;
  std::vector<std::string> aliases;
  std::string doc;
  // The field object as given, including attributes floe does not interpret
  // ("field-id", …).
  Json json;
};

struct AvroNode {
  AvroType type = AvroType::kNull;
  // Named types (record, enum, fixed): the full name ("ns.name") and its parts.
  std::string full_name;
  std::string name;
  std::string name_space;
  std::vector<std::string> aliases;  // Full names.
  std::string doc;
  std::vector<AvroField> fields;     // kRecord
  std::vector<std::string> symbols;  // kEnum
  std::optional<int> enum_default;   // kEnum: index of the "default" symbol.
  int items = -1;                    // kArray: items; kMap: values (node index).
  std::vector<int> branches;         // kUnion: node indices.
  int64_t size = 0;                  // kFixed
  std::string logical_type;          // "logicalType" when given, else empty.
  // Derived: some datum of this node encodes to zero bytes (null, fixed(0),
  // records of such). Decoders use it to bound item counts by input size.
  bool may_encode_empty = false;
  // The node's JSON as given (a string for bare primitives, an array for unions).
  Json json;

  // Index of the field called `name`, or -1.
  int FieldIndex(std::string_view field_name) const;
  // The attribute `key` of this node's JSON object, or nullptr (also for
  // primitives written as bare strings).
  const Json* Attribute(std::string_view key) const;
};

// An immutable, validated schema. Copyable (it is data).
class AvroSchema {
 public:
  AvroSchema();  // The schema "null".

  int root() const { return root_; }
  const AvroNode& node(int index) const { return nodes_[static_cast<size_t>(index)]; }
  const AvroNode& root_node() const { return node(root_); }
  size_t node_count() const { return nodes_.size(); }

  // The JSON the schema was parsed from, compact, with all attributes and key
  // order preserved; this is what a container file stores as avro.schema.
  std::string ToJson() const;
  const Json& json() const { return root_node().json; }

 private:
  friend class SchemaParser;
  std::vector<AvroNode> nodes_;
  int root_ = 0;
};

// Parses and validates a schema. Errors are InvalidArgument naming the path of
// the offending node, e.g. "$.fields[2].type.items: unknown type 'r9'".
// Validation: names and symbols match [A-Za-z_][A-Za-z0-9_]*, no duplicate
// names, fields or symbols, unions hold no unions and no two branches of the same
// type (or the same full name), fixed size >= 0, every default is valid for its
// type (for a union: for the first branch, or — as Avro 1.12 allows — any branch).
Result<AvroSchema> ParseSchema(std::string_view json_text);
Result<AvroSchema> ParseSchemaJson(const Json& json);

}  // namespace floe::avro
