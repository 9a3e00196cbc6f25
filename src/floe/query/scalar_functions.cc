// Scalar functions: time (from_unixtime, to_timestamp, date_trunc, extract,
// now), math (round, abs, floor, ceil) and strings (lower, upper, length,
// substr, concat), plus coalesce.
#include <algorithm>
#include <cmath>

#include "floe/base/civil_time.h"
#include "floe/query/functions.h"
#include "floe/query/kernels.h"

namespace floe::query {
namespace {

constexpr int64_t kMicrosPerDay = 86400000000LL;

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

BoundPtr Call(std::string name, DataType type, ScalarFn fn, std::vector<BoundPtr> args) {
  return MakeCall(std::move(name), type, std::move(fn), std::move(args));
}

// Applies f to every valid row of a one-argument call.
template <typename F>
ScalarFn Unary(F f) {
  return [f](const std::vector<const Vector*>& a, int64_t n, Vector* out) -> Status {
    MergeValidity(a, n, out);
    if (a[0]->type == DataType::kNull) {
      *out = ConstantVector(Value::Null(out->type), n);
      return Status::OK();
    }
    if (out->type == DataType::kDouble) {
      out->d.resize(static_cast<size_t>(n));
    } else if (out->type == DataType::kVarchar) {
      out->s.resize(static_cast<size_t>(n));
    } else {
      out->i.resize(static_cast<size_t>(n));
    }
    for (size_t r = 0; r < static_cast<size_t>(n); ++r) {
      if (RowValid(*out, r)) f(*a[0], r, out);
    }
    return Status::OK();
  };
}

Status ArgCount(const std::string& name, const std::vector<BoundPtr>& args, size_t lo, size_t hi) {
  if (args.size() >= lo && args.size() <= hi) return Status::OK();
  std::string want =
      lo == hi ? std::to_string(lo) : std::to_string(lo) + " to " + std::to_string(hi);
  return InvalidArgument("Binder Error: " + name + "() takes " + want + " argument" +
                         (hi == 1 ? "" : "s") + ", got " + std::to_string(args.size()));
}

Result<int64_t> TruncateMicros(const std::string& unit, int64_t ts) {
  int64_t day = FloorDiv(ts, kMicrosPerDay);
  if (unit == "microsecond" || unit == "microseconds") return ts;
  if (unit == "millisecond" || unit == "milliseconds") return FloorDiv(ts, 1000) * 1000;
  if (unit == "second" || unit == "seconds") return FloorDiv(ts, 1000000) * 1000000;
  if (unit == "minute" || unit == "minutes") return FloorDiv(ts, 60000000) * 60000000;
  if (unit == "hour" || unit == "hours") return FloorDiv(ts, 3600000000LL) * 3600000000LL;
  if (unit == "day" || unit == "days") return day * kMicrosPerDay;
  if (unit == "week" || unit == "weeks") {  // ISO weeks start on Monday; 1970-01-01 was a Thursday
    int64_t dow = ((day % 7) + 7 + 3) % 7;  // 0 = Monday
    return (day - dow) * kMicrosPerDay;
  }
  CivilDate c = CivilFromDays(day);
  if (unit == "month" || unit == "months") return DaysFromCivil(c.year, c.month, 1) * kMicrosPerDay;
  if (unit == "quarter" || unit == "quarters")
    return DaysFromCivil(c.year, (c.month - 1) / 3 * 3 + 1, 1) * kMicrosPerDay;
  if (unit == "year" || unit == "years") return DaysFromCivil(c.year, 1, 1) * kMicrosPerDay;
  return InvalidArgument(
      "Binder Error: unknown date part '" + unit +
      "' (use microsecond, millisecond, second, minute, hour, day, week, month, quarter or year)");
}

// A date part of a timestamp in microseconds, as DuckDB's extract.
Result<Value> ExtractPart(const std::string& part, int64_t ts) {
  int64_t day = FloorDiv(ts, kMicrosPerDay);
  int64_t in_day = ts - day * kMicrosPerDay;
  CivilDate c = CivilFromDays(day);
  if (part == "year") return Value::Int(c.year);
  if (part == "quarter") return Value::Int((c.month - 1) / 3 + 1);
  if (part == "month") return Value::Int(c.month);
  if (part == "day") return Value::Int(c.day);
  if (part == "hour") return Value::Int(in_day / 3600000000LL);
  if (part == "minute") return Value::Int(in_day / 60000000 % 60);
  if (part == "second") return Value::Int(in_day / 1000000 % 60);
  if (part == "millisecond") return Value::Int(in_day / 1000 % 60000);
  if (part == "microsecond") return Value::Int(in_day % 60000000);
  if (part == "dow") return Value::Int(((day % 7) + 7 + 4) % 7);  // 0 = Sunday
  if (part == "isodow") return Value::Int(((day % 7) + 7 + 3) % 7 + 1);
  if (part == "doy") return Value::Int(day - DaysFromCivil(c.year, 1, 1) + 1);
  if (part == "epoch") return Value::Double(static_cast<double>(ts) / 1e6);
  return InvalidArgument(
      "Binder Error: unknown date part '" + part +
      "' (use year, quarter, month, day, hour, minute, second, millisecond, microsecond, dow, "
      "isodow, doy or epoch)");
}

// A constant string argument (date part names and the like).
Result<std::string> ConstantText(const std::string& fn, const BoundExpr& e) {
  if (e.kind != BoundExpr::Kind::kConstant || e.constant.type != DataType::kVarchar)
    return InvalidArgument("Binder Error: the first argument of " + fn +
                           "() must be a constant string such as 'hour'");
  std::string s = e.constant.s;
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

Result<BoundPtr> ToTimestampSeconds(const std::string& name, std::vector<BoundPtr> args) {
  FLOE_RETURN_IF_ERROR(ArgCount(name, args, 1, 1));
  DataType t = args[0]->type;
  if (!IsNumeric(t) && t != DataType::kNull)
    return InvalidArgument("Binder Error: " + name +
                           "() takes seconds since the epoch (a number), not " +
                           std::string(TypeName(t)));
  if (t == DataType::kDouble) {
    return Call(name, DataType::kTimestamp, Unary([](const Vector& a, size_t r, Vector* out) {
                  out->i[r] = static_cast<int64_t>(std::llround(a.d[r] * 1e6));
                }),
                std::move(args));
  }
  return Call(name, DataType::kTimestamp,
              Unary([](const Vector& a, size_t r, Vector* out) { out->i[r] = a.i[r] * 1000000; }),
              std::move(args));
}

double RoundTo(double v, int64_t digits) {
  double scale = std::pow(10.0, static_cast<double>(digits));
  double scaled = v * scale;
  if (!std::isfinite(scaled)) return v;
  return std::round(scaled) / scale;
}

}  // namespace

std::vector<std::string> ScalarFunctionNames() {
  return {"from_unixtime",     "to_timestamp", "date_trunc", "date_part", "now",
          "current_timestamp", "round",        "abs",        "floor",     "ceil",
          "ceiling",           "lower",        "upper",      "length",    "substr",
          "substring",         "concat",       "coalesce"};
}

Result<BoundPtr> BindExtract(const std::string& part, BoundPtr arg) {
  if (arg->type == DataType::kVarchar || arg->type == DataType::kDate) {
    FLOE_ASSIGN_OR_RETURN(arg, BindCast(std::move(arg), DataType::kTimestamp));
  }
  if (arg->type != DataType::kTimestamp && arg->type != DataType::kNull)
    return InvalidArgument("Binder Error: extract() needs a TIMESTAMP or DATE, not " +
                           std::string(TypeName(arg->type)));
  FLOE_ASSIGN_OR_RETURN(Value probe, ExtractPart(part, 0));
  std::vector<BoundPtr> args;
  args.push_back(std::move(arg));
  return Call("extract_" + part, probe.type, Unary([part](const Vector& a, size_t r, Vector* out) {
                Value v = *ExtractPart(part, a.i[r]);
                if (v.type == DataType::kDouble) {
                  out->d[r] = v.d;
                } else {
                  out->i[r] = v.i;
                }
              }),
              std::move(args));
}

Result<BoundPtr> BindScalarFunction(const std::string& name, std::vector<BoundPtr> args,
                                    Clock* clock) {
  if (name == "from_unixtime" || name == "to_timestamp")
    return ToTimestampSeconds(name, std::move(args));
  if (name == "now" || name == "current_timestamp") {
    FLOE_RETURN_IF_ERROR(ArgCount(name, args, 0, 0));
    return MakeConstant(Value::Int(clock->NowMicros(), DataType::kTimestamp));
  }
  if (name == "date_trunc") {
    FLOE_RETURN_IF_ERROR(ArgCount(name, args, 2, 2));
    FLOE_ASSIGN_OR_RETURN(std::string unit, ConstantText(name, *args[0]));
    FLOE_RETURN_IF_ERROR(TruncateMicros(unit, 0).status());
    BoundPtr ts = std::move(args[1]);
    if (ts->type == DataType::kVarchar || ts->type == DataType::kDate) {
      FLOE_ASSIGN_OR_RETURN(ts, BindCast(std::move(ts), DataType::kTimestamp));
    }
    if (ts->type != DataType::kTimestamp && ts->type != DataType::kNull)
      return InvalidArgument("Binder Error: date_trunc() needs a TIMESTAMP, not " +
                             std::string(TypeName(ts->type)));
    std::vector<BoundPtr> rest;
    rest.push_back(std::move(ts));
    return Call(name, DataType::kTimestamp, Unary([unit](const Vector& a, size_t r, Vector* out) {
                  out->i[r] = *TruncateMicros(unit, a.i[r]);
                }),
                std::move(rest));
  }
  if (name == "date_part") {
    FLOE_RETURN_IF_ERROR(ArgCount(name, args, 2, 2));
    FLOE_ASSIGN_OR_RETURN(std::string part, ConstantText(name, *args[0]));
    return BindExtract(part, std::move(args[1]));
  }
  if (name == "abs" || name == "floor" || name == "ceil" || name == "ceiling") {
    FLOE_RETURN_IF_ERROR(ArgCount(name, args, 1, 1));
    DataType t = args[0]->type;
    if (t == DataType::kNull) return MakeConstant(Value::Null(DataType::kInteger));
    if (!IsNumeric(t))
      return InvalidArgument("Binder Error: " + name + "() needs a number, not " +
                             std::string(TypeName(t)));
    if (IsInteger(t)) {
      if (name != "abs") return std::move(args[0]);
      return Call(name, t, Unary([](const Vector& a, size_t r, Vector* out) {
                    out->i[r] = a.i[r] < 0 ? -a.i[r] : a.i[r];
                  }),
                  std::move(args));
    }
    double (*f)(double) = name == "abs"     ? static_cast<double (*)(double)>(std::fabs)
                          : name == "floor" ? static_cast<double (*)(double)>(std::floor)
                                            : static_cast<double (*)(double)>(std::ceil);
    return Call(name, t,
                Unary([f](const Vector& a, size_t r, Vector* out) { out->d[r] = f(a.d[r]); }),
                std::move(args));
  }
  if (name == "round") {
    FLOE_RETURN_IF_ERROR(ArgCount(name, args, 1, 2));
    int64_t digits = 0;
    if (args.size() == 2) {
      if (args[1]->kind != BoundExpr::Kind::kConstant || !IsInteger(args[1]->type))
        return InvalidArgument(
            "Binder Error: the second argument of round() must be a constant integer");
      digits = args[1]->constant.i;
      args.pop_back();
    }
    DataType t = args[0]->type;
    if (t == DataType::kNull) return MakeConstant(Value::Null(DataType::kDouble));
    if (!IsNumeric(t))
      return InvalidArgument("Binder Error: round() needs a number, not " +
                             std::string(TypeName(t)));
    if (IsInteger(t)) return std::move(args[0]);
    return Call(name, t, Unary([digits](const Vector& a, size_t r, Vector* out) {
                  out->d[r] = RoundTo(a.d[r], digits);
                }),
                std::move(args));
  }
  if (name == "lower" || name == "upper" || name == "length") {
    FLOE_RETURN_IF_ERROR(ArgCount(name, args, 1, 1));
    FLOE_ASSIGN_OR_RETURN(args[0], BindCast(std::move(args[0]), DataType::kVarchar));
    if (name == "length") {
      return Call(name, DataType::kBigint, Unary([](const Vector& a, size_t r, Vector* out) {
                    int64_t n = 0;  // code points
                    for (unsigned char c : a.s[r]) n += (c & 0xC0) != 0x80;
                    out->i[r] = n;
                  }),
                  std::move(args));
    }
    bool up = name == "upper";
    return Call(name, DataType::kVarchar, Unary([up](const Vector& a, size_t r, Vector* out) {
                  std::string s = a.s[r];
                  for (auto& c : s)
                    c = static_cast<char>(up ? std::toupper(static_cast<unsigned char>(c))
                                             : std::tolower(static_cast<unsigned char>(c)));
                  out->s[r] = std::move(s);
                }),
                std::move(args));
  }
  if (name == "substr" || name == "substring") {
    FLOE_RETURN_IF_ERROR(ArgCount(name, args, 2, 3));
    FLOE_ASSIGN_OR_RETURN(args[0], BindCast(std::move(args[0]), DataType::kVarchar));
    for (size_t k = 1; k < args.size(); ++k) {
      FLOE_ASSIGN_OR_RETURN(args[k], BindCast(std::move(args[k]), DataType::kBigint));
    }
    bool has_len = args.size() == 3;
    return Call(
        name, DataType::kVarchar,
        [has_len](const std::vector<const Vector*>& a, int64_t n, Vector* out) -> Status {
          MergeValidity(a, n, out);
          out->s.resize(static_cast<size_t>(n));
          for (const Vector* v : a) {
            if (v->type == DataType::kNull) return Status::OK();
          }
          for (size_t r = 0; r < static_cast<size_t>(n); ++r) {
            if (!RowValid(*out, r)) continue;
            const std::string& s = a[0]->s[r];
            // 1-based, counted in bytes; a start below 1 eats into the length as in DuckDB.
            int64_t start = a[1]->i[r];
            int64_t len = has_len ? a[2]->i[r] : static_cast<int64_t>(s.size()) + 1;
            if (start < 0) start = std::max<int64_t>(1, static_cast<int64_t>(s.size()) + start + 1);
            if (start <= 0) {
              len += start - 1;
              start = 1;
            }
            if (len <= 0 || start > static_cast<int64_t>(s.size())) continue;
            out->s[r] = s.substr(static_cast<size_t>(start - 1), static_cast<size_t>(len));
          }
          return Status::OK();
        },
        std::move(args));
  }
  if (name == "concat") {
    if (args.empty()) return InvalidArgument("Binder Error: concat() needs at least one argument");
    for (auto& a : args) {
      FLOE_ASSIGN_OR_RETURN(a, BindCast(std::move(a), DataType::kVarchar));
    }
    // NULL arguments are skipped, as in DuckDB.
    return Call(
        name, DataType::kVarchar,
        [](const std::vector<const Vector*>& a, int64_t n, Vector* out) -> Status {
          out->s.assign(static_cast<size_t>(n), {});
          for (const Vector* v : a) {
            if (v->type == DataType::kNull) continue;
            for (size_t r = 0; r < static_cast<size_t>(n); ++r) {
              if (RowValid(*v, r)) out->s[r] += v->s[r];
            }
          }
          return Status::OK();
        },
        std::move(args));
  }
  if (name == "coalesce") {
    if (args.empty())
      return InvalidArgument("Binder Error: coalesce() needs at least one argument");
    DataType t = DataType::kNull;
    for (const auto& a : args) {
      FLOE_ASSIGN_OR_RETURN(t, CommonType(t, a->type));
    }
    for (auto& a : args) {
      FLOE_ASSIGN_OR_RETURN(a, BindCast(std::move(a), t));
    }
    return Call(
        name, t,
        [](const std::vector<const Vector*>& a, int64_t n, Vector* out) -> Status {
          out->Reserve(n);
          out->length = 0;
          for (int64_t r = 0; r < n; ++r) {
            Value v = Value::Null(out->type);
            for (const Vector* x : a) {
              if (!x->IsNull(r)) {
                v = x->Get(r);
                break;
              }
            }
            out->Append(v);
          }
          return Status::OK();
        },
        std::move(args));
  }
  return NotFound("unknown function " + name);
}

}  // namespace floe::query
