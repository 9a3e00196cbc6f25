#include "floe/server/stack_apply.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "floe/base/uuid.h"
#include "floe/catalog/catalog_pointer.h"
#include "floe/iceberg/schema_update.h"
#include "floe/iceberg/table.h"
#include "floe/iceberg/table_metadata.h"
#include "floe/maintenance/settings.h"
#include "floe/server/rest_catalog.h"
#include "floe/server/s3tables_settings.h"
#include "floe/storage/object_store.h"

namespace floe::server {
namespace {

using iceberg::Json;
namespace fs = std::filesystem;

bool IsNotFound(const Status& s) { return s.code() == StatusCode::kNotFound; }

Json Entry(bool enabled, const char* type, Json settings) {
  return {{"status", enabled ? "enabled" : "disabled"},
          {"settings", {{type, std::move(settings)}}}};
}

Json TableMaintenanceJson(const stack::TableMaintenance& m) {
  return {{maintenance::kCompaction,
           Entry(m.compaction, maintenance::kCompaction,
                 {{"targetFileSizeMB", m.target_file_mib}, {"strategy", "auto"}})},
          {maintenance::kSnapshotManagement,
           Entry(m.snapshot_expiry, maintenance::kSnapshotManagement,
                 {{"minSnapshotsToKeep", m.min_snapshots},
                  {"maxSnapshotAgeHours", m.max_snapshot_age_hours}})}};
}

bool SameMaintenance(const maintenance::TableMaintenanceConfig& c,
                     const stack::TableMaintenance& m) {
  return c.compaction_enabled == m.compaction && c.target_file_size_mb == m.target_file_mib &&
         c.snapshot_management_enabled == m.snapshot_expiry &&
         c.min_snapshots_to_keep == m.min_snapshots &&
         c.max_snapshot_age_hours == m.max_snapshot_age_hours;
}

Json BucketMaintenanceJson(const stack::Stack& s) {
  return {
      {maintenance::kUnreferencedFileRemoval,
       Entry(s.unreferenced_file_removal, maintenance::kUnreferencedFileRemoval,
             {{"unreferencedDays", s.unreferenced_days}, {"nonCurrentDays", s.non_current_days}})}};
}

GeneratorConfig ToGenerator(const stack::Stack& s, const stack::Generator& g) {
  GeneratorConfig c;
  static_cast<stack::Generator&>(c) = g;
  c.stack = s.name;
  return c;
}

// The table's differences from `t`: columns to add, or a conflict.
struct TableDiff {
  std::vector<std::pair<std::string, iceberg::PrimitiveType>> add;
  std::string conflict;
};

TableDiff DiffTable(const iceberg::TableMetadata& md, const stack::Table& t) {
  TableDiff d;
  const iceberg::Schema* schema = md.CurrentSchema();
  const auto& fields = schema->fields();
  for (size_t i = 0; i < fields.size(); ++i) {
    const auto& f = fields[i];
    std::string have = f.name + " " + f.type.ToString() + (f.required ? " required" : "");
    if (i >= t.columns.size()) {
      d.conflict = "the table has column " + have + " that the stack file does not";
      return d;
    }
    const auto& c = t.columns[i];
    std::string want = c.name + " " + c.type + (c.required ? " required" : "");
    if (have != want) {
      d.conflict = "column " + std::to_string(i + 1) + " is " + have + " in the table, " + want +
                   " in the stack file; floe apply only adds optional columns at the end";
      return d;
    }
  }
  for (size_t i = fields.size(); i < t.columns.size(); ++i) {
    const auto& c = t.columns[i];
    if (c.required) {
      d.conflict = "new column " + c.name + " must be optional (rows already written have none)";
      return d;
    }
    auto type = iceberg::PrimitiveType::Parse(c.type);
    if (!type.ok()) {
      d.conflict = type.status().message();
      return d;
    }
    d.add.emplace_back(c.name, *type);
  }
  // Partitioning: the default spec's fields against the file's.
  std::vector<std::string> have, want;
  if (const auto* spec = md.DefaultSpec()) {
    for (const auto& f : spec->fields()) {
      const auto* src = schema->FindField(f.source_id);
      have.push_back((src ? src->name : "?") + ":" + f.transform.ToString());
    }
  }
  for (const auto& p : t.partition) want.push_back(p.column + ":" + p.transform);
  if (have != want) {
    auto join = [](const std::vector<std::string>& v) {
      std::string s;
      for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
      return s.empty() ? std::string("unpartitioned") : s;
    };
    d.conflict = "partitioning is " + join(have) + " in the table, " + join(want) +
                 " in the stack file; floe apply does not repartition tables";
  }
  return d;
}

Result<iceberg::TableMetadata> NewTableMetadata(const stack::Table& t, const std::string& location,
                                                int64_t now_ms) {
  FLOE_ASSIGN_OR_RETURN(iceberg::Schema schema, iceberg::SchemaFromJsonValue(stack::SchemaJson(t)));
  iceberg::PartitionSpecBuilder b(schema);
  for (const auto& p : t.partition) {
    FLOE_ASSIGN_OR_RETURN(iceberg::Transform tr, iceberg::Transform::Parse(p.transform));
    b.Add(p.column, tr);
  }
  FLOE_ASSIGN_OR_RETURN(iceberg::PartitionSpec spec, b.Build());
  return iceberg::TableMetadata::NewTable(schema, spec, iceberg::SortOrder::Unsorted(), location,
                                          Uuid::Random().ToString(), now_ms);
}

std::string FormatRate(double r) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", r);
  return buf;
}

}  // namespace

