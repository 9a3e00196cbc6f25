// Partition spec and sort order JSON (spec Appendix C).
#include "floe/iceberg/json.h"

namespace floe::iceberg {
namespace {

Result<int32_t> GetInt(const Json& j, const char* key, const std::string& where) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number_integer()) {
    return InvalidArgument(where + ": \"" + key + "\" must be an integer");
  }
  int64_t v = it->get<int64_t>();
  if (v < INT32_MIN || v > INT32_MAX) {
    return InvalidArgument(where + ": \"" + key + "\" is out of range");
  }
  return static_cast<int32_t>(v);
}

Result<std::string> GetString(const Json& j, const char* key, const std::string& where) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) {
    return InvalidArgument(where + ": \"" + key + "\" must be a string");
  }
  return it->get<std::string>();
}

Result<Transform> GetTransform(const Json& j, const std::string& where) {
  FLOE_ASSIGN_OR_RETURN(std::string text, GetString(j, "transform", where));
  auto t = Transform::Parse(text);
  if (!t.ok()) return t.status().WithContext(where);
  return *t;
}

Result<std::vector<PartitionField>> ReadPartitionFields(const Json& list) {
  if (!list.is_array()) return InvalidArgument("partition spec \"fields\" must be a list");
  std::vector<PartitionField> out;
  for (size_t i = 0; i < list.size(); ++i) {
    const Json& f = list[i];
    std::string where = "partition field #" + std::to_string(i + 1);
    if (!f.is_object()) return InvalidArgument(where + " is not an object");
    PartitionField pf;
    FLOE_ASSIGN_OR_RETURN(pf.source_id, GetInt(f, "source-id", where));
    FLOE_ASSIGN_OR_RETURN(pf.name, GetString(f, "name", where));
    FLOE_ASSIGN_OR_RETURN(pf.transform, GetTransform(f, where));
    if (f.contains("field-id")) {
      FLOE_ASSIGN_OR_RETURN(pf.field_id, GetInt(f, "field-id", where));
    } else {
      pf.field_id = kPartitionDataIdStart + static_cast<int32_t>(i);  // v1 assignment
    }
    out.push_back(std::move(pf));
  }
  return out;
}

}  // namespace

Result<PartitionSpec> PartitionSpecFromJsonValue(const Json& j) {
  if (j.is_array()) {
    FLOE_ASSIGN_OR_RETURN(auto fields, ReadPartitionFields(j));
    return PartitionSpec(kInitialSpecId, std::move(fields));
  }
  if (!j.is_object()) return InvalidArgument("partition spec must be an object");
  FLOE_ASSIGN_OR_RETURN(int32_t spec_id, GetInt(j, "spec-id", "partition spec"));
  if (!j.contains("fields")) return InvalidArgument("partition spec has no \"fields\"");
  FLOE_ASSIGN_OR_RETURN(auto fields, ReadPartitionFields(j["fields"]));
  return PartitionSpec(spec_id, std::move(fields));
}

Json PartitionFieldsToJsonValue(const PartitionSpec& spec) {
  Json out = Json::array();
  for (const auto& f : spec.fields()) {
    Json jf;
    jf["name"] = f.name;
    jf["transform"] = f.transform.ToString();
    jf["source-id"] = f.source_id;
    jf["field-id"] = f.field_id;
    out.push_back(std::move(jf));
  }
  return out;
}

Json PartitionSpecToJsonValue(const PartitionSpec& spec) {
  Json j;
  j["spec-id"] = spec.spec_id();
  j["fields"] = PartitionFieldsToJsonValue(spec);
  return j;
}

Result<SortOrder> SortOrderFromJsonValue(const Json& j) {
  if (!j.is_object()) return InvalidArgument("sort order must be an object");
  FLOE_ASSIGN_OR_RETURN(int32_t order_id, GetInt(j, "order-id", "sort order"));
  auto list = j.find("fields");
  if (list == j.end() || !list->is_array()) {
    return InvalidArgument("sort order \"fields\" must be a list");
  }
  std::vector<SortField> fields;
  for (size_t i = 0; i < list->size(); ++i) {
    const Json& f = (*list)[i];
    std::string where = "sort field #" + std::to_string(i + 1);
    if (!f.is_object()) return InvalidArgument(where + " is not an object");
    SortField sf;
    FLOE_ASSIGN_OR_RETURN(sf.transform, GetTransform(f, where));
    FLOE_ASSIGN_OR_RETURN(sf.source_id, GetInt(f, "source-id", where));
    FLOE_ASSIGN_OR_RETURN(std::string direction, GetString(f, "direction", where));
    FLOE_ASSIGN_OR_RETURN(std::string null_order, GetString(f, "null-order", where));
    auto d = ParseSortDirection(direction);
    if (!d) return InvalidArgument(where + ": unknown direction \"" + direction + "\"");
    auto n = ParseNullOrder(null_order);
    if (!n) return InvalidArgument(where + ": unknown null-order \"" + null_order + "\"");
    sf.direction = *d;
    sf.null_order = *n;
    fields.push_back(std::move(sf));
  }
  return SortOrder(order_id, std::move(fields));
}

Json SortOrderToJsonValue(const SortOrder& order) {
  Json j;
  j["order-id"] = order.order_id();
  j["fields"] = Json::array();
  for (const auto& f : order.fields()) {
    Json jf;
    jf["transform"] = f.transform.ToString();
    jf["source-id"] = f.source_id;
    jf["direction"] = std::string(SortDirectionToString(f.direction));
    jf["null-order"] = std::string(NullOrderToString(f.null_order));
    j["fields"].push_back(std::move(jf));
  }
  return j;
}

}  // namespace floe::iceberg
