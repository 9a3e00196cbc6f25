// `floe validate`: checks what floe needs before it runs and prints each check
// with pass/fail and, on failure, what to do.
#pragma once

#include <CLI/CLI.hpp>

namespace floe::app {

void AddValidateCommand(CLI::App& app, int* exit_code);

}  // namespace floe::app
