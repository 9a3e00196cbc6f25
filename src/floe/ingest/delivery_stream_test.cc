#include "floe/ingest/delivery_stream.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "floe/catalog/catalog_pointer.h"
#include "floe/catalog/sqlite_catalog.h"
#include "floe/iceberg/scan.h"
#include "floe/iceberg/table_reader.h"

namespace floe::ingest {
namespace {

namespace fs = std::filesystem;
using iceberg::Json;

class DeliveryStreamTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("floe_delivery_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto opened = catalog::SqliteCatalog::Open((dir_ / "catalog.db").string());
    ASSERT_TRUE(opened.ok());
    catalog_ = std::move(*opened);
    ASSERT_TRUE(catalog_->CreateBucket("lake").ok());
    ASSERT_TRUE(catalog_->CreateNamespace("lake", "iot").ok());
    location_ = (dir_ / "tables/lake/iot/readings").string();
    auto schema = iceberg::SchemaFromJson(
        R"({"type":"struct","fields":[{"id":1,"name":"sensor_id","required":true,"type":"string"},)"
        R"({"id":2,"name":"temperature","required":false,"type":"double"}]})");
    ASSERT_TRUE(schema.ok());
    auto t = iceberg::Table::Create(
        storage::LocalFileIO::Default(),
        catalog::NewCatalogPointer(catalog_.get(), "lake", "iot", "readings", location_),
        SystemClock::Default(), location_, *schema, iceberg::PartitionSpec::Unpartitioned());
    ASSERT_TRUE(t.ok()) << t.status().ToString();
    env_.catalog = catalog_.get();
    env_.io = storage::LocalFileIO::Default();
    env_.clock = SystemClock::Default();
    env_.tables_root = (dir_ / "tables").string();
    env_.buckets_root = (dir_ / "buckets").string();
    env_.wal_root = (dir_ / "wal").string();
    env_.tick_ms = 5;
  }
  void TearDown() override { fs::remove_all(dir_); }

  StreamConfig Config() {
    Json body = Json::parse(R"({
      "DeliveryStreamName": "readings-stream",
      "IcebergDestinationConfiguration": {
        "RoleARN": "arn:aws:iam::000000000000:role/firehose",
        "CatalogConfiguration": {"CatalogARN": "arn:aws:glue:us-east-1:000000000000:catalog/s3tablescatalog/lake"},
        "S3Configuration": {"RoleARN": "arn:aws:iam::000000000000:role/firehose", "BucketARN": "arn:aws:s3:::errors",
                            "ErrorOutputPrefix": "errors/"},
        "BufferingHints": {"SizeInMBs": 1, "IntervalInSeconds": 900},
        "DestinationTableConfigurationList": [{"DestinationDatabaseName": "iot", "DestinationTableName": "readings"}]
      }})");
    auto c = ParseCreateRequest(body, "us-east-1", "000000000000", 1.0);
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    return *c;
  }

  // Rows in the table's current snapshot, by sensor_id.
  std::map<std::string, int> Rows() {
    auto t = iceberg::Table::Load(
        storage::LocalFileIO::Default(),
        catalog::NewCatalogPointer(catalog_.get(), "lake", "iot", "readings", location_),
        SystemClock::Default());
    EXPECT_TRUE(t.ok());
    auto plan = iceberg::PlanScan(storage::LocalFileIO::Default(), (*t)->metadata(), {});
    EXPECT_TRUE(plan.ok()) << plan.status().ToString();
    std::map<std::string, int> out;
    auto read = iceberg::ReadTable(storage::LocalFileIO::Default(), (*t)->metadata(), *plan, {1},
                                   [&](const std::vector<parquet::ColumnVector>& cols) {
                                     for (int64_t i = 0; i < cols[0].length; ++i)
                                       ++out[std::string(cols[0].Bytes(i))];
                                     return Status::OK();
                                   });
    EXPECT_TRUE(read.ok()) << read.status().ToString();
    return out;
  }

  std::vector<std::string> ErrorObjects() {
    std::vector<std::string> out;
    if (!fs::exists(dir_ / "buckets")) return out;
    for (const auto& e : fs::recursive_directory_iterator(dir_ / "buckets")) {
      if (e.is_regular_file()) out.push_back(e.path().string());
    }
    return out;
  }

