// Schema evolution (Iceberg spec "Schema Evolution"): add, rename, drop and
// widen top-level columns, or make them optional. Changes keep field ids, so
// data files written before read correctly: new columns read as null, renamed
// ones by id, widened ones promoted. Commit the result with AddSchema +
// SetCurrentSchema(-1).
#pragma once

#include <string>
#include <vector>

#include "floe/base/status.h"
#include "floe/iceberg/schema.h"

namespace floe::iceberg {

class SchemaUpdate {
 public:
  // `last_column_id` is the table's; new columns get ids above it.
  SchemaUpdate(const Schema& base, int32_t last_column_id) : base_(base), last_column_id_(last_column_id) {}

  // New columns are optional (required ones would need a default for old rows).
  SchemaUpdate& AddColumn(std::string name, Type type, std::string doc = "");
  SchemaUpdate& RenameColumn(const std::string& name, std::string new_name);
  // int → long, float → double, decimal(P,S) → decimal(P2,S) with P2 > P.
  SchemaUpdate& WidenColumn(const std::string& name, PrimitiveType type);
  SchemaUpdate& MakeOptional(const std::string& name);
  SchemaUpdate& DeleteColumn(const std::string& name);

  // The evolved schema (id: base id + 1) and the new last column id; the first
  // invalid change is reported as InvalidArgument.
  Result<Schema> Apply(int32_t* last_column_id) const;

 private:
  struct Change {
    enum Kind { kAdd, kRename, kWiden, kOptional, kDelete } kind;
    std::string name;
    std::string new_name;
    Type type;
    std::string doc;
  };
  const Schema& base_;
  int32_t last_column_id_;
  std::vector<Change> changes_;
};

// Whether values of `from` can be read as `to` by promotion.
bool CanPromote(const PrimitiveType& from, const PrimitiveType& to);

}  // namespace floe::iceberg
