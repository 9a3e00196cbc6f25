// RunGenerator against a fake Firehose endpoint: an httplib::Server on a free port
// that answers PutRecordBatch and fails chosen records.
#include "floe/generator/generator.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "floe/base/base64.h"

namespace floe::generator {
namespace {

using nlohmann::json;

class FakeFirehose {
 public:
  // Decides per record (its JSON text and how often it was seen) whether to fail it.
  std::function<bool(const std::string& record, int seen)> fail_record = [](const std::string&,
                                                                            int) { return false; };
  // Decides per request (0-based) whether the whole call answers 500.
  std::function<bool(int request)> fail_request = [](int) { return false; };
  std::string stream = "demo";

  FakeFirehose() {
    server_.Post("/",
                 [this](const httplib::Request& req, httplib::Response& res) { Handle(req, res); });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~FakeFirehose() {
    server_.stop();
    thread_.join();
  }
  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }

  std::mutex mu;
  std::map<std::string, int> seen;      // record → times received
  std::map<std::string, int> accepted;  // record → times accepted
  std::vector<size_t> batch_sizes;
  int requests = 0;
  std::vector<std::string> protocol_errors;

 private:
  void Handle(const httplib::Request& req, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(mu);
    const int request = requests++;
    if (req.get_header_value("X-Amz-Target") != "Firehose_20150804.PutRecordBatch" ||
        req.get_header_value("Content-Type") != "application/x-amz-json-1.1") {
      protocol_errors.push_back("headers");
    }
    const json body = json::parse(req.body);
    if (body["DeliveryStreamName"] != stream) {
      res.status = 400;
      res.set_content(json{{"__type", "ResourceNotFoundException"},
                           {"message", "Firehose " + body["DeliveryStreamName"].get<std::string>() +
                                           " under account 000000000000 not found."}}
                          .dump(),
                      "application/x-amz-json-1.1");
      return;
    }
    if (fail_request(request)) {
      res.status = 500;
      res.set_content(R"({"__type":"ServiceUnavailableException","message":"Slow down."})",
                      "application/x-amz-json-1.1");
      return;
    }
    batch_sizes.push_back(body["Records"].size());
    json responses = json::array();
    int failed = 0;
    for (const auto& r : body["Records"]) {
      const std::string data = *Base64Decode(r["Data"].get<std::string>());
      const int n = seen[data]++;
      if (fail_record(data, n)) {
        ++failed;
        responses.push_back(
            {{"ErrorCode", "ServiceUnavailableException"}, {"ErrorMessage", "Slow down."}});
      } else {
        ++accepted[data];
        responses.push_back({{"RecordId", "id-" + std::to_string(accepted.size())}});
      }
    }
    res.set_content(
        json{{"FailedPutCount", failed}, {"Encrypted", false}, {"RequestResponses", responses}}
            .dump(),
        "application/x-amz-json-1.1");
  }

  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
};

GeneratorOptions Options(int64_t records) {
  GeneratorOptions o;
  o.stream = "demo";
  o.records = records;
  o.seed = 99;
  o.initial_backoff_ms = 1;
  o.max_backoff_ms = 4;
  return o;
}

TEST(GeneratorTest, SendsBatchesOfFiveHundredAtTheRate) {
  FakeFirehose fake;
  auto client = FirehoseClient::Make(fake.endpoint());
  ASSERT_TRUE(client.ok());
  FakeClock clock(1'700'000'000'000'000);
  std::vector<GeneratorProgress> progress;
  auto result = RunGenerator(Options(1200), client->get(), &clock,
                             [&](const GeneratorProgress& p) { progress.push_back(p); });
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->progress.accepted, 1200);
  EXPECT_EQ(result->progress.failed, 0);
  EXPECT_EQ(fake.batch_sizes, (std::vector<size_t>{500, 500, 200}));
  EXPECT_EQ(fake.accepted.size(), 1200u);  // every reading distinct, each accepted once
  EXPECT_TRUE(fake.protocol_errors.empty());
  // 1,200 records at 200/s take 6 s of (fake) time.
  EXPECT_EQ(result->progress.elapsed_ms, 6000);
  ASSERT_EQ(progress.size(), 3u);
  EXPECT_EQ(progress[0].generated, 500);
}

TEST(GeneratorTest, RetriesOnlyFailedRecords) {
  FakeFirehose fake;
  int index = 0;
  std::map<std::string, int> order;
  // A third of the records fail on their first two tries.
  fake.fail_record = [&](const std::string& record, int seen) {
    if (!order.count(record)) order[record] = index++;
    return order[record] % 3 == 0 && seen < 2;
  };
  auto client = FirehoseClient::Make(fake.endpoint());
  FakeClock clock(0);
  GeneratorOptions o = Options(900);
  o.rate = 0;
  auto result = RunGenerator(o, client->get(), &clock);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->progress.accepted, 900);
  EXPECT_EQ(result->progress.failed, 0);
  EXPECT_EQ(result->progress.retried, 600);  // 300 records × 2 re-sends
  for (const auto& [record, n] : fake.accepted) EXPECT_EQ(n, 1) << record;
  // Re-sends carry only the failed records: 500 + 167 + 167 (first batch), 400 + 133 + 133.
  EXPECT_EQ(fake.batch_sizes, (std::vector<size_t>{500, 167, 167, 400, 133, 133}));
}

TEST(GeneratorTest, GivesUpAfterMaxAttempts) {
  FakeFirehose fake;
  fake.fail_record = [](const std::string& record, int) {
    return record.find("sensor_002") != std::string::npos;
  };
  auto client = FirehoseClient::Make(fake.endpoint());
  FakeClock clock(0);
  GeneratorOptions o = Options(100);
  o.rate = 0;
  o.max_attempts = 3;
  auto result = RunGenerator(o, client->get(), &clock);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->progress.failed, 10);
  EXPECT_EQ(result->progress.accepted, 90);
  EXPECT_EQ(result->last_error, "ServiceUnavailableException: Slow down.");
  for (const auto& [record, n] : fake.seen) {
    if (record.find("sensor_002") != std::string::npos) {
      EXPECT_EQ(n, 3);
    }
  }
}

