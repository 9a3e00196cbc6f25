#include "floe/query/functions.h"

#include <cmath>
#include <limits>

#include "floe/query/kernels.h"

namespace floe::query {

namespace {

bool IsNullType(DataType t) { return t == DataType::kNull; }

// Integer kernels: `op` returns false on overflow.
template <typename Op>
ScalarFn IntArith(const char* what, Op op) {
  return [what, op](const std::vector<const Vector*>& a, int64_t n, Vector* out) -> Status {
    MergeValidity(a, n, out);
    out->i.resize(static_cast<size_t>(n));
    if (a[0]->type == DataType::kNull || a[1]->type == DataType::kNull) return Status::OK();
    for (size_t r = 0; r < static_cast<size_t>(n); ++r) {
      if (!RowValid(*out, r)) continue;
      int result = op(a[0]->i[r], a[1]->i[r], &out->i[r]);
      if (result == 1) {
        return InvalidArgument(std::string("Out of Range Error: overflow in ") + what + " of " +
                               std::to_string(a[0]->i[r]) + " and " + std::to_string(a[1]->i[r]));
      }
      if (result == 2) out->SetNull(static_cast<int64_t>(r));  // division by zero
    }
    return Status::OK();
  };
}

template <typename Op>
ScalarFn DblArith(Op op) {
  return [op](const std::vector<const Vector*>& a, int64_t n, Vector* out) -> Status {
    MergeValidity(a, n, out);
    out->d.resize(static_cast<size_t>(n));
    if (a[0]->type == DataType::kNull || a[1]->type == DataType::kNull) return Status::OK();
    for (size_t r = 0; r < static_cast<size_t>(n); ++r) {
      if (!op(a[0]->d[r], a[1]->d[r], &out->d[r])) out->SetNull(static_cast<int64_t>(r));
    }
    return Status::OK();
  };
}

template <typename Cmp>
ScalarFn Compare(Cmp cmp) {
  return [cmp](const std::vector<const Vector*>& a, int64_t n, Vector* out) -> Status {
    MergeValidity(a, n, out);
    size_t rows = static_cast<size_t>(n);
    out->i.resize(rows);
    const Vector& x = *a[0];
    const Vector& y = *a[1];
    if (x.type == DataType::kNull || y.type == DataType::kNull) return Status::OK();
    if (x.type == DataType::kDouble) {
      for (size_t r = 0; r < rows; ++r)
        out->i[r] = cmp(x.d[r] < y.d[r] ? -1 : (x.d[r] > y.d[r] ? 1 : 0));
    } else if (x.type == DataType::kVarchar) {
      for (size_t r = 0; r < rows; ++r) out->i[r] = cmp(x.s[r].compare(y.s[r]));
    } else {
      for (size_t r = 0; r < rows; ++r)
        out->i[r] = cmp(x.i[r] < y.i[r] ? -1 : (x.i[r] > y.i[r] ? 1 : 0));
    }
    return Status::OK();
  };
}

ScalarFn CompareFor(const std::string& op) {
  if (op == "=") return Compare([](int c) { return c == 0; });
  if (op == "<>") return Compare([](int c) { return c != 0; });
  if (op == "<") return Compare([](int c) { return c < 0; });
  if (op == "<=") return Compare([](int c) { return c <= 0; });
  if (op == ">") return Compare([](int c) { return c > 0; });
  return Compare([](int c) { return c >= 0; });
}

Status ConcatKernel(const std::vector<const Vector*>& a, int64_t n, Vector* out) {
  MergeValidity(a, n, out);
  out->s.resize(static_cast<size_t>(n));
  for (size_t r = 0; r < static_cast<size_t>(n); ++r) {
    if (!RowValid(*out, r)) continue;
    for (const Vector* v : a) out->s[r] += v->s[r];
  }
  return Status::OK();
}

}  // namespace

Result<DataType> CommonType(DataType a, DataType b) {
  if (a == b) return a;
  if (IsNullType(a)) return b;
  if (IsNullType(b)) return a;
  if (IsNumeric(a) && IsNumeric(b)) {
    if (a == DataType::kDouble || b == DataType::kDouble) return DataType::kDouble;
    return DataType::kBigint;
  }
  if ((a == DataType::kTimestamp && b == DataType::kDate) ||
      (a == DataType::kDate && b == DataType::kTimestamp))
    return DataType::kTimestamp;
  if (a == DataType::kVarchar) return b;
  if (b == DataType::kVarchar) return a;
  if (a == DataType::kBoolean && IsInteger(b)) return b;
  if (b == DataType::kBoolean && IsInteger(a)) return a;
  return InvalidArgument("Binder Error: cannot compare or combine values of type " +
                         std::string(TypeName(a)) + " and " + std::string(TypeName(b)) +
                         "; add an explicit CAST");
}

Result<BoundPtr> BindCast(BoundPtr arg, DataType to) {
  DataType from = arg->type;
  if (from == to) return arg;
  if (arg->kind == BoundExpr::Kind::kConstant) {
    FLOE_ASSIGN_OR_RETURN(Value v, CastValue(arg->constant, to));
    return MakeConstant(std::move(v));
  }
  ScalarFn fn;
  if (IsIntLike(from) && to == DataType::kDouble) {
    fn = [](const std::vector<const Vector*>& a, int64_t n, Vector* out) -> Status {
      out->valid = a[0]->valid;
      out->d.resize(static_cast<size_t>(n));
      for (size_t r = 0; r < static_cast<size_t>(n); ++r)
        out->d[r] = static_cast<double>(a[0]->i[r]);
      return Status::OK();
    };
  } else if ((IsInteger(from) && IsInteger(to) && to == DataType::kBigint) ||
             from == DataType::kNull) {
    fn = [from](const std::vector<const Vector*>& a, int64_t n, Vector* out) -> Status {
      if (from == DataType::kNull) {
        *out = ConstantVector(Value::Null(out->type), n);
        return Status::OK();
      }
      out->valid = a[0]->valid;
      out->i = a[0]->i;
      return Status::OK();
    };
  } else {
    fn = [to](const std::vector<const Vector*>& a, int64_t n, Vector* out) -> Status {
      out->Reserve(n);
      out->length = 0;
      for (int64_t r = 0; r < n; ++r) {
        FLOE_ASSIGN_OR_RETURN(Value v, CastValue(a[0]->Get(r), to));
        out->Append(v);
      }
      return Status::OK();
    };
  }
  std::vector<BoundPtr> args;
  args.push_back(std::move(arg));
  auto e = MakeCall("CAST", to, std::move(fn), std::move(args));
  return e;
}

Result<BoundPtr> BindNegate(BoundPtr arg) {
  DataType t = arg->type;
  if (!IsNumeric(t) && t != DataType::kInterval && t != DataType::kNull)
    return InvalidArgument("Binder Error: cannot negate a value of type " +
                           std::string(TypeName(t)));
  if (t == DataType::kNull) t = DataType::kInteger;
  std::vector<BoundPtr> args;
  args.push_back(std::move(arg));
  return MakeCall(
      "-", t,
      [](const std::vector<const Vector*>& a, int64_t n, Vector* out) -> Status {
        MergeValidity(a, n, out);
        if (a[0]->type == DataType::kNull) {
          out->i.assign(static_cast<size_t>(n), 0);
        } else if (a[0]->type == DataType::kDouble) {
          out->d.resize(static_cast<size_t>(n));
          for (size_t r = 0; r < out->d.size(); ++r) out->d[r] = -a[0]->d[r];
        } else {
          out->i.resize(static_cast<size_t>(n));
          for (size_t r = 0; r < out->i.size(); ++r) out->i[r] = 0 - a[0]->i[r];
        }
        return Status::OK();
      },
      std::move(args));
}

Result<BoundPtr> BindOperator(const std::string& op, BoundPtr left, BoundPtr right) {
  DataType lt = left->type, rt = right->type;
  auto pair = [&](DataType type, ScalarFn fn) {
    std::vector<BoundPtr> args;
    args.push_back(std::move(left));
    args.push_back(std::move(right));
    return MakeCall(op, type, std::move(fn), std::move(args));
  };
  if (op == "=" || op == "<>" || op == "<" || op == "<=" || op == ">" || op == ">=") {
    FLOE_ASSIGN_OR_RETURN(DataType common, CommonType(lt, rt));
    if (common == DataType::kInteger) common = DataType::kBigint;
    FLOE_ASSIGN_OR_RETURN(left, BindCast(std::move(left), common));
    FLOE_ASSIGN_OR_RETURN(right, BindCast(std::move(right), common));
    return pair(DataType::kBoolean, CompareFor(op));
  }
  if (op == "||") {
    FLOE_ASSIGN_OR_RETURN(left, BindCast(std::move(left), DataType::kVarchar));
    FLOE_ASSIGN_OR_RETURN(right, BindCast(std::move(right), DataType::kVarchar));
    return pair(DataType::kVarchar, ConcatKernel);
  }
  // Date/time arithmetic.
  bool l_time = lt == DataType::kTimestamp || lt == DataType::kDate;
  if (l_time && lt == DataType::kDate && IsInteger(rt) && (op == "+" || op == "-")) {
    FLOE_ASSIGN_OR_RETURN(right, BindCast(std::move(right), DataType::kBigint));
    return pair(
        DataType::kDate,
        IntArith(op == "+" ? "addition" : "subtraction", [op](int64_t a, int64_t b, int64_t* r) {
          return (op == "+" ? __builtin_add_overflow(a, b, r) : __builtin_sub_overflow(a, b, r))
                     ? 1
                     : 0;
        }));
  }
  if ((l_time && rt == DataType::kInterval && (op == "+" || op == "-")) ||
      (lt == DataType::kInterval && rt == DataType::kTimestamp && op == "+") ||
      (l_time && (rt == DataType::kTimestamp || rt == DataType::kDate) && op == "-") ||
      (lt == DataType::kInterval && rt == DataType::kInterval && (op == "+" || op == "-"))) {
    DataType result = DataType::kTimestamp;
    if (rt != DataType::kInterval && lt != DataType::kInterval) result = DataType::kInterval;
    if (lt == DataType::kInterval && rt == DataType::kInterval) result = DataType::kInterval;
    if (lt == DataType::kDate) {
      FLOE_ASSIGN_OR_RETURN(left, BindCast(std::move(left), DataType::kTimestamp));
    }
    if (rt == DataType::kDate) {
      FLOE_ASSIGN_OR_RETURN(right, BindCast(std::move(right), DataType::kTimestamp));
    }
    return pair(
        result,
        IntArith(op == "+" ? "addition" : "subtraction", [op](int64_t a, int64_t b, int64_t* r) {
          return (op == "+" ? __builtin_add_overflow(a, b, r) : __builtin_sub_overflow(a, b, r))
                     ? 1
                     : 0;
        }));
  }
  if (lt == DataType::kVarchar || rt == DataType::kVarchar) {
    // A string literal next to a number is read as that number's type.
    if (lt == DataType::kVarchar && left->kind == BoundExpr::Kind::kConstant && IsNumeric(rt)) {
      FLOE_ASSIGN_OR_RETURN(left, BindCast(std::move(left), DataType::kDouble));
      lt = DataType::kDouble;
    } else if (rt == DataType::kVarchar && right->kind == BoundExpr::Kind::kConstant &&
               IsNumeric(lt)) {
      FLOE_ASSIGN_OR_RETURN(right, BindCast(std::move(right), DataType::kDouble));
      rt = DataType::kDouble;
    }
  }
  if (lt == DataType::kNull) lt = IsNumeric(rt) ? rt : DataType::kInteger;
  if (rt == DataType::kNull) rt = IsNumeric(lt) ? lt : DataType::kInteger;
  if (!IsNumeric(lt) || !IsNumeric(rt)) {
    return InvalidArgument("Binder Error: no operator " + op + " for types " +
                           std::string(TypeName(left->type)) + " and " +
                           std::string(TypeName(right->type)) + "; add an explicit CAST");
  }
  bool dbl = lt == DataType::kDouble || rt == DataType::kDouble || op == "/";
  if (dbl) {
    FLOE_ASSIGN_OR_RETURN(left, BindCast(std::move(left), DataType::kDouble));
    FLOE_ASSIGN_OR_RETURN(right, BindCast(std::move(right), DataType::kDouble));
    if (op == "+")
      return pair(DataType::kDouble,
                  DblArith([](double a, double b, double* r) { return *r = a + b, true; }));
    if (op == "-")
      return pair(DataType::kDouble,
                  DblArith([](double a, double b, double* r) { return *r = a - b, true; }));
    if (op == "*")
      return pair(DataType::kDouble,
                  DblArith([](double a, double b, double* r) { return *r = a * b, true; }));
    // Double division follows IEEE (1 / 0 = inf), and `//` on doubles divides too, as in DuckDB.
    if (op == "/" || op == "//")
      return pair(DataType::kDouble,
                  DblArith([](double a, double b, double* r) { return *r = a / b, true; }));
    if (op == "%")
      return pair(DataType::kDouble, DblArith([](double a, double b, double* r) {
                    return b != 0 && (*r = std::fmod(a, b), true);
                  }));
  }
  DataType t =
      (lt == DataType::kBigint || rt == DataType::kBigint) ? DataType::kBigint : DataType::kInteger;
  auto fits = [t](int64_t v) {
    return t == DataType::kBigint ||
           (v >= std::numeric_limits<int32_t>::min() && v <= std::numeric_limits<int32_t>::max());
  };
  if (op == "+")
    return pair(t, IntArith("addition", [fits](int64_t a, int64_t b, int64_t* r) {
                  return __builtin_add_overflow(a, b, r) || !fits(*r) ? 1 : 0;
                }));
  if (op == "-")
    return pair(t, IntArith("subtraction", [fits](int64_t a, int64_t b, int64_t* r) {
                  return __builtin_sub_overflow(a, b, r) || !fits(*r) ? 1 : 0;
                }));
  if (op == "*")
    return pair(t, IntArith("multiplication", [fits](int64_t a, int64_t b, int64_t* r) {
                  return __builtin_mul_overflow(a, b, r) || !fits(*r) ? 1 : 0;
                }));
  if (op == "//")
    return pair(t, IntArith("division", [](int64_t a, int64_t b, int64_t* r) {
                  if (b == 0) return 2;
                  if (a == std::numeric_limits<int64_t>::min() && b == -1) return 1;
                  *r = a / b;  // truncates toward zero, as DuckDB's //
                  return 0;
                }));
  if (op == "%")
    return pair(t, IntArith("modulo", [](int64_t a, int64_t b, int64_t* r) {
                  if (b == 0) return 2;
                  *r = b == -1 ? 0 : a % b;
                  return 0;
                }));
  return InvalidArgument("Binder Error: unknown operator " + op);
}

bool LikeMatch(std::string_view s, std::string_view p) {
  size_t si = 0, pi = 0, star_p = std::string_view::npos, star_s = 0;
  while (si < s.size()) {
    if (pi < p.size() && (p[pi] == '_' || p[pi] == s[si])) {
      ++si;
      ++pi;
    } else if (pi < p.size() && p[pi] == '%') {
      star_p = pi++;
      star_s = si;
    } else if (star_p != std::string_view::npos) {
      pi = star_p + 1;
      si = ++star_s;
    } else {
      return false;
    }
  }
  while (pi < p.size() && p[pi] == '%') ++pi;
  return pi == p.size();
}

Result<BoundPtr> BindLike(BoundPtr arg, BoundPtr pattern, bool case_insensitive, bool negated) {
  FLOE_ASSIGN_OR_RETURN(arg, BindCast(std::move(arg), DataType::kVarchar));
  FLOE_ASSIGN_OR_RETURN(pattern, BindCast(std::move(pattern), DataType::kVarchar));
  auto lower = [](std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  std::vector<BoundPtr> args;
  args.push_back(std::move(arg));
  args.push_back(std::move(pattern));
  return MakeCall(
      case_insensitive ? (negated ? "NOT ILIKE" : "ILIKE") : (negated ? "NOT LIKE" : "LIKE"),
      DataType::kBoolean,
      [=](const std::vector<const Vector*>& a, int64_t n, Vector* out) -> Status {
        MergeValidity(a, n, out);
        out->i.assign(static_cast<size_t>(n), 0);
        if (a[0]->type == DataType::kNull || a[1]->type == DataType::kNull) return Status::OK();
        for (size_t r = 0; r < static_cast<size_t>(n); ++r) {
          if (!RowValid(*out, r)) continue;
          bool m = case_insensitive ? LikeMatch(lower(a[0]->s[r]), lower(a[1]->s[r]))
                                    : LikeMatch(a[0]->s[r], a[1]->s[r]);
          out->i[r] = m != negated;
        }
        return Status::OK();
      },
      std::move(args));
}

}  // namespace floe::query
