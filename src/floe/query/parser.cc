#include "floe/query/parser.h"

#include <cctype>
#include <cerrno>
#include <cstdlib>

#include "floe/query/lexer.h"

namespace floe::query {
namespace {

std::string Upper(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Words that end an expression or a table reference, so they are never taken
// as an implicit alias.
bool IsReserved(const std::string& upper) {
  static const char* kWords[] = {
      "SELECT", "FROM",     "WHERE", "GROUP", "HAVING",    "ORDER", "LIMIT", "OFFSET", "UNION",
      "JOIN",   "ON",       "LEFT",  "RIGHT", "INNER",     "OUTER", "CROSS", "FULL",   "AS",
      "AND",    "OR",       "NOT",   "FOR",   "WITH",      "BY",    "ASC",   "DESC",   "NULLS",
      "IS",     "IN",       "LIKE",  "ILIKE", "BETWEEN",   "CASE",  "WHEN",  "THEN",   "ELSE",
      "END",    "DISTINCT", "ALL",   "USING", "INTERSECT", "EXCEPT"};
  for (const char* w : kWords) {
    if (upper == w) return true;
  }
  return false;
}

class Parser {
 public:
  Parser(std::string_view sql, std::vector<Token> tokens) : sql_(sql), tokens_(std::move(tokens)) {}

  Result<Statement> Parse() {
    Statement st;
    if (AcceptWord("EXPLAIN")) st.explain = true;
    FLOE_ASSIGN_OR_RETURN(st.select, ParseSelect());
    Accept(";");
    if (Peek().kind != TokenKind::kEnd)
      return Error(Peek(), "syntax error at or near " + Describe(Peek()));
    return st;
  }

 private:
  const Token& Peek(size_t ahead = 0) const {
    size_t k = pos_ + ahead;
    return k < tokens_.size() ? tokens_[k] : tokens_.back();
  }
  const Token& Next() {
    const Token& t = Peek();
    if (pos_ < tokens_.size() - 1) ++pos_;
    return t;
  }
  bool IsWord(const Token& t, const char* word) const {
    return t.kind == TokenKind::kIdent && Upper(t.text) == word;
  }
  bool PeekWord(const char* word, size_t ahead = 0) const { return IsWord(Peek(ahead), word); }
  bool AcceptWord(const char* word) {
    if (!PeekWord(word)) return false;
    Next();
    return true;
  }
  bool PeekSymbol(const char* sym, size_t ahead = 0) const {
    return Peek(ahead).kind == TokenKind::kSymbol && Peek(ahead).text == sym;
  }
  bool Accept(const char* sym) {
    if (!PeekSymbol(sym)) return false;
    Next();
    return true;
  }
  std::string Describe(const Token& t) const {
    if (t.kind == TokenKind::kEnd) return "end of input";
    if (t.kind == TokenKind::kString) return "'" + t.text + "'";
    return "\"" + t.text + "\"";
  }
  Status Error(const Token& t, const std::string& message) const {
    return SqlError("Parser Error", sql_, t.offset, message);
  }
  Status ExpectWord(const char* word) {
    if (AcceptWord(word)) return Status::OK();
    return Error(Peek(), std::string("expected ") + word + " but found " + Describe(Peek()));
  }
  Status Expect(const char* sym) {
    if (Accept(sym)) return Status::OK();
    return Error(Peek(), std::string("expected \"") + sym + "\" but found " + Describe(Peek()));
  }
  Result<std::string> ExpectIdent(const char* what) {
    const Token& t = Peek();
    if (t.kind == TokenKind::kQuotedIdent ||
        (t.kind == TokenKind::kIdent && !IsReserved(Upper(t.text)))) {
      Next();
      return t.kind == TokenKind::kIdent ? Lower(t.text) : t.text;
    }
    return Error(t, std::string("expected ") + what + " but found " + Describe(t));
  }
  Result<int64_t> ExpectInteger(const char* what) {
    bool neg = Accept("-");
    const Token& t = Peek();
    if (t.kind != TokenKind::kInteger)
      return Error(t, std::string("expected ") + what + " but found " + Describe(t));
    Next();
    errno = 0;
    long long v = std::strtoll(t.text.c_str(), nullptr, 10);
    if (errno == ERANGE) return Error(t, "integer out of range: " + t.text);
    return neg ? -v : v;
  }

  // An optional alias: AS name, or a bare non-reserved identifier.
  Result<std::string> ParseAlias() {
    if (AcceptWord("AS")) return ExpectIdent("an alias");
    const Token& t = Peek();
    if (t.kind == TokenKind::kQuotedIdent ||
        (t.kind == TokenKind::kIdent && !IsReserved(Upper(t.text)))) {
      Next();
      return t.kind == TokenKind::kIdent ? Lower(t.text) : t.text;
    }
    return std::string();
  }

  Result<std::unique_ptr<SelectStmt>> ParseSelect() {
    std::vector<std::pair<std::string, std::unique_ptr<SelectStmt>>> ctes;
    if (AcceptWord("WITH")) {
      do {
        FLOE_ASSIGN_OR_RETURN(std::string name, ExpectIdent("a CTE name"));
        FLOE_RETURN_IF_ERROR(ExpectWord("AS"));
        FLOE_RETURN_IF_ERROR(Expect("("));
        FLOE_ASSIGN_OR_RETURN(auto sub, ParseSelect());
        FLOE_RETURN_IF_ERROR(Expect(")"));
        ctes.emplace_back(std::move(name), std::move(sub));
      } while (Accept(","));
    }
    FLOE_ASSIGN_OR_RETURN(auto stmt, ParseSelectCore());
    if (!ctes.empty()) stmt->ctes = std::move(ctes);
    while (PeekWord("UNION") || PeekWord("EXCEPT") || PeekWord("INTERSECT")) {
      FLOE_ASSIGN_OR_RETURN(SetOperation op, ParseSetOperation());
      // INTERSECT binds tighter than UNION and EXCEPT: it joins this operand.
      if (op.kind != SetOpKind::kIntersect && op.kind != SetOpKind::kIntersectAll) {
        while (PeekWord("INTERSECT")) {
          FLOE_ASSIGN_OR_RETURN(SetOperation inner, ParseSetOperation());
          op.stmt->set_ops.push_back(std::move(inner));
        }
      }
      stmt->set_ops.push_back(std::move(op));
    }
    if (AcceptWord("ORDER")) {
      FLOE_RETURN_IF_ERROR(ExpectWord("BY"));
      FLOE_ASSIGN_OR_RETURN(stmt->order_by, ParseOrderItems());
    }
    for (int k = 0; k < 2; ++k) {
      if (AcceptWord("LIMIT")) {
        FLOE_ASSIGN_OR_RETURN(int64_t n, ExpectInteger("a row count after LIMIT"));
        if (n < 0) return Error(Peek(), "LIMIT must not be negative");
        stmt->limit = n;
      } else if (AcceptWord("OFFSET")) {
        FLOE_ASSIGN_OR_RETURN(stmt->offset, ExpectInteger("a row count after OFFSET"));
        if (stmt->offset < 0) return Error(Peek(), "OFFSET must not be negative");
      }
    }
    return stmt;
  }

  // expr [ASC | DESC] [NULLS FIRST | LAST], ...
  Result<std::vector<OrderItem>> ParseOrderItems() {
    std::vector<OrderItem> items;
    do {
      OrderItem item;
      FLOE_ASSIGN_OR_RETURN(item.expr, ParseExpr());
      if (AcceptWord("DESC")) {
        item.desc = true;
      } else {
        AcceptWord("ASC");
      }
      if (AcceptWord("NULLS")) {
        if (AcceptWord("FIRST")) {
          item.nulls_first = true;
        } else if (AcceptWord("LAST")) {
          item.nulls_first = false;
        } else {
          return Error(Peek(), "expected FIRST or LAST after NULLS");
        }
      }
      items.push_back(std::move(item));
    } while (Accept(","));
    return items;
  }

  // UNION | EXCEPT | INTERSECT [ALL | DISTINCT] and the SELECT after it.
  Result<SetOperation> ParseSetOperation() {
    SetOperation op;
    const Token& t = Next();
    op.offset = t.offset;
    const std::string word = Upper(t.text);
    const bool all = AcceptWord("ALL");
    if (!all) AcceptWord("DISTINCT");
    if (word == "UNION") {
      op.kind = all ? SetOpKind::kUnionAll : SetOpKind::kUnion;
    } else if (word == "INTERSECT") {
      op.kind = all ? SetOpKind::kIntersectAll : SetOpKind::kIntersect;
    } else {
      op.kind = all ? SetOpKind::kExceptAll : SetOpKind::kExcept;
    }
    FLOE_ASSIGN_OR_RETURN(op.stmt, ParseSelectCore());
    return op;
  }

  // One SELECT, or a parenthesized query. A parenthesized query with its own
  // ORDER BY, LIMIT or OFFSET becomes SELECT * FROM (query), so what follows
  // it (set operations, an outer ORDER BY) applies to its result.
  Result<std::unique_ptr<SelectStmt>> ParseSelectCore() {
    auto stmt = std::make_unique<SelectStmt>();
    if (Accept("(")) {
      const size_t offset = Peek().offset;
      FLOE_ASSIGN_OR_RETURN(stmt, ParseSelect());
      FLOE_RETURN_IF_ERROR(Expect(")"));
      if (stmt->order_by.empty() && !stmt->limit && stmt->offset == 0) return stmt;
      auto outer = std::make_unique<SelectStmt>();
      SelectItem star;
      star.expr = std::make_unique<Expr>();
      star.expr->kind = ExprKind::kStar;
      star.expr->offset = offset;
      outer->items.push_back(std::move(star));
      outer->from = std::make_unique<TableRef>();
      outer->from->kind = TableRef::Kind::kSubquery;
      outer->from->offset = offset;
      outer->from->subquery = std::move(stmt);
      return outer;
    }
    FLOE_RETURN_IF_ERROR(ExpectWord("SELECT"));
    if (AcceptWord("DISTINCT")) {
      stmt->distinct = true;
    } else {
      AcceptWord("ALL");
    }
    do {
      SelectItem item;
      FLOE_ASSIGN_OR_RETURN(item.expr, ParseExpr());
      FLOE_ASSIGN_OR_RETURN(item.alias, ParseAlias());
      stmt->items.push_back(std::move(item));
    } while (Accept(","));
    if (AcceptWord("FROM")) {
      FLOE_ASSIGN_OR_RETURN(stmt->from, ParseFrom());
    }
    if (AcceptWord("WHERE")) {
      FLOE_ASSIGN_OR_RETURN(stmt->where, ParseExpr());
    }
    if (AcceptWord("GROUP")) {
      FLOE_RETURN_IF_ERROR(ExpectWord("BY"));
      do {
        FLOE_ASSIGN_OR_RETURN(auto e, ParseExpr());
        stmt->group_by.push_back(std::move(e));
      } while (Accept(","));
    }
    if (AcceptWord("HAVING")) {
      FLOE_ASSIGN_OR_RETURN(stmt->having, ParseExpr());
    }
    return stmt;
  }

  Result<std::unique_ptr<TableRef>> ParseFrom() {
    FLOE_ASSIGN_OR_RETURN(auto left, ParseTableRef());
    while (true) {
      JoinType type;
      const Token& at = Peek();
      if (Accept(",")) {
        type = JoinType::kCross;
      } else if (AcceptWord("CROSS")) {
        FLOE_RETURN_IF_ERROR(ExpectWord("JOIN"));
        type = JoinType::kCross;
      } else if (AcceptWord("LEFT")) {
        AcceptWord("OUTER");
        FLOE_RETURN_IF_ERROR(ExpectWord("JOIN"));
        type = JoinType::kLeft;
      } else if (AcceptWord("INNER") || PeekWord("JOIN")) {
        FLOE_RETURN_IF_ERROR(ExpectWord("JOIN"));
        type = JoinType::kInner;
      } else if (AcceptWord("RIGHT")) {
        AcceptWord("OUTER");
        FLOE_RETURN_IF_ERROR(ExpectWord("JOIN"));
        type = JoinType::kRight;
      } else if (AcceptWord("FULL")) {
        AcceptWord("OUTER");
        FLOE_RETURN_IF_ERROR(ExpectWord("JOIN"));
        type = JoinType::kFull;
      } else {
        break;
      }
      auto join = std::make_unique<TableRef>();
      join->kind = TableRef::Kind::kJoin;
      join->offset = at.offset;
      join->join_type = type;
      join->left = std::move(left);
      FLOE_ASSIGN_OR_RETURN(join->right, ParseTableRef());
      if (type != JoinType::kCross) {
        FLOE_RETURN_IF_ERROR(ExpectWord("ON"));
        FLOE_ASSIGN_OR_RETURN(join->on, ParseExpr());
      }
      left = std::move(join);
    }
    return left;
  }

  Result<std::string> ExpectStringArg(const char* fn) {
    FLOE_RETURN_IF_ERROR(Expect("("));
    const Token& t = Peek();
    if (t.kind != TokenKind::kString)
      return Error(t, std::string(fn) + " takes a quoted path, e.g. " + fn + "('path')");
    Next();
    FLOE_RETURN_IF_ERROR(Expect(")"));
    return t.text;
  }

  Result<std::unique_ptr<TableRef>> ParseTableRef() {
    auto ref = std::make_unique<TableRef>();
    ref->offset = Peek().offset;
    if (Accept("(")) {
      ref->kind = TableRef::Kind::kSubquery;
      FLOE_ASSIGN_OR_RETURN(ref->subquery, ParseSelect());
      FLOE_RETURN_IF_ERROR(Expect(")"));
    } else if ((PeekWord("ICEBERG_SCAN") || PeekWord("READ_PARQUET")) && PeekSymbol("(", 1)) {
      ref->kind =
          PeekWord("ICEBERG_SCAN") ? TableRef::Kind::kIcebergScan : TableRef::Kind::kReadParquet;
      std::string fn = Lower(Next().text);
      FLOE_ASSIGN_OR_RETURN(ref->path, ExpectStringArg(fn.c_str()));
    } else {
      do {
        FLOE_ASSIGN_OR_RETURN(std::string part, ExpectIdent("a table name"));
        ref->name.push_back(std::move(part));
      } while (Accept("."));
      if (ref->name.size() > 3)
        return Error(Peek(), "a table name has at most three parts: bucket.namespace.table");
    }
    if (PeekWord("FOR") &&
        (PeekWord("VERSION", 1) || PeekWord("TIMESTAMP", 1) || PeekWord("SYSTEM_TIME", 1))) {
      Next();
      bool version = AcceptWord("VERSION");
      if (!version) Next();
      FLOE_RETURN_IF_ERROR(ExpectWord("AS"));
      FLOE_RETURN_IF_ERROR(ExpectWord("OF"));
      if (version) {
        FLOE_ASSIGN_OR_RETURN(int64_t id, ExpectInteger("a snapshot id after VERSION AS OF"));
        ref->version_as_of = id;
      } else {
        FLOE_ASSIGN_OR_RETURN(ref->timestamp_as_of, ParseExpr());
      }
    }
    FLOE_ASSIGN_OR_RETURN(ref->alias, ParseAlias());
    return ref;
  }

  // Expressions, lowest precedence first.
  Result<ExprPtr> ParseExpr() { return ParseOr(); }

  ExprPtr Binary(std::string op, ExprPtr l, ExprPtr r, size_t offset) {
    auto e = std::make_unique<Expr>();
    e->kind = ExprKind::kBinary;
    e->op = std::move(op);
    e->offset = offset;
    e->args.push_back(std::move(l));
    e->args.push_back(std::move(r));
    return e;
  }

  Result<ExprPtr> ParseOr() {
    FLOE_ASSIGN_OR_RETURN(auto l, ParseAnd());
    while (PeekWord("OR")) {
      size_t at = Next().offset;
      FLOE_ASSIGN_OR_RETURN(auto r, ParseAnd());
      l = Binary("OR", std::move(l), std::move(r), at);
    }
    return l;
  }
  Result<ExprPtr> ParseAnd() {
    FLOE_ASSIGN_OR_RETURN(auto l, ParseNot());
    while (PeekWord("AND")) {
      size_t at = Next().offset;
      FLOE_ASSIGN_OR_RETURN(auto r, ParseNot());
      l = Binary("AND", std::move(l), std::move(r), at);
    }
    return l;
  }
  Result<ExprPtr> ParseNot() {
    if (PeekWord("NOT")) {
      size_t at = Next().offset;
      FLOE_ASSIGN_OR_RETURN(auto inner, ParseNot());
      auto e = std::make_unique<Expr>();
      e->kind = ExprKind::kUnary;
      e->op = "NOT";
      e->offset = at;
      e->args.push_back(std::move(inner));
      return e;
    }
    return ParseComparison();
  }

  Result<ExprPtr> ParseComparison() {
    FLOE_ASSIGN_OR_RETURN(auto l, ParseAdditive());
    while (true) {
      const Token& t = Peek();
      if (t.kind == TokenKind::kSymbol &&
          (t.text == "=" || t.text == "==" || t.text == "<>" || t.text == "!=" || t.text == "<" ||
           t.text == "<=" || t.text == ">" || t.text == ">=")) {
        Next();
        std::string op = t.text == "==" ? "=" : t.text == "!=" ? "<>" : t.text;
        FLOE_ASSIGN_OR_RETURN(auto r, ParseAdditive());
        l = Binary(op, std::move(l), std::move(r), t.offset);
        continue;
      }
      if (PeekWord("IS")) {
        Next();
        auto e = std::make_unique<Expr>();
        e->kind = ExprKind::kIsNull;
        e->offset = t.offset;
        e->negated = AcceptWord("NOT");
        FLOE_RETURN_IF_ERROR(ExpectWord("NULL"));
        e->args.push_back(std::move(l));
        l = std::move(e);
        continue;
      }
      bool negated = false;
      if (PeekWord("NOT") && (PeekWord("IN", 1) || PeekWord("BETWEEN", 1) || PeekWord("LIKE", 1) ||
                              PeekWord("ILIKE", 1))) {
        Next();
        negated = true;
      }
      if (AcceptWord("IN")) {
        auto e = std::make_unique<Expr>();
        e->kind = ExprKind::kIn;
        e->offset = t.offset;
        e->negated = negated;
        e->args.push_back(std::move(l));
        if (PeekWord("SELECT", 1) || PeekWord("WITH", 1)) {
          FLOE_RETURN_IF_ERROR(ParseSubquery(e.get()));
          l = std::move(e);
          continue;
        }
        FLOE_RETURN_IF_ERROR(Expect("("));
        do {
          FLOE_ASSIGN_OR_RETURN(auto v, ParseExpr());
          e->args.push_back(std::move(v));
        } while (Accept(","));
        FLOE_RETURN_IF_ERROR(Expect(")"));
        l = std::move(e);
        continue;
      }
      if (AcceptWord("BETWEEN")) {
        auto e = std::make_unique<Expr>();
        e->kind = ExprKind::kBetween;
        e->offset = t.offset;
        e->negated = negated;
        e->args.push_back(std::move(l));
        FLOE_ASSIGN_OR_RETURN(auto lo, ParseAdditive());
        FLOE_RETURN_IF_ERROR(ExpectWord("AND"));
        FLOE_ASSIGN_OR_RETURN(auto hi, ParseAdditive());
        e->args.push_back(std::move(lo));
        e->args.push_back(std::move(hi));
        l = std::move(e);
        continue;
      }
      if (PeekWord("LIKE") || PeekWord("ILIKE")) {
        auto e = std::make_unique<Expr>();
        e->kind = ExprKind::kLike;
        e->op = Upper(Next().text);
        e->offset = t.offset;
        e->negated = negated;
        e->args.push_back(std::move(l));
        FLOE_ASSIGN_OR_RETURN(auto pattern, ParseAdditive());
        e->args.push_back(std::move(pattern));
        l = std::move(e);
        continue;
      }
      if (negated) return Error(Peek(), "expected IN, BETWEEN, LIKE or ILIKE after NOT");
      return l;
    }
  }

  Result<ExprPtr> ParseAdditive() {
    FLOE_ASSIGN_OR_RETURN(auto l, ParseMultiplicative());
    while (PeekSymbol("+") || PeekSymbol("-") || PeekSymbol("||")) {
      const Token& t = Next();
      FLOE_ASSIGN_OR_RETURN(auto r, ParseMultiplicative());
      l = Binary(t.text, std::move(l), std::move(r), t.offset);
    }
    return l;
  }
  Result<ExprPtr> ParseMultiplicative() {
    FLOE_ASSIGN_OR_RETURN(auto l, ParseUnary());
    while (PeekSymbol("*") || PeekSymbol("/") || PeekSymbol("//") || PeekSymbol("%")) {
      const Token& t = Next();
      FLOE_ASSIGN_OR_RETURN(auto r, ParseUnary());
      l = Binary(t.text, std::move(l), std::move(r), t.offset);
    }
    return l;
  }
  Result<ExprPtr> ParseUnary() {
    if (PeekSymbol("-") || PeekSymbol("+")) {
      const Token& t = Next();
      FLOE_ASSIGN_OR_RETURN(auto inner, ParseUnary());
      if (t.text == "+") return inner;
      if (inner->kind == ExprKind::kLiteral && !inner->value.is_null &&
          IsNumeric(inner->value.type)) {
        if (inner->value.type == DataType::kDouble) {
          inner->value.d = -inner->value.d;
        } else {
          inner->value.i = -inner->value.i;
        }
        inner->offset = t.offset;
        return inner;
      }
      auto e = std::make_unique<Expr>();
      e->kind = ExprKind::kUnary;
      e->op = "-";
      e->offset = t.offset;
      e->args.push_back(std::move(inner));
      return e;
    }
    return ParsePostfix();
  }
  Result<ExprPtr> ParsePostfix() {
    FLOE_ASSIGN_OR_RETURN(auto e, ParsePrimary());
    while (PeekSymbol("::")) {
      Next();
      FLOE_ASSIGN_OR_RETURN(DataType t, ParseType());
      auto c = std::make_unique<Expr>();
      c->kind = ExprKind::kCast;
      c->offset = e->offset;
      c->cast_type = t;
      c->args.push_back(std::move(e));
      e = std::move(c);
    }
    return e;
  }

  Result<DataType> ParseType() {
    const Token& t = Peek();
    if (t.kind != TokenKind::kIdent)
      return Error(t, "expected a type name but found " + Describe(t));
    Next();
    auto type = ParseTypeName(t.text);
    if (!type.ok()) return Error(t, type.status().message());
    if (Accept("(")) {  // DECIMAL(p, s), VARCHAR(n): the parameters do not change floe's type
      while (!PeekSymbol(")") && Peek().kind != TokenKind::kEnd) Next();
      FLOE_RETURN_IF_ERROR(Expect(")"));
    }
    if (Upper(t.text) == "TIMESTAMP" && PeekWord("WITH")) {
      Next();
      FLOE_RETURN_IF_ERROR(ExpectWord("TIME"));
      FLOE_RETURN_IF_ERROR(ExpectWord("ZONE"));
    }
    return *type;
  }

  ExprPtr Literal(Value v, size_t offset) {
    auto e = std::make_unique<Expr>();
    e->kind = ExprKind::kLiteral;
    e->value = std::move(v);
    e->offset = offset;
    return e;
  }

  // INTERVAL '5 minutes', INTERVAL '1' HOUR, INTERVAL 5 MINUTE → microseconds.
  Result<ExprPtr> ParseInterval(size_t offset) {
    const Token& t = Next();
    std::string text;
    if (t.kind == TokenKind::kString || t.kind == TokenKind::kInteger ||
        t.kind == TokenKind::kFloat) {
      text = t.text;
    } else {
      return Error(t, "expected an interval such as INTERVAL '5 minutes' or INTERVAL 5 MINUTE");
    }
    if (Peek().kind == TokenKind::kIdent && !IsReserved(Upper(Peek().text)))
      text += " " + Next().text;
    char* end = nullptr;
    double amount = std::strtod(text.c_str(), &end);
    std::string unit = Lower(std::string_view(end));
    while (!unit.empty() && std::isspace(static_cast<unsigned char>(unit.front())))
      unit.erase(0, 1);
    if (end == text.c_str()) return Error(t, "interval '" + text + "' has no amount");
    if (unit.size() > 1 && unit.back() == 's') unit.pop_back();
    double micros;
    if (unit == "microsecond" || unit == "us") {
      micros = 1;
    } else if (unit == "millisecond" || unit == "ms") {
      micros = 1e3;
    } else if (unit == "second" || unit == "sec" || unit == "s") {
      micros = 1e6;
    } else if (unit == "minute" || unit == "min" || unit == "m") {
      micros = 60e6;
    } else if (unit == "hour" || unit == "h") {
      micros = 3600e6;
    } else if (unit == "day" || unit == "d") {
      micros = 86400e6;
    } else if (unit == "week" || unit == "w") {
      micros = 7 * 86400e6;
    } else {
      return Error(
          t, "unsupported interval unit '" + unit +
                 "' (use microseconds, milliseconds, seconds, minutes, hours, days or weeks)");
    }
    return Literal(Value::Int(static_cast<int64_t>(amount * micros), DataType::kInterval), offset);
  }

  Result<ExprPtr> ParseCase(size_t offset) {
    auto e = std::make_unique<Expr>();
    e->kind = ExprKind::kCase;
    e->offset = offset;
    if (!PeekWord("WHEN")) {
      e->has_operand = true;
      FLOE_ASSIGN_OR_RETURN(auto operand, ParseExpr());
      e->args.push_back(std::move(operand));
    }
    if (!PeekWord("WHEN")) return Error(Peek(), "expected WHEN in CASE");
    while (AcceptWord("WHEN")) {
      FLOE_ASSIGN_OR_RETURN(auto when, ParseExpr());
      FLOE_RETURN_IF_ERROR(ExpectWord("THEN"));
      FLOE_ASSIGN_OR_RETURN(auto then, ParseExpr());
      e->args.push_back(std::move(when));
      e->args.push_back(std::move(then));
    }
    if (AcceptWord("ELSE")) {
      e->has_else = true;
      FLOE_ASSIGN_OR_RETURN(auto other, ParseExpr());
      e->args.push_back(std::move(other));
    }
    FLOE_RETURN_IF_ERROR(ExpectWord("END"));
    return e;
  }

  Result<ExprPtr> ParseFunction(const Token& name) {
    auto e = std::make_unique<Expr>();
    e->kind = ExprKind::kFunction;
    e->op = Lower(name.text);
    e->offset = name.offset;
    FLOE_RETURN_IF_ERROR(Expect("("));
    if (Accept("*")) {
      e->star_arg = true;
      FLOE_RETURN_IF_ERROR(Expect(")"));
      if (AcceptWord("OVER")) FLOE_RETURN_IF_ERROR(ParseOver(e.get()));
      return e;
    }
    if (AcceptWord("DISTINCT")) e->distinct = true;
    if (!Accept(")")) {
      do {
        FLOE_ASSIGN_OR_RETURN(auto arg, ParseExpr());
        e->args.push_back(std::move(arg));
      } while (Accept(","));
      FLOE_RETURN_IF_ERROR(Expect(")"));
    }
    if (AcceptWord("OVER")) FLOE_RETURN_IF_ERROR(ParseOver(e.get()));
    return e;
  }

  // OVER ([PARTITION BY expr, ...] [ORDER BY ...]) after a function call.
  Status ParseOver(Expr* e) {
    auto spec = std::make_shared<WindowSpec>();
    FLOE_RETURN_IF_ERROR(Expect("("));
    if (AcceptWord("PARTITION")) {
      FLOE_RETURN_IF_ERROR(ExpectWord("BY"));
      do {
        FLOE_ASSIGN_OR_RETURN(auto p, ParseExpr());
        spec->partition_by.push_back(std::move(p));
      } while (Accept(","));
    }
    if (AcceptWord("ORDER")) {
      FLOE_RETURN_IF_ERROR(ExpectWord("BY"));
      FLOE_ASSIGN_OR_RETURN(spec->order_by, ParseOrderItems());
    }
    if (PeekWord("ROWS") || PeekWord("RANGE") || PeekWord("GROUPS")) {
      return Error(Peek(),
                   "window frames are not supported yet; without one, an ordered window runs "
                   "from the partition's first row to the current row and its peers");
    }
    FLOE_RETURN_IF_ERROR(Expect(")"));
    e->over = std::move(spec);
    return Status::OK();
  }

  // "(" query ")" into e->subquery, its text into e->op.
  Status ParseSubquery(Expr* e) {
    const size_t start = Peek().offset;
    FLOE_RETURN_IF_ERROR(Expect("("));
    FLOE_ASSIGN_OR_RETURN(auto sub, ParseSelect());
    const size_t end = Peek().offset + 1;
    FLOE_RETURN_IF_ERROR(Expect(")"));
    e->subquery = std::move(sub);
    e->op = std::string(sql_.substr(start, end - start));
    return Status::OK();
  }

  Result<ExprPtr> ParsePrimary() {
    const Token& t = Peek();
    switch (t.kind) {
      case TokenKind::kInteger: {
        Next();
        errno = 0;
        long long v = std::strtoll(t.text.c_str(), nullptr, 10);
        if (errno == ERANGE)
          return Literal(Value::Double(std::strtod(t.text.c_str(), nullptr)), t.offset);
        bool fits32 = v <= 2147483647LL;
        return Literal(Value::Int(v, fits32 ? DataType::kInteger : DataType::kBigint), t.offset);
      }
      case TokenKind::kFloat:
        Next();
        return Literal(Value::Double(std::strtod(t.text.c_str(), nullptr)), t.offset);
      case TokenKind::kString:
        Next();
        return Literal(Value::String(t.text), t.offset);
      case TokenKind::kSymbol:
        if (t.text == "(" && (PeekWord("SELECT", 1) || PeekWord("WITH", 1))) {
          auto e = std::make_unique<Expr>();
          e->kind = ExprKind::kSubquery;
          e->offset = t.offset;
          FLOE_RETURN_IF_ERROR(ParseSubquery(e.get()));
          return e;
        }
        if (t.text == "(") {
          Next();
          FLOE_ASSIGN_OR_RETURN(auto inner, ParseExpr());
          FLOE_RETURN_IF_ERROR(Expect(")"));
          return inner;
        }
        if (t.text == "*") {
          Next();
          auto e = std::make_unique<Expr>();
          e->kind = ExprKind::kStar;
          e->offset = t.offset;
          return e;
        }
        return Error(t, "syntax error at or near " + Describe(t));
      case TokenKind::kEnd:
        return Error(t, "syntax error at end of input");
      case TokenKind::kQuotedIdent:
      case TokenKind::kIdent:
        break;
    }
    if (t.kind == TokenKind::kIdent) {
      std::string word = Upper(t.text);
      if (word == "NULL") return Next(), Literal(Value::Null(), t.offset);
      if (word == "TRUE") return Next(), Literal(Value::Bool(true), t.offset);
      if (word == "FALSE") return Next(), Literal(Value::Bool(false), t.offset);
      if (word == "CASE") return Next(), ParseCase(t.offset);
      if (word == "EXISTS" && Peek(1).kind == TokenKind::kSymbol && Peek(1).text == "(") {
        auto e = std::make_unique<Expr>();
        e->kind = ExprKind::kExists;
        e->offset = t.offset;
        Next();
        FLOE_RETURN_IF_ERROR(ParseSubquery(e.get()));
        return e;
      }
      if (word == "INTERVAL") return Next(), ParseInterval(t.offset);
      if ((word == "TIMESTAMP" || word == "DATE") && Peek(1).kind == TokenKind::kString) {
        Next();
        const Token& s = Next();
        auto c = std::make_unique<Expr>();
        c->kind = ExprKind::kCast;
        c->offset = t.offset;
        c->cast_type = word == "DATE" ? DataType::kDate : DataType::kTimestamp;
        c->args.push_back(Literal(Value::String(s.text), s.offset));
        return c;
      }
      if (word == "CAST" || word == "TRY_CAST") {
        Next();
        FLOE_RETURN_IF_ERROR(Expect("("));
        auto c = std::make_unique<Expr>();
        c->kind = ExprKind::kCast;
        c->offset = t.offset;
        FLOE_ASSIGN_OR_RETURN(auto inner, ParseExpr());
        FLOE_RETURN_IF_ERROR(ExpectWord("AS"));
        FLOE_ASSIGN_OR_RETURN(c->cast_type, ParseType());
        FLOE_RETURN_IF_ERROR(Expect(")"));
        c->args.push_back(std::move(inner));
        return c;
      }
      if (word == "EXTRACT" && PeekSymbol("(", 1)) {
        Next();
        Next();
        const Token& part = Next();
        if (part.kind != TokenKind::kIdent && part.kind != TokenKind::kString)
          return Error(part, "expected a date part such as YEAR or HOUR");
        FLOE_RETURN_IF_ERROR(ExpectWord("FROM"));
        FLOE_ASSIGN_OR_RETURN(auto inner, ParseExpr());
        FLOE_RETURN_IF_ERROR(Expect(")"));
        auto e = std::make_unique<Expr>();
        e->kind = ExprKind::kExtract;
        e->op = Lower(part.text);
        e->offset = t.offset;
        e->args.push_back(std::move(inner));
        return e;
      }
      if (IsReserved(word)) return Error(t, "syntax error at or near " + Describe(t));
      if (PeekSymbol("(", 1)) return ParseFunction(Next());
    }
    // [qualifier.]column or qualifier.*
    auto e = std::make_unique<Expr>();
    e->kind = ExprKind::kColumn;
    e->offset = t.offset;
    Next();
    e->names.push_back(t.kind == TokenKind::kIdent ? Lower(t.text) : t.text);
    while (Accept(".")) {
      if (Accept("*")) {
        e->kind = ExprKind::kStar;
        return e;
      }
      FLOE_ASSIGN_OR_RETURN(std::string part, ExpectIdent("a column name"));
      e->names.push_back(std::move(part));
    }
    return e;
  }

  std::string_view sql_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
};

}  // namespace

Result<Statement> ParseStatement(std::string_view sql) {
  FLOE_ASSIGN_OR_RETURN(auto tokens, Tokenize(sql));
  Parser p(sql, std::move(tokens));
  return p.Parse();
}

}  // namespace floe::query
