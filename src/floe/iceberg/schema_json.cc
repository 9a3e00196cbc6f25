// Schema and type JSON (spec Appendix C, "Schemas").
#include "floe/iceberg/json.h"

namespace floe::iceberg {
namespace {

constexpr int kMaxDepth = 100;  // nesting deeper than this is rejected, not recursed into

Result<int32_t> GetFieldId(const Json& j, const char* key, const std::string& where) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number_integer()) {
    return InvalidArgument(where + ": \"" + key + "\" must be an integer");
  }
  int64_t v = it->get<int64_t>();
  if (v <= 0 || v > kMaxUserFieldId) {
    return InvalidArgument(where + ": invalid \"" + key + "\" " + std::to_string(v));
  }
  return static_cast<int32_t>(v);
}

Result<bool> GetBool(const Json& j, const char* key, const std::string& where) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_boolean()) {
    return InvalidArgument(where + ": \"" + key + "\" must be true or false");
  }
  return it->get<bool>();
}

Result<Type> ReadType(const Json& j, const std::string& where, int depth);

Result<NestedField> ReadField(const Json& f, const std::string& where, int depth) {
  if (!f.is_object()) return InvalidArgument(where + " is not an object");
  FLOE_ASSIGN_OR_RETURN(int32_t id, GetFieldId(f, "id", where));
  auto name = f.find("name");
  if (name == f.end() || !name->is_string()) {
    return InvalidArgument(where + ": \"name\" must be a string");
  }
  NestedField nf;
  nf.id = id;
  nf.name = name->get<std::string>();
  std::string here = where + " (" + nf.name + ")";
  FLOE_ASSIGN_OR_RETURN(nf.required, GetBool(f, "required", here));
  auto type = f.find("type");
  if (type == f.end()) return InvalidArgument(here + ": missing \"type\"");
  FLOE_ASSIGN_OR_RETURN(nf.type, ReadType(*type, here, depth + 1));
  auto doc = f.find("doc");
  if (doc != f.end() && doc->is_string()) nf.doc = doc->get<std::string>();
  return nf;
}

Result<std::vector<NestedField>> ReadFields(const Json& j, const std::string& where, int depth) {
  auto fields = j.find("fields");
  if (fields == j.end() || !fields->is_array()) {
    return InvalidArgument(where + ": a struct needs a \"fields\" array");
  }
  std::vector<NestedField> out;
  for (size_t i = 0; i < fields->size(); ++i) {
    std::string at = (where.empty() ? "" : where + ": ") + "field #" + std::to_string(i + 1);
    FLOE_ASSIGN_OR_RETURN(NestedField f, ReadField((*fields)[i], at, depth));
    out.push_back(std::move(f));
  }
  return out;
}

Result<Type> ReadType(const Json& j, const std::string& where, int depth) {
  if (depth > kMaxDepth) return InvalidArgument(where + ": types nested too deeply");
  if (j.is_string()) {
    auto p = PrimitiveType::Parse(j.get<std::string>());
    if (!p.ok()) return p.status().WithContext(where);
    return Type(*p);
  }
  if (!j.is_object() || !j.contains("type") || !j["type"].is_string()) {
    return InvalidArgument(where + ": a type must be a string or an object with a \"type\"");
  }
  const std::string kind = j["type"].get<std::string>();
  if (kind == "struct") {
    FLOE_ASSIGN_OR_RETURN(auto fields, ReadFields(j, where, depth));
    return Type::Struct(std::move(fields));
  }
  if (kind == "list") {
    FLOE_ASSIGN_OR_RETURN(int32_t id, GetFieldId(j, "element-id", where));
    FLOE_ASSIGN_OR_RETURN(bool required, GetBool(j, "element-required", where));
    if (!j.contains("element")) return InvalidArgument(where + ": list without \"element\"");
    FLOE_ASSIGN_OR_RETURN(Type element, ReadType(j["element"], where + ".element", depth + 1));
    return Type::List(id, required, std::move(element));
  }
  if (kind == "map") {
    FLOE_ASSIGN_OR_RETURN(int32_t key_id, GetFieldId(j, "key-id", where));
    FLOE_ASSIGN_OR_RETURN(int32_t value_id, GetFieldId(j, "value-id", where));
    FLOE_ASSIGN_OR_RETURN(bool required, GetBool(j, "value-required", where));
    if (!j.contains("key") || !j.contains("value")) {
      return InvalidArgument(where + ": map without \"key\" or \"value\"");
    }
    FLOE_ASSIGN_OR_RETURN(Type key, ReadType(j["key"], where + ".key", depth + 1));
    FLOE_ASSIGN_OR_RETURN(Type value, ReadType(j["value"], where + ".value", depth + 1));
    return Type::Map(key_id, std::move(key), value_id, required, std::move(value));
  }
  return InvalidArgument(where + ": unknown nested type \"" + kind + "\"");
}