Json ChangesToJson(const std::vector<StackChange>& changes) {
  Json out = Json::array();
  for (const auto& c : changes) {
    Json j{{"action", c.action}, {"kind", c.kind}, {"name", c.name}};
    if (!c.detail.empty()) j["detail"] = c.detail;
    out.push_back(std::move(j));
  }
  return out;
}

Json StackApplier::StreamRequest(const stack::Stack& s, const stack::Stream& st) const {
  const std::string role = "arn:aws:iam::" + ctx_->account_id + ":role/" + s.name + "-firehose";
  Json tables = Json::array();
  for (const auto& key : st.tables) {
    size_t dot = key.find('.');
    tables.push_back({{"DestinationDatabaseName", key.substr(0, dot)},
                      {"DestinationTableName", key.substr(dot + 1)}});
  }
  return {{"DeliveryStreamName", st.name},
          {"DeliveryStreamType", "DirectPut"},
          {"IcebergDestinationConfiguration",
           {{"RoleARN", role},
            {"CatalogConfiguration",
             {{"CatalogARN", "arn:aws:glue:" + ctx_->region + ":" + ctx_->account_id +
                                 ":catalog/s3tablescatalog/" + s.table_bucket}}},
            {"S3Configuration",
             {{"RoleARN", role},
              {"BucketARN", "arn:aws:s3:::" + st.error_bucket},
              {"ErrorOutputPrefix", st.error_prefix}}},
            {"BufferingHints",
             {{"SizeInMBs", st.buffer_mib}, {"IntervalInSeconds", st.interval_seconds}}},
            {"RetryOptions", {{"DurationInSeconds", st.retry_seconds}}},
            {"DestinationTableConfigurationList", tables}}}};
}

Result<std::optional<stack::Stack>> StackApplier::Previous(const std::string& name) {
  auto stored = ctx_->catalog->GetSetting(kStackKind, name);
  if (IsNotFound(stored.status())) return std::optional<stack::Stack>();
  if (!stored.ok()) return stored.status();
  Json j = Json::parse(*stored, nullptr, false);
  if (!j.is_object() || !j.contains("text"))
    return DataLoss("stored stack " + name + " is unreadable");
  FLOE_ASSIGN_OR_RETURN(stack::Stack s,
                        stack::ParseStack(j["text"].get<std::string>(), "stored stack " + name));
  return std::optional<stack::Stack>(std::move(s));
}

