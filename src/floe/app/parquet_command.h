// `floe parquet …`: inspect, print and write Parquet files.
#pragma once

#include <CLI/CLI.hpp>

namespace floe::app {

// Registers the `parquet` subcommand tree on `app`; `exit_code` receives the
// result of whichever command runs.
void AddParquetCommands(CLI::App& app, int* exit_code);

}  // namespace floe::app
