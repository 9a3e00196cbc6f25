#include "floe/iceberg/scan.h"

#include <algorithm>
#include <atomic>
#include <thread>

namespace floe::iceberg {
namespace {

bool Less(const Literal& a, const Literal& b) { return a.Compare(b) < 0; }

// Does a value range [lo, hi] (either side may be unknown) admit `p`?
bool RangeMayMatch(const std::optional<Literal>& lo, const std::optional<Literal>& hi, const Predicate& p) {
  auto below_lo = [&](const Literal& v) { return lo && Less(v, *lo); };  // v < lo
  auto above_hi = [&](const Literal& v) { return hi && Less(*hi, v); };  // v > hi
  switch (p.op) {
    case PredicateOp::kEq: return !(below_lo(p.values[0]) || above_hi(p.values[0]));
    case PredicateOp::kLt: return !(lo && !Less(*lo, p.values[0]));      // some x < v needs lo < v
    case PredicateOp::kLtEq: return !below_lo(p.values[0]);             // needs lo <= v
    case PredicateOp::kGt: return !(hi && !Less(p.values[0], *hi));     // needs hi > v
    case PredicateOp::kGtEq: return !above_hi(p.values[0]);            // needs hi >= v
    case PredicateOp::kIn:
      return std::any_of(p.values.begin(), p.values.end(),
                         [&](const Literal& v) { return !(below_lo(v) || above_hi(v)); });
    default: return true;
  }
}

// A literal comparable with the column's bound literals; nullopt when the
// predicate's value type differs (e.g. an int literal on a long column is promoted).
std::optional<Literal> Coerce(const Literal& v, const PrimitiveType& t) {
  if (v.type_id() == t.id) return v;
  if (t.id == TypeId::kLong && v.type_id() == TypeId::kInt) return Literal::Long(v.int_value());
  if (t.id == TypeId::kDouble && v.type_id() == TypeId::kFloat) return Literal::Double(v.float_value());
  if (t.id == TypeId::kDouble && v.type_id() == TypeId::kLong) return Literal::Double(static_cast<double>(v.long_value()));
  if (t.id == TypeId::kDouble && v.type_id() == TypeId::kInt) return Literal::Double(v.int_value());
  return std::nullopt;
}

std::optional<Predicate> CoercePredicate(const Predicate& p, const PrimitiveType& t) {
  Predicate out{p.field_id, p.op, {}};
  for (const auto& v : p.values) {
    auto c = Coerce(v, t);
    if (!c) return std::nullopt;
    out.values.push_back(*c);
  }
  return out;
}

// The predicate on a partition field derived by `transform` from a predicate on
// its source column, or nullopt when nothing can be said.
std::optional<Predicate> Project(const Predicate& p, const Transform& transform, int32_t partition_field_id) {
  Predicate out{partition_field_id, p.op, {}};
  if (transform.kind() == Transform::Kind::kVoid || transform.kind() == Transform::Kind::kUnknown) return std::nullopt;
  if (p.op == PredicateOp::kIsNull || p.op == PredicateOp::kNotNull) return out;  // f(null) = null
  bool ordered = transform.PreservesOrder();
  if (!ordered && p.op != PredicateOp::kEq && p.op != PredicateOp::kIn) return std::nullopt;
  for (const auto& v : p.values) {
    auto tv = transform.Apply(v);
    if (!tv.ok() || !tv->has_value()) return std::nullopt;
    out.values.push_back(**tv);
  }
  if (transform.kind() != Transform::Kind::kIdentity) {
    // f is monotone but not injective: strict bounds become inclusive.
    if (p.op == PredicateOp::kLt) out.op = PredicateOp::kLtEq;
    if (p.op == PredicateOp::kGt) out.op = PredicateOp::kGtEq;
  }
  return out;
}

struct PartitionFilter {
  std::vector<std::pair<size_t, Predicate>> by_position;  // partition field index → predicate
};

PartitionFilter ProjectFilter(const std::vector<Predicate>& filter, const PartitionSpec& spec, const Schema& schema) {
  PartitionFilter out;
  for (const auto& p : filter) {
    const NestedField* source = schema.FindField(p.field_id);
    if (!source || !source->type.is_primitive()) continue;
    auto coerced = CoercePredicate(p, source->type.primitive());
    if (!coerced) continue;
    for (size_t i = 0; i < spec.fields().size(); ++i) {
      const PartitionField& pf = spec.fields()[i];
      if (pf.source_id != p.field_id) continue;
      if (auto projected = Project(*coerced, pf.transform, pf.field_id)) out.by_position.emplace_back(i, *projected);
    }
  }
  return out;
}

bool PartitionMayMatch(const std::vector<std::optional<Literal>>& partition, const PartitionFilter& f) {
  for (const auto& [i, p] : f.by_position) {
    if (i >= partition.size()) continue;
    const auto& v = partition[i];
    if (p.op == PredicateOp::kIsNull) {
      if (v) return false;
      continue;
    }
    // Transforms keep null as null and non-null as non-null, so a null
    // partition value means the source column is null in every row.
    if (!v) return false;
    if (p.op == PredicateOp::kNotNull) continue;
    if (p.values.empty() || p.values[0].type_id() != v->type_id()) continue;
    if (!RangeMayMatch(*v, *v, p)) return false;
  }
  return true;
}

bool ManifestMayMatch(const ManifestFile& m, const PartitionSpec& spec, const Schema& schema, const PartitionFilter& f) {
  auto type = spec.PartitionType(schema);
  if (!type.ok()) return true;
  const auto& fields = type->struct_type().fields;
  for (const auto& [i, p] : f.by_position) {
    if (i >= m.partitions.size() || i >= fields.size()) continue;
    const PartitionFieldSummary& s = m.partitions[i];
    const PrimitiveType& t = fields[i].type.primitive();
    if (p.op == PredicateOp::kIsNull) {
      if (!s.contains_null) return false;
      continue;
    }
    std::optional<Literal> lo, hi;
    if (s.lower_bound) {
      auto v = Literal::Deserialize(t, *s.lower_bound);
      if (v.ok()) lo = *v;
    }
    if (s.upper_bound) {
      auto v = Literal::Deserialize(t, *s.upper_bound);
      if (v.ok()) hi = *v;
    }
    bool only_nulls = !lo && !hi && s.contains_null && !s.contains_nan.value_or(false);
    if (p.op == PredicateOp::kNotNull) {
      if (only_nulls) return false;
      continue;
    }
    if (only_nulls) return false;
    if (!p.values.empty() && p.values[0].type_id() != t.id) continue;
    if (!RangeMayMatch(lo, hi, p)) return false;
  }
  return true;
}

bool DeleteApplies(const ManifestEntry& del, const FileScanTask& task, const TableMetadata& md) {
  const DataFile& d = del.file;
  int64_t del_seq = del.sequence_number.value_or(0);
  if (d.content == FileContent::kPositionDeletes) {
    if (del_seq < task.data_sequence_number) return false;
    if (d.referenced_data_file && *d.referenced_data_file != task.file.file_path) return false;
  } else {
    if (del_seq <= task.data_sequence_number) return false;
  }
  // Same partition of the same spec, or a delete in an unpartitioned spec.
  const PartitionSpec* spec = md.SpecById(d.spec_id);
  if (spec && spec->IsUnpartitioned()) return true;
  if (d.spec_id != task.file.spec_id || d.partition.size() != task.file.partition.size()) return false;
  for (size_t i = 0; i < d.partition.size(); ++i) {
    const auto& a = d.partition[i];
    const auto& b = task.file.partition[i];
    if (a.has_value() != b.has_value()) return false;
    if (a && !(*a == *b)) return false;
  }
  return true;
}

}  // namespace

bool FileMayMatch(const DataFile& file, const Schema& schema, const Predicate& p) {
  const NestedField* field = schema.FindField(p.field_id);
  if (!field || !field->type.is_primitive()) return true;
  const PrimitiveType& t = field->type.primitive();
  auto count = [](const std::map<int32_t, int64_t>& m, int32_t id) -> std::optional<int64_t> {
    auto it = m.find(id);
    return it == m.end() ? std::nullopt : std::optional<int64_t>(it->second);
  };
  std::optional<int64_t> nulls = count(file.null_value_counts, p.field_id);
  std::optional<int64_t> values = count(file.value_counts, p.field_id);
  if (p.op == PredicateOp::kIsNull) return !(nulls && *nulls == 0);
  if (p.op == PredicateOp::kNotNull) return !(nulls && values && *nulls == *values);
  // Every value null: no comparison holds.
  if (nulls && values && *nulls == *values) return false;
  auto coerced = CoercePredicate(p, t);
  if (!coerced) return true;
  std::optional<Literal> lo, hi;
  if (auto it = file.lower_bounds.find(p.field_id); it != file.lower_bounds.end()) {
    auto v = Literal::Deserialize(t, it->second);
    if (v.ok()) lo = *v;
  }
  if (auto it = file.upper_bounds.find(p.field_id); it != file.upper_bounds.end()) {
    auto v = Literal::Deserialize(t, it->second);
    if (v.ok()) hi = *v;
  }
  return RangeMayMatch(lo, hi, *coerced);
}

Result<const Snapshot*> SelectSnapshot(const TableMetadata& md, const ScanRequest& r) {
  if (r.snapshot_id) {
    const Snapshot* s = md.SnapshotById(*r.snapshot_id);
    if (!s) return NotFound("snapshot " + std::to_string(*r.snapshot_id) + " does not exist");
    return s;
  }
  if (r.ref) {
    if (!md.refs.count(*r.ref) && *r.ref != kMainBranch) return NotFound("no branch or tag named " + *r.ref);
    return md.SnapshotForRef(*r.ref);
  }
  if (r.as_of_timestamp_ms) {
    const Snapshot* s = md.SnapshotAsOf(*r.as_of_timestamp_ms);
    if (!s) return NotFound("the table has no snapshot as of " + std::to_string(*r.as_of_timestamp_ms) + " ms");
    return s;
  }
  return md.CurrentSnapshot();
}

Result<ScanPlan> PlanScan(storage::FileIO* io, const TableMetadata& md, const ScanRequest& request) {
  ScanPlan plan;
  plan.residual = request.filter;
  FLOE_ASSIGN_OR_RETURN(const Snapshot* snap, SelectSnapshot(md, request));
  // Time travel reads with the schema the snapshot was written with.
  const Schema* schema = md.CurrentSchema();
  if (snap && (request.snapshot_id || request.as_of_timestamp_ms || request.ref) && snap->schema_id) {
    if (const Schema* s = md.SchemaById(*snap->schema_id)) schema = s;
  }
  plan.schema_id = schema->schema_id();
  if (!snap) return plan;
  plan.snapshot_id = snap->snapshot_id;

  std::vector<ManifestFile> manifests;
  if (!snap->manifest_list.empty()) {
    FLOE_ASSIGN_OR_RETURN(manifests, ReadManifestList(io, snap->manifest_list));
  } else {
    for (const auto& path : snap->v1_manifests) {
      ManifestFile m;
      m.manifest_path = path;
      m.sequence_number = m.min_sequence_number = 0;
      m.added_snapshot_id = snap->snapshot_id;
      manifests.push_back(std::move(m));
    }
  }
  // Prune manifests by their partition summaries, then read the rest, a few
  // at once: a table of many commits has as many manifests to open.
  std::vector<const ManifestFile*> to_read;
  std::vector<PartitionFilter> filters;
  std::vector<const PartitionSpec*> specs;
  for (const auto& m : manifests) {
    ++plan.manifests_total;
    const PartitionSpec* spec = md.SpecById(m.partition_spec_id);
    if (!spec) return DataLoss("manifest " + m.manifest_path + " uses unknown partition spec " + std::to_string(m.partition_spec_id));
    PartitionFilter pf = ProjectFilter(request.filter, *spec, *schema);
    // Delete manifests are never pruned by the data filter.
    if (m.content == ManifestContent::kData && !ManifestMayMatch(m, *spec, *schema, pf)) {
      ++plan.manifests_skipped;
      continue;
    }
    to_read.push_back(&m);
    filters.push_back(std::move(pf));
    specs.push_back(spec);
  }
  std::vector<Result<std::vector<ManifestEntry>>> read(to_read.size(),
                                                       std::vector<ManifestEntry>{});
  {
    std::atomic<size_t> next{0};
    auto work = [&] {
      for (size_t k = next++; k < to_read.size(); k = next++)
        read[k] = ReadManifest(io, *to_read[k], *schema, *specs[k]);
    };
    const size_t threads_wanted = static_cast<size_t>(std::max(request.read_threads, 1));
    const size_t helpers = to_read.empty() ? 0 : std::min(to_read.size(), threads_wanted) - 1;
    std::vector<std::thread> threads;
    for (size_t k = 0; k < helpers; ++k) threads.emplace_back(work);
    work();
    for (auto& t : threads) t.join();
  }
  std::vector<ManifestEntry> deletes;
  for (size_t k = 0; k < to_read.size(); ++k) {
    FLOE_RETURN_IF_ERROR(read[k].status());
    const PartitionFilter& pf = filters[k];
    for (auto& e : *read[k]) {
      if (!e.IsLive()) continue;
      if (e.file.content != FileContent::kData) {
        deletes.push_back(std::move(e));
        continue;
      }
      ++plan.files_total;
      bool keep = PartitionMayMatch(e.file.partition, pf);
      for (size_t i = 0; keep && i < request.filter.size(); ++i) keep = FileMayMatch(e.file, *schema, request.filter[i]);
      if (!keep) {
        ++plan.files_skipped;
        continue;
      }
      plan.tasks.push_back(FileScanTask{std::move(e.file), e.sequence_number.value_or(0), {}});
    }
  }
  for (auto& task : plan.tasks) {
    for (const auto& d : deletes) {
      if (DeleteApplies(d, task, md)) task.deletes.push_back(d.file);
    }
  }
  return plan;
}

}  // namespace floe::iceberg
