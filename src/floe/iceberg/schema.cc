#include "floe/iceberg/schema.h"

#include <algorithm>
#include <set>
#include <unordered_map>

namespace floe::iceberg {
namespace internal {

// Lookups by id and name, built once by Schema::Make. The field pointers point
// into the schema's shared, immutable struct type.
struct SchemaIndex {
  std::unordered_map<int32_t, const NestedField*> by_id;
  std::unordered_map<int32_t, int32_t> parent;
  std::unordered_map<int32_t, std::string> full_name;
  std::unordered_map<std::string, int32_t> by_name;
  std::unordered_map<std::string, int32_t> by_short_name;
  std::set<std::string> ambiguous_short_names;
  int32_t highest = 0;
};

}  // namespace internal

namespace {

using internal::SchemaIndex;

std::string Join(const std::string& prefix, const std::string& name) {
  return prefix.empty() ? name : prefix + "." + name;
}

Status VisitType(const Type& type, int32_t id, const std::string& full,
                 const std::string& short_name, SchemaIndex* index);

// Registers `f` (full name `Join(prefix, f.name)`, short name `short_name`)
// and everything below it.
Status AddField(const NestedField& f, int32_t parent_id, const std::string& prefix,
                const std::string& short_name, SchemaIndex* index) {
  std::string name = Join(prefix, f.name);
  if (f.id <= 0 || f.id > kMaxUserFieldId) {
    return InvalidArgument("field \"" + name + "\" has invalid id " + std::to_string(f.id));
  }
  if (!index->by_id.emplace(f.id, &f).second) {
    return InvalidArgument("duplicate field id " + std::to_string(f.id) + " (\"" +
                           index->full_name[f.id] + "\" and \"" + name + "\")");
  }
  index->highest = std::max(index->highest, f.id);
  index->parent[f.id] = parent_id;
  index->full_name[f.id] = name;
  index->by_name[name] = f.id;
  if (short_name != name && !index->by_name.count(short_name)) {
    if (!index->by_short_name.emplace(short_name, f.id).second) {
      index->ambiguous_short_names.insert(short_name);
    }
  }
  return VisitType(f.type, f.id, name, short_name, index);
}

// The short name of a list element or map value omits "element"/"value" when
// it is a struct, so its fields answer to "points.x" as well.
std::string ContainerChildShortName(const NestedField& child, const std::string& short_name) {
  return child.type.kind() == Type::Kind::kStruct ? short_name : Join(short_name, child.name);
}

Status VisitType(const Type& type, int32_t id, const std::string& full,
                 const std::string& short_name, SchemaIndex* index) {
  switch (type.kind()) {
    case Type::Kind::kPrimitive:
      return Status::OK();
    case Type::Kind::kStruct: {
      std::set<std::string> names;
      for (const auto& child : type.struct_type().fields) {
        if (child.name.empty()) {
          return InvalidArgument("field " + std::to_string(child.id) +
                                 (full.empty() ? "" : " in \"" + full + "\"") +
                                 " has an empty name");
        }
        if (!names.insert(child.name).second) {
          return InvalidArgument("duplicate field name \"" + Join(full, child.name) + "\"");
        }
        FLOE_RETURN_IF_ERROR(AddField(child, id, full, Join(short_name, child.name), index));
      }
      return Status::OK();
    }
    case Type::Kind::kList: {
      const NestedField& e = type.list_type().element;
      return AddField(e, id, full, ContainerChildShortName(e, short_name), index);
    }
    case Type::Kind::kMap: {
      const MapType& m = type.map_type();
      if (!m.key.required) {
        return InvalidArgument("map key " + std::to_string(m.key.id) + " of \"" + full +
                               "\" must be required");
      }
      FLOE_RETURN_IF_ERROR(AddField(m.key, id, full, Join(short_name, m.key.name), index));
      return AddField(m.value, id, full, ContainerChildShortName(m.value, short_name), index);
    }
  }
  return Status::OK();
}

Status CheckIdentifierField(int32_t id, const SchemaIndex& index) {
  std::string what = "identifier field id " + std::to_string(id);
  auto it = index.by_id.find(id);
  if (it == index.by_id.end()) return InvalidArgument(what + " is not in the schema");
  const NestedField& f = *it->second;
  if (!f.type.is_primitive()) return InvalidArgument(what + " is not a primitive field");
  TypeId t = f.type.primitive().id;
  if (t == TypeId::kFloat || t == TypeId::kDouble) {
    return InvalidArgument(what + " is a float or double field");
  }
  if (!f.required) return InvalidArgument(what + " is not required");
  for (int32_t p = index.parent.at(id); p != 0; p = index.parent.at(p)) {
    const NestedField& ancestor = *index.by_id.at(p);
    if (ancestor.type.kind() != Type::Kind::kStruct) {
      return InvalidArgument(what + " is nested in a list or map");
    }
    if (!ancestor.required) return InvalidArgument(what + " is nested in an optional struct");
  }
  return Status::OK();
}

}  // namespace

Result<Schema> Schema::Make(int32_t schema_id, std::vector<NestedField> fields,
                            std::vector<int32_t> identifier_field_ids) {
  Schema s;
  s.schema_id_ = schema_id;
  s.struct_ = Type::Struct(std::move(fields));
  auto index = std::make_shared<SchemaIndex>();
  FLOE_RETURN_IF_ERROR(VisitType(s.struct_, 0, "", "", index.get()));
  for (const auto& name : index->ambiguous_short_names) index->by_short_name.erase(name);
  std::set<int32_t> seen;
  for (int32_t id : identifier_field_ids) {
    if (!seen.insert(id).second) {
      return InvalidArgument("identifier field id " + std::to_string(id) + " is listed twice");
    }
    FLOE_RETURN_IF_ERROR(CheckIdentifierField(id, *index));
  }
  s.identifier_field_ids_ = std::move(identifier_field_ids);
  s.index_ = std::move(index);
  return s;
}

int32_t Schema::HighestFieldId() const { return index_ ? index_->highest : 0; }

const NestedField* Schema::FindField(int32_t id) const {
  if (!index_) return nullptr;
  auto it = index_->by_id.find(id);
  return it == index_->by_id.end() ? nullptr : it->second;
}

const NestedField* Schema::FindFieldByName(std::string_view name) const {
  if (!index_) return nullptr;
  std::string key(name);
  auto it = index_->by_name.find(key);
  if (it != index_->by_name.end()) return FindField(it->second);
  auto sit = index_->by_short_name.find(key);
  if (sit != index_->by_short_name.end()) return FindField(sit->second);
  return nullptr;
}

std::optional<std::string> Schema::FindColumnName(int32_t id) const {
  if (!index_) return std::nullopt;
  auto it = index_->full_name.find(id);
  if (it == index_->full_name.end()) return std::nullopt;
  return it->second;
}

std::optional<int32_t> Schema::FindParentId(int32_t id) const {
  if (!index_) return std::nullopt;
  auto it = index_->parent.find(id);
  if (it == index_->parent.end()) return std::nullopt;
  return it->second;
}

bool Schema::IsInsideListOrMap(int32_t id) const {
  for (auto p = FindParentId(id); p && *p != 0; p = FindParentId(*p)) {
    if (FindField(*p)->type.kind() != Type::Kind::kStruct) return true;
  }
  return false;
}

bool Schema::SameSchema(const Schema& other) const {
  return struct_ == other.struct_ && identifier_field_ids_ == other.identifier_field_ids_;
}

}  // namespace floe::iceberg
