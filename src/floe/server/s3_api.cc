#include "floe/server/s3_api.h"

#include <httplib.h>

#include <algorithm>
#include <ctime>
#include <mutex>
#include <unordered_map>

#include "floe/base/base64.h"
#include "floe/base/md5.h"
#include "floe/base/uuid.h"
#include "floe/server/s3_listing.h"
#include "floe/storage/object_store.h"

namespace floe::server {
namespace {

constexpr char kXmlHeader[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
constexpr char kNamespace[] = "http://s3.amazonaws.com/doc/2006-03-01/";
constexpr char kObjectContentType[] =
    "binary/octet-stream";  // S3's type for objects stored without one
constexpr int64_t kChunk = 1 << 20;

std::string RequestId() {
  std::string id = Uuid::Random().ToString();
  id.erase(std::remove(id.begin(), id.end(), '-'), id.end());
  return id.substr(0, 16);
}

std::string HttpDate(int64_t ms) {
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm;
  gmtime_r(&secs, &tm);
  char buf[64];
  std::strftime(buf, sizeof(buf), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

void SendError(httplib::Response& res, const httplib::Request& req, int status,
               const std::string& code, const std::string& message,
               const std::vector<std::pair<std::string, std::string>>& extra = {}) {
  res.status = status;
  std::string request_id = RequestId();
  res.set_header("x-amz-request-id", request_id);
  if (req.method == "HEAD") return;  // S3 answers HEAD errors with the status alone
  std::string xml = kXmlHeader;
  xml += "<Error><Code>" + XmlEscape(code) + "</Code><Message>" + XmlEscape(message) + "</Message>";
  for (const auto& [name, value] : extra)
    xml += "<" + name + ">" + XmlEscape(value) + "</" + name + ">";
  xml += "<RequestId>" + request_id + "</RequestId></Error>";
  res.set_content(xml, "application/xml");
}

void SendXml(httplib::Response& res, std::string xml) {
  res.status = 200;
  res.set_header("x-amz-request-id", RequestId());
  res.set_content(kXmlHeader + xml, "application/xml");
}

// The MD5 ETag of each object, remembered by path, size and mtime so listings
// and repeated reads do not rehash unchanged files.
class EtagCache {
 public:
  Result<std::string> Get(storage::FileIO* io, const std::string& path,
                          const storage::FileInfo& info) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      auto it = entries_.find(path);
      if (it != entries_.end() && it->second.size == info.size &&
          it->second.modified_ms == info.modified_ms) {
        return it->second.etag;
      }
    }
    FLOE_ASSIGN_OR_RETURN(auto file, io->OpenRead(path));
    Md5 md5;
    std::string chunk;
    for (int64_t off = 0; off < file->Size(); off += kChunk) {
      FLOE_RETURN_IF_ERROR(file->ReadAt(off, std::min(kChunk, file->Size() - off), &chunk));
      md5.Update(chunk);
    }
    std::string etag = "\"" + ToHex(md5.Finish()) + "\"";
    std::lock_guard<std::mutex> lock(mu_);
    if (entries_.size() >= kMaxEntries) entries_.clear();
    entries_[path] = Entry{info.size, info.modified_ms, etag};
    return etag;
  }

 private:
  static constexpr size_t kMaxEntries = 100000;
  struct Entry {
    int64_t size;
    int64_t modified_ms;
    std::string etag;
  };
  std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
};

EtagCache* Etags() {
  static EtagCache cache;
  return &cache;
}

struct S3Call {
  const ServerContext* context;
  const httplib::Request& req;
  httplib::Response& res;
  std::string bucket;
  std::string bucket_path;
};

// Checks the bucket name and that it exists; answers the request otherwise.
bool OpenBucket(S3Call* call) {
  if (!storage::ValidateBucketName(call->bucket).ok()) {
    SendError(call->res, call->req, 400, "InvalidBucketName", "The specified bucket is not valid.",
              {{"BucketName", call->bucket}});
    return false;
  }
  call->bucket_path = call->context->buckets_root + "/" + call->bucket;
  auto info = call->context->io->Stat(call->bucket_path);
  if (!info.ok() || !info->is_dir) {
    if (info.ok() || info.status().code() == StatusCode::kNotFound) {
      SendError(call->res, call->req, 404, "NoSuchBucket", "The specified bucket does not exist",
                {{"BucketName", call->bucket}});
    } else {
      SendError(call->res, call->req, 500, "InternalError", info.status().ToString());
    }
    return false;
  }
  return true;
}

// Parses max-keys: 0..1000 (larger asks are cut to 1000, as S3 does).
bool MaxKeys(S3Call* call, int64_t* max_keys) {
  *max_keys = 1000;
  if (!call->req.has_param("max-keys")) return true;
  const std::string text = call->req.get_param_value("max-keys");
  char* end = nullptr;
  long long v = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != 0 || v < 0) {
    SendError(call->res, call->req, 400, "InvalidArgument",
              "Provided max-keys not an integer or within integer range",
              {{"ArgumentName", "max-keys"}, {"ArgumentValue", text}});
    return false;
  }
  *max_keys = std::min<long long>(v, 1000);
  return true;
}

void ListObjects(S3Call* call, bool v2) {
  const httplib::Request& req = call->req;
  ListRequest list;
  list.prefix = req.get_param_value("prefix");
  list.delimiter = req.get_param_value("delimiter");
  std::string encoding = req.get_param_value("encoding-type");
  if (!encoding.empty() && encoding != "url") {
    return SendError(call->res, req, 400, "InvalidArgument",
                     "Invalid Encoding Method specified in Request",
                     {{"ArgumentName", "encoding-type"}, {"ArgumentValue", encoding}});
  }
  if (!MaxKeys(call, &list.max_keys)) return;
  std::string token = req.get_param_value("continuation-token");
  std::string start_after = req.get_param_value(v2 ? "start-after" : "marker");
  if (v2 && req.has_param("continuation-token")) {
    auto marker = Base64Decode(token);
    if (token.empty() || !marker.ok() || marker->empty()) {
      return SendError(call->res, req, 400, "InvalidArgument",
                       "The continuation token provided is incorrect",
                       {{"ArgumentName", "continuation-token"}, {"ArgumentValue", token}});
    }
    list.marker = *marker;
  } else {
    list.marker = start_after;
  }
  auto page = ListBucket(call->context->io, call->bucket_path, list);
  if (!page.ok()) return SendError(call->res, req, 500, "InternalError", page.status().ToString());

  bool url = encoding == "url";
  auto text = [&](const std::string& s) { return XmlEscape(url ? S3UrlEncode(s) : s); };
  auto element = [](const std::string& name, const std::string& value) {
    return "<" + name + ">" + value + "</" + name + ">";
  };
  std::string xml = std::string("<ListBucketResult xmlns=\"") + kNamespace + "\">";
  xml += element("Name", XmlEscape(call->bucket));
  xml += element("Prefix", text(list.prefix));
  if (v2) {
    if (req.has_param("continuation-token")) xml += element("ContinuationToken", XmlEscape(token));
    if (page->truncated)
      xml += element("NextContinuationToken", XmlEscape(Base64Encode(page->next_marker)));
    if (req.has_param("start-after")) xml += element("StartAfter", text(start_after));
    xml += element("KeyCount", std::to_string(page->objects.size() + page->common_prefixes.size()));
  } else {
    xml += element("Marker", text(start_after));
    if (page->truncated && !list.delimiter.empty())
      xml += element("NextMarker", text(page->next_marker));
  }
  xml += element("MaxKeys", std::to_string(list.max_keys));
  if (!list.delimiter.empty()) xml += element("Delimiter", text(list.delimiter));
  if (url) xml += element("EncodingType", "url");
  xml += element("IsTruncated", page->truncated ? "true" : "false");
  for (const ListedObject& o : page->objects) {
    storage::FileInfo info{o.key, false, o.size, o.modified_ms};
    auto etag = Etags()->Get(call->context->io, call->bucket_path + "/" + o.key, info);
    if (!etag.ok())
      return SendError(call->res, req, 500, "InternalError", etag.status().ToString());
    xml += "<Contents>" + element("Key", text(o.key)) +
           element("LastModified", IsoTime(o.modified_ms)) + element("ETag", XmlEscape(*etag)) +
           element("Size", std::to_string(o.size)) + element("StorageClass", "STANDARD") +
           "</Contents>";
  }
  for (const std::string& p : page->common_prefixes)
    xml += "<CommonPrefixes>" + element("Prefix", text(p)) + "</CommonPrefixes>";
  xml += "</ListBucketResult>";
  SendXml(call->res, std::move(xml));
}

void BucketRequest(S3Call* call) {
  if (!OpenBucket(call)) return;
  const httplib::Request& req = call->req;
  if (req.method == "HEAD") {
    call->res.status = 200;
    call->res.set_header("x-amz-request-id", RequestId());
    call->res.set_header("x-amz-bucket-region", call->context->region);
    return;
  }
  if (req.has_param("location")) {
    std::string region =
        call->context->region == "us-east-1" ? "" : XmlEscape(call->context->region);
    return SendXml(call->res, std::string("<LocationConstraint xmlns=\"") + kNamespace + "\">" +
                                  region + "</LocationConstraint>");
  }
  for (const char* sub :
       {"acl", "policy", "versioning", "versions", "uploads", "cors", "lifecycle", "tagging",
        "encryption", "notification", "website", "logging", "replication"}) {
    if (req.has_param(sub)) {
      return SendError(call->res, req, 501, "NotImplemented",
                       std::string("floe's S3 API does not implement ?") + sub +
                           "; it offers ListObjectsV2, ListObjects, GetObject, HeadObject, "
                           "HeadBucket and GetBucketLocation");
    }
  }
  ListObjects(call, req.get_param_value("list-type") == "2");
}

// Parses a single "bytes=a-b" / "bytes=a-" / "bytes=-n" range. Returns false
// when the header should be ignored (absent, malformed or several ranges, as
// S3 does); sets *satisfiable to false for a range outside the object.
bool ParseRange(const std::string& header, int64_t size, int64_t* first, int64_t* last,
                bool* satisfiable) {
  const std::string prefix = "bytes=";
  if (header.rfind(prefix, 0) != 0) return false;
  std::string spec = header.substr(prefix.size());
  size_t dash = spec.find('-');
  if (dash == std::string::npos || spec.find(',') != std::string::npos) return false;
  auto number = [](const std::string& s, int64_t* out) {
    if (s.empty() || s.size() > 18 || s.find_first_not_of("0123456789") != std::string::npos)
      return false;
    *out = std::stoll(s);
    return true;
  };
  std::string a = spec.substr(0, dash), b = spec.substr(dash + 1);
  int64_t x = 0, y = 0;
  *satisfiable = true;
  if (a.empty()) {
    if (!number(b, &y)) return false;
    if (y == 0 || size == 0) return *satisfiable = false, true;
    *first = std::max<int64_t>(0, size - y);
    *last = size - 1;
    return true;
  }
  if (!number(a, &x) || (!b.empty() && !number(b, &y)) || (!b.empty() && y < x)) return false;
  if (x >= size) return *satisfiable = false, true;
  *first = x;
  *last = b.empty() ? size - 1 : std::min(y, size - 1);
  return true;
}

void ObjectRequest(S3Call* call, const std::string& key) {
  if (!OpenBucket(call)) return;
  const httplib::Request& req = call->req;
  httplib::Response& res = call->res;
  if (key.back() ==
      '/') {  // a folder marker: floe keeps folders only as directories, never as objects
    return SendError(res, req, 404, "NoSuchKey", "The specified key does not exist.",
                     {{"Key", key}});
  }
  Status valid = storage::ValidateObjectKey(key);
  if (!valid.ok()) {
    return SendError(res, req, 400, "InvalidArgument",
                     valid.message() + "; floe stores objects as files and cannot serve such a key",
                     {{"ArgumentName", "key"}, {"ArgumentValue", key}});
  }
  std::string path = call->bucket_path + "/" + key;
  auto info = call->context->io->Stat(path);
  if (!info.ok() || info->is_dir) {
    if (info.ok() || info.status().code() == StatusCode::kNotFound) {
      return SendError(res, req, 404, "NoSuchKey", "The specified key does not exist.",
                       {{"Key", key}});
    }
    return SendError(res, req, 500, "InternalError", info.status().ToString());
  }
  auto etag = Etags()->Get(call->context->io, path, *info);
  if (!etag.ok()) return SendError(res, req, 500, "InternalError", etag.status().ToString());
  int64_t size = info->size;
  int64_t first = 0, last = size - 1;
  bool satisfiable = true;
  bool ranged = ParseRange(req.get_header_value("Range"), size, &first, &last, &satisfiable);
  // floe answers ranges itself (S3 rules: clamp the end, ignore malformed
  // headers); clearing the parsed ranges keeps httplib from slicing again.
  const_cast<httplib::Request&>(req).ranges.clear();
  if (ranged && !satisfiable) {
    return SendError(res, req, 416, "InvalidRange", "The requested range is not satisfiable",
                     {{"RangeRequested", req.get_header_value("Range")},
                      {"ActualObjectSize", std::to_string(size)}});
  }
  res.status = ranged ? 206 : 200;
  res.set_header("x-amz-request-id", RequestId());
  res.set_header("ETag", *etag);
  res.set_header("Last-Modified", HttpDate(info->modified_ms));
  res.set_header("Accept-Ranges", "bytes");
  if (ranged) {
    res.set_header("Content-Range", "bytes " + std::to_string(first) + "-" + std::to_string(last) +
                                        "/" + std::to_string(size));
  }
  int64_t length = size == 0 ? 0 : last - first + 1;
  if (length == 0) return res.set_content("", kObjectContentType);
  std::shared_ptr<storage::RandomAccessFile> file;
  if (req.method != "HEAD") {
    auto opened = call->context->io->OpenRead(path);
    if (!opened.ok()) return SendError(res, req, 500, "InternalError", opened.status().ToString());
    file = std::move(opened).value();
    if (file->Size() < first + length) {
      return SendError(res, req, 503, "SlowDown", "the object changed while being read; retry");
    }
  }
  res.set_content_provider(
      static_cast<size_t>(length), kObjectContentType,
      [file, first](size_t offset, size_t n, httplib::DataSink& sink) {
        std::string chunk;
        int64_t take = std::min<int64_t>(static_cast<int64_t>(n), kChunk);
        if (!file->ReadAt(first + static_cast<int64_t>(offset), take, &chunk).ok()) return false;
        return sink.write(chunk.data(), chunk.size());
      });
}

void ReadOnly(const httplib::Request& req, httplib::Response& res) {
  SendError(
      res, req, 403, "AccessDenied",
      "floe serves general buckets read-only over S3; objects in them are written by floe itself "
      "(for example a delivery stream's error output)");
}

}  // namespace

void RegisterS3Api(httplib::Server* server, const ServerContext* context) {
  auto bucket = [context](const httplib::Request& req, httplib::Response& res) {
    S3Call call{context, req, res, req.matches[1].str(), ""};
    BucketRequest(&call);
  };
  auto object = [context](const httplib::Request& req, httplib::Response& res) {
    S3Call call{context, req, res, req.matches[1].str(), ""};
    ObjectRequest(&call, req.matches[2].str());
  };
  // httplib answers HEAD with the GET handlers (headers only).
  server->Get(R"(/([^/]+)/?)", bucket);
  server->Get(R"(/([^/]+)/(.+))", object);
  server->Put(R"(/([^/]+)(/.*)?)", ReadOnly);
  server->Delete(R"(/([^/]+)(/.*)?)", ReadOnly);
}

}  // namespace floe::server