  static std::vector<std::string> Records(int from, int n) {
    std::vector<std::string> out;
    for (int i = from; i < from + n; ++i) {
      out.push_back(R"({"sensor_id":"s)" + std::to_string(i) + R"(","temperature":)" +
                    std::to_string(i % 40) + "}");
    }
    return out;
  }
  static std::vector<std::string_view> Views(const std::vector<std::string>& v) {
    return {v.begin(), v.end()};
  }

  fs::path dir_;
  std::unique_ptr<catalog::Catalog> catalog_;
  std::string location_;
  StreamEnv env_;
};

TEST_F(DeliveryStreamTest, GoodRecordsAreCommittedAndBadOnesGoToTheErrorBucket) {
  auto s = DeliveryStream::Open(Config(), env_);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  auto records = Records(0, 10);
  records.push_back("not json");
  records.push_back(R"({"temperature": 3})");                        // required sensor_id missing
  records.push_back(R"({"sensor_id": "x", "temperature": "hot"})");  // wrong type
  auto out = (*s)->Put(Views(records));
  ASSERT_EQ(out.size(), 13u);
  for (const auto& o : out)
    EXPECT_EQ(o.error_code, "") << o.error_message;  // Firehose accepts, then fails later
  ASSERT_TRUE((*s)->Flush().ok());
  auto rows = Rows();
  EXPECT_EQ(rows.size(), 10u);
  auto errors = ErrorObjects();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("/errors/errors/iceberg-failed/"), std::string::npos) << errors[0];
  std::ifstream in(errors[0]);
  std::string line;
  std::vector<Json> lines;
  while (std::getline(in, line)) lines.push_back(Json::parse(line));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0]["errorCode"], "Iceberg.InvalidJson");
  EXPECT_EQ(lines[1]["errorCode"], "Iceberg.MissingColumnWithinRecord");
  EXPECT_EQ(lines[2]["errorCode"], "Iceberg.InvalidColumnValue");
  EXPECT_EQ(lines[0]["rawData"], "bm90IGpzb24=");
  EXPECT_EQ(lines[0]["destinationTableName"], "readings");
  EXPECT_EQ((*s)->counters().failed_rows.load(), 3);
  EXPECT_EQ((*s)->counters().delivered_rows.load(), 10);
}

TEST_F(DeliveryStreamTest, RestartReplaysOnlyWhatNoCommitHolds) {
  {
    auto s = DeliveryStream::Open(Config(), env_);
    ASSERT_TRUE(s.ok());
    auto a = Records(0, 100);
    (*s)->Put(Views(a));
    ASSERT_TRUE((*s)->Flush().ok());
    auto b = Records(100, 50);
    (*s)->Put(Views(b));
    (*s)->Stop(/*deliver=*/false);  // a crash: the second batch is only in the WAL
  }
  EXPECT_EQ(Rows().size(), 100u);
  {
    auto s = DeliveryStream::Open(Config(), env_);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    ASSERT_TRUE((*s)->Flush().ok());
  }
  auto rows = Rows();
  EXPECT_EQ(rows.size(), 150u);
  for (const auto& [k, n] : rows) EXPECT_EQ(n, 1) << k;
  // A third start finds nothing to replay.
  {
    auto s = DeliveryStream::Open(Config(), env_);
    ASSERT_TRUE(s.ok());
    ASSERT_TRUE((*s)->Flush().ok());
  }
  EXPECT_EQ(Rows().size(), 150u);
}

TEST_F(DeliveryStreamTest, SizeHintDeliversWithoutAFlush) {
  auto s = DeliveryStream::Open(Config(), env_);  // 1 MiB size hint
  ASSERT_TRUE(s.ok());
  for (int b = 0; b < 40; ++b) {
    auto r = Records(b * 1000, 1000);  // about 40 KB per batch
    (*s)->Put(Views(r));
  }
  for (int i = 0; i < 400 && (*s)->counters().delivery_success.load() == 0; ++i) ::usleep(10000);
  EXPECT_GE((*s)->counters().delivery_success.load(), 1);
}