Json FieldsToJson(const std::vector<NestedField>& fields) {
  Json out = Json::array();
  for (const auto& f : fields) {
    Json jf;
    jf["id"] = f.id;
    jf["name"] = f.name;
    jf["required"] = f.required;
    jf["type"] = TypeToJson(f.type);
    if (!f.doc.empty()) jf["doc"] = f.doc;
    out.push_back(std::move(jf));
  }
  return out;
}

}  // namespace

Result<Type> TypeFromJson(const Json& json) { return ReadType(json, "type", 0); }

Json TypeToJson(const Type& type) {
  switch (type.kind()) {
    case Type::Kind::kPrimitive:
      return type.primitive().ToString();
    case Type::Kind::kStruct: {
      Json j;
      j["type"] = "struct";
      j["fields"] = FieldsToJson(type.struct_type().fields);
      return j;
    }
    case Type::Kind::kList: {
      const NestedField& e = type.list_type().element;
      Json j;
      j["type"] = "list";
      j["element-id"] = e.id;
      j["element"] = TypeToJson(e.type);
      j["element-required"] = e.required;
      return j;
    }
    case Type::Kind::kMap: {
      const MapType& m = type.map_type();
      Json j;
      j["type"] = "map";
      j["key-id"] = m.key.id;
      j["key"] = TypeToJson(m.key.type);
      j["value-id"] = m.value.id;
      j["value"] = TypeToJson(m.value.type);
      j["value-required"] = m.value.required;
      return j;
    }
  }
  return nullptr;
}

Result<Schema> SchemaFromJsonValue(const Json& j) {
  if (!j.is_object() || !j.contains("type") || j["type"] != "struct") {
    return InvalidArgument("schema must be an object {\"type\":\"struct\",\"fields\":[...]}");
  }
  FLOE_ASSIGN_OR_RETURN(auto fields, ReadFields(j, "", 0));
  std::vector<int32_t> identifiers;
  if (auto it = j.find("identifier-field-ids"); it != j.end() && !it->is_null()) {
    if (!it->is_array()) return InvalidArgument("\"identifier-field-ids\" must be a list");
    for (const auto& id : *it) {
      if (!id.is_number_integer())
        return InvalidArgument("identifier-field-ids must hold integers");
      identifiers.push_back(id.get<int32_t>());
    }
  }
  int32_t schema_id = 0;
  if (auto it = j.find("schema-id"); it != j.end()) {
    if (!it->is_number_integer()) return InvalidArgument("\"schema-id\" must be an integer");
    schema_id = it->get<int32_t>();
  }
  return Schema::Make(schema_id, std::move(fields), std::move(identifiers));
}

Json SchemaToJsonValue(const Schema& schema) {
  Json j;
  j["type"] = "struct";
  j["schema-id"] = schema.schema_id();
  if (!schema.identifier_field_ids().empty()) {
    j["identifier-field-ids"] = schema.identifier_field_ids();
  }
  j["fields"] = FieldsToJson(schema.fields());
  return j;
}

Result<Schema> SchemaFromJson(const std::string& json) {
  Json j = Json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return InvalidArgument("schema is not valid JSON");
  return SchemaFromJsonValue(j);
}

std::string SchemaToJson(const Schema& schema) { return SchemaToJsonValue(schema).dump(); }

}  // namespace floe::iceberg
