#include "floe/format/avro/schema.h"

#include <map>
#include <set>
#include <utility>

#include "floe/format/avro/value_json.h"

namespace floe::avro {

namespace {

constexpr std::pair<std::string_view, AvroType> kPrimitives[] = {
    {"null", AvroType::kNull},   {"boolean", AvroType::kBoolean}, {"int", AvroType::kInt},
    {"long", AvroType::kLong},   {"float", AvroType::kFloat},     {"double", AvroType::kDouble},
    {"bytes", AvroType::kBytes}, {"string", AvroType::kString},
};

std::optional<AvroType> PrimitiveType(std::string_view name) {
  for (const auto& [n, t] : kPrimitives) {
    if (n == name) return t;
  }
  return std::nullopt;
}

// [A-Za-z_][A-Za-z0-9_]*
bool ValidName(std::string_view s) {
  if (s.empty()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool alpha = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
    if (!alpha && !(i > 0 && c >= '0' && c <= '9')) return false;
  }
  return true;
}

// A dotted namespace; "" is the null namespace.
bool ValidNamespace(std::string_view s) {
  if (s.empty()) return true;
  size_t start = 0;
  while (true) {
    size_t dot = s.find('.', start);
    std::string_view part = s.substr(start, dot == std::string_view::npos ? s.npos : dot - start);
    if (!ValidName(part)) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

Status Invalid(const std::string& path, const std::string& message) {
  return InvalidArgument("avro schema " + path + ": " + message);
}

// A string attribute of `obj`, or nullptr; non-string is an error.
Result<const std::string*> StringAttr(const Json& obj, const char* key, const std::string& path) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return static_cast<const std::string*>(nullptr);
  if (!it->is_string()) return Invalid(path, std::string("\"") + key + "\" must be a string");
  return it->get_ptr<const std::string*>();
}

}  // namespace

std::string_view AvroTypeName(AvroType type) {
  switch (type) {
    case AvroType::kRecord:
      return "record";
    case AvroType::kEnum:
      return "enum";
    case AvroType::kArray:
      return "array";
    case AvroType::kMap:
      return "map";
    case AvroType::kUnion:
      return "union";
    case AvroType::kFixed:
      return "fixed";
    default:
      for (const auto& [n, t] : kPrimitives) {
        if (t == type) return n;
      }
  }
  return "?";
}

int AvroNode::FieldIndex(std::string_view field_name) const {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].name == field_name) return static_cast<int>(i);
  }
  return -1;
}

const Json* AvroNode::Attribute(std::string_view key) const {
  if (!json.is_object()) return nullptr;
  auto it = json.find(std::string(key));
  return it == json.end() ? nullptr : &*it;
}

AvroSchema::AvroSchema() {
  AvroNode null_node;
  null_node.json = "null";
  null_node.may_encode_empty = true;
  nodes_.push_back(std::move(null_node));
}

std::string AvroSchema::ToJson() const {
  return json().dump(-1, ' ', false, Json::error_handler_t::replace);
}

class SchemaParser {
 public:
  Result<AvroSchema> Parse(const Json& json) {
    schema_.nodes_.clear();
    FLOE_ASSIGN_OR_RETURN(schema_.root_, ParseNode(json, "", "$", 0));
    ComputeMayEncodeEmpty();
    for (const auto& d : defaults_) {
      const AvroField& field = schema_.nodes_[d.node].fields[d.field];
      auto v = ValueFromDefaultJson(schema_, field.type, *field.default_value);
      if (!v.ok()) return Invalid(d.path, "bad default: " + v.status().message());
    }
    return std::move(schema_);
  }

 private:
  struct PendingDefault {
    size_t node;
    size_t field;
    std::string path;
  };

