// floe::storage — general buckets (S3 buckets that are not table buckets,
// such as a delivery stream's error bucket), kept as plain directories:
// <root>/<bucket>/<key>, where a key's slashes are directories. The S3 read API
// (server/s3_api) serves them; writers inside floe use ObjectStore.
//
// Not every S3 key can be a path, so keys are restricted (ValidateObjectKey):
// no empty, "." or ".." segments, no leading or trailing slash, no NUL or
// backslash, at most 1024 bytes.
#pragma once

#include <string>
#include <string_view>

#include "floe/base/status.h"
#include "floe/storage/file_io.h"

namespace floe::storage {

// S3 general-purpose bucket naming rules: 3–63 characters of lowercase letters,
// digits, '.' and '-', starting and ending with a letter or digit, no "..".
// InvalidArgument naming the rule otherwise.
Status ValidateBucketName(std::string_view bucket);
// InvalidArgument naming the problem when `key` cannot be stored as a path.
Status ValidateObjectKey(std::string_view key);

class ObjectStore {
 public:
  // `io` must outlive the store; `root` is the directory holding the buckets.
  ObjectStore(FileIO* io, std::string root) : io_(io), root_(std::move(root)) {}

  // Creates the bucket's directory; OK when it exists already.
  Status CreateBucket(const std::string& bucket);
  Result<bool> BucketExists(const std::string& bucket);
  // Writes the object atomically: a temporary file under <root>/.tmp is
  // written and synced, then renamed over <root>/<bucket>/<key>, and the
  // key's directory is synced, so readers see the old object or the whole new
  // one, and a returned OK survives a crash. NotFound when the bucket does not exist.
  Status PutObject(const std::string& bucket, const std::string& key, std::string_view bytes);

  // <root>/<bucket> and <root>/<bucket>/<key>; no validation.
  std::string BucketPath(const std::string& bucket) const { return root_ + "/" + bucket; }
  std::string ObjectPath(const std::string& bucket, const std::string& key) const {
    return root_ + "/" + bucket + "/" + key;
  }

 private:
  FileIO* io_;
  std::string root_;
};

}  // namespace floe::storage
