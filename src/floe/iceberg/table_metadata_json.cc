// The JSON form of table metadata (spec "Table Metadata Fields").
#include "floe/iceberg/json.h"
#include "floe/iceberg/table_metadata.h"

namespace floe::iceberg {
namespace {

Status Bad(const std::string& what) { return InvalidArgument("table metadata: " + what); }

template <typename T>
Status ReadInt(const Json& j, const char* key, T* out) {
  auto it = j.find(key);
  if (it == j.end()) return Bad(std::string("missing \"") + key + "\"");
  if (!it->is_number_integer()) return Bad(std::string("\"") + key + "\" must be an integer");
  *out = it->get<T>();
  return Status::OK();
}

template <typename T>
Status ReadOptInt(const Json& j, const char* key, std::optional<T>* out) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return Status::OK();
  if (!it->is_number_integer()) return Bad(std::string("\"") + key + "\" must be an integer");
  *out = it->get<T>();
  return Status::OK();
}

Status ReadString(const Json& j, const char* key, std::string* out) {
  auto it = j.find(key);
  if (it == j.end()) return Bad(std::string("missing \"") + key + "\"");
  if (!it->is_string()) return Bad(std::string("\"") + key + "\" must be a string");
  *out = it->get<std::string>();
  return Status::OK();
}

const Json* FindArray(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_array() ? &*it : nullptr;
}

Status ReadSchemas(const Json& j, TableMetadata* md) {
  if (const Json* list = FindArray(j, "schemas")) {
    for (const auto& s : *list) {
      FLOE_ASSIGN_OR_RETURN(Schema schema, SchemaFromJsonValue(s));
      md->schemas.push_back(std::move(schema));
    }
    std::optional<int32_t> current;
    FLOE_RETURN_IF_ERROR(ReadOptInt(j, "current-schema-id", &current));
    if (!current && md->format_version >= 2) return Bad("missing \"current-schema-id\"");
    md->current_schema_id = current.value_or(md->schemas.empty() ? 0 : md->schemas.front().schema_id());
  } else if (auto it = j.find("schema"); it != j.end() && md->format_version == 1) {
    FLOE_ASSIGN_OR_RETURN(Schema schema, SchemaFromJsonValue(*it));
    md->current_schema_id = schema.schema_id();
    md->schemas.push_back(std::move(schema));
  } else {
    return Bad("missing \"schemas\"");
  }
  return Status::OK();
}

Status ReadSpecs(const Json& j, TableMetadata* md) {
  if (const Json* list = FindArray(j, "partition-specs")) {
    for (const auto& s : *list) {
      FLOE_ASSIGN_OR_RETURN(PartitionSpec spec, PartitionSpecFromJsonValue(s));
      md->partition_specs.push_back(std::move(spec));
    }
    std::optional<int32_t> def;
    FLOE_RETURN_IF_ERROR(ReadOptInt(j, "default-spec-id", &def));
    if (!def && md->format_version >= 2) return Bad("missing \"default-spec-id\"");
    md->default_spec_id = def.value_or(md->partition_specs.empty() ? 0 : md->partition_specs.front().spec_id());
  } else if (auto it = j.find("partition-spec"); it != j.end() && md->format_version == 1) {
    FLOE_ASSIGN_OR_RETURN(PartitionSpec spec, PartitionSpecFromJsonValue(*it));
    md->default_spec_id = spec.spec_id();
    md->partition_specs.push_back(std::move(spec));
  } else {
    return Bad("missing \"partition-specs\"");
  }
  std::optional<int32_t> last;
  FLOE_RETURN_IF_ERROR(ReadOptInt(j, "last-partition-id", &last));
  if (!last && md->format_version >= 2) return Bad("missing \"last-partition-id\"");
  md->last_partition_id = last.value_or(LastPartitionId(md->partition_specs));
  return Status::OK();
}

Status ReadSortOrders(const Json& j, TableMetadata* md) {
  if (const Json* list = FindArray(j, "sort-orders")) {
    for (const auto& s : *list) {
      FLOE_ASSIGN_OR_RETURN(SortOrder order, SortOrderFromJsonValue(s));
      md->sort_orders.push_back(std::move(order));
    }
    std::optional<int32_t> def;
    FLOE_RETURN_IF_ERROR(ReadOptInt(j, "default-sort-order-id", &def));
    if (!def && md->format_version >= 2) return Bad("missing \"default-sort-order-id\"");
    md->default_sort_order_id = def.value_or(0);
  } else if (md->format_version >= 2) {
    return Bad("missing \"sort-orders\"");
  } else {
    md->sort_orders.push_back(SortOrder::Unsorted());
  }
  return Status::OK();
}

Status ReadSnapshots(const Json& j, TableMetadata* md) {
  std::optional<int64_t> current;
  FLOE_RETURN_IF_ERROR(ReadOptInt(j, "current-snapshot-id", &current));
  if (current && *current != -1) md->current_snapshot_id = current;
  if (const Json* list = FindArray(j, "snapshots")) {
    for (const auto& s : *list) {
      FLOE_ASSIGN_OR_RETURN(Snapshot snap, SnapshotFromJson(s));
      md->snapshots.push_back(std::move(snap));
    }
  }
  if (const Json* log = FindArray(j, "snapshot-log")) {
    for (const auto& e : *log) {
      SnapshotLogEntry entry;
      FLOE_RETURN_IF_ERROR(ReadInt(e, "timestamp-ms", &entry.timestamp_ms));
      FLOE_RETURN_IF_ERROR(ReadInt(e, "snapshot-id", &entry.snapshot_id));
      md->snapshot_log.push_back(entry);
    }
  }
  if (const Json* log = FindArray(j, "metadata-log")) {
    for (const auto& e : *log) {
      MetadataLogEntry entry;
      FLOE_RETURN_IF_ERROR(ReadInt(e, "timestamp-ms", &entry.timestamp_ms));
      FLOE_RETURN_IF_ERROR(ReadString(e, "metadata-file", &entry.metadata_file));
      md->metadata_log.push_back(std::move(entry));
    }
  }
  if (auto it = j.find("refs"); it != j.end() && it->is_object()) {
    for (auto ref = it->begin(); ref != it->end(); ++ref) {
      auto parsed = SnapshotRefFromJson(ref.value());
      if (!parsed.ok()) return parsed.status().WithContext("table metadata: ref \"" + ref.key() + "\"");
      md->refs.emplace(ref.key(), *parsed);
    }
  } else if (md->current_snapshot_id) {
    // Tables written before refs existed: main is the current snapshot.
    md->refs.emplace(kMainBranch, SnapshotRef{*md->current_snapshot_id, SnapshotRefType::kBranch, {}, {}, {}});
  }
  return Status::OK();
}

}  // namespace

