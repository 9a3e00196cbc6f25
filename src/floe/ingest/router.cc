#include "floe/ingest/router.h"

#include <cctype>

namespace floe::ingest {
namespace {

class Lexer {
 public:
  explicit Lexer(std::string_view s) : s_(s) {}
  void Skip() {
    while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
  }
  bool Eat(char c) {
    Skip();
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  bool AtEnd() {
    Skip();
    return i_ >= s_.size();
  }
  char Peek() {
    Skip();
    return i_ < s_.size() ? s_[i_] : '\0';
  }
  Result<std::string> Ident() {
    Skip();
    size_t start = i_;
    while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '_'))
      ++i_;
    if (i_ == start) return Error("a name");
    return std::string(s_.substr(start, i_ - start));
  }
  Result<std::string> String() {
    if (!Eat('"')) return Error("a string");
    std::string out;
    while (i_ < s_.size() && s_[i_] != '"') {
      if (s_[i_] == '\\' && i_ + 1 < s_.size()) ++i_;
      out.push_back(s_[i_++]);
    }
    if (i_ >= s_.size()) return Error("a closing quote");
    ++i_;
    return out;
  }
  Status Error(const std::string& what) const {
    return InvalidArgument("MetadataExtractionQuery: expected " + what + " at offset " +
                           std::to_string(i_) + " of '" + std::string(s_) +
                           "'; floe supports {key: .path, key: \"literal\"} queries");
  }

 private:
  std::string_view s_;
  size_t i_ = 0;
};

}  // namespace

Result<Router> Router::Parse(std::string_view query) {
  Lexer lx(query);
  Router r;
  if (!lx.Eat('{')) return lx.Error("'{'");
  bool first = true;
  while (!lx.Eat('}')) {
    if (!first && !lx.Eat(',')) return lx.Error("',' or '}'");
    first = false;
    std::string key;
    if (lx.Peek() == '"') {
      FLOE_ASSIGN_OR_RETURN(key, lx.String());
    } else {
      FLOE_ASSIGN_OR_RETURN(key, lx.Ident());
    }
    if (!lx.Eat(':')) return lx.Error("':'");
    Expr e;
    if (lx.Peek() == '"') {
      e.literal = true;
      FLOE_ASSIGN_OR_RETURN(std::string v, lx.String());
      e.value = std::move(v);
    } else if (lx.Peek() == '.') {
      while (lx.Eat('.')) {
        if (lx.Peek() == '"') {
          FLOE_ASSIGN_OR_RETURN(std::string part, lx.String());
          e.path.push_back(std::move(part));
        } else {
          FLOE_ASSIGN_OR_RETURN(std::string part, lx.Ident());
          e.path.push_back(std::move(part));
        }
      }
    } else {
      FLOE_ASSIGN_OR_RETURN(std::string word, lx.Ident());
      if (word != "null") return lx.Error("a path (.field), a string or null");
      e.literal = true;
    }
    if (key == "destinationDatabaseName") {
      r.database_ = std::move(e);
    } else if (key == "destinationTableName") {
      r.table_ = std::move(e);
    } else if (key == "operation") {
      r.operation_ = std::move(e);
    } else {
      return InvalidArgument("MetadataExtractionQuery: unknown key '" + key +
                             "'; use destinationDatabaseName, destinationTableName and operation");
    }
  }
  if (!lx.AtEnd()) return lx.Error("the end of the query");
  if (!r.database_ || !r.table_) {
    return InvalidArgument(
        "MetadataExtractionQuery must give destinationDatabaseName and destinationTableName");
  }
  return r;
}

namespace {

Result<std::optional<std::string>> Eval(const iceberg::Json& record, bool literal,
                                        const std::optional<std::string>& value,
                                        const std::vector<std::string>& path, const char* what) {
  if (literal) return value;
  const iceberg::Json* cur = &record;
  for (const auto& p : path) {
    if (!cur->is_object()) return std::optional<std::string>();
    auto it = cur->find(p);
    if (it == cur->end()) return std::optional<std::string>();
    cur = &*it;
  }
  if (cur->is_null()) return std::optional<std::string>();
  if (!cur->is_string())
    return InvalidArgument(std::string(what) + " must be a string, got " + cur->dump());
  return std::optional<std::string>(cur->get<std::string>());
}

}  // namespace

Result<Route> Router::Evaluate(const iceberg::Json& record) const {
  Route route;
  FLOE_ASSIGN_OR_RETURN(auto db, Eval(record, database_->literal, database_->value, database_->path,
                                      "destinationDatabaseName"));
  FLOE_ASSIGN_OR_RETURN(
      auto t, Eval(record, table_->literal, table_->value, table_->path, "destinationTableName"));
  if (!db || db->empty() || !t || t->empty()) {
    return InvalidArgument(
        "the record gives no destination database and table for the MetadataExtractionQuery");
  }
  route.database = *db;
  route.table = *t;
  if (operation_) {
    FLOE_ASSIGN_OR_RETURN(auto op, Eval(record, operation_->literal, operation_->value,
                                        operation_->path, "operation"));
    if (op) route.operation = *op;
  }
  if (route.operation != "insert" && route.operation != "update" && route.operation != "delete") {
    return InvalidArgument("operation must be insert, update or delete, got '" + route.operation +
                           "'");
  }
  return route;
}

}  // namespace floe::ingest
