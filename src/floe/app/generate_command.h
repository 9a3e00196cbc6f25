// `floe generate`: run the IoT generator once against a Firehose endpoint.
#pragma once

#include <CLI/CLI.hpp>

namespace floe::app {

void AddGenerateCommand(CLI::App& app, int* exit_code);

}  // namespace floe::app