Result<TableMetadata> TableMetadataFromJson(std::string_view text) {
  Json j = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Bad("not valid JSON");
  if (!j.is_object()) return Bad("must be a JSON object");
  TableMetadata md;
  FLOE_RETURN_IF_ERROR(ReadInt(j, "format-version", &md.format_version));
  if (md.format_version < 1 || md.format_version > 2) {
    return Bad("format-version " + std::to_string(md.format_version) + " is not supported (1 and 2 are)");
  }
  if (j.contains("table-uuid") || md.format_version >= 2) {
    FLOE_RETURN_IF_ERROR(ReadString(j, "table-uuid", &md.table_uuid));
  }
  FLOE_RETURN_IF_ERROR(ReadString(j, "location", &md.location));
  if (md.format_version >= 2) FLOE_RETURN_IF_ERROR(ReadInt(j, "last-sequence-number", &md.last_sequence_number));
  FLOE_RETURN_IF_ERROR(ReadInt(j, "last-updated-ms", &md.last_updated_ms));
  FLOE_RETURN_IF_ERROR(ReadInt(j, "last-column-id", &md.last_column_id));
  FLOE_RETURN_IF_ERROR(ReadSchemas(j, &md));
  FLOE_RETURN_IF_ERROR(ReadSpecs(j, &md));
  FLOE_RETURN_IF_ERROR(ReadSortOrders(j, &md));
  if (auto it = j.find("properties"); it != j.end() && it->is_object()) {
    for (auto p = it->begin(); p != it->end(); ++p) {
      if (!p.value().is_string()) return Bad("property \"" + p.key() + "\" must be a string");
      md.properties.emplace_back(p.key(), p.value().get<std::string>());
    }
  }
  FLOE_RETURN_IF_ERROR(ReadSnapshots(j, &md));
  FLOE_RETURN_IF_ERROR(md.Validate().WithContext("table metadata"));
  return md;
}

std::string TableMetadataToJson(const TableMetadata& md) {
  Json j;
  j["format-version"] = kFormatVersion;
  j["table-uuid"] = md.table_uuid;
  j["location"] = md.location;
  j["last-sequence-number"] = md.last_sequence_number;
  j["last-updated-ms"] = md.last_updated_ms;
  j["last-column-id"] = md.last_column_id;
  j["current-schema-id"] = md.current_schema_id;
  j["schemas"] = Json::array();
  for (const auto& s : md.schemas) j["schemas"].push_back(SchemaToJsonValue(s));
  j["default-spec-id"] = md.default_spec_id;
  j["partition-specs"] = Json::array();
  for (const auto& s : md.partition_specs) j["partition-specs"].push_back(PartitionSpecToJsonValue(s));
  j["last-partition-id"] = md.last_partition_id;
  j["default-sort-order-id"] = md.default_sort_order_id;
  j["sort-orders"] = Json::array();
  for (const auto& s : md.sort_orders) j["sort-orders"].push_back(SortOrderToJsonValue(s));
  j["properties"] = Json::object();
  for (const auto& [k, v] : md.properties) j["properties"][k] = v;
  j["current-snapshot-id"] = md.current_snapshot_id.value_or(-1);
  j["refs"] = Json::object();
  for (const auto& [name, ref] : md.refs) j["refs"][name] = SnapshotRefToJson(ref);
  j["snapshots"] = Json::array();
  for (const auto& s : md.snapshots) j["snapshots"].push_back(SnapshotToJson(s));
  j["statistics"] = Json::array();
  j["partition-statistics"] = Json::array();
  j["snapshot-log"] = Json::array();
  for (const auto& e : md.snapshot_log) {
    j["snapshot-log"].push_back(Json{{"timestamp-ms", e.timestamp_ms}, {"snapshot-id", e.snapshot_id}});
  }
  j["metadata-log"] = Json::array();
  for (const auto& e : md.metadata_log) {
    j["metadata-log"].push_back(Json{{"timestamp-ms", e.timestamp_ms}, {"metadata-file", e.metadata_file}});
  }
  return j.dump(2);
}

}  // namespace floe::iceberg
