// The embedded catalog: one SQLite database (WAL, synchronous=FULL). Tables
// and namespace properties use the Iceberg JDBC/SQL catalog layout
// (`iceberg_tables`, `iceberg_namespace_properties`, bucket = catalog_name) so
// PyIceberg's SqlCatalog and Java's JdbcCatalog can open the same file; floe's
// extra columns live in `floe_*` tables beside them. Thread-safe.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "floe/base/clock.h"
#include "floe/catalog/catalog.h"

struct sqlite3;

namespace floe::catalog {

class SqliteCatalog final : public Catalog {
 public:
  // Opens or creates the database at `path` (":memory:" for tests).
  static Result<std::unique_ptr<SqliteCatalog>> Open(const std::string& path, Clock* clock = nullptr);
  ~SqliteCatalog() override;

  Result<TableBucket> CreateBucket(const std::string& name) override;
  Result<std::vector<TableBucket>> ListBuckets(const std::string& prefix) override;
  Result<TableBucket> GetBucket(const std::string& name) override;
  Status DeleteBucket(const std::string& name) override;

  Result<NamespaceInfo> CreateNamespace(const std::string& bucket, const std::string& ns,
                                        const Properties& properties) override;
  Result<std::vector<NamespaceInfo>> ListNamespaces(const std::string& bucket, const std::string& prefix) override;
  Result<NamespaceInfo> GetNamespace(const std::string& bucket, const std::string& ns) override;
  Status DropNamespace(const std::string& bucket, const std::string& ns) override;
  Status UpdateNamespaceProperties(const std::string& bucket, const std::string& ns, const Properties& updates,
                                   const std::vector<std::string>& removals) override;

  Result<TableEntry> CreateTable(const std::string& bucket, const std::string& ns, const std::string& name,
                                 const std::string& metadata_location, const std::string& warehouse_location) override;
  Result<TableEntry> GetTable(const std::string& bucket, const std::string& ns, const std::string& name) override;
  Result<std::vector<TableEntry>> ListTables(const std::string& bucket, const std::string& ns,
                                             const std::string& prefix) override;
  Status DropTable(const std::string& bucket, const std::string& ns, const std::string& name) override;
  Status RenameTable(const std::string& bucket, const std::string& ns, const std::string& name,
                     const std::string& new_ns, const std::string& new_name) override;
  Result<TableEntry> SwapMetadataLocation(const std::string& bucket, const std::string& ns, const std::string& name,
                                          const SwapExpectation& expected, const std::string& next) override;
  Result<std::vector<TableEntry>> SwapMetadataLocations(const std::vector<TableSwap>& swaps) override;
  Status PutSetting(const std::string& kind, const std::string& key, const std::string& value) override;
  Result<std::string> GetSetting(const std::string& kind, const std::string& key) override;
  Result<std::vector<std::pair<std::string, std::string>>> ListSettings(const std::string& kind,
                                                                        const std::string& prefix) override;
  Status DeleteSetting(const std::string& kind, const std::string& key) override;

 private:
  SqliteCatalog(sqlite3* db, Clock* clock) : db_(db), clock_(clock) {}
  Status Exec(const char* sql);
  Result<TableEntry> GetTableLocked(const std::string& bucket, const std::string& ns, const std::string& name);
  Result<NamespaceInfo> GetNamespaceLocked(const std::string& bucket, const std::string& ns);
  Status RequireBucketLocked(const std::string& bucket);
  Result<TableEntry> SwapLocked(const TableSwap& swap);

  sqlite3* db_;
  Clock* clock_;
  std::mutex mu_;
};

}  // namespace floe::catalog
