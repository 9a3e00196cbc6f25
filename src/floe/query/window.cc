#include "floe/query/window.h"

#include <algorithm>
#include <cstring>
#include <numeric>
#include <string_view>

namespace floe::query {

bool LookupWindowFunction(const std::string& name, bool star, WindowCall* call) {
  using K = WindowCall::Kind;
  if (star) {
    if (name != "count") return false;
    call->kind = K::kAggregate;
    call->agg = AggKind::kCountStar;
    return true;
  }
  if (name == "row_number")
    call->kind = K::kRowNumber;
  else if (name == "rank")
    call->kind = K::kRank;
  else if (name == "dense_rank")
    call->kind = K::kDenseRank;
  else if (name == "lag")
    call->kind = K::kLag;
  else if (name == "lead")
    call->kind = K::kLead;
  else {
    auto agg = LookupAggregate(name);
    if (!agg || (*agg != AggKind::kCount && *agg != AggKind::kSum && *agg != AggKind::kAvg &&
                 *agg != AggKind::kMin && *agg != AggKind::kMax)) {
      return false;
    }
    call->kind = K::kAggregate;
    call->agg = *agg;
  }
  return true;
}

namespace {

// -1, 0 or 1: row a against row b of v; NULLs equal each other and sort
// first or last whatever the direction.
int CompareRows(const Vector& v, size_t a, size_t b, bool desc, bool nulls_first) {
  const bool na = v.IsNull(static_cast<int64_t>(a));
  const bool nb = v.IsNull(static_cast<int64_t>(b));
  if (na || nb) {
    if (na && nb) return 0;
    return na == nulls_first ? -1 : 1;
  }
  int c;
  if (v.type == DataType::kDouble) {
    c = v.d[a] < v.d[b] ? -1 : (v.d[a] > v.d[b] ? 1 : 0);
  } else if (v.type == DataType::kVarchar) {
    const int k = v.Str(a).compare(v.Str(b));
    c = k < 0 ? -1 : (k > 0 ? 1 : 0);
  } else {
    c = v.i[a] < v.i[b] ? -1 : (v.i[a] > v.i[b] ? 1 : 0);
  }
  return desc ? -c : c;
}

// One sort key as unsigned words that order as the rows should: NULLs at one
// end, numbers by order-preserving bits, strings by their rank among the
// key's distinct values, descending keys inverted. Equal words = peers.
struct SortWords {
  std::vector<unsigned __int128> words;
};

SortWords ToSortWords(const Vector& v, bool desc, bool nulls_first) {
  const size_t n = static_cast<size_t>(v.length);
  std::vector<uint64_t> value(n, 0);
  if (v.type == DataType::kDouble) {
    for (size_t r = 0; r < n; ++r) {
      double d = v.d[r] == 0 ? 0.0 : v.d[r];  // -0.0 and 0.0 are peers
      uint64_t b;
      std::memcpy(&b, &d, 8);
      value[r] = (b >> 63) != 0 ? ~b : b | (uint64_t{1} << 63);
    }
  } else if (v.type == DataType::kVarchar) {
    std::vector<std::string_view> distinct;
    distinct.reserve(n);
    for (size_t r = 0; r < n; ++r) {
      if (!v.IsNull(static_cast<int64_t>(r))) distinct.push_back(v.Str(r));
    }
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    for (size_t r = 0; r < n; ++r) {
      if (v.IsNull(static_cast<int64_t>(r))) continue;
      value[r] = static_cast<uint64_t>(
          std::lower_bound(distinct.begin(), distinct.end(), std::string_view(v.Str(r))) -
          distinct.begin());
    }
  } else if (v.type != DataType::kNull) {
    for (size_t r = 0; r < n; ++r) value[r] = static_cast<uint64_t>(v.i[r]) ^ (uint64_t{1} << 63);
  }
  // High word: 0 or 2 for NULL (first or last), 1 for a value; low word: the value.
  SortWords out;
  out.words.resize(n);
  for (size_t r = 0; r < n; ++r) {
    const bool null = v.IsNull(static_cast<int64_t>(r));
    const uint64_t hi = null ? (nulls_first ? 0 : 2) : 1;
    const uint64_t lo = null ? 0 : (desc ? ~value[r] : value[r]);
    out.words[r] = (static_cast<unsigned __int128>(hi) << 64) | lo;
  }
  return out;
}

// A vector of `n` rows of type t, every row valid until set NULL.
Vector Sized(DataType t, size_t n) {
  Vector v(t);
  v.length = static_cast<int64_t>(n);
  if (t == DataType::kDouble) {
    v.d.assign(n, 0);
  } else if (t == DataType::kVarchar) {
    v.s.assign(n, std::string());
  } else if (t != DataType::kNull) {
    v.i.assign(n, 0);
  }
  return v;
}

void Set(Vector* v, size_t r, const Value& x) {
  if (x.is_null || v->type == DataType::kNull) {
    v->SetNull(static_cast<int64_t>(r));
  } else if (v->type == DataType::kDouble) {
    v->d[r] = x.type == DataType::kDouble ? x.d : static_cast<double>(x.i);
  } else if (v->type == DataType::kVarchar) {
    v->s[r] = x.s;
  } else {
    v->i[r] = x.i;
  }
}

// The running state of an aggregate over a window.
struct Accumulator {
  int64_t count = 0;
  int64_t isum = 0;
  double dsum = 0;
  int64_t best = -1;  // MIN/MAX: the row holding the value

