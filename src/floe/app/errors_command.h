// `floe errors redrive STREAM`: re-sends the records a delivery stream put in
// its error bucket, once the user has fixed the cause.
#pragma once

#include <CLI/CLI.hpp>

namespace floe::app {

void AddErrorsCommands(CLI::App& app, int* exit_code);

}  // namespace floe::app
