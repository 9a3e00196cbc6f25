// REST JSON forms of commit requirements and updates.
#include "floe/iceberg/table_update.h"

namespace floe::iceberg {
namespace {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

Status Bad(const std::string& what) { return InvalidArgument(what); }

template <typename T>
Status GetInt(const Json& j, const char* key, T* out) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number_integer()) return Bad(std::string("\"") + key + "\" must be an integer");
  *out = it->get<T>();
  return Status::OK();
}

Status GetString(const Json& j, const char* key, std::string* out) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return Bad(std::string("\"") + key + "\" must be a string");
  *out = it->get<std::string>();
  return Status::OK();
}

}  // namespace

Result<TableRequirement> TableRequirementFromJson(const Json& j) {
  if (!j.is_object()) return Bad("a requirement must be an object");
  std::string type;
  FLOE_RETURN_IF_ERROR(GetString(j, "type", &type));
  if (type == "assert-create") return TableRequirement(AssertCreate{});
  if (type == "assert-table-uuid") {
    AssertTableUuid r;
    FLOE_RETURN_IF_ERROR(GetString(j, "uuid", &r.uuid));
    return TableRequirement(r);
  }
  if (type == "assert-ref-snapshot-id") {
    AssertRefSnapshotId r;
    FLOE_RETURN_IF_ERROR(GetString(j, "ref", &r.ref));
    auto it = j.find("snapshot-id");
    if (it != j.end() && !it->is_null()) {
      if (!it->is_number_integer()) return Bad("\"snapshot-id\" must be an integer or null");
      r.snapshot_id = it->get<int64_t>();
    }
    return TableRequirement(r);
  }
  auto one_int = [&](const char* key, auto req) -> Result<TableRequirement> {
    int32_t v;
    FLOE_RETURN_IF_ERROR(GetInt(j, key, &v));
    req = decltype(req){v};
    return TableRequirement(req);
  };
  if (type == "assert-last-assigned-field-id") return one_int("last-assigned-field-id", AssertLastAssignedFieldId{});
  if (type == "assert-current-schema-id") return one_int("current-schema-id", AssertCurrentSchemaId{});
  if (type == "assert-last-assigned-partition-id") {
    return one_int("last-assigned-partition-id", AssertLastAssignedPartitionId{});
  }
  if (type == "assert-default-spec-id") return one_int("default-spec-id", AssertDefaultSpecId{});
  if (type == "assert-default-sort-order-id") return one_int("default-sort-order-id", AssertDefaultSortOrderId{});
  return Bad("unknown requirement type \"" + type + "\"");
}

Json TableRequirementToJson(const TableRequirement& req) {
  return std::visit(
      Overloaded{
          [](const AssertCreate&) { return Json{{"type", "assert-create"}}; },
          [](const AssertTableUuid& r) { return Json{{"type", "assert-table-uuid"}, {"uuid", r.uuid}}; },
          [](const AssertRefSnapshotId& r) {
            Json j{{"type", "assert-ref-snapshot-id"}, {"ref", r.ref}};
            j["snapshot-id"] = r.snapshot_id ? Json(*r.snapshot_id) : Json(nullptr);
            return j;
          },
          [](const AssertLastAssignedFieldId& r) {
            return Json{{"type", "assert-last-assigned-field-id"}, {"last-assigned-field-id", r.last_assigned_field_id}};
          },
          [](const AssertCurrentSchemaId& r) {
            return Json{{"type", "assert-current-schema-id"}, {"current-schema-id", r.current_schema_id}};
          },
          [](const AssertLastAssignedPartitionId& r) {
            return Json{{"type", "assert-last-assigned-partition-id"},
                        {"last-assigned-partition-id", r.last_assigned_partition_id}};
          },
          [](const AssertDefaultSpecId& r) {
            return Json{{"type", "assert-default-spec-id"}, {"default-spec-id", r.default_spec_id}};
          },
          [](const AssertDefaultSortOrderId& r) {
            return Json{{"type", "assert-default-sort-order-id"}, {"default-sort-order-id", r.default_sort_order_id}};
          },
      },
      req);
}

