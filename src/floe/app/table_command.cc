#include "floe/app/table_command.h"

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "floe/catalog/sqlite_catalog.h"
#include "floe/ingest/partitioned_writer.h"
#include "floe/ingest/record_converter.h"
#include "floe/maintenance/jobs.h"
#include "floe/maintenance/settings.h"

namespace floe::app {
namespace {

using maintenance::JobEnv;
using maintenance::JobRun;
using maintenance::TableName;

struct Common {
  std::string table;  // NS.TABLE
  std::string data = "./floe-data";
  std::string bucket;
};

int Fail(const Status& st) {
  std::fprintf(stderr, "floe: error: %s\n", st.ToString().c_str());
  return 1;
}

// The catalog of a data directory, and the table named on the command line.
struct Target {
  std::unique_ptr<catalog::SqliteCatalog> catalog;
  TableName table;
  JobEnv env() const {
    return JobEnv{catalog.get(), storage::LocalFileIO::Default(), SystemClock::Default()};
  }
};

Result<Target> Resolve(const Common& c) {
  const std::string db = c.data + "/catalog.db";
  if (!std::filesystem::exists(db)) {
    return NotFound("no catalog at " + db +
                    "; pass the data directory of `floe serve` with --data DIR");
  }
  Target t;
  FLOE_ASSIGN_OR_RETURN(t.catalog, catalog::SqliteCatalog::Open(db));
  size_t dot = c.table.find('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == c.table.size() ||
      c.table.find('.', dot + 1) != std::string::npos) {
    return InvalidArgument("name the table as NAMESPACE.TABLE, not \"" + c.table + "\"");
  }
  t.table.ns = c.table.substr(0, dot);
  t.table.name = c.table.substr(dot + 1);
  t.table.bucket = c.bucket;
  if (t.table.bucket.empty()) {
    FLOE_ASSIGN_OR_RETURN(auto buckets, t.catalog->ListBuckets(""));
    if (buckets.empty())
      return NotFound("no table buckets in " + db +
                      "; create one with `floe serve --create-bucket NAME`");
    if (buckets.size() > 1) {
      std::string names;
      for (const auto& b : buckets) names += (names.empty() ? "" : ", ") + b.name;
      return InvalidArgument("the catalog has several table buckets (" + names +
                             "); pick one with --bucket");
    }
    t.table.bucket = buckets[0].name;
  }
  auto entry = t.catalog->GetTable(t.table.bucket, t.table.ns, t.table.name);
  if (!entry.ok()) {
    return entry.status().WithContext("table " + c.table + " in bucket " + t.table.bucket);
  }
  return t;
}

// Prints the run (summary to stderr, JSON to stdout) and records it in the job status.
int Report(Target& t, const JobRun& run) {
  if (Status st = maintenance::RecordJobStatus(t.catalog.get(), run); !st.ok()) {
    std::fprintf(stderr, "floe: warning: cannot record the job status: %s\n",
                 st.ToString().c_str());
  }
  std::fprintf(stderr, "%s\n", maintenance::JobRunSummary(run).c_str());
  std::printf("%s\n", maintenance::JobRunToJson(run).dump().c_str());
  return run.ok() ? 0 : 1;
}

struct CompactArgs {
  Common common;
  double target_mb = 0;  // 0: the table's setting
  int min_input_files = 2;
};

int RunCompact(const CompactArgs& a) {
  auto t = Resolve(a.common);
  if (!t.ok()) return Fail(t.status());
  auto config = maintenance::LoadTableMaintenance(t->catalog.get(), t->table.Key());
  if (!config.ok()) return Fail(config.status());
  maintenance::CompactionOptions o;
  double mb = a.target_mb > 0 ? a.target_mb : config->target_file_size_mb;
  o.target_file_size_bytes =
      std::max<int64_t>(1024, static_cast<int64_t>(mb * static_cast<double>(maintenance::kMiB)));
  o.min_input_files = a.min_input_files;
  return Report(*t, maintenance::RunCompaction(t->env(), t->table, o));
}

struct ExpireArgs {
  Common common;
  int min_snapshots = 0;      // 0: the table's setting
  double max_age_hours = -1;  // <0: the table's setting
};

int RunExpire(const ExpireArgs& a) {
  auto t = Resolve(a.common);
  if (!t.ok()) return Fail(t.status());
  auto config = maintenance::LoadTableMaintenance(t->catalog.get(), t->table.Key());
  if (!config.ok()) return Fail(config.status());
  int keep = a.min_snapshots > 0 ? a.min_snapshots : config->min_snapshots_to_keep;
  double hours = a.max_age_hours >= 0 ? a.max_age_hours : config->max_snapshot_age_hours;
  return Report(*t, maintenance::RunSnapshotExpiry(t->env(), t->table, keep,
                                                   static_cast<int64_t>(hours * 3600000.0)));
}

struct CleanArgs {
  Common common;
  double older_than_days = -1;  // <0: the bucket's unreferencedDays
};

int RunClean(const CleanArgs& a) {
  auto t = Resolve(a.common);
  if (!t.ok()) return Fail(t.status());
  auto config = maintenance::LoadBucketMaintenance(t->catalog.get(), t->table.bucket);
  if (!config.ok()) return Fail(config.status());
  double days = a.older_than_days >= 0 ? a.older_than_days : config->unreferenced_days;
  return Report(*t, maintenance::RunUnreferencedFileRemoval(
                        t->env(), t->table, static_cast<int64_t>(days * 86400000.0)));
}

struct AppendArgs {
  Common common;
  std::vector<std::string> files;
  int64_t rows_per_commit = 0;  // 0: one commit per input file
};

// Writes `batch` as data files and commits them; returns the snapshot id.
Result<int64_t> CommitBatch(iceberg::Table* table, const ingest::RecordConverter& converter,
                            const std::vector<parquet::ColumnVector>& batch) {
  ingest::PartitionedWriter writer(table->io(), table->metadata(), converter.parquet_schema());
  if (Status st = writer.Write(batch); !st.ok()) {
    writer.Abandon();
    return st;
  }
  FLOE_ASSIGN_OR_RETURN(auto files, writer.Finish());
  auto appended = iceberg::FastAppend(table, std::move(files), {}, 50);
  if (!appended.ok()) return appended.status();
  return appended->snapshot_id;
}

int RunAppend(const AppendArgs& a) {
  auto t = Resolve(a.common);
  if (!t.ok()) return Fail(t.status());
  auto table = maintenance::OpenCatalogTable(t->env(), t->table);
  if (!table.ok()) return Fail(table.status());
  auto converter = ingest::RecordConverter::Make(*(*table)->metadata().CurrentSchema());
  if (!converter.ok()) return Fail(converter.status());
  int64_t rows = 0, bad = 0, commits = 0;
  auto batch = converter->NewBatch();
  auto commit = [&]() -> Status {
    if (batch[0].length == 0) return Status::OK();
    FLOE_RETURN_IF_ERROR(CommitBatch(table->get(), *converter, batch).status());
    rows += batch[0].length;
    ++commits;
    batch = converter->NewBatch();
    return Status::OK();
  };
  for (const auto& input : a.files) {
    std::ifstream in(input, std::ios::binary);
    if (!in) return Fail(NotFound("cannot open " + input));
    std::string line;
    int64_t line_no = 0;
    while (std::getline(in, line)) {
      ++line_no;
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      if (Status st = converter->Append(line, &batch); !st.ok()) {
        ++bad;
        std::fprintf(stderr, "%s:%lld: %s\n", input.c_str(), static_cast<long long>(line_no),
                     st.message().c_str());
        continue;
      }
      if (a.rows_per_commit > 0 && batch[0].length >= a.rows_per_commit) {
        if (Status st = commit(); !st.ok()) return Fail(st);
      }
    }
    if (a.rows_per_commit == 0) {
      if (Status st = commit(); !st.ok()) return Fail(st);
    }
  }
  if (Status st = commit(); !st.ok()) return Fail(st);
  std::fprintf(stderr, "appended %lld rows to %s/%s.%s in %lld commits%s\n",
               static_cast<long long>(rows), t->table.bucket.c_str(), t->table.ns.c_str(),
               t->table.name.c_str(), static_cast<long long>(commits),
               bad > 0 ? (", skipped " + std::to_string(bad) + " invalid lines").c_str() : "");
  std::printf("{\"rows\":%lld,\"commits\":%lld,\"invalidLines\":%lld}\n",
              static_cast<long long>(rows), static_cast<long long>(commits),
              static_cast<long long>(bad));
  return bad > 0 ? 1 : 0;
}

void AddCommon(CLI::App* cmd, Common* c) {
  cmd->add_option("TABLE", c->table, "The table, as NAMESPACE.TABLE")->required();
  cmd->add_option("--data", c->data, "Data directory of `floe serve` (default ./floe-data)");
  cmd->add_option("--bucket", c->bucket, "Table bucket (default: the only bucket in the catalog)");
}

}  // namespace

void AddTableCommands(CLI::App& app, int* exit_code) {
  CLI::App* table =
      app.add_subcommand("table", "Maintain and append to tables of a data directory's catalog");
  table->require_subcommand(1);
  table->footer(
      "compact, expire and clean print a summary on stderr and a JSON report on stdout, and record "
      "the run as the "
      "table's maintenance job status.");

  auto* compact = table->add_subcommand(
      "compact", "Rewrite small data files into target-size files (bin-pack, per partition)");
  auto* ca = new CompactArgs;
  AddCommon(compact, &ca->common);
  compact
      ->add_option("--target-file-size-mb", ca->target_mb,
                   "Target size of the files written, in MiB; fractions allowed (default: the "
                   "table's setting, 512)")
      ->check(CLI::PositiveNumber);
  compact
      ->add_option("--min-input-files", ca->min_input_files,
                   "Rewrite a partition only when it has this many small files (default 2)")
      ->check(CLI::Range(2, 1 << 30));
  compact->callback([=] { *exit_code = RunCompact(*ca); });

  auto* expire =
      table->add_subcommand("expire", "Expire old snapshots and delete the files only they used");
  auto* ea = new ExpireArgs;
  AddCommon(expire, &ea->common);
  expire
      ->add_option("--min-snapshots", ea->min_snapshots,
                   "Always keep this many newest snapshots (default: the table's setting, 1)")
      ->check(CLI::PositiveNumber);
  expire
      ->add_option("--max-age-hours", ea->max_age_hours,
                   "Expire snapshots older than this (default: the table's setting, 120)")
      ->check(CLI::NonNegativeNumber);
  expire->callback([=] { *exit_code = RunExpire(*ea); });

  auto* clean =
      table->add_subcommand("clean", "Delete files under the table that no metadata references");
  auto* la = new CleanArgs;
  AddCommon(clean, &la->common);
  clean
      ->add_option(
          "--older-than-days", la->older_than_days,
          "Only files last modified before this (default: the bucket's unreferencedDays, 3)")
      ->check(CLI::NonNegativeNumber);
  clean->callback([=] { *exit_code = RunClean(*la); });

  auto* append = table->add_subcommand("append", "Append newline-delimited JSON rows");
  auto* aa = new AppendArgs;
  AddCommon(append, &aa->common);
  append->add_option("FILES", aa->files, "NDJSON files")->required();
  append
      ->add_option("--rows-per-commit", aa->rows_per_commit,
                   "Commit every N rows (default: one commit per input file)")
      ->check(CLI::PositiveNumber);
  append->callback([=] { *exit_code = RunAppend(*aa); });
}

}  // namespace floe::app
