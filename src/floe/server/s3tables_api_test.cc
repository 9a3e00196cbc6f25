// The settings the S3 Tables API stores are the documents the maintenance
// scheduler reads (kinds, keys and JSON shapes), and the job status the
// scheduler writes is what GetTableMaintenanceJobStatus serves.
#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>

#include "floe/base/uuid.h"
#include "floe/iceberg/json.h"
#include "floe/server/s3tables_arn.h"
#include "floe/server/s3tables_settings.h"
#include "floe/server/server.h"

namespace floe::server {
namespace {

using iceberg::Json;

class S3TablesApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("floe-s3t-" + Uuid::Random().ToString());
    auto s = Server::Start(ServerOptions{dir_.string(), "127.0.0.1", 0});
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    server_ = std::move(*s);
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
    arn_ = PercentEncode(FormatBucketArn("us-east-1", "000000000000", "bkt"));
    ASSERT_EQ(Call("PUT", "/buckets", R"({"name":"bkt"})").first, 200);
    ASSERT_EQ(Call("PUT", "/namespaces/" + arn_, R"({"namespace":["ns"]})").first, 200);
    ASSERT_EQ(Call("PUT", "/tables/" + arn_ + "/ns", R"({"name":"t","format":"ICEBERG"})").first,
              200);
  }
  void TearDown() override {
    server_.reset();
    std::filesystem::remove_all(dir_);
  }

  // (status, body as JSON or null)
  std::pair<int, Json> Call(const std::string& method, const std::string& path,
                            const std::string& body = "") {
    httplib::Result r = method == "PUT"      ? client_->Put(path, body, "application/json")
                        : method == "DELETE" ? client_->Delete(path)
                                             : client_->Get(path);
    if (!r) return {0, Json()};
    return {r->status, r->body.empty() ? Json() : Json::parse(r->body, nullptr, false)};
  }

  Json Stored(const char* kind, const std::string& key) {
    auto text = server_->catalog()->GetSetting(kind, key);
    if (!text.ok()) return Json();
    return Json::parse(*text);
  }

  std::filesystem::path dir_;
  std::unique_ptr<Server> server_;
  std::unique_ptr<httplib::Client> client_;
  std::string arn_;
};

TEST_F(S3TablesApiTest, StoresMaintenanceInTheSchedulersShapes) {
  const std::string table = "/tables/" + arn_ + "/ns/t/maintenance/";
  EXPECT_EQ(
      Call(
          "PUT", table + "icebergCompaction",
          R"({"value":{"status":"enabled","settings":{"icebergCompaction":{"targetFileSizeMB":256}}}})")
          .first,
      204);
  EXPECT_EQ(
      Call("PUT", table + "icebergSnapshotManagement", R"({"value":{"status":"disabled"}})").first,
      204);
  EXPECT_EQ(Stored(kTableMaintenanceKind, "bkt/ns/t"),
            Json::parse(R"({"icebergCompaction":{"status":"enabled","settings":{"icebergCompaction":
                           {"targetFileSizeMB":256,"strategy":"auto"}}},
                           "icebergSnapshotManagement":{"status":"disabled","settings":{"icebergSnapshotManagement":
                           {"minSnapshotsToKeep":1,"maxSnapshotAgeHours":120}}}})"));
  // A rejected put leaves the document alone.
  EXPECT_EQ(
      Call(
          "PUT", table + "icebergCompaction",
          R"({"value":{"status":"enabled","settings":{"icebergCompaction":{"targetFileSizeMB":63}}}})")
          .first,
      400);
  EXPECT_EQ(
      Stored(kTableMaintenanceKind,
             "bkt/ns/t")["icebergCompaction"]["settings"]["icebergCompaction"]["targetFileSizeMB"],
      256);

  EXPECT_EQ(
      Call(
          "PUT", "/buckets/" + arn_ + "/maintenance/icebergUnreferencedFileRemoval",
          R"({"value":{"status":"enabled","settings":{"icebergUnreferencedFileRemoval":{"nonCurrentDays":20}}}})")
          .first,
      204);
  EXPECT_EQ(Stored(kBucketMaintenanceKind, "bkt"),
            Json::parse(R"({"icebergUnreferencedFileRemoval":{"status":"enabled","settings":
                           {"icebergUnreferencedFileRemoval":{"unreferencedDays":3,"nonCurrentDays":20}}}})"));

  EXPECT_EQ(
      Call(
          "PUT", "/buckets/" + arn_ + "/encryption",
          R"({"encryptionConfiguration":{"sseAlgorithm":"aws:kms","kmsKeyArn":"arn:aws:kms:us-east-1:000000000000:key/k"}})")
          .first,
      200);
  EXPECT_EQ(
      Stored(kBucketEncryptionKind, "bkt"),
      Json::parse(
          R"({"sseAlgorithm":"aws:kms","kmsKeyArn":"arn:aws:kms:us-east-1:000000000000:key/k"})"));
}

