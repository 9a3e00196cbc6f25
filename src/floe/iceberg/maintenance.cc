#include "floe/iceberg/maintenance.h"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

namespace floe::iceberg {
namespace {

std::vector<ManifestFile> ManifestsOf(storage::FileIO* io, const Snapshot& s, Status* st) {
  if (s.manifest_list.empty()) {
    std::vector<ManifestFile> out;
    for (const auto& p : s.v1_manifests) {
      ManifestFile m;
      m.manifest_path = p;
      m.sequence_number = m.min_sequence_number = 0;
      m.added_snapshot_id = s.snapshot_id;
      out.push_back(std::move(m));
    }
    return out;
  }
  auto list = ReadManifestList(io, s.manifest_list);
  if (!list.ok()) {
    *st = list.status();
    return {};
  }
  return std::move(*list);
}

// Snapshot ids on main's history, newest first.
std::vector<int64_t> MainAncestry(const TableMetadata& md) {
  std::vector<int64_t> out;
  const Snapshot* s = md.CurrentSnapshot();
  while (s) {
    out.push_back(s->snapshot_id);
    s = s->parent_snapshot_id ? md.SnapshotById(*s->parent_snapshot_id) : nullptr;
  }
  return out;
}

}  // namespace

Status CollectReachableFiles(storage::FileIO* io, const TableMetadata& md, const Snapshot& snapshot,
                             std::set<std::string>* files) {
  Status st;
  std::vector<ManifestFile> manifests = ManifestsOf(io, snapshot, &st);
  FLOE_RETURN_IF_ERROR(st);
  if (!snapshot.manifest_list.empty()) files->insert(snapshot.manifest_list);
  for (const auto& m : manifests) {
    files->insert(m.manifest_path);
    const PartitionSpec* spec = md.SpecById(m.partition_spec_id);
    if (!spec) return DataLoss("manifest " + m.manifest_path + " uses unknown partition spec");
    FLOE_ASSIGN_OR_RETURN(auto entries, ReadManifest(io, m, *md.CurrentSchema(), *spec));
    for (const auto& e : entries) {
      if (e.IsLive()) files->insert(e.file.file_path);
    }
  }
  return Status::OK();
}

Status CollectReachableFilesOfAll(storage::FileIO* io, const TableMetadata& md, std::set<std::string>* files) {
  std::map<std::string, ManifestFile> manifests;
  for (const auto& s : md.snapshots) {
    Status st;
    for (auto& m : ManifestsOf(io, s, &st)) manifests.emplace(m.manifest_path, std::move(m));
    FLOE_RETURN_IF_ERROR(st);
    if (!s.manifest_list.empty()) files->insert(s.manifest_list);
  }
  for (const auto& [path, m] : manifests) {
    files->insert(path);
    const PartitionSpec* spec = md.SpecById(m.partition_spec_id);
    if (!spec) return DataLoss("manifest " + path + " uses unknown partition spec");
    FLOE_ASSIGN_OR_RETURN(auto entries, ReadManifest(io, m, *md.CurrentSchema(), *spec));
    for (const auto& e : entries) {
      if (e.IsLive()) files->insert(e.file.file_path);
    }
  }
  return Status::OK();
}

Result<ExpireResult> ExpireSnapshots(Table* table, const ExpireOptions& options) {
  FLOE_RETURN_IF_ERROR(table->Refresh());
  const TableMetadata base = table->metadata();
  std::set<int64_t> keep;
  std::vector<int64_t> ancestry = MainAncestry(base);
  for (size_t i = 0; i < ancestry.size() && static_cast<int>(i) < std::max(1, options.retain_last); ++i) {
    keep.insert(ancestry[i]);
  }
  for (const auto& [name, ref] : base.refs) keep.insert(ref.snapshot_id);
  ExpireResult result;
  for (const auto& s : base.snapshots) {
    if (!keep.count(s.snapshot_id) && s.timestamp_ms < options.older_than_ms) {
      result.expired_snapshot_ids.push_back(s.snapshot_id);
    }
  }
  if (result.expired_snapshot_ids.empty()) return result;

  // Files the retained snapshots reach stay; the rest of what expired snapshots
  // reached goes. Snapshots share most manifests, so each is read once.
  const std::set<int64_t> expired(result.expired_snapshot_ids.begin(), result.expired_snapshot_ids.end());
  std::set<std::string> retained, candidates;
  std::map<std::string, ManifestFile> kept_manifests, expired_manifests;
  for (const auto& s : base.snapshots) {
    bool gone = expired.count(s.snapshot_id) > 0;
    Status st;
    std::vector<ManifestFile> manifests = ManifestsOf(table->io(), s, &st);
    if (!gone) FLOE_RETURN_IF_ERROR(st);
    if (!s.manifest_list.empty()) (gone ? candidates : retained).insert(s.manifest_list);
    for (auto& m : manifests) {
      (gone ? candidates : retained).insert(m.manifest_path);
      (gone ? expired_manifests : kept_manifests).emplace(m.manifest_path, std::move(m));
    }
  }
  for (const auto& [path, m] : kept_manifests) {
    const PartitionSpec* spec = base.SpecById(m.partition_spec_id);
    if (!spec) return DataLoss("manifest " + path + " uses unknown partition spec");
    FLOE_ASSIGN_OR_RETURN(auto entries, ReadManifest(table->io(), m, *base.CurrentSchema(), *spec));
    for (const auto& e : entries) {
      if (e.IsLive()) retained.insert(e.file.file_path);
    }
  }
  for (const auto& [path, m] : expired_manifests) {
    const PartitionSpec* spec = base.SpecById(m.partition_spec_id);
    if (!spec) continue;
    auto entries = ReadManifest(table->io(), m, *base.CurrentSchema(), *spec);
    if (!entries.ok()) continue;  // already gone: nothing of it to delete
    for (const auto& e : *entries) candidates.insert(e.file.file_path);
  }
  for (const auto& f : candidates) {
    if (!retained.count(f)) result.deleted_files.push_back(f);
  }
  if (options.dry_run) return result;
  std::vector<TableRequirement> reqs{AssertTableUuid{base.table_uuid},
                                     AssertRefSnapshotId{kMainBranch, base.current_snapshot_id}};
  FLOE_RETURN_IF_ERROR(table->Commit(reqs, {RemoveSnapshots{result.expired_snapshot_ids}}));
  for (const auto& f : result.deleted_files) (void)table->io()->Delete(f);
  return result;
}

Result<std::vector<std::string>> RemoveOrphanFiles(Table* table, const OrphanOptions& options) {
  FLOE_RETURN_IF_ERROR(table->Refresh());
  const TableMetadata& md = table->metadata();
  std::set<std::string> reachable{table->metadata_location()};
  for (const auto& e : md.metadata_log) reachable.insert(e.metadata_file);
  FLOE_RETURN_IF_ERROR(CollectReachableFilesOfAll(table->io(), md, &reachable));
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(md.location, ec)) {
    return FailedPrecondition("orphan removal needs a local table location; " + md.location + " is not a directory");
  }
  std::vector<std::string> removed;
  for (auto it = fs::recursive_directory_iterator(md.location, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    std::string path = it->path().string();
    std::string name = it->path().filename().string();
    if (name == "version-hint.text" || name == ".commit.lock") continue;
    if (reachable.count(path)) continue;
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) continue;
    int64_t ms = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1000000;
    if (ms >= options.older_than_ms) continue;
    removed.push_back(path);
  }
  if (ec) return Unavailable("listing " + md.location + ": " + ec.message());
  if (!options.dry_run) {
    for (const auto& f : removed) (void)table->io()->Delete(f);
  }
  return removed;
}

Status RollbackTo(Table* table, int64_t snapshot_id) {
  FLOE_RETURN_IF_ERROR(table->Refresh());
  const TableMetadata& md = table->metadata();
  if (!md.SnapshotById(snapshot_id)) return NotFound("snapshot " + std::to_string(snapshot_id) + " does not exist");
  std::vector<int64_t> ancestry = MainAncestry(md);
  if (std::find(ancestry.begin(), ancestry.end(), snapshot_id) == ancestry.end()) {
    return FailedPrecondition("snapshot " + std::to_string(snapshot_id) + " is not an ancestor of the current snapshot");
  }
  return table->Commit({AssertTableUuid{md.table_uuid}, AssertRefSnapshotId{kMainBranch, md.current_snapshot_id}},
                       {SetSnapshotRef{kMainBranch, SnapshotRef{snapshot_id, SnapshotRefType::kBranch, {}, {}, {}}}});
}

}  // namespace floe::iceberg
