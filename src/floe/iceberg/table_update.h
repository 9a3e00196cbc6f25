// The commit model (Iceberg REST "CommitTableRequest"): a commit is a list of
// requirements checked against the current metadata and a list of updates
// applied to it, by a pure function. The JSON shapes are the REST catalog's.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "floe/base/status.h"
#include "floe/iceberg/json.h"
#include "floe/iceberg/table_metadata.h"

namespace floe::iceberg {

// Requirements: a failed one is Aborted (the commit lost a race; redo it).
struct AssertCreate {};
struct AssertTableUuid { std::string uuid; };
struct AssertRefSnapshotId { std::string ref; std::optional<int64_t> snapshot_id; };  // nullopt: ref must not exist
struct AssertLastAssignedFieldId { int32_t last_assigned_field_id; };
struct AssertCurrentSchemaId { int32_t current_schema_id; };
struct AssertLastAssignedPartitionId { int32_t last_assigned_partition_id; };
struct AssertDefaultSpecId { int32_t default_spec_id; };
struct AssertDefaultSortOrderId { int32_t default_sort_order_id; };

using TableRequirement =
    std::variant<AssertCreate, AssertTableUuid, AssertRefSnapshotId, AssertLastAssignedFieldId,
                 AssertCurrentSchemaId, AssertLastAssignedPartitionId, AssertDefaultSpecId,
                 AssertDefaultSortOrderId>;

// Updates. "-1" ids (set-current-schema, set-default-spec, set-default-sort-order)
// mean "the one added last in this commit", as in the REST spec.
struct AssignUuid { std::string uuid; };
struct UpgradeFormatVersion { int32_t format_version; };
struct AddSchema { Schema schema; std::optional<int32_t> last_column_id; };
struct SetCurrentSchema { int32_t schema_id; };
struct AddPartitionSpec { PartitionSpec spec; };
struct SetDefaultSpec { int32_t spec_id; };
struct AddSortOrder { SortOrder sort_order; };
struct SetDefaultSortOrder { int32_t sort_order_id; };
struct AddSnapshot { Snapshot snapshot; };
struct SetSnapshotRef { std::string ref_name; SnapshotRef ref; };
struct RemoveSnapshots { std::vector<int64_t> snapshot_ids; };
struct RemoveSnapshotRef { std::string ref_name; };
struct SetLocation { std::string location; };
struct SetProperties { std::vector<std::pair<std::string, std::string>> updates; };
struct RemoveProperties { std::vector<std::string> removals; };

using TableUpdate =
    std::variant<AssignUuid, UpgradeFormatVersion, AddSchema, SetCurrentSchema, AddPartitionSpec,
                 SetDefaultSpec, AddSortOrder, SetDefaultSortOrder, AddSnapshot, SetSnapshotRef,
                 RemoveSnapshots, RemoveSnapshotRef, SetLocation, SetProperties, RemoveProperties>;

// Checks every requirement against `base` (nullptr for a table that does not
// exist yet): Aborted naming the first that fails.
Status CheckRequirements(const TableMetadata* base, const std::vector<TableRequirement>& requirements);

// Applies `updates` to `base` and returns the new metadata, with
// last-updated-ms = now_ms and the snapshot log extended when main moves.
// Invalid updates (unknown ids, a snapshot whose sequence number does not
// follow, a schema reusing an id) are InvalidArgument. Does not touch the
// metadata log; the writer of the new metadata file does that.
Result<TableMetadata> ApplyUpdates(const TableMetadata& base, const std::vector<TableUpdate>& updates,
                                   int64_t now_ms);

// The REST JSON forms ({"type": "assert-…"} / {"action": "…"}).
Result<TableRequirement> TableRequirementFromJson(const Json& json);
Json TableRequirementToJson(const TableRequirement& requirement);
Result<TableUpdate> TableUpdateFromJson(const Json& json);
Json TableUpdateToJson(const TableUpdate& update);

}  // namespace floe::iceberg
