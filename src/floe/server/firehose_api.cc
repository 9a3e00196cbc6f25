#include "floe/server/firehose_api.h"

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <random>

#include "floe/base/base64.h"
#include "floe/iceberg/json.h"

namespace floe::server {
namespace {

using iceberg::Json;

constexpr char kTargetPrefix[] = "Firehose_20150804.";
constexpr size_t kMaxRecords = 500;
constexpr size_t kMaxRecordBytes = 1024000;
constexpr size_t kMaxBatchBytes = 4 << 20;

std::string RequestId() {
  thread_local std::mt19937_64 rng(std::random_device{}());
  static const char* hex = "0123456789abcdef";
  std::string s(36, '-');
  for (size_t i = 0; i < s.size(); ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) continue;
    s[i] = hex[rng() & 15];
  }
  return s;
}

// An opaque record id, as long and as base64-looking as Firehose's.
std::string RecordId() {
  thread_local std::mt19937_64 rng(std::random_device{}());
  std::string raw(48, '\0');
  for (size_t i = 0; i < raw.size(); i += 8) {
    uint64_t v = rng();
    for (size_t b = 0; b < 8; ++b) raw[i + b] = static_cast<char>(v >> (8 * b));
  }
  return Base64Encode(raw);
}

void Reply(httplib::Response& res, int status, const Json& body) {
  res.status = status;
  res.set_header("x-amzn-RequestId", RequestId());
  res.set_content(body.dump(-1, ' ', false, Json::error_handler_t::replace),
                  "application/x-amz-json-1.1");
}

void Error(httplib::Response& res, int status, const std::string& type,
           const std::string& message) {
  Reply(res, status, Json{{"__type", type}, {"message", message}});
}

// Maps a Status from the ingest layer onto Firehose's error shapes.
void ErrorFrom(httplib::Response& res, const Status& st) {
  switch (st.code()) {
    case StatusCode::kNotFound:
      return Error(res, 400, "ResourceNotFoundException", st.message());
    case StatusCode::kAlreadyExists:
      return Error(res, 400, "ResourceInUseException", st.message());
    case StatusCode::kInvalidArgument:
      return Error(res, 400, "InvalidArgumentException", st.message());
    case StatusCode::kResourceExhausted:
      return Error(res, 400, "LimitExceededException", st.message());
    case StatusCode::kUnavailable:
      return Error(res, 500, "ServiceUnavailableException", st.message());
    default:
      return Error(res, 500, "InternalFailure", st.message());
  }
}

// The PutRecordBatch body as the SDKs send it: {"DeliveryStreamName":"…",
// "Records":[{"Data":"<base64>"},…]} in either key order. Returns false for
// anything else, and the caller falls back to the JSON parser.
class BatchScanner {
 public:
  explicit BatchScanner(std::string_view s) : s_(s) {}
  bool Scan(std::string_view* name, std::vector<std::string_view>* data) {
    bool have_name = false, have_records = false;
    if (!Eat('{')) return false;
    do {
      std::string_view key;
      if (!Str(&key) || !Eat(':')) return false;
      if (key == "DeliveryStreamName" && !have_name) {
        if (!Str(name)) return false;
        have_name = true;
      } else if (key == "Records" && !have_records) {
        if (!Eat('[')) return false;
        if (!Eat(']')) {
          do {
            std::string_view k, v;
            if (!Eat('{') || !Str(&k) || k != "Data" || !Eat(':') || !Str(&v) || !Eat('}'))
              return false;
            data->push_back(v);
          } while (Eat(','));
          if (!Eat(']')) return false;
        }
        have_records = true;
      } else {
        return false;
      }
    } while (Eat(','));
    if (!Eat('}')) return false;
    Ws();
    return i_ == s_.size() && have_name && have_records;
  }

 private:
  void Ws() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\r' || s_[i_] == '\t'))
      ++i_;
  }
  bool Eat(char c) {
    Ws();
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  // A string without escapes or control characters.
  bool Str(std::string_view* out) {
    if (!Eat('"')) return false;
    size_t start = i_;
    while (i_ < s_.size() && s_[i_] != '"') {
      unsigned char c = static_cast<unsigned char>(s_[i_]);
      if (c == '\\' || c < 0x20 || c >= 0x80) return false;
      ++i_;
    }
    if (i_ >= s_.size()) return false;
    *out = s_.substr(start, i_ - start);
    ++i_;
    return true;
  }
  std::string_view s_;
  size_t i_ = 0;
};

std::string Name(const Json& body) {
  auto it = body.find("DeliveryStreamName");
  return it != body.end() && it->is_string() ? it->get<std::string>() : std::string();
}

class Api {
 public:
  Api(const ServerContext* context, ingest::StreamManager* streams)
      : context_(context), streams_(streams) {}

