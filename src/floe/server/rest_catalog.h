// The Iceberg REST catalog (open-api/rest-catalog-open-api.yaml) over a
// floe Catalog: the table bucket is the warehouse and the URL prefix. Routes
// are registered on an httplib server under /iceberg/v1/.
#pragma once

#include <string>

#include "floe/base/clock.h"
#include "floe/catalog/catalog.h"
#include "floe/iceberg/table_metadata.h"
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

// Table creation shared by the REST catalog (create, staged create) and the
// S3 Tables API (CreateTable).
//
// The folder for a new table: <tables_root>/<bucket>/<ns>/<table>, or that
// name with a random suffix when another table (one renamed away, or one
// without metadata yet) still holds the folder, so two tables never share files.
Result<std::string> NewTableLocation(const RestCatalogContext& ctx, const std::string& bucket,
                                     const std::string& ns, const std::string& table);
// Writes `metadata` as <location>/metadata/00000-<uuid>.metadata.json and
// registers the table in the catalog; returns the metadata file's path.
// AlreadyExists when the table exists (the written file is then removed).
Result<std::string> RegisterNewTable(const RestCatalogContext& ctx, const std::string& bucket,
                                     const std::string& ns, const std::string& table,
                                     const iceberg::TableMetadata& metadata);

}  // namespace floe::server
