#include "floe/maintenance/jobs.h"

#include <chrono>
#include <cstdio>

#include "floe/catalog/catalog_pointer.h"
#include "floe/iceberg/maintenance.h"
#include "floe/maintenance/settings.h"

namespace floe::maintenance {
namespace {

int64_t ElapsedMs(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               start)
      .count();
}

std::string Bytes(int64_t n) {
  char buf[32];
  if (n >= kMiB) {
    std::snprintf(buf, sizeof(buf), "%.1f MB", static_cast<double>(n) / static_cast<double>(kMiB));
  } else {
    std::snprintf(buf, sizeof(buf), "%.1f KB", static_cast<double>(n) / 1024.0);
  }
  return buf;
}

JobRun Begin(const JobEnv& env, const TableName& table, const char* kind) {
  JobRun run;
  run.table = table;
  run.kind = kind;
  run.started_ms = env.clock->NowMillis();
  return run;
}

}  // namespace

Result<std::unique_ptr<iceberg::Table>> OpenCatalogTable(const JobEnv& env, const TableName& t) {
  FLOE_ASSIGN_OR_RETURN(catalog::TableEntry e, env.catalog->GetTable(t.bucket, t.ns, t.name));
  return iceberg::Table::Load(
      env.io, catalog::NewCatalogPointer(env.catalog, t.bucket, t.ns, t.name, e.warehouse_location),
      env.clock);
}

JobRun RunCompaction(const JobEnv& env, const TableName& t, const CompactionOptions& options) {
  JobRun run = Begin(env, t, kCompaction);
  auto start = std::chrono::steady_clock::now();
  auto table = OpenCatalogTable(env, t);
  Result<CompactionReport> report =
      table.ok() ? Compact(table->get(), options) : Result<CompactionReport>(table.status());
  run.duration_ms = ElapsedMs(start);
  if (!report.ok()) {
    run.error = report.status().ToString();
    return run;
  }
  run.files_in = report->files_in;
  run.files_out = report->files_out;
  run.bytes_in = report->bytes_in;
  run.bytes_out = report->bytes_out;
  run.rows = report->rows;
  run.snapshot_id = report->snapshot_id;
  run.nothing_to_do = !report->snapshot_id;
  return run;
}

JobRun RunSnapshotExpiry(const JobEnv& env, const TableName& t, int min_snapshots,
                         int64_t max_age_ms) {
  JobRun run = Begin(env, t, kSnapshotManagement);
  auto start = std::chrono::steady_clock::now();
  auto table = OpenCatalogTable(env, t);
  if (!table.ok()) {
    run.error = table.status().ToString();
    return run;
  }
  iceberg::ExpireOptions options;
  options.retain_last = std::max(1, min_snapshots);
  options.older_than_ms = run.started_ms - max_age_ms;
  auto result = iceberg::ExpireSnapshots(table->get(), options);
  run.duration_ms = ElapsedMs(start);
  if (!result.ok()) {
    run.error = result.status().ToString();
    return run;
  }
  run.snapshots_expired = static_cast<int>(result->expired_snapshot_ids.size());
  run.files_deleted = static_cast<int>(result->deleted_files.size());
  run.nothing_to_do = result->expired_snapshot_ids.empty();
  return run;
}

JobRun RunUnreferencedFileRemoval(const JobEnv& env, const TableName& t, int64_t min_age_ms) {
  JobRun run = Begin(env, t, kUnreferencedFileRemoval);
  auto start = std::chrono::steady_clock::now();
  auto table = OpenCatalogTable(env, t);
  if (!table.ok()) {
    run.error = table.status().ToString();
    return run;
  }
  iceberg::OrphanOptions options;
  options.older_than_ms = run.started_ms - min_age_ms;
  auto removed = iceberg::RemoveOrphanFiles(table->get(), options);
  run.duration_ms = ElapsedMs(start);
  if (!removed.ok()) {
    run.error = removed.status().ToString();
    return run;
  }
  run.files_deleted = static_cast<int>(removed->size());
  run.nothing_to_do = removed->empty();
  return run;
}

iceberg::Json JobRunToJson(const JobRun& r) {
  iceberg::Json j{{"table", r.table.ns + "." + r.table.name},
                  {"bucket", r.table.bucket},
                  {"kind", r.kind},
                  {"status", r.ok() ? "Successful" : "Failed"},
                  {"startedAt", IsoTimestamp(r.started_ms)},
                  {"durationMs", r.duration_ms}};
  if (r.kind == kCompaction) {
    j["filesIn"] = r.files_in;
    j["filesOut"] = r.files_out;
    j["bytesIn"] = r.bytes_in;
    j["bytesOut"] = r.bytes_out;
    j["rows"] = r.rows;
  } else {
    if (r.kind == kSnapshotManagement) j["snapshotsExpired"] = r.snapshots_expired;
    j["filesDeleted"] = r.files_deleted;
  }
  j["nothingToDo"] = r.nothing_to_do;
  if (r.snapshot_id) j["snapshotId"] = *r.snapshot_id;
  if (!r.ok()) j["error"] = r.error;
  return j;
}

std::string JobRunSummary(const JobRun& r) {
  const std::string table = r.table.bucket + "/" + r.table.ns + "." + r.table.name;
  const std::string took = " in " + std::to_string(r.duration_ms) + " ms";
  if (!r.ok()) return r.kind + " of " + table + " failed: " + r.error;
  if (r.kind == kCompaction) {
    if (r.nothing_to_do)
      return table + ": nothing to compact (no partition has enough small files)";
    return table + ": compacted " + std::to_string(r.files_in) + " files (" + Bytes(r.bytes_in) +
           ") into " + std::to_string(r.files_out) + " files (" + Bytes(r.bytes_out) + "), " +
           std::to_string(r.rows) + " rows," + took;
  }
  if (r.kind == kSnapshotManagement) {
    return table + ": expired " + std::to_string(r.snapshots_expired) + " snapshots and deleted " +
           std::to_string(r.files_deleted) + " files" + took;
  }
  return table + ": deleted " + std::to_string(r.files_deleted) + " unreferenced files" + took;
}

Status RecordJobStatus(catalog::Catalog* catalog, const JobRun& run) {
  JobStatus s;
  s.status = run.ok() ? "Successful" : "Failed";
  s.last_run_ms = run.started_ms;
  s.failure_message = run.error;
  return PutJobStatus(catalog, run.table.Key(), run.kind, s);
}

}  // namespace floe::maintenance
