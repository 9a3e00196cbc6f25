// What every API handler on the server shares.
#pragma once

#include <string>

#include "floe/base/clock.h"
#include "floe/catalog/catalog.h"
#include "floe/storage/file_io.h"

namespace floe::server {

struct ServerContext {
  catalog::Catalog* catalog = nullptr;
  storage::FileIO* io = nullptr;
  Clock* clock = nullptr;
  std::string data_dir;      // absolute
  std::string tables_root;   // <data_dir>/tables: <bucket>/<namespace>/<table>
  std::string buckets_root;  // <data_dir>/buckets: general buckets, <bucket>/<key>
  // floe's own account and region, used in ARNs.
  std::string region = "us-east-1";
  std::string account_id = "000000000000";
};

}  // namespace floe::server
