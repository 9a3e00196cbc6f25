// `floe query`: run one SQL statement over a data directory's tables (or
// over files named with iceberg_scan / read_parquet) and print the result.
#pragma once

#include <CLI/CLI.hpp>

namespace floe::app {

void AddQueryCommand(CLI::App& app, int* exit_code);

}  // namespace floe::app