  // Least fixpoint, so a record that contains itself (no finite datum) is
  // treated as non-empty.
  void ComputeMayEncodeEmpty() {
    for (bool changed = true; changed;) {
      changed = false;
      for (AvroNode& node : schema_.nodes_) {
        bool empty =
            node.type == AvroType::kNull || (node.type == AvroType::kFixed && node.size == 0);
        if (node.type == AvroType::kRecord) {
          empty = true;
          for (const AvroField& f : node.fields) {
            empty = empty && schema_.nodes_[static_cast<size_t>(f.type)].may_encode_empty;
          }
        }
        if (empty && !node.may_encode_empty) {
          node.may_encode_empty = true;
          changed = true;
        }
      }
    }
  }

  int AddNode(AvroNode node) {
    schema_.nodes_.push_back(std::move(node));
    return static_cast<int>(schema_.nodes_.size() - 1);
  }

  Result<int> ParseNode(const Json& j, const std::string& ns, const std::string& path, int depth) {
    if (depth > kMaxSchemaDepth) return Invalid(path, "nested too deeply");
    if (j.is_string()) return ParseName(j, j.get_ref<const std::string&>(), ns, path);
    if (j.is_array()) return ParseUnion(j, ns, path, depth);
    if (!j.is_object()) return Invalid(path, "a schema is a string, object or array");
    auto type_it = j.find("type");
    if (type_it == j.end()) return Invalid(path, "missing \"type\"");
    if (!type_it->is_string()) return Invalid(path, "\"type\" must be a string");
    const std::string& type = type_it->get_ref<const std::string&>();
    AvroNode node;
    node.json = j;
    FLOE_ASSIGN_OR_RETURN(const std::string* logical, StringAttr(j, "logicalType", path));
    if (logical != nullptr) node.logical_type = *logical;
    FLOE_ASSIGN_OR_RETURN(const std::string* doc, StringAttr(j, "doc", path));
    if (doc != nullptr) node.doc = *doc;
    if (auto prim = PrimitiveType(type)) {
      node.type = *prim;
      return AddNode(std::move(node));
    }
    if (type == "array" || type == "map") {
      const char* key = type == "array" ? "items" : "values";
      auto it = j.find(key);
      if (it == j.end()) return Invalid(path, std::string("missing \"") + key + "\"");
      node.type = type == "array" ? AvroType::kArray : AvroType::kMap;
      FLOE_ASSIGN_OR_RETURN(node.items, ParseNode(*it, ns, path + "." + key, depth + 1));
      return AddNode(std::move(node));
    }
    if (type == "record" || type == "error")
      node.type = AvroType::kRecord;
    else if (type == "enum")
      node.type = AvroType::kEnum;
    else if (type == "fixed")
      node.type = AvroType::kFixed;
    else
      return ParseName(j, type, ns, path);  // {"type": "SomeName"}
    return ParseNamed(j, std::move(node), ns, path, depth);
  }

  // A reference to a primitive or an already defined named type.
  Result<int> ParseName(const Json& j, const std::string& name, const std::string& ns,
                        const std::string& path) {
    if (auto prim = PrimitiveType(name)) {
      AvroNode node;
      node.type = *prim;
      node.json = j;
      return AddNode(std::move(node));
    }
    if (name.find('.') == std::string::npos && !ns.empty()) {
      auto it = names_.find(ns + "." + name);
      if (it != names_.end()) return it->second;
    }
    auto it = names_.find(name);
    if (it != names_.end()) return it->second;
    return Invalid(path, "unknown type '" + name + "'");
  }

  Result<int> ParseUnion(const Json& j, const std::string& ns, const std::string& path, int depth) {
    AvroNode node;
    node.type = AvroType::kUnion;
    node.json = j;
    std::set<std::string> seen;
    for (size_t i = 0; i < j.size(); ++i) {
      std::string branch_path = path + "[" + std::to_string(i) + "]";
      FLOE_ASSIGN_OR_RETURN(int b, ParseNode(j[i], ns, branch_path, depth + 1));
      const AvroNode& branch = schema_.nodes_[static_cast<size_t>(b)];
      if (branch.type == AvroType::kUnion) return Invalid(branch_path, "union inside a union");
      std::string key =
          branch.full_name.empty() ? std::string(AvroTypeName(branch.type)) : branch.full_name;
      if (!seen.insert(key).second) return Invalid(branch_path, "duplicate union branch " + key);
      node.branches.push_back(b);
    }
    return AddNode(std::move(node));
  }

