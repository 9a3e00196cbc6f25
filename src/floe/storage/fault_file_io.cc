#include "floe/storage/fault_file_io.h"

#include <algorithm>

namespace floe::storage {
namespace {

std::string_view OpName(FaultOp op) {
  switch (op) {
    case FaultOp::kOpenRead:
      return "open";
    case FaultOp::kOpenWrite:
      return "create";
    case FaultOp::kOpenAppend:
      return "reopen";
    case FaultOp::kAppend:
      return "write";
    case FaultOp::kSync:
      return "sync";
    case FaultOp::kClose:
      return "close";
    case FaultOp::kDelete:
      return "delete";
    case FaultOp::kRename:
      return "rename";
    case FaultOp::kList:
      return "list";
    case FaultOp::kSyncDir:
      return "sync directory";
  }
  return "?";
}

}  // namespace

class FaultWritableFile final : public WritableFile {
 public:
  FaultWritableFile(FaultFileIO* io, std::string path, std::unique_ptr<WritableFile> base,
                    uint64_t generation)
      : io_(io), path_(std::move(path)), base_(std::move(base)), generation_(generation) {}

  Status Append(std::string_view data) override {
    FLOE_RETURN_IF_ERROR(CheckAlive());
    if (auto rule = io_->Check(FaultOp::kAppend, path_)) {
      if (rule->kind == FaultKind::kTornWrite) {
        int64_t n = rule->torn_bytes < 0
                        ? static_cast<int64_t>(data.size() / 2)
                        : std::min<int64_t>(rule->torn_bytes, static_cast<int64_t>(data.size()));
        FLOE_RETURN_IF_ERROR(base_->Append(data.substr(0, static_cast<size_t>(n))));
      }
      return io_->Injected(*rule, FaultOp::kAppend, path_);
    }
    return base_->Append(data);
  }
  Status Sync() override {
    FLOE_RETURN_IF_ERROR(CheckAlive());
    if (auto rule = io_->Check(FaultOp::kSync, path_))
      return io_->Injected(*rule, FaultOp::kSync, path_);
    FLOE_RETURN_IF_ERROR(base_->Sync());
    io_->Synced(path_, base_->Size());
    return Status::OK();
  }
  Status Close() override {
    if (auto rule = io_->Check(FaultOp::kClose, path_)) {
      (void)base_->Close();
      return io_->Injected(*rule, FaultOp::kClose, path_);
    }
    return base_->Close();
  }
  int64_t Size() const override { return base_->Size(); }

 private:
  Status CheckAlive() const {
    if (io_->Crashed(generation_))
      return FailedPrecondition("file " + path_ + " was open across a simulated crash");
    return Status::OK();
  }

