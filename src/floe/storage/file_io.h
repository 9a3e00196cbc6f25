// floe::storage — all file access goes through FileIO, so tests can run in
// memory and inject faults, and later S3-compatible and encrypting backends can
// be swapped in without touching callers.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
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

class FileIO {
 public:
  virtual ~FileIO() = default;
  virtual Result<std::unique_ptr<RandomAccessFile>> OpenRead(const std::string& path) = 0;
  // Creates or truncates `path`, creating missing parent directories.
  virtual Result<std::unique_ptr<WritableFile>> OpenWrite(const std::string& path) = 0;
  virtual Status Delete(const std::string& path) = 0;
  virtual Result<bool> Exists(const std::string& path) = 0;
};

// The local filesystem.
class LocalFileIO final : public FileIO {
 public:
  static LocalFileIO* Default();
  Result<std::unique_ptr<RandomAccessFile>> OpenRead(const std::string& path) override;
  Result<std::unique_ptr<WritableFile>> OpenWrite(const std::string& path) override;
  Status Delete(const std::string& path) override;
  Result<bool> Exists(const std::string& path) override;
};

// Files held in memory; a closed file becomes visible to readers. For tests.
class MemoryFileIO final : public FileIO {
 public:
  Result<std::unique_ptr<RandomAccessFile>> OpenRead(const std::string& path) override;
  Result<std::unique_ptr<WritableFile>> OpenWrite(const std::string& path) override;
  Status Delete(const std::string& path) override;
  Result<bool> Exists(const std::string& path) override;

  // Direct access for tests.
  void Put(const std::string& path, std::string contents);
  Result<std::string> Get(const std::string& path) const;

 private:
  friend class MemoryWritableFile;
  mutable std::mutex mu_;
  std::map<std::string, std::shared_ptr<const std::string>> files_;
};

// A RandomAccessFile over bytes already in memory (a whole file read up front).
std::unique_ptr<RandomAccessFile> NewStringFile(std::string name, std::string contents);

}  // namespace floe::storage
