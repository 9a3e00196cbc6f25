// Definitions shared by the planner's source files (planner.cc binds
// expressions, plan_select.cc builds operator trees).
#pragma once

#include "floe/query/aggregate.h"
#include "floe/query/planner.h"
#include "floe/query/table_source.h"

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

struct Planner::BindContext {
  const std::vector<ScopeColumn>* scope = nullptr;
  AggContext* agg = nullptr;  // binding over the aggregation's output
  bool in_aggregate = false;  // inside an aggregate's argument
  const char* clause = "SELECT";
};

inline bool IsAggregateCall(const Expr& e) {
  return e.kind == ExprKind::kFunction && (e.star_arg || LookupAggregate(e.op).has_value());
}

inline bool ContainsAggregate(const Expr& e) {
  if (IsAggregateCall(e)) return true;
  for (const auto& a : e.args) {
    if (ContainsAggregate(*a)) return true;
  }
  return false;
}

}  // namespace floe::query