TEST_F(S3TablesApiTest, ServesTheJobStatusTheSchedulerWrote) {
  ASSERT_TRUE(
      server_->catalog()
          ->PutSetting(
              kJobStatusKind, "bkt/ns/t",
              R"({"icebergCompaction":{"status":"Successful","lastRunTimestamp":"2026-11-25T20:55:01.123Z"},
                                   "icebergSnapshotManagement":{"status":"Failed","lastRunTimestamp":"2026-11-25T20:56:00.000Z",
                                   "failureMessage":"disk full"}})")
          .ok());
  auto [code, body] = Call("GET", "/tables/" + arn_ + "/ns/t/maintenance-job-status");
  ASSERT_EQ(code, 200) << body.dump();
  EXPECT_EQ(body["status"], Json::parse(R"({
      "icebergCompaction":{"status":"Successful","lastRunTimestamp":"2026-11-25T20:55:01.123Z"},
      "icebergSnapshotManagement":{"status":"Failed","lastRunTimestamp":"2026-11-25T20:56:00.000Z","failureMessage":"disk full"},
      "icebergUnreferencedFileRemoval":{"status":"Not_Yet_Run"}})"));
  EXPECT_EQ(body["tableARN"].get<std::string>().rfind(
                "arn:aws:s3tables:us-east-1:000000000000:bucket/bkt/table/", 0),
            0u);
}

TEST_F(S3TablesApiTest, SettingsFollowRenamesAndGoWithDeletes) {
  const std::string base = "/tables/" + arn_ + "/ns/t";
  ASSERT_EQ(
      Call("PUT", base + "/maintenance/icebergCompaction", R"({"value":{"status":"disabled"}})")
          .first,
      204);
  ASSERT_TRUE(server_->catalog()->PutSetting(kJobStatusKind, "bkt/ns/t", R"({})").ok());
  ASSERT_EQ(Call("PUT", base + "/rename", R"({"newName":"u"})").first, 204);
  EXPECT_TRUE(Stored(kTableMaintenanceKind, "bkt/ns/t").is_null());
  EXPECT_TRUE(Stored(kJobStatusKind, "bkt/ns/t").is_null());
  EXPECT_EQ(Stored(kTableMaintenanceKind, "bkt/ns/u")["icebergCompaction"]["status"], "disabled");
  EXPECT_TRUE(Stored(kJobStatusKind, "bkt/ns/u").is_object());
  ASSERT_EQ(Call("DELETE", "/tables/" + arn_ + "/ns/u").first, 204);
  EXPECT_TRUE(Stored(kTableMaintenanceKind, "bkt/ns/u").is_null());
  EXPECT_TRUE(Stored(kJobStatusKind, "bkt/ns/u").is_null());
  ASSERT_EQ(Call("PUT", "/buckets/" + arn_ + "/encryption",
                 R"({"encryptionConfiguration":{"sseAlgorithm":"AES256"}})")
                .first,
            200);
  ASSERT_EQ(Call("DELETE", "/namespaces/" + arn_ + "/ns").first, 204);
  ASSERT_EQ(Call("DELETE", "/buckets/" + arn_).first, 204);
  EXPECT_TRUE(Stored(kBucketEncryptionKind, "bkt").is_null());
}

}  // namespace
}  // namespace floe::server
