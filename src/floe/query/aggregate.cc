#include "floe/query/aggregate.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <unordered_set>

namespace floe::query {

std::optional<AggKind> LookupAggregate(const std::string& name) {
  if (name == "count") return AggKind::kCount;
  if (name == "sum") return AggKind::kSum;
  if (name == "avg" || name == "mean") return AggKind::kAvg;
  if (name == "min") return AggKind::kMin;
  if (name == "max") return AggKind::kMax;
  if (name == "stddev" || name == "stddev_samp") return AggKind::kStddev;
  if (name == "variance" || name == "var_samp") return AggKind::kVariance;
  if (name == "quantile_cont" || name == "median") return AggKind::kQuantile;
  // approx_percentile / approx_quantile answer exactly (a value of the input, as quantile_disc).
  if (name == "quantile" || name == "quantile_disc" || name == "approx_percentile" ||
      name == "approx_quantile")
    return AggKind::kQuantileDisc;
  return std::nullopt;
}

Result<DataType> AggregateType(AggKind kind, DataType arg) {
  switch (kind) {
    case AggKind::kCountStar:
    case AggKind::kCount:
      return DataType::kBigint;
    case AggKind::kMin:
    case AggKind::kMax:
    case AggKind::kQuantileDisc:
      return arg;
    default:
      break;
  }
  if (!IsNumeric(arg) && arg != DataType::kNull)
    return InvalidArgument("Binder Error: this aggregate needs a numeric argument, not " +
                           std::string(TypeName(arg)));
  if (kind == AggKind::kSum) return IsInteger(arg) ? DataType::kBigint : DataType::kDouble;
  return DataType::kDouble;
}

namespace {

// Appends row r of v to a group key: a null marker, then the value's bytes.
inline void AppendKey(const Vector& v, size_t r, std::string* key) {
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

}  // namespace

struct AggState {
  std::vector<int64_t> count;
  std::vector<int64_t> isum;
  std::vector<double> dsum;  // also the running mean for stddev
  std::vector<double> m2;
  std::vector<uint8_t> has;
  std::vector<std::string> sval;
  std::vector<std::unordered_set<std::string>> seen;  // DISTINCT
  std::vector<std::vector<double>> values;            // quantiles (values as double)
  std::vector<Vector> disc;                           // quantile_disc values, per group

  void Resize(size_t n, const AggregateSpec& spec) {
    count.resize(n);
    isum.resize(n);
    dsum.resize(n);
    m2.resize(n);
    has.resize(n);
    if (spec.arg && spec.arg->type == DataType::kVarchar) sval.resize(n);
    if (spec.distinct) seen.resize(n);
    if (spec.kind == AggKind::kQuantile) values.resize(n);
    if (spec.kind == AggKind::kQuantileDisc) disc.resize(n, Vector(spec.type));
  }
};

// Two to four group keys as fixed-width words: numbers by value (doubles by
// their normalized bits), strings by an id interned per key column.
struct FixedKey {
  uint64_t v[4] = {0, 0, 0, 0};
  uint32_t nulls = 0;
  bool operator==(const FixedKey& o) const {
    return nulls == o.nulls && v[0] == o.v[0] && v[1] == o.v[1] && v[2] == o.v[2] && v[3] == o.v[3];
  }
};

struct FixedKeyHash {
  size_t operator()(const FixedKey& k) const {
    uint64_t h = k.nulls * 0x9E3779B97F4A7C15ULL;
    for (uint64_t x : k.v) {
      h ^= x + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2);
      h *= 0xFF51AFD7ED558CCDULL;
    }
    return static_cast<size_t>(h ^ (h >> 32));
  }
};

constexpr size_t kMaxFixedKeys = 4;

// Open addressing with linear probing over 8-byte slots (32 bits of the hash
// and the group), keys kept once per group in insertion order: a lookup
// touches a slot or two and, on a hash match, its group's key.
class FixedKeyTable {
 public:
  // The group of `k`, or -1.
  int64_t Find(const FixedKey& k, size_t hash) const {
    if (slots_.empty()) return -1;
    const uint32_t tag = Tag(hash);
    for (size_t i = hash & mask_;; i = (i + 1) & mask_) {
      const Slot& slot = slots_[i];
      if (slot.group == kEmpty) return -1;
      if (slot.tag == tag && keys_[slot.group] == k) return slot.group;
    }
  }
  // REQUIRES: groups are numbered 0, 1, 2, ... in insertion order.
  void Insert(const FixedKey& k, size_t hash, uint32_t group) {
    if ((keys_.size() + 1) * 2 > slots_.size()) Grow();
    keys_.push_back(k);
    hashes_.push_back(hash);
    Place(hash, group);
  }
  // Brings the slot a lookup of `hash` starts at into cache.
  void Prefetch(size_t hash) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[hash & mask_]);
  }

 private:
  static constexpr uint32_t kEmpty = UINT32_MAX;
  struct Slot {
    uint32_t tag = 0;
    uint32_t group = kEmpty;
  };
  static uint32_t Tag(size_t hash) { return static_cast<uint32_t>(hash >> 32); }
  void Place(size_t hash, uint32_t group) {
    size_t i = hash & mask_;
    while (slots_[i].group != kEmpty) i = (i + 1) & mask_;
    slots_[i] = Slot{Tag(hash), group};
  }
  void Grow() {
    slots_.assign(slots_.empty() ? 1024 : slots_.size() * 2, Slot{});
    mask_ = slots_.size() - 1;
    for (size_t g = 0; g < keys_.size(); ++g)
      Place(FixedKeyHash()(keys_[g]), static_cast<uint32_t>(g));
  }
  std::vector<Slot> slots_;
  std::vector<FixedKey> keys_;  // by group
  std::vector<size_t> hashes_;  // by group
  size_t mask_ = 0;
};

