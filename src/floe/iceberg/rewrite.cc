#include "floe/iceberg/rewrite.h"

#include <algorithm>
#include <optional>
#include <set>

#include "floe/base/uuid.h"

namespace floe::iceberg {
namespace {

// Whether the exact value `v` satisfies `p` (same type required).
bool Satisfies(const Literal& v, const Predicate& p) {
  auto cmp = [&](const Literal& x) { return x.type_id() == v.type_id() ? std::optional<int>(v.Compare(x) < 0 ? -1 : v.Compare(x) > 0 ? 1 : 0) : std::nullopt; };
  if (p.values.empty()) return false;
  if (p.op == PredicateOp::kIn) {
    return std::any_of(p.values.begin(), p.values.end(), [&](const Literal& x) { return cmp(x) == 0; });
  }
  auto c = cmp(p.values[0]);
  if (!c) return false;
  switch (p.op) {
    case PredicateOp::kEq: return *c == 0;
    case PredicateOp::kLt: return *c < 0;
    case PredicateOp::kLtEq: return *c <= 0;
    case PredicateOp::kGt: return *c > 0;
    case PredicateOp::kGtEq: return *c >= 0;
    default: return false;
  }
}

// Whether every row of `f` satisfies `p`, from its metrics alone.
bool FileFullyMatches(const DataFile& f, const Schema& schema, const PartitionSpec* spec, const Predicate& p) {
  // An identity partition value decides it for the whole file.
  if (spec) {
    for (size_t i = 0; i < spec->fields().size() && i < f.partition.size(); ++i) {
      const PartitionField& pf = spec->fields()[i];
      if (pf.source_id != p.field_id || pf.transform.kind() != Transform::Kind::kIdentity) continue;
      const auto& v = f.partition[i];
      if (p.op == PredicateOp::kIsNull) return !v.has_value();
      if (p.op == PredicateOp::kNotNull) return v.has_value();
      if (!v) return false;
      return Satisfies(*v, p);
    }
  }
  const NestedField* field = schema.FindField(p.field_id);
  if (!field || !field->type.is_primitive()) return false;
  auto nulls = f.null_value_counts.find(p.field_id);
  auto values = f.value_counts.find(p.field_id);
  if (p.op == PredicateOp::kIsNull) {
    return nulls != f.null_value_counts.end() && values != f.value_counts.end() && nulls->second == values->second;
  }
  if (nulls == f.null_value_counts.end() || nulls->second != 0) return false;  // nulls never satisfy a comparison
  if (p.op == PredicateOp::kNotNull) return true;
  if (f.nan_value_counts.count(p.field_id) && f.nan_value_counts.at(p.field_id) != 0) return false;
  auto lo_it = f.lower_bounds.find(p.field_id);
  auto hi_it = f.upper_bounds.find(p.field_id);
  if (lo_it == f.lower_bounds.end() || hi_it == f.upper_bounds.end()) return false;
  const PrimitiveType& t = field->type.primitive();
  // Truncated string/binary bounds are not exact values.
  if (t.id == TypeId::kString || t.id == TypeId::kBinary) return false;
  auto lo = Literal::Deserialize(t, lo_it->second);
  auto hi = Literal::Deserialize(t, hi_it->second);
  if (!lo.ok() || !hi.ok() || p.values.empty() || p.values[0].type_id() != t.id) return false;
  const Literal& v = p.values[0];
  switch (p.op) {
    case PredicateOp::kEq: return lo->Compare(v) == 0 && hi->Compare(v) == 0;
    case PredicateOp::kLt: return hi->Compare(v) < 0;
    case PredicateOp::kLtEq: return hi->Compare(v) <= 0;
    case PredicateOp::kGt: return lo->Compare(v) > 0;
    case PredicateOp::kGtEq: return lo->Compare(v) >= 0;
    case PredicateOp::kIn:
      return lo->Compare(*hi) == 0 &&
             std::any_of(p.values.begin(), p.values.end(), [&](const Literal& x) { return lo->Compare(x) == 0; });
    default: return false;
  }
}

using Validation = std::function<Status(const TableMetadata&)>;

Result<RewriteResult> Replace(Table* table, const std::vector<std::string>& removed_paths,
                              std::vector<DataFile> added, const char* operation, int max_attempts,
                              const Validation& validate = nullptr) {
  const std::string commit_id = table->NewUuid().ToString();
  const int64_t snapshot_id = NewSnapshotId(table->NewUuid());
  std::set<std::string> removed(removed_paths.begin(), removed_paths.end());
  for (int attempt = 1; attempt <= max_attempts; ++attempt) {
    if (attempt > 1) FLOE_RETURN_IF_ERROR(table->Refresh());
    const TableMetadata& base = table->metadata();
    if (validate) FLOE_RETURN_IF_ERROR(validate(base));
    const Snapshot* parent = base.CurrentSnapshot();
    if (!parent && !removed.empty()) return FailedPrecondition("the table has no snapshot to remove files from");
    int64_t seq = base.last_sequence_number + 1;
    std::vector<ManifestFile> manifests;
    std::vector<std::string> written;
    SummaryBuilder summary;
    std::set<std::string> found;
    int n = 0;
    auto cleanup = [&] {
      for (const auto& p : written) (void)table->io()->Delete(p);
    };
    if (parent) {
      FLOE_ASSIGN_OR_RETURN(auto list, ReadManifestList(table->io(), parent->manifest_list));
      for (const auto& m : list) {
        const PartitionSpec* spec = base.SpecById(m.partition_spec_id);
        if (!spec) return DataLoss("manifest " + m.manifest_path + " uses unknown partition spec");
        FLOE_ASSIGN_OR_RETURN(auto entries, ReadManifest(table->io(), m, *base.CurrentSchema(), *spec));
        bool touched = false;
        for (const auto& e : entries) touched = touched || (e.IsLive() && removed.count(e.file.file_path));
        if (!touched) {
          manifests.push_back(m);
          continue;
        }
        std::string path = table->NewMetadataPath(commit_id + "-m" + std::to_string(++n) + ".avro");
        FLOE_ASSIGN_OR_RETURN(auto w, ManifestWriter::Open(table->io(), path, *base.CurrentSchema(), *spec, snapshot_id));
        written.push_back(path);
        for (auto e : entries) {
          if (!e.IsLive()) continue;  // earlier deletes are not carried
          bool gone = removed.count(e.file.file_path) > 0;
          if (gone) {
            found.insert(e.file.file_path);
            summary.RemoveDataFile(e.file.record_count, e.file.file_size_in_bytes);
          }
          e.status = gone ? EntryStatus::kDeleted : EntryStatus::kExisting;
          if (gone) e.snapshot_id = snapshot_id;
          FLOE_RETURN_IF_ERROR(w->Add(std::move(e)));
        }
        FLOE_ASSIGN_OR_RETURN(ManifestFile mf, w->Close());
        AssignSequenceNumber(&mf, seq);
        manifests.push_back(std::move(mf));
      }
    }
    if (found.size() != removed.size()) {
      cleanup();
      for (const auto& p : removed) {
        if (!found.count(p)) return FailedPrecondition("cannot replace " + p + ": it is not a live file of the table (removed concurrently?)");
      }
    }
    if (!added.empty()) {
      const PartitionSpec* spec = base.DefaultSpec();
      std::string path = table->NewMetadataPath(commit_id + "-m0.avro");
      FLOE_ASSIGN_OR_RETURN(auto w, ManifestWriter::Open(table->io(), path, *base.CurrentSchema(), *spec, snapshot_id));
      written.push_back(path);
      for (auto f : added) {
        summary.AddDataFile(f.record_count, f.file_size_in_bytes);
        f.spec_id = spec->spec_id();
        FLOE_RETURN_IF_ERROR(w->Add(ManifestEntry{EntryStatus::kAdded, {}, {}, {}, std::move(f)}));
      }
      FLOE_ASSIGN_OR_RETURN(ManifestFile mf, w->Close());
      AssignSequenceNumber(&mf, seq);
      manifests.insert(manifests.begin(), std::move(mf));
    }
    std::string list_path = table->NewMetadataPath("snap-" + std::to_string(snapshot_id) + "-" + std::to_string(attempt) +
                                                   "-" + commit_id + ".avro");
    FLOE_RETURN_IF_ERROR(WriteManifestList(table->io(), list_path, snapshot_id,
                                           parent ? std::optional<int64_t>(parent->snapshot_id) : std::nullopt, seq,
                                           manifests).status());
    written.push_back(list_path);
    Snapshot snap;
    snap.snapshot_id = snapshot_id;
    if (parent) snap.parent_snapshot_id = parent->snapshot_id;
    snap.sequence_number = seq;
    snap.timestamp_ms = std::max(table->clock()->NowMillis(), base.last_updated_ms);
    snap.manifest_list = list_path;
    snap.summary = summary.Build(operation, parent);
    snap.schema_id = base.current_schema_id;
    Status st = table->Commit(
        {AssertTableUuid{base.table_uuid}, AssertRefSnapshotId{kMainBranch, base.current_snapshot_id}},
        {AddSnapshot{snap}, SetSnapshotRef{kMainBranch, SnapshotRef{snapshot_id, SnapshotRefType::kBranch, {}, {}, {}}}});
    if (st.ok()) {
      return RewriteResult{snapshot_id, static_cast<int>(removed.size()), static_cast<int>(added.size()), attempt};
    }
    cleanup();
    if (st.code() != StatusCode::kAborted) return st;
  }
  return Aborted(std::string(operation) + " gave up after " + std::to_string(max_attempts) + " conflicting commits");
}

}  // namespace

Result<RewriteResult> RewriteFiles(Table* table, const std::vector<std::string>& removed, std::vector<DataFile> added,
                                   int max_attempts) {
  return Replace(table, removed, std::move(added), kOpReplace, max_attempts);
}

static Status ValidateRewrite(const TableMetadata& md, const RewriteOptions& options) {
  if (options.spec_id && md.default_spec_id != *options.spec_id) {
    return FailedPrecondition("the default partition spec changed to " + std::to_string(md.default_spec_id) +
                              " while the files were rewritten for spec " + std::to_string(*options.spec_id));
  }
  if (!options.starting_snapshot_id) return Status::OK();
  // Walk main back to the starting snapshot; every commit in between must not add delete files.
  for (const Snapshot* s = md.CurrentSnapshot(); s && s->snapshot_id != *options.starting_snapshot_id;
       s = s->parent_snapshot_id ? md.SnapshotById(*s->parent_snapshot_id) : nullptr) {
    if (s->Count(kAddedDeleteFiles) > 0) {
      return FailedPrecondition("snapshot " + std::to_string(s->snapshot_id) +
                                " added delete files after the rewrite started; rerun it on the new snapshot");
    }
  }
  return Status::OK();
}

Result<RewriteResult> RewriteFiles(Table* table, const std::vector<std::string>& removed, std::vector<DataFile> added,
                                   const RewriteOptions& options) {
  return Replace(table, removed, std::move(added), kOpReplace, options.max_attempts,
                 [&options](const TableMetadata& md) { return ValidateRewrite(md, options); });
}

Result<RewriteResult> DeleteWhere(Table* table, const std::vector<Predicate>& filter, int max_attempts) {
  FLOE_RETURN_IF_ERROR(table->Refresh());
  const TableMetadata& md = table->metadata();
  ScanRequest request;
  request.filter = filter;
  FLOE_ASSIGN_OR_RETURN(ScanPlan plan, PlanScan(table->io(), md, request));
  std::vector<std::string> doomed;
  for (const auto& task : plan.tasks) {
    const PartitionSpec* spec = md.SpecById(task.file.spec_id);
    bool all = !filter.empty();
    for (const auto& p : filter) all = all && FileFullyMatches(task.file, *md.CurrentSchema(), spec, p);
    if (!all) {
      return FailedPrecondition("deleting these rows needs row-level deletes: " + task.file.file_path +
                                " holds rows on both sides of the filter");
    }
    doomed.push_back(task.file.file_path);
  }
  if (doomed.empty()) return RewriteResult{};
  return Replace(table, doomed, {}, kOpDelete, max_attempts);
}

}  // namespace floe::iceberg
