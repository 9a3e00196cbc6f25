// Snapshots, snapshot references and the logs of table metadata (Iceberg spec
// "Snapshots", "Snapshot References", "Table Metadata"), with the summary keys
// Java's SnapshotSummary writes (spec Appendix F).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "floe/base/status.h"

namespace floe::iceberg {

inline constexpr char kMainBranch[] = "main";

// Snapshot operations (summary "operation").
inline constexpr char kOpAppend[] = "append";
inline constexpr char kOpReplace[] = "replace";
inline constexpr char kOpOverwrite[] = "overwrite";
inline constexpr char kOpDelete[] = "delete";

// Summary keys.
inline constexpr char kAddedDataFiles[] = "added-data-files";
inline constexpr char kDeletedDataFiles[] = "deleted-data-files";
inline constexpr char kTotalDataFiles[] = "total-data-files";
inline constexpr char kAddedDeleteFiles[] = "added-delete-files";
inline constexpr char kRemovedDeleteFiles[] = "removed-delete-files";
inline constexpr char kTotalDeleteFiles[] = "total-delete-files";
inline constexpr char kAddedRecords[] = "added-records";
inline constexpr char kDeletedRecords[] = "deleted-records";
inline constexpr char kTotalRecords[] = "total-records";
inline constexpr char kAddedFilesSize[] = "added-files-size";
inline constexpr char kRemovedFilesSize[] = "removed-files-size";
inline constexpr char kTotalFilesSize[] = "total-files-size";
inline constexpr char kAddedPositionDeletes[] = "added-position-deletes";
inline constexpr char kRemovedPositionDeletes[] = "removed-position-deletes";
inline constexpr char kTotalPositionDeletes[] = "total-position-deletes";
inline constexpr char kAddedEqualityDeletes[] = "added-equality-deletes";
inline constexpr char kRemovedEqualityDeletes[] = "removed-equality-deletes";
inline constexpr char kTotalEqualityDeletes[] = "total-equality-deletes";

enum class SnapshotRefType { kBranch, kTag };

struct SnapshotRef {
  int64_t snapshot_id = 0;
  SnapshotRefType type = SnapshotRefType::kBranch;
  std::optional<int32_t> min_snapshots_to_keep;  // branches only
  std::optional<int64_t> max_snapshot_age_ms;    // branches only
  std::optional<int64_t> max_ref_age_ms;

  bool operator==(const SnapshotRef&) const = default;
};

// Ordered string map: summaries keep the order they were written in.
using Summary = std::vector<std::pair<std::string, std::string>>;

struct Snapshot {
  int64_t snapshot_id = 0;
  std::optional<int64_t> parent_snapshot_id;
  int64_t sequence_number = 0;
  int64_t timestamp_ms = 0;
  std::string manifest_list;
  Summary summary;  // "operation" first
  std::optional<int32_t> schema_id;
  // v1 tables may list manifests inline instead of a manifest list.
  std::vector<std::string> v1_manifests;

  std::string_view operation() const;
  // The summary value for `key`, or nullptr.
  const std::string* Find(std::string_view key) const;
  // The summary value for `key` parsed as a count, or 0 when absent/invalid.
  int64_t Count(std::string_view key) const;
};

struct SnapshotLogEntry {
  int64_t timestamp_ms = 0;
  int64_t snapshot_id = 0;
};

struct MetadataLogEntry {
  int64_t timestamp_ms = 0;
  std::string metadata_file;
};

// Builds a snapshot summary: the operation, the added/removed counts of this
// commit, and the totals carried forward from the previous snapshot's summary
// (totals are omitted when the previous snapshot lacked them, as Java does).
class SummaryBuilder {
 public:
  void AddDataFile(int64_t records, int64_t size_bytes);
  void RemoveDataFile(int64_t records, int64_t size_bytes);
  void AddDeleteFile(bool equality, int64_t records, int64_t size_bytes);
  void RemoveDeleteFile(bool equality, int64_t records, int64_t size_bytes);
  // Extra properties (idempotency marks such as the WAL position), kept in order.
  void Set(std::string key, std::string value);

  Summary Build(std::string_view operation, const Snapshot* previous) const;

 private:
  int64_t added_data_files_ = 0, deleted_data_files_ = 0;
  int64_t added_delete_files_ = 0, removed_delete_files_ = 0;
  int64_t added_records_ = 0, deleted_records_ = 0;
  int64_t added_size_ = 0, removed_size_ = 0;
  int64_t added_pos_deletes_ = 0, removed_pos_deletes_ = 0;
  int64_t added_eq_deletes_ = 0, removed_eq_deletes_ = 0;
  Summary extra_;
};

using SnapshotJson = nlohmann::ordered_json;

SnapshotJson SnapshotToJson(const Snapshot& snapshot);
Result<Snapshot> SnapshotFromJson(const SnapshotJson& json);
SnapshotJson SnapshotRefToJson(const SnapshotRef& ref);
Result<SnapshotRef> SnapshotRefFromJson(const SnapshotJson& json);

}  // namespace floe::iceberg
