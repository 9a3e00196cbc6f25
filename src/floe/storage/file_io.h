// floe::storage — all file access goes through FileIO, so tests can run in
// memory and inject faults, and later S3-compatible and encrypting backends can
// be swapped in without touching callers.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "floe/base/status.h"

namespace floe::storage {

// A file opened for positional reads. Thread-safe.
class RandomAccessFile {
 public:
  virtual ~RandomAccessFile() = default;
  virtual int64_t Size() const = 0;
  // Replaces *out with bytes [offset, offset + n). Reading past the end is a
  // DataLoss error naming the file.
  virtual Status ReadAt(int64_t offset, int64_t n, std::string* out) const = 0;
};

// A file being written sequentially. Not thread-safe.
class WritableFile {
 public:
  virtual ~WritableFile() = default;
  virtual Status Append(std::string_view data) = 0;
  // Makes everything appended so far durable.
  virtual Status Sync() = 0;
  virtual Status Close() = 0;
  // Bytes appended so far.
  virtual int64_t Size() const = 0;
};

// One entry of a directory listing, or what Stat reports about a path.
struct FileInfo {
  std::string name;  // the entry's name within its directory (no slashes)
  bool is_dir = false;
  int64_t size = 0;         // bytes; 0 for directories
  int64_t modified_ms = 0;  // last modification, ms since the Unix epoch (0 if unknown)
};

class FileIO {
 public:
  virtual ~FileIO() = default;
  virtual Result<std::unique_ptr<RandomAccessFile>> OpenRead(const std::string& path) = 0;
  // Creates or truncates `path`, creating missing parent directories.
  virtual Result<std::unique_ptr<WritableFile>> OpenWrite(const std::string& path) = 0;
  virtual Status Delete(const std::string& path) = 0;
  virtual Result<bool> Exists(const std::string& path) = 0;

  // The entries directly inside directory `dir`, sorted by name. NotFound when
  // `dir` does not exist. The default fails with FailedPrecondition.
  virtual Result<std::vector<FileInfo>> List(const std::string& dir);
  // What `path` is (name = its last component). NotFound when missing. The
  // default opens the file for reading and reports its size only.
  virtual Result<FileInfo> Stat(const std::string& path);
  // Opens the existing file `path` for appending after cutting it to
  // `truncate_to` bytes (REQUIRES 0 <= truncate_to <= its size), for example
  // to drop a torn tail; the truncation is durable after the file's Sync.
  // The default fails with FailedPrecondition.
  virtual Result<std::unique_ptr<WritableFile>> OpenAppend(const std::string& path,
                                                           int64_t truncate_to);
  // Makes creations, deletions and renames of entries in `dir` durable. The
  // default does nothing (for stores without directories).
  virtual Status SyncDir(const std::string& dir);
  // Creates directory `dir` and its missing parents; OK when it exists. The
  // default does nothing (for stores without directories).
  virtual Status CreateDir(const std::string& dir);
  // Atomically replaces `to` with `from` (both in the same store), creating
  // missing parent directories of `to`. The default fails with FailedPrecondition.
  virtual Status Rename(const std::string& from, const std::string& to);
};

// The local filesystem.
class LocalFileIO final : public FileIO {
 public:
  static LocalFileIO* Default();
  Result<std::unique_ptr<RandomAccessFile>> OpenRead(const std::string& path) override;
  Result<std::unique_ptr<WritableFile>> OpenWrite(const std::string& path) override;
  Status Delete(const std::string& path) override;
  Result<bool> Exists(const std::string& path) override;
  Result<std::vector<FileInfo>> List(const std::string& dir) override;
  Result<FileInfo> Stat(const std::string& path) override;
  Result<std::unique_ptr<WritableFile>> OpenAppend(const std::string& path,
                                                   int64_t truncate_to) override;
  Status SyncDir(const std::string& dir) override;
  Status CreateDir(const std::string& dir) override;
  Status Rename(const std::string& from, const std::string& to) override;
};

// Files held in memory, for tests. As on a local filesystem, OpenWrite creates
// the file at once and appended bytes are visible to readers opened later;
// a reader sees the file as it was when opened. Directories are the parents of
// the files' paths ("a/b/c" lives in "a/b") and those made by CreateDir.
class MemoryFileIO final : public FileIO {
 public:
  Result<std::unique_ptr<RandomAccessFile>> OpenRead(const std::string& path) override;
  Result<std::unique_ptr<WritableFile>> OpenWrite(const std::string& path) override;
  Status Delete(const std::string& path) override;
  Result<bool> Exists(const std::string& path) override;
  Result<std::vector<FileInfo>> List(const std::string& dir) override;
  Result<FileInfo> Stat(const std::string& path) override;
  Result<std::unique_ptr<WritableFile>> OpenAppend(const std::string& path,
                                                   int64_t truncate_to) override;
  Status CreateDir(const std::string& dir) override;
  Status Rename(const std::string& from, const std::string& to) override;

  // Direct access for tests. Put makes the contents durable.
  void Put(const std::string& path, std::string contents);
  Result<std::string> Get(const std::string& path) const;
  // Simulates a power loss: every file is cut back to what its last Sync (or
  // Put) made durable. Writers opened before keep working on the cut file.
  void DropUnsynced();

  struct Node;  // one file's bytes and its durable length

 private:
  mutable std::mutex mu_;
  std::map<std::string, std::shared_ptr<Node>> files_;
  std::set<std::string> dirs_;  // made by CreateDir
};

// A RandomAccessFile over bytes already in memory (a whole file read up front).
std::unique_ptr<RandomAccessFile> NewStringFile(std::string name, std::string contents);

}  // namespace floe::storage