Status StackApplier::DropTable(const std::string& bucket, const std::string& ns,
                               const std::string& name) {
  auto entry = ctx_->catalog->GetTable(bucket, ns, name);
  if (!entry.ok()) return IsNotFound(entry.status()) ? Status::OK() : entry.status();
  FLOE_RETURN_IF_ERROR(ctx_->catalog->DropTable(bucket, ns, name));
  FLOE_RETURN_IF_ERROR(DeleteTableSettings(ctx_->catalog, TableSettingsKey(bucket, ns, name)));
  const std::string& location = entry->warehouse_location;
  if (location.rfind(ctx_->tables_root + "/", 0) == 0) {
    std::error_code ec;
    fs::remove_all(location, ec);
  }
  return Status::OK();
}

Status StackApplier::Reconcile(const stack::Stack& s, const stack::Stack* previous, bool execute,
                               std::vector<StackChange>* out) {
  catalog::Catalog* cat = ctx_->catalog;
  auto note = [&](std::string action, std::string kind, std::string name, std::string detail = "") {
    out->push_back({std::move(action), std::move(kind), std::move(name), std::move(detail)});
  };
  // What other stacks own: two stacks never manage one resource.
  std::map<std::string, std::string> owners;  // "table bucket/ns.t", "stream s", "generator g"
  FLOE_ASSIGN_OR_RETURN(auto others, cat->ListSettings(kStackKind));
  for (const auto& [name, value] : others) {
    if (name == s.name) continue;
    FLOE_ASSIGN_OR_RETURN(auto other, Previous(name));
    if (!other) continue;
    for (const auto& t : other->tables)
      owners["table " + other->table_bucket + "/" + t.Key()] = name;
    for (const auto& x : other->streams) owners["delivery stream " + x.name] = name;
    for (const auto& g : other->generators) owners["generator " + g.name] = name;
  }
  bool conflict = false;
  for (const auto& t : s.tables) {
    std::string what = "table " + s.table_bucket + "/" + t.Key();
    if (owners.count(what)) {
      note("conflict", "table", t.Key(), "it belongs to stack " + owners[what]);
      conflict = true;
    }
  }
  for (const auto& x : s.streams) {
    if (owners.count("delivery stream " + x.name)) {
      note("conflict", "delivery stream", x.name,
           "it belongs to stack " + owners["delivery stream " + x.name]);
      conflict = true;
    }
  }
  for (const auto& g : s.generators) {
    if (owners.count("generator " + g.name)) {
      note("conflict", "generator", g.name, "it belongs to stack " + owners["generator " + g.name]);
      conflict = true;
    }
  }
  if (conflict) return Status::OK();
  // Table bucket.
  auto bucket = cat->GetBucket(s.table_bucket);
  if (!bucket.ok() && !IsNotFound(bucket.status())) return bucket.status();
  const bool new_bucket = !bucket.ok();
  note(new_bucket ? "create" : "unchanged", "table bucket", s.table_bucket);
  if (execute && new_bucket) FLOE_RETURN_IF_ERROR(cat->CreateBucket(s.table_bucket).status());
  // Bucket maintenance.
  {
    maintenance::BucketMaintenanceConfig have;
    if (!new_bucket) {
      FLOE_ASSIGN_OR_RETURN(have, maintenance::LoadBucketMaintenance(cat, s.table_bucket));
    }
    bool same = !new_bucket &&
                have.unreferenced_file_removal_enabled == s.unreferenced_file_removal &&
                have.unreferenced_days == s.unreferenced_days &&
                have.non_current_days == s.non_current_days;
    note(same ? "unchanged" : (new_bucket ? "create" : "update"), "bucket maintenance",
         s.table_bucket,
         same ? ""
              : "unreferenced file removal " +
                    std::string(s.unreferenced_file_removal ? "on" : "off") + ", " +
                    std::to_string(s.unreferenced_days) + " days");
    if (execute && !same) {
      FLOE_RETURN_IF_ERROR(cat->PutSetting(maintenance::kBucketMaintenanceKind, s.table_bucket,
                                           BucketMaintenanceJson(s).dump()));
    }
  }
  // Namespaces.
  for (const auto& ns : s.namespaces) {
    auto have = new_bucket ? Result<catalog::NamespaceInfo>(NotFound(""))
                           : cat->GetNamespace(s.table_bucket, ns);
    if (!have.ok() && !IsNotFound(have.status())) return have.status();
    note(have.ok() ? "unchanged" : "create", "namespace", ns);
    if (execute && !have.ok())
      FLOE_RETURN_IF_ERROR(cat->CreateNamespace(s.table_bucket, ns).status());
  }
  // Tables removed from the file, then the file's tables.
  std::set<std::string> wanted_tables;
  for (const auto& t : s.tables) wanted_tables.insert(t.Key());
  std::set<std::string> wanted_streams;
  for (const auto& st : s.streams) wanted_streams.insert(st.name);
  std::set<std::string> wanted_generators;
  for (const auto& g : s.generators) wanted_generators.insert(g.name);
  bool generators_changed = false;
  if (previous != nullptr) {
    for (const auto& g : previous->generators) {
      if (wanted_generators.count(g.name)) continue;
      note("delete", "generator", g.name);
      generators_changed = true;
      if (execute) FLOE_RETURN_IF_ERROR(cat->DeleteSetting(kGeneratorKind, g.name));
    }
    for (const auto& st : previous->streams) {
      if (wanted_streams.count(st.name) || !streams_->Get(st.name).ok()) continue;
      note("delete", "delivery stream", st.name, "buffered records are delivered first");
      if (execute) FLOE_RETURN_IF_ERROR(streams_->Delete(st.name));
    }
    for (const auto& t : previous->tables) {
      if (wanted_tables.count(t.Key()) && previous->table_bucket == s.table_bucket) continue;
      if (!cat->GetTable(previous->table_bucket, t.ns, t.name).ok()) continue;
      note("delete", "table", previous->table_bucket + "/" + t.Key(), "its data files are deleted");
      if (execute) FLOE_RETURN_IF_ERROR(DropTable(previous->table_bucket, t.ns, t.name));
    }
  }
  for (const auto& t : s.tables) {
    auto entry = new_bucket ? Result<catalog::TableEntry>(NotFound(""))
                            : cat->GetTable(s.table_bucket, t.ns, t.name);
    if (!entry.ok() && !IsNotFound(entry.status())) return entry.status();
    const std::string key = TableSettingsKey(s.table_bucket, t.ns, t.name);
    if (!entry.ok()) {
      note("create", "table", t.Key(),
           std::to_string(t.columns.size()) + " columns" +
               (t.partition.empty() ? "" : ", partitioned"));
      if (execute) {
        RestCatalogContext rest{cat, ctx_->io, ctx_->clock, ctx_->tables_root};
        FLOE_ASSIGN_OR_RETURN(std::string location,
                              NewTableLocation(rest, s.table_bucket, t.ns, t.name));
        FLOE_ASSIGN_OR_RETURN(auto md, NewTableMetadata(t, location, ctx_->clock->NowMillis()));
        FLOE_RETURN_IF_ERROR(RegisterNewTable(rest, s.table_bucket, t.ns, t.name, md).status());
      }
    } else {
      FLOE_ASSIGN_OR_RETURN(auto table, iceberg::Table::Load(ctx_->io,
                                                             catalog::NewCatalogPointer(
                                                                 cat, s.table_bucket, t.ns, t.name,
                                                                 entry->warehouse_location),
                                                             ctx_->clock));
      TableDiff d = DiffTable(table->metadata(), t);
      if (!d.conflict.empty()) {
        note("conflict", "table", t.Key(), d.conflict);
      } else if (!d.add.empty()) {
        std::string cols;
        for (const auto& [name, type] : d.add)
          cols += (cols.empty() ? "" : ", ") + name + " " + type.ToString();
        note("update", "table", t.Key(),
             "add columns " + cols + " (streams fill them after their next restart)");
        if (execute) {
          int32_t last = table->metadata().last_column_id;
          iceberg::SchemaUpdate u(*table->metadata().CurrentSchema(), last);
          for (const auto& [name, type] : d.add) u.AddColumn(name, type);
          FLOE_ASSIGN_OR_RETURN(iceberg::Schema next, u.Apply(&last));
          FLOE_RETURN_IF_ERROR(table->Commit(
              {}, {iceberg::AddSchema{std::move(next), last}, iceberg::SetCurrentSchema{-1}}));
        }
      } else {
        note("unchanged", "table", t.Key());
      }
    }
    maintenance::TableMaintenanceConfig have;
    if (entry.ok()) {
      FLOE_ASSIGN_OR_RETURN(have, maintenance::LoadTableMaintenance(cat, key));
    }
    bool same = entry.ok() && SameMaintenance(have, t.maintenance);
    note(same ? "unchanged" : (entry.ok() ? "update" : "create"), "table maintenance", t.Key());
    if (execute && !same) {
      FLOE_RETURN_IF_ERROR(cat->PutSetting(maintenance::kTableMaintenanceKind, key,
                                           TableMaintenanceJson(t.maintenance).dump()));
    }
  }
  // Delivery streams.
  for (const auto& st : s.streams) {
    auto have = streams_->Get(st.name);
    if (!have.ok()) {
      note("create", "delivery stream", st.name,
           std::to_string(st.buffer_mib) + " MiB / " + std::to_string(st.interval_seconds) +
               " s into " + st.tables[0] + (st.tables.size() > 1 ? ", ..." : ""));
      if (execute) FLOE_RETURN_IF_ERROR(streams_->Create(StreamRequest(s, st)).status());
      continue;
    }
    ingest::StreamConfig c = (*have)->config_copy();
    std::vector<std::string> tables;
    for (const auto& t : c.tables) tables.push_back(t.database + "." + t.table);
    bool same_target = tables == st.tables && c.table_bucket == s.table_bucket &&
                       c.error_bucket == st.error_bucket && c.error_prefix == st.error_prefix &&
                       c.routing_query.empty();
    bool same_hints = c.buffer_bytes == (int64_t{st.buffer_mib} << 20) &&
                      c.interval_seconds == st.interval_seconds &&
                      c.retry_seconds == st.retry_seconds;
    if (!same_target) {
      note("replace", "delivery stream", st.name,
           "destination or error output changed; buffered records are delivered first");
      if (execute) {
        FLOE_RETURN_IF_ERROR(streams_->Delete(st.name));
        FLOE_RETURN_IF_ERROR(streams_->Create(StreamRequest(s, st)).status());
      }
    } else if (!same_hints) {
      note("update", "delivery stream", st.name,
           "buffering " + std::to_string(c.buffer_bytes >> 20) + " MiB / " +
               std::to_string(c.interval_seconds) + " s, retry " + std::to_string(c.retry_seconds) +
               " s -> " + std::to_string(st.buffer_mib) + " MiB / " +
               std::to_string(st.interval_seconds) + " s, retry " +
               std::to_string(st.retry_seconds) + " s (in place)");
      if (execute) {
        FLOE_RETURN_IF_ERROR(streams_->UpdateHints(st.name, int64_t{st.buffer_mib} << 20,
                                                   st.interval_seconds, st.retry_seconds));
      }
    } else {
      note("unchanged", "delivery stream", st.name);
    }
  }
  // Generators.
  for (const auto& g : s.generators) {
    GeneratorConfig want = ToGenerator(s, g);
    auto stored = cat->GetSetting(kGeneratorKind, g.name);
    if (!stored.ok() && !IsNotFound(stored.status())) return stored.status();
    bool same = stored.ok() && Json::parse(*stored, nullptr, false) == want.ToJson();
    note(same ? "unchanged" : (stored.ok() ? "update" : "create"), "generator", g.name,
         same ? ""
              : std::to_string(g.records) + " records at " + FormatRate(g.rate) + "/s, " +
                    g.schedule);
    if (!same) generators_changed = true;
    if (execute && !same)
      FLOE_RETURN_IF_ERROR(cat->PutSetting(kGeneratorKind, g.name, want.ToJson().dump()));
  }
  if (execute && generators_changed && generators_ != nullptr)
    FLOE_RETURN_IF_ERROR(generators_->Reload());
  return Status::OK();
}