Result<TableUpdate> TableUpdateFromJson(const Json& j) {
  if (!j.is_object()) return Bad("an update must be an object");
  std::string action;
  FLOE_RETURN_IF_ERROR(GetString(j, "action", &action));
  if (action == "assign-uuid") {
    AssignUuid u;
    FLOE_RETURN_IF_ERROR(GetString(j, "uuid", &u.uuid));
    return TableUpdate(u);
  }
  if (action == "upgrade-format-version") {
    UpgradeFormatVersion u;
    FLOE_RETURN_IF_ERROR(GetInt(j, "format-version", &u.format_version));
    return TableUpdate(u);
  }
  if (action == "add-schema") {
    auto it = j.find("schema");
    if (it == j.end()) return Bad("add-schema needs \"schema\"");
    FLOE_ASSIGN_OR_RETURN(Schema schema, SchemaFromJsonValue(*it));
    std::optional<int32_t> last;
    if (auto l = j.find("last-column-id"); l != j.end() && l->is_number_integer()) last = l->get<int32_t>();
    return TableUpdate(AddSchema{std::move(schema), last});
  }
  if (action == "set-current-schema") {
    SetCurrentSchema u;
    FLOE_RETURN_IF_ERROR(GetInt(j, "schema-id", &u.schema_id));
    return TableUpdate(u);
  }
  if (action == "add-spec") {
    auto it = j.find("spec");
    if (it == j.end()) return Bad("add-spec needs \"spec\"");
    FLOE_ASSIGN_OR_RETURN(PartitionSpec spec, PartitionSpecFromJsonValue(*it));
    return TableUpdate(AddPartitionSpec{std::move(spec)});
  }
  if (action == "set-default-spec") {
    SetDefaultSpec u;
    FLOE_RETURN_IF_ERROR(GetInt(j, "spec-id", &u.spec_id));
    return TableUpdate(u);
  }
  if (action == "add-sort-order") {
    auto it = j.find("sort-order");
    if (it == j.end()) return Bad("add-sort-order needs \"sort-order\"");
    FLOE_ASSIGN_OR_RETURN(SortOrder order, SortOrderFromJsonValue(*it));
    return TableUpdate(AddSortOrder{std::move(order)});
  }
  if (action == "set-default-sort-order") {
    SetDefaultSortOrder u;
    FLOE_RETURN_IF_ERROR(GetInt(j, "sort-order-id", &u.sort_order_id));
    return TableUpdate(u);
  }
  if (action == "add-snapshot") {
    auto it = j.find("snapshot");
    if (it == j.end()) return Bad("add-snapshot needs \"snapshot\"");
    FLOE_ASSIGN_OR_RETURN(Snapshot snap, SnapshotFromJson(*it));
    return TableUpdate(AddSnapshot{std::move(snap)});
  }
  if (action == "set-snapshot-ref") {
    SetSnapshotRef u;
    FLOE_RETURN_IF_ERROR(GetString(j, "ref-name", &u.ref_name));
    FLOE_ASSIGN_OR_RETURN(u.ref, SnapshotRefFromJson(j));
    return TableUpdate(u);
  }
  if (action == "remove-snapshots") {
    RemoveSnapshots u;
    auto it = j.find("snapshot-ids");
    if (it == j.end() || !it->is_array()) return Bad("\"snapshot-ids\" must be an array");
    for (const auto& id : *it) {
      if (!id.is_number_integer()) return Bad("\"snapshot-ids\" must hold integers");
      u.snapshot_ids.push_back(id.get<int64_t>());
    }
    return TableUpdate(u);
  }
  if (action == "remove-snapshot-ref") {
    RemoveSnapshotRef u;
    FLOE_RETURN_IF_ERROR(GetString(j, "ref-name", &u.ref_name));
    return TableUpdate(u);
  }
  if (action == "set-location") {
    SetLocation u;
    FLOE_RETURN_IF_ERROR(GetString(j, "location", &u.location));
    return TableUpdate(u);
  }
  if (action == "set-properties") {
    SetProperties u;
    auto it = j.find("updates");
    if (it == j.end() || !it->is_object()) return Bad("\"updates\" must be an object");
    for (auto p = it->begin(); p != it->end(); ++p) {
      if (!p.value().is_string()) return Bad("property values must be strings");
      u.updates.emplace_back(p.key(), p.value().get<std::string>());
    }
    return TableUpdate(u);
  }
  if (action == "remove-properties") {
    RemoveProperties u;
    auto it = j.find("removals");
    if (it == j.end() || !it->is_array()) return Bad("\"removals\" must be an array");
    for (const auto& k : *it) {
      if (!k.is_string()) return Bad("\"removals\" must hold strings");
      u.removals.push_back(k.get<std::string>());
    }
    return TableUpdate(u);
  }
  return Bad("unknown update action \"" + action + "\"");
}

Json TableUpdateToJson(const TableUpdate& update) {
  return std::visit(
      Overloaded{
          [](const AssignUuid& u) { return Json{{"action", "assign-uuid"}, {"uuid", u.uuid}}; },
          [](const UpgradeFormatVersion& u) {
            return Json{{"action", "upgrade-format-version"}, {"format-version", u.format_version}};
          },
          [](const AddSchema& u) {
            Json j{{"action", "add-schema"}, {"schema", SchemaToJsonValue(u.schema)}};
            if (u.last_column_id) j["last-column-id"] = *u.last_column_id;
            return j;
          },
          [](const SetCurrentSchema& u) { return Json{{"action", "set-current-schema"}, {"schema-id", u.schema_id}}; },
          [](const AddPartitionSpec& u) { return Json{{"action", "add-spec"}, {"spec", PartitionSpecToJsonValue(u.spec)}}; },
          [](const SetDefaultSpec& u) { return Json{{"action", "set-default-spec"}, {"spec-id", u.spec_id}}; },
          [](const AddSortOrder& u) {
            return Json{{"action", "add-sort-order"}, {"sort-order", SortOrderToJsonValue(u.sort_order)}};
          },
          [](const SetDefaultSortOrder& u) {
            return Json{{"action", "set-default-sort-order"}, {"sort-order-id", u.sort_order_id}};
          },
          [](const AddSnapshot& u) { return Json{{"action", "add-snapshot"}, {"snapshot", SnapshotToJson(u.snapshot)}}; },
          [](const SetSnapshotRef& u) {
            Json j{{"action", "set-snapshot-ref"}, {"ref-name", u.ref_name}};
            Json ref = SnapshotRefToJson(u.ref);
            for (auto it = ref.begin(); it != ref.end(); ++it) j[it.key()] = it.value();
            return j;
          },
          [](const RemoveSnapshots& u) { return Json{{"action", "remove-snapshots"}, {"snapshot-ids", u.snapshot_ids}}; },
          [](const RemoveSnapshotRef& u) { return Json{{"action", "remove-snapshot-ref"}, {"ref-name", u.ref_name}}; },
          [](const SetLocation& u) { return Json{{"action", "set-location"}, {"location", u.location}}; },
          [](const SetProperties& u) {
            Json updates = Json::object();
            for (const auto& [k, v] : u.updates) updates[k] = v;
            return Json{{"action", "set-properties"}, {"updates", updates}};
          },
          [](const RemoveProperties& u) { return Json{{"action", "remove-properties"}, {"removals", u.removals}}; },
      },
      update);
}

}  // namespace floe::iceberg
