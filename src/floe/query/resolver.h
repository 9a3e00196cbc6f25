// Finding the table a FROM clause names: catalog tables as
// [bucket.]namespace.table (and their "$snapshots", "$history", "$files",
// "$manifests" metadata tables), path-based Iceberg tables, Parquet files.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "floe/base/clock.h"
#include "floe/catalog/catalog.h"
#include "floe/iceberg/scan.h"
#include "floe/query/fresh_rows.h"
#include "floe/query/table_source.h"
#include "floe/storage/file_io.h"

namespace floe::query {

// The snapshot a FROM item reads (FOR VERSION / TIMESTAMP AS OF).
struct TimeTravel {
  std::optional<int64_t> snapshot_id;
  std::optional<int64_t> as_of_ms;
};

struct ResolverOptions {
  std::string data_dir;  // holds catalog.db and tables/
  std::string bucket;    // default table bucket; empty = the only one
  int threads = 2;
  catalog::Catalog* catalog = nullptr;  // when set, used instead of opening catalog.db
  // Live delivery streams' buffered rows, read with a table's current snapshot
  // (not with time travel); none when null or `snapshot_only`.
  FreshRowsProvider* fresh = nullptr;
  bool snapshot_only = false;
};

class TableResolver {
 public:
  TableResolver(storage::FileIO* io, Clock* clock, ResolverOptions options)
      : io_(io), clock_(clock), options_(std::move(options)) {}
  ~TableResolver();

  // A catalog table by name parts (2 or 3); NotFound with a "did you mean".
  Result<std::unique_ptr<TableSource>> ResolveNamed(const std::vector<std::string>& name,
                                                    const TimeTravel& at);
  // iceberg_scan('LOCATION' or '.../N.metadata.json').
  Result<std::unique_ptr<TableSource>> ResolveIcebergPath(const std::string& location,
                                                          const TimeTravel& at);
  // read_parquet('FILE or glob').
  Result<std::unique_ptr<TableSource>> ResolveParquet(const std::string& pattern);

 private:
  Result<catalog::Catalog*> OpenCatalog();
  Result<std::string> DefaultBucket();

  storage::FileIO* io_;
  Clock* clock_;
  ResolverOptions options_;
  std::unique_ptr<catalog::Catalog> catalog_;
};

// A metadata table ("snapshots", "history", "files", "manifests") of a table.
Result<std::unique_ptr<TableSource>> MetadataTableSource(storage::FileIO* io,
                                                         const std::string& table_name,
                                                         const iceberg::TableMetadata& metadata,
                                                         const std::string& kind);

// The candidate closest to `name` by edit distance, or "" when none is close.
std::string ClosestName(const std::string& name, const std::vector<std::string>& candidates);

}  // namespace floe::query
