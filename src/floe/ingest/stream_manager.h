// floe::ingest — the delivery streams of one floe: created, described,
// listed and deleted through the Firehose control plane, kept in the catalog
// (setting kind "delivery-stream"), and reopened (with WAL replay) on start.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "floe/base/status.h"
#include "floe/ingest/delivery_stream.h"

namespace floe::ingest {

class StreamManager {
 public:
  StreamManager(StreamEnv env, std::string region, std::string account_id);
  ~StreamManager();

  // Opens every stored stream, replaying its WAL.
  Status OpenAll();
  // AlreadyExists when the name is taken; InvalidArgument on a bad request.
  Result<std::shared_ptr<DeliveryStream>> Create(const iceberg::Json& request);
  // NotFound (with Firehose's message) when absent.
  Result<std::shared_ptr<DeliveryStream>> Get(const std::string& name);
  std::vector<std::shared_ptr<DeliveryStream>> List();
  // Delivers what the stream holds, then removes it and its WAL.
  Status Delete(const std::string& name);
  // Changes a stream's buffering hints and retry duration in place, stored.
  Status UpdateHints(const std::string& name, int64_t buffer_bytes, int64_t interval_seconds,
                     int64_t retry_seconds);
  // Tags (Firehose TagDeliveryStream / UntagDeliveryStream).
  Status Tag(const std::string& name, const std::vector<std::pair<std::string, std::string>>& tags);
  Status Untag(const std::string& name, const std::vector<std::string>& keys);
  // Stops every stream; `deliver` flushes buffers first.
  void StopAll(bool deliver);

  const std::string& region() const { return region_; }
  const std::string& account_id() const { return account_id_; }

 private:
  Status Save(const StreamConfig& config);
  Status NotFoundError(const std::string& name) const;

  StreamEnv env_;
  std::string region_;
  std::string account_id_;
  std::mutex mu_;
  std::map<std::string, std::shared_ptr<DeliveryStream>> streams_;
};

}  // namespace floe::ingest
