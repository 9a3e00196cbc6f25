#include "floe/iceberg/snapshot.h"

#include <charconv>

namespace floe::iceberg {
namespace {

using J = SnapshotJson;

Status Bad(const std::string& where, const std::string& what) {
  return InvalidArgument(where + ": " + what);
}

template <typename T>
Status ReadInt(const J& j, const char* key, const std::string& where, T* out) {
  auto it = j.find(key);
  if (it == j.end()) return Bad(where, std::string("missing \"") + key + "\"");
  if (!it->is_number_integer())
    return Bad(where, std::string("\"") + key + "\" must be an integer");
  *out = it->get<T>();
  return Status::OK();
}

template <typename T>
Status ReadOptInt(const J& j, const char* key, const std::string& where, std::optional<T>* out) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return Status::OK();
  if (!it->is_number_integer())
    return Bad(where, std::string("\"") + key + "\" must be an integer");
  *out = it->get<T>();
  return Status::OK();
}

}  // namespace

std::string_view Snapshot::operation() const {
  const std::string* op = Find("operation");
  return op ? std::string_view(*op) : std::string_view();
}

const std::string* Snapshot::Find(std::string_view key) const {
  for (const auto& [k, v] : summary) {
    if (k == key) return &v;
  }
  return nullptr;
}

int64_t Snapshot::Count(std::string_view key) const {
  const std::string* v = Find(key);
  int64_t n = 0;
  if (!v || std::from_chars(v->data(), v->data() + v->size(), n).ec != std::errc()) return 0;
  return n;
}

void SummaryBuilder::AddDataFile(int64_t records, int64_t size_bytes) {
  ++added_data_files_;
  added_records_ += records;
  added_size_ += size_bytes;
}

void SummaryBuilder::RemoveDataFile(int64_t records, int64_t size_bytes) {
  ++deleted_data_files_;
  deleted_records_ += records;
  removed_size_ += size_bytes;
}

void SummaryBuilder::AddDeleteFile(bool equality, int64_t records, int64_t size_bytes) {
  ++added_delete_files_;
  (equality ? added_eq_deletes_ : added_pos_deletes_) += records;
  added_size_ += size_bytes;
}

void SummaryBuilder::RemoveDeleteFile(bool equality, int64_t records, int64_t size_bytes) {
  ++removed_delete_files_;
  (equality ? removed_eq_deletes_ : removed_pos_deletes_) += records;
  removed_size_ += size_bytes;
}

void SummaryBuilder::Set(std::string key, std::string value) {
  for (auto& kv : extra_) {
    if (kv.first == key) {
      kv.second = std::move(value);
      return;
    }
  }
  extra_.emplace_back(std::move(key), std::move(value));
}

Summary SummaryBuilder::Build(std::string_view operation, const Snapshot* previous) const {
  Summary s;
  s.emplace_back("operation", std::string(operation));
  auto put = [&](const char* key, int64_t v) {
    if (v != 0) s.emplace_back(key, std::to_string(v));
  };
  put(kAddedDataFiles, added_data_files_);
  put(kDeletedDataFiles, deleted_data_files_);
  put(kAddedDeleteFiles, added_delete_files_);
  put(kRemovedDeleteFiles, removed_delete_files_);
  put(kAddedRecords, added_records_);
  put(kDeletedRecords, deleted_records_);
  put(kAddedFilesSize, added_size_);
  put(kRemovedFilesSize, removed_size_);
  put(kAddedPositionDeletes, added_pos_deletes_);
  put(kRemovedPositionDeletes, removed_pos_deletes_);
  put(kAddedEqualityDeletes, added_eq_deletes_);
  put(kRemovedEqualityDeletes, removed_eq_deletes_);
  // Totals: previous total + added - removed; a table's first snapshot starts at 0.
  auto total = [&](const char* key, int64_t added, int64_t removed) {
    if (previous && !previous->Find(key)) return;  // unknown base: Java omits the total
    int64_t base = previous ? previous->Count(key) : 0;
    s.emplace_back(key, std::to_string(base + added - removed));
  };
  total(kTotalRecords, added_records_, deleted_records_);
  total(kTotalFilesSize, added_size_, removed_size_);
  total(kTotalDataFiles, added_data_files_, deleted_data_files_);
  total(kTotalDeleteFiles, added_delete_files_, removed_delete_files_);
  total(kTotalPositionDeletes, added_pos_deletes_, removed_pos_deletes_);
  total(kTotalEqualityDeletes, added_eq_deletes_, removed_eq_deletes_);
  for (const auto& kv : extra_) s.push_back(kv);
  return s;
}