Result<std::vector<StackChange>> StackApplier::Plan(const stack::Stack& s) {
  FLOE_ASSIGN_OR_RETURN(auto previous, Previous(s.name));
  std::vector<StackChange> out;
  FLOE_RETURN_IF_ERROR(Reconcile(s, previous ? &*previous : nullptr, false, &out));
  return out;
}

Result<std::vector<StackChange>> StackApplier::Apply(const stack::Stack& s,
                                                     const std::string& text) {
  FLOE_ASSIGN_OR_RETURN(auto previous, Previous(s.name));
  std::vector<StackChange> plan;
  FLOE_RETURN_IF_ERROR(Reconcile(s, previous ? &*previous : nullptr, false, &plan));
  std::string conflicts;
  for (const auto& c : plan) {
    if (c.action == "conflict") conflicts += "\n  " + c.kind + " " + c.name + ": " + c.detail;
  }
  if (!conflicts.empty())
    return FailedPrecondition("nothing was applied; the stack file conflicts with what exists:" +
                              conflicts);
  std::vector<StackChange> done;
  FLOE_RETURN_IF_ERROR(Reconcile(s, previous ? &*previous : nullptr, true, &done));
  Json state{{"text", text}, {"applied_ms", ctx_->clock->NowMillis()}};
  FLOE_RETURN_IF_ERROR(ctx_->catalog->PutSetting(kStackKind, s.name, state.dump()));
  return done;
}