struct HashAggregate::State {
  std::unordered_map<std::string, uint32_t> index;  // more than four keys: encoded keys
  FixedKeyTable fixed_index;                        // two to four keys
  std::vector<std::unordered_map<std::string, uint64_t>> interned;  // per key column
  // One key column: its values directly, and the NULL group apart.
  std::unordered_map<std::string, uint32_t> string_index;
  std::unordered_map<int64_t, uint32_t> int_index;
  int64_t null_group = -1;
  std::vector<Vector> keys;
  std::vector<AggState> aggs;
  uint32_t groups = 0;
};

HashAggregate::HashAggregate(OperatorPtr child, std::vector<BoundPtr> groups,
                             std::vector<AggregateSpec> aggs, MemoryTracker* memory)
    : child_(std::move(child)),
      groups_(std::move(groups)),
      aggs_(std::move(aggs)),
      memory_(memory),
      state_(std::make_unique<State>()) {}

HashAggregate::~HashAggregate() = default;

std::string HashAggregate::Describe() const {
  std::string s = "HASH_AGGREGATE groups=[";
  for (size_t k = 0; k < groups_.size(); ++k) s += (k ? ", " : "") + groups_[k]->ToString();
  s += "] aggregates=[";
  for (size_t k = 0; k < aggs_.size(); ++k) s += (k ? ", " : "") + aggs_[k].name;
  return s + "]";
}

