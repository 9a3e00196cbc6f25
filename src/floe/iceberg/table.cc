#include "floe/iceberg/table.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "floe/base/uuid.h"
#include "floe/iceberg/metadata_io.h"

namespace floe::iceberg {
namespace {

constexpr char kMetadataSuffix[] = ".metadata.json";

class VersionHintPointer final : public MetadataPointer {
 public:
  explicit VersionHintPointer(std::string location) : dir_(std::move(location) + "/metadata") {}

  Result<std::string> Current() override {
    std::ifstream in(dir_ + "/version-hint.text");
    if (!in) return NotFound("no Iceberg table at " + dir_ + " (metadata/version-hint.text is missing)");
    std::string hint;
    std::getline(in, hint);
    while (!hint.empty() && (hint.back() == '\n' || hint.back() == '\r' || hint.back() == ' ')) hint.pop_back();
    if (hint.empty()) return DataLoss(dir_ + "/version-hint.text is empty");
    // Java's HadoopTables writes a bare version number for v<N>.metadata.json.
    bool numeric = hint.find_first_not_of("0123456789") == std::string::npos;
    return dir_ + "/" + (numeric ? "v" + hint : hint) + kMetadataSuffix;
  }

  Status Swap(const std::string& expected, const std::string& next) override {
    std::error_code ec;
    std::filesystem::create_directories(dir_, ec);
    int fd = ::open((dir_ + "/.commit.lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return Unavailable("cannot open the commit lock in " + dir_ + ": " + std::strerror(errno));
    while (::flock(fd, LOCK_EX) != 0) {
      if (errno != EINTR) {
        ::close(fd);
        return Unavailable(std::string("cannot lock the table for commit: ") + std::strerror(errno));
      }
    }
    Status st = SwapLocked(expected, next);
    ::flock(fd, LOCK_UN);
    ::close(fd);
    return st;
  }

 private:
  Status SwapLocked(const std::string& expected, const std::string& next) {
    auto current = Current();
    if (current.ok() && *current != expected) {
      return Aborted("the table moved to " + *current + " since " + (expected.empty() ? "creation" : expected) + " was read");
    }
    if (!current.ok() && (current.status().code() != StatusCode::kNotFound || !expected.empty())) {
      return expected.empty() ? current.status() : Aborted("the table's metadata pointer disappeared");
    }
    FLOE_RETURN_IF_ERROR(WriteVersionHint(next));
    return Status::OK();
  }

  std::string dir_;
};

// The version number in "…/00042-<uuid>.metadata.json" or "…/v42.metadata.json", or -1.
int64_t VersionOf(const std::string& path) {
  std::string name = std::filesystem::path(path).filename().string();
  size_t i = name[0] == 'v' ? 1 : 0;
  size_t j = i;
  while (j < name.size() && std::isdigit(static_cast<unsigned char>(name[j]))) ++j;
  if (j == i) return -1;
  return std::stoll(name.substr(i, j - i));
}

std::string Pad5(int64_t v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%05lld", static_cast<long long>(v));
  return buf;
}

}  // namespace

Status WriteVersionHint(const std::string& metadata_file) {
  std::filesystem::path p(metadata_file);
  std::string dir = p.parent_path().string();
  std::string name = p.filename().string();
  if (name.size() <= sizeof(kMetadataSuffix) - 1 ||
      name.compare(name.size() - (sizeof(kMetadataSuffix) - 1), std::string::npos, kMetadataSuffix) != 0) {
    return InvalidArgument("metadata file name must end in .metadata.json: " + name);
  }
  std::string hint = name.substr(0, name.size() - (sizeof(kMetadataSuffix) - 1));
  std::string tmp = dir + "/.version-hint.text." + Uuid::Random().ToString();
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << hint << "\n";
    out.flush();
    if (!out) return Unavailable("cannot write " + tmp);
  }
  int fd = ::open(tmp.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    ::fdatasync(fd);
    ::close(fd);
  }
  if (std::rename(tmp.c_str(), (dir + "/version-hint.text").c_str()) != 0) {
    std::remove(tmp.c_str());
    return Unavailable("cannot replace version-hint.text in " + dir + ": " + std::strerror(errno));
  }
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return Status::OK();
}

std::unique_ptr<MetadataPointer> NewVersionHintPointer(std::string table_location) {
  while (!table_location.empty() && table_location.back() == '/') table_location.pop_back();
  return std::make_unique<VersionHintPointer>(std::move(table_location));
}

int64_t NewSnapshotId(const Uuid& u) {
  uint64_t hi = 0, lo = 0;
  for (int i = 0; i < 8; ++i) hi = (hi << 8) | u.bytes[static_cast<size_t>(i)];
  for (int i = 8; i < 16; ++i) lo = (lo << 8) | u.bytes[static_cast<size_t>(i)];
  int64_t id = static_cast<int64_t>((hi ^ lo) & 0x7FFFFFFFFFFFFFFFull);
  return id == 0 ? 1 : id;
}

Result<std::unique_ptr<Table>> Table::Load(storage::FileIO* io, std::unique_ptr<MetadataPointer> pointer,
                                           Clock* clock) {
  std::unique_ptr<Table> t(new Table(io, std::move(pointer), clock));
  FLOE_RETURN_IF_ERROR(t->Refresh());
  return t;
}

Result<std::unique_ptr<Table>> Table::Create(storage::FileIO* io, std::unique_ptr<MetadataPointer> pointer,
                                             Clock* clock, std::string location, Schema schema, PartitionSpec spec,
                                             std::vector<std::pair<std::string, std::string>> properties,
                                             UuidSource uuids) {
  std::unique_ptr<Table> t(new Table(io, std::move(pointer), clock));
  t->uuids_ = std::move(uuids);
  if (t->pointer_->Current().ok()) return AlreadyExists("an Iceberg table already exists at " + location);
  FLOE_ASSIGN_OR_RETURN(TableMetadata md,
                        TableMetadata::NewTable(std::move(schema), std::move(spec), SortOrder::Unsorted(),
                                                std::move(location), t->NewUuid().ToString(),
                                                clock->NowMillis(), std::move(properties)));
  std::string path = md.location + "/metadata/" + Pad5(0) + "-" + t->NewUuid().ToString() + kMetadataSuffix;
  FLOE_RETURN_IF_ERROR(WriteTableMetadata(io, path, md));
  Status st = t->pointer_->Swap("", path);
  if (!st.ok()) {
    (void)io->Delete(path);
    if (st.code() == StatusCode::kAborted) return AlreadyExists("an Iceberg table was created at " + md.location + " meanwhile");
    return st;
  }
  t->metadata_ = std::move(md);
  t->metadata_location_ = path;
  return t;
}

Status Table::Refresh() {
  FLOE_ASSIGN_OR_RETURN(std::string location, pointer_->Current());
  FLOE_ASSIGN_OR_RETURN(TableMetadata md, ReadTableMetadata(io_, location));
  if (!metadata_.table_uuid.empty() && md.table_uuid != metadata_.table_uuid) {
    return FailedPrecondition("the table's uuid changed from " + metadata_.table_uuid + " to " + md.table_uuid +
                              ": it was replaced by another table");
  }
  metadata_ = std::move(md);
  metadata_location_ = std::move(location);
  return Status::OK();
}

std::string Table::NewMetadataPath(const std::string& file_name) const {
  return metadata_.location + "/metadata/" + file_name;
}

Status Table::Commit(const std::vector<TableRequirement>& requirements, const std::vector<TableUpdate>& updates) {
  FLOE_RETURN_IF_ERROR(CheckRequirements(&metadata_, requirements));
  if (updates.empty()) return Status::OK();  // nothing to change: no new metadata version
  FLOE_ASSIGN_OR_RETURN(TableMetadata next, ApplyUpdates(metadata_, updates, clock_->NowMillis()));
  next.metadata_log.push_back({metadata_.last_updated_ms, metadata_location_});
  int64_t version = VersionOf(metadata_location_);
  std::string path = NewMetadataPath(Pad5(version < 0 ? static_cast<int64_t>(next.metadata_log.size()) : version + 1) +
                                     "-" + NewUuid().ToString() + kMetadataSuffix);
  FLOE_RETURN_IF_ERROR(WriteTableMetadata(io_, path, next));
  Status st = pointer_->Swap(metadata_location_, path);
  if (!st.ok()) {
    // Only a swap that certainly did not happen proves the file unreferenced.
    if (st.code() == StatusCode::kAborted) (void)io_->Delete(path);
    return st;
  }
  metadata_ = std::move(next);
  metadata_location_ = std::move(path);
  return Status::OK();
}

Result<AppendResult> FastAppend(Table* table, std::vector<DataFile> files, const Summary& properties,
                                int max_attempts) {
  if (table->metadata().format_version < 2) {
    return FailedPrecondition("appending to a format v1 table is not supported; upgrade it to v2 first");
  }
  const std::string commit_id = table->NewUuid().ToString();
  const int64_t snapshot_id = NewSnapshotId(table->NewUuid());
  const TableMetadata& first = table->metadata();
  const PartitionSpec* spec = first.DefaultSpec();
  FLOE_ASSIGN_OR_RETURN(auto writer, ManifestWriter::Open(table->io(), table->NewMetadataPath(commit_id + "-m0.avro"),
                                                          *first.CurrentSchema(), *spec, snapshot_id));
  SummaryBuilder summary;
  for (auto& f : files) {
    f.spec_id = spec->spec_id();
    summary.AddDataFile(f.record_count, f.file_size_in_bytes);
    FLOE_RETURN_IF_ERROR(writer->Add(ManifestEntry{EntryStatus::kAdded, {}, {}, {}, std::move(f)}));
  }
  for (const auto& [k, v] : properties) summary.Set(k, v);
  FLOE_ASSIGN_OR_RETURN(ManifestFile added, writer->Close());
  const int32_t spec_id = spec->spec_id();

  for (int attempt = 1; attempt <= max_attempts; ++attempt) {
    if (attempt > 1) FLOE_RETURN_IF_ERROR(table->Refresh());
    const TableMetadata& base = table->metadata();
    if (base.default_spec_id != spec_id) {
      return Aborted("the table's partition spec changed during the append; rewrite the data files");
    }
    const Snapshot* parent = base.CurrentSnapshot();
    int64_t seq = base.last_sequence_number + 1;
    ManifestFile mine = added;
    AssignSequenceNumber(&mine, seq);
    std::vector<ManifestFile> manifests{mine};
    if (parent) {
      if (parent->manifest_list.empty()) return FailedPrecondition("the current snapshot has no manifest list (format v1)");
      FLOE_ASSIGN_OR_RETURN(auto inherited, ReadManifestList(table->io(), parent->manifest_list));
      manifests.insert(manifests.end(), inherited.begin(), inherited.end());
    }
    std::string list_path = table->NewMetadataPath("snap-" + std::to_string(snapshot_id) + "-" +
                                                   std::to_string(attempt) + "-" + commit_id + ".avro");
    FLOE_RETURN_IF_ERROR(WriteManifestList(table->io(), list_path, snapshot_id,
                                           parent ? std::optional<int64_t>(parent->snapshot_id) : std::nullopt, seq,
                                           manifests).status());
    Snapshot snap;
    snap.snapshot_id = snapshot_id;
    if (parent) snap.parent_snapshot_id = parent->snapshot_id;
    snap.sequence_number = seq;
    snap.timestamp_ms = std::max(table->clock()->NowMillis(), base.last_updated_ms);
    snap.manifest_list = list_path;
    snap.summary = summary.Build(kOpAppend, parent);
    snap.schema_id = base.current_schema_id;
    std::vector<TableRequirement> reqs{AssertTableUuid{base.table_uuid},
                                       AssertRefSnapshotId{kMainBranch, base.current_snapshot_id}};
    std::vector<TableUpdate> updates{AddSnapshot{snap},
                                     SetSnapshotRef{kMainBranch, SnapshotRef{snapshot_id, SnapshotRefType::kBranch, {}, {}, {}}}};
    Status st = table->Commit(reqs, updates);
    if (st.ok()) return AppendResult{snapshot_id, seq, attempt};
    if (st.code() != StatusCode::kAborted) return st;
    (void)table->io()->Delete(list_path);
  }
  return Aborted("fast append gave up after " + std::to_string(max_attempts) + " conflicting commits");
}

}  // namespace floe::iceberg
