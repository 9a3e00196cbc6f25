// Table maintenance: expiring snapshots (and deleting the files only they
// referenced), removing files no snapshot references, and rolling back.
// Every deletion happens after the commit that made the files unreachable.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "floe/base/status.h"
#include "floe/iceberg/table.h"

namespace floe::iceberg {

struct ExpireOptions {
  // Snapshots created before this are candidates.
  int64_t older_than_ms = 0;
  // The most recent ancestors of main always kept, whatever their age (>= 1).
  int retain_last = 1;
  bool dry_run = false;
};

struct ExpireResult {
  std::vector<int64_t> expired_snapshot_ids;
  std::vector<std::string> deleted_files;  // manifest lists, manifests, data and delete files
};

// Never expires the current snapshot, a snapshot a branch or tag points at,
// or one of the `retain_last` newest ancestors of main.
Result<ExpireResult> ExpireSnapshots(Table* table, const ExpireOptions& options);

struct OrphanOptions {
  // Only files last modified before this are removed (writers in flight
  // have files not yet committed).
  int64_t older_than_ms = 0;
  bool dry_run = false;
};

// Removes files under the table's local location that no metadata file in the
// metadata log, snapshot, manifest list or manifest references. Local tables only.
Result<std::vector<std::string>> RemoveOrphanFiles(Table* table, const OrphanOptions& options);

// Moves main back to `snapshot_id`, which must be an ancestor of the current
// snapshot (FailedPrecondition otherwise).
Status RollbackTo(Table* table, int64_t snapshot_id);

// Every file a snapshot reaches: its manifest list, manifests and content files.
Status CollectReachableFiles(storage::FileIO* io, const TableMetadata& md, const Snapshot& snapshot,
                             std::set<std::string>* files);

// CollectReachableFiles over every snapshot of `md`, reading each distinct
// manifest once (snapshots share most of theirs).
Status CollectReachableFilesOfAll(storage::FileIO* io, const TableMetadata& md, std::set<std::string>* files);

}  // namespace floe::iceberg