namespace {

Status UpdateAggregate(const AggregateSpec& spec, const Vector* arg,
                       const std::vector<uint32_t>& gid, int64_t rows, AggState* st,
                       int64_t* bytes) {
  size_t n = static_cast<size_t>(rows);
  if (spec.kind == AggKind::kCountStar) {
    for (size_t r = 0; r < n; ++r) ++st->count[gid[r]];
    return Status::OK();
  }
  bool all_null = arg->type == DataType::kNull;
  // The common cases without NULLs or DISTINCT, as tight loops.
  if (!spec.distinct && !all_null && arg->valid.empty()) {
    const uint32_t* gp = gid.data();
    const bool dbl = arg->type == DataType::kDouble;
    const bool integer = IsIntLike(arg->type);
    switch (spec.kind) {
      case AggKind::kCount:
        for (size_t r = 0; r < n; ++r) ++st->count[gp[r]];
        return Status::OK();
      case AggKind::kSum:
      case AggKind::kAvg:
        if (dbl || (integer && spec.kind == AggKind::kAvg)) {
          for (size_t r = 0; r < n; ++r) {
            const uint32_t g = gp[r];
            ++st->count[g];
            st->has[g] = 1;
            st->dsum[g] += dbl ? arg->d[r] : static_cast<double>(arg->i[r]);
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
        st->has[g] = 1;
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

Value Finalize(const AggregateSpec& spec, AggState* st, uint32_t g) {
  switch (spec.kind) {
    case AggKind::kCountStar:
    case AggKind::kCount:
      return Value::Int(st->count[g]);
    case AggKind::kSum:
      if (!st->has[g]) return Value::Null(spec.type);
      return spec.type == DataType::kDouble ? Value::Double(st->dsum[g]) : Value::Int(st->isum[g]);
    case AggKind::kAvg:
      if (!st->has[g]) return Value::Null(DataType::kDouble);
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

}  // namespace

Status HashAggregate::Consume() {
  State& s = *state_;
  s.aggs.resize(aggs_.size());
  for (const auto& g : groups_) s.keys.emplace_back(g->type);
  std::vector<uint32_t> gid;
  std::string key;
  Chunk in;
  int64_t accounted = 0;
  if (groups_.empty()) {
    s.groups = 1;
    for (size_t a = 0; a < aggs_.size(); ++a) s.aggs[a].Resize(1, aggs_[a]);
  }
  while (true) {
    FLOE_ASSIGN_OR_RETURN(bool more, child_->Next(&in));
    if (!more) break;
    if (in.rows == 0) continue;
    size_t n = static_cast<size_t>(in.rows);
    int64_t bytes = 0;
    gid.assign(n, 0);
    const Vector* coded = nullptr;  // one group key, a column in dictionary form
    if (groups_.size() == 1 && groups_[0]->kind == BoundExpr::Kind::kColumn) {
      const Vector& v = in.columns[static_cast<size_t>(groups_[0]->column)];
      if (v.is_dict()) coded = &v;
    }
    if (coded != nullptr) {
      // Each distinct code is looked up once per batch; rows then map by code.
      const Vector& k0 = *coded;
      uint32_t before = s.groups;
      std::vector<int64_t> group_of(k0.dict->size(), -1);
      for (size_t r = 0; r < n; ++r) {
        if (!k0.valid.empty() && k0.valid[r] == 0) {
          if (s.null_group < 0) {
            s.keys[0].AppendNull();
            bytes += 2 + 64 + 48 * static_cast<int64_t>(aggs_.size());
            s.null_group = s.groups++;
          }
          gid[r] = static_cast<uint32_t>(s.null_group);
          continue;
        }
        const uint32_t c = k0.codes[r];
        if (group_of[c] < 0) {
          const std::string& value = (*k0.dict)[c];
          auto it = s.string_index.find(value);
          if (it == s.string_index.end()) {
            s.keys[0].Append(Value::String(value));
            bytes += static_cast<int64_t>(value.size()) * 2 + 64 +
                     48 * static_cast<int64_t>(aggs_.size());
            it = s.string_index.emplace(value, s.groups++).first;
          }
          group_of[c] = it->second;
        }
        gid[r] = static_cast<uint32_t>(group_of[c]);
      }
      if (s.groups != before) {
        for (size_t a = 0; a < aggs_.size(); ++a) s.aggs[a].Resize(s.groups, aggs_[a]);
      }
    } else if (!groups_.empty()) {
      std::vector<Vector> scratch(groups_.size());
      std::vector<const Vector*> keys(groups_.size());
      for (size_t k = 0; k < groups_.size(); ++k) {
        if (groups_[k]->kind == BoundExpr::Kind::kColumn) {
          keys[k] = &in.columns[static_cast<size_t>(groups_[k]->column)];  // maybe dictionary form
        } else {
          FLOE_RETURN_IF_ERROR(EvaluateRef(*groups_[k], in, &scratch[k], &keys[k]));
        }
      }
      // Several keys all in dictionary form with few combinations: each
      // combination of codes is looked up once per batch.
      size_t combos = keys.size() > 1 ? 1 : 0;
      for (const Vector* k : keys) {
        if (!k->is_dict() || combos == 0 || combos > (1u << 16)) {
          combos = 0;
          break;
        }
        combos *= k->dict->size() + 1;  // + 1: null
      }
      if (combos > (1u << 16)) combos = 0;
      std::vector<int64_t> combo_gid(combos, -1);
      uint32_t before = s.groups;
      const Vector& k0 = *keys[0];
      bool single_string = keys.size() == 1 && k0.type == DataType::kVarchar;
      bool single_int = keys.size() == 1 && IsIntLike(k0.type);
      auto new_group = [&](size_t r, int64_t key_bytes) {
        for (size_t k = 0; k < keys.size(); ++k)
          s.keys[k].Append(keys[k]->Get(static_cast<int64_t>(r)));
        bytes += key_bytes * 2 + 64 + 48 * static_cast<int64_t>(aggs_.size());
        return s.groups++;
      };
      const bool fixed = keys.size() >= 2 && keys.size() <= kMaxFixedKeys;
      if (fixed && s.interned.size() != keys.size()) s.interned.resize(keys.size());
      // Dictionary keys: each code's interned id, found on first use in the batch.
      std::vector<std::vector<int64_t>> code_ids(keys.size());
      for (size_t k = 0; k < keys.size(); ++k) {
        if (fixed && keys[k]->is_dict()) code_ids[k].assign(keys[k]->dict->size(), -1);
      }
      auto intern = [&](size_t k, const std::string& value) -> uint64_t {
        auto [it, added] = s.interned[k].emplace(value, s.interned[k].size());
        if (added) bytes += static_cast<int64_t>(value.size()) + 48;
        return it->second;
      };
      auto fixed_key = [&](size_t r) {
        FixedKey fk;
        for (size_t k = 0; k < keys.size(); ++k) {
          const Vector& v = *keys[k];
          if (!RowValidOrNull(v, r)) {
            fk.nulls |= 1u << k;
          } else if (v.type == DataType::kDouble) {
            double d = v.d[r] == 0 ? 0.0 : v.d[r];  // -0.0 and 0.0 group together
            if (std::isnan(d)) d = std::nan("");
            std::memcpy(&fk.v[k], &d, 8);
          } else if (v.type == DataType::kVarchar && v.is_dict()) {
            int64_t& id = code_ids[k][v.codes[r]];
            if (id < 0) id = static_cast<int64_t>(intern(k, (*v.dict)[v.codes[r]]));
            fk.v[k] = static_cast<uint64_t>(id);
          } else if (v.type == DataType::kVarchar) {
            fk.v[k] = intern(k, v.s[r]);
          } else {
            fk.v[k] = static_cast<uint64_t>(v.i[r]);
          }
        }
        return fk;
      };
      // More than four keys: the bytes of their values.
      auto encoded_group = [&](size_t r) -> uint32_t {
        key.clear();
        for (const Vector* k : keys) AppendKey(*k, r, &key);
        auto it = s.index.find(key);
        if (it == s.index.end())
          it = s.index.emplace(key, new_group(r, static_cast<int64_t>(key.size()))).first;
        return it->second;
      };
      auto fixed_group = [&](size_t r) -> uint32_t {
        FixedKey fk = fixed_key(r);
        const size_t hash = FixedKeyHash()(fk);
        int64_t g = s.fixed_index.Find(fk, hash);
        if (g < 0) {
          g = new_group(r, 8 * static_cast<int64_t>(keys.size()));
          s.fixed_index.Insert(fk, hash, static_cast<uint32_t>(g));
        }
        return static_cast<uint32_t>(g);
      };
      if (fixed && combos == 0) {
        // Keys and hashes first, then probes with the slots prefetched a few
        // rows ahead: with many groups the table lives in memory, not cache.
        constexpr size_t kAhead = 16;
        std::vector<FixedKey> fks(n);
        std::vector<size_t> hashes(n);
        for (size_t r = 0; r < n; ++r) {
          fks[r] = fixed_key(r);
          hashes[r] = FixedKeyHash()(fks[r]);
        }
        for (size_t r = 0; r < std::min(n, kAhead); ++r) s.fixed_index.Prefetch(hashes[r]);
        for (size_t r = 0; r < n; ++r) {
          if (r + kAhead < n) s.fixed_index.Prefetch(hashes[r + kAhead]);
          int64_t g = s.fixed_index.Find(fks[r], hashes[r]);
          if (g < 0) {
            g = new_group(r, 8 * static_cast<int64_t>(keys.size()));
            s.fixed_index.Insert(fks[r], hashes[r], static_cast<uint32_t>(g));
          }
          gid[r] = static_cast<uint32_t>(g);
        }
      }
      for (size_t r = 0; r < n && !(fixed && combos == 0); ++r) {
        if (combos > 0) {
          size_t idx = 0;
          for (const Vector* k : keys) {
            size_t code = RowValidOrNull(*k, r) ? k->codes[r] + 1 : 0;
            idx = idx * (k->dict->size() + 1) + code;
          }
          if (combo_gid[idx] < 0) combo_gid[idx] = fixed ? fixed_group(r) : encoded_group(r);
          gid[r] = static_cast<uint32_t>(combo_gid[idx]);
          continue;
        }
        if ((single_string || single_int) && !RowValidOrNull(k0, r)) {
          if (s.null_group < 0) s.null_group = new_group(r, 1);
          gid[r] = static_cast<uint32_t>(s.null_group);
        } else if (single_string) {
          const std::string& value = k0.Str(r);
          if (r > 0 && RowValidOrNull(k0, r - 1) && value == k0.Str(r - 1)) {
            gid[r] = gid[r - 1];  // runs of one value (sorted or clustered data)
            continue;
          }
          auto it = s.string_index.find(value);
          if (it == s.string_index.end()) {
            it = s.string_index.emplace(value, new_group(r, static_cast<int64_t>(value.size())))
                     .first;
          }
          gid[r] = it->second;
        } else if (single_int) {
          auto it = s.int_index.find(k0.i[r]);
          if (it == s.int_index.end()) it = s.int_index.emplace(k0.i[r], new_group(r, 8)).first;
          gid[r] = it->second;
        } else {
          gid[r] = fixed ? fixed_group(r) : encoded_group(r);
        }
      }
      if (s.groups != before) {
        for (size_t a = 0; a < aggs_.size(); ++a) s.aggs[a].Resize(s.groups, aggs_[a]);
      }
    }
    for (size_t a = 0; a < aggs_.size(); ++a) {
      Vector scratch;
      const Vector* arg = nullptr;
      if (aggs_[a].arg) FLOE_RETURN_IF_ERROR(EvaluateRef(*aggs_[a].arg, in, &scratch, &arg));
      FLOE_RETURN_IF_ERROR(UpdateAggregate(aggs_[a], arg, gid, in.rows, &s.aggs[a], &bytes));
    }
    if (bytes > 0) {
      FLOE_RETURN_IF_ERROR(memory_->Grow(bytes, "hash aggregation"));
      accounted += bytes;
    }
  }
  (void)accounted;
  return Status::OK();
}

Result<bool> HashAggregate::Next(Chunk* out) {
  if (!consumed_) {
    FLOE_RETURN_IF_ERROR(Consume());
    consumed_ = true;
  }
  State& s = *state_;
  if (emitted_ >= s.groups) return false;
  int64_t end = std::min<int64_t>(s.groups, emitted_ + kBatchRows);
  out->columns.clear();
  out->rows = end - emitted_;
  std::vector<uint32_t> sel;
  for (int64_t g = emitted_; g < end; ++g) sel.push_back(static_cast<uint32_t>(g));
  for (auto& k : s.keys) out->columns.push_back(Gather(k, sel));
  for (size_t a = 0; a < aggs_.size(); ++a) {
    Vector v(aggs_[a].type);
    v.Reserve(out->rows);
    for (uint32_t g : sel) v.Append(Finalize(aggs_[a], &s.aggs[a], g));
    out->columns.push_back(std::move(v));
  }
  emitted_ = end;
  return true;
}

}  // namespace floe::query
