#include "floe/app/errors_command.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "floe/base/base64.h"
#include "floe/base/clock.h"
#include "floe/catalog/sqlite_catalog.h"
#include "floe/generator/firehose_client.h"
#include "floe/iceberg/json.h"
#include "floe/ingest/stream_config.h"

namespace floe::app {
namespace {

namespace fs = std::filesystem;
using iceberg::Json;

struct RedriveArgs {
  std::string stream;
  std::string data = "./floe-data";
  std::string endpoint = "http://127.0.0.1:9099";
  bool dry_run = false;
  int max_attempts = 6;
};

int Fail(const std::string& message) {
  std::fprintf(stderr, "floe: error: %s\n", message.c_str());
  return 1;
}

// Error objects of `stream` under <bucket dir>/<prefix>iceberg-failed/, oldest first.
std::vector<fs::path> ErrorObjects(const fs::path& bucket_dir,
                                   const std::vector<std::string>& prefixes,
                                   const std::string& stream) {
  std::vector<fs::path> out;
  for (const auto& prefix : prefixes) {
    fs::path root = bucket_dir / (prefix + "iceberg-failed");
    std::error_code ec;
    if (!fs::is_directory(root, ec)) continue;
    for (const auto& e : fs::recursive_directory_iterator(root, ec)) {
      if (e.is_regular_file() && e.path().filename().string().rfind(stream + "-", 0) == 0)
        out.push_back(e.path());
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Result<std::vector<std::string>> ReadRawRecords(const fs::path& object) {
  std::ifstream in(object, std::ios::binary);
  if (!in) return NotFound("cannot open " + object.string());
  std::vector<std::string> records;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty()) continue;
    Json j = Json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.contains("rawData") || !j["rawData"].is_string()) {
      return DataLoss(object.string() + ":" + std::to_string(n) +
                      ": not an error record (no rawData)");
    }
    FLOE_ASSIGN_OR_RETURN(std::string raw, Base64Decode(j["rawData"].get<std::string>()));
    records.push_back(std::move(raw));
  }
  return records;
}

// Sends the records, re-sending failed ones with backoff. Returns how many never went in.
Result<int64_t> Send(generator::FirehoseClient* client, const std::string& stream,
                     std::vector<std::string> pending, int max_attempts) {
  int64_t backoff_ms = 200;
  for (int attempt = 1; !pending.empty(); ++attempt) {
    std::vector<std::string> again;
    for (size_t from = 0; from < pending.size(); from += 500) {
      std::vector<std::string> batch(pending.begin() + from,
                                     pending.begin() + std::min(pending.size(), from + 500));
      auto r = client->PutRecordBatch(stream, batch);
      if (!r.ok()) {
        if (r.status().code() != StatusCode::kUnavailable) return r.status();
        again.insert(again.end(), batch.begin(), batch.end());
        continue;
      }
      for (size_t i = 0; i < batch.size(); ++i) {
        if (r->entries[i].failed()) again.push_back(batch[i]);
      }
    }
    if (again.empty() || attempt >= max_attempts) return static_cast<int64_t>(again.size());
    SystemClock::Default()->SleepForMicros(backoff_ms * 1000);
    backoff_ms = std::min<int64_t>(backoff_ms * 2, 5000);
    pending = std::move(again);
  }
  return 0;
}

int RunRedrive(const RedriveArgs& a) {
  fs::path data(a.data);
  if (!fs::exists(data / "catalog.db")) {
    return Fail("no floe data directory at " + a.data + " (catalog.db missing); pass --data DIR");
  }
  auto catalog = catalog::SqliteCatalog::Open((data / "catalog.db").string());
  if (!catalog.ok()) return Fail(catalog.status().ToString());
  auto stored = (*catalog)->GetSetting("delivery-stream", a.stream);
  if (!stored.ok()) return Fail("no delivery stream named " + a.stream + " in " + a.data);
  auto config = ingest::StreamFromJson(Json::parse(*stored), "us-east-1", "000000000000");
  if (!config.ok()) return Fail(config.status().ToString());
  std::vector<std::string> prefixes = {config->error_prefix};
  for (const auto& t : config->tables) {
    if (!t.error_prefix.empty()) prefixes.push_back(t.error_prefix);
  }
  const fs::path bucket_dir = data / "buckets" / config->error_bucket;
  auto objects = ErrorObjects(bucket_dir, prefixes, a.stream);
  if (objects.empty()) {
    std::fprintf(stderr, "nothing to redrive: no error objects of %s in s3://%s\n",
                 a.stream.c_str(), config->error_bucket.c_str());
    return 0;
  }
  std::unique_ptr<generator::FirehoseClient> client;
  if (!a.dry_run) {
    auto c = generator::FirehoseClient::Make(a.endpoint);
    if (!c.ok()) return Fail(c.status().ToString());
    client = std::move(*c);
  }
  int64_t sent = 0, kept = 0, moved = 0;
  for (const auto& object : objects) {
    auto records = ReadRawRecords(object);
    if (!records.ok()) return Fail(records.status().ToString());
    std::string key = fs::relative(object, bucket_dir).string();
    if (a.dry_run) {
      std::printf("%s\t%zu\n", key.c_str(), records->size());
      sent += static_cast<int64_t>(records->size());
      continue;
    }
    size_t n = records->size();
    auto left = Send(client.get(), a.stream, std::move(*records), a.max_attempts);
    if (!left.ok()) {
      return Fail("redriving " + key + " failed: " + left.status().ToString() +
                  " (is floe serving at " + a.endpoint + "? set --endpoint)");
    }
    sent += static_cast<int64_t>(n) - *left;
    if (*left > 0) {
      ++kept;
      std::fprintf(stderr, "%s: %lld of %zu records were not accepted; the object is kept\n",
                   key.c_str(), static_cast<long long>(*left), n);
      continue;
    }
    // Done with it: keep it for the record under redriven/, out of the next run's way.
    fs::path to = bucket_dir / "redriven" / key;
    std::error_code ec;
    fs::create_directories(to.parent_path(), ec);
    fs::rename(object, to, ec);
    if (ec) return Fail("cannot move " + key + " to redriven/: " + ec.message());
    ++moved;
  }
  if (a.dry_run) {
    std::fprintf(stderr, "%lld records in %zu objects would be redriven\n",
                 static_cast<long long>(sent), objects.size());
    return 0;
  }
  std::fprintf(
      stderr, "redrove %lld records from %lld objects (moved to s3://%s/redriven/)%s\n",
      static_cast<long long>(sent), static_cast<long long>(moved), config->error_bucket.c_str(),
      kept ? (", kept " + std::to_string(kept) + " objects with records still failing").c_str()
           : "");
  return kept ? 1 : 0;
}

}  // namespace

void AddErrorsCommands(CLI::App& app, int* exit_code) {
  auto* errors = app.add_subcommand(
      "errors", "Work with the records delivery streams put in their error bucket");
  errors->require_subcommand(1);
  auto* redrive = errors->add_subcommand(
      "redrive",
      "Re-send a stream's error-bucket records through its Firehose API (after fixing the cause)");
  auto* a = new RedriveArgs;
  redrive->add_option("STREAM", a->stream, "Delivery stream name")->required();
  redrive->add_option("--data", a->data, "floe data directory (default ./floe-data)");
  redrive->add_option("--endpoint", a->endpoint, "floe server URL (default http://127.0.0.1:9099)");
  redrive->add_flag("--dry-run", a->dry_run, "List the objects and record counts; send nothing");
  redrive
      ->add_option("--max-attempts", a->max_attempts,
                   "Sends per record before giving up (default 6)")
      ->check(CLI::Range(1, 100));
  redrive->callback([=] { *exit_code = RunRedrive(*a); });
}

}  // namespace floe::app
