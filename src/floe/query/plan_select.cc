// Building operator trees for SELECT blocks, FROM items, joins and UNION ALL
// (the Planner's methods that are not expression binding).
#include <algorithm>

#include "floe/query/functions.h"
#include "floe/query/lexer.h"
#include "floe/query/operators.h"
#include "floe/query/planner.h"
#include "floe/query/planner_internal.h"

namespace floe::query {
namespace {

std::string LowerName(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool IsComparison(const std::string& op) {
  return op == "=" || op == "<>" || op == "<" || op == "<=" || op == ">" || op == ">=";
}

// Scan filters implied by a WHERE predicate over a table's columns.
void CollectFilters(const BoundExpr& e, std::vector<ScanFilter>* out) {
  using K = BoundExpr::Kind;
  if (e.kind == K::kAnd) {
    for (const auto& a : e.args) CollectFilters(*a, out);
    return;
  }
  if (e.kind == K::kCall && e.args.size() == 2 && IsComparison(e.name) && e.name != "<>") {
    const BoundExpr* col = e.args[0].get();
    const BoundExpr* lit = e.args[1].get();
    bool flipped = false;
    if (col->kind != K::kColumn) {
      std::swap(col, lit);
      flipped = true;
    }
    if (col->kind != K::kColumn || lit->kind != K::kConstant || lit->constant.is_null) return;
    std::string op = e.name;
    if (flipped)
      op = op == "<" ? ">" : op == ">" ? "<" : op == "<=" ? ">=" : op == ">=" ? "<=" : op;
    ScanFilter f;
    f.column = col->column;
    f.op = op == "="    ? ScanFilter::Op::kEq
           : op == "<"  ? ScanFilter::Op::kLt
           : op == "<=" ? ScanFilter::Op::kLe
           : op == ">"  ? ScanFilter::Op::kGt
                        : ScanFilter::Op::kGe;
    f.values.push_back(lit->constant);
    out->push_back(std::move(f));
    return;
  }
  if (e.kind == K::kIn && !e.negated && e.args[0]->kind == K::kColumn) {
    ScanFilter f;
    f.column = e.args[0]->column;
    f.op = ScanFilter::Op::kIn;
    for (size_t k = 1; k < e.args.size(); ++k) {
      if (!e.args[k]->constant.is_null) f.values.push_back(e.args[k]->constant);
    }
    if (!f.values.empty()) out->push_back(std::move(f));
    return;
  }
  if (e.kind == K::kIsNull && e.args[0]->kind == K::kColumn) {
    ScanFilter f;
    f.column = e.args[0]->column;
    f.op = e.negated ? ScanFilter::Op::kNotNull : ScanFilter::Op::kIsNull;
    out->push_back(std::move(f));
  }
}

void ShiftColumns(BoundExpr* e, int by) {
  if (e->kind == BoundExpr::Kind::kColumn) e->column += by;
  for (auto& a : e->args) ShiftColumns(a.get(), by);
}

// The columns an expression reads: 1 = only left (< split), 2 = only right, 3 = both, 0 = none.
int Sides(const BoundExpr& e, int split) {
  int sides = 0;
  VisitColumns(e, [&](int c) { sides |= c < split ? 1 : 2; });
  return sides;
}

void SplitConjuncts(BoundPtr e, std::vector<BoundPtr>* out) {
  if (e->kind == BoundExpr::Kind::kAnd) {
    for (auto& a : e->args) SplitConjuncts(std::move(a), out);
    return;
  }
  out->push_back(std::move(e));
}

// Window placeholders -(k + 1) become column base + k.
void FixWindowColumns(BoundExpr* e, int base) {
  if (e->kind == BoundExpr::Kind::kColumn && e->column < 0) e->column = base - e->column - 1;
  for (auto& a : e->args) FixWindowColumns(a.get(), base);
}

OperatorPtr OpenScan(std::unique_ptr<TableSource> source) {
  return std::make_unique<ScanOperator>(std::move(source));
}

// A Project that casts the columns of `q` to `types` where they differ.
PlannedQuery CastColumns(PlannedQuery q, const std::vector<DataType>& types, Status* st) {
  bool same = q.types == types;
  if (same) return q;
  std::vector<BoundPtr> exprs;
  for (size_t k = 0; k < types.size(); ++k) {
    auto c = BindCast(MakeColumn(static_cast<int>(k), q.types[k], q.names[k]), types[k]);
    if (!c.ok()) {
      *st = c.status();
      return q;
    }
    exprs.push_back(std::move(*c));
  }
  q.root = std::make_unique<ProjectOperator>(std::move(q.root), std::move(exprs));
  q.types = types;
  return q;
}

}  // namespace

Result<PlannedQuery> Planner::Plan(const SelectStmt& stmt) {
  std::map<std::string, const SelectStmt*> ctes;
  for (const auto& [name, sub] : stmt.ctes) ctes[LowerName(name)] = sub.get();
  ctes_.push_back(std::move(ctes));
  struct Pop {
    std::vector<std::map<std::string, const SelectStmt*>>* s;
    ~Pop() { s->pop_back(); }
  } pop{&ctes_};
  if (stmt.set_ops.empty()) return PlanBlock(stmt, true);

  FLOE_ASSIGN_OR_RETURN(PlannedQuery out, PlanBlock(stmt, false));
  for (const SetOperation& op : stmt.set_ops) {
    FLOE_ASSIGN_OR_RETURN(PlannedQuery right, Plan(*op.stmt));
    if (right.types.size() != out.types.size()) {
      return SqlError("Binder Error", sql_, op.offset,
                      std::string(SetOpName(op.kind)) +
                          " branches return different numbers of columns (" +
                          std::to_string(out.types.size()) + " and " +
                          std::to_string(right.types.size()) + ")");
    }
    std::vector<DataType> types = out.types;
    for (size_t k = 0; k < types.size(); ++k) {
      // As DuckDB: a string column beside another type makes the result VARCHAR.
      const DataType a = types[k], b = right.types[k];
      if ((a == DataType::kVarchar) != (b == DataType::kVarchar) && a != DataType::kNull &&
          b != DataType::kNull) {
        types[k] = DataType::kVarchar;
        continue;
      }
      auto c = CommonType(a, b);
      if (!c.ok()) return SqlError("Binder Error", sql_, op.offset, c.status().message());
      types[k] = *c;
    }
    std::vector<std::string> names = out.names;
    Status st;
    OperatorPtr left_op = CastColumns(std::move(out), types, &st).root;
    FLOE_RETURN_IF_ERROR(st);
    OperatorPtr right_op = CastColumns(std::move(right), types, &st).root;
    FLOE_RETURN_IF_ERROR(st);
    out = PlannedQuery();
    out.names = std::move(names);
    out.types = types;
    switch (op.kind) {
      case SetOpKind::kUnionAll:
      case SetOpKind::kUnion: {
        std::vector<OperatorPtr> inputs;
        inputs.push_back(std::move(left_op));
        inputs.push_back(std::move(right_op));
        out.root = std::make_unique<UnionAllOperator>(std::move(inputs));
        if (op.kind == SetOpKind::kUnion) {
          std::vector<BoundPtr> cols;
          for (size_t k = 0; k < types.size(); ++k)
            cols.push_back(MakeColumn(static_cast<int>(k), types[k], out.names[k]));
          out.root = std::make_unique<HashAggregate>(std::move(out.root), std::move(cols),
                                                     std::vector<AggregateSpec>{}, memory_);
        }
        break;
      }
      default:
        out.root = std::make_unique<SetOperationOperator>(std::move(left_op), std::move(right_op),
                                                          op.kind, memory_);
        break;
    }
  }
  const std::vector<std::string>& names = out.names;
  const std::vector<DataType>& types = out.types;
  if (!stmt.order_by.empty()) {
    std::vector<ScopeColumn> scope;
    for (size_t k = 0; k < names.size(); ++k) scope.push_back({"", names[k], types[k]});
    std::vector<SortKey> keys;
    for (const auto& item : stmt.order_by) {
      SortKey key;
      const Expr& e = *item.expr;
      if (e.kind == ExprKind::kLiteral && IsInteger(e.value.type)) {
        if (e.value.i < 1 || e.value.i > static_cast<int64_t>(names.size()))
          return Error(
              e, "ORDER BY position " + std::to_string(e.value.i) + " is not in the select list");
        key.expr = MakeColumn(static_cast<int>(e.value.i - 1),
                              types[static_cast<size_t>(e.value.i - 1)], names[0]);
      } else {
        BindContext ctx;
        ctx.scope = &scope;
        ctx.clause = "ORDER BY";
        FLOE_ASSIGN_OR_RETURN(key.expr, Bind(e, ctx));
      }
      key.desc = item.desc;
      key.nulls_first = item.nulls_first.value_or(false);
      keys.push_back(std::move(key));
    }
    std::optional<int64_t> top;
    if (stmt.limit) top = *stmt.limit + stmt.offset;
    out.root = std::make_unique<SortOperator>(std::move(out.root), std::move(keys), top, memory_);
  }
  if (stmt.limit || stmt.offset)
    out.root = std::make_unique<LimitOperator>(std::move(out.root), stmt.limit, stmt.offset);
  return out;
}

Result<Planner::Relation> Planner::PlanFrom(const TableRef& ref) {
  Relation rel;
  std::string table_name = LowerName(ref.alias);
  auto wrap = [&](const Status& st) {
    if (st.ok() || st.message().find("\nLINE ") != std::string::npos) return st;
    const std::string& m = st.message();
    size_t colon = m.find(" Error: ");
    std::string kind =
        colon != std::string::npos && colon < 20 ? m.substr(0, colon + 6) : "Catalog Error";
    std::string text = colon != std::string::npos && colon < 20 ? m.substr(colon + 8) : m;
    Status out = SqlError(kind, sql_, ref.offset, text);
    return Status(st.code(), out.message());
  };
  auto subquery = [&](const SelectStmt& sub, const std::string& name) -> Status {
    FLOE_ASSIGN_OR_RETURN(PlannedQuery q, Plan(sub));
    rel.op = std::move(q.root);
    for (size_t k = 0; k < q.names.size(); ++k)
      rel.columns.push_back({name, q.names[k], q.types[k]});
    return Status::OK();
  };
  TimeTravel at;
  at.snapshot_id = ref.version_as_of;
  if (ref.timestamp_as_of) {
    FLOE_ASSIGN_OR_RETURN(Value v, ConstantValue(*ref.timestamp_as_of));
    auto ts = CastValue(v, DataType::kTimestamp);
    if (!ts.ok() || ts->is_null)
      return Error(*ref.timestamp_as_of, "FOR TIMESTAMP AS OF needs a timestamp");
    at.as_of_ms = ts->i >= 0 ? ts->i / 1000 : -((-ts->i + 999) / 1000);
  }
  switch (ref.kind) {
    case TableRef::Kind::kNamed: {
      if (ref.name.size() == 1) {
        for (auto it = ctes_.rbegin(); it != ctes_.rend(); ++it) {
          auto found = it->find(LowerName(ref.name[0]));
          if (found == it->end()) continue;
          FLOE_RETURN_IF_ERROR(
              subquery(*found->second, table_name.empty() ? LowerName(ref.name[0]) : table_name));
          return rel;
        }
      }
      auto src = resolver_->ResolveNamed(ref.name, at);
      if (!src.ok()) return wrap(src.status());
      rel.pending = std::move(*src);
      if (table_name.empty()) table_name = LowerName(ref.name.back());
      break;
    }
    case TableRef::Kind::kIcebergScan: {
      auto src = resolver_->ResolveIcebergPath(ref.path, at);
      if (!src.ok()) return wrap(src.status());
      rel.pending = std::move(*src);
      break;
    }
    case TableRef::Kind::kReadParquet: {
      auto src = resolver_->ResolveParquet(ref.path);
      if (!src.ok()) return wrap(src.status());
      rel.pending = std::move(*src);
      break;
    }
    case TableRef::Kind::kSubquery:
      FLOE_RETURN_IF_ERROR(subquery(*ref.subquery, table_name));
      return rel;
    case TableRef::Kind::kJoin: {
      FLOE_ASSIGN_OR_RETURN(Relation left, PlanFrom(*ref.left));
      FLOE_ASSIGN_OR_RETURN(Relation right, PlanFrom(*ref.right));
      for (Relation* side : {&left, &right}) {
        if (side->pending) {
          FLOE_RETURN_IF_ERROR(
              side->pending->Open(std::vector<bool>(side->columns.size(), true), {}));
          side->op = OpenScan(std::move(side->pending));
        }
      }
      rel.columns = left.columns;
      rel.columns.insert(rel.columns.end(), right.columns.begin(), right.columns.end());
      int split = static_cast<int>(left.columns.size());
      std::vector<BoundPtr> lkeys, rkeys, residual;
      if (ref.on) {
        BindContext ctx;
        ctx.scope = &rel.columns;
        ctx.clause = "ON";
        FLOE_ASSIGN_OR_RETURN(BoundPtr on, Bind(*ref.on, ctx));
        if (on->type != DataType::kBoolean)
          return Error(*ref.on, "the ON condition must be BOOLEAN");
        std::vector<BoundPtr> conjuncts;
        SplitConjuncts(std::move(on), &conjuncts);
        for (auto& c : conjuncts) {
          if (c->kind == BoundExpr::Kind::kCall && c->name == "=" && c->args.size() == 2) {
            int a = Sides(*c->args[0], split), b = Sides(*c->args[1], split);
            if ((a == 1 && b == 2) || (a == 2 && b == 1)) {
              BoundPtr l = std::move(c->args[a == 1 ? 0 : 1]);
              BoundPtr r = std::move(c->args[a == 1 ? 1 : 0]);
              ShiftColumns(r.get(), -split);
              lkeys.push_back(std::move(l));
              rkeys.push_back(std::move(r));
              continue;
            }
          }
          residual.push_back(std::move(c));
        }
      }
      BoundPtr rest;
      if (residual.size() == 1) {
        rest = std::move(residual[0]);
      } else if (!residual.empty()) {
        rest = std::make_unique<BoundExpr>();
        rest->kind = BoundExpr::Kind::kAnd;
        rest->type = DataType::kBoolean;
        rest->args = std::move(residual);
      }
      std::vector<DataType> left_types, right_types;
      for (const auto& c : left.columns) left_types.push_back(c.type);
      for (const auto& c : right.columns) right_types.push_back(c.type);
      const JoinType type = ref.join_type == JoinType::kCross ? JoinType::kInner : ref.join_type;
      rel.op = std::make_unique<HashJoinOperator>(
          std::move(left.op), std::move(right.op), std::move(lkeys), std::move(rkeys),
          std::move(rest), type, std::move(left_types), std::move(right_types), memory_);
      return rel;
    }
  }
  for (const auto& c : rel.pending->columns()) rel.columns.push_back({table_name, c.name, c.type});
  return rel;
}

Result<PlannedQuery> Planner::PlanBlock(const SelectStmt& stmt, bool apply_order) {
  Relation rel;
  if (stmt.from) {
    FLOE_ASSIGN_OR_RETURN(rel, PlanFrom(*stmt.from));
  } else {
    rel.op = std::make_unique<SingleRowOperator>();
  }
  const std::vector<ScopeColumn>& scope = rel.columns;
  BindContext base;
  base.scope = &scope;

  BoundPtr where;
  if (stmt.where) {
    base.clause = "WHERE";
    FLOE_ASSIGN_OR_RETURN(where, Bind(*stmt.where, base));
    if (where->type != DataType::kBoolean && where->type != DataType::kNull)
      return Error(*stmt.where,
                   "WHERE needs a BOOLEAN condition, not " + std::string(TypeName(where->type)));
    base.clause = "SELECT";
  }

  // The select list with stars expanded.
  std::vector<std::unique_ptr<Expr>> synthesized;
  std::vector<const Expr*> items;
  std::vector<std::string> names;
  for (const auto& item : stmt.items) {
    const Expr& e = *item.expr;
    if (e.kind != ExprKind::kStar) {
      items.push_back(&e);
      names.push_back(!item.alias.empty()           ? item.alias
                      : e.kind == ExprKind::kColumn ? e.names.back()
                                                    : e.ToString());
      continue;
    }
    std::string qualifier = e.names.empty() ? "" : LowerName(e.names[0]);
    bool any = false;
    for (const auto& c : scope) {
      if (!qualifier.empty() && LowerName(c.table) != qualifier) continue;
      auto col = std::make_unique<Expr>();
      col->kind = ExprKind::kColumn;
      col->offset = e.offset;
      if (!c.table.empty()) col->names.push_back(c.table);
      col->names.push_back(c.name);
      items.push_back(col.get());
      names.push_back(c.name);
      synthesized.push_back(std::move(col));
      any = true;
    }
    if (!any)
      return Error(
          e, qualifier.empty() ? "SELECT * needs a FROM clause" : "no table named " + qualifier);
  }

  bool has_agg = !stmt.group_by.empty() || (stmt.having != nullptr);
  for (const Expr* e : items) has_agg = has_agg || ContainsAggregate(*e);
  for (const auto& o : stmt.order_by)
    has_agg = has_agg || (apply_order && ContainsAggregate(*o.expr));

  AggContext agg;
  std::vector<BoundPtr> groups;
  if (has_agg) {
    base.clause = "GROUP BY";
    for (const auto& g : stmt.group_by) {
      const Expr* ge = g.get();
      if (ge->kind == ExprKind::kLiteral && IsInteger(ge->value.type)) {
        if (ge->value.i < 1 || ge->value.i > static_cast<int64_t>(items.size()))
          return Error(*ge, "GROUP BY position " + std::to_string(ge->value.i) +
                                " is not in the select list");
        ge = items[static_cast<size_t>(ge->value.i - 1)];
      } else if (ge->kind == ExprKind::kColumn && ge->names.size() == 1 &&
                 !ResolveColumn(*ge, scope).ok()) {
        std::string alias = LowerName(ge->names[0]);
        for (size_t k = 0; k < items.size(); ++k) {
          if (LowerName(names[k]) == alias) {
            ge = items[k];
            break;
          }
        }
      }
      if (ContainsAggregate(*ge))
        return Error(*ge, "aggregate functions are not allowed in GROUP BY");
      FLOE_ASSIGN_OR_RETURN(BoundPtr b, Bind(*ge, base));
      agg.group_text.push_back(ge->ToString());
      agg.group_column.push_back(b->kind == BoundExpr::Kind::kColumn ? b->column : -1);
      agg.group_types.push_back(b->type);
      groups.push_back(std::move(b));
    }
    base.clause = "SELECT";
  }
  BindContext ctx = base;
  if (has_agg) ctx.agg = &agg;
  WindowContext windows;
  ctx.windows = &windows;

  std::vector<BoundPtr> outputs;
  for (const Expr* e : items) {
    FLOE_ASSIGN_OR_RETURN(BoundPtr b, Bind(*e, ctx));
    outputs.push_back(std::move(b));
  }
  BoundPtr having;
  if (stmt.having) {
    ctx.clause = "HAVING";
    ctx.windows = nullptr;
    FLOE_ASSIGN_OR_RETURN(having, Bind(*stmt.having, ctx));
    ctx.windows = &windows;
    if (having->type != DataType::kBoolean && having->type != DataType::kNull)
      return Error(*stmt.having, "HAVING needs a BOOLEAN condition");
  }
  size_t visible = outputs.size();
  std::vector<SortKey> keys;
  if (apply_order) {
    ctx.clause = "ORDER BY";
    for (const auto& item : stmt.order_by) {
      const Expr& e = *item.expr;
      int index = -1;
      if (e.kind == ExprKind::kLiteral && IsInteger(e.value.type)) {
        if (e.value.i < 1 || e.value.i > static_cast<int64_t>(visible))
          return Error(
              e, "ORDER BY position " + std::to_string(e.value.i) + " is not in the select list");
        index = static_cast<int>(e.value.i - 1);
      } else {
        std::string text = e.ToString();
        for (size_t k = 0; k < visible && index < 0; ++k) {
          bool alias = e.kind == ExprKind::kColumn && e.names.size() == 1 &&
                       LowerName(names[k]) == LowerName(e.names[0]);
          if (alias || items[k]->ToString() == text) index = static_cast<int>(k);
        }
      }
      if (index < 0) {
        if (stmt.distinct)
          return Error(e,
                       "for SELECT DISTINCT, ORDER BY expressions must appear in the select list");
        FLOE_ASSIGN_OR_RETURN(BoundPtr b, Bind(e, ctx));
        outputs.push_back(std::move(b));
        index = static_cast<int>(outputs.size() - 1);
      }
      SortKey key;
      key.expr = MakeColumn(
          index, outputs[static_cast<size_t>(index)]->type,
          index < static_cast<int>(visible) ? names[static_cast<size_t>(index)] : e.ToString());
      key.desc = item.desc;
      key.nulls_first = item.nulls_first.value_or(false);
      keys.push_back(std::move(key));
    }
  }

  // Window calls bound to placeholders; their columns follow the window's input's.
  if (!windows.calls.empty()) {
    const int base = static_cast<int>(has_agg ? groups.size() + agg.aggs.size() : scope.size());
    for (auto& o : outputs) FixWindowColumns(o.get(), base);
  }

  std::shared_ptr<TopNBound> top_n_bound;
  if (rel.pending) {
    std::vector<bool> needed(scope.size(), false);
    auto mark = [&](const BoundExpr& e) {
      VisitColumns(e, [&](int c) {
        if (c < static_cast<int>(needed.size())) needed[static_cast<size_t>(c)] = true;
      });
    };
    if (!has_agg) {
      for (const WindowCall& w : windows.calls) {
        for (const auto& a : w.args) mark(*a);
        for (const auto& p : w.partition) mark(*p);
        for (const auto& k : w.order) mark(*k.expr);
      }
    }
    if (where) mark(*where);
    if (has_agg) {
      for (const auto& g : groups) mark(*g);
      for (const auto& a : agg.aggs) {
        if (a.arg) mark(*a.arg);
      }
    } else {
      for (const auto& o : outputs) mark(*o);
    }
    std::vector<ScanFilter> filters;
    if (where) CollectFilters(*where, &filters);
    // ORDER BY an integer column LIMIT n: the sort tells the scan what to skip.
    if (!has_agg && !stmt.distinct && windows.calls.empty() && !keys.empty() && stmt.limit &&
        !keys[0].nulls_first) {
      const BoundExpr& key = *outputs[static_cast<size_t>(keys[0].expr->column)];
      if (key.kind == BoundExpr::Kind::kColumn && IsIntLike(key.type)) {
        top_n_bound = std::make_shared<TopNBound>();
        top_n_bound->column = key.column;
        top_n_bound->desc = keys[0].desc;
        rel.pending->SetTopNBound(top_n_bound);
      }
    }
    FLOE_RETURN_IF_ERROR(rel.pending->Open(needed, filters));
    rel.op = OpenScan(std::move(rel.pending));
  }

  OperatorPtr op = std::move(rel.op);
  if (where) op = std::make_unique<FilterOperator>(std::move(op), std::move(where));
  // Whether ORDER BY fixes the order of rows that differ in columns 0..n-1 of
  // `exprs`' input (then an aggregate's output order is moot).
  auto ordered_by_all = [&](size_t n) {
    for (size_t c = 0; c < n; ++c) {
      bool found = false;
      for (const SortKey& k : keys) {
        const BoundExpr& e = *outputs[static_cast<size_t>(k.expr->column)];
        found = found || (e.kind == BoundExpr::Kind::kColumn && e.column == static_cast<int>(c));
      }
      if (!found) return false;
    }
    return true;
  };
  if (has_agg) {
    const bool keep_order = !ordered_by_all(groups.size());
    op = std::make_unique<HashAggregate>(std::move(op), std::move(groups), std::move(agg.aggs),
                                         memory_, threads_, keep_order);
    if (having) op = std::make_unique<FilterOperator>(std::move(op), std::move(having));
  }
  if (!windows.calls.empty())
    op = std::make_unique<WindowOperator>(std::move(op), std::move(windows.calls), memory_);
  PlannedQuery out;
  out.names = names;
  for (size_t k = 0; k < visible; ++k) out.types.push_back(outputs[k]->type);
  std::vector<DataType> all_types;
  for (const auto& o : outputs) all_types.push_back(o->type);
  op = std::make_unique<ProjectOperator>(std::move(op), std::move(outputs));
  if (stmt.distinct) {
    std::vector<BoundPtr> cols;
    for (size_t k = 0; k < all_types.size(); ++k)
      cols.push_back(MakeColumn(static_cast<int>(k), all_types[k], names[k]));
    op = std::make_unique<HashAggregate>(std::move(op), std::move(cols),
                                         std::vector<AggregateSpec>{}, memory_, threads_);
  }
  if (!keys.empty()) {
    std::optional<int64_t> top;
    if (stmt.limit) top = *stmt.limit + stmt.offset;
    op = std::make_unique<SortOperator>(std::move(op), std::move(keys), top, memory_,
                                        std::move(top_n_bound));
  }
  if (apply_order && (stmt.limit || stmt.offset)) {
    op = std::make_unique<LimitOperator>(std::move(op), stmt.limit, stmt.offset);
  }
  if (all_types.size() > visible) {
    std::vector<BoundPtr> cols;
    for (size_t k = 0; k < visible; ++k)
      cols.push_back(MakeColumn(static_cast<int>(k), all_types[k], names[k]));
    op = std::make_unique<ProjectOperator>(std::move(op), std::move(cols));
  }
  out.root = std::move(op);
  return out;
}

}  // namespace floe::query
