// The Iceberg REST catalog (open-api/rest-catalog-open-api.yaml) over a
// floe Catalog: the table bucket is the warehouse and the URL prefix. Routes
// are registered on an httplib server under /iceberg/v1/.
#pragma once

#include <string>

#include "floe/base/clock.h"
#include "floe/catalog/catalog.h"
#include "floe/storage/file_io.h"

namespace httplib {
class Server;
}

namespace floe::server {

struct RestCatalogContext {
  catalog::Catalog* catalog = nullptr;
  storage::FileIO* io = nullptr;
  Clock* clock = nullptr;
  // Tables live at <tables_root>/<bucket>/<namespace>/<table>.
  std::string tables_root;
};

void RegisterRestCatalog(httplib::Server* server, const RestCatalogContext* context);

}  // namespace floe::server