  void Handle(const httplib::Request& req, httplib::Response& res) {
    const auto started = std::chrono::steady_clock::now();
    std::string target = req.get_header_value("X-Amz-Target");
    if (target.rfind(kTargetPrefix, 0) != 0) {
      return Error(res, 400, "UnknownOperationException",
                   "Missing or unknown X-Amz-Target; Firehose requests carry X-Amz-Target: "
                   "Firehose_20150804.<Operation>");
    }
    std::string op = target.substr(sizeof(kTargetPrefix) - 1);
    if (op == "PutRecordBatch") {
      std::string_view name;
      std::vector<std::string_view> data;
      if (BatchScanner(req.body).Scan(&name, &data))
        return PutRecordBatchFast(std::string(name), data, res, started);
    }
    Json body = Json::parse(req.body, nullptr, false);
    if (body.is_discarded() || !body.is_object()) {
      return Error(res, 400, "SerializationException",
                   "The request body is not a valid JSON object.");
    }
    if (op == "PutRecordBatch") return PutRecordBatch(body, res, started);
    if (op == "PutRecord") return PutRecord(body, res);
    if (op == "CreateDeliveryStream") return Create(body, res);
    if (op == "DescribeDeliveryStream") return Describe(body, res);
    if (op == "ListDeliveryStreams") return List(body, res);
    if (op == "DeleteDeliveryStream") return Delete(body, res);
    if (op == "TagDeliveryStream") return TagStream(body, res);
    if (op == "UntagDeliveryStream") return UntagStream(body, res);
    if (op == "ListTagsForDeliveryStream") return ListTags(body, res);
    if (op == "UpdateDestination" || op == "StartDeliveryStreamEncryption" ||
        op == "StopDeliveryStreamEncryption") {
      return Error(
          res, 400, "InvalidArgumentException",
          op + " is not supported by floe yet; delete and re-create the stream to change it.");
    }
    return Error(res, 400, "UnknownOperationException",
                 "Operation " + op + " is not a Firehose operation.");
  }

 private:
  // Decodes Records[].Data. Sets an error response and returns false on bad input.
  bool DecodeRecords(const Json& list, std::vector<std::string>* out, httplib::Response& res) {
    size_t total = 0;
    out->reserve(list.size());
    for (size_t i = 0; i < list.size(); ++i) {
      const Json& r = list[i];
      auto data = r.is_object() ? r.find("Data") : r.end();
      if (!r.is_object() || data == r.end() || !data->is_string()) {
        Error(res, 400, "SerializationException",
              "Records[" + std::to_string(i) + "].Data must be a base64 string.");
        return false;
      }
      auto decoded = Base64Decode(data->get_ref<const std::string&>());
      if (!decoded.ok()) {
        Error(res, 400, "SerializationException",
              "Records[" + std::to_string(i) +
                  "].Data is not valid base64: " + decoded.status().message());
        return false;
      }
      if (decoded->size() > kMaxRecordBytes) {
        Error(res, 400, "ValidationException",
              "1 validation error detected: Value at 'records." + std::to_string(i + 1) +
                  ".member.data' failed to satisfy constraint: Member must have length less than "
                  "or equal to 1024000");
        return false;
      }
      total += decoded->size();
      out->push_back(std::move(*decoded));
    }
    if (total > kMaxBatchBytes) {
      Error(res, 400, "InvalidArgumentException", "Records size exceeds 4 MB limit");
      return false;
    }
    return true;
  }

  static double Seconds(std::chrono::steady_clock::time_point since) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
  }

