#include "floe/ingest/stream_manager.h"

#include <filesystem>

#include "floe/base/logging.h"
#include "floe/storage/object_store.h"

namespace floe::ingest {
namespace {
constexpr char kStreamSetting[] = "delivery-stream";
constexpr char kPositionSetting[] = "stream-position";
}  // namespace

StreamManager::StreamManager(StreamEnv env, std::string region, std::string account_id)
    : env_(std::move(env)), region_(std::move(region)), account_id_(std::move(account_id)) {}

StreamManager::~StreamManager() { StopAll(true); }

Status StreamManager::NotFoundError(const std::string& name) const {
  return NotFound("Firehose " + name + " under account " + account_id_ + " not found.");
}

Status StreamManager::Save(const StreamConfig& config) {
  return env_.catalog->PutSetting(kStreamSetting, config.name, StreamToJson(config).dump());
}

Status StreamManager::OpenAll() {
  FLOE_ASSIGN_OR_RETURN(auto stored, env_.catalog->ListSettings(kStreamSetting));
  for (const auto& [name, text] : stored) {
    auto j = iceberg::Json::parse(text, nullptr, false);
    if (j.is_discarded()) return DataLoss("stored delivery stream " + name + " is not valid JSON");
    FLOE_ASSIGN_OR_RETURN(StreamConfig config, StreamFromJson(j, region_, account_id_));
    auto stream = DeliveryStream::Open(std::move(config), env_);
    if (!stream.ok()) {
      return Status(stream.status().code(),
                    "cannot open delivery stream " + name + ": " + stream.status().message());
    }
    std::lock_guard<std::mutex> l(mu_);
    streams_[name] = std::shared_ptr<DeliveryStream>(std::move(*stream));
  }
  return Status::OK();
}

Result<std::shared_ptr<DeliveryStream>> StreamManager::Create(const iceberg::Json& request) {
  FLOE_ASSIGN_OR_RETURN(StreamConfig config, ParseCreateRequest(request, region_, account_id_,
                                                                env_.clock->NowMicros() / 1e6));
  std::lock_guard<std::mutex> l(mu_);
  if (streams_.count(config.name)) {
    return AlreadyExists("Firehose " + config.name + " under accountId " + account_id_ +
                         " already exists");
  }
  if (config.table_bucket.empty()) config.table_bucket = env_.default_bucket;
  if (config.table_bucket.empty()) {
    return InvalidArgument(
        "CatalogConfiguration.CatalogARN names no table bucket and floe has none; use "
        "arn:aws:glue:" +
        region_ + ":" + account_id_ + ":catalog/s3tablescatalog/<table-bucket>");
  }
  auto bucket = env_.catalog->GetBucket(config.table_bucket);
  if (!bucket.ok()) {
    return InvalidArgument(
        "Table bucket " + config.table_bucket +
        " does not exist; create it first (CreateTableBucket or floe serve --create-bucket).");
  }
  for (const auto& t : config.tables) {
    auto table = env_.catalog->GetTable(config.table_bucket, t.database, t.table);
    if (!table.ok()) {
      return InvalidArgument("Destination table " + t.database + "." + t.table +
                             " does not exist in table bucket " + config.table_bucket +
                             "; create it before the delivery stream.");
    }
  }
  Status bucket_name = storage::ValidateBucketName(config.error_bucket);
  if (!bucket_name.ok()) {
    return InvalidArgument("S3Configuration.BucketARN: " + bucket_name.message());
  }
  FLOE_RETURN_IF_ERROR(
      storage::ObjectStore(env_.io, env_.buckets_root).CreateBucket(config.error_bucket));
  // A leftover WAL of an earlier stream with this name must not be replayed.
  std::error_code ec;
  std::filesystem::remove_all(env_.wal_root + "/" + config.name, ec);
  (void)env_.catalog->DeleteSetting(kPositionSetting, config.name);
  FLOE_RETURN_IF_ERROR(Save(config));
  auto stream = DeliveryStream::Open(config, env_);
  if (!stream.ok()) {
    (void)env_.catalog->DeleteSetting(kStreamSetting, config.name);
    return stream.status();
  }
  auto shared = std::shared_ptr<DeliveryStream>(std::move(*stream));
  streams_[config.name] = shared;
  return shared;
}

Result<std::shared_ptr<DeliveryStream>> StreamManager::Get(const std::string& name) {
  std::lock_guard<std::mutex> l(mu_);
  auto it = streams_.find(name);
  if (it == streams_.end()) return NotFoundError(name);
  return it->second;
}

std::vector<std::shared_ptr<DeliveryStream>> StreamManager::List() {
  std::lock_guard<std::mutex> l(mu_);
  std::vector<std::shared_ptr<DeliveryStream>> out;
  for (auto& [name, s] : streams_) out.push_back(s);
  return out;
}

Status StreamManager::Delete(const std::string& name) {
  std::shared_ptr<DeliveryStream> stream;
  {
    std::lock_guard<std::mutex> l(mu_);
    auto it = streams_.find(name);
    if (it == streams_.end()) return NotFoundError(name);
    stream = it->second;
    streams_.erase(it);
  }
  stream->Stop(/*deliver=*/true);
  FLOE_RETURN_IF_ERROR(env_.catalog->DeleteSetting(kStreamSetting, name));
  (void)env_.catalog->DeleteSetting(kPositionSetting, name);
  std::error_code ec;
  std::filesystem::remove_all(env_.wal_root + "/" + name, ec);
  return Status::OK();
}

Status StreamManager::UpdateHints(const std::string& name, int64_t buffer_bytes,
                                  int64_t interval_seconds, int64_t retry_seconds) {
  std::lock_guard<std::mutex> l(mu_);
  auto it = streams_.find(name);
  if (it == streams_.end()) return NotFoundError(name);
  it->second->SetHints(buffer_bytes, interval_seconds, retry_seconds);
  StreamConfig c = it->second->config_copy();
  c.destination["BufferingHints"] = {{"SizeInMBs", buffer_bytes >> 20},
                                     {"IntervalInSeconds", interval_seconds}};
  c.destination["RetryOptions"] = {{"DurationInSeconds", retry_seconds}};
  return Save(c);
}

Status StreamManager::Tag(const std::string& name,
                          const std::vector<std::pair<std::string, std::string>>& tags) {
  std::lock_guard<std::mutex> l(mu_);
  auto it = streams_.find(name);
  if (it == streams_.end()) return NotFoundError(name);
  StreamConfig& c = const_cast<StreamConfig&>(it->second->config());
  for (const auto& [k, v] : tags) {
    bool found = false;
    for (auto& tag : c.tags) {
      if (tag.first == k) {
        tag.second = v;
        found = true;
      }
    }
    if (!found) c.tags.emplace_back(k, v);
  }
  if (c.tags.size() > 50) return InvalidArgument("A delivery stream can have at most 50 tags.");
  return Save(c);
}

Status StreamManager::Untag(const std::string& name, const std::vector<std::string>& keys) {
  std::lock_guard<std::mutex> l(mu_);
  auto it = streams_.find(name);
  if (it == streams_.end()) return NotFoundError(name);
  StreamConfig& c = const_cast<StreamConfig&>(it->second->config());
  std::erase_if(c.tags, [&](const auto& t) {
    return std::find(keys.begin(), keys.end(), t.first) != keys.end();
  });
  return Save(c);
}

void StreamManager::StopAll(bool deliver) {
  std::map<std::string, std::shared_ptr<DeliveryStream>> streams;
  {
    std::lock_guard<std::mutex> l(mu_);
    streams = streams_;
  }
  for (auto& [name, s] : streams) s->Stop(deliver);
}

}  // namespace floe::ingest
