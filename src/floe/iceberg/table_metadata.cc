#include "floe/iceberg/table_metadata.h"

#include <algorithm>

namespace floe::iceberg {

Result<TableMetadata> TableMetadata::NewTable(Schema schema, PartitionSpec spec, SortOrder order,
                                              std::string location, std::string table_uuid,
                                              int64_t now_ms,
                                              std::vector<std::pair<std::string, std::string>> properties) {
  FLOE_RETURN_IF_ERROR(spec.Validate(schema));
  FLOE_RETURN_IF_ERROR(order.Validate(schema));
  while (!location.empty() && location.back() == '/') location.pop_back();
  if (location.empty()) return InvalidArgument("a table needs a location");
  TableMetadata md;
  md.table_uuid = std::move(table_uuid);
  md.location = std::move(location);
  md.last_updated_ms = now_ms;
  md.last_column_id = schema.HighestFieldId();
  md.current_schema_id = schema.schema_id();
  md.default_spec_id = spec.spec_id();
  md.last_partition_id = spec.LastAssignedFieldId();
  md.default_sort_order_id = order.order_id();
  md.schemas.push_back(std::move(schema));
  md.partition_specs.push_back(std::move(spec));
  md.sort_orders.push_back(std::move(order));
  md.properties = std::move(properties);
  return md;
}

const Schema* TableMetadata::SchemaById(int32_t id) const {
  for (const auto& s : schemas) {
    if (s.schema_id() == id) return &s;
  }
  return nullptr;
}

const PartitionSpec* TableMetadata::SpecById(int32_t id) const {
  for (const auto& s : partition_specs) {
    if (s.spec_id() == id) return &s;
  }
  return nullptr;
}

const SortOrder* TableMetadata::SortOrderById(int32_t id) const {
  for (const auto& s : sort_orders) {
    if (s.order_id() == id) return &s;
  }
  return nullptr;
}

const Snapshot* TableMetadata::SnapshotById(int64_t id) const {
  for (const auto& s : snapshots) {
    if (s.snapshot_id == id) return &s;
  }
  return nullptr;
}

const Snapshot* TableMetadata::CurrentSnapshot() const {
  return current_snapshot_id ? SnapshotById(*current_snapshot_id) : nullptr;
}

const Snapshot* TableMetadata::SnapshotForRef(std::string_view name) const {
  auto it = refs.find(std::string(name));
  if (it != refs.end()) return SnapshotById(it->second.snapshot_id);
  if (name == kMainBranch) return CurrentSnapshot();  // v1 tables have no refs
  return nullptr;
}

const Snapshot* TableMetadata::SnapshotAsOf(int64_t timestamp_ms) const {
  const Snapshot* found = nullptr;
  for (const auto& entry : snapshot_log) {
    if (entry.timestamp_ms > timestamp_ms) break;
    found = SnapshotById(entry.snapshot_id);
  }
  return found;
}

const std::string* TableMetadata::Property(std::string_view key) const {
  for (const auto& [k, v] : properties) {
    if (k == key) return &v;
  }
  return nullptr;
}

Status TableMetadata::Validate() const {
  if (format_version < 1 || format_version > 2) {
    return InvalidArgument("unsupported Iceberg format-version " + std::to_string(format_version));
  }
  if (!CurrentSchema()) return InvalidArgument("current-schema-id " + std::to_string(current_schema_id) + " is not in schemas");
  if (!DefaultSpec()) return InvalidArgument("default-spec-id " + std::to_string(default_spec_id) + " is not in partition-specs");
  if (!sort_orders.empty() && !SortOrderById(default_sort_order_id)) {
    return InvalidArgument("default-sort-order-id " + std::to_string(default_sort_order_id) + " is not in sort-orders");
  }
  for (const auto& s : schemas) {
    if (s.HighestFieldId() > last_column_id) {
      return InvalidArgument("schema " + std::to_string(s.schema_id()) + " uses field ids above last-column-id");
    }
  }
  for (const auto& spec : partition_specs) {
    if (spec.LastAssignedFieldId() > last_partition_id) {
      return InvalidArgument("partition spec " + std::to_string(spec.spec_id()) + " uses ids above last-partition-id");
    }
  }
  if (current_snapshot_id && !CurrentSnapshot()) {
    return InvalidArgument("current-snapshot-id " + std::to_string(*current_snapshot_id) + " is not in snapshots");
  }
  for (const auto& [name, ref] : refs) {
    if (!SnapshotById(ref.snapshot_id)) {
      return InvalidArgument("ref \"" + name + "\" points at unknown snapshot " + std::to_string(ref.snapshot_id));
    }
  }
  auto main = refs.find(kMainBranch);
  if (main != refs.end() && main->second.snapshot_id != current_snapshot_id.value_or(-1)) {
    return InvalidArgument("the main branch and current-snapshot-id disagree");
  }
  for (const auto& s : snapshots) {
    if (format_version >= 2 && s.sequence_number > last_sequence_number) {
      return InvalidArgument("snapshot " + std::to_string(s.snapshot_id) + " has a sequence number above last-sequence-number");
    }
  }
  return Status::OK();
}

}  // namespace floe::iceberg
