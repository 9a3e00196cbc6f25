#include "floe/query/aggregate_state.h"

#include <algorithm>
#include <cmath>

namespace floe::query {

namespace {

struct Arrays {
  bool count = false, isum = false, dsum = false, m2 = false, has = false, sval = false;
};

Arrays ArraysOf(const AggregateSpec& spec) {
  Arrays a;
  const bool dbl = spec.type == DataType::kDouble;
  switch (spec.kind) {
    case AggKind::kCountStar:
    case AggKind::kCount:
      a.count = true;
      break;
    case AggKind::kSum:  // a group with a count has a sum
      a.count = true;
      (dbl ? a.dsum : a.isum) = true;
      break;
    case AggKind::kAvg:
      a.count = a.dsum = true;
      break;
    case AggKind::kMin:
    case AggKind::kMax:
      a.has = true;
      (dbl ? a.dsum : spec.type == DataType::kVarchar ? a.sval : a.isum) = true;
      break;
    case AggKind::kStddev:
    case AggKind::kVariance:
      a.count = a.dsum = a.m2 = true;
      break;
    case AggKind::kQuantile:
    case AggKind::kQuantileDisc:
      break;
  }
  return a;
}

}  // namespace

void AggState::Resize(size_t n, const AggregateSpec& spec) {
  const Arrays a = ArraysOf(spec);
  if (a.count) count.resize(n);
  if (a.isum) isum.resize(n);
  if (a.dsum) dsum.resize(n);
  if (a.m2) m2.resize(n);
  if (a.has) has.resize(n);
  if (a.sval) sval.resize(n);
  if (spec.distinct) seen.resize(n);
  if (spec.kind == AggKind::kQuantile) values.resize(n);
  if (spec.kind == AggKind::kQuantileDisc) disc.resize(n, Vector(spec.type));
}

int64_t AggState::GroupBytes(const AggregateSpec& spec) {
  const Arrays a = ArraysOf(spec);
  int64_t bytes = 8 * (a.count + a.isum + a.dsum + a.m2) + a.has;
  if (a.sval) bytes += sizeof(std::string);
  if (spec.distinct) bytes += sizeof(std::unordered_set<std::string>);
  if (spec.kind == AggKind::kQuantile) bytes += sizeof(std::vector<double>);
  if (spec.kind == AggKind::kQuantileDisc) bytes += sizeof(Vector);
  return bytes;
}

void AppendKey(const Vector& v, size_t r, std::string* key) {
  if (!RowValidOrNull(v, r)) {
    key->push_back('\0');
    return;
  }
  key->push_back('\1');
  if (v.type == DataType::kDouble) {
    double d = v.d[r] == 0 ? 0.0 : v.d[r];  // -0.0 and 0.0 group together
    if (std::isnan(d)) d = std::nan("");
    key->append(reinterpret_cast<const char*>(&d), 8);
  } else if (v.type == DataType::kVarchar) {
    const std::string& s = v.Str(r);
    uint32_t n = static_cast<uint32_t>(s.size());
    key->append(reinterpret_cast<const char*>(&n), 4);
    key->append(s);
  } else {
    key->append(reinterpret_cast<const char*>(&v.i[r]), 8);
  }
}

Status UpdateAggregate(const AggregateSpec& spec, const Vector* arg, const uint32_t* gid,
                       int64_t rows, AggState* st, int64_t* bytes, bool one_group) {
  size_t n = static_cast<size_t>(rows);
  if (one_group) {
    // One group (no GROUP BY): counts and sums without NULLs or DISTINCT at once.
    const bool plain = spec.kind == AggKind::kCountStar ||
                       (!spec.distinct && arg->type != DataType::kNull && arg->valid.empty());
    if (plain && (spec.kind == AggKind::kCountStar || spec.kind == AggKind::kCount)) {
      st->count[0] += rows;
      return Status::OK();
    }
    if (plain && arg->type == DataType::kDouble &&
        (spec.kind == AggKind::kSum || spec.kind == AggKind::kAvg)) {
      double part[4] = {0, 0, 0, 0};  // four chains, for instruction-level parallelism
      const double* x = arg->d.data();
      size_t r = 0;
      for (; r + 4 <= n; r += 4) {
        for (int k = 0; k < 4; ++k) part[k] += x[r + static_cast<size_t>(k)];
      }
      for (; r < n; ++r) part[0] += x[r];
      st->count[0] += rows;
      st->dsum[0] += (part[0] + part[1]) + (part[2] + part[3]);
      return Status::OK();
    }
  }
  if (spec.kind == AggKind::kCountStar) {
    for (size_t r = 0; r < n; ++r) ++st->count[gid[r]];
    return Status::OK();
  }
  bool all_null = arg->type == DataType::kNull;
  // The common cases without NULLs or DISTINCT, as tight loops.
  if (!spec.distinct && !all_null && arg->valid.empty()) {
    const uint32_t* gp = gid;
    const bool dbl = arg->type == DataType::kDouble;
    const bool integer = IsIntLike(arg->type);
    switch (spec.kind) {
      case AggKind::kCount:
        for (size_t r = 0; r < n; ++r) ++st->count[gp[r]];
        return Status::OK();
      case AggKind::kSum:
      case AggKind::kAvg:
        if (dbl || (integer && spec.kind == AggKind::kAvg)) {
          int64_t* count = st->count.data();
          double* sum = st->dsum.data();
          if (dbl) {
            const double* x = arg->d.data();
            for (size_t r = 0; r < n; ++r) {
              ++count[gp[r]];
              sum[gp[r]] += x[r];
            }
          } else {
            const int64_t* x = arg->i.data();
            for (size_t r = 0; r < n; ++r) {
              ++count[gp[r]];
              sum[gp[r]] += static_cast<double>(x[r]);
            }
          }
          return Status::OK();
        }
        break;
      case AggKind::kMin:
      case AggKind::kMax:
        if (dbl || integer) {
          const bool mx = spec.kind == AggKind::kMax;
          for (size_t r = 0; r < n; ++r) {
            const uint32_t g = gp[r];
            if (dbl) {
              const double v = arg->d[r];
              if (!st->has[g] || (mx ? v > st->dsum[g] : v < st->dsum[g])) st->dsum[g] = v;
            } else {
              const int64_t v = arg->i[r];
              if (!st->has[g] || (mx ? v > st->isum[g] : v < st->isum[g])) st->isum[g] = v;
            }
            st->has[g] = 1;
          }
          return Status::OK();
        }
        break;
      default:
        break;
    }
  }
  std::string key;
  for (size_t r = 0; r < n; ++r) {
    if (all_null || !RowValidOrNull(*arg, r)) continue;
    uint32_t g = gid[r];
    if (spec.distinct) {
      key.clear();
      AppendKey(*arg, r, &key);
      if (!st->seen[g].insert(key).second) continue;
      *bytes += static_cast<int64_t>(key.size()) + 48;
    }
    switch (spec.kind) {
      case AggKind::kCount:
        ++st->count[g];
        break;
      case AggKind::kSum:
      case AggKind::kAvg:
        ++st->count[g];
        if (arg->type == DataType::kDouble) {
          st->dsum[g] += arg->d[r];
        } else if (spec.kind == AggKind::kAvg) {
          st->dsum[g] += static_cast<double>(arg->i[r]);
        } else if (__builtin_add_overflow(st->isum[g], arg->i[r], &st->isum[g])) {
          return InvalidArgument(
              "Out of Range Error: SUM overflowed BIGINT; cast the argument to DOUBLE");
        }
        break;
      case AggKind::kMin:
      case AggKind::kMax: {
        bool mx = spec.kind == AggKind::kMax;
        if (arg->type == DataType::kDouble) {
          double v = arg->d[r];
          if (!st->has[g] || (mx ? v > st->dsum[g] : v < st->dsum[g])) st->dsum[g] = v;
        } else if (arg->type == DataType::kVarchar) {
          const std::string& v = arg->s[r];
          if (!st->has[g] || (mx ? v > st->sval[g] : v < st->sval[g])) {
            *bytes += static_cast<int64_t>(v.size()) - static_cast<int64_t>(st->sval[g].size());
            st->sval[g] = v;
          }
        } else {
          int64_t v = arg->i[r];
          if (!st->has[g] || (mx ? v > st->isum[g] : v < st->isum[g])) st->isum[g] = v;
        }
        st->has[g] = 1;
        break;
      }
      case AggKind::kStddev:
      case AggKind::kVariance: {
        double x = arg->type == DataType::kDouble ? arg->d[r] : static_cast<double>(arg->i[r]);
        int64_t c = ++st->count[g];
        double delta = x - st->dsum[g];
        st->dsum[g] += delta / static_cast<double>(c);
        st->m2[g] += delta * (x - st->dsum[g]);
        break;
      }
      case AggKind::kQuantile:
        st->values[g].push_back(arg->type == DataType::kDouble ? arg->d[r]
                                                               : static_cast<double>(arg->i[r]));
        *bytes += 8;
        break;
      case AggKind::kQuantileDisc:
        st->disc[g].Append(arg->Get(static_cast<int64_t>(r)));
        *bytes += 16;
        break;
      case AggKind::kCountStar:
        break;
    }
  }
  return Status::OK();
}

Status MergeAggregate(const AggregateSpec& spec, AggState* src, const std::vector<uint32_t>& into,
                      AggState* dst) {
  const size_t n = into.size();
  switch (spec.kind) {
    case AggKind::kCountStar:
    case AggKind::kCount:
      for (size_t g = 0; g < n; ++g) dst->count[into[g]] += src->count[g];
      return Status::OK();
    case AggKind::kSum:
    case AggKind::kAvg:
      for (size_t g = 0; g < n; ++g) {
        if (src->count[g] == 0) continue;
        const uint32_t d = into[g];
        dst->count[d] += src->count[g];
        if (spec.kind == AggKind::kAvg || spec.type == DataType::kDouble) {
          dst->dsum[d] += src->dsum[g];
        } else if (__builtin_add_overflow(dst->isum[d], src->isum[g], &dst->isum[d])) {
          return InvalidArgument(
              "Out of Range Error: SUM overflowed BIGINT; cast the argument to DOUBLE");
        }
      }
      return Status::OK();
    case AggKind::kMin:
    case AggKind::kMax: {
      const bool mx = spec.kind == AggKind::kMax;
      for (size_t g = 0; g < n; ++g) {
        if (!src->has[g]) continue;
        const uint32_t d = into[g];
        const bool first = !dst->has[d];
        dst->has[d] = 1;
        if (spec.type == DataType::kDouble) {
          const double v = src->dsum[g];
          if (first || (mx ? v > dst->dsum[d] : v < dst->dsum[d])) dst->dsum[d] = v;
        } else if (spec.type == DataType::kVarchar) {
          std::string& v = src->sval[g];
          if (first || (mx ? v > dst->sval[d] : v < dst->sval[d])) dst->sval[d].swap(v);
        } else {
          const int64_t v = src->isum[g];
          if (first || (mx ? v > dst->isum[d] : v < dst->isum[d])) dst->isum[d] = v;
        }
      }
      return Status::OK();
    }
    case AggKind::kStddev:
    case AggKind::kVariance:
      // Chan et al.'s pairwise combination of counts, means and squared deviations.
      for (size_t g = 0; g < n; ++g) {
        const int64_t nb = src->count[g];
        if (nb == 0) continue;
        const uint32_t d = into[g];
        const int64_t na = dst->count[d];
        const double total = static_cast<double>(na + nb);
        const double delta = src->dsum[g] - dst->dsum[d];
        dst->dsum[d] += delta * static_cast<double>(nb) / total;
        dst->m2[d] +=
            src->m2[g] + delta * delta * static_cast<double>(na) * static_cast<double>(nb) / total;
        dst->count[d] = na + nb;
      }
      return Status::OK();
    case AggKind::kQuantile:
      for (size_t g = 0; g < n; ++g) {
        auto& to = dst->values[into[g]];
        to.insert(to.end(), src->values[g].begin(), src->values[g].end());
      }
      return Status::OK();
    case AggKind::kQuantileDisc:
      for (size_t g = 0; g < n; ++g) AppendVector(src->disc[g], &dst->disc[into[g]]);
      return Status::OK();
  }
  return Status::OK();
}

Value Finalize(const AggregateSpec& spec, AggState* st, uint32_t g) {
  switch (spec.kind) {
    case AggKind::kCountStar:
    case AggKind::kCount:
      return Value::Int(st->count[g]);
    case AggKind::kSum:
      if (st->count[g] == 0) return Value::Null(spec.type);
      return spec.type == DataType::kDouble ? Value::Double(st->dsum[g]) : Value::Int(st->isum[g]);
    case AggKind::kAvg:
      if (st->count[g] == 0) return Value::Null(DataType::kDouble);
      return Value::Double(st->dsum[g] / static_cast<double>(st->count[g]));
    case AggKind::kMin:
    case AggKind::kMax:
      if (!st->has[g]) return Value::Null(spec.type);
      if (spec.type == DataType::kDouble) return Value::Double(st->dsum[g]);
      if (spec.type == DataType::kVarchar) return Value::String(st->sval[g]);
      return Value::Int(st->isum[g], spec.type);
    case AggKind::kStddev:
    case AggKind::kVariance: {
      if (st->count[g] < 2) return Value::Null(DataType::kDouble);
      double var = st->m2[g] / static_cast<double>(st->count[g] - 1);
      return Value::Double(spec.kind == AggKind::kStddev ? std::sqrt(var) : var);
    }
    case AggKind::kQuantile: {
      auto& v = st->values[g];
      if (v.empty()) return Value::Null(DataType::kDouble);
      std::sort(v.begin(), v.end());
      double pos = spec.fraction * static_cast<double>(v.size() - 1);
      size_t lo = static_cast<size_t>(std::floor(pos));
      size_t hi = static_cast<size_t>(std::ceil(pos));
      return Value::Double(v[lo] + (v[hi] - v[lo]) * (pos - static_cast<double>(lo)));
    }
    case AggKind::kQuantileDisc: {
      Vector& v = st->disc[g];
      if (v.length == 0) return Value::Null(spec.type);
      std::vector<uint32_t> idx(static_cast<size_t>(v.length));
      for (size_t k = 0; k < idx.size(); ++k) idx[k] = static_cast<uint32_t>(k);
      std::sort(idx.begin(), idx.end(), [&](uint32_t a, uint32_t b) {
        if (v.type == DataType::kDouble) return v.d[a] < v.d[b];
        if (v.type == DataType::kVarchar) return v.s[a] < v.s[b];
        return v.i[a] < v.i[b];
      });
      // DuckDB's quantile_disc: the value at floor((n - 1) * fraction) after sorting.
      size_t pos =
          static_cast<size_t>(std::floor(static_cast<double>(v.length - 1) * spec.fraction));
      return v.Get(idx[pos]);
    }
  }
  return Value::Null();
}

}  // namespace floe::query
