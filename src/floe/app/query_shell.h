// `floe query` without a statement: an interactive shell on a terminal (line
// editing and history through libedit, statements over several lines ending
// with ';'), or the statements read from stdin otherwise.
#pragma once

#include <string>
#include <vector>

#include "floe/app/query_session.h"

namespace floe::app {

// Splits complete statements (ending with ';' outside quotes and comments)
// off the front of *text; what is left stays in *text. Statements come back
// without their ';' and are never blank.
std::vector<std::string> TakeStatements(std::string* text);

// Returns the exit status: 0 when every statement ran, 1 otherwise.
int RunShell(QuerySession* session);

}  // namespace floe::app