SnapshotJson SnapshotToJson(const Snapshot& snap) {
  J j;
  j["snapshot-id"] = snap.snapshot_id;
  if (snap.parent_snapshot_id) j["parent-snapshot-id"] = *snap.parent_snapshot_id;
  j["sequence-number"] = snap.sequence_number;
  j["timestamp-ms"] = snap.timestamp_ms;
  if (!snap.manifest_list.empty()) j["manifest-list"] = snap.manifest_list;
  if (!snap.v1_manifests.empty()) j["manifests"] = snap.v1_manifests;
  J summary = J::object();
  for (const auto& [k, v] : snap.summary) summary[k] = v;
  j["summary"] = std::move(summary);
  if (snap.schema_id) j["schema-id"] = *snap.schema_id;
  return j;
}

Result<Snapshot> SnapshotFromJson(const SnapshotJson& j) {
  std::string where = "snapshot";
  if (!j.is_object()) return Bad(where, "must be an object");
  Snapshot s;
  FLOE_RETURN_IF_ERROR(ReadInt(j, "snapshot-id", where, &s.snapshot_id));
  where = "snapshot " + std::to_string(s.snapshot_id);
  FLOE_RETURN_IF_ERROR(ReadOptInt(j, "parent-snapshot-id", where, &s.parent_snapshot_id));
  // v1 snapshots have no sequence number: it reads as 0.
  std::optional<int64_t> seq;
  FLOE_RETURN_IF_ERROR(ReadOptInt(j, "sequence-number", where, &seq));
  s.sequence_number = seq.value_or(0);
  FLOE_RETURN_IF_ERROR(ReadInt(j, "timestamp-ms", where, &s.timestamp_ms));
  FLOE_RETURN_IF_ERROR(ReadOptInt(j, "schema-id", where, &s.schema_id));
  if (auto it = j.find("manifest-list"); it != j.end()) {
    if (!it->is_string()) return Bad(where, "\"manifest-list\" must be a string");
    s.manifest_list = it->get<std::string>();
  } else if (auto m = j.find("manifests"); m != j.end() && m->is_array()) {
    for (const auto& e : *m) {
      if (!e.is_string()) return Bad(where, "\"manifests\" must hold strings");
      s.v1_manifests.push_back(e.get<std::string>());
    }
  } else {
    return Bad(where, "missing \"manifest-list\"");
  }
  if (auto it = j.find("summary"); it != j.end()) {
    if (!it->is_object()) return Bad(where, "\"summary\" must be an object");
    // "operation" first, whatever order the writer used.
    if (auto op = it->find("operation"); op != it->end() && op->is_string()) {
      s.summary.emplace_back("operation", op->get<std::string>());
    }
    for (auto kv = it->begin(); kv != it->end(); ++kv) {
      if (kv.key() == "operation") continue;
      if (!kv.value().is_string())
        return Bad(where, "summary value \"" + kv.key() + "\" must be a string");
      s.summary.emplace_back(kv.key(), kv.value().get<std::string>());
    }
  }
  return s;
}

SnapshotJson SnapshotRefToJson(const SnapshotRef& ref) {
  J j;
  j["snapshot-id"] = ref.snapshot_id;
  j["type"] = ref.type == SnapshotRefType::kBranch ? "branch" : "tag";
  if (ref.min_snapshots_to_keep) j["min-snapshots-to-keep"] = *ref.min_snapshots_to_keep;
  if (ref.max_snapshot_age_ms) j["max-snapshot-age-ms"] = *ref.max_snapshot_age_ms;
  if (ref.max_ref_age_ms) j["max-ref-age-ms"] = *ref.max_ref_age_ms;
  return j;
}

Result<SnapshotRef> SnapshotRefFromJson(const SnapshotJson& j) {
  std::string where = "snapshot ref";
  if (!j.is_object()) return Bad(where, "must be an object");
  SnapshotRef r;
  FLOE_RETURN_IF_ERROR(ReadInt(j, "snapshot-id", where, &r.snapshot_id));
  auto type = j.find("type");
  if (type == j.end() || !type->is_string()) return Bad(where, "missing \"type\"");
  if (*type == "branch") {
    r.type = SnapshotRefType::kBranch;
  } else if (*type == "tag") {
    r.type = SnapshotRefType::kTag;
  } else {
    return Bad(where, "\"type\" must be \"branch\" or \"tag\"");
  }
  FLOE_RETURN_IF_ERROR(ReadOptInt(j, "min-snapshots-to-keep", where, &r.min_snapshots_to_keep));
  FLOE_RETURN_IF_ERROR(ReadOptInt(j, "max-snapshot-age-ms", where, &r.max_snapshot_age_ms));
  FLOE_RETURN_IF_ERROR(ReadOptInt(j, "max-ref-age-ms", where, &r.max_ref_age_ms));
  return r;
}

}  // namespace floe::iceberg
