// Commits that remove data files: rewrite (the "replace" operation compaction
// uses) and delete-by-predicate for whole files ("delete"). Manifests that
// held a removed file are rewritten with it marked DELETED and the rest
// EXISTING (sequence numbers kept); other manifests carry over unchanged.
#pragma once

#include <functional>
#include <optional>
#include <vector>

#include "floe/iceberg/scan.h"
#include "floe/iceberg/table.h"

namespace floe::iceberg {

struct RewriteResult {
  int64_t snapshot_id = 0;
  int files_removed = 0;
  int files_added = 0;
  int attempts = 0;
};

// Replaces `removed` (by path) with `added` in one snapshot. Fails with
// FailedPrecondition, without committing, when a file to replace is no longer
// live (a concurrent commit removed it); retries other conflicts.
Result<RewriteResult> RewriteFiles(Table* table, const std::vector<std::string>& removed,
                                   std::vector<DataFile> added, int max_attempts = 10);

struct RewriteOptions {
  int max_attempts = 10;
  // The snapshot the rewrite's inputs were read from. When set, the rewrite
  // gives up with FailedPrecondition if a later commit added delete files
  // (they could apply to the rows being rewritten, which the new files would
  // then resurrect).
  std::optional<int64_t> starting_snapshot_id;
  // When set, FailedPrecondition unless this is still the default spec (the
  // added files' partition tuples were built for it).
  std::optional<int32_t> spec_id;
};

// RewriteFiles with the validations of `options`, checked on every attempt.
Result<RewriteResult> RewriteFiles(Table* table, const std::vector<std::string>& removed,
                                   std::vector<DataFile> added, const RewriteOptions& options);

// Deletes every data file whose rows all satisfy `filter` (proved from
// partition values and column metrics). FailedPrecondition when some file has
// matching and non-matching rows, which would need row-level deletes.
Result<RewriteResult> DeleteWhere(Table* table, const std::vector<Predicate>& filter, int max_attempts = 10);

}  // namespace floe::iceberg
