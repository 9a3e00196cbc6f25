#include "floe/storage/file_io.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
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
  LocalReadFile(std::string path, int fd, int64_t size)
      : path_(std::move(path)), fd_(fd), size_(size) {}
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
  void set_size(int64_t size) { size_ = size; }

 private:
  std::string path_;
  int fd_;
  int64_t size_ = 0;
};

}  // namespace

Result<std::vector<FileInfo>> FileIO::List(const std::string& dir) {
  return FailedPrecondition("this file store cannot list directories (" + dir + ")");
}

Result<FileInfo> FileIO::Stat(const std::string& path) {
  FLOE_ASSIGN_OR_RETURN(auto file, OpenRead(path));
  size_t slash = path.rfind('/');
  return FileInfo{slash == std::string::npos ? path : path.substr(slash + 1), false, file->Size(),
                  0};
}

Result<std::unique_ptr<WritableFile>> FileIO::OpenAppend(const std::string& path, int64_t) {
  return FailedPrecondition("this file store cannot reopen files for append (" + path + ")");
}

Status FileIO::SyncDir(const std::string&) { return Status::OK(); }

Status FileIO::CreateDir(const std::string&) { return Status::OK(); }

Status FileIO::Rename(const std::string& from, const std::string& to) {
  return FailedPrecondition("this file store cannot rename " + from + " to " + to);
}

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

namespace {

FileInfo InfoFromStat(std::string name, const struct stat& st) {
  FileInfo info;
  info.name = std::move(name);
  info.is_dir = S_ISDIR(st.st_mode);
  info.size = info.is_dir ? 0 : static_cast<int64_t>(st.st_size);
  info.modified_ms = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1000000;
  return info;
}

}  // namespace

Result<std::vector<FileInfo>> LocalFileIO::List(const std::string& dir) {
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) return ErrnoStatus("list", dir, errno);
  std::vector<FileInfo> out;
  int dfd = ::dirfd(d);
  while (struct dirent* e = ::readdir(d)) {
    std::string name = e->d_name;
    if (name == "." || name == "..") continue;
    struct stat st;
    if (::fstatat(dfd, e->d_name, &st, 0) != 0) {
      if (errno == ENOENT) continue;  // removed while listing
      int err = errno;
      ::closedir(d);
      return ErrnoStatus("stat", dir + "/" + name, err);
    }
    out.push_back(InfoFromStat(std::move(name), st));
  }
  ::closedir(d);
  std::sort(out.begin(), out.end(),
            [](const FileInfo& a, const FileInfo& b) { return a.name < b.name; });
  return out;
}

Result<FileInfo> LocalFileIO::Stat(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return ErrnoStatus("stat", path, errno);
  return InfoFromStat(std::filesystem::path(path).filename().string(), st);
}

Result<std::unique_ptr<WritableFile>> LocalFileIO::OpenAppend(const std::string& path,
                                                              int64_t truncate_to) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus("open", path, errno);
  struct stat st;
  if (::fstat(fd, &st) != 0 || truncate_to < 0 || truncate_to > st.st_size) {
    int err = errno;
    ::close(fd);
    if (truncate_to < 0 || truncate_to > st.st_size) {
      return InvalidArgument("cannot truncate " + path + " of " + std::to_string(st.st_size) +
                             " bytes to " + std::to_string(truncate_to));
    }
    return ErrnoStatus("stat", path, err);
  }
  if ((truncate_to < st.st_size && ::ftruncate(fd, truncate_to) != 0) ||
      ::lseek(fd, truncate_to, SEEK_SET) < 0) {
    int err = errno;
    ::close(fd);
    return ErrnoStatus("truncate", path, err);
  }
  auto file = std::make_unique<LocalWriteFile>(path, fd);
  file->set_size(truncate_to);
  return std::unique_ptr<WritableFile>(std::move(file));
}

Status LocalFileIO::SyncDir(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus("open directory", dir, errno);
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  if (rc != 0) return ErrnoStatus("sync directory", dir, err);
  return Status::OK();
}