  // PutRecordBatch from a scanned body: the same checks, without a JSON tree.
  void PutRecordBatchFast(const std::string& name, const std::vector<std::string_view>& b64,
                          httplib::Response& res, std::chrono::steady_clock::time_point started) {
    if (b64.empty() || b64.size() > kMaxRecords) {
      return Error(res, 400, "ValidationException",
                   std::string("1 validation error detected: Value at 'records' failed to satisfy "
                               "constraint: Member "
                               "must have length ") +
                       (b64.empty() ? "greater than or equal to 1" : "less than or equal to 500"));
    }
    auto stream = streams_->Get(name);
    if (!stream.ok()) return ErrorFrom(res, stream.status());
    std::vector<std::string> data;
    data.reserve(b64.size());
    size_t total = 0;
    for (size_t i = 0; i < b64.size(); ++i) {
      auto decoded = Base64Decode(b64[i]);
      if (!decoded.ok()) {
        return Error(res, 400, "SerializationException",
                     "Records[" + std::to_string(i) +
                         "].Data is not valid base64: " + decoded.status().message());
      }
      if (decoded->size() > kMaxRecordBytes) {
        return Error(res, 400, "ValidationException",
                     "1 validation error detected: Value at 'records." + std::to_string(i + 1) +
                         ".member.data' failed to satisfy constraint: Member must have length less "
                         "than or equal to "
                         "1024000");
      }
      total += decoded->size();
      data.push_back(std::move(*decoded));
    }
    if (total > kMaxBatchBytes)
      return Error(res, 400, "InvalidArgumentException", "Records size exceeds 4 MB limit");
    std::vector<std::string_view> views(data.begin(), data.end());
    auto outcomes = (*stream)->Put(views);
    (*stream)->ObserveLatency(Seconds(started));
    int failed = 0;
    std::string entries;
    entries.reserve(outcomes.size() * 80);
    for (size_t i = 0; i < outcomes.size(); ++i) {
      if (i) entries += ',';
      const auto& o = outcomes[i];
      if (o.error_code.empty()) {
        entries += "{\"RecordId\":\"" + RecordId() + "\"}";
      } else {
        ++failed;
        entries += Json{{"ErrorCode", o.error_code}, {"ErrorMessage", o.error_message}}.dump();
      }
    }
    std::string out = "{\"FailedPutCount\":" + std::to_string(failed) +
                      ",\"Encrypted\":" + ((*stream)->config().encrypted ? "true" : "false") +
                      ",\"RequestResponses\":[" + entries + "]}";
    res.status = 200;
    res.set_header("x-amzn-RequestId", RequestId());
    res.set_content(std::move(out), "application/x-amz-json-1.1");
  }

  void PutRecordBatch(const Json& body, httplib::Response& res,
                      std::chrono::steady_clock::time_point started) {
    auto records = body.find("Records");
    if (records == body.end() || !records->is_array()) {
      return Error(res, 400, "ValidationException",
                   "1 validation error detected: Value null at 'records' failed to satisfy "
                   "constraint: Member must "
                   "not be null");
    }
    if (records->empty() || records->size() > kMaxRecords) {
      return Error(
          res, 400, "ValidationException",
          std::string("1 validation error detected: Value at 'records' failed to satisfy "
                      "constraint: Member "
                      "must have length ") +
              (records->empty() ? "greater than or equal to 1" : "less than or equal to 500"));
    }
    auto stream = streams_->Get(Name(body));
    if (!stream.ok()) return ErrorFrom(res, stream.status());
    std::vector<std::string> data;
    if (!DecodeRecords(*records, &data, res)) return;
    std::vector<std::string_view> views(data.begin(), data.end());
    auto outcomes = (*stream)->Put(views);
    (*stream)->ObserveLatency(Seconds(started));
    Json responses = Json::array();
    int failed = 0;
    for (const auto& o : outcomes) {
      if (o.error_code.empty()) {
        responses.push_back({{"RecordId", RecordId()}});
      } else {
        ++failed;
        responses.push_back({{"ErrorCode", o.error_code}, {"ErrorMessage", o.error_message}});
      }
    }
    Reply(res, 200,
          Json{{"FailedPutCount", failed},
               {"Encrypted", (*stream)->config().encrypted},
               {"RequestResponses", std::move(responses)}});
  }

  void PutRecord(const Json& body, httplib::Response& res) {
    auto record = body.find("Record");
    if (record == body.end() || !record->is_object()) {
      return Error(res, 400, "ValidationException",
                   "1 validation error detected: Value null at 'record' failed to satisfy "
                   "constraint: Member must "
                   "not be null");
    }
    auto stream = streams_->Get(Name(body));
    if (!stream.ok()) return ErrorFrom(res, stream.status());
    std::vector<std::string> data;
    if (!DecodeRecords(Json::array({*record}), &data, res)) return;
    std::vector<std::string_view> views(data.begin(), data.end());
    auto outcomes = (*stream)->Put(views);
    const auto& o = outcomes[0];
    if (!o.error_code.empty()) {
      return Error(res, 500,
                   o.error_code == "ServiceUnavailableException" ? o.error_code : "InternalFailure",
                   o.error_message);
    }
    Reply(res, 200, Json{{"RecordId", RecordId()}, {"Encrypted", (*stream)->config().encrypted}});
  }

