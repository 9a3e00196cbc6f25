#include "floe/app/iceberg_command.h"

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "floe/app/value_json.h"
#include "floe/base/clock.h"
#include "floe/base/uuid.h"
#include "floe/format/parquet/file_writer.h"
#include "floe/iceberg/json.h"
#include "floe/iceberg/maintenance.h"
#include "floe/iceberg/parquet_metrics.h"
#include "floe/iceberg/parquet_schema.h"
#include "floe/iceberg/partitioner.h"
#include "floe/iceberg/table.h"
#include "floe/iceberg/table_reader.h"
#include "floe/ingest/partitioned_writer.h"
#include "floe/ingest/record_converter.h"

namespace floe::app {
namespace {

using namespace floe::iceberg;  // NOLINT(google-build-using-namespace): CLI glue over one library

int Fail(const Status& st) {
  std::fprintf(stderr, "floe: error: %s\n", st.ToString().c_str());
  return 1;
}

std::string Absolute(const std::string& location) {
  std::error_code ec;
  auto p = std::filesystem::absolute(location, ec);
  std::string s = ec ? location : p.lexically_normal().string();
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s;
}

Result<std::string> ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("cannot open " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Result<std::unique_ptr<Table>> OpenTable(const std::string& location) {
  std::string loc = Absolute(location);
  auto t = Table::Load(storage::LocalFileIO::Default(), NewVersionHintPointer(loc),
                       SystemClock::Default());
  if (!t.ok()) return t.status().WithContext(loc);
  return t;
}

std::string FormatMillis(int64_t ms) {
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
  char out[48];
  std::snprintf(out, sizeof(out), "%s.%03dZ", buf, static_cast<int>(ms % 1000));
  return out;
}

int RunCreate(const std::string& location, const std::string& schema_path,
              const std::string& spec_path) {
  auto text = ReadText(schema_path);
  if (!text.ok()) return Fail(text.status());
  auto schema = SchemaFromJson(*text);
  if (!schema.ok()) return Fail(schema.status().WithContext(schema_path));
  PartitionSpec spec = PartitionSpec::Unpartitioned();
  if (!spec_path.empty()) {
    auto spec_text = ReadText(spec_path);
    if (!spec_text.ok()) return Fail(spec_text.status());
    Json j = Json::parse(*spec_text, nullptr, false);
    if (j.is_discarded()) return Fail(InvalidArgument(spec_path + " is not valid JSON"));
    auto parsed = PartitionSpecFromJsonValue(j);
    if (!parsed.ok()) return Fail(parsed.status().WithContext(spec_path));
    spec = *parsed;
  }
  std::string loc = Absolute(location);
  auto t = Table::Create(storage::LocalFileIO::Default(), NewVersionHintPointer(loc),
                         SystemClock::Default(), loc, *schema, spec);
  if (!t.ok()) return Fail(t.status());
  std::fprintf(stderr, "created Iceberg table %s (uuid %s)\n", loc.c_str(),
               (*t)->metadata().table_uuid.c_str());
  std::printf("%s\n", (*t)->metadata_location().c_str());
  return 0;
}

int RunAppend(const std::string& location, const std::vector<std::string>& inputs) {
  auto opened = OpenTable(location);
  if (!opened.ok()) return Fail(opened.status());
  Table& table = **opened;
  const TableMetadata& md = table.metadata();
  auto converter = ingest::RecordConverter::Make(*md.CurrentSchema());
  if (!converter.ok()) return Fail(converter.status());
  std::vector<DataFile> files;
  int64_t bad = 0;
  for (const auto& input : inputs) {
    std::ifstream in(input, std::ios::binary);
    if (!in) return Fail(NotFound("cannot open " + input));
    ingest::PartitionedWriter writers(storage::LocalFileIO::Default(), md,
                                      converter->parquet_schema());
    auto batch = converter->NewBatch();
    std::string line;
    int64_t line_no = 0;
    auto flush = [&]() -> Status {
      if (batch[0].length == 0) return Status::OK();
      FLOE_RETURN_IF_ERROR(writers.Write(batch));
      batch = converter->NewBatch();
      return Status::OK();
    };
    while (std::getline(in, line)) {
      ++line_no;
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      Status st = converter->Append(line, &batch);
      if (!st.ok()) {
        ++bad;
        std::fprintf(stderr, "%s:%lld: %s\n", input.c_str(), static_cast<long long>(line_no),
                     st.message().c_str());
        continue;
      }
      if (batch[0].length >= 65536) {
        if (Status ws = flush(); !ws.ok()) return Fail(ws);
      }
    }
    if (Status ws = flush(); !ws.ok()) return Fail(ws);
    auto written = writers.Finish();
    if (!written.ok()) return Fail(written.status());
    for (auto& f : *written) files.push_back(std::move(f));
  }
  if (files.empty()) {
    std::fprintf(stderr, "nothing to append: no valid rows\n");
    return bad > 0 ? 1 : 0;
  }
  int64_t rows = 0;
  for (const auto& f : files) rows += f.record_count;
  size_t nfiles = files.size();
  auto appended = FastAppend(&table, std::move(files));
  if (!appended.ok()) return Fail(appended.status());
  std::fprintf(stderr,
               "appended %lld rows in %zu data files as snapshot %lld (sequence number %lld)%s\n",
               static_cast<long long>(rows), nfiles, static_cast<long long>(appended->snapshot_id),
               static_cast<long long>(appended->sequence_number),
               bad > 0 ? (", skipped " + std::to_string(bad) + " invalid lines").c_str() : "");
  std::printf("%lld\n", static_cast<long long>(appended->snapshot_id));
  return bad > 0 ? 1 : 0;
}

int RunMetadata(const std::string& location) {
  auto t = OpenTable(location);
  if (!t.ok()) return Fail(t.status());
  std::printf("%s\n", TableMetadataToJson((*t)->metadata()).c_str());
  return 0;
}

int RunSnapshots(const std::string& location) {
  auto t = OpenTable(location);
  if (!t.ok()) return Fail(t.status());
  const TableMetadata& md = (*t)->metadata();
  std::printf("%-20s %-20s %5s %-24s %-10s %12s %8s\n", "snapshot_id", "parent_id", "seq",
              "committed_at", "operation", "total_rows", "files");
  for (const auto& s : md.snapshots) {
    std::printf("%-20lld %-20s %5lld %-24s %-10s %12lld %8lld%s\n",
                static_cast<long long>(s.snapshot_id),
                s.parent_snapshot_id ? std::to_string(*s.parent_snapshot_id).c_str() : "-",
                static_cast<long long>(s.sequence_number), FormatMillis(s.timestamp_ms).c_str(),
                std::string(s.operation()).c_str(), static_cast<long long>(s.Count(kTotalRecords)),
                static_cast<long long>(s.Count(kTotalDataFiles)),
                md.current_snapshot_id == s.snapshot_id ? "  (current)" : "");
  }
  return 0;
}

Result<std::vector<ManifestFile>> CurrentManifests(const Table& t) {
  const Snapshot* snap = t.metadata().CurrentSnapshot();
  if (!snap) return std::vector<ManifestFile>{};
  return ReadManifestList(t.io(), snap->manifest_list);
}

int RunManifests(const std::string& location) {
  auto t = OpenTable(location);
  if (!t.ok()) return Fail(t.status());
  auto manifests = CurrentManifests(**t);
  if (!manifests.ok()) return Fail(manifests.status());
  for (const auto& m : *manifests) {
    std::printf(
        "%s length=%lld spec=%d content=%s seq=%lld min_seq=%lld added_snapshot=%lld added=%d "
        "existing=%d deleted=%d rows=%lld\n",
        m.manifest_path.c_str(), static_cast<long long>(m.manifest_length), m.partition_spec_id,
        m.content == ManifestContent::kData ? "data" : "deletes",
        static_cast<long long>(m.sequence_number), static_cast<long long>(m.min_sequence_number),
        static_cast<long long>(m.added_snapshot_id), m.added_files_count, m.existing_files_count,
        m.deleted_files_count, static_cast<long long>(m.added_rows_count + m.existing_rows_count));
  }
  return 0;
}

int RunFiles(const std::string& location) {
  auto t = OpenTable(location);
  if (!t.ok()) return Fail(t.status());
  auto manifests = CurrentManifests(**t);
  if (!manifests.ok()) return Fail(manifests.status());
  const TableMetadata& md = (*t)->metadata();
  for (const auto& m : *manifests) {
    const PartitionSpec* spec = md.SpecById(m.partition_spec_id);
    if (!spec)
      return Fail(DataLoss("manifest " + m.manifest_path + " uses unknown spec " +
                           std::to_string(m.partition_spec_id)));
    auto entries = ReadManifest((*t)->io(), m, *md.CurrentSchema(), *spec);
    if (!entries.ok()) return Fail(entries.status());
    for (const auto& e : *entries) {
      if (!e.IsLive()) continue;
      std::printf("%s records=%lld bytes=%lld seq=%lld content=%d\n", e.file.file_path.c_str(),
                  static_cast<long long>(e.file.record_count),
                  static_cast<long long>(e.file.file_size_in_bytes),
                  static_cast<long long>(e.sequence_number.value_or(0)),
                  static_cast<int>(e.file.content));
    }
  }
  return 0;
}

struct ScanArgs {
  std::string location;
  int64_t snapshot_id = 0;
  std::string ref;
  int64_t limit = -1;
  bool plan_only = false;
};

int RunScan(const ScanArgs& a) {
  auto t = OpenTable(a.location);
  if (!t.ok()) return Fail(t.status());
  ScanRequest request;
  if (a.snapshot_id != 0) request.snapshot_id = a.snapshot_id;
  if (!a.ref.empty()) request.ref = a.ref;
  auto plan = PlanScan((*t)->io(), (*t)->metadata(), request);
  if (!plan.ok()) return Fail(plan.status());
  if (a.plan_only) {
    for (const auto& task : plan->tasks) {
      std::printf("%s records=%lld seq=%lld deletes=%zu\n", task.file.file_path.c_str(),
                  static_cast<long long>(task.file.record_count),
                  static_cast<long long>(task.data_sequence_number), task.deletes.size());
    }
    return 0;
  }
  int64_t printed = 0;
  std::string out;
  std::vector<std::string> keys;
  const parquet::Schema* out_schema = nullptr;
  parquet::Schema schema_holder;
  auto result =
      ReadTable((*t)->io(), (*t)->metadata(), *plan, {},
                [&](const std::vector<parquet::ColumnVector>& batch) -> Status {
                  if (!out_schema) {
                    // The projection's Parquet schema, rebuilt once for printing.
                    const Schema* s = (*t)->metadata().SchemaById(plan->schema_id);
                    std::vector<NestedField> fields;
                    for (const auto& f : s->fields()) {
                      if (f.type.is_primitive()) fields.push_back(f);
                    }
                    FLOE_ASSIGN_OR_RETURN(Schema projected, Schema::Make(s->schema_id(), fields));
                    FLOE_ASSIGN_OR_RETURN(schema_holder, ToParquetSchema(projected));
                    out_schema = &schema_holder;
                    for (const auto& c : out_schema->columns()) {
                      std::string k;
                      AppendJsonString(c.name, &k);
                      keys.push_back(k + ":");
                    }
                  }
                  const auto& cols = out_schema->columns();
                  int64_t n = batch.empty() ? 0 : batch[0].length;
                  for (int64_t r = 0; r < n && (a.limit < 0 || printed < a.limit); ++r, ++printed) {
                    out.push_back('{');
                    for (size_t c = 0; c < batch.size(); ++c) {
                      if (c) out.push_back(',');
                      out.append(keys[c]);
                      AppendValueJson(cols[c], batch[c], r, &out);
                    }
                    out.append("}\n");
                  }
                  std::fwrite(out.data(), 1, out.size(), stdout);
                  out.clear();
                  return Status::OK();
                });
  if (!result.ok()) return Fail(result.status());
  std::fprintf(
      stderr,
      "%lld rows (%lld deleted by delete files) from %zu data files; %d of %d files pruned\n",
      static_cast<long long>(result->rows), static_cast<long long>(result->deleted_rows),
      plan->tasks.size(), plan->files_skipped, plan->files_total);
  return 0;
}

int RunExpire(const std::string& location, double older_than_days, int retain_last, bool dry_run) {
  auto t = OpenTable(location);
  if (!t.ok()) return Fail(t.status());
  ExpireOptions options;
  options.older_than_ms =
      SystemClock::Default()->NowMillis() - static_cast<int64_t>(older_than_days * 86400000.0);
  options.retain_last = retain_last;
  options.dry_run = dry_run;
  auto result = ExpireSnapshots(t->get(), options);
  if (!result.ok()) return Fail(result.status());
  for (int64_t id : result->expired_snapshot_ids)
    std::printf("%s snapshot %lld\n", dry_run ? "would expire" : "expired",
                static_cast<long long>(id));
  for (const auto& f : result->deleted_files)
    std::printf("%s %s\n", dry_run ? "would delete" : "deleted", f.c_str());
  std::fprintf(stderr, "%zu snapshots and %zu files %s\n", result->expired_snapshot_ids.size(),
               result->deleted_files.size(), dry_run ? "would be removed (dry run)" : "removed");
  return 0;
}

int RunRemoveOrphans(const std::string& location, double older_than_days, bool dry_run) {
  auto t = OpenTable(location);
  if (!t.ok()) return Fail(t.status());
  OrphanOptions options;
  options.older_than_ms =
      SystemClock::Default()->NowMillis() - static_cast<int64_t>(older_than_days * 86400000.0);
  options.dry_run = dry_run;
  auto removed = RemoveOrphanFiles(t->get(), options);
  if (!removed.ok()) return Fail(removed.status());
  for (const auto& f : *removed)
    std::printf("%s %s\n", dry_run ? "would delete" : "deleted", f.c_str());
  std::fprintf(stderr, "%zu unreferenced files %s\n", removed->size(),
               dry_run ? "found (dry run)" : "removed");
  return 0;
}

int RunRollback(const std::string& location, int64_t snapshot_id) {
  auto t = OpenTable(location);
  if (!t.ok()) return Fail(t.status());
  Status st = RollbackTo(t->get(), snapshot_id);
  if (!st.ok()) return Fail(st);
  std::fprintf(stderr, "main now points at snapshot %lld\n", static_cast<long long>(snapshot_id));
  return 0;
}

}  // namespace

void AddIcebergCommands(CLI::App& app, int* exit_code) {
  CLI::App* ice =
      app.add_subcommand("iceberg", "Create, append to and inspect Iceberg tables at a path");
  ice->require_subcommand(1);

  auto* create = ice->add_subcommand("create", "Create an empty Iceberg v2 table");
  auto* c_loc = new std::string;
  auto* c_schema = new std::string;
  auto* c_spec = new std::string;
  create->add_option("LOCATION", *c_loc, "Table folder")->required();
  create->add_option("--schema", *c_schema, "Iceberg schema JSON file")->required();
  create->add_option("--partition-spec", *c_spec, "Partition spec JSON file");
  create->callback([=] { *exit_code = RunCreate(*c_loc, *c_schema, *c_spec); });

  auto* append = ice->add_subcommand("append", "Append newline-delimited JSON files in one commit");
  auto* a_loc = new std::string;
  auto* a_files = new std::vector<std::string>;
  append->add_option("LOCATION", *a_loc, "Table folder")->required();
  append
      ->add_option("FILES", *a_files, "NDJSON files; one Parquet data file per input and partition")
      ->required();
  append->callback([=] { *exit_code = RunAppend(*a_loc, *a_files); });

  auto* scan =
      ice->add_subcommand("scan", "Print the table's rows as JSON lines (deletes applied)");
  auto* sa = new ScanArgs;
  scan->add_option("LOCATION", sa->location, "Table folder")->required();
  scan->add_option("--snapshot", sa->snapshot_id, "Read this snapshot (time travel)");
  scan->add_option("--ref", sa->ref, "Read the snapshot a branch or tag points at");
  scan->add_option("--limit,-n", sa->limit, "Print at most N rows")->check(CLI::NonNegativeNumber);
  scan->add_flag("--plan", sa->plan_only, "Print the planned data files instead of rows");
  scan->callback([=] { *exit_code = RunScan(*sa); });

  auto* expire =
      ice->add_subcommand("expire", "Expire old snapshots and delete the files only they used");
  auto* e_loc = new std::string;
  auto* e_days = new double(5);
  auto* e_keep = new int(1);
  auto* e_dry = new bool(false);
  expire->add_option("LOCATION", *e_loc, "Table folder")->required();
  expire->add_option("--older-than-days", *e_days, "Expire snapshots older than this (default 5)")
      ->check(CLI::NonNegativeNumber);
  expire
      ->add_option("--retain-last", *e_keep,
                   "Always keep this many newest snapshots of main (default 1)")
      ->check(CLI::PositiveNumber);
  expire->add_flag("--dry-run", *e_dry, "Only print what would be removed");
  expire->callback([=] { *exit_code = RunExpire(*e_loc, *e_days, *e_keep, *e_dry); });

  auto* orphans = ice->add_subcommand("remove-orphans",
                                      "Delete files under the table that no snapshot references");
  auto* o_loc = new std::string;
  auto* o_days = new double(3);
  auto* o_dry = new bool(false);
  orphans->add_option("LOCATION", *o_loc, "Table folder")->required();
  orphans->add_option("--older-than-days", *o_days, "Only files older than this (default 3)")
      ->check(CLI::NonNegativeNumber);
  orphans->add_flag("--dry-run", *o_dry, "Only print what would be deleted");
  orphans->callback([=] { *exit_code = RunRemoveOrphans(*o_loc, *o_days, *o_dry); });

  auto* rollback = ice->add_subcommand("rollback", "Point main back at an earlier snapshot");
  auto* r_loc = new std::string;
  auto* r_id = new int64_t(0);
  rollback->add_option("LOCATION", *r_loc, "Table folder")->required();
  rollback->add_option("SNAPSHOT_ID", *r_id, "An ancestor of the current snapshot")->required();
  rollback->callback([=] { *exit_code = RunRollback(*r_loc, *r_id); });

  struct Inspect {
    const char* name;
    const char* help;
    int (*run)(const std::string&);
  };
  static const Inspect kInspect[] = {
      {"metadata", "Print the current table metadata JSON", &RunMetadata},
      {"snapshots", "List snapshots", &RunSnapshots},
      {"manifests", "List the current snapshot's manifests", &RunManifests},
      {"files", "List the current snapshot's live data and delete files", &RunFiles},
  };
  for (const auto& cmd : kInspect) {
    auto* sub = ice->add_subcommand(cmd.name, cmd.help);
    auto* loc = new std::string;
    sub->add_option("LOCATION", *loc, "Table folder")->required();
    auto run = cmd.run;
    sub->callback([=] { *exit_code = run(*loc); });
  }
}

}  // namespace floe::app
