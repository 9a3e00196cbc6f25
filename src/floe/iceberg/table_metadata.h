// Table metadata (Iceberg spec "Table Metadata"): the versioned document that a
// catalog points at. Reads format v1 and v2; writes v2 with every required
// field. The model holds data only; table_metadata_json.cc is the wire form.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "floe/base/status.h"
#include "floe/iceberg/partition_spec.h"
#include "floe/iceberg/schema.h"
#include "floe/iceberg/snapshot.h"
#include "floe/iceberg/sort_order.h"

namespace floe::iceberg {

inline constexpr int32_t kFormatVersion = 2;

struct TableMetadata {
  int32_t format_version = kFormatVersion;
  std::string table_uuid;
  std::string location;
  int64_t last_sequence_number = 0;
  int64_t last_updated_ms = 0;
  int32_t last_column_id = 0;
  std::vector<Schema> schemas;
  int32_t current_schema_id = 0;
  std::vector<PartitionSpec> partition_specs;
  int32_t default_spec_id = 0;
  int32_t last_partition_id = 999;
  std::vector<std::pair<std::string, std::string>> properties;
  std::optional<int64_t> current_snapshot_id;
  std::vector<Snapshot> snapshots;
  std::vector<SnapshotLogEntry> snapshot_log;
  std::vector<MetadataLogEntry> metadata_log;
  std::vector<SortOrder> sort_orders;
  int32_t default_sort_order_id = 0;
  std::map<std::string, SnapshotRef> refs;

  // A new, empty v2 table. `schema`, `spec` and `order` keep their ids.
  static Result<TableMetadata> NewTable(Schema schema, PartitionSpec spec, SortOrder order,
                                        std::string location, std::string table_uuid,
                                        int64_t now_ms,
                                        std::vector<std::pair<std::string, std::string>> properties = {});

  const Schema* CurrentSchema() const { return SchemaById(current_schema_id); }
  const Schema* SchemaById(int32_t id) const;
  const PartitionSpec* DefaultSpec() const { return SpecById(default_spec_id); }
  const PartitionSpec* SpecById(int32_t id) const;
  const SortOrder* SortOrderById(int32_t id) const;
  const Snapshot* CurrentSnapshot() const;
  const Snapshot* SnapshotById(int64_t id) const;
  // The snapshot a branch or tag points at, or nullptr.
  const Snapshot* SnapshotForRef(std::string_view name) const;
  // The snapshot that was current at `timestamp_ms` (from the snapshot log), or nullptr.
  const Snapshot* SnapshotAsOf(int64_t timestamp_ms) const;
  // The property value for `key`, or nullptr.
  const std::string* Property(std::string_view key) const;

  // Structural checks a reader relies on: current ids resolve, refs point at
  // known snapshots, main matches current-snapshot-id, ids within last-*.
  Status Validate() const;
};

// Parses v1 or v2 metadata JSON. v1 tables are upgraded in memory: `schema`,
// `partition-spec` become one-element lists and sequence numbers read as 0.
Result<TableMetadata> TableMetadataFromJson(std::string_view json);
// Writes v2 metadata JSON (current-snapshot-id -1 when there is none, as Java does).
std::string TableMetadataToJson(const TableMetadata& metadata);

}  // namespace floe::iceberg
