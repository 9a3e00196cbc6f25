// Recursive-descent parser for SELECT statements (see docs/sql.md for the
// grammar). Errors name the line and column, with the line and a caret.
#pragma once

#include <string_view>

#include "floe/base/status.h"
#include "floe/query/ast.h"

namespace floe::query {

Result<Statement> ParseStatement(std::string_view sql);

}  // namespace floe::query
