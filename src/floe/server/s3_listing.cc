#include "floe/server/s3_listing.h"

#include <algorithm>
#include <ctime>

#include "floe/storage/object_store.h"

namespace floe::server {
namespace {

Status Walk(storage::FileIO* io, const std::string& dir, const std::string& key_prefix,
            std::vector<ListedObject>* out) {
  auto entries = io->List(dir);
  if (!entries.ok()) {
    return entries.status().code() == StatusCode::kNotFound ? Status::OK() : entries.status();
  }
  for (const storage::FileInfo& e : *entries) {
    std::string key = key_prefix + e.name;
    if (e.is_dir) {
      FLOE_RETURN_IF_ERROR(Walk(io, dir + "/" + e.name, key + "/", out));
    } else if (storage::ValidateObjectKey(key).ok()) {
      out->push_back(ListedObject{std::move(key), e.size, e.modified_ms});
    }
  }
  return Status::OK();
}

}  // namespace

Result<ListPage> ListBucket(storage::FileIO* io, const std::string& bucket_path,
                            const ListRequest& request) {
  // Walk only the directory the prefix names; the rest of the prefix filters.
  std::string dir_part = request.prefix.substr(0, request.prefix.rfind('/') + 1);
  std::vector<ListedObject> objects;
  if (dir_part.empty() ||
      storage::ValidateObjectKey(dir_part.substr(0, dir_part.size() - 1)).ok()) {
    std::string dir =
        bucket_path + (dir_part.empty() ? "" : "/" + dir_part.substr(0, dir_part.size() - 1));
    FLOE_RETURN_IF_ERROR(Walk(io, dir, dir_part, &objects));
  }
  std::sort(objects.begin(), objects.end(),
            [](const ListedObject& a, const ListedObject& b) { return a.key < b.key; });
  ListPage page;
  std::string last_prefix;
  for (ListedObject& o : objects) {
    if (o.key.compare(0, request.prefix.size(), request.prefix) != 0) continue;
    // The group of a key is the key itself or the common prefix it rolls up to.
    std::string group = o.key;
    bool rolled = false;
    if (!request.delimiter.empty()) {
      size_t at = o.key.find(request.delimiter, request.prefix.size());
      if (at != std::string::npos) {
        group = o.key.substr(0, at + request.delimiter.size());
        rolled = true;
      }
    }
    if (group <= request.marker) continue;
    if (rolled && group == last_prefix) continue;
    if (static_cast<int64_t>(page.objects.size() + page.common_prefixes.size()) >=
        request.max_keys) {
      page.truncated = request.max_keys > 0;  // with max-keys 0 there is no marker to resume from
      break;
    }
    page.next_marker = group;
    if (rolled) {
      last_prefix = group;
      page.common_prefixes.push_back(std::move(group));
    } else {
      page.objects.push_back(std::move(o));
    }
  }
  if (!page.truncated) page.next_marker.clear();
  return page;
}

std::string XmlEscape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string S3UrlEncode(const std::string& text) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~' || c == '/') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::string IsoTime(int64_t ms) {
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm;
  gmtime_r(&secs, &tm);
  char buf[40];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
  char frac[8];
  std::snprintf(frac, sizeof(frac), ".%03dZ", static_cast<int>(ms % 1000));
  return std::string(buf) + frac;
}

}  // namespace floe::server
