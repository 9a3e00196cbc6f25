// `floe up`: the whole pipeline on one machine — the server, the reference
// stack (table bucket, namespace and table firehosetos3demo.firehosetos3demo,
// delivery stream, error bucket), the IoT generator every minute, and the
// dashboard — until Ctrl-C, which delivers buffered records before exiting.
#pragma once

#include <CLI/CLI.hpp>

namespace floe::app {

void AddUpCommand(CLI::App& app, int* exit_code);

}  // namespace floe::app
