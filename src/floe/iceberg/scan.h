// Scan planning (Iceberg spec "Scan Planning"): pick a snapshot, prune
// manifests by partition summaries and data files by partition values and
// column bounds, and pair each data file with the delete files that apply to
// it. Pruning is conservative: a file is dropped only when its metadata proves
// no row can match; the filter always remains as the residual for the reader.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "floe/base/status.h"
#include "floe/iceberg/manifest.h"
#include "floe/iceberg/table_metadata.h"
#include "floe/storage/file_io.h"

namespace floe::iceberg {

enum class PredicateOp { kEq, kLt, kLtEq, kGt, kGtEq, kIn, kIsNull, kNotNull };

// One condition on a column; a filter is a conjunction of them. BETWEEN a AND b
// is {kGtEq a, kLtEq b}.
struct Predicate {
  int32_t field_id = 0;
  PredicateOp op = PredicateOp::kEq;
  std::vector<Literal> values;  // one value; several for kIn; none for null tests
};

struct ScanRequest {
  // At most one selects the snapshot; none means the current one.
  std::optional<int64_t> snapshot_id;
  std::optional<std::string> ref;               // a branch or tag
  std::optional<int64_t> as_of_timestamp_ms;    // the snapshot current then
  std::vector<Predicate> filter;
  int read_threads = 1;  // manifests read at once
};

struct FileScanTask {
  DataFile file;
  int64_t data_sequence_number = 0;
  std::vector<DataFile> deletes;  // position and equality deletes that apply
};

struct ScanPlan {
  std::optional<int64_t> snapshot_id;  // none: the table has no data yet
  int32_t schema_id = 0;
  std::vector<FileScanTask> tasks;
  std::vector<Predicate> residual;
  int manifests_total = 0;
  int manifests_skipped = 0;
  int files_total = 0;
  int files_skipped = 0;
};

Result<ScanPlan> PlanScan(storage::FileIO* io, const TableMetadata& metadata, const ScanRequest& request);

// The snapshot a request selects: NotFound for an unknown id, ref or a time
// before the first snapshot; nullptr when the table has no current snapshot.
Result<const Snapshot*> SelectSnapshot(const TableMetadata& metadata, const ScanRequest& request);

// Whether a file with these metrics may hold rows matching `p` (column bounds).
bool FileMayMatch(const DataFile& file, const Schema& schema, const Predicate& p);

}  // namespace floe::iceberg
