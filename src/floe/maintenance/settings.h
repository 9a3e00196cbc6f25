// The maintenance configuration the S3 Tables API stores in the catalog's
// settings (kind "table-maintenance" per table, "bucket-maintenance" per
// bucket), with S3 Tables' defaults for whatever is absent, and the job status
// written back after each run (kind "maintenance-job-status", served by
// GetTableMaintenanceJobStatus).
#pragma once

#include <string>
#include <string_view>

#include "floe/base/status.h"
#include "floe/catalog/catalog.h"

namespace floe::maintenance {

inline constexpr char kTableMaintenanceKind[] = "table-maintenance";
inline constexpr char kBucketMaintenanceKind[] = "bucket-maintenance";
inline constexpr char kJobStatusKind[] = "maintenance-job-status";

// Maintenance types, as the API names them.
inline constexpr char kCompaction[] = "icebergCompaction";
inline constexpr char kSnapshotManagement[] = "icebergSnapshotManagement";
inline constexpr char kUnreferencedFileRemoval[] = "icebergUnreferencedFileRemoval";

struct TableMaintenanceConfig {
  bool compaction_enabled = true;
  int target_file_size_mb = 512;  // S3 Tables accepts 64–512
  std::string strategy = "auto";
  bool snapshot_management_enabled = true;
  int min_snapshots_to_keep = 1;
  int max_snapshot_age_hours = 120;
};

struct BucketMaintenanceConfig {
  bool unreferenced_file_removal_enabled = true;
  int unreferenced_days = 3;
  // Accepted and kept; floe deletes unreferenced files outright, so there is
  // no non-current copy for this to expire.
  int non_current_days = 10;
};

// Parse a stored document; absent types and fields keep the defaults.
// InvalidArgument for text that is not a JSON object or fields of the wrong type.
Result<TableMaintenanceConfig> ParseTableMaintenance(std::string_view json);
Result<BucketMaintenanceConfig> ParseBucketMaintenance(std::string_view json);

// The documents from the catalog; defaults when none is stored.
Result<TableMaintenanceConfig> LoadTableMaintenance(catalog::Catalog* catalog,
                                                    const std::string& table_key);
Result<BucketMaintenanceConfig> LoadBucketMaintenance(catalog::Catalog* catalog,
                                                      const std::string& bucket);

// One type's entry in the job status document.
struct JobStatus {
  std::string status;  // "Successful", "Failed" or "Disabled"
  int64_t last_run_ms = 0;
  std::string failure_message;  // only with "Failed"
};

// Sets `type`'s entry in the table's job status document, keeping the others.
Status PutJobStatus(catalog::Catalog* catalog, const std::string& table_key,
                    const std::string& type, const JobStatus& status);

// "2026-11-25T20:55:01.123Z"
std::string IsoTimestamp(int64_t ms);

}  // namespace floe::maintenance