  void Create(const Json& body, httplib::Response& res) {
    auto stream = streams_->Create(body);
    if (!stream.ok()) return ErrorFrom(res, stream.status());
    Reply(res, 200, Json{{"DeliveryStreamARN", (*stream)->config().arn}});
  }

  void Describe(const Json& body, httplib::Response& res) {
    auto stream = streams_->Get(Name(body));
    if (!stream.ok()) return ErrorFrom(res, stream.status());
    Reply(
        res, 200,
        Json{{"DeliveryStreamDescription", ingest::DescribeStream((*stream)->config(), "ACTIVE")}});
  }

  void List(const Json& body, httplib::Response& res) {
    int64_t limit = 10;
    if (body.contains("Limit")) {
      if (!body["Limit"].is_number_integer() || body["Limit"].get<int64_t>() < 1 ||
          body["Limit"].get<int64_t>() > 10000) {
        return Error(res, 400, "ValidationException",
                     "1 validation error detected: Value at 'limit' failed to satisfy constraint: "
                     "Member must have "
                     "value between 1 and 10000");
      }
      limit = body["Limit"].get<int64_t>();
    }
    std::string after = body.value("ExclusiveStartDeliveryStreamName", "");
    std::string type = body.value("DeliveryStreamType", "");
    Json names = Json::array();
    bool more = false;
    for (const auto& s : streams_->List()) {
      const auto& c = s->config();
      if (!after.empty() && c.name <= after) continue;
      if (!type.empty() && c.type != type) continue;
      if (static_cast<int64_t>(names.size()) == limit) {
        more = true;
        break;
      }
      names.push_back(c.name);
    }
    Reply(res, 200,
          Json{{"DeliveryStreamNames", std::move(names)}, {"HasMoreDeliveryStreams", more}});
  }

  void Delete(const Json& body, httplib::Response& res) {
    Status st = streams_->Delete(Name(body));
    if (!st.ok()) return ErrorFrom(res, st);
    Reply(res, 200, Json::object());
  }

  void TagStream(const Json& body, httplib::Response& res) {
    std::vector<std::pair<std::string, std::string>> tags;
    if (!body.contains("Tags") || !body["Tags"].is_array() || body["Tags"].empty()) {
      return Error(res, 400, "ValidationException",
                   "1 validation error detected: Value at 'tags' failed to satisfy constraint: "
                   "Member must have "
                   "length greater than or equal to 1");
    }
    for (const auto& t : body["Tags"]) tags.emplace_back(t.value("Key", ""), t.value("Value", ""));
    Status st = streams_->Tag(Name(body), tags);
    if (!st.ok()) return ErrorFrom(res, st);
    Reply(res, 200, Json::object());
  }

  void UntagStream(const Json& body, httplib::Response& res) {
    std::vector<std::string> keys;
    if (body.contains("TagKeys") && body["TagKeys"].is_array()) {
      for (const auto& k : body["TagKeys"]) {
        if (k.is_string()) keys.push_back(k.get<std::string>());
      }
    }
    Status st = streams_->Untag(Name(body), keys);
    if (!st.ok()) return ErrorFrom(res, st);
    Reply(res, 200, Json::object());
  }

  void ListTags(const Json& body, httplib::Response& res) {
    auto stream = streams_->Get(Name(body));
    if (!stream.ok()) return ErrorFrom(res, stream.status());
    Json tags = Json::array();
    for (const auto& [k, v] : (*stream)->config().tags) tags.push_back({{"Key", k}, {"Value", v}});
    Reply(res, 200, Json{{"Tags", std::move(tags)}, {"HasMoreTags", false}});
  }

  const ServerContext* context_;
  ingest::StreamManager* streams_;
};

}  // namespace

void RegisterFirehoseApi(httplib::Server* server, const ServerContext* context,
                         ingest::StreamManager* streams) {
  auto api = std::make_shared<Api>(context, streams);
  server->Post(
      "/", [api](const httplib::Request& req, httplib::Response& res) { api->Handle(req, res); });
}

}  // namespace floe::server