  FaultFileIO* io_;
  std::string path_;
  std::unique_ptr<WritableFile> base_;
  uint64_t generation_;
};

void FaultFileIO::AddRule(FaultRule rule) {
  std::lock_guard<std::mutex> lock(mu_);
  rules_.push_back(RuleState{std::move(rule), 0, 0});
}

void FaultFileIO::ClearRules() {
  std::lock_guard<std::mutex> lock(mu_);
  rules_.clear();
}

int64_t FaultFileIO::injected() const {
  std::lock_guard<std::mutex> lock(mu_);
  return injected_;
}

std::optional<FaultRule> FaultFileIO::Check(FaultOp op, const std::string& path) {
  std::lock_guard<std::mutex> lock(mu_);
  for (RuleState& r : rules_) {
    if (r.rule.op != op || path.find(r.rule.path_contains) == std::string::npos) continue;
    if (r.rule.times >= 0 && r.fired >= r.rule.times) continue;
    ++r.seen;
    bool fire = r.rule.nth > 0
                    ? r.seen >= r.rule.nth
                    : std::uniform_real_distribution<double>(0, 1)(rng_) < r.rule.probability;
    if (fire) {
      ++r.fired;
      ++injected_;
      return r.rule;
    }
  }
  return std::nullopt;
}

Status FaultFileIO::Injected(const FaultRule& rule, FaultOp op, const std::string& path) {
  std::string what = std::string(OpName(op)) + " " + path;
  switch (rule.kind) {
    case FaultKind::kNoSpace:
      return ResourceExhausted("injected " + what + ": No space left on device");
    case FaultKind::kTornWrite:
      return Unavailable("injected torn " + what + ": Input/output error");
    case FaultKind::kIoError:
      break;
  }
  return Unavailable("injected " + what + ": Input/output error");
}

void FaultFileIO::Track(const std::string& path, int64_t synced) {
  std::lock_guard<std::mutex> lock(mu_);
  synced_[path] = synced;
}

void FaultFileIO::Synced(const std::string& path, int64_t size) {
  std::lock_guard<std::mutex> lock(mu_);
  synced_[path] = size;
}

bool FaultFileIO::Crashed(uint64_t generation) const {
  std::lock_guard<std::mutex> lock(mu_);
  return generation != generation_;
}

Status FaultFileIO::Crash() {
  std::map<std::string, int64_t> files;
  {
    std::lock_guard<std::mutex> lock(mu_);
    ++generation_;
    files = synced_;
  }
  for (const auto& [path, synced] : files) {
    FLOE_ASSIGN_OR_RETURN(FileInfo info, base_->Stat(path));
    if (info.size <= synced) continue;
    FLOE_ASSIGN_OR_RETURN(auto file, base_->OpenAppend(path, synced));
    FLOE_RETURN_IF_ERROR(file->Sync());
    FLOE_RETURN_IF_ERROR(file->Close());
  }
  return Status::OK();
}

Result<std::unique_ptr<RandomAccessFile>> FaultFileIO::OpenRead(const std::string& path) {
  if (auto rule = Check(FaultOp::kOpenRead, path)) return Injected(*rule, FaultOp::kOpenRead, path);
  return base_->OpenRead(path);
}

Result<std::unique_ptr<WritableFile>> FaultFileIO::OpenWrite(const std::string& path) {
  if (auto rule = Check(FaultOp::kOpenWrite, path))
    return Injected(*rule, FaultOp::kOpenWrite, path);
  FLOE_ASSIGN_OR_RETURN(auto file, base_->OpenWrite(path));
  Track(path, 0);
  std::lock_guard<std::mutex> lock(mu_);
  return std::unique_ptr<WritableFile>(
      new FaultWritableFile(this, path, std::move(file), generation_));
}

Result<std::unique_ptr<WritableFile>> FaultFileIO::OpenAppend(const std::string& path,
                                                              int64_t truncate_to) {
  if (auto rule = Check(FaultOp::kOpenAppend, path))
    return Injected(*rule, FaultOp::kOpenAppend, path);
  FLOE_ASSIGN_OR_RETURN(auto file, base_->OpenAppend(path, truncate_to));
  std::lock_guard<std::mutex> lock(mu_);
  auto it = synced_.find(path);
  // A file not written through this wrapper is taken as durable as found.
  synced_[path] = it == synced_.end() ? truncate_to : std::min(it->second, truncate_to);
  return std::unique_ptr<WritableFile>(
      new FaultWritableFile(this, path, std::move(file), generation_));
}

Status FaultFileIO::Delete(const std::string& path) {
  if (auto rule = Check(FaultOp::kDelete, path)) return Injected(*rule, FaultOp::kDelete, path);
  FLOE_RETURN_IF_ERROR(base_->Delete(path));
  std::lock_guard<std::mutex> lock(mu_);
  synced_.erase(path);
  return Status::OK();
}

Result<std::vector<FileInfo>> FaultFileIO::List(const std::string& dir) {
  if (auto rule = Check(FaultOp::kList, dir)) return Injected(*rule, FaultOp::kList, dir);
  return base_->List(dir);
}

Status FaultFileIO::SyncDir(const std::string& dir) {
  if (auto rule = Check(FaultOp::kSyncDir, dir)) return Injected(*rule, FaultOp::kSyncDir, dir);
  return base_->SyncDir(dir);
}

Status FaultFileIO::Rename(const std::string& from, const std::string& to) {
  if (auto rule = Check(FaultOp::kRename, from)) return Injected(*rule, FaultOp::kRename, from);
  FLOE_RETURN_IF_ERROR(base_->Rename(from, to));
  std::lock_guard<std::mutex> lock(mu_);
  auto it = synced_.find(from);
  if (it != synced_.end()) {
    synced_[to] = it->second;
    synced_.erase(from);
  }
  return Status::OK();
}

}  // namespace floe::storage
