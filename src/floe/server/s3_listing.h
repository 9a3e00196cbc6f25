// The listing behind ListObjects/ListObjectsV2 over a general bucket directory,
// and the text encodings S3 responses use.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "floe/base/status.h"
#include "floe/storage/file_io.h"

namespace floe::server {

struct ListRequest {
  std::string prefix;
  std::string delimiter;
  std::string marker;  // list only past this key or common prefix (start-after / continuation)
  int64_t max_keys = 1000;
};

struct ListedObject {
  std::string key;
  int64_t size = 0;
  int64_t modified_ms = 0;
};

struct ListPage {
  std::vector<ListedObject> objects;
  std::vector<std::string> common_prefixes;
  bool truncated = false;
  std::string next_marker;  // the last key or common prefix returned, when truncated
};

// Lists the objects under directory `bucket_path` in key (byte) order, rolling
// keys up to common prefixes at the delimiter, keys and prefixes together
// counted against max_keys. Files whose relative paths are not valid object
// keys are skipped.
Result<ListPage> ListBucket(storage::FileIO* io, const std::string& bucket_path,
                            const ListRequest& request);

// Escapes &, <, >, " and ' for XML text.
std::string XmlEscape(const std::string& text);
// Percent-encodes all but unreserved characters and '/', as S3 does for
// encoding-type=url (a space becomes %20).
std::string S3UrlEncode(const std::string& text);
// "2026-11-25T13:00:00.000Z".
std::string IsoTime(int64_t ms);

}  // namespace floe::server
