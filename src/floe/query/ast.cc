#include "floe/query/ast.h"

namespace floe::query {

std::string Expr::ToString() const {
  auto arg = [&](size_t k) { return args[k]->ToString(); };
  switch (kind) {
    case ExprKind::kColumn: {
      std::string s;
      for (const auto& n : names) s += (s.empty() ? "" : ".") + n;
      return s;
    }
    case ExprKind::kLiteral:
      if (value.type == DataType::kVarchar && !value.is_null) return "'" + value.s + "'";
      if (value.type == DataType::kInterval && !value.is_null)
        return "INTERVAL '" + FormatValue(value) + "'";
      return FormatValue(value);
    case ExprKind::kStar:
      return names.empty() ? "*" : names[0] + ".*";
    case ExprKind::kUnary:
      return op == "NOT" ? "(NOT " + arg(0) + ")" : "-" + arg(0);
    case ExprKind::kBinary:
      return "(" + arg(0) + " " + op + " " + arg(1) + ")";
    case ExprKind::kFunction: {
      std::string s;
      if (star_arg) {
        s = op == "count" && !over ? "count_star()" : op + "(*)";
      } else {
        s = op + "(" + (distinct ? "DISTINCT " : "");
        for (size_t k = 0; k < args.size(); ++k) s += (k ? ", " : "") + arg(k);
        s += ")";
      }
      if (over) {
        std::string w;
        for (size_t k = 0; k < over->partition_by.size(); ++k)
          w += (k ? ", " : "PARTITION BY ") + over->partition_by[k]->ToString();
        for (size_t k = 0; k < over->order_by.size(); ++k) {
          const OrderItem& o = over->order_by[k];
          w += (k ? ", " : (w.empty() ? "ORDER BY " : " ORDER BY ")) + o.expr->ToString() +
               (o.desc ? " DESC" : "");
          if (o.nulls_first) w += *o.nulls_first ? " NULLS FIRST" : " NULLS LAST";
        }
        s += " OVER (" + w + ")";
      }
      return s;
    }
    case ExprKind::kCase: {
      std::string s = "CASE";
      size_t k = 0;
      if (has_operand) s += " " + arg(k++);
      size_t pairs_end = args.size() - (has_else ? 1 : 0);
      for (; k + 1 < pairs_end + 1 && k < pairs_end; k += 2)
        s += " WHEN " + arg(k) + " THEN " + arg(k + 1);
      if (has_else) s += " ELSE " + arg(args.size() - 1);
      return s + " END";
    }
    case ExprKind::kCast:
      return "CAST(" + arg(0) + " AS " + std::string(TypeName(cast_type)) + ")";
    case ExprKind::kIn: {
      if (subquery) return "(" + arg(0) + (negated ? " NOT IN " : " IN ") + op + ")";
      std::string s = "(" + arg(0) + (negated ? " NOT IN (" : " IN (");
      for (size_t k = 1; k < args.size(); ++k) s += (k > 1 ? ", " : "") + arg(k);
      return s + "))";
    }
    case ExprKind::kBetween:
      return "(" + arg(0) + (negated ? " NOT BETWEEN " : " BETWEEN ") + arg(1) + " AND " + arg(2) +
             ")";
    case ExprKind::kLike:
      return "(" + arg(0) + (negated ? " NOT " : " ") + op + " " + arg(1) + ")";
    case ExprKind::kIsNull:
      return "(" + arg(0) + (negated ? " IS NOT NULL)" : " IS NULL)");
    case ExprKind::kExtract:
      return "extract(" + op + " FROM " + arg(0) + ")";
    case ExprKind::kSubquery:
      return op;
    case ExprKind::kExists:
      return "EXISTS" + op;
  }
  return "?";
}

const char* SetOpName(SetOpKind kind) {
  switch (kind) {
    case SetOpKind::kUnionAll:
      return "UNION ALL";
    case SetOpKind::kUnion:
      return "UNION";
    case SetOpKind::kIntersectAll:
      return "INTERSECT ALL";
    case SetOpKind::kIntersect:
      return "INTERSECT";
    case SetOpKind::kExceptAll:
      return "EXCEPT ALL";
    case SetOpKind::kExcept:
      return "EXCEPT";
  }
  return "UNION";
}

}  // namespace floe::query