TEST(GeneratorTest, WholeCallFailuresAreRetried) {
  FakeFirehose fake;
  fake.fail_request = [](int request) { return request < 2; };
  auto client = FirehoseClient::Make(fake.endpoint());
  FakeClock clock(0);
  GeneratorOptions o = Options(10);
  o.rate = 0;
  auto result = RunGenerator(o, client->get(), &clock);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->progress.accepted, 10);
  EXPECT_EQ(result->progress.retried, 20);
  EXPECT_EQ(fake.requests, 3);
}

TEST(GeneratorTest, MissingStreamStopsAtOnce) {
  FakeFirehose fake;
  auto client = FirehoseClient::Make(fake.endpoint());
  FakeClock clock(0);
  GeneratorOptions o = Options(1000);
  o.stream = "nope";
  o.rate = 0;
  auto result = RunGenerator(o, client->get(), &clock);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kNotFound);
  EXPECT_NE(result.status().message().find("Firehose nope under account 000000000000 not found."),
            std::string::npos);
  EXPECT_EQ(fake.requests, 1);
}

TEST(GeneratorTest, UnreachableEndpointIsUnavailable) {
  // Port 1 (tcpmux) is privileged and unused here: the connection is refused at once.
  auto client = FirehoseClient::Make("http://127.0.0.1:1");
  ASSERT_TRUE(client.ok());
  auto answer = (*client)->PutRecordBatch("demo", {"x"});
  ASSERT_FALSE(answer.ok());
  EXPECT_EQ(answer.status().code(), StatusCode::kUnavailable);
  EXPECT_FALSE(FirehoseClient::Make("ftp://example.invalid").ok());
}

}  // namespace
}  // namespace floe::generator