  Result<std::string> FullName(const std::string& name, const std::string& ns,
                               const std::string& path) {
    std::string full = name.find('.') != std::string::npos || ns.empty() ? name : ns + "." + name;
    size_t dot = full.rfind('.');
    std::string last = dot == std::string::npos ? full : full.substr(dot + 1);
    std::string space = dot == std::string::npos ? "" : full.substr(0, dot);
    if (!ValidName(last) || !ValidNamespace(space))
      return Invalid(path, "invalid name '" + full + "'");
    return full;
  }

  Result<int> ParseNamed(const Json& j, AvroNode node, const std::string& enclosing_ns,
                         const std::string& path, int depth) {
    FLOE_ASSIGN_OR_RETURN(const std::string* name, StringAttr(j, "name", path));
    if (name == nullptr) return Invalid(path, "missing \"name\"");
    FLOE_ASSIGN_OR_RETURN(const std::string* ns_attr, StringAttr(j, "namespace", path));
    std::string ns = ns_attr != nullptr ? *ns_attr : enclosing_ns;
    if (!ValidNamespace(ns)) return Invalid(path, "invalid namespace '" + ns + "'");
    FLOE_ASSIGN_OR_RETURN(node.full_name, FullName(*name, ns, path));
    size_t dot = node.full_name.rfind('.');
    node.name = dot == std::string::npos ? node.full_name : node.full_name.substr(dot + 1);
    node.name_space = dot == std::string::npos ? "" : node.full_name.substr(0, dot);
    if (PrimitiveType(node.full_name)) return Invalid(path, "cannot redefine " + node.full_name);
    FLOE_ASSIGN_OR_RETURN(node.aliases, Aliases(j, node.name_space, path));
    if (names_.count(node.full_name) != 0) {
      return Invalid(path, "duplicate name '" + node.full_name + "'");
    }
    // Register the name before the fields, so a record may refer to itself.
    AvroNode placeholder;  // What a union checking its branches may see.
    placeholder.type = node.type;
    placeholder.full_name = node.full_name;
    int index = AddNode(std::move(placeholder));
    names_[node.full_name] = index;
    if (node.type == AvroType::kRecord) {
      FLOE_RETURN_IF_ERROR(ParseFields(j, &node, index, path, depth));
    } else if (node.type == AvroType::kEnum) {
      FLOE_RETURN_IF_ERROR(ParseEnum(j, &node, path));
    } else {
      auto it = j.find("size");
      if (it == j.end() || !it->is_number_integer() || it->get<int64_t>() < 0 ||
          (it->is_number_unsigned() && it->get<uint64_t>() > INT64_MAX)) {
        return Invalid(path, "fixed needs a non-negative integer \"size\"");
      }
      node.size = it->get<int64_t>();
    }
    schema_.nodes_[static_cast<size_t>(index)] = std::move(node);
    return index;
  }

  Result<std::vector<std::string>> Aliases(const Json& j, const std::string& ns,
                                           const std::string& path) {
    std::vector<std::string> out;
    auto it = j.find("aliases");
    if (it == j.end()) return out;
    if (!it->is_array()) return Invalid(path, "\"aliases\" must be an array of strings");
    for (const auto& a : *it) {
      if (!a.is_string()) return Invalid(path, "\"aliases\" must be an array of strings");
      FLOE_ASSIGN_OR_RETURN(std::string full, FullName(a.get<std::string>(), ns, path));
      out.push_back(std::move(full));
    }
    return out;
  }

