#include "floe/iceberg/schema.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <set>

namespace floe::iceberg {
namespace {

struct Named {
  const char* name;
  TypeId id;
};
constexpr Named kSimpleTypes[] = {
    {"boolean", TypeId::kBoolean},     {"int", TypeId::kInt},
    {"long", TypeId::kLong},           {"float", TypeId::kFloat},
    {"double", TypeId::kDouble},       {"date", TypeId::kDate},
    {"time", TypeId::kTime},           {"timestamp", TypeId::kTimestamp},
    {"timestamptz", TypeId::kTimestampTz}, {"string", TypeId::kString},
    {"uuid", TypeId::kUuid},           {"binary", TypeId::kBinary},
};

}  // namespace

std::string PrimitiveType::ToString() const {
  if (id == TypeId::kDecimal) {
    return "decimal(" + std::to_string(precision) + "," + std::to_string(scale) + ")";
  }
  if (id == TypeId::kFixed) return "fixed[" + std::to_string(length) + "]";
  for (const auto& t : kSimpleTypes) {
    if (t.id == id) return t.name;
  }
  return "unknown";
}

Result<PrimitiveType> PrimitiveType::Parse(const std::string& text) {
  PrimitiveType t;
  for (const auto& s : kSimpleTypes) {
    if (text == s.name) {
      t.id = s.id;
      return t;
    }
  }
  int a = 0, b = 0, consumed = 0;
  if (std::sscanf(text.c_str(), "decimal(%d, %d)%n", &a, &b, &consumed) == 2 &&
      static_cast<size_t>(consumed) == text.size()) {
    if (a < 1 || a > 38 || b < 0 || b > a) {
      return InvalidArgument("invalid Iceberg type \"" + text + "\": precision must be 1..38 and scale 0..precision");
    }
    t.id = TypeId::kDecimal;
    t.precision = a;
    t.scale = b;
    return t;
  }
  if (std::sscanf(text.c_str(), "fixed[%d]%n", &a, &consumed) == 1 &&
      static_cast<size_t>(consumed) == text.size()) {
    if (a < 1) return InvalidArgument("invalid Iceberg type \"" + text + "\": length must be positive");
    t.id = TypeId::kFixed;
    t.length = a;
    return t;
  }
  if (text == "struct" || text == "list" || text == "map") {
    return InvalidArgument("nested Iceberg type \"" + text + "\" is not supported yet");
  }
  return InvalidArgument("unknown Iceberg type \"" + text + "\"");
}

Result<Schema> Schema::Make(int32_t schema_id, std::vector<NestedField> fields,
                            std::vector<int32_t> identifier_field_ids) {
  std::set<int32_t> ids;
  std::set<std::string> names;
  for (const auto& f : fields) {
    if (f.id <= 0 || f.id > kMaxUserFieldId) {
      return InvalidArgument("field \"" + f.name + "\" has invalid id " + std::to_string(f.id));
    }
    if (f.name.empty()) return InvalidArgument("field " + std::to_string(f.id) + " has an empty name");
    if (!ids.insert(f.id).second) return InvalidArgument("duplicate field id " + std::to_string(f.id));
    if (!names.insert(f.name).second) return InvalidArgument("duplicate field name \"" + f.name + "\"");
  }
  for (int32_t id : identifier_field_ids) {
    if (!ids.count(id)) return InvalidArgument("identifier field id " + std::to_string(id) + " is not in the schema");
  }
  Schema s;
  s.schema_id_ = schema_id;
  s.fields_ = std::move(fields);
  s.identifier_field_ids_ = std::move(identifier_field_ids);
  return s;
}

int32_t Schema::HighestFieldId() const {
  int32_t m = 0;
  for (const auto& f : fields_) m = std::max(m, f.id);
  return m;
}

int Schema::FindField(const std::string& name) const {
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (fields_[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

Result<Schema> SchemaFromJson(const std::string& json) {
  nlohmann::json j = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return InvalidArgument("schema is not valid JSON");
  if (!j.is_object() || j.value("type", "") != "struct" || !j.contains("fields") ||
      !j["fields"].is_array()) {
    return InvalidArgument("schema must be an object {\"type\":\"struct\",\"fields\":[...]}");
  }
  std::vector<NestedField> fields;
  for (size_t i = 0; i < j["fields"].size(); ++i) {
    const auto& f = j["fields"][i];
    std::string where = "schema field #" + std::to_string(i + 1);
    if (!f.is_object()) return InvalidArgument(where + " is not an object");
    if (!f.contains("id") || !f["id"].is_number_integer()) return InvalidArgument(where + ": \"id\" must be an integer");
    if (!f.contains("name") || !f["name"].is_string()) return InvalidArgument(where + ": \"name\" must be a string");
    if (!f.contains("required") || !f["required"].is_boolean()) {
      return InvalidArgument(where + ": \"required\" must be true or false");
    }
    if (!f.contains("type")) return InvalidArgument(where + ": missing \"type\"");
    if (!f["type"].is_string()) {
      return InvalidArgument(where + " (" + f["name"].get<std::string>() + "): nested types are not supported yet");
    }
    NestedField nf;
    int64_t id = f["id"].get<int64_t>();
    if (id <= 0 || id > kMaxUserFieldId) return InvalidArgument(where + ": invalid id " + std::to_string(id));
    nf.id = static_cast<int32_t>(id);
    nf.name = f["name"].get<std::string>();
    nf.required = f["required"].get<bool>();
    auto type = PrimitiveType::Parse(f["type"].get<std::string>());
    if (!type.ok()) return type.status().WithContext(where + " (" + nf.name + ")");
    nf.type = *type;
    if (f.contains("doc") && f["doc"].is_string()) nf.doc = f["doc"].get<std::string>();
    fields.push_back(std::move(nf));
  }
  std::vector<int32_t> identifiers;
  if (j.contains("identifier-field-ids") && j["identifier-field-ids"].is_array()) {
    for (const auto& id : j["identifier-field-ids"]) {
      if (!id.is_number_integer()) return InvalidArgument("identifier-field-ids must hold integers");
      identifiers.push_back(id.get<int32_t>());
    }
  }
  int32_t schema_id = 0;
  if (j.contains("schema-id")) {
    if (!j["schema-id"].is_number_integer()) return InvalidArgument("\"schema-id\" must be an integer");
    schema_id = j["schema-id"].get<int32_t>();
  }
  return Schema::Make(schema_id, std::move(fields), std::move(identifiers));
}

std::string SchemaToJson(const Schema& schema) {
  nlohmann::json j;
  j["type"] = "struct";
  j["schema-id"] = schema.schema_id();
  if (!schema.identifier_field_ids().empty()) j["identifier-field-ids"] = schema.identifier_field_ids();
  j["fields"] = nlohmann::json::array();
  for (const auto& f : schema.fields()) {
    nlohmann::json jf = {{"id", f.id}, {"name", f.name}, {"required", f.required}, {"type", f.type.ToString()}};
    if (!f.doc.empty()) jf["doc"] = f.doc;
    j["fields"].push_back(std::move(jf));
  }
  return j.dump();
}

int32_t DecimalRequiredBytes(int32_t precision) {
  // Smallest n with 2^(8n-1) > 10^precision.
  for (int32_t n = 1; n <= 32; ++n) {
    if ((8.0 * n - 1) * std::log10(2.0) > precision) return n;
  }
  return 32;
}

}  // namespace floe::iceberg