Result<std::vector<StackChange>> StackApplier::Destroy(const std::string& name, bool dry_run) {
  FLOE_ASSIGN_OR_RETURN(auto previous, Previous(name));
  if (!previous) return NotFound("no stack named " + name + " has been applied here");
  const stack::Stack& s = *previous;
  catalog::Catalog* cat = ctx_->catalog;
  std::vector<StackChange> out;
  bool generators_changed = false;
  for (const auto& g : s.generators) {
    if (!cat->GetSetting(kGeneratorKind, g.name).ok()) continue;
    out.push_back({"delete", "generator", g.name, ""});
    generators_changed = true;
    if (!dry_run) FLOE_RETURN_IF_ERROR(cat->DeleteSetting(kGeneratorKind, g.name));
  }
  if (!dry_run && generators_changed && generators_ != nullptr)
    FLOE_RETURN_IF_ERROR(generators_->Reload());
  for (const auto& st : s.streams) {
    if (!streams_->Get(st.name).ok()) continue;
    out.push_back({"delete", "delivery stream", st.name, "buffered records are delivered first"});
    if (!dry_run) FLOE_RETURN_IF_ERROR(streams_->Delete(st.name));
  }
  // What is removed (or, in a dry run, would be), so namespaces and the bucket
  // are judged empty the same way in both.
  std::set<std::string> gone_tables, gone_namespaces;
  for (const auto& t : s.tables) {
    if (!cat->GetTable(s.table_bucket, t.ns, t.name).ok()) continue;
    out.push_back({"delete", "table", t.Key(), "its data files are deleted"});
    gone_tables.insert(t.Key());
    if (!dry_run) FLOE_RETURN_IF_ERROR(DropTable(s.table_bucket, t.ns, t.name));
  }
  for (const auto& ns : s.namespaces) {
    if (!cat->GetNamespace(s.table_bucket, ns).ok()) continue;
    FLOE_ASSIGN_OR_RETURN(auto tables, cat->ListTables(s.table_bucket, ns));
    bool empty_after = std::all_of(tables.begin(), tables.end(), [&](const auto& t) {
      return gone_tables.count(t.ns + "." + t.name) > 0;
    });
    if (!empty_after) {
      out.push_back({"keep", "namespace", ns, "it holds tables the stack did not create"});
      continue;
    }
    out.push_back({"delete", "namespace", ns, ""});
    gone_namespaces.insert(ns);
    if (!dry_run) FLOE_RETURN_IF_ERROR(cat->DropNamespace(s.table_bucket, ns));
  }
  if (cat->GetBucket(s.table_bucket).ok()) {
    FLOE_ASSIGN_OR_RETURN(auto left, cat->ListNamespaces(s.table_bucket));
    bool empty_after = std::all_of(
        left.begin(), left.end(), [&](const auto& n) { return gone_namespaces.count(n.name) > 0; });
    if (empty_after) {
      out.push_back({"delete", "table bucket", s.table_bucket, ""});
      if (!dry_run) {
        FLOE_RETURN_IF_ERROR(cat->DeleteBucket(s.table_bucket));
        (void)cat->DeleteSetting(maintenance::kBucketMaintenanceKind, s.table_bucket);
      }
    } else {
      out.push_back(
          {"keep", "table bucket", s.table_bucket, "it holds namespaces the stack did not create"});
    }
  }
  std::set<std::string> error_buckets;
  for (const auto& st : s.streams) error_buckets.insert(st.error_bucket);
  for (const auto& b : error_buckets) {
    const std::string dir = ctx_->buckets_root + "/" + b;
    std::error_code ec;
    if (!fs::exists(dir, ec)) continue;
    bool holds_objects = false;
    for (const auto& e : fs::recursive_directory_iterator(dir, ec))
      holds_objects = holds_objects || e.is_regular_file();
    if (holds_objects) {
      out.push_back(
          {"keep", "error bucket", b, "it holds undeliverable records; inspect, then delete it"});
      continue;
    }
    out.push_back({"delete", "error bucket", b, ""});
    if (!dry_run) fs::remove_all(dir, ec);
  }
  if (!dry_run) FLOE_RETURN_IF_ERROR(cat->DeleteSetting(kStackKind, name));
  return out;
}