  Status ParseFields(const Json& j, AvroNode* node, int index, const std::string& path, int depth) {
    auto it = j.find("fields");
    if (it == j.end() || !it->is_array()) return Invalid(path, "record needs a \"fields\" array");
    std::set<std::string> seen;
    for (size_t i = 0; i < it->size(); ++i) {
      const Json& f = (*it)[i];
      std::string fpath = path + ".fields[" + std::to_string(i) + "]";
      if (!f.is_object()) return Invalid(fpath, "a field is an object");
      AvroField field;
      field.json = f;
      FLOE_ASSIGN_OR_RETURN(const std::string* name, StringAttr(f, "name", fpath));
      if (name == nullptr || !ValidName(*name))
        return Invalid(fpath, "missing or invalid \"name\"");
      field.name = *name;
      if (!seen.insert(field.name).second) return Invalid(fpath, "duplicate field " + field.name);
      auto type_it = f.find("type");
      if (type_it == f.end()) return Invalid(fpath, "missing \"type\"");
      FLOE_ASSIGN_OR_RETURN(field.type,
                            ParseNode(*type_it, node->name_space, fpath + ".type", depth + 1));
      if (auto d = f.find("default"); d != f.end()) {
        field.default_value = *d;
        defaults_.push_back({static_cast<size_t>(index), i, fpath + ".default"});
      }
      FLOE_ASSIGN_OR_RETURN(const std::string* doc, StringAttr(f, "doc", fpath));
      if (doc != nullptr) field.doc = *doc;
      if (auto a = f.find("aliases"); a != f.end()) {
        if (!a->is_array()) return Invalid(fpath, "\"aliases\" must be an array of strings");
        for (const auto& alias : *a) {
          if (!alias.is_string()) return Invalid(fpath, "\"aliases\" must be an array of strings");
          field.aliases.push_back(alias.get<std::string>());
        }
      }
      FLOE_ASSIGN_OR_RETURN(const std::string* order, StringAttr(f, "order", fpath));
      if (order != nullptr && *order != "ascending" && *order != "descending" &&
          *order != "ignore") {
        return Invalid(fpath, "bad \"order\" '" + *order + "'");
      }
      node->fields.push_back(std::move(field));
    }
    return Status::OK();
  }

  Status ParseEnum(const Json& j, AvroNode* node, const std::string& path) {
    auto it = j.find("symbols");
    if (it == j.end() || !it->is_array()) return Invalid(path, "enum needs a \"symbols\" array");
    std::set<std::string> seen;
    for (const auto& s : *it) {
      if (!s.is_string() || !ValidName(s.get_ref<const std::string&>())) {
        return Invalid(path, "invalid enum symbol " + s.dump());
      }
      if (!seen.insert(s.get<std::string>()).second) {
        return Invalid(path, "duplicate enum symbol " + s.dump());
      }
      node->symbols.push_back(s.get<std::string>());
    }
    FLOE_ASSIGN_OR_RETURN(const std::string* def, StringAttr(j, "default", path));
    if (def != nullptr) {
      for (size_t i = 0; i < node->symbols.size(); ++i) {
        if (node->symbols[i] == *def) node->enum_default = static_cast<int>(i);
      }
      if (!node->enum_default) return Invalid(path, "enum default '" + *def + "' is no symbol");
    }
    return Status::OK();
  }

  AvroSchema schema_;
  std::map<std::string, int> names_;
  std::vector<PendingDefault> defaults_;
};

Result<AvroSchema> ParseSchemaJson(const Json& json) { return SchemaParser().Parse(json); }

Result<AvroSchema> ParseSchema(std::string_view json_text) {
  Json json;
  try {
    json = Json::parse(json_text);
  } catch (const std::exception& e) {
    return InvalidArgument(std::string("avro schema: bad JSON: ") + e.what());
  }
  return ParseSchemaJson(json);
}

}  // namespace floe::avro
