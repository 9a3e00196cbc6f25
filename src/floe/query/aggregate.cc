#include "floe/query/aggregate.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <thread>

#include "floe/query/aggregate_state.h"
#include "floe/query/group_keys.h"

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

// One thread's groups and aggregate states (the operator's whole result when
// it runs on one thread).
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
  // When the output keeps the input's order: where each group first showed,
  // (batch sequence << 17) | row, comparable across threads.
  std::vector<uint64_t> first;
  uint32_t groups = 0;
};

namespace {

constexpr int kRowBits = 17;  // rows of a batch: kBatchRows fits
static_assert((int64_t{1} << kRowBits) >= kBatchRows);

// Appends row r of `src` to `dst` (same type; src may be in dictionary form).
void AppendRow(const Vector& src, size_t r, Vector* dst) {
  if (!RowValidOrNull(src, r)) {
    dst->AppendNull();
    return;
  }
  if (!dst->valid.empty()) dst->valid.push_back(1);
  if (src.type == DataType::kDouble) {
    dst->d.push_back(src.d[r]);
  } else if (src.type == DataType::kVarchar) {
    dst->s.push_back(src.Str(r));
  } else {
    dst->i.push_back(src.i[r]);
  }
  ++dst->length;
}

}  // namespace

HashAggregate::HashAggregate(OperatorPtr child, std::vector<BoundPtr> groups,
                             std::vector<AggregateSpec> aggs, MemoryTracker* memory, int threads,
                             bool keep_order)
    : child_(std::move(child)),
      groups_(std::move(groups)),
      aggs_(std::move(aggs)),
      memory_(memory),
      threads_(threads < 1 ? 1 : threads),
      keep_order_(keep_order),
      state_(std::make_unique<State>()) {}

HashAggregate::~HashAggregate() = default;

std::string HashAggregate::Describe() const {
  std::string s = "HASH_AGGREGATE groups=[";
  for (size_t k = 0; k < groups_.size(); ++k) s += (k ? ", " : "") + groups_[k]->ToString();
  s += "] aggregates=[";
  for (size_t k = 0; k < aggs_.size(); ++k) s += (k ? ", " : "") + aggs_[k].name;
  s += "]";
  if (ran_threads_ > 1) s += " threads=" + std::to_string(ran_threads_);
  return s;
}

void HashAggregate::InitState(State* s) const {
  s->aggs.resize(aggs_.size());
  for (const auto& g : groups_) s->keys.emplace_back(g->type);
  if (groups_.empty()) {
    s->groups = 1;
    for (size_t a = 0; a < aggs_.size(); ++a) s->aggs[a].Resize(1, aggs_[a]);
    s->first.assign(1, 0);
  }
}

