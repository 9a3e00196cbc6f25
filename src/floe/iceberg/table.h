// A table handle: current metadata, the commit point, and the operations that
// build commits (fast append). Commits are optimistic: build on the metadata
// you read, then swap the metadata pointer only if nobody else moved it.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "floe/base/clock.h"
#include "floe/base/status.h"
#include "floe/base/uuid.h"
#include "floe/iceberg/manifest.h"
#include "floe/iceberg/table_metadata.h"
#include "floe/iceberg/table_update.h"
#include "floe/storage/file_io.h"

namespace floe::iceberg {

// Where a table's current metadata file is recorded; the only commit point.
class MetadataPointer {
 public:
  virtual ~MetadataPointer() = default;
  // The current metadata file, or NotFound when the table does not exist.
  virtual Result<std::string> Current() = 0;
  // Moves the pointer from `expected` (empty: the table is being created) to
  // `next` atomically; Aborted when the pointer is no longer `expected`.
  virtual Status Swap(const std::string& expected, const std::string& next) = 0;
};

// Path-based tables on the local filesystem: `metadata/version-hint.text`
// names the current metadata file (its name without ".metadata.json", which
// DuckDB's iceberg_scan and icebird resolve), replaced by rename while holding
// an flock on `metadata/.commit.lock`.
std::unique_ptr<MetadataPointer> NewVersionHintPointer(std::string table_location);

// Points `<folder of metadata_file>/version-hint.text` at `metadata_file` (its
// name without ".metadata.json"), replacing the hint atomically by rename.
// Catalog-managed tables keep it current too, for readers that scan folders.
Status WriteVersionHint(const std::string& metadata_file);

// Where a table's new UUIDs (table uuid, file names, snapshot ids) come from;
// tests inject a deterministic sequence.
using UuidSource = std::function<Uuid()>;

class Table {
 public:
  // Loads the table the pointer names.
  static Result<std::unique_ptr<Table>> Load(storage::FileIO* io, std::unique_ptr<MetadataPointer> pointer,
                                             Clock* clock);
  // Creates a new, empty v2 table at `location`; AlreadyExists if there is one.
  static Result<std::unique_ptr<Table>> Create(storage::FileIO* io, std::unique_ptr<MetadataPointer> pointer,
                                               Clock* clock, std::string location, Schema schema,
                                               PartitionSpec spec,
                                               std::vector<std::pair<std::string, std::string>> properties = {},
                                               UuidSource uuids = nullptr);

  const TableMetadata& metadata() const { return metadata_; }
  const std::string& metadata_location() const { return metadata_location_; }
  storage::FileIO* io() const { return io_; }
  Clock* clock() const { return clock_; }

  // Re-reads the current metadata.
  Status Refresh();
  // Checks `requirements` against the current metadata, applies `updates`,
  // writes the next metadata file and swaps the pointer. Aborted when another
  // commit won (call Refresh and rebuild); the written file is then removed.
  // A commit without updates only checks the requirements.
  Status Commit(const std::vector<TableRequirement>& requirements, const std::vector<TableUpdate>& updates);

  // A fresh file path under the table's metadata folder.
  std::string NewMetadataPath(const std::string& file_name) const;
  // A new UUID from the table's source (random unless set).
  Uuid NewUuid() const { return uuids_ ? uuids_() : Uuid::Random(); }
  void set_uuid_source(UuidSource uuids) { uuids_ = std::move(uuids); }

 private:
  Table(storage::FileIO* io, std::unique_ptr<MetadataPointer> pointer, Clock* clock)
      : io_(io), pointer_(std::move(pointer)), clock_(clock) {}

  storage::FileIO* io_;
  std::unique_ptr<MetadataPointer> pointer_;
  Clock* clock_;
  TableMetadata metadata_;
  std::string metadata_location_;
  UuidSource uuids_;
};

struct AppendResult {
  int64_t snapshot_id = 0;
  int64_t sequence_number = 0;
  int attempts = 0;
};

// Fast append (the ingestion path): one new manifest with the files as ADDED
// entries, plus every manifest of the current snapshot, in one commit on main.
// `properties` go into the snapshot summary (e.g. idempotency marks). When a
// concurrent commit wins, the append is rebuilt on the new head and retried
// up to `max_attempts` times; the manifest is written once and reused.
Result<AppendResult> FastAppend(Table* table, std::vector<DataFile> files,
                                const Summary& properties = {}, int max_attempts = 10);

// A positive snapshot id made from a UUID, as Java makes them.
int64_t NewSnapshotId(const Uuid& u = Uuid::Random());

}  // namespace floe::iceberg
