// `floe serve`: run the server on one port until interrupted.
#pragma once

#include <CLI/CLI.hpp>

namespace floe::app {

void AddServeCommand(CLI::App& app, int* exit_code);

}  // namespace floe::app
