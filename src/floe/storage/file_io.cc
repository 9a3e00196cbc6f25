#include "floe/storage/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace floe::storage {
namespace {

Status ErrnoStatus(const std::string& what, const std::string& path, int err) {
  std::string msg = what + " " + path + ": " + std::strerror(err);
  if (err == ENOENT) return NotFound(std::move(msg));
  if (err == EACCES || err == EPERM) return PermissionDenied(std::move(msg));
  if (err == ENOSPC || err == EDQUOT) return ResourceExhausted(std::move(msg));
  return Unavailable(std::move(msg));
}

class StringFile final : public RandomAccessFile {
 public:
  StringFile(std::string name, std::shared_ptr<const std::string> data)
      : name_(std::move(name)), data_(std::move(data)) {}
  int64_t Size() const override { return static_cast<int64_t>(data_->size()); }
  Status ReadAt(int64_t offset, int64_t n, std::string* out) const override {
    if (offset < 0 || n < 0 || offset > Size() || n > Size() - offset) {
      return DataLoss("read past end of " + name_ + " (offset " + std::to_string(offset) +
                      ", length " + std::to_string(n) + ", size " + std::to_string(Size()) + ")");
    }
    out->assign(*data_, static_cast<size_t>(offset), static_cast<size_t>(n));
    return Status::OK();
  }

 private:
  std::string name_;
  std::shared_ptr<const std::string> data_;
};

class LocalReadFile final : public RandomAccessFile {
 public:
  LocalReadFile(std::string path, int fd, int64_t size) : path_(std::move(path)), fd_(fd), size_(size) {}
  ~LocalReadFile() override { ::close(fd_); }
  int64_t Size() const override { return size_; }
  Status ReadAt(int64_t offset, int64_t n, std::string* out) const override {
    if (offset < 0 || n < 0 || offset > size_ || n > size_ - offset) {
      return DataLoss("read past end of " + path_ + " (offset " + std::to_string(offset) +
                      ", length " + std::to_string(n) + ", size " + std::to_string(size_) + ")");
    }
    out->resize(static_cast<size_t>(n));
    int64_t done = 0;
    while (done < n) {
      ssize_t r = ::pread(fd_, out->data() + done, static_cast<size_t>(n - done), offset + done);
      if (r < 0) {
        if (errno == EINTR) continue;
        return ErrnoStatus("read", path_, errno);
      }
      if (r == 0) return DataLoss("unexpected end of file " + path_);
      done += r;
    }
    return Status::OK();
  }

 private:
  std::string path_;
  int fd_;
  int64_t size_;
};

class LocalWriteFile final : public WritableFile {
 public:
  LocalWriteFile(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  ~LocalWriteFile() override {
    if (fd_ >= 0) ::close(fd_);
  }
  Status Append(std::string_view data) override {
    while (!data.empty()) {
      ssize_t w = ::write(fd_, data.data(), data.size());
      if (w < 0) {
        if (errno == EINTR) continue;
        return ErrnoStatus("write", path_, errno);
      }
      data.remove_prefix(static_cast<size_t>(w));
      size_ += w;
    }
    return Status::OK();
  }
  Status Sync() override {
    if (::fdatasync(fd_) != 0) return ErrnoStatus("sync", path_, errno);
    return Status::OK();
  }
  Status Close() override {
    if (fd_ < 0) return Status::OK();
    int rc = ::close(fd_);
    fd_ = -1;
    if (rc != 0) return ErrnoStatus("close", path_, errno);
    return Status::OK();
  }
  int64_t Size() const override { return size_; }

 private:
  std::string path_;
  int fd_;
  int64_t size_ = 0;
};

}  // namespace

LocalFileIO* LocalFileIO::Default() {
  static LocalFileIO io;
  return &io;
}

Result<std::unique_ptr<RandomAccessFile>> LocalFileIO::OpenRead(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus("open", path, errno);
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return ErrnoStatus("stat", path, err);
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    return InvalidArgument(path + " is a directory, not a file");
  }
  return std::unique_ptr<RandomAccessFile>(new LocalReadFile(path, fd, st.st_size));
}

Result<std::unique_ptr<WritableFile>> LocalFileIO::OpenWrite(const std::string& path) {
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(parent, ec);
    if (ec) return ErrnoStatus("create directory for", path, ec.value());
  }
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoStatus("create", path, errno);
  return std::unique_ptr<WritableFile>(new LocalWriteFile(path, fd));
}

Status LocalFileIO::Delete(const std::string& path) {
  if (::unlink(path.c_str()) != 0) return ErrnoStatus("delete", path, errno);
  return Status::OK();
}

Result<bool> LocalFileIO::Exists(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) == 0) return true;
  if (errno == ENOENT) return false;
  return ErrnoStatus("stat", path, errno);
}

class MemoryWritableFile final : public WritableFile {
 public:
  MemoryWritableFile(MemoryFileIO* io, std::string path) : io_(io), path_(std::move(path)) {}
  Status Append(std::string_view data) override {
    if (closed_) return FailedPrecondition("append to closed file " + path_);
    data_.append(data);
    return Status::OK();
  }
  Status Sync() override { return Status::OK(); }
  Status Close() override {
    if (closed_) return Status::OK();
    closed_ = true;
    io_->Put(path_, std::move(data_));
    return Status::OK();
  }
  int64_t Size() const override { return static_cast<int64_t>(data_.size()); }

 private:
  MemoryFileIO* io_;
  std::string path_;
  std::string data_;
  bool closed_ = false;
};

Result<std::unique_ptr<RandomAccessFile>> MemoryFileIO::OpenRead(const std::string& path) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = files_.find(path);
  if (it == files_.end()) return NotFound("no such file: " + path);
  return std::unique_ptr<RandomAccessFile>(new StringFile(path, it->second));
}

Result<std::unique_ptr<WritableFile>> MemoryFileIO::OpenWrite(const std::string& path) {
  return std::unique_ptr<WritableFile>(new MemoryWritableFile(this, path));
}

Status MemoryFileIO::Delete(const std::string& path) {
  std::lock_guard<std::mutex> lock(mu_);
  if (files_.erase(path) == 0) return NotFound("no such file: " + path);
  return Status::OK();
}

Result<bool> MemoryFileIO::Exists(const std::string& path) {
  std::lock_guard<std::mutex> lock(mu_);
  return files_.count(path) > 0;
}

void MemoryFileIO::Put(const std::string& path, std::string contents) {
  std::lock_guard<std::mutex> lock(mu_);
  files_[path] = std::make_shared<const std::string>(std::move(contents));
}

Result<std::string> MemoryFileIO::Get(const std::string& path) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = files_.find(path);
  if (it == files_.end()) return NotFound("no such file: " + path);
  return *it->second;
}

std::unique_ptr<RandomAccessFile> NewStringFile(std::string name, std::string contents) {
  return std::make_unique<StringFile>(std::move(name),
                                      std::make_shared<const std::string>(std::move(contents)));
}

}  // namespace floe::storage
