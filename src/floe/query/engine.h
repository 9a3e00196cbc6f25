// Running one SQL statement end to end: parse, bind and plan, execute, and
// collect the result. EXPLAIN runs the query and returns the plan with what
// each scan read and pruned.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "floe/base/clock.h"
#include "floe/base/status.h"
#include "floe/catalog/catalog.h"
#include "floe/query/fresh_rows.h"
#include "floe/query/vector.h"
#include "floe/storage/file_io.h"

namespace floe::query {

struct QueryOptions {
  std::string data_dir = ".";  // catalog.db and tables/
  std::string bucket;          // default table bucket; empty = the only one
  int threads = 2;             // scan threads
  int64_t memory_limit_bytes = int64_t{2} << 30;
  storage::FileIO* io = nullptr;  // default: the local filesystem
  Clock* clock = nullptr;         // default: the system clock
  // An open catalog to resolve table names with (the server's); default: open
  // <data_dir>/catalog.db.
  catalog::Catalog* catalog = nullptr;
  // Rows acknowledged by live delivery streams in this process, read with
  // each table's current snapshot unless `snapshot_only`.
  FreshRowsProvider* fresh = nullptr;
  bool snapshot_only = false;
};

struct QueryResult {
  std::vector<std::string> names;
  std::vector<DataType> types;
  std::vector<Chunk> chunks;
  int64_t rows = 0;
  int64_t peak_memory_bytes = 0;
};

Result<QueryResult> ExecuteQuery(std::string_view sql, const QueryOptions& options);

}  // namespace floe::query