Status LocalFileIO::CreateDir(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return ErrnoStatus("create directory", dir, ec.value());
  return Status::OK();
}

Status LocalFileIO::Rename(const std::string& from, const std::string& to) {
  std::filesystem::path parent = std::filesystem::path(to).parent_path();
  if (!parent.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(parent, ec);
    if (ec) return ErrnoStatus("create directory for", to, ec.value());
  }
  if (::rename(from.c_str(), to.c_str()) != 0)
    return ErrnoStatus("rename " + from + " to", to, errno);
  return Status::OK();
}

struct MemoryFileIO::Node {
  std::mutex mu;
  std::string data;
  size_t synced = 0;
  std::shared_ptr<const std::string> snapshot;  // data as of the last change, made on demand
};

namespace {

class MemoryWritableFile final : public WritableFile {
 public:
  MemoryWritableFile(std::string path, std::shared_ptr<MemoryFileIO::Node> node)
      : path_(std::move(path)), node_(std::move(node)) {
    std::lock_guard<std::mutex> lock(node_->mu);
    size_ = static_cast<int64_t>(node_->data.size());
  }
  Status Append(std::string_view data) override {
    if (closed_) return FailedPrecondition("append to closed file " + path_);
    std::lock_guard<std::mutex> lock(node_->mu);
    node_->data.append(data);
    node_->snapshot.reset();
    size_ = static_cast<int64_t>(node_->data.size());
    return Status::OK();
  }
  Status Sync() override {
    if (closed_) return FailedPrecondition("sync of closed file " + path_);
    std::lock_guard<std::mutex> lock(node_->mu);
    node_->synced = node_->data.size();
    return Status::OK();
  }
  Status Close() override {
    closed_ = true;
    return Status::OK();
  }
  int64_t Size() const override { return size_; }

 private:
  std::string path_;
  std::shared_ptr<MemoryFileIO::Node> node_;
  int64_t size_ = 0;
  bool closed_ = false;
};

std::string BaseName(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

Result<std::unique_ptr<RandomAccessFile>> MemoryFileIO::OpenRead(const std::string& path) {
  std::shared_ptr<Node> node;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = files_.find(path);
    if (it == files_.end()) return NotFound("no such file: " + path);
    node = it->second;
  }
  std::lock_guard<std::mutex> lock(node->mu);
  if (!node->snapshot) node->snapshot = std::make_shared<const std::string>(node->data);
  return std::unique_ptr<RandomAccessFile>(new StringFile(path, node->snapshot));
}

Result<std::unique_ptr<WritableFile>> MemoryFileIO::OpenWrite(const std::string& path) {
  auto node = std::make_shared<Node>();
  {
    std::lock_guard<std::mutex> lock(mu_);
    files_[path] = node;
  }
  return std::unique_ptr<WritableFile>(new MemoryWritableFile(path, std::move(node)));
}

Result<std::unique_ptr<WritableFile>> MemoryFileIO::OpenAppend(const std::string& path,
                                                               int64_t truncate_to) {
  std::shared_ptr<Node> node;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = files_.find(path);
    if (it == files_.end()) return NotFound("no such file: " + path);
    node = it->second;
  }
  {
    std::lock_guard<std::mutex> lock(node->mu);
    if (truncate_to < 0 || static_cast<size_t>(truncate_to) > node->data.size()) {
      return InvalidArgument("cannot truncate " + path + " of " +
                             std::to_string(node->data.size()) + " bytes to " +
                             std::to_string(truncate_to));
    }
    node->data.resize(static_cast<size_t>(truncate_to));
    node->synced = std::min(node->synced, node->data.size());
    node->snapshot.reset();
  }
  return std::unique_ptr<WritableFile>(new MemoryWritableFile(path, std::move(node)));
}

Status MemoryFileIO::Delete(const std::string& path) {
  std::lock_guard<std::mutex> lock(mu_);
  if (files_.erase(path) == 0) return NotFound("no such file: " + path);
  return Status::OK();
}

Status MemoryFileIO::CreateDir(const std::string& dir) {
  std::lock_guard<std::mutex> lock(mu_);
  if (files_.count(dir) > 0) return AlreadyExists("a file is in the way of directory " + dir);
  dirs_.insert(dir);
  return Status::OK();
}