Status HashAggregate::AssignGroups(State* sp, const std::vector<const Vector*>& keys, size_t n,
                                   std::vector<uint32_t>* gid_out, int64_t* bytes) const {
  State& s = *sp;
  std::vector<uint32_t>& gid = *gid_out;
  gid.assign(n, 0);
  const uint32_t before = s.groups;
  const int64_t per_group = 64 + 48 * static_cast<int64_t>(aggs_.size());
  auto new_group = [&](size_t r, int64_t key_bytes) {
    for (size_t k = 0; k < keys.size(); ++k) AppendRow(*keys[k], r, &s.keys[k]);
    *bytes += key_bytes * 2 + per_group;
    return s.groups++;
  };
  const Vector& k0 = *keys[0];
  if (keys.size() == 1 && k0.is_dict()) {
    // Each distinct code is looked up once per batch; rows then map by code.
    std::vector<int64_t> group_of(k0.dict->size(), -1);
    for (size_t r = 0; r < n; ++r) {
      if (!k0.valid.empty() && k0.valid[r] == 0) {
        if (s.null_group < 0) s.null_group = new_group(r, 1);
        gid[r] = static_cast<uint32_t>(s.null_group);
        continue;
      }
      const uint32_t c = k0.codes[r];
      if (group_of[c] < 0) {
        const std::string& value = (*k0.dict)[c];
        auto it = s.string_index.find(value);
        if (it == s.string_index.end())
          it =
              s.string_index.emplace(value, new_group(r, static_cast<int64_t>(value.size()))).first;
        group_of[c] = it->second;
      }
      gid[r] = static_cast<uint32_t>(group_of[c]);
    }
  } else {
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
    const bool single_string = keys.size() == 1 && k0.type == DataType::kVarchar;
    const bool single_int = keys.size() == 1 && IsIntLike(k0.type);
    const bool fixed = keys.size() >= 2 && keys.size() <= kMaxFixedKeys;
    if (fixed && s.interned.size() != keys.size()) s.interned.resize(keys.size());
    // Dictionary keys: each code's interned id, found on first use in the batch.
    std::vector<std::vector<int64_t>> code_ids(keys.size());
    for (size_t k = 0; k < keys.size(); ++k) {
      if (fixed && keys[k]->is_dict()) code_ids[k].assign(keys[k]->dict->size(), -1);
    }
    auto intern = [&](size_t k, const std::string& value) -> uint64_t {
      auto [it, added] = s.interned[k].emplace(value, s.interned[k].size());
      if (added) *bytes += static_cast<int64_t>(value.size()) + 48;
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
    std::string key;
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
    } else {
      for (size_t r = 0; r < n; ++r) {
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
    }
  }
  if (s.groups != before) {
    for (size_t a = 0; a < aggs_.size(); ++a) s.aggs[a].Resize(s.groups, aggs_[a]);
    if (track_order_) s.first.resize(s.groups, UINT64_MAX);
  }
  return Status::OK();
}

Status HashAggregate::AddBatch(State* s, const Chunk& in) const {
  const size_t n = static_cast<size_t>(in.rows);
  int64_t bytes = 0;
  std::vector<uint32_t> gid;
  if (groups_.empty()) {
    gid.assign(n, 0);
  } else {
    const uint32_t before = s->groups;
    std::vector<Vector> scratch(groups_.size());
    std::vector<const Vector*> keys(groups_.size());
    for (size_t k = 0; k < groups_.size(); ++k) {
      if (groups_[k]->kind == BoundExpr::Kind::kColumn) {
        keys[k] = &in.columns[static_cast<size_t>(groups_[k]->column)];  // maybe dictionary form
      } else {
        FLOE_RETURN_IF_ERROR(EvaluateRef(*groups_[k], in, &scratch[k], &keys[k]));
      }
    }
    FLOE_RETURN_IF_ERROR(AssignGroups(s, keys, n, &gid, &bytes));
    if (track_order_ && s->groups != before) {
      const uint64_t base = static_cast<uint64_t>(in.seq) << kRowBits;
      for (size_t r = 0; r < n; ++r) {
        if (gid[r] >= before && s->first[gid[r]] == UINT64_MAX) s->first[gid[r]] = base | r;
      }
    }
  }
  for (size_t a = 0; a < aggs_.size(); ++a) {
    Vector scratch;
    const Vector* arg = nullptr;
    if (aggs_[a].arg) FLOE_RETURN_IF_ERROR(EvaluateRef(*aggs_[a].arg, in, &scratch, &arg));
    FLOE_RETURN_IF_ERROR(UpdateAggregate(aggs_[a], arg, gid.data(), in.rows, &s->aggs[a], &bytes));
  }
  if (bytes > 0) FLOE_RETURN_IF_ERROR(memory_->Grow(bytes, "hash aggregation"));
  return Status::OK();
}

Status HashAggregate::Drain(State* s, const std::atomic<bool>* stop) {
  Chunk in;
  while (!stop->load(std::memory_order_relaxed)) {
    FLOE_ASSIGN_OR_RETURN(bool more, child_->Next(&in));
    if (!more) break;
    if (in.rows > 0) FLOE_RETURN_IF_ERROR(AddBatch(s, in));
  }
  return Status::OK();
}

Status HashAggregate::Merge(State* into, State* from) const {
  if (from->groups == 0) return Status::OK();
  std::vector<uint32_t> target;
  if (groups_.empty()) {
    target.assign(1, 0);
  } else {
    std::vector<const Vector*> keys;
    for (const Vector& k : from->keys) keys.push_back(&k);
    int64_t bytes = 0;
    FLOE_RETURN_IF_ERROR(AssignGroups(into, keys, from->groups, &target, &bytes));
    if (bytes > 0) FLOE_RETURN_IF_ERROR(memory_->Grow(bytes, "hash aggregation"));
  }
  for (size_t a = 0; a < aggs_.size(); ++a)
    FLOE_RETURN_IF_ERROR(MergeAggregate(aggs_[a], &from->aggs[a], target, &into->aggs[a]));
  if (track_order_) {
    for (size_t g = 0; g < target.size(); ++g)
      into->first[target[g]] = std::min(into->first[target[g]], from->first[g]);
  }
  return Status::OK();
}

Status HashAggregate::Consume() {
  bool parallel = threads_ > 1 && child_->concurrent();
  for (const auto& a : aggs_) parallel = parallel && Mergeable(a);
  std::atomic<bool> stop{false};
  if (!parallel) {
    InitState(state_.get());
    return Drain(state_.get(), &stop);
  }
  ran_threads_ = threads_;
  track_order_ = keep_order_ && !groups_.empty();
  std::vector<std::unique_ptr<State>> parts;
  for (int k = 0; k < threads_; ++k) {
    parts.push_back(std::make_unique<State>());
    InitState(parts.back().get());
  }
  std::vector<Status> status(parts.size());
  auto run = [&](size_t k) {
    status[k] = Drain(parts[k].get(), &stop);
    if (!status[k].ok()) stop = true;
  };
  std::vector<std::thread> helpers;
  for (size_t k = 1; k < parts.size(); ++k) helpers.emplace_back(run, k);
  run(0);
  for (auto& t : helpers) t.join();
  for (const Status& st : status) FLOE_RETURN_IF_ERROR(st);
  // Fold the smaller results into the largest.
  std::sort(parts.begin(), parts.end(),
            [](const auto& a, const auto& b) { return a->groups > b->groups; });
  for (size_t k = 1; k < parts.size(); ++k) {
    FLOE_RETURN_IF_ERROR(Merge(parts[0].get(), parts[k].get()));
    parts[k].reset();
  }
  state_ = std::move(parts[0]);
  if (track_order_) {
    State& s = *state_;
    order_.resize(s.groups);
    for (uint32_t g = 0; g < s.groups; ++g) order_[g] = g;
    std::sort(order_.begin(), order_.end(),
              [&](uint32_t a, uint32_t b) { return s.first[a] < s.first[b]; });
  }
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
  out->seq = 0;
  std::vector<uint32_t> sel;
  sel.reserve(static_cast<size_t>(out->rows));
  for (int64_t g = emitted_; g < end; ++g)
    sel.push_back(order_.empty() ? static_cast<uint32_t>(g) : order_[static_cast<size_t>(g)]);
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
