// `floe iceberg …`: create, append to and inspect path-based Iceberg tables.
#pragma once

#include <CLI/CLI.hpp>

namespace floe::app {

void AddIcebergCommands(CLI::App& app, int* exit_code);

}  // namespace floe::app
