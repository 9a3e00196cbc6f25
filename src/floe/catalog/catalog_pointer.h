// Adapts a catalog table entry to iceberg::MetadataPointer, so Table commits
// go through the catalog's compare-and-swap.
#pragma once

#include <memory>
#include <string>

#include "floe/catalog/catalog.h"
#include "floe/iceberg/table.h"

namespace floe::catalog {

// Swap("", next) registers the table (CreateTable with `warehouse_location`).
std::unique_ptr<iceberg::MetadataPointer> NewCatalogPointer(Catalog* catalog, std::string bucket, std::string ns,
                                                            std::string table, std::string warehouse_location);

}  // namespace floe::catalog
