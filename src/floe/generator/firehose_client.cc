#include "floe/generator/firehose_client.h"

#include <httplib.h>

#include <nlohmann/json.hpp>

#include "floe/base/base64.h"

namespace floe::generator {
namespace {

constexpr char kTarget[] = "Firehose_20150804.PutRecordBatch";
constexpr char kContentType[] = "application/x-amz-json-1.1";

// "ResourceNotFoundException: Firehose s under account … not found." from an awsJson error body.
std::string ErrorText(const httplib::Result& res) {
  auto body = nlohmann::json::parse(res->body, nullptr, false);
  if (body.is_object()) {
    std::string type = body.value("__type", "");
    if (auto hash = type.find('#'); hash != std::string::npos) type = type.substr(hash + 1);
    std::string message = body.contains("message") && body["message"].is_string()
                              ? body["message"].get<std::string>()
                          : body.contains("Message") && body["Message"].is_string()
                              ? body["Message"].get<std::string>()
                              : "";
    if (!type.empty() || !message.empty())
      return type + (type.empty() || message.empty() ? "" : ": ") + message;
  }
  return "HTTP " + std::to_string(res->status) + " " + res->body.substr(0, 200);
}

}  // namespace

FirehoseClient::FirehoseClient(std::unique_ptr<httplib::Client> http) : http_(std::move(http)) {}
FirehoseClient::~FirehoseClient() = default;

Result<std::unique_ptr<FirehoseClient>> FirehoseClient::Make(const std::string& endpoint) {
  if (endpoint.rfind("http://", 0) != 0 && endpoint.rfind("https://", 0) != 0) {
    return InvalidArgument(
        "endpoint must start with http:// or https:// (for example http://127.0.0.1:9099), got '" +
        endpoint + "'");
  }
  auto http = std::make_unique<httplib::Client>(endpoint);
  if (!http->is_valid()) return InvalidArgument("cannot use endpoint '" + endpoint + "'");
  http->set_connection_timeout(5, 0);
  http->set_read_timeout(30, 0);
  http->set_write_timeout(30, 0);
  http->set_keep_alive(true);
  std::unique_ptr<FirehoseClient> client(new FirehoseClient(std::move(http)));
  client->endpoint_ = endpoint;
  return client;
}

Result<PutRecordBatchResult> FirehoseClient::PutRecordBatch(
    const std::string& stream, const std::vector<std::string>& records) {
  nlohmann::json request{{"DeliveryStreamName", stream}, {"Records", nlohmann::json::array()}};
  for (const auto& r : records) request["Records"].push_back({{"Data", Base64Encode(r)}});
  httplib::Headers headers{{"X-Amz-Target", kTarget}};
  auto res = http_->Post("/", headers, request.dump(), kContentType);
  if (!res) {
    return Unavailable("cannot reach " + endpoint_ + ": " + httplib::to_string(res.error()) +
                       " (is floe serving there?)");
  }
  if (res->status >= 500 || res->status == 429) return Unavailable(ErrorText(res));
  if (res->status >= 400) {
    const std::string text = ErrorText(res);
    if (text.rfind("ResourceNotFoundException", 0) == 0) return NotFound(text);
    return InvalidArgument(text);
  }
  auto body = nlohmann::json::parse(res->body, nullptr, false);
  if (!body.is_object() || !body.contains("RequestResponses") ||
      !body["RequestResponses"].is_array()) {
    return Internal("PutRecordBatch answer without RequestResponses: " + res->body.substr(0, 200));
  }
  PutRecordBatchResult out;
  out.failed_put_count = body.value("FailedPutCount", 0);
  for (const auto& e : body["RequestResponses"]) {
    PutRecordBatchEntry entry;
    if (e.contains("RecordId") && e["RecordId"].is_string()) entry.record_id = e["RecordId"];
    if (e.contains("ErrorCode") && e["ErrorCode"].is_string()) entry.error_code = e["ErrorCode"];
    if (e.contains("ErrorMessage") && e["ErrorMessage"].is_string())
      entry.error_message = e["ErrorMessage"];
    out.entries.push_back(std::move(entry));
  }
  if (out.entries.size() != records.size()) {
    return Internal("PutRecordBatch answered " + std::to_string(out.entries.size()) +
                    " entries for " + std::to_string(records.size()) + " records");
  }
  return out;
}

}  // namespace floe::generator
