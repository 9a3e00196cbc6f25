// floe::catalog — table buckets → namespaces → tables → current metadata
// location, with atomic compare-and-swap commits. The Catalog interface admits
// other backends (PostgreSQL) unchanged; SqliteCatalog is the embedded default.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "floe/base/status.h"

namespace floe::catalog {

using Properties = std::vector<std::pair<std::string, std::string>>;

struct TableBucket {
  std::string name;
  std::string bucket_id;
  int64_t created_at_ms = 0;
};

struct NamespaceInfo {
  std::string bucket;
  std::string name;
  std::string namespace_id;
  int64_t created_at_ms = 0;
  Properties properties;  // user properties (the JDBC catalog's "exists" marker excluded)
};

struct TableEntry {
  std::string bucket;
  std::string ns;
  std::string name;
  std::string table_id;
  std::string metadata_location;
  std::string previous_metadata_location;
  std::string version_token;  // changes on every metadata swap
  std::string warehouse_location;
  int64_t created_at_ms = 0;
  int64_t modified_at_ms = 0;
};

// What a metadata swap expects to replace; set one or both.
struct SwapExpectation {
  std::optional<std::string> metadata_location;
  std::optional<std::string> version_token;
};

// One table's part of a multi-table commit.
struct TableSwap {
  std::string bucket, ns, name;
  SwapExpectation expected;
  std::string next;
};

// Name rules (S3 Tables): buckets 3–63 of [0-9a-z-], starting and ending with a
// letter or digit; namespaces and tables 1–255 of [0-9a-z_], starting with a
// letter or digit. InvalidArgument naming the rule otherwise.
Status ValidateBucketName(const std::string& name);
Status ValidateNamespaceName(const std::string& name);
Status ValidateTableName(const std::string& name);

class Catalog {
 public:
  virtual ~Catalog() = default;

  virtual Result<TableBucket> CreateBucket(const std::string& name) = 0;  // AlreadyExists
  virtual Result<std::vector<TableBucket>> ListBuckets(const std::string& prefix = "") = 0;
  virtual Result<TableBucket> GetBucket(const std::string& name) = 0;  // NotFound
  // FailedPrecondition while it holds namespaces.
  virtual Status DeleteBucket(const std::string& name) = 0;

  virtual Result<NamespaceInfo> CreateNamespace(const std::string& bucket, const std::string& ns,
                                                const Properties& properties = {}) = 0;
  virtual Result<std::vector<NamespaceInfo>> ListNamespaces(const std::string& bucket,
                                                            const std::string& prefix = "") = 0;
  virtual Result<NamespaceInfo> GetNamespace(const std::string& bucket, const std::string& ns) = 0;
  // FailedPrecondition while it holds tables.
  virtual Status DropNamespace(const std::string& bucket, const std::string& ns) = 0;
  virtual Status UpdateNamespaceProperties(const std::string& bucket, const std::string& ns,
                                           const Properties& updates, const std::vector<std::string>& removals) = 0;

  // Registers a table whose first metadata file is already written.
  virtual Result<TableEntry> CreateTable(const std::string& bucket, const std::string& ns, const std::string& name,
                                         const std::string& metadata_location,
                                         const std::string& warehouse_location) = 0;
  virtual Result<TableEntry> GetTable(const std::string& bucket, const std::string& ns, const std::string& name) = 0;
  // Tables of one namespace, or of the whole bucket when `ns` is empty.
  virtual Result<std::vector<TableEntry>> ListTables(const std::string& bucket, const std::string& ns = "",
                                                     const std::string& prefix = "") = 0;
  virtual Status DropTable(const std::string& bucket, const std::string& ns, const std::string& name) = 0;
  virtual Status RenameTable(const std::string& bucket, const std::string& ns, const std::string& name,
                             const std::string& new_ns, const std::string& new_name) = 0;
  // The commit point: moves the table to `next` only if it still matches
  // `expected`; Aborted otherwise. Returns the updated entry (new token).
  virtual Result<TableEntry> SwapMetadataLocation(const std::string& bucket, const std::string& ns,
                                                  const std::string& name, const SwapExpectation& expected,
                                                  const std::string& next) = 0;
  // All swaps or none (Aborted naming the first table that moved).
  virtual Result<std::vector<TableEntry>> SwapMetadataLocations(const std::vector<TableSwap>& swaps) = 0;

  // Settings: small JSON documents keyed by (kind, key), e.g. ("table-maintenance",
  // "bucket/ns/table"), ("bucket-encryption", "bucket"), ("delivery-stream", "name").
  virtual Status PutSetting(const std::string& kind, const std::string& key, const std::string& value) = 0;
  // NotFound when absent.
  virtual Result<std::string> GetSetting(const std::string& kind, const std::string& key) = 0;
  // (key, value) pairs of one kind whose key starts with `prefix`, ordered by key.
  virtual Result<std::vector<std::pair<std::string, std::string>>> ListSettings(const std::string& kind,
                                                                                const std::string& prefix = "") = 0;
  virtual Status DeleteSetting(const std::string& kind, const std::string& key) = 0;
};

}  // namespace floe::catalog