Result<Json> StackApplier::Outputs() {
  FLOE_ASSIGN_OR_RETURN(auto stacks, ctx_->catalog->ListSettings(kStackKind));
  Json out = Json::array();
  for (const auto& [name, value] : stacks) {
    FLOE_ASSIGN_OR_RETURN(auto s, Previous(name));
    if (!s) continue;
    Json o{{"dashboard_url", s->dashboard ? base_url_ + "/" : ""},
           {"firehose_endpoint", base_url_},
           {"iceberg_rest_endpoint", base_url_ + "/iceberg"},
           {"iceberg_rest_warehouse", s->table_bucket},
           {"metrics_url", base_url_ + "/metrics"},
           {"table_bucket", s->table_bucket},
           {"table_bucket_arn", "arn:aws:s3tables:" + ctx_->region + ":" + ctx_->account_id +
                                    ":bucket/" + s->table_bucket}};
    Json streams = Json::array(), errors = Json::array(), tables = Json::array();
    for (const auto& st : s->streams) {
      streams.push_back(st.name);
      errors.push_back("s3://" + st.error_bucket + "/" + st.error_prefix);
    }
    for (const auto& t : s->tables) tables.push_back(t.Key());
    o["delivery_streams"] = streams;
    o["error_outputs"] = errors;
    o["tables"] = tables;
    out.push_back({{"name", name}, {"outputs", o}});
  }
  return Json{{"stacks", out}};
}

}  // namespace floe::server
