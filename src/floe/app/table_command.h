// `floe table …`: maintenance of catalog tables on demand (compact, expire,
// clean) and plain appends of JSON lines, against a data directory's catalog.
#pragma once

#include <CLI/CLI.hpp>

namespace floe::app {

void AddTableCommands(CLI::App& app, int* exit_code);

}  // namespace floe::app
