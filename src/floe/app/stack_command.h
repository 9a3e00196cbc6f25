// floe plan / apply / destroy / output: a stack file against a running floe
// server (floe up or floe serve), through its stack API.
#pragma once

#include <CLI/CLI.hpp>

namespace floe::app {

void AddStackCommands(CLI::App& app, int* exit_code);

}  // namespace floe::app