  Status Add(const WindowCall& call, const Vector* arg, size_t r) {
    if (call.agg == AggKind::kCountStar) {
      ++count;
      return Status::OK();
    }
    if (arg->IsNull(static_cast<int64_t>(r))) return Status::OK();
    ++count;
    switch (call.agg) {
      case AggKind::kSum:
      case AggKind::kAvg:
        if (arg->type == DataType::kDouble) {
          dsum += arg->d[r];
        } else if (call.agg == AggKind::kAvg) {
          dsum += static_cast<double>(arg->i[r]);
        } else if (__builtin_add_overflow(isum, arg->i[r], &isum)) {
          return InvalidArgument(
              "Out of Range Error: SUM overflowed BIGINT; cast the argument to DOUBLE");
        }
        break;
      case AggKind::kMin:
      case AggKind::kMax: {
        const bool mx = call.agg == AggKind::kMax;
        if (best < 0 || CompareRows(*arg, r, static_cast<size_t>(best), mx, false) < 0)
          best = static_cast<int64_t>(r);
        break;
      }
      default:
        break;
    }
    return Status::OK();
  }

  Value Result(const WindowCall& call, const Vector* arg) const {
    switch (call.agg) {
      case AggKind::kCountStar:
      case AggKind::kCount:
        return Value::Int(count);
      case AggKind::kSum:
        if (count == 0) return Value::Null(call.type);
        return call.type == DataType::kDouble ? Value::Double(dsum) : Value::Int(isum);
      case AggKind::kAvg:
        if (count == 0) return Value::Null(DataType::kDouble);
        return Value::Double(dsum / static_cast<double>(count));
      default:
        return best < 0 ? Value::Null(call.type) : arg->Get(best);
    }
  }
};

}  // namespace

std::string WindowOperator::Describe() const {
  std::string s = "WINDOW ";
  for (size_t k = 0; k < calls_.size(); ++k) s += (k ? ", " : "") + calls_[k].name;
  return s;
}

Status WindowOperator::ComputeCall(const WindowCall& call, Vector* out) const {
  const size_t n = static_cast<size_t>(rows_.rows);
  std::vector<Vector> parts(call.partition.size()), orders(call.order.size());
  for (size_t k = 0; k < parts.size(); ++k)
    FLOE_RETURN_IF_ERROR(Evaluate(*call.partition[k], rows_, &parts[k]));
  for (size_t k = 0; k < orders.size(); ++k)
    FLOE_RETURN_IF_ERROR(Evaluate(*call.order[k].expr, rows_, &orders[k]));
  Vector arg;
  if (!call.args.empty()) FLOE_RETURN_IF_ERROR(Evaluate(*call.args[0], rows_, &arg));

  // Every key as words that compare as the rows should sort.
  std::vector<SortWords> pk, ok;
  for (const Vector& p : parts) pk.push_back(ToSortWords(p, false, true));
  for (size_t k = 0; k < orders.size(); ++k)
    ok.push_back(ToSortWords(orders[k], call.order[k].desc, call.order[k].nulls_first));
  auto equal = [](const std::vector<SortWords>& keys, size_t a, size_t b) {
    for (const SortWords& k : keys) {
      if (k.words[a] != k.words[b]) return false;
    }
    return true;
  };
  auto same_partition = [&](size_t a, size_t b) { return equal(pk, a, b); };
  auto peers = [&](size_t a, size_t b) { return equal(ok, a, b); };
  std::vector<uint32_t> perm(n);
  std::iota(perm.begin(), perm.end(), 0);
  std::stable_sort(perm.begin(), perm.end(), [&](uint32_t a, uint32_t b) {
    for (const auto* keys : {&pk, &ok}) {
      for (const SortWords& k : *keys) {
        if (k.words[a] != k.words[b]) return k.words[a] < k.words[b];
      }
    }
    return false;
  });

  *out = Sized(call.type, n);
  using K = WindowCall::Kind;
  for (size_t ps = 0; ps < n;) {
    size_t pe = ps + 1;
    while (pe < n && same_partition(perm[ps], perm[pe])) ++pe;
    Accumulator acc;
    int64_t dense = 0;
    for (size_t gs = ps; gs < pe;) {
      // A group of peers: rows equal in every ORDER BY key (the whole
      // partition without ORDER BY).
      size_t ge = gs + 1;
      while (ge < pe && (orders.empty() || peers(perm[gs], perm[ge]))) ++ge;
      ++dense;
      if (call.kind == K::kAggregate) {
        for (size_t j = gs; j < ge; ++j) FLOE_RETURN_IF_ERROR(acc.Add(call, &arg, perm[j]));
        const Value v = acc.Result(call, &arg);
        for (size_t j = gs; j < ge; ++j) Set(out, perm[j], v);
      }
      for (size_t j = gs; j < ge; ++j) {
        const size_t r = perm[j];
        switch (call.kind) {
          case K::kRowNumber:
            out->i[r] = static_cast<int64_t>(j - ps + 1);
            break;
          case K::kRank:
            out->i[r] = static_cast<int64_t>(gs - ps + 1);
            break;
          case K::kDenseRank:
            out->i[r] = dense;
            break;
          case K::kLag:
          case K::kLead: {
            const int64_t at =
                static_cast<int64_t>(j) + (call.kind == K::kLag ? -call.offset : call.offset);
            if (at >= static_cast<int64_t>(ps) && at < static_cast<int64_t>(pe)) {
              Set(out, r, arg.Get(perm[static_cast<size_t>(at)]));
            } else {
              Set(out, r, call.fallback);
            }
            break;
          }
          case K::kAggregate:
            break;
        }
      }
      gs = ge;
    }
    ps = pe;
  }
  return Status::OK();
}

Status WindowOperator::Compute() {
  Chunk in;
  bool first = true;
  while (true) {
    FLOE_ASSIGN_OR_RETURN(bool more, child_->Next(&in));
    if (!more) break;
    if (first) {
      for (const Vector& c : in.columns) rows_.columns.emplace_back(c.type);
      first = false;
    }
    if (in.rows == 0) continue;
    int64_t bytes = 0;
    for (size_t c = 0; c < in.columns.size(); ++c) {
      if (in.columns[c].length != in.rows) continue;  // a column the scan left unread
      bytes += in.columns[c].MemoryBytes();
      AppendVector(in.columns[c], &rows_.columns[c]);
    }
    rows_.rows += in.rows;
    FLOE_RETURN_IF_ERROR(memory_->Grow(bytes, "a window function's input"));
  }
  if (rows_.rows == 0) return Status::OK();  // no rows: nothing to number
  std::vector<Vector> results(calls_.size());
  for (size_t k = 0; k < calls_.size(); ++k) {
    FLOE_RETURN_IF_ERROR(ComputeCall(calls_[k], &results[k]));
    FLOE_RETURN_IF_ERROR(memory_->Grow(results[k].MemoryBytes(), "a window function's result"));
  }
  for (auto& r : results) rows_.columns.push_back(std::move(r));
  return Status::OK();
}

Result<bool> WindowOperator::Next(Chunk* out) {
  if (!computed_) {
    FLOE_RETURN_IF_ERROR(Compute());
    computed_ = true;
  }
  if (emitted_ >= rows_.rows) return false;
  const int64_t end = std::min(rows_.rows, emitted_ + kBatchRows);
  std::vector<uint32_t> sel(static_cast<size_t>(end - emitted_));
  std::iota(sel.begin(), sel.end(), static_cast<uint32_t>(emitted_));
  *out = GatherChunk(rows_, sel);
  emitted_ = end;
  return true;
}

}  // namespace floe::query
