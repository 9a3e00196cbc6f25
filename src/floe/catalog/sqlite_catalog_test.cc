#include "floe/catalog/sqlite_catalog.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <set>
#include <thread>

#include "floe/catalog/catalog_pointer.h"
#include "floe/iceberg/table.h"

namespace floe::catalog {
namespace {

namespace fs = std::filesystem;

std::unique_ptr<Catalog> OpenMemory() {
  auto c = SqliteCatalog::Open(":memory:");
  EXPECT_TRUE(c.ok()) << c.status().ToString();
  return std::move(*c);
}

TEST(SqliteCatalogTest, BucketNamespaceTableLifecycle) {
  auto c = OpenMemory();
  ASSERT_TRUE(c->CreateBucket("demo-bucket").ok());
  EXPECT_EQ(c->CreateBucket("demo-bucket").status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(c->CreateBucket("Bad_Name").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(c->CreateBucket("ab").status().code(), StatusCode::kInvalidArgument);
  ASSERT_TRUE(c->CreateBucket("other").ok());
  EXPECT_EQ(c->ListBuckets("demo")->size(), 1u);
  EXPECT_EQ(c->ListBuckets()->size(), 2u);

  ASSERT_TRUE(c->CreateNamespace("demo-bucket", "firehosetos3demo", {{"owner", "floe"}}).ok());
  EXPECT_EQ(c->CreateNamespace("demo-bucket", "firehosetos3demo").status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(c->CreateNamespace("nope", "ns").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(c->CreateNamespace("demo-bucket", "Has-Hyphen").status().code(), StatusCode::kInvalidArgument);
  auto ns = c->GetNamespace("demo-bucket", "firehosetos3demo");
  ASSERT_TRUE(ns.ok());
  EXPECT_EQ(ns->properties, (Properties{{"owner", "floe"}}));
  ASSERT_TRUE(c->UpdateNamespaceProperties("demo-bucket", "firehosetos3demo", {{"team", "data"}}, {"owner"}).ok());
  EXPECT_EQ(c->GetNamespace("demo-bucket", "firehosetos3demo")->properties, (Properties{{"team", "data"}}));

  auto t = c->CreateTable("demo-bucket", "firehosetos3demo", "firehosetos3demo", "/w/m0.metadata.json", "/w");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(c->CreateTable("demo-bucket", "firehosetos3demo", "firehosetos3demo", "/x", "/x").status().code(),
            StatusCode::kAlreadyExists);
  EXPECT_EQ(c->GetTable("demo-bucket", "firehosetos3demo", "missing").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(c->GetTable("demo-bucket", "missing", "t").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(c->ListTables("demo-bucket")->size(), 1u);

  // Buckets and namespaces that hold something cannot be deleted.
  EXPECT_EQ(c->DropNamespace("demo-bucket", "firehosetos3demo").code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(c->DeleteBucket("demo-bucket").code(), StatusCode::kFailedPrecondition);

  ASSERT_TRUE(c->CreateNamespace("demo-bucket", "archive").ok());
  ASSERT_TRUE(c->RenameTable("demo-bucket", "firehosetos3demo", "firehosetos3demo", "archive", "old").ok());
  EXPECT_EQ(c->GetTable("demo-bucket", "archive", "old")->metadata_location, "/w/m0.metadata.json");
  ASSERT_TRUE(c->DropTable("demo-bucket", "archive", "old").ok());
  ASSERT_TRUE(c->DropNamespace("demo-bucket", "archive").ok());
  ASSERT_TRUE(c->DropNamespace("demo-bucket", "firehosetos3demo").ok());
  ASSERT_TRUE(c->DeleteBucket("demo-bucket").ok());
  EXPECT_EQ(c->GetBucket("demo-bucket").status().code(), StatusCode::kNotFound);
}

TEST(SqliteCatalogTest, SwapIsCompareAndSwapOnLocationOrToken) {
  auto c = OpenMemory();
  ASSERT_TRUE(c->CreateBucket("b01").ok());
  ASSERT_TRUE(c->CreateNamespace("b01", "ns").ok());
  auto t = c->CreateTable("b01", "ns", "t", "/w/00000.metadata.json", "/w");
  ASSERT_TRUE(t.ok());
  auto moved = c->SwapMetadataLocation("b01", "ns", "t", {"/w/00000.metadata.json", std::nullopt}, "/w/00001.metadata.json");
  ASSERT_TRUE(moved.ok()) << moved.status().ToString();
  EXPECT_EQ(moved->previous_metadata_location, "/w/00000.metadata.json");
  EXPECT_NE(moved->version_token, t->version_token);
  // Stale location or stale token: Aborted, nothing changes.
  EXPECT_EQ(c->SwapMetadataLocation("b01", "ns", "t", {"/w/00000.metadata.json", std::nullopt}, "/w/x").status().code(),
            StatusCode::kAborted);
  EXPECT_EQ(c->SwapMetadataLocation("b01", "ns", "t", {std::nullopt, t->version_token}, "/w/x").status().code(),
            StatusCode::kAborted);
  EXPECT_EQ(c->GetTable("b01", "ns", "t")->metadata_location, "/w/00001.metadata.json");
  EXPECT_TRUE(c->SwapMetadataLocation("b01", "ns", "t", {std::nullopt, moved->version_token}, "/w/00002.metadata.json").ok());
}

TEST(SqliteCatalogTest, MultiTableSwapIsAllOrNothing) {
  auto c = OpenMemory();
  ASSERT_TRUE(c->CreateBucket("b01").ok());
  ASSERT_TRUE(c->CreateNamespace("b01", "ns").ok());
  ASSERT_TRUE(c->CreateTable("b01", "ns", "a", "/a/0", "/a").ok());
  ASSERT_TRUE(c->CreateTable("b01", "ns", "b", "/b/0", "/b").ok());
  // The second expectation is stale: neither table moves.
  auto failed = c->SwapMetadataLocations({{"b01", "ns", "a", {"/a/0", std::nullopt}, "/a/1"},
                                          {"b01", "ns", "b", {"/b/9", std::nullopt}, "/b/1"}});
  EXPECT_EQ(failed.status().code(), StatusCode::kAborted);
  EXPECT_EQ(c->GetTable("b01", "ns", "a")->metadata_location, "/a/0");
  auto both = c->SwapMetadataLocations({{"b01", "ns", "a", {"/a/0", std::nullopt}, "/a/1"},
                                        {"b01", "ns", "b", {"/b/0", std::nullopt}, "/b/1"}});
  ASSERT_TRUE(both.ok()) << both.status().ToString();
  EXPECT_EQ(both->size(), 2u);
  EXPECT_EQ(c->GetTable("b01", "ns", "b")->metadata_location, "/b/1");
}

TEST(SqliteCatalogTest, SettingsArePutGotListedAndDeleted) {
  auto c = OpenMemory();
  EXPECT_EQ(c->GetSetting("table-maintenance", "b/ns/t").status().code(), StatusCode::kNotFound);
  ASSERT_TRUE(c->PutSetting("table-maintenance", "b/ns/t", "{\"a\":1}").ok());
  ASSERT_TRUE(c->PutSetting("table-maintenance", "b/ns/t", "{\"a\":2}").ok());
  ASSERT_TRUE(c->PutSetting("table-maintenance", "b/ns/u", "{}").ok());
  ASSERT_TRUE(c->PutSetting("bucket-encryption", "b", "{}").ok());
  EXPECT_EQ(*c->GetSetting("table-maintenance", "b/ns/t"), "{\"a\":2}");
  EXPECT_EQ(c->ListSettings("table-maintenance", "b/ns/")->size(), 2u);
  ASSERT_TRUE(c->DeleteSetting("table-maintenance", "b/ns/t").ok());
  EXPECT_EQ(c->ListSettings("table-maintenance")->size(), 1u);
}

// The on-disk layout is the Iceberg JDBC/SQL catalog's, so other catalogs can open it.
TEST(SqliteCatalogTest, UsesTheIcebergSqlCatalogLayout) {
  fs::path path = fs::temp_directory_path() / ("floe_catalog_" + std::to_string(::getpid()) + ".db");
  fs::remove(path);
  {
    auto opened = SqliteCatalog::Open(path.string());
    ASSERT_TRUE(opened.ok());
    Catalog* c = opened->get();
    ASSERT_TRUE(c->CreateBucket("warehouse").ok());
    ASSERT_TRUE(c->CreateNamespace("warehouse", "db").ok());
    ASSERT_TRUE(c->CreateTable("warehouse", "db", "events", "/w/m.metadata.json", "/w").ok());
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  auto query = [&](const char* sql) {
    std::vector<std::string> rows;
    sqlite3_exec(db, sql, [](void* out, int n, char** vals, char**) {
      std::string row;
      for (int i = 0; i < n; ++i) row += std::string(i ? "|" : "") + (vals[i] ? vals[i] : "NULL");
      static_cast<std::vector<std::string>*>(out)->push_back(row);
      return 0;
    }, &rows, nullptr);
    return rows;
  };
  EXPECT_EQ(query("SELECT catalog_name, table_namespace, table_name, metadata_location, previous_metadata_location, "
                  "iceberg_type FROM iceberg_tables"),
            (std::vector<std::string>{"warehouse|db|events|/w/m.metadata.json|NULL|TABLE"}));
  EXPECT_EQ(query("SELECT catalog_name, namespace, property_key, property_value FROM iceberg_namespace_properties"),
            (std::vector<std::string>{"warehouse|db|exists|true"}));
  sqlite3_close(db);
  fs::remove(path);
}

// Tables committed through the catalog: two writers append concurrently and
// every append lands exactly once.
TEST(SqliteCatalogTest, IcebergCommitsGoThroughTheCatalog) {
  fs::path dir = fs::temp_directory_path() / ("floe_catalog_tables_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  auto opened = SqliteCatalog::Open((dir.string() + ".db"));
  ASSERT_TRUE(opened.ok());
  Catalog* cat = opened->get();
  ASSERT_TRUE(cat->CreateBucket("lake").ok());
  ASSERT_TRUE(cat->CreateNamespace("lake", "ns").ok());
  std::string location = (dir / "ns" / "t").string();
  auto schema = iceberg::SchemaFromJson(R"({"type":"struct","fields":[{"id":1,"name":"id","required":false,"type":"long"}]})");
  auto table = iceberg::Table::Create(storage::LocalFileIO::Default(), NewCatalogPointer(cat, "lake", "ns", "t", location),
                                      SystemClock::Default(), location, *schema, iceberg::PartitionSpec::Unpartitioned());
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_EQ(cat->GetTable("lake", "ns", "t")->metadata_location, (*table)->metadata_location());
  std::atomic<int> failures{0};
  auto writer = [&](int w) {
    auto t = iceberg::Table::Load(storage::LocalFileIO::Default(), NewCatalogPointer(cat, "lake", "ns", "t", location),
                                  SystemClock::Default());
    if (!t.ok()) {
      ++failures;
      return;
    }
    for (int i = 0; i < 15; ++i) {
      iceberg::DataFile f;
      f.file_path = "w" + std::to_string(w) + "-" + std::to_string(i);
      f.record_count = 1;
      if (!iceberg::FastAppend(t->get(), {f}, {}, 100).ok()) ++failures;
    }
  };
  std::thread a(writer, 0), b(writer, 1);
  a.join();
  b.join();
  EXPECT_EQ(failures.load(), 0);
  auto t = iceberg::Table::Load(storage::LocalFileIO::Default(), NewCatalogPointer(cat, "lake", "ns", "t", location),
                                SystemClock::Default());
  ASSERT_TRUE(t.ok());
  EXPECT_EQ((*t)->metadata().CurrentSnapshot()->Count(iceberg::kTotalDataFiles), 30);
  EXPECT_EQ((*t)->metadata().metadata_log.size(), 30u);
  // Folder-scanning readers find the latest metadata through version-hint.text.
  auto hinted = iceberg::NewVersionHintPointer(location)->Current();
  ASSERT_TRUE(hinted.ok()) << hinted.status().ToString();
  EXPECT_EQ(*hinted, (*t)->metadata_location());
  fs::remove_all(dir);
  fs::remove(dir.string() + ".db");
  fs::remove(dir.string() + ".db-wal");
  fs::remove(dir.string() + ".db-shm");
}

}  // namespace
}  // namespace floe::catalog
