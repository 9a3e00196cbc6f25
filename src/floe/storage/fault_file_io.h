// floe::storage — FaultFileIO wraps another FileIO and makes chosen operations
// fail, for tests of code that must survive a full disk, IO errors, torn
// writes and power loss.
//
//   FaultFileIO io(&memory);
//   io.AddRule(FaultRule(FaultOp::kAppend, FaultKind::kNoSpace).Path("/wal/").Nth(3));
//
// Injected errors have the codes LocalFileIO gives the real errno: ENOSPC is
// ResourceExhausted, EIO is Unavailable. Messages start with "injected".
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "floe/storage/file_io.h"

namespace floe::storage {

enum class FaultOp {
  kOpenRead,
  kOpenWrite,
  kOpenAppend,
  kAppend,
  kSync,
  kClose,
  kDelete,
  kRename,
  kList,
  kSyncDir
};

enum class FaultKind {
  kNoSpace,    // ResourceExhausted (ENOSPC); nothing is written
  kIoError,    // Unavailable (EIO); nothing is written or synced
  kTornWrite,  // kAppend only: a prefix of the data reaches the file, then Unavailable (EIO)
};

struct FaultRule {
  FaultRule(FaultOp op, FaultKind kind) : op(op), kind(kind) {}
  FaultRule& Path(std::string contains) {
    path_contains = std::move(contains);
    return *this;
  }
  FaultRule& Nth(int64_t n) {
    nth = n;
    return *this;
  }
  FaultRule& Probability(double p) {
    nth = 0;
    probability = p;
    return *this;
  }
  FaultRule& Times(int64_t n) {
    times = n;
    return *this;
  }
  FaultRule& TornBytes(int64_t n) {
    torn_bytes = n;
    return *this;
  }

  FaultOp op = FaultOp::kAppend;
  FaultKind kind = FaultKind::kIoError;
  std::string path_contains;  // the rule sees only paths containing this (empty: all)
  int64_t nth = 1;            // fails the nth matching operation (1-based); 0: use `probability`
  double probability = 0;     // with nth == 0, the chance that a matching operation fails
  int64_t times = 1;          // failures before the rule is spent (-1: never spent)
  int64_t torn_bytes = -1;    // kTornWrite: bytes written before failing (-1: half the data)
};

class FaultFileIO final : public FileIO {
 public:
  // `base` must outlive this wrapper. `seed` drives probabilistic rules.
  explicit FaultFileIO(FileIO* base, uint64_t seed = 1) : base_(base), rng_(seed) {}

  void AddRule(FaultRule rule);
  void ClearRules();
  // Faults injected so far.
  int64_t injected() const;

  // Simulates a power loss: every file written through this wrapper is cut
  // back to the length its last successful Sync made durable (0 if never
  // synced), and writers opened before fail with FailedPrecondition. Files
  // opened afterwards behave normally.
  Status Crash();

  Result<std::unique_ptr<RandomAccessFile>> OpenRead(const std::string& path) override;
  Result<std::unique_ptr<WritableFile>> OpenWrite(const std::string& path) override;
  Status Delete(const std::string& path) override;
  Result<bool> Exists(const std::string& path) override { return base_->Exists(path); }
  Result<std::vector<FileInfo>> List(const std::string& dir) override;
  Result<FileInfo> Stat(const std::string& path) override { return base_->Stat(path); }
  Result<std::unique_ptr<WritableFile>> OpenAppend(const std::string& path,
                                                   int64_t truncate_to) override;
  Status SyncDir(const std::string& dir) override;
  Status CreateDir(const std::string& dir) override { return base_->CreateDir(dir); }
  Status Rename(const std::string& from, const std::string& to) override;

 private:
  friend class FaultWritableFile;
  struct RuleState {
    FaultRule rule;
    int64_t seen;
    int64_t fired = 0;
  };

  // The rule that fails this operation, if any (counts the operation).
  std::optional<FaultRule> Check(FaultOp op, const std::string& path);
  Status Injected(const FaultRule& rule, FaultOp op, const std::string& path);
  void Track(const std::string& path, int64_t synced);
  void Synced(const std::string& path, int64_t size);
  bool Crashed(uint64_t generation) const;

  FileIO* base_;
  mutable std::mutex mu_;
  std::mt19937_64 rng_;
  std::vector<RuleState> rules_;
  int64_t injected_ = 0;
  uint64_t generation_ = 0;                // bumped by Crash
  std::map<std::string, int64_t> synced_;  // durable length of each file written here
};

}  // namespace floe::storage
