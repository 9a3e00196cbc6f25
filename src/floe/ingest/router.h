// floe::ingest — per-record routing as Firehose's MetadataExtraction
// processor does it: a JQ-1.6 object such as
//   {destinationDatabaseName: .db, destinationTableName: .event.table, operation: "insert"}
// whose values are paths into the record (.a.b, ."quoted key") or literals
// ("text", null). That is the subset users write; anything else is refused
// when the stream is created.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "floe/base/status.h"
#include "floe/iceberg/json.h"

namespace floe::ingest {

struct Route {
  std::string database;
  std::string table;
  std::string operation = "insert";
};

class Router {
 public:
  static Result<Router> Parse(std::string_view query);

  // Evaluates the query on a parsed record. InvalidArgument when the record
  // gives no database or table, or a value that is not a string.
  Result<Route> Evaluate(const iceberg::Json& record) const;

 private:
  struct Expr {
    bool literal = false;
    std::optional<std::string> value;  // literal (nullopt = null)
    std::vector<std::string> path;     // .a.b
  };
  std::optional<Expr> database_, table_, operation_;
};

}  // namespace floe::ingest
