// Reading and writing table metadata files through FileIO: gzip-compressed
// metadata (`*.gz.metadata.json`, or any file starting with the gzip magic) is
// inflated on read; floe writes plain JSON.
#pragma once

#include <string>

#include "floe/base/status.h"
#include "floe/iceberg/table_metadata.h"
#include "floe/storage/file_io.h"

namespace floe::iceberg {

Result<TableMetadata> ReadTableMetadata(storage::FileIO* io, const std::string& path);
// Writes `metadata` to `path` and syncs it.
Status WriteTableMetadata(storage::FileIO* io, const std::string& path, const TableMetadata& metadata);

// Inflates a gzip stream (one or more members).
Result<std::string> Gunzip(std::string_view data);

}  // namespace floe::iceberg
