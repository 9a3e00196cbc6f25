#include "floe/query/planner.h"

#include <algorithm>
#include <cstring>

#include "floe/query/aggregate.h"
#include "floe/query/functions.h"
#include "floe/query/lexer.h"
#include "floe/query/operators.h"
#include "floe/query/planner_internal.h"

namespace floe::query {

namespace {

std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

BoundPtr MakeLogic(BoundExpr::Kind kind, std::vector<BoundPtr> args) {
  auto e = std::make_unique<BoundExpr>();
  e->kind = kind;
  e->type = DataType::kBoolean;
  e->args = std::move(args);
  return e;
}

}  // namespace

Status Planner::Error(const Expr& e, const std::string& message) const {
  return SqlError("Binder Error", sql_, e.offset, message);
}

Status Planner::Wrap(const Expr& e, const Status& st) const {
  if (st.ok() || st.code() != StatusCode::kInvalidArgument ||
      st.message().find("\nLINE ") != std::string::npos)
    return st;
  const std::string& m = st.message();
  size_t colon = m.find(" Error: ");
  if (colon != std::string::npos && colon < 20) {
    return SqlError(m.substr(0, colon + 6), sql_, e.offset, m.substr(colon + 8));
  }
  return SqlError("Binder Error", sql_, e.offset, m);
}

Result<int> Planner::ResolveColumn(const Expr& e, const std::vector<ScopeColumn>& scope) {
  std::string name = Lower(e.names.back());
  std::string table = e.names.size() >= 2 ? Lower(e.names[e.names.size() - 2]) : "";
  int found = -1;
  std::vector<std::string> candidates;
  for (size_t k = 0; k < scope.size(); ++k) {
    candidates.push_back(scope[k].name);
    if (Lower(scope[k].name) != name) continue;
    if (!table.empty() && Lower(scope[k].table) != table) continue;
    if (found >= 0) {
      return Error(
          e, "ambiguous column reference \"" + e.ToString() + "\"; qualify it as table.column");
    }
    found = static_cast<int>(k);
  }
  if (found >= 0) return found;
  for (const auto* outer : outer_scopes_) {
    for (const ScopeColumn& c : *outer) {
      if (Lower(c.name) == name && (table.empty() || Lower(c.table) == table)) {
        return Error(e, "correlated subqueries are not supported yet: \"" + e.ToString() +
                            "\" refers to the outer query; rewrite the query with a JOIN");
      }
    }
  }
  std::string msg = "column \"" + e.ToString() + "\" not found";
  std::string hint = ClosestName(e.names.back(), candidates);
  if (!hint.empty())
    msg += "; did you mean \"" + hint + "\"?";
  else if (!candidates.empty()) {
    msg += " (columns:";
    for (size_t k = 0; k < candidates.size() && k < 12; ++k) msg += " " + candidates[k];
    msg += candidates.size() > 12 ? " ...)" : ")";
  }
  return Error(e, msg);
}

Result<Planner::SubqueryResult> Planner::RunSubquery(const Expr& e, const BindContext& ctx,
                                                     int64_t max_rows) {
  auto cached = subqueries_.find(&e);
  if (cached != subqueries_.end()) return cached->second;
  if (ctx.scope != nullptr) outer_scopes_.push_back(ctx.scope);
  auto planned = Plan(*e.subquery);
  if (ctx.scope != nullptr) outer_scopes_.pop_back();
  if (!planned.ok()) return planned.status();
  SubqueryResult r;
  r.columns = planned->types.size();
  if (!planned->types.empty()) r.type = planned->types[0];
  Chunk c;
  bool done = false;
  while (!done) {
    FLOE_ASSIGN_OR_RETURN(bool more, planned->root->Next(&c));
    if (!more) break;
    if (c.rows == 0) continue;
    r.any_row = true;
    if (max_rows == 0) break;
    int64_t bytes = 0;
    for (int64_t row = 0; row < c.rows && !done; ++row) {
      r.values.push_back(c.columns[0].Get(row));
      bytes += 48 + static_cast<int64_t>(r.values.back().s.size());
      done = max_rows > 0 && static_cast<int64_t>(r.values.size()) > max_rows;
    }
    FLOE_RETURN_IF_ERROR(memory_->Grow(bytes, "a subquery's result"));
  }
  subqueries_[&e] = r;
  return r;
}

Result<BoundPtr> Planner::BindInList(const Expr& e, BoundPtr x, DataType type,
                                     std::vector<BoundPtr> items) {
  if (IsInteger(type) && IsInteger(x->type)) type = x->type;
  auto out = std::make_unique<BoundExpr>();
  out->kind = BoundExpr::Kind::kIn;
  out->type = DataType::kBoolean;
  out->negated = e.negated;
  auto cx = BindCast(std::move(x), type);
  if (!cx.ok()) return Wrap(e, cx.status());
  out->args.push_back(std::move(*cx));
  for (auto& v : items) {
    auto cv = BindCast(std::move(v), type);
    if (!cv.ok()) return Wrap(e, cv.status());
    out->args.push_back(std::move(*cv));
  }
  PrepareIn(out.get());
  return out;
}

Result<BoundPtr> Planner::BindInSubquery(const Expr& e, BindContext& ctx) {
  FLOE_ASSIGN_OR_RETURN(auto x, Bind(*e.args[0], ctx));
  FLOE_ASSIGN_OR_RETURN(SubqueryResult r, RunSubquery(e, ctx, -1));
  if (r.columns != 1)
    return Error(e, "the subquery of IN must return one column, not " + std::to_string(r.columns));
  auto common = CommonType(x->type, r.type);
  if (!common.ok()) return Wrap(e, common.status());
  // Each distinct value once (one NULL stands for any).
  std::vector<BoundPtr> items;
  std::unordered_set<std::string> seen;
  bool has_null = false;
  for (const Value& v : r.values) {
    if (v.is_null) {
      has_null = true;
      continue;
    }
    std::string key = v.type == DataType::kVarchar ? v.s : std::string(8, '\0');
    if (v.type == DataType::kDouble) std::memcpy(key.data(), &v.d, 8);
    if (v.type != DataType::kVarchar && v.type != DataType::kDouble)
      std::memcpy(key.data(), &v.i, 8);
    if (seen.insert(std::move(key)).second) items.push_back(MakeConstant(v));
  }
  if (has_null) items.push_back(MakeConstant(Value::Null(r.type)));
  return BindInList(e, std::move(x), *common, std::move(items));
}

Result<Value> Planner::ConstantValue(const Expr& e) {
  std::vector<ScopeColumn> none;
  BindContext ctx;
  ctx.scope = &none;
  FLOE_ASSIGN_OR_RETURN(BoundPtr b, Bind(e, ctx));
  if (b->kind != BoundExpr::Kind::kConstant) return Error(e, "expected a constant expression");
  return b->constant;
}

Result<BoundPtr> Planner::BindAggregate(const Expr& e, BindContext& ctx) {
  AggContext& agg = *ctx.agg;
  std::string text = e.ToString();
  int groups = static_cast<int>(agg.group_text.size());
  for (size_t k = 0; k < agg.agg_text.size(); ++k) {
    if (agg.agg_text[k] == text)
      return MakeColumn(groups + static_cast<int>(k), agg.aggs[k].type, text);
  }
  AggregateSpec spec;
  spec.name = text;
  spec.distinct = e.distinct;
  if (e.star_arg) {
    if (e.op != "count") return Error(e, e.op + "(*) is not an aggregate; only COUNT(*) takes *");
    spec.kind = AggKind::kCountStar;
  } else {
    spec.kind = *LookupAggregate(e.op);
    bool quantile = spec.kind == AggKind::kQuantile || spec.kind == AggKind::kQuantileDisc;
    size_t want = quantile && e.op != "median" ? 2 : 1;
    if (e.args.size() != want) {
      return Error(e, e.op + "() takes " + std::to_string(want) + " argument" +
                          (want == 1 ? "" : "s") + ", got " + std::to_string(e.args.size()));
    }
    BindContext inner;
    inner.scope = ctx.scope;
    inner.in_aggregate = true;
    inner.clause = ctx.clause;
    FLOE_ASSIGN_OR_RETURN(spec.arg, Bind(*e.args[0], inner));
    if (want == 2) {
      FLOE_ASSIGN_OR_RETURN(Value f, ConstantValue(*e.args[1]));
      auto d = CastValue(f, DataType::kDouble);
      if (!d.ok() || d->is_null || d->d < 0 || d->d > 1) {
        return Error(*e.args[1],
                     e.op + "() needs a constant fraction between 0 and 1 as its second argument");
      }
      spec.fraction = d->d;
    }
  }
  auto type = AggregateType(spec.kind, spec.arg ? spec.arg->type : DataType::kBigint);
  if (!type.ok()) return Wrap(e, type.status());
  spec.type = *type;
  if (spec.type == DataType::kNull) spec.type = DataType::kInteger;
  agg.aggs.push_back(std::move(spec));
  agg.agg_text.push_back(text);
  return MakeColumn(groups + static_cast<int>(agg.aggs.size() - 1), agg.aggs.back().type, text);
}

Result<BoundPtr> Planner::BindWindow(const Expr& e, BindContext& ctx) {
  if (ctx.in_window || ctx.in_aggregate)
    return Error(e, "window function calls cannot be nested in window or aggregate calls");
  if (ctx.windows == nullptr)
    return Error(e, std::string("window functions are not allowed in ") + ctx.clause);
  WindowCall call;
  if (!LookupWindowFunction(e.op, e.star_arg, &call)) {
    return Error(e, "\"" + e.op +
                        "\" is not a window function (row_number, rank, dense_rank, lag, lead, "
                        "count, sum, avg, min, max)");
  }
  if (e.distinct) return Error(e, "DISTINCT is not supported in window functions");
  BindContext inner = ctx;
  inner.in_window = true;
  for (const auto& a : e.args) {
    FLOE_ASSIGN_OR_RETURN(auto b, Bind(*a, inner));
    call.args.push_back(std::move(b));
  }
  using K = WindowCall::Kind;
  const size_t want_min = call.kind == K::kLag || call.kind == K::kLead                   ? 1
                          : call.kind == K::kAggregate && call.agg != AggKind::kCountStar ? 1
                                                                                          : 0;
  const size_t want_max = call.kind == K::kLag || call.kind == K::kLead ? 3 : want_min;
  if (call.args.size() < want_min || call.args.size() > want_max) {
    return Error(e, e.op + " takes " + std::to_string(want_min) +
                        (want_max > want_min ? " to " + std::to_string(want_max) : "") +
                        " argument(s), not " + std::to_string(call.args.size()));
  }
  if (call.kind == K::kLag || call.kind == K::kLead) {
    call.type = call.args[0]->type;
    if (call.args.size() >= 2) {
      FLOE_ASSIGN_OR_RETURN(Value off, ConstantValue(*e.args[1]));
      if (off.is_null || !IsInteger(off.type) || off.i < 0)
        return Error(*e.args[1], e.op + "'s offset must be a constant integer of 0 or more");
      call.offset = off.i;
    }
    call.fallback = Value::Null(call.type);
    if (call.args.size() == 3) {
      auto cast = BindCast(std::move(call.args[2]), call.type);
      if (!cast.ok()) return Wrap(*e.args[2], cast.status());
      if ((*cast)->kind != BoundExpr::Kind::kConstant)
        return Error(*e.args[2], e.op + "'s default must be a constant");
      call.fallback = (*cast)->constant;
    }
    call.args.resize(1);
  } else if (call.kind == K::kAggregate) {
    const DataType arg = call.args.empty() ? DataType::kNull : call.args[0]->type;
    auto type = AggregateType(call.agg, arg);
    if (!type.ok()) return Wrap(e, type.status());
    call.type = *type;
  }
  for (const auto& p : e.over->partition_by) {
    FLOE_ASSIGN_OR_RETURN(auto b, Bind(*p, inner));
    call.partition.push_back(std::move(b));
  }
  for (const auto& o : e.over->order_by) {
    SortKey key;
    FLOE_ASSIGN_OR_RETURN(key.expr, Bind(*o.expr, inner));
    key.desc = o.desc;
    key.nulls_first = o.nulls_first.value_or(false);
    call.order.push_back(std::move(key));
  }
  call.name = e.ToString();
  const DataType type = call.type;
  ctx.windows->calls.push_back(std::move(call));
  return MakeColumn(-static_cast<int>(ctx.windows->calls.size()), type, e.ToString());
}

Result<BoundPtr> Planner::BindFunction(const Expr& e, BindContext& ctx) {
  if (e.over) return BindWindow(e, ctx);
  if (IsAggregateCall(e)) {
    if (ctx.in_aggregate) return Error(e, "aggregate function calls cannot be nested");
    return Error(e, std::string("aggregate functions are not allowed in ") + ctx.clause);
  }
  if (e.distinct) return Error(e, "DISTINCT is only allowed in aggregate functions");
  std::vector<BoundPtr> args;
  for (const auto& a : e.args) {
    FLOE_ASSIGN_OR_RETURN(auto b, Bind(*a, ctx));
    args.push_back(std::move(b));
  }
  auto r = BindScalarFunction(e.op, std::move(args), clock_);
  if (r.ok()) return r;
  if (r.status().code() == StatusCode::kNotFound) {
    std::vector<std::string> names = ScalarFunctionNames();
    for (const char* a :
         {"count", "sum", "avg", "min", "max", "stddev", "approx_percentile", "quantile", "median"})
      names.push_back(a);
    std::string hint = ClosestName(e.op, names);
    return Error(e, "function " + e.op + "() does not exist" +
                        (hint.empty() ? "" : "; did you mean " + hint + "()?"));
  }
  return Wrap(e, r.status());
}

Result<BoundPtr> Planner::Bind(const Expr& e, BindContext& ctx) {
  if (ctx.agg && !ctx.in_aggregate) {
    AggContext& agg = *ctx.agg;
    if (e.kind != ExprKind::kLiteral) {
      std::string text = e.ToString();
      for (size_t g = 0; g < agg.group_text.size(); ++g) {
        if (agg.group_text[g] == text)
          return MakeColumn(static_cast<int>(g), agg.group_types[g], text);
      }
    }
    if (e.kind == ExprKind::kColumn) {
      FLOE_ASSIGN_OR_RETURN(int idx, ResolveColumn(e, *ctx.scope));
      for (size_t g = 0; g < agg.group_column.size(); ++g) {
        if (agg.group_column[g] == idx)
          return MakeColumn(static_cast<int>(g), agg.group_types[g], e.ToString());
      }
      return Error(
          e, "column \"" + e.ToString() +
                 "\" must appear in the GROUP BY clause or must be part of an aggregate function");
    }
    if (IsAggregateCall(e)) return BindAggregate(e, ctx);
  }
  auto bind_arg = [&](size_t k) { return Bind(*e.args[k], ctx); };
  switch (e.kind) {
    case ExprKind::kColumn: {
      FLOE_ASSIGN_OR_RETURN(int idx, ResolveColumn(e, *ctx.scope));
      return MakeColumn(idx, (*ctx.scope)[static_cast<size_t>(idx)].type, e.names.back());
    }
    case ExprKind::kLiteral:
      return MakeConstant(e.value);
    case ExprKind::kStar:
      return Error(e, "* is only allowed in the SELECT list and in COUNT(*)");
    case ExprKind::kUnary: {
      FLOE_ASSIGN_OR_RETURN(auto a, bind_arg(0));
      if (e.op == "-") {
        auto r = BindNegate(std::move(a));
        return r.ok() ? std::move(r) : Result<BoundPtr>(Wrap(e, r.status()));
      }
      if (a->type != DataType::kBoolean && a->type != DataType::kNull)
        return Error(e, "NOT needs a BOOLEAN, not " + std::string(TypeName(a->type)));
      std::vector<BoundPtr> args;
      args.push_back(std::move(a));
      return MakeLogic(BoundExpr::Kind::kNot, std::move(args));
    }
    case ExprKind::kBinary: {
      FLOE_ASSIGN_OR_RETURN(auto l, bind_arg(0));
      FLOE_ASSIGN_OR_RETURN(auto r, bind_arg(1));
      if (e.op == "AND" || e.op == "OR") {
        for (const auto* b : {&l, &r}) {
          if ((*b)->type != DataType::kBoolean && (*b)->type != DataType::kNull)
            return Error(
                e, e.op + " needs BOOLEAN operands, not " + std::string(TypeName((*b)->type)));
        }
        std::vector<BoundPtr> args;
        args.push_back(std::move(l));
        args.push_back(std::move(r));
        return MakeLogic(e.op == "AND" ? BoundExpr::Kind::kAnd : BoundExpr::Kind::kOr,
                         std::move(args));
      }
      auto out = BindOperator(e.op, std::move(l), std::move(r));
      if (!out.ok()) return Wrap(e, out.status());
      return out;
    }
    case ExprKind::kFunction:
      return BindFunction(e, ctx);
    case ExprKind::kCase: {
      size_t k = 0;
      BoundPtr operand;
      if (e.has_operand) {
        FLOE_ASSIGN_OR_RETURN(operand, bind_arg(k++));
      }
      size_t end = e.args.size() - (e.has_else ? 1 : 0);
      std::vector<BoundPtr> whens, thens;
      for (; k + 1 < end + 1 && k < end; k += 2) {
        FLOE_ASSIGN_OR_RETURN(auto w, bind_arg(k));
        if (operand) {
          auto eq = BindOperator("=", operand->Clone(), std::move(w));
          if (!eq.ok()) return Wrap(*e.args[k], eq.status());
          w = std::move(*eq);
        }
        if (w->type != DataType::kBoolean && w->type != DataType::kNull)
          return Error(*e.args[k], "CASE WHEN needs a BOOLEAN condition, not " +
                                       std::string(TypeName(w->type)));
        FLOE_ASSIGN_OR_RETURN(auto t, bind_arg(k + 1));
        whens.push_back(std::move(w));
        thens.push_back(std::move(t));
      }
      BoundPtr other;
      if (e.has_else) {
        FLOE_ASSIGN_OR_RETURN(other, bind_arg(e.args.size() - 1));
      }
      DataType type = DataType::kNull;
      for (const auto& t : thens) {
        auto c = CommonType(type, t->type);
        if (!c.ok()) return Wrap(e, c.status());
        type = *c;
      }
      if (other) {
        auto c = CommonType(type, other->type);
        if (!c.ok()) return Wrap(e, c.status());
        type = *c;
      }
      auto out = std::make_unique<BoundExpr>();
      out->kind = BoundExpr::Kind::kCase;
      out->type = type;
      out->has_else = e.has_else;
      for (size_t p = 0; p < whens.size(); ++p) {
        out->args.push_back(std::move(whens[p]));
        auto t = BindCast(std::move(thens[p]), type);
        if (!t.ok()) return Wrap(e, t.status());
        out->args.push_back(std::move(*t));
      }
      if (other) {
        auto t = BindCast(std::move(other), type);
        if (!t.ok()) return Wrap(e, t.status());
        out->args.push_back(std::move(*t));
      }
      return out;
    }
    case ExprKind::kCast: {
      FLOE_ASSIGN_OR_RETURN(auto a, bind_arg(0));
      auto out = BindCast(std::move(a), e.cast_type);
      if (!out.ok()) return Wrap(e, out.status());
      return out;
    }
    case ExprKind::kSubquery: {
      FLOE_ASSIGN_OR_RETURN(SubqueryResult r, RunSubquery(e, ctx, 1));
      if (r.columns != 1) {
        return Error(e, "a subquery used as a value must return one column, not " +
                            std::to_string(r.columns));
      }
      if (r.values.size() > 1) {
        return SqlError("Invalid Input Error", sql_, e.offset,
                        "more than one row returned by a subquery used as an expression; add "
                        "an aggregate or LIMIT 1");
      }
      return MakeConstant(r.values.empty() || r.values[0].is_null ? Value::Null(r.type)
                                                                  : r.values[0]);
    }
    case ExprKind::kExists: {
      FLOE_ASSIGN_OR_RETURN(SubqueryResult r, RunSubquery(e, ctx, 0));
      return MakeConstant(Value::Bool(r.any_row));
    }
    case ExprKind::kIn: {
      if (e.subquery) return BindInSubquery(e, ctx);
      FLOE_ASSIGN_OR_RETURN(auto x, bind_arg(0));
      std::vector<BoundPtr> items;
      bool constant = true;
      DataType type = x->type;
      for (size_t k = 1; k < e.args.size(); ++k) {
        FLOE_ASSIGN_OR_RETURN(auto v, bind_arg(k));
        constant = constant && v->kind == BoundExpr::Kind::kConstant;
        auto c = CommonType(type, v->type);
        if (!c.ok()) return Wrap(*e.args[k], c.status());
        type = *c;
        items.push_back(std::move(v));
      }
      if (constant) return BindInList(e, std::move(x), type, std::move(items));
      // x IN (a, b) with non-constant items: x = a OR x = b.
      std::vector<BoundPtr> ors;
      for (auto& v : items) {
        auto eq = BindOperator("=", x->Clone(), std::move(v));
        if (!eq.ok()) return Wrap(e, eq.status());
        ors.push_back(std::move(*eq));
      }
      BoundPtr any = MakeLogic(BoundExpr::Kind::kOr, std::move(ors));
      if (!e.negated) return any;
      std::vector<BoundPtr> one;
      one.push_back(std::move(any));
      return MakeLogic(BoundExpr::Kind::kNot, std::move(one));
    }
    case ExprKind::kBetween: {
      FLOE_ASSIGN_OR_RETURN(auto x, bind_arg(0));
      FLOE_ASSIGN_OR_RETURN(auto lo, bind_arg(1));
      FLOE_ASSIGN_OR_RETURN(auto hi, bind_arg(2));
      auto ge = BindOperator(">=", x->Clone(), std::move(lo));
      if (!ge.ok()) return Wrap(e, ge.status());
      auto le = BindOperator("<=", std::move(x), std::move(hi));
      if (!le.ok()) return Wrap(e, le.status());
      std::vector<BoundPtr> both;
      both.push_back(std::move(*ge));
      both.push_back(std::move(*le));
      BoundPtr in_range = MakeLogic(BoundExpr::Kind::kAnd, std::move(both));
      if (!e.negated) return in_range;
      std::vector<BoundPtr> one;
      one.push_back(std::move(in_range));
      return MakeLogic(BoundExpr::Kind::kNot, std::move(one));
    }
    case ExprKind::kLike: {
      FLOE_ASSIGN_OR_RETURN(auto x, bind_arg(0));
      FLOE_ASSIGN_OR_RETURN(auto p, bind_arg(1));
      auto out = BindLike(std::move(x), std::move(p), e.op == "ILIKE", e.negated);
      if (!out.ok()) return Wrap(e, out.status());
      return out;
    }
    case ExprKind::kIsNull: {
      FLOE_ASSIGN_OR_RETURN(auto x, bind_arg(0));
      auto out = std::make_unique<BoundExpr>();
      out->kind = BoundExpr::Kind::kIsNull;
      out->type = DataType::kBoolean;
      out->negated = e.negated;
      out->args.push_back(std::move(x));
      return out;
    }
    case ExprKind::kExtract: {
      FLOE_ASSIGN_OR_RETURN(auto x, bind_arg(0));
      auto out = BindExtract(e.op, std::move(x));
      if (!out.ok()) return Wrap(e, out.status());
      return out;
    }
  }
  return Error(e, "unsupported expression");
}

}  // namespace floe::query