TEST_F(DeliveryStreamTest, BackpressureAnswersSlowDown) {
  env_.max_pending_bytes = 1000;
  auto s = DeliveryStream::Open(Config(), env_);
  ASSERT_TRUE(s.ok());
  auto r = Records(0, 100);
  auto out = (*s)->Put(Views(r));
  EXPECT_EQ(out[0].error_code, "ServiceUnavailableException");
  EXPECT_EQ(out[0].error_message, "Slow down.");
  EXPECT_EQ((*s)->counters().throttled_records.load(), 100);
}

TEST_F(DeliveryStreamTest, ConcurrentProducersLoseNothing) {
  auto s = DeliveryStream::Open(Config(), env_);
  ASSERT_TRUE(s.ok());
  std::vector<std::thread> producers;
  for (int p = 0; p < 4; ++p) {
    producers.emplace_back([&, p] {
      for (int b = 0; b < 20; ++b) {
        auto r = Records(p * 100000 + b * 50, 50);
        (*s)->Put(Views(r));
        if (b % 7 == 0) (void)(*s)->Flush();
      }
    });
  }
  for (auto& t : producers) t.join();
  ASSERT_TRUE((*s)->Flush().ok());
  auto rows = Rows();
  EXPECT_EQ(rows.size(), 4u * 20 * 50);
  for (const auto& [k, n] : rows) EXPECT_EQ(n, 1) << k;
}

TEST(RouterTest, PathsAndLiterals) {
  auto r = Router::Parse(
      R"({destinationDatabaseName: .route.db, destinationTableName: ."table", operation: "insert"})");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  auto route = r->Evaluate(Json::parse(R"({"route":{"db":"iot"},"table":"readings"})"));
  ASSERT_TRUE(route.ok());
  EXPECT_EQ(route->database, "iot");
  EXPECT_EQ(route->table, "readings");
  EXPECT_FALSE(r->Evaluate(Json::parse(R"({"table":"readings"})")).ok());
  EXPECT_FALSE(Router::Parse("{destinationDatabaseName: .a | ascii_downcase}").ok());
  EXPECT_FALSE(Router::Parse("{destinationTableName: .t}").ok());
}

TEST(StreamConfigTest, ValidatesLikeFirehose) {
  Json body =
      Json::parse(R"({"DeliveryStreamName": "bad name!", "IcebergDestinationConfiguration": {}})");
  EXPECT_EQ(ParseCreateRequest(body, "us-east-1", "000000000000", 0).status().code(),
            StatusCode::kInvalidArgument);
  body = Json::parse(R"({"DeliveryStreamName": "ok", "S3DestinationConfiguration": {}})");
  EXPECT_FALSE(ParseCreateRequest(body, "us-east-1", "000000000000", 0).ok());
  body = Json::parse(R"({"DeliveryStreamName": "ok", "IcebergDestinationConfiguration": {
      "RoleARN": "r", "CatalogConfiguration": {"CatalogARN": "arn:aws:glue:us-east-1:000000000000:catalog"},
      "S3Configuration": {"BucketARN": "arn:aws:s3:::e"}, "BufferingHints": {"SizeInMBs": 129},
      "DestinationTableConfigurationList": [{"DestinationDatabaseName": "a", "DestinationTableName": "b"}]}})");
  auto st = ParseCreateRequest(body, "us-east-1", "000000000000", 0).status();
  EXPECT_NE(st.message().find("SizeInMBs must be between 1 and 128"), std::string::npos)
      << st.ToString();
}

TEST(ErrorOutputTest, KeyLayout) {
  // 2026-11-25 13:04:05 UTC
  EXPECT_EQ(ErrorObjectKey("errors/", "s", 1, 1795611845000, "u"),
            "errors/iceberg-failed/2026/11/25/13/s-1-2026-11-25-13-04-05-u");
  EXPECT_EQ(ErrorObjectKey("x/!{firehose:error-output-type}/", "s", 2, 0, "u"),
            "x/iceberg-failed/s-2-1970-01-01-00-00-00-u");
}

}  // namespace
}  // namespace floe::ingest
