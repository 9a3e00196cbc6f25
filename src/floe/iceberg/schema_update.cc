#include "floe/iceberg/schema_update.h"

#include <algorithm>

namespace floe::iceberg {

bool CanPromote(const PrimitiveType& from, const PrimitiveType& to) {
  if (from == to) return true;
  if (from.id == TypeId::kInt && to.id == TypeId::kLong) return true;
  if (from.id == TypeId::kFloat && to.id == TypeId::kDouble) return true;
  return from.id == TypeId::kDecimal && to.id == TypeId::kDecimal && from.scale == to.scale &&
         to.precision > from.precision;
}

SchemaUpdate& SchemaUpdate::AddColumn(std::string name, Type type, std::string doc) {
  changes_.push_back({Change::kAdd, std::move(name), "", std::move(type), std::move(doc)});
  return *this;
}
SchemaUpdate& SchemaUpdate::RenameColumn(const std::string& name, std::string new_name) {
  changes_.push_back({Change::kRename, name, std::move(new_name), Type(), ""});
  return *this;
}
SchemaUpdate& SchemaUpdate::WidenColumn(const std::string& name, PrimitiveType type) {
  changes_.push_back({Change::kWiden, name, "", Type(type), ""});
  return *this;
}
SchemaUpdate& SchemaUpdate::MakeOptional(const std::string& name) {
  changes_.push_back({Change::kOptional, name, "", Type(), ""});
  return *this;
}
SchemaUpdate& SchemaUpdate::DeleteColumn(const std::string& name) {
  changes_.push_back({Change::kDelete, name, "", Type(), ""});
  return *this;
}

Result<Schema> SchemaUpdate::Apply(int32_t* last_column_id) const {
  std::vector<NestedField> fields = base_.fields();
  int32_t next_id = std::max(last_column_id_, base_.HighestFieldId());
  std::vector<int32_t> identifiers = base_.identifier_field_ids();
  auto find = [&](const std::string& name) -> NestedField* {
    for (auto& f : fields) {
      if (f.name == name) return &f;
    }
    return nullptr;
  };
  for (const Change& c : changes_) {
    if (c.kind == Change::kAdd) {
      if (find(c.name)) return InvalidArgument("cannot add column \"" + c.name + "\": it already exists");
      if (!c.type.is_primitive()) return InvalidArgument("adding nested columns is not supported yet");
      fields.push_back(NestedField{++next_id, c.name, false, c.type, c.doc});
      continue;
    }
    NestedField* f = find(c.name);
    if (!f) return InvalidArgument("no column named \"" + c.name + "\"");
    switch (c.kind) {
      case Change::kRename:
        if (c.new_name.empty()) return InvalidArgument("cannot rename \"" + c.name + "\" to an empty name");
        if (find(c.new_name)) return InvalidArgument("cannot rename \"" + c.name + "\": \"" + c.new_name + "\" exists");
        f->name = c.new_name;
        break;
      case Change::kWiden:
        if (!f->type.is_primitive() || !CanPromote(f->type.primitive(), c.type.primitive())) {
          return InvalidArgument("cannot change column \"" + c.name + "\" from " + f->type.ToString() + " to " +
                                 c.type.ToString() + " (allowed: int→long, float→double, wider decimal precision)");
        }
        f->type = c.type;
        break;
      case Change::kOptional:
        if (std::count(identifiers.begin(), identifiers.end(), f->id)) {
          return InvalidArgument("column \"" + c.name + "\" is an identifier field and must stay required");
        }
        f->required = false;
        break;
      case Change::kDelete: {
        if (std::count(identifiers.begin(), identifiers.end(), f->id)) {
          return InvalidArgument("cannot delete identifier field \"" + c.name + "\"");
        }
        int32_t id = f->id;
        std::erase_if(fields, [&](const NestedField& x) { return x.id == id; });
        break;
      }
      case Change::kAdd: break;
    }
  }
  *last_column_id = next_id;
  return Schema::Make(base_.schema_id() + 1, std::move(fields), std::move(identifiers));
}

}  // namespace floe::iceberg
