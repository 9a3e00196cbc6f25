// A minimal Firehose producer: PutRecordBatch over the JSON 1.1 protocol
// (POST / with X-Amz-Target: Firehose_20150804.PutRecordBatch), as any SDK sends it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "floe/base/status.h"

namespace httplib {
class Client;
}

namespace floe::generator {

// One entry of RequestResponses: a RecordId, or an ErrorCode and ErrorMessage.
struct PutRecordBatchEntry {
  std::string record_id;
  std::string error_code;
  std::string error_message;
  bool failed() const { return !error_code.empty(); }
};

struct PutRecordBatchResult {
  int failed_put_count = 0;
  std::vector<PutRecordBatchEntry> entries;  // same order as the request's records
};

class FirehoseClient {
 public:
  // `endpoint` is "http://host:port" or "https://host:port".
  static Result<std::unique_ptr<FirehoseClient>> Make(const std::string& endpoint);
  ~FirehoseClient();

  // Sends `records` (raw bytes; base64-encoded here) to `stream`. The whole call
  // fails with Unavailable on a transport error or a 5xx answer (retry it), and
  // with InvalidArgument or NotFound on a 4xx (do not retry); per-record failures
  // come back in the result.
  Result<PutRecordBatchResult> PutRecordBatch(const std::string& stream,
                                              const std::vector<std::string>& records);

 private:
  explicit FirehoseClient(std::unique_ptr<httplib::Client> http);
  std::unique_ptr<httplib::Client> http_;
  std::string endpoint_;
};

}  // namespace floe::generator
