#include "floe/query/lexer.h"

#include <cctype>

namespace floe::query {

Status SqlError(std::string_view kind, std::string_view sql, size_t offset,
                const std::string& message) {
  if (offset > sql.size()) offset = sql.size();
  size_t line_start = sql.rfind('\n', offset == 0 ? 0 : offset - 1);
  line_start = (line_start == std::string_view::npos || offset == 0) ? 0 : line_start + 1;
  if (offset > 0 && sql[offset - 1] == '\n') line_start = offset;
  size_t line_end = sql.find('\n', offset);
  if (line_end == std::string_view::npos) line_end = sql.size();
  int line = 1;
  for (size_t k = 0; k < line_start; ++k) line += (sql[k] == '\n');
  size_t column = offset - line_start + 1;
  std::string prefix = "LINE " + std::to_string(line) + ": ";
  std::string text = std::string(kind) + ": " + message + " (line " + std::to_string(line) +
                     ", column " + std::to_string(column) + ")\n" + prefix +
                     std::string(sql.substr(line_start, line_end - line_start)) + "\n" +
                     std::string(prefix.size() + column - 1, ' ') + "^";
  return InvalidArgument(text);
}

namespace {

bool IsIdentStart(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || (c & 0x80);
}
bool IsIdentChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' || (c & 0x80);
}

}  // namespace

Result<std::vector<Token>> Tokenize(std::string_view sql) {
  std::vector<Token> out;
  size_t p = 0;
  while (p < sql.size()) {
    char c = sql[p];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++p;
      continue;
    }
    if (c == '-' && p + 1 < sql.size() && sql[p + 1] == '-') {
      while (p < sql.size() && sql[p] != '\n') ++p;
      continue;
    }
    if (c == '/' && p + 1 < sql.size() && sql[p + 1] == '*') {
      size_t end = sql.find("*/", p + 2);
      if (end == std::string_view::npos)
        return SqlError("Parser Error", sql, p, "unterminated comment");
      p = end + 2;
      continue;
    }
    Token t;
    t.offset = p;
    if (IsIdentStart(c)) {
      size_t s = p;
      while (p < sql.size() && IsIdentChar(sql[p])) ++p;
      t.kind = TokenKind::kIdent;
      t.text = std::string(sql.substr(s, p - s));
    } else if (c == '"' || c == '\'') {
      char q = c;
      ++p;
      std::string text;
      while (true) {
        if (p >= sql.size()) {
          return SqlError(
              "Parser Error", sql, t.offset,
              q == '"' ? "unterminated quoted identifier" : "unterminated quoted string");
        }
        if (sql[p] == q) {
          if (p + 1 < sql.size() && sql[p + 1] == q) {
            text.push_back(q);
            p += 2;
            continue;
          }
          ++p;
          break;
        }
        text.push_back(sql[p++]);
      }
      t.kind = q == '"' ? TokenKind::kQuotedIdent : TokenKind::kString;
      t.text = std::move(text);
    } else if (std::isdigit(static_cast<unsigned char>(c)) ||
               (c == '.' && p + 1 < sql.size() &&
                std::isdigit(static_cast<unsigned char>(sql[p + 1])))) {
      size_t s = p;
      bool is_float = false;
      while (p < sql.size() && std::isdigit(static_cast<unsigned char>(sql[p]))) ++p;
      if (p < sql.size() && sql[p] == '.') {
        is_float = true;
        ++p;
        while (p < sql.size() && std::isdigit(static_cast<unsigned char>(sql[p]))) ++p;
      }
      if (p < sql.size() && (sql[p] == 'e' || sql[p] == 'E')) {
        size_t q = p + 1;
        if (q < sql.size() && (sql[q] == '+' || sql[q] == '-')) ++q;
        if (q < sql.size() && std::isdigit(static_cast<unsigned char>(sql[q]))) {
          is_float = true;
          p = q;
          while (p < sql.size() && std::isdigit(static_cast<unsigned char>(sql[p]))) ++p;
        }
      }
      t.kind = is_float ? TokenKind::kFloat : TokenKind::kInteger;
      t.text = std::string(sql.substr(s, p - s));
    } else {
      static const char* kTwo[] = {"<=", ">=", "<>", "!=", "||", "::", "//", "=="};
      t.kind = TokenKind::kSymbol;
      for (const char* two : kTwo) {
        if (sql.substr(p, 2) == two) t.text = two;
      }
      if (t.text.empty()) {
        if (std::string_view("(),.;*+-/%<>=[]").find(c) == std::string_view::npos) {
          return SqlError("Parser Error", sql, p, std::string("unexpected character '") + c + "'");
        }
        t.text = std::string(1, c);
      }
      p += t.text.size();
    }
    out.push_back(std::move(t));
  }
  Token end;
  end.offset = sql.size();
  out.push_back(end);
  return out;
}

}  // namespace floe::query
