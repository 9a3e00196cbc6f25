#include "floe/query/filter_select.h"

#include <string>

namespace floe::query {

namespace {

enum class Cmp { kEq, kNe, kLt, kLe, kGt, kGe };

bool ParseCmp(const std::string& op, Cmp* out) {
  static const std::pair<const char*, Cmp> kOps[] = {{"=", Cmp::kEq}, {"<>", Cmp::kNe},
                                                     {"<", Cmp::kLt}, {"<=", Cmp::kLe},
                                                     {">", Cmp::kGt}, {">=", Cmp::kGe}};
  for (const auto& [name, cmp] : kOps) {
    if (op == name) {
      *out = cmp;
      return true;
    }
  }
  return false;
}

// `c op x` as `x op' c`.
Cmp Flip(Cmp c) {
  switch (c) {
    case Cmp::kLt:
      return Cmp::kGt;
    case Cmp::kLe:
      return Cmp::kGe;
    case Cmp::kGt:
      return Cmp::kLt;
    case Cmp::kGe:
      return Cmp::kLe;
    default:
      return c;
  }
}

template <typename T>
inline int ThreeWay(const T& x, const T& k) {
  return x < k ? -1 : (x > k ? 1 : 0);
}

inline bool Holds(Cmp op, int t) {
  switch (op) {
    case Cmp::kEq:
      return t == 0;
    case Cmp::kNe:
      return t != 0;
    case Cmp::kLt:
      return t < 0;
    case Cmp::kLe:
      return t <= 0;
    case Cmp::kGt:
      return t > 0;
    case Cmp::kGe:
      return t >= 0;
  }
  return false;
}

// Keeps the selected rows r where keep(r) and the row is valid; the rows are
// compacted without a branch on the outcome.
template <typename Keep>
void Compact(const Vector& v, std::vector<uint32_t>* sel, Keep keep) {
  uint32_t* s = sel->data();
  const size_t n = sel->size();
  size_t out = 0;
  if (v.valid.empty()) {
    for (size_t j = 0; j < n; ++j) {
      const uint32_t r = s[j];
      s[out] = r;
      out += keep(r) ? 1 : 0;
    }
  } else {
    const uint8_t* valid = v.valid.data();
    for (size_t j = 0; j < n; ++j) {
      const uint32_t r = s[j];
      s[out] = r;
      out += (valid[r] != 0 && keep(r)) ? 1 : 0;
    }
  }
  sel->resize(out);
}

// One instantiation per operator, so the loop body holds no switch. Written
// with < and > only, as the comparison kernels compare (so a NaN compares as
// the kernels do).
template <typename T>
void CompareNumbers(const T* x, T k, Cmp op, const Vector& v, std::vector<uint32_t>* sel) {
  switch (op) {
    case Cmp::kEq:
      return Compact(v, sel, [&](uint32_t r) { return !(x[r] < k) && !(x[r] > k); });
    case Cmp::kNe:
      return Compact(v, sel, [&](uint32_t r) { return x[r] < k || x[r] > k; });
    case Cmp::kLt:
      return Compact(v, sel, [&](uint32_t r) { return x[r] < k; });
    case Cmp::kLe:
      return Compact(v, sel, [&](uint32_t r) { return !(x[r] > k); });
    case Cmp::kGt:
      return Compact(v, sel, [&](uint32_t r) { return x[r] > k; });
    case Cmp::kGe:
      return Compact(v, sel, [&](uint32_t r) { return !(x[r] < k); });
  }
}

// A per-entry answer for a column in dictionary form, applied by code.
void ByDictionary(const Vector& v, const std::vector<uint8_t>& hit, std::vector<uint32_t>* sel) {
  const uint32_t* codes = v.codes.data();
  const uint8_t* h = hit.data();
  Compact(v, sel, [&](uint32_t r) { return h[codes[r]] != 0; });
}

bool Comparison(const BoundExpr& e, const Chunk& in, std::vector<uint32_t>* sel) {
  Cmp op;
  if (e.args.size() != 2 || !ParseCmp(e.name, &op)) return false;
  const BoundExpr* col = e.args[0].get();
  const BoundExpr* constant = e.args[1].get();
  if (col->kind == BoundExpr::Kind::kConstant && constant->kind == BoundExpr::Kind::kColumn) {
    std::swap(col, constant);
    op = Flip(op);
  }
  if (col->kind != BoundExpr::Kind::kColumn || constant->kind != BoundExpr::Kind::kConstant)
    return false;
  const Vector& v = in.columns[static_cast<size_t>(col->column)];
  const Value& k = constant->constant;
  if (v.length != in.rows) return false;
  if (k.is_null) {  // compares as NULL: never TRUE
    sel->clear();
    return true;
  }
  if (v.type == DataType::kDouble && k.type == DataType::kDouble && !v.is_dict()) {
    CompareNumbers(v.d.data(), k.d, op, v, sel);
    return true;
  }
  if (IsIntLike(v.type) && v.type == k.type) {
    CompareNumbers(v.i.data(), k.i, op, v, sel);
    return true;
  }
  if (v.type == DataType::kVarchar && k.type == DataType::kVarchar) {
    if (v.is_dict()) {
      std::vector<uint8_t> hit(v.dict->size());
      for (size_t c = 0; c < hit.size(); ++c) hit[c] = Holds(op, ThreeWay((*v.dict)[c], k.s));
      ByDictionary(v, hit, sel);
    } else {
      Compact(v, sel, [&](uint32_t r) { return Holds(op, ThreeWay(v.s[r], k.s)); });
    }
    return true;
  }
  return false;
}

bool InList(const BoundExpr& e, const Chunk& in, std::vector<uint32_t>* sel) {
  if (e.in_set == nullptr || e.args[0]->kind != BoundExpr::Kind::kColumn) return false;
  const Vector& v = in.columns[static_cast<size_t>(e.args[0]->column)];
  if (v.length != in.rows) return false;
  const InSet& set = *e.in_set;
  // A value not in the list is NULL when the list holds a NULL, so NOT IN
  // then keeps nothing.
  if (e.negated && set.has_null) {
    sel->clear();
    return true;
  }
  const bool keep_found = !e.negated;
  if (v.type == DataType::kVarchar && v.is_dict()) {
    std::vector<uint8_t> hit(v.dict->size());
    for (size_t c = 0; c < hit.size(); ++c)
      hit[c] = (set.strs.count((*v.dict)[c]) > 0) == keep_found;
    ByDictionary(v, hit, sel);
  } else if (v.type == DataType::kVarchar) {
    Compact(v, sel, [&](uint32_t r) { return (set.strs.count(v.s[r]) > 0) == keep_found; });
  } else if (v.type == DataType::kDouble) {
    Compact(v, sel, [&](uint32_t r) { return (set.dbls.count(v.d[r]) > 0) == keep_found; });
  } else if (IsIntLike(v.type)) {
    Compact(v, sel, [&](uint32_t r) { return (set.ints.count(v.i[r]) > 0) == keep_found; });
  } else {
    return false;
  }
  return true;
}

bool NullTest(const BoundExpr& e, const Chunk& in, std::vector<uint32_t>* sel) {
  if (e.args[0]->kind != BoundExpr::Kind::kColumn) return false;
  const Vector& v = in.columns[static_cast<size_t>(e.args[0]->column)];
  if (v.length != in.rows && v.type != DataType::kNull) return false;
  const bool want_null = !e.negated;  // IS NULL keeps nulls; IS NOT NULL the rest
  uint32_t* s = sel->data();
  size_t out = 0;
  for (size_t j = 0; j < sel->size(); ++j) {
    const uint32_t r = s[j];
    s[out] = r;
    out += v.IsNull(r) == want_null ? 1 : 0;
  }
  sel->resize(out);
  return true;
}

}  // namespace

bool NarrowSelection(const BoundExpr& e, const Chunk& in, std::vector<uint32_t>* sel) {
  switch (e.kind) {
    case BoundExpr::Kind::kCall:
      return Comparison(e, in, sel);
    case BoundExpr::Kind::kIn:
      return InList(e, in, sel);
    case BoundExpr::Kind::kIsNull:
      return NullTest(e, in, sel);
    default:
      return false;
  }
}

}  // namespace floe::query
