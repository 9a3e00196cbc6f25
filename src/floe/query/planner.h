// The binder and planner: resolves names against the FROM clause's columns,
// types every expression, and builds the operator tree — filters and column
// projections pushed into table scans, hash aggregation for GROUP BY and
// aggregates, top-N for ORDER BY … LIMIT.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "floe/base/clock.h"
#include "floe/query/ast.h"
#include "floe/query/expr.h"
#include "floe/query/operator.h"
#include "floe/query/resolver.h"

namespace floe::query {

struct PlannedQuery {
  OperatorPtr root;
  std::vector<std::string> names;
  std::vector<DataType> types;
};

class Planner {
 public:
  // `sql` is the statement text, for error positions; `threads` may run
  // aggregations.
  Planner(std::string_view sql, TableResolver* resolver, Clock* clock, MemoryTracker* memory,
          int threads = 1)
      : sql_(sql), resolver_(resolver), clock_(clock), memory_(memory), threads_(threads) {}

  Result<PlannedQuery> Plan(const SelectStmt& stmt);

 private:
  struct ScopeColumn {
    std::string table;  // alias or table name, lower case
    std::string name;
    DataType type;
  };
  struct Relation;
  struct AggContext;
  struct BindContext;
  struct WindowContext;

  Result<PlannedQuery> PlanBlock(const SelectStmt& stmt, bool apply_order);
  Result<Relation> PlanFrom(const TableRef& ref);
  Result<BoundPtr> Bind(const Expr& e, BindContext& ctx);
  Result<BoundPtr> BindFunction(const Expr& e, BindContext& ctx);
  Result<BoundPtr> BindAggregate(const Expr& e, BindContext& ctx);
  Result<BoundPtr> BindWindow(const Expr& e, BindContext& ctx);
  Result<int> ResolveColumn(const Expr& e, const std::vector<ScopeColumn>& scope);
  // An uncorrelated subquery in an expression, run once while planning.
  struct SubqueryResult {
    size_t columns = 0;
    DataType type = DataType::kNull;  // of the first column
    bool any_row = false;
    std::vector<Value> values;  // the first column's
  };
  // Runs e.subquery; stops after max_rows + 1 rows (max_rows < 0: all).
  Result<SubqueryResult> RunSubquery(const Expr& e, const BindContext& ctx, int64_t max_rows);
  Result<BoundPtr> BindInSubquery(const Expr& e, BindContext& ctx);
  // x IN (constant items), all cast to `type` (an integer x keeps its type),
  // with the list's hash sets built.
  Result<BoundPtr> BindInList(const Expr& e, BoundPtr x, DataType type,
                              std::vector<BoundPtr> items);
  Result<Value> ConstantValue(const Expr& e);
  Status Error(const Expr& e, const std::string& message) const;
  Status Wrap(const Expr& e, const Status& st) const;

  std::string_view sql_;
  TableResolver* resolver_;
  Clock* clock_;
  MemoryTracker* memory_;
  int threads_;
  std::vector<std::map<std::string, const SelectStmt*>> ctes_;
  // Scopes of the queries around a subquery being planned (to name
  // correlated references), and the results of subqueries already run.
  std::vector<const std::vector<ScopeColumn>*> outer_scopes_;
  std::map<const Expr*, SubqueryResult> subqueries_;
};

}  // namespace floe::query
