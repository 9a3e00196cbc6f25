#include "floe/query/expr.h"

#include <unordered_set>

namespace floe::query {

std::string BoundExpr::ToString() const {
  switch (kind) {
    case Kind::kColumn:
      return name;
    case Kind::kConstant:
      return constant.type == DataType::kVarchar && !constant.is_null ? "'" + constant.s + "'"
                                                                      : FormatValue(constant);
    case Kind::kAnd:
    case Kind::kOr: {
      std::string s = "(";
      for (size_t k = 0; k < args.size(); ++k) {
        s += (k ? (kind == Kind::kAnd ? " AND " : " OR ") : "") + args[k]->ToString();
      }
      return s + ")";
    }
    case Kind::kNot:
      return "(NOT " + args[0]->ToString() + ")";
    case Kind::kIsNull:
      return "(" + args[0]->ToString() + (negated ? " IS NOT NULL)" : " IS NULL)");
    case Kind::kIn: {
      std::string s = "(" + args[0]->ToString() + (negated ? " NOT IN (" : " IN (");
      constexpr size_t kShown = 10;  // a subquery's list may be long
      for (size_t k = 1; k < args.size() && k <= kShown; ++k)
        s += (k > 1 ? ", " : "") + args[k]->ToString();
      if (args.size() > kShown + 1)
        s += ", ... " + std::to_string(args.size() - 1 - kShown) + " more";
      return s + "))";
    }
    case Kind::kCase:
      return "CASE ... END";
    case Kind::kCall: {
      if (args.size() == 2 && !name.empty() && !std::isalpha(static_cast<unsigned char>(name[0]))) {
        return "(" + args[0]->ToString() + " " + name + " " + args[1]->ToString() + ")";
      }
      std::string s = name + "(";
      for (size_t k = 0; k < args.size(); ++k) s += (k ? ", " : "") + args[k]->ToString();
      return s + ")";
    }
  }
  return "?";
}

std::unique_ptr<BoundExpr> BoundExpr::Clone() const {
  auto c = std::make_unique<BoundExpr>();
  c->kind = kind;
  c->type = type;
  c->column = column;
  c->constant = constant;
  c->fn = fn;
  c->name = name;
  c->negated = negated;
  c->has_else = has_else;
  c->in_set = in_set;
  for (const auto& a : args) c->args.push_back(a->Clone());
  return c;
}

namespace {

InSet BuildInSet(const BoundExpr& e) {
  InSet set;
  for (size_t k = 1; k < e.args.size(); ++k) {
    const Value& c = e.args[k]->constant;
    if (c.is_null) {
      set.has_null = true;
    } else if (c.type == DataType::kDouble) {
      set.dbls.insert(c.d);
    } else if (c.type == DataType::kVarchar) {
      set.strs.insert(c.s);
    } else {
      set.ints.insert(c.i);
    }
  }
  return set;
}

}  // namespace

void PrepareIn(BoundExpr* e) { e->in_set = std::make_shared<const InSet>(BuildInSet(*e)); }

BoundPtr MakeColumn(int column, DataType type, std::string name) {
  auto e = std::make_unique<BoundExpr>();
  e->kind = BoundExpr::Kind::kColumn;
  e->column = column;
  e->type = type;
  e->name = std::move(name);
  return e;
}

BoundPtr MakeConstant(Value v) {
  auto e = std::make_unique<BoundExpr>();
  e->kind = BoundExpr::Kind::kConstant;
  e->type = v.type;
  e->constant = std::move(v);
  return e;
}

BoundPtr MakeCall(std::string name, DataType type, ScalarFn fn, std::vector<BoundPtr> args) {
  auto e = std::make_unique<BoundExpr>();
  e->kind = BoundExpr::Kind::kCall;
  e->name = std::move(name);
  e->type = type;
  e->fn = std::move(fn);
  e->args = std::move(args);
  return e;
}

void SelectTrue(const Vector& v, std::vector<uint32_t>* sel) {
  sel->clear();
  if (v.type == DataType::kNull) return;
  // Branch-free: write every index, advance past the true ones.
  const size_t n = static_cast<size_t>(v.length);
  sel->resize(n);
  uint32_t* out = sel->data();
  const int64_t* t = v.i.data();
  size_t k = 0;
  if (v.valid.empty()) {
    for (size_t r = 0; r < n; ++r) {
      out[k] = static_cast<uint32_t>(r);
      k += t[r] != 0;
    }
  } else {
    const uint8_t* valid = v.valid.data();
    for (size_t r = 0; r < n; ++r) {
      out[k] = static_cast<uint32_t>(r);
      k += (t[r] != 0) & (valid[r] != 0);
    }
  }
  sel->resize(k);
}

void VisitColumns(const BoundExpr& e, const std::function<void(int)>& visit) {
  if (e.kind == BoundExpr::Kind::kColumn) visit(e.column);
  for (const auto& a : e.args) VisitColumns(*a, visit);
}

namespace {

// 0 = false, 1 = true, 2 = null.
inline int Truth(const Vector& v, size_t r) {
  if (v.type == DataType::kNull || (!v.valid.empty() && !v.valid[r])) return 2;
  return v.i[r] ? 1 : 0;
}

Status EvalLogic(const BoundExpr& e, const Chunk& in, Vector* out) {
  bool is_and = e.kind == BoundExpr::Kind::kAnd;
  size_t n = static_cast<size_t>(in.rows);
  // Start from the identity (true for AND, false for OR) and fold each argument.
  std::vector<uint8_t> state(n, is_and ? 1 : 0);  // 0 false, 1 true, 2 null
  for (const auto& a : e.args) {
    Vector v;
    FLOE_RETURN_IF_ERROR(Evaluate(*a, in, &v));
    if (v.type == DataType::kBoolean && v.valid.empty() && v.i.size() == n) {
      // No NULLs in this argument: true keeps the state under AND (false
      // clears it); under OR true sets it and false keeps it.
      const int64_t* t = v.i.data();
      uint8_t* st = state.data();
      // Branch-free: the values are data, and mispredicted branches dominated.
      if (is_and) {
        for (size_t r = 0; r < n; ++r) st[r] &= static_cast<uint8_t>(-(t[r] != 0));
      } else {
        for (size_t r = 0; r < n; ++r) {
          uint8_t m = static_cast<uint8_t>(-(t[r] != 0));
          st[r] = static_cast<uint8_t>((st[r] & ~m) | (1 & m));
        }
      }
      continue;
    }
    for (size_t r = 0; r < n; ++r) {
      int t = Truth(v, r);
      uint8_t& s = state[r];
      if (is_and) {
        if (s == 0 || t == 0) {
          s = 0;
        } else if (s == 2 || t == 2) {
          s = 2;
        }
      } else {
        if (s == 1 || t == 1) {
          s = 1;
        } else if (s == 2 || t == 2) {
          s = 2;
        }
      }
    }
  }
  *out = Vector(DataType::kBoolean);
  out->length = in.rows;
  out->i.resize(n);
  bool any_null = false;
  for (size_t r = 0; r < n; ++r) {
    out->i[r] = state[r] == 1;
    any_null |= state[r] == 2;
  }
  if (any_null) {
    for (size_t r = 0; r < n; ++r)
      if (state[r] == 2) out->SetNull(static_cast<int64_t>(r));
  }
  return Status::OK();
}

Status EvalCase(const BoundExpr& e, const Chunk& in, Vector* out) {
  size_t n = static_cast<size_t>(in.rows);
  size_t pairs = (e.args.size() - (e.has_else ? 1 : 0)) / 2;
  std::vector<int> choice(n, -1);  // which THEN (or pairs for ELSE) each row takes
  for (size_t p = 0; p < pairs; ++p) {
    Vector cond;
    FLOE_RETURN_IF_ERROR(Evaluate(*e.args[2 * p], in, &cond));
    for (size_t r = 0; r < n; ++r) {
      if (choice[r] < 0 && Truth(cond, r) == 1) choice[r] = static_cast<int>(p);
    }
  }
  std::vector<Vector> results;
  for (size_t p = 0; p < pairs; ++p) {
    Vector v;
    FLOE_RETURN_IF_ERROR(Evaluate(*e.args[2 * p + 1], in, &v));
    results.push_back(std::move(v));
  }
  if (e.has_else) {
    Vector v;
    FLOE_RETURN_IF_ERROR(Evaluate(*e.args.back(), in, &v));
    results.push_back(std::move(v));
  }
  *out = Vector(e.type);
  out->Reserve(in.rows);
  for (size_t r = 0; r < n; ++r) {
    int c = choice[r] < 0 ? (e.has_else ? static_cast<int>(pairs) : -1) : choice[r];
    if (c < 0) {
      out->AppendNull();
    } else {
      out->Append(results[static_cast<size_t>(c)].Get(static_cast<int64_t>(r)));
    }
  }
  return Status::OK();
}

bool IsComparison(const std::string& op) {
  return op == "=" || op == "<>" || op == "<" || op == "<=" || op == ">" || op == ">=";
}

// `x op c` for a number column and a number constant of the same kind, without
// materializing the constant; false for anything else.
bool CompareWithConstant(const std::string& op, const Vector& x, const Value& c, int64_t rows,
                         Vector* out) {
  const bool dbl = x.type == DataType::kDouble && c.type == DataType::kDouble;
  const bool ints = IsIntLike(x.type) && IsIntLike(c.type);
  if (c.is_null || !(dbl || ints) || static_cast<int64_t>(dbl ? x.d.size() : x.i.size()) != rows)
    return false;
  auto run = [&](auto pred) {
    *out = Vector(DataType::kBoolean);
    out->length = rows;
    out->valid = x.valid;
    out->i.resize(static_cast<size_t>(rows));
    int64_t* o = out->i.data();
    if (dbl) {
      const double* v = x.d.data();
      const double k = c.d;
      for (int64_t r = 0; r < rows; ++r) o[r] = pred(v[r] < k ? -1 : (v[r] > k ? 1 : 0));
    } else {
      const int64_t* v = x.i.data();
      const int64_t k = c.i;
      for (int64_t r = 0; r < rows; ++r) o[r] = pred(v[r] < k ? -1 : (v[r] > k ? 1 : 0));
    }
    return true;
  };
  if (op == "=") return run([](int t) { return t == 0; });
  if (op == "<>") return run([](int t) { return t != 0; });
  if (op == "<") return run([](int t) { return t < 0; });
  if (op == "<=") return run([](int t) { return t <= 0; });
  if (op == ">") return run([](int t) { return t > 0; });
  if (op == ">=") return run([](int t) { return t >= 0; });
  return false;
}

// The column of `in` that `e` names when it is in dictionary form, else null.
const Vector* DictColumn(const BoundExpr& e, const Chunk& in) {
  if (e.kind != BoundExpr::Kind::kColumn) return nullptr;
  const Vector& v = in.columns[static_cast<size_t>(e.column)];
  return v.is_dict() ? &v : nullptr;
}

// A call whose arguments are one column in dictionary form and constants,
// over a batch longer than the dictionary: runs the function once per
// dictionary entry (and once for NULL), then picks each row's result by its
// code. False when the call is not of that shape.
bool EvalOnDictionary(const BoundExpr& e, const Chunk& in, Vector* out) {
  const Vector* coded = nullptr;
  size_t at = 0;
  for (size_t k = 0; k < e.args.size(); ++k) {
    if (const Vector* v = DictColumn(*e.args[k], in); v != nullptr && coded == nullptr) {
      coded = v;
      at = k;
    } else if (e.args[k]->kind != BoundExpr::Kind::kConstant) {
      return false;
    }
  }
  if (coded == nullptr) return false;
  const size_t entries = coded->dict->size() + 1;  // the last one is NULL
  if (entries * 2 > static_cast<size_t>(in.rows)) return false;
  Vector values(DataType::kVarchar);
  values.s.reserve(entries);
  values.s.assign(coded->dict->begin(), coded->dict->end());
  values.s.emplace_back();
  values.length = static_cast<int64_t>(entries);
  values.valid.assign(entries, 1);
  values.valid[entries - 1] = 0;
  std::vector<Vector> constants(e.args.size());
  std::vector<const Vector*> args(e.args.size());
  for (size_t k = 0; k < e.args.size(); ++k) {
    if (k == at) {
      args[k] = &values;
    } else {
      constants[k] = ConstantVector(e.args[k]->constant, static_cast<int64_t>(entries));
      args[k] = &constants[k];
    }
  }
  Vector per(e.type);
  per.length = static_cast<int64_t>(entries);
  if (!e.fn(args, per.length, &per).ok()) return false;  // the row-wise path reports it
  per.type = e.type;
  per.length = static_cast<int64_t>(entries);
  std::vector<uint32_t> sel(static_cast<size_t>(in.rows));
  for (size_t r = 0; r < sel.size(); ++r) {
    sel[r] = coded->IsNull(static_cast<int64_t>(r)) ? static_cast<uint32_t>(entries - 1)
                                                    : coded->codes[r];
  }
  *out = Gather(per, sel);
  out->type = e.type;
  return true;
}

Status EvalIn(const BoundExpr& e, const Chunk& in, Vector* out) {
  Vector scratch;
  const Vector* vp = DictColumn(*e.args[0], in);
  // In dictionary form, each entry is looked up once and rows take its answer.
  const Vector* coded = vp;
  if (coded == nullptr) FLOE_RETURN_IF_ERROR(EvaluateRef(*e.args[0], in, &scratch, &vp));
  const Vector& v = *vp;
  size_t n = static_cast<size_t>(in.rows);
  InSet local;
  if (e.in_set == nullptr) local = BuildInSet(e);
  const InSet& set = e.in_set != nullptr ? *e.in_set : local;
  const bool list_has_null = set.has_null;
  const auto& ints = set.ints;
  const auto& dbls = set.dbls;
  const auto& strs = set.strs;
  *out = Vector(DataType::kBoolean);
  out->length = in.rows;
  out->i.assign(n, 0);
  std::vector<uint8_t> hit;
  if (coded != nullptr) {
    hit.resize(coded->dict->size());
    for (size_t c = 0; c < hit.size(); ++c) hit[c] = strs.count((*coded->dict)[c]) > 0;
  }
  for (size_t r = 0; r < n; ++r) {
    if (v.IsNull(static_cast<int64_t>(r))) {
      out->SetNull(static_cast<int64_t>(r));
      continue;
    }
    bool found = coded != nullptr               ? hit[coded->codes[r]] != 0
                 : v.type == DataType::kDouble  ? dbls.count(v.d[r]) > 0
                 : v.type == DataType::kVarchar ? strs.count(v.s[r]) > 0
                                                : ints.count(v.i[r]) > 0;
    if (!found && list_has_null) {
      out->SetNull(static_cast<int64_t>(r));
    } else {
      out->i[r] = found != e.negated;
    }
  }
  return Status::OK();
}

}  // namespace

Status EvaluateRef(const BoundExpr& e, const Chunk& in, Vector* scratch, const Vector** result) {
  if (e.kind == BoundExpr::Kind::kColumn && !in.columns[static_cast<size_t>(e.column)].is_dict()) {
    *result = &in.columns[static_cast<size_t>(e.column)];
    return Status::OK();
  }
  FLOE_RETURN_IF_ERROR(Evaluate(e, in, scratch));
  *result = scratch;
  return Status::OK();
}

Status Evaluate(const BoundExpr& e, const Chunk& in, Vector* out) {
  switch (e.kind) {
    case BoundExpr::Kind::kColumn: {
      const Vector& v = in.columns[static_cast<size_t>(e.column)];
      if (!v.is_dict()) {
        *out = v;
        return Status::OK();
      }
      *out = Vector(v.type);
      out->length = v.length;
      out->valid = v.valid;
      out->s.reserve(v.codes.size());
      for (uint32_t c : v.codes) out->s.push_back((*v.dict)[c]);
      return Status::OK();
    }
    case BoundExpr::Kind::kConstant:
      *out = ConstantVector(e.constant, in.rows);
      return Status::OK();
    case BoundExpr::Kind::kAnd:
    case BoundExpr::Kind::kOr:
      return EvalLogic(e, in, out);
    case BoundExpr::Kind::kNot: {
      Vector v;
      FLOE_RETURN_IF_ERROR(Evaluate(*e.args[0], in, &v));
      *out = Vector(DataType::kBoolean);
      out->length = v.length;
      out->valid = v.valid;
      out->i.resize(static_cast<size_t>(v.length));
      if (v.type == DataType::kNull) out->valid.assign(static_cast<size_t>(v.length), 0);
      for (size_t r = 0; r < v.i.size(); ++r) out->i[r] = !v.i[r];
      return Status::OK();
    }
    case BoundExpr::Kind::kIsNull: {
      Vector scratch;
      const Vector* vp;
      FLOE_RETURN_IF_ERROR(EvaluateRef(*e.args[0], in, &scratch, &vp));
      const Vector& v = *vp;
      *out = Vector(DataType::kBoolean);
      out->length = in.rows;
      out->i.resize(static_cast<size_t>(in.rows));
      for (int64_t r = 0; r < in.rows; ++r)
        out->i[static_cast<size_t>(r)] = v.IsNull(r) != e.negated;
      return Status::OK();
    }
    case BoundExpr::Kind::kIn:
      return EvalIn(e, in, out);
    case BoundExpr::Kind::kCase:
      return EvalCase(e, in, out);
    case BoundExpr::Kind::kCall: {
      if (EvalOnDictionary(e, in, out)) return Status::OK();
      if (e.args.size() == 2 && e.args[1]->kind == BoundExpr::Kind::kConstant &&
          IsComparison(e.name) && e.args[0]->type == e.args[1]->constant.type &&
          (e.args[0]->type == DataType::kDouble || IsIntLike(e.args[0]->type))) {
        Vector scratch;
        const Vector* x;
        FLOE_RETURN_IF_ERROR(EvaluateRef(*e.args[0], in, &scratch, &x));
        if (CompareWithConstant(e.name, *x, e.args[1]->constant, in.rows, out)) return Status::OK();
      }
      std::vector<Vector> scratch(e.args.size());
      std::vector<const Vector*> args(e.args.size());
      for (size_t k = 0; k < e.args.size(); ++k) {
        FLOE_RETURN_IF_ERROR(EvaluateRef(*e.args[k], in, &scratch[k], &args[k]));
      }
      *out = Vector(e.type);
      out->length = in.rows;  // kernels may mark rows null before filling every lane
      FLOE_RETURN_IF_ERROR(e.fn(args, in.rows, out));
      out->type = e.type;
      out->length = in.rows;
      return Status::OK();
    }
  }
  return Internal("unknown expression kind");
}

}  // namespace floe::query
