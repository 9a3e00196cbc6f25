// Bin-pack compaction of one Iceberg table (Iceberg's rewrite_data_files with
// the binpack strategy): live data files smaller than a fraction of the target
// size are grouped by partition (spec id + partition tuple), bin-packed into
// groups, read back row by row through the table reader and rewritten as
// target-size Parquet files, then swapped in by one "replace" commit.
//
// Concurrency: the commit is rebuilt on top of concurrent appends (they are
// kept, never failed); it gives up with FailedPrecondition, committing nothing
// and deleting what it wrote, when a file it replaces is no longer live, a
// concurrent commit added delete files, or the default spec changed.
//
// Delete files: a data file that any delete file applies to is left alone
// (its rows are not rewritten), so deletes never need to be re-applied.
// Files written with an older partition spec are left alone too.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "floe/base/status.h"
#include "floe/iceberg/scan.h"
#include "floe/iceberg/table.h"

namespace floe::maintenance {

inline constexpr int64_t kMiB = 1024 * 1024;

struct CompactionOptions {
  int64_t target_file_size_bytes = 512 * kMiB;
  // Files smaller than this fraction of the target are rewritten.
  double small_file_ratio = 0.75;
  // A partition is rewritten only when it has at least this many small files.
  int min_input_files = 2;
  // Small files are bin-packed into groups of at most this many input bytes
  // (0: 8 × the target); each group is read and written as a unit.
  int64_t max_group_bytes = 0;
  int max_commit_attempts = 10;
  // Checked between input files; when it reads true the compaction stops,
  // deletes what it wrote and returns Aborted.
  const std::atomic<bool>* cancel = nullptr;
};

// Small files of one partition that are rewritten together.
struct FileGroup {
  int32_t spec_id = 0;
  std::vector<std::optional<iceberg::Literal>> partition;
  std::vector<iceberg::FileScanTask> files;  // in data sequence order
  int64_t bytes = 0;
};

struct CompactionPlan {
  std::optional<int64_t> snapshot_id;  // the snapshot the plan was made from
  std::vector<FileGroup> groups;
  int files_with_deletes = 0;  // left alone: delete files apply to them
  int files_other_spec = 0;    // left alone: written with an older spec
};

// Picks and groups the files to rewrite from a scan of the current snapshot.
// Pure: reads nothing.
CompactionPlan PlanCompaction(const iceberg::TableMetadata& metadata, const iceberg::ScanPlan& scan,
                              const CompactionOptions& options);

struct CompactionReport {
  int files_in = 0;
  int files_out = 0;
  int64_t bytes_in = 0;
  int64_t bytes_out = 0;
  int64_t rows = 0;
  int64_t duration_ms = 0;
  int attempts = 0;                    // commit attempts (1 without a race)
  std::optional<int64_t> snapshot_id;  // none: nothing to do
  std::vector<int64_t> output_sizes;   // bytes of each file written
};

// Compacts the table's current snapshot. Nothing to do (no snapshot_id in the
// report) when no partition has enough small files. FailedPrecondition for
// tables whose schema has nested columns (not rewritten yet) and when the
// commit gives up (see above); Aborted when cancelled or after too many races.
Result<CompactionReport> Compact(iceberg::Table* table, const CompactionOptions& options);

}  // namespace floe::maintenance