Result<bool> MemoryFileIO::Exists(const std::string& path) {
  std::lock_guard<std::mutex> lock(mu_);
  if (files_.count(path) > 0) return true;
  auto d = dirs_.lower_bound(path);
  if (d != dirs_.end() && (*d == path || d->rfind(path + "/", 0) == 0)) return true;
  auto it = files_.lower_bound(path + "/");
  return it != files_.end() && it->first.rfind(path + "/", 0) == 0;
}

Result<std::vector<FileInfo>> MemoryFileIO::List(const std::string& dir) {
  std::string prefix = dir.empty() || dir.back() == '/' ? dir : dir + "/";
  std::vector<FileInfo> out;
  std::lock_guard<std::mutex> lock(mu_);
  for (auto it = files_.lower_bound(prefix); it != files_.end() && it->first.rfind(prefix, 0) == 0;
       ++it) {
    std::string rest = it->first.substr(prefix.size());
    size_t slash = rest.find('/');
    FileInfo info;
    if (slash == std::string::npos) {
      std::lock_guard<std::mutex> node_lock(it->second->mu);
      info.name = rest;
      info.size = static_cast<int64_t>(it->second->data.size());
    } else {
      info.name = rest.substr(0, slash);
      info.is_dir = true;
      if (!out.empty() && out.back().name == info.name) continue;
    }
    out.push_back(std::move(info));
  }
  for (auto d = dirs_.lower_bound(prefix); d != dirs_.end() && d->rfind(prefix, 0) == 0; ++d) {
    std::string name = d->substr(prefix.size(), d->find('/', prefix.size()) - prefix.size());
    if (name.empty()) continue;
    if (std::none_of(out.begin(), out.end(), [&](const FileInfo& f) { return f.name == name; })) {
      out.push_back(FileInfo{name, true, 0, 0});
    }
  }
  if (out.empty() && !dir.empty() && dirs_.count(dir) == 0)
    return NotFound("no such directory: " + dir);
  std::sort(out.begin(), out.end(),
            [](const FileInfo& a, const FileInfo& b) { return a.name < b.name; });
  return out;
}

Result<FileInfo> MemoryFileIO::Stat(const std::string& path) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = files_.find(path);
    if (it != files_.end()) {
      std::lock_guard<std::mutex> node_lock(it->second->mu);
      return FileInfo{BaseName(path), false, static_cast<int64_t>(it->second->data.size()), 0};
    }
  }
  FLOE_ASSIGN_OR_RETURN(bool dir, Exists(path));
  if (!dir) return NotFound("no such file: " + path);
  return FileInfo{BaseName(path), true, 0, 0};
}

Status MemoryFileIO::Rename(const std::string& from, const std::string& to) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = files_.find(from);
  if (it == files_.end()) return NotFound("no such file: " + from);
  std::shared_ptr<Node> node = it->second;
  files_.erase(it);
  files_[to] = std::move(node);
  return Status::OK();
}

void MemoryFileIO::Put(const std::string& path, std::string contents) {
  auto node = std::make_shared<Node>();
  node->data = std::move(contents);
  node->synced = node->data.size();
  std::lock_guard<std::mutex> lock(mu_);
  files_[path] = std::move(node);
}

Result<std::string> MemoryFileIO::Get(const std::string& path) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = files_.find(path);
  if (it == files_.end()) return NotFound("no such file: " + path);
  std::lock_guard<std::mutex> node_lock(it->second->mu);
  return it->second->data;
}

void MemoryFileIO::DropUnsynced() {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& [path, node] : files_) {
    std::lock_guard<std::mutex> node_lock(node->mu);
    node->data.resize(node->synced);
    node->snapshot.reset();
  }
}

std::unique_ptr<RandomAccessFile> NewStringFile(std::string name, std::string contents) {
  return std::make_unique<StringFile>(std::move(name),
                                      std::make_shared<const std::string>(std::move(contents)));
}

}  // namespace floe::storage
