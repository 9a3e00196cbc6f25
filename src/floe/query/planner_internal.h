// Definitions shared by the planner's source files (planner.cc binds
// expressions, plan_select.cc builds operator trees).
#pragma once

#include "floe/query/aggregate.h"
#include "floe/query/planner.h"
#include "floe/query/table_source.h"
#include "floe/query/window.h"

namespace floe::query {

struct Planner::Relation {
  std::unique_ptr<TableSource> pending;  // a table scan not opened yet
  OperatorPtr op;
  std::vector<ScopeColumn> columns;
};

struct Planner::AggContext {
  std::vector<std::string> group_text;
  std::vector<int> group_column;  // the input column of a bare-column group, else -1
  std::vector<DataType> group_types;
  std::vector<AggregateSpec> aggs;
  std::vector<std::string> agg_text;
};

// The window calls of a SELECT block, computed after grouping; a call binds
// to a placeholder column -(k + 1), renumbered once the block knows how many
// columns come before the window's (FixWindowColumns).
struct Planner::WindowContext {
  std::vector<WindowCall> calls;
};

struct Planner::BindContext {
  const std::vector<ScopeColumn>* scope = nullptr;
  AggContext* agg = nullptr;         // binding over the aggregation's output
  bool in_aggregate = false;         // inside an aggregate's argument
  WindowContext* windows = nullptr;  // where window functions may stand (SELECT, ORDER BY)
  bool in_window = false;            // inside a window call
  const char* clause = "SELECT";
};

inline bool IsAggregateCall(const Expr& e) {
  return e.kind == ExprKind::kFunction && !e.over &&
         (e.star_arg || LookupAggregate(e.op).has_value());
}

// Whether pred holds for e or an expression inside it (window specs
// included; subqueries are queries of their own).
template <typename Pred>
bool AnyExpr(const Expr& e, const Pred& pred) {
  if (pred(e)) return true;
  for (const auto& a : e.args) {
    if (AnyExpr(*a, pred)) return true;
  }
  if (e.over) {
    for (const auto& p : e.over->partition_by) {
      if (AnyExpr(*p, pred)) return true;
    }
    for (const auto& o : e.over->order_by) {
      if (AnyExpr(*o.expr, pred)) return true;
    }
  }
  return false;
}

inline bool ContainsAggregate(const Expr& e) {
  return AnyExpr(e, [](const Expr& x) { return IsAggregateCall(x); });
}

inline bool ContainsWindow(const Expr& e) {
  return AnyExpr(e, [](const Expr& x) { return x.kind == ExprKind::kFunction && x.over; });
}

}  // namespace floe::query
