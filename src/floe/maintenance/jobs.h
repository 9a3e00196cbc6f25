// One maintenance job on one catalog table — compaction, snapshot expiry or
// unreferenced-file removal — and the record of what it did, shared by the
// scheduler and `floe table compact|expire|clean`.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "floe/base/clock.h"
#include "floe/catalog/catalog.h"
#include "floe/iceberg/json.h"
#include "floe/iceberg/table.h"
#include "floe/maintenance/compaction.h"
#include "floe/storage/file_io.h"

namespace floe::maintenance {

struct TableName {
  std::string bucket, ns, name;
  // "bucket/ns/name": the key of the table's settings.
  std::string Key() const { return bucket + "/" + ns + "/" + name; }
};

// What the jobs run against.
struct JobEnv {
  catalog::Catalog* catalog = nullptr;
  storage::FileIO* io = nullptr;
  Clock* clock = nullptr;
};

// What one run did, for the job status, metrics and the CLI's report.
struct JobRun {
  TableName table;
  std::string kind;  // kCompaction, kSnapshotManagement or kUnreferencedFileRemoval
  int64_t started_ms = 0;
  int64_t duration_ms = 0;
  int files_in = 0;   // compaction: files rewritten
  int files_out = 0;  // compaction: files written
  int64_t bytes_in = 0;
  int64_t bytes_out = 0;
  int64_t rows = 0;
  int snapshots_expired = 0;
  int files_deleted = 0;               // expiry and removal: files deleted from storage
  std::optional<int64_t> snapshot_id;  // the commit the run made, if any
  bool nothing_to_do = false;
  std::string error;  // empty when the run succeeded

  bool ok() const { return error.empty(); }
};

iceberg::Json JobRunToJson(const JobRun& run);
// One line for people: "compacted 1000 files (2.1 MB) into 4 files (1.2 MB), 20000 rows, in 812
// ms".
std::string JobRunSummary(const JobRun& run);

// The table as the catalog has it, committing through the catalog.
Result<std::unique_ptr<iceberg::Table>> OpenCatalogTable(const JobEnv& env, const TableName& table);

JobRun RunCompaction(const JobEnv& env, const TableName& table, const CompactionOptions& options);
// Keeps the `min_snapshots` newest snapshots of main and anything newer than `max_age_ms`.
JobRun RunSnapshotExpiry(const JobEnv& env, const TableName& table, int min_snapshots,
                         int64_t max_age_ms);
// Deletes files under the table's location that no metadata references and
// that were last modified more than `min_age_ms` ago.
JobRun RunUnreferencedFileRemoval(const JobEnv& env, const TableName& table, int64_t min_age_ms);

// Records the run in the table's job status setting.
Status RecordJobStatus(catalog::Catalog* catalog, const JobRun& run);

}  // namespace floe::maintenance
