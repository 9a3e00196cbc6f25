// SQL tokens: identifiers (bare or "quoted"), 'strings', numbers, operators.
// Keywords are bare identifiers; the parser compares them case-insensitively.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "floe/base/status.h"

namespace floe::query {

enum class TokenKind { kIdent, kQuotedIdent, kString, kInteger, kFloat, kSymbol, kEnd };

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string text;   // identifiers as written; strings unescaped; symbols as written
  size_t offset = 0;  // byte offset in the statement
};

Result<std::vector<Token>> Tokenize(std::string_view sql);

// "Parser Error: <message>" followed by the offending line and a caret under
// `offset`, with the line and column numbers.
Status SqlError(std::string_view kind, std::string_view sql, size_t offset,
                const std::string& message);

}  // namespace floe::query
