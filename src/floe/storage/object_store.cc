#include "floe/storage/object_store.h"

#include "floe/base/uuid.h"

namespace floe::storage {
namespace {

bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

}  // namespace

Status ValidateBucketName(std::string_view bucket) {
  std::string quoted = "bucket name '" + std::string(bucket) + "'";
  if (bucket.size() < 3 || bucket.size() > 63)
    return InvalidArgument(quoted + " must be 3 to 63 characters long");
  for (char c : bucket) {
    if (!IsLowerAlnum(c) && c != '.' && c != '-') {
      return InvalidArgument(quoted + " may hold only lowercase letters, digits, '.' and '-'");
    }
  }
  if (!IsLowerAlnum(bucket.front()) || !IsLowerAlnum(bucket.back())) {
    return InvalidArgument(quoted + " must start and end with a lowercase letter or digit");
  }
  if (bucket.find("..") != std::string_view::npos)
    return InvalidArgument(quoted + " must not contain '..'");
  return Status::OK();
}

Status ValidateObjectKey(std::string_view key) {
  if (key.empty()) return InvalidArgument("object key is empty");
  if (key.size() > 1024) return InvalidArgument("object key is longer than 1024 bytes");
  std::string quoted = "object key '" + std::string(key) + "'";
  if (key.find('\0') != std::string_view::npos)
    return InvalidArgument("object key contains a NUL byte");
  if (key.find('\\') != std::string_view::npos)
    return InvalidArgument(quoted + " contains a backslash");
  if (key.front() == '/') return InvalidArgument(quoted + " starts with '/'");
  if (key.back() == '/')
    return InvalidArgument(quoted + " ends with '/' (folder markers are not stored)");
  size_t start = 0;
  while (start <= key.size()) {
    size_t end = key.find('/', start);
    if (end == std::string_view::npos) end = key.size();
    std::string_view segment = key.substr(start, end - start);
    if (segment.empty()) return InvalidArgument(quoted + " contains an empty path segment ('//')");
    if (segment == "." || segment == "..") {
      return InvalidArgument(quoted + " contains a '" + std::string(segment) + "' path segment");
    }
    start = end + 1;
  }
  return Status::OK();
}

Status ObjectStore::CreateBucket(const std::string& bucket) {
  FLOE_RETURN_IF_ERROR(ValidateBucketName(bucket));
  FLOE_RETURN_IF_ERROR(io_->CreateDir(BucketPath(bucket)));
  return io_->SyncDir(root_);
}

Result<bool> ObjectStore::BucketExists(const std::string& bucket) {
  FLOE_RETURN_IF_ERROR(ValidateBucketName(bucket));
  return io_->Exists(BucketPath(bucket));
}

Status ObjectStore::PutObject(const std::string& bucket, const std::string& key,
                              std::string_view bytes) {
  FLOE_RETURN_IF_ERROR(ValidateObjectKey(key));
  FLOE_ASSIGN_OR_RETURN(bool exists, BucketExists(bucket));
  if (!exists) return NotFound("bucket " + bucket + " does not exist; create it first");
  std::string tmp = root_ + "/.tmp/" + Uuid::Random().ToString();
  FLOE_ASSIGN_OR_RETURN(auto file, io_->OpenWrite(tmp));
  Status st = file->Append(bytes);
  if (st.ok()) st = file->Sync();
  Status closed = file->Close();
  if (st.ok()) st = closed;
  std::string path = ObjectPath(bucket, key);
  if (st.ok()) st = io_->Rename(tmp, path);
  if (!st.ok()) {
    (void)io_->Delete(tmp);
    return st.WithContext("put s3://" + bucket + "/" + key);
  }
  return io_->SyncDir(path.substr(0, path.rfind('/')));
}

}  // namespace floe::storage
