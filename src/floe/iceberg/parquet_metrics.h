// Turns what the Parquet writer reports (parquet::WriteResult) into an Iceberg
// DataFile: column sizes, value/null/NaN counts and lower/upper bounds keyed by
// field id, bounds in single-value serialization, strings and binary truncated
// to 16 as Java's default metrics mode truncate(16) does.
#pragma once

#include <string>

#include "floe/format/parquet/schema.h"
#include "floe/format/parquet/writer_options.h"
#include "floe/iceberg/manifest.h"
#include "floe/iceberg/schema.h"

namespace floe::iceberg {

inline constexpr int32_t kDefaultBoundLength = 16;

Result<DataFile> DataFileFromParquet(std::string path, const parquet::WriteResult& result,
                                     const parquet::Schema& parquet_schema, const Schema& schema);

}  // namespace floe::iceberg
