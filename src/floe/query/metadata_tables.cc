// Trino-style metadata tables: "t$snapshots", "t$history", "t$files",
// "t$manifests" (declared in resolver.h).
#include <set>

#include "floe/iceberg/json.h"
#include "floe/iceberg/manifest.h"
#include "floe/query/resolver.h"

namespace floe::query {

namespace {

struct Builder {
  std::vector<SourceColumn> columns;
  Chunk chunk;
  void Column(const std::string& name, DataType t) {
    columns.push_back({name, t});
    chunk.columns.emplace_back(t);
  }
  void Row(std::vector<Value> values) {
    for (size_t k = 0; k < values.size(); ++k) chunk.columns[k].Append(values[k]);
    ++chunk.rows;
  }
};

Value OptLong(const std::optional<int64_t>& v) {
  return v ? Value::Int(*v) : Value::Null(DataType::kBigint);
}

}  // namespace

Result<std::unique_ptr<TableSource>> MetadataTableSource(storage::FileIO* io,
                                                         const std::string& table_name,
                                                         const iceberg::TableMetadata& md,
                                                         const std::string& kind) {
  Builder b;
  const iceberg::Snapshot* current = md.CurrentSnapshot();
  if (kind == "snapshots") {
    b.Column("committed_at", DataType::kTimestamp);
    b.Column("snapshot_id", DataType::kBigint);
    b.Column("parent_id", DataType::kBigint);
    b.Column("operation", DataType::kVarchar);
    b.Column("manifest_list", DataType::kVarchar);
    b.Column("summary", DataType::kVarchar);
    for (const auto& s : md.snapshots) {
      iceberg::Json summary = iceberg::Json::object();
      for (const auto& [k, v] : s.summary) summary[k] = v;
      b.Row({Value::Int(s.timestamp_ms * 1000, DataType::kTimestamp), Value::Int(s.snapshot_id),
             OptLong(s.parent_snapshot_id), Value::String(std::string(s.operation())),
             Value::String(s.manifest_list), Value::String(summary.dump())});
    }
  } else if (kind == "history") {
    b.Column("made_current_at", DataType::kTimestamp);
    b.Column("snapshot_id", DataType::kBigint);
    b.Column("parent_id", DataType::kBigint);
    b.Column("is_current_ancestor", DataType::kBoolean);
    std::set<int64_t> ancestors;
    for (const iceberg::Snapshot* s = current; s;) {
      ancestors.insert(s->snapshot_id);
      s = s->parent_snapshot_id ? md.SnapshotById(*s->parent_snapshot_id) : nullptr;
    }
    for (const auto& e : md.snapshot_log) {
      const iceberg::Snapshot* s = md.SnapshotById(e.snapshot_id);
      std::optional<int64_t> parent = s ? s->parent_snapshot_id : std::nullopt;
      b.Row({Value::Int(e.timestamp_ms * 1000, DataType::kTimestamp), Value::Int(e.snapshot_id),
             OptLong(parent), Value::Bool(ancestors.count(e.snapshot_id) > 0)});
    }
  } else if (kind == "manifests" || kind == "files") {
    bool files = kind == "files";
    if (files) {
      b.Column("content", DataType::kInteger);
      b.Column("file_path", DataType::kVarchar);
      b.Column("file_format", DataType::kVarchar);
      b.Column("spec_id", DataType::kInteger);
      b.Column("record_count", DataType::kBigint);
      b.Column("file_size_in_bytes", DataType::kBigint);
    } else {
      b.Column("path", DataType::kVarchar);
      b.Column("length", DataType::kBigint);
      b.Column("partition_spec_id", DataType::kInteger);
      b.Column("added_snapshot_id", DataType::kBigint);
      b.Column("added_data_files_count", DataType::kInteger);
      b.Column("existing_data_files_count", DataType::kInteger);
      b.Column("deleted_data_files_count", DataType::kInteger);
    }
    if (current) {
      FLOE_ASSIGN_OR_RETURN(auto manifests, iceberg::ReadManifestList(io, current->manifest_list));
      for (const auto& m : manifests) {
        if (!files) {
          b.Row({Value::String(m.manifest_path), Value::Int(m.manifest_length),
                 Value::Int(m.partition_spec_id, DataType::kInteger),
                 Value::Int(m.added_snapshot_id),
                 Value::Int(m.added_files_count, DataType::kInteger),
                 Value::Int(m.existing_files_count, DataType::kInteger),
                 Value::Int(m.deleted_files_count, DataType::kInteger)});
          continue;
        }
        const iceberg::PartitionSpec* spec = md.SpecById(m.partition_spec_id);
        const iceberg::Schema* schema = md.CurrentSchema();
        if (!spec || !schema)
          return DataLoss("manifest " + m.manifest_path + " names an unknown partition spec");
        FLOE_ASSIGN_OR_RETURN(auto entries, iceberg::ReadManifest(io, m, *schema, *spec));
        for (const auto& e : entries) {
          if (e.status == iceberg::EntryStatus::kDeleted) continue;
          b.Row({Value::Int(static_cast<int64_t>(e.file.content), DataType::kInteger),
                 Value::String(e.file.file_path), Value::String(e.file.file_format),
                 Value::Int(m.partition_spec_id, DataType::kInteger),
                 Value::Int(e.file.record_count), Value::Int(e.file.file_size_in_bytes)});
        }
      }
    }
  } else {
    return NotFound("Catalog Error: unknown metadata table \"" + table_name + "$" + kind +
                    "\" (use $snapshots, $history, $files or $manifests)");
  }
  return std::unique_ptr<TableSource>(
      new MemorySource(table_name + "$" + kind, std::move(b.columns), std::move(b.chunk)));
}

}  // namespace floe::query
