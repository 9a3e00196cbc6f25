// Test support: a read-only FileIO over the shared Iceberg fixtures that maps a
// table's original path prefix (s3a://…, file://…, relative) to its folder.
#pragma once

#include <filesystem>
#include <string>

#include "floe/storage/file_io.h"

namespace floe::iceberg::testing {

inline std::string Relocate(const std::string& path, const std::string& prefix, const std::filesystem::path& dir) {
  if (path.rfind(prefix, 0) != 0) return path;
  size_t skip = prefix.size() + (path.size() > prefix.size() && path[prefix.size()] == '/' ? 1 : 0);
  return (dir / path.substr(skip)).string();
}

class RelocatingIO final : public storage::FileIO {
 public:
  RelocatingIO(std::string prefix, std::filesystem::path dir) : prefix_(std::move(prefix)), dir_(std::move(dir)) {}
  Result<std::unique_ptr<storage::RandomAccessFile>> OpenRead(const std::string& path) override {
    return storage::LocalFileIO::Default()->OpenRead(Relocate(path, prefix_, dir_));
  }
  Result<std::unique_ptr<storage::WritableFile>> OpenWrite(const std::string& path) override {
    return FailedPrecondition("read-only fixture: " + path);
  }
  Status Delete(const std::string& path) override { return FailedPrecondition("read-only fixture: " + path); }
  Result<bool> Exists(const std::string& path) override {
    return storage::LocalFileIO::Default()->Exists(Relocate(path, prefix_, dir_));
  }

 private:
  std::string prefix_;
  std::filesystem::path dir_;
};

}  // namespace floe::iceberg::testing
