#include "floe/query/aggregate.h"

#include <algorithm>
#include <cmath>
#include <cstring>

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
  // One to four keys that are not a lone string: words in a fixed-key table,
  // strings by interned ids (and the interned strings by id, for output).
  FixedKeyTable fixed_index;
  std::vector<std::unordered_map<std::string, uint64_t>> interned;  // per key column
  std::vector<std::vector<const std::string*>> names;               // per key column, by id
  // One string key: its values directly, and the NULL group apart.
  std::unordered_map<std::string, uint32_t> string_index;
  int64_t null_group = -1;
  std::unordered_map<std::string, uint32_t> index;  // more than four keys: encoded keys
  std::vector<Vector> keys;                         // key values by group, but for fixed keys
  std::vector<AggState> aggs;
  // When the output keeps the input's order: where each group first showed,
  // (batch sequence << 17) | row, comparable across threads.
  PodArray<uint64_t> first;
  uint32_t groups = 0;
  // Scratch for a batch: each row's group, fixed key and hash.
  std::vector<uint32_t> gid;
  std::vector<FixedKey> fks;
  std::vector<size_t> hashes;
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
      fixed_(!groups_.empty() && groups_.size() <= kMaxFixedKeys &&
             !(groups_.size() == 1 && groups_[0]->type == DataType::kVarchar)),
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
  if (fixed_) {
    s->fixed_index.set_width(groups_.size());
    s->interned.resize(groups_.size());
    s->names.resize(groups_.size());
  } else {
    for (const auto& g : groups_) s->keys.emplace_back(g->type);
  }
  if (groups_.empty()) {
    s->groups = 1;
    for (size_t a = 0; a < aggs_.size(); ++a) s->aggs[a].Resize(1, aggs_[a]);
    s->first.resize(1, 0);
  }
}

int64_t HashAggregate::GroupBytes() const {
  int64_t bytes = track_order_ ? 8 : 0;
  for (const auto& a : aggs_) bytes += AggState::GroupBytes(a);
  return bytes;
}

void HashAggregate::Grew(State* s, uint32_t before) const {
  if (s->groups == before) return;
  for (size_t a = 0; a < aggs_.size(); ++a) s->aggs[a].Resize(s->groups, aggs_[a]);
  if (track_order_) s->first.resize(s->groups, UINT64_MAX);
}

uint64_t HashAggregate::Intern(State* s, size_t k, const std::string& value, int64_t* bytes) const {
  auto [it, added] = s->interned[k].emplace(value, s->interned[k].size());
  if (added) {
    s->names[k].push_back(&it->first);
    *bytes += static_cast<int64_t>(value.size()) + 64;
  }
  return it->second;
}

void HashAggregate::ProbeFixed(State* s, const FixedKey* fks, const size_t* hashes, size_t n,
                               uint32_t* gid, int64_t* bytes) const {
  // The slots of lookups a few rows ahead are prefetched: with many groups
  // the table lives in memory, not cache.
  constexpr size_t kAhead = 16;
  const int64_t per_group = 8 * static_cast<int64_t>(groups_.size()) + 1 + 24 + group_bytes_;
  FixedKeyTable& table = s->fixed_index;
  for (size_t r = 0; r < std::min(n, kAhead); ++r) table.Prefetch(hashes[r]);
  for (size_t r = 0; r < n; ++r) {
    if (r + kAhead < n) table.Prefetch(hashes[r + kAhead]);
    int64_t g = table.Find(fks[r], hashes[r]);
    if (g < 0) {
      g = s->groups++;
      table.Insert(fks[r], hashes[r]);
      *bytes += per_group;
    }
    gid[r] = static_cast<uint32_t>(g);
  }
}

void HashAggregate::FixedKeys(State* s, const std::vector<const Vector*>& keys, size_t n,
                              FixedKey* fks, int64_t* bytes) const {
  for (size_t r = 0; r < n; ++r) fks[r].nulls = 0;
  for (size_t k = 0; k < keys.size(); ++k) {
    const Vector& v = *keys[k];
    const uint32_t bit = 1u << k;
    const uint8_t* valid = v.valid.empty() ? nullptr : v.valid.data();
    if (v.type == DataType::kNull) {
      for (size_t r = 0; r < n; ++r) {
        fks[r].v[k] = 0;
        fks[r].nulls |= bit;
      }
      continue;
    }
    // Column by column: the type is settled once, the loops stay tight.
    if (v.type == DataType::kDouble) {
      for (size_t r = 0; r < n; ++r) {
        double d = v.d[r] == 0 ? 0.0 : v.d[r];  // -0.0 and 0.0 group together
        if (std::isnan(d)) d = std::nan("");
        std::memcpy(&fks[r].v[k], &d, 8);
      }
    } else if (v.type == DataType::kVarchar && v.is_dict()) {
      // Each code's interned id, found on first use in the batch.
      std::vector<int64_t> ids(v.dict->size(), -1);
      for (size_t r = 0; r < n; ++r) {
        if (valid != nullptr && !valid[r]) continue;
        int64_t& id = ids[v.codes[r]];
        if (id < 0) id = static_cast<int64_t>(Intern(s, k, (*v.dict)[v.codes[r]], bytes));
        fks[r].v[k] = static_cast<uint64_t>(id);
      }
    } else if (v.type == DataType::kVarchar) {
      for (size_t r = 0; r < n; ++r) {
        if (valid != nullptr && !valid[r]) continue;
        fks[r].v[k] = Intern(s, k, v.s[r], bytes);
      }
    } else {
      const int64_t* x = v.i.data();
      for (size_t r = 0; r < n; ++r) fks[r].v[k] = static_cast<uint64_t>(x[r]);
    }
    if (valid != nullptr) {
      for (size_t r = 0; r < n; ++r) {
        if (!valid[r]) {
          fks[r].v[k] = 0;
          fks[r].nulls |= bit;
        }
      }
    }
  }
}

void HashAggregate::AssignFixed(State* s, const std::vector<const Vector*>& keys, size_t n,
                                uint32_t* gid, int64_t* bytes) const {
  const size_t width = keys.size();
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
  if (combos > 0) {
    std::vector<int64_t> combo_gid(combos, -1);
    std::vector<uint32_t> first;  // a row of each combination, in order of first use
    std::vector<size_t> idx(n);
    for (size_t r = 0; r < n; ++r) {
      size_t i = 0;
      for (const Vector* k : keys) {
        size_t code = RowValidOrNull(*k, r) ? k->codes[r] + 1 : 0;
        i = i * (k->dict->size() + 1) + code;
      }
      idx[r] = i;
      if (combo_gid[i] == -1) {
        combo_gid[i] = -2;
        first.push_back(static_cast<uint32_t>(r));
      }
    }
    // The first rows' keys, in one gather; then each combination's group.
    std::vector<const Vector*> picked;
    std::vector<Vector> gathered;
    gathered.reserve(keys.size());
    for (const Vector* k : keys) gathered.push_back(Gather(*k, first));
    for (const Vector& g : gathered) picked.push_back(&g);
    std::vector<FixedKey> fks(first.size());
    std::vector<size_t> hashes(first.size());
    std::vector<uint32_t> groups(first.size());
    FixedKeys(s, picked, first.size(), fks.data(), bytes);
    HashFixedKeys(fks.data(), fks.size(), width, hashes.data());
    ProbeFixed(s, fks.data(), hashes.data(), fks.size(), groups.data(), bytes);
    for (size_t j = 0; j < first.size(); ++j) combo_gid[idx[first[j]]] = groups[j];
    for (size_t r = 0; r < n; ++r) gid[r] = static_cast<uint32_t>(combo_gid[idx[r]]);
    return;
  }
  std::vector<FixedKey>& fks = s->fks;
  std::vector<size_t>& hashes = s->hashes;
  if (fks.size() < n) {
    fks.resize(n);
    hashes.resize(n);
  }
  FixedKeys(s, keys, n, fks.data(), bytes);
  HashFixedKeys(fks.data(), n, width, hashes.data());
  ProbeFixed(s, fks.data(), hashes.data(), n, gid, bytes);
}

Status HashAggregate::AssignGroups(State* sp, const std::vector<const Vector*>& keys, size_t n,
                                   std::vector<uint32_t>* gid_out, int64_t* bytes) const {
  State& s = *sp;
  std::vector<uint32_t>& gid = *gid_out;
  gid.resize(n);
  const uint32_t before = s.groups;
  if (fixed_) {
    AssignFixed(sp, keys, n, gid.data(), bytes);
    Grew(sp, before);
    return Status::OK();
  }
  const int64_t per_group = 64 + group_bytes_;
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
  } else if (keys.size() == 1) {
    // One plain string key.
    for (size_t r = 0; r < n; ++r) {
      if (!RowValidOrNull(k0, r)) {
        if (s.null_group < 0) s.null_group = new_group(r, 1);
        gid[r] = static_cast<uint32_t>(s.null_group);
        continue;
      }
      const std::string& value = k0.s[r];
      if (r > 0 && RowValidOrNull(k0, r - 1) && value == k0.s[r - 1]) {
        gid[r] = gid[r - 1];  // runs of one value (sorted or clustered data)
        continue;
      }
      auto it = s.string_index.find(value);
      if (it == s.string_index.end())
        it = s.string_index.emplace(value, new_group(r, static_cast<int64_t>(value.size()))).first;
      gid[r] = it->second;
    }
  } else {
    // More than four keys: the bytes of their values.
    std::string key;
    for (size_t r = 0; r < n; ++r) {
      key.clear();
      for (const Vector* k : keys) AppendKey(*k, r, &key);
      auto it = s.index.find(key);
      if (it == s.index.end())
        it = s.index.emplace(key, new_group(r, static_cast<int64_t>(key.size()))).first;
      gid[r] = it->second;
    }
  }
  Grew(sp, before);
  return Status::OK();
}

Status HashAggregate::AddBatch(State* s, const Chunk& in) const {
  const size_t n = static_cast<size_t>(in.rows);
  int64_t bytes = 0;
  std::vector<uint32_t>& gid = s->gid;
  if (groups_.empty()) {
    if (gid.size() < n) gid.resize(n, 0);  // only ever zeros here: the one group
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
    FLOE_RETURN_IF_ERROR(
        UpdateAggregate(aggs_[a], arg, gid.data(), in.rows, &s->aggs[a], &bytes, groups_.empty()));
  }
  if (bytes > 0) FLOE_RETURN_IF_ERROR(memory_->Grow(bytes, "hash aggregation"));
  return Status::OK();
}

Status HashAggregate::Drain(State* s) {
  Chunk in;
  while (true) {
    FLOE_ASSIGN_OR_RETURN(bool more, child_->Next(&in));
    if (!more) return Status::OK();
    if (in.rows > 0) FLOE_RETURN_IF_ERROR(AddBatch(s, in));
  }
}

Status HashAggregate::Merge(State* into, State* from) const {
  if (from->groups == 0) return Status::OK();
  std::vector<uint32_t> target;
  if (groups_.empty()) {
    target.assign(1, 0);
  } else if (fixed_) {
    // Words carry over, but for string ids, which are translated.
    int64_t bytes = 0;
    const size_t width = groups_.size();
    std::vector<std::vector<uint64_t>> ids(width);
    for (size_t k = 0; k < width; ++k) {
      for (const std::string* name : from->names[k])
        ids[k].push_back(Intern(into, k, *name, &bytes));
    }
    const uint32_t before = into->groups;
    target.resize(from->groups);
    std::vector<FixedKey> fks;
    std::vector<size_t> hashes;
    for (size_t start = 0; start < from->groups; start += kBatchRows) {
      const size_t n = std::min<size_t>(kBatchRows, from->groups - start);
      fks.assign(n, FixedKey{});
      hashes.resize(n);
      for (size_t r = 0; r < n; ++r) {
        const size_t g = start + r;
        FixedKey& fk = fks[r];
        for (size_t k = 0; k < width; ++k) {
          if (from->fixed_index.IsNull(g, k)) {
            fk.nulls |= 1u << k;
            continue;
          }
          const uint64_t w = from->fixed_index.Word(g, k);
          fk.v[k] = ids[k].empty() ? w : ids[k][w];
        }
      }
      HashFixedKeys(fks.data(), n, width, hashes.data());
      ProbeFixed(into, fks.data(), hashes.data(), n, target.data() + start, &bytes);
    }
    Grew(into, before);
    if (bytes > 0) FLOE_RETURN_IF_ERROR(memory_->Grow(bytes, "hash aggregation"));
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
  // Scans (and filters over them) push their batches to the threads that
  // read them; each thread aggregates into its own groups. Several threads
  // need aggregates whose partial states merge.
  bool mergeable = true;
  for (const auto& a : aggs_) mergeable = mergeable && Mergeable(a);
  if (!child_->concurrent()) {
    group_bytes_ = GroupBytes();
    InitState(state_.get());
    return Drain(state_.get());
  }
  const int lanes = mergeable ? threads_ : 1;
  ran_threads_ = lanes;
  track_order_ = keep_order_ && !groups_.empty() && lanes > 1;
  group_bytes_ = GroupBytes();
  std::vector<std::unique_ptr<State>> parts;
  for (int k = 0; k < lanes; ++k) {
    parts.push_back(std::make_unique<State>());
    InitState(parts.back().get());
  }
  FLOE_RETURN_IF_ERROR(child_->Push(lanes, [&](int lane, Chunk&& in) {
    return in.rows == 0 ? Status::OK() : AddBatch(parts[static_cast<size_t>(lane)].get(), in);
  }));
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

Vector HashAggregate::FixedColumn(const State& s, size_t k,
                                  const std::vector<uint32_t>& sel) const {
  Vector v(groups_[k]->type);
  v.length = static_cast<int64_t>(sel.size());
  const size_t n = sel.size();
  if (v.type == DataType::kDouble) {
    v.d.resize(n);
  } else if (v.type == DataType::kVarchar) {
    v.s.resize(n);
  } else if (v.type != DataType::kNull) {
    v.i.resize(n);
  }
  for (size_t j = 0; j < n; ++j) {
    const uint32_t g = sel[j];
    if (v.type == DataType::kNull || s.fixed_index.IsNull(g, k)) {
      if (v.valid.empty()) v.valid.assign(n, 1);
      v.valid[j] = 0;
      continue;
    }
    const uint64_t w = s.fixed_index.Word(g, k);
    if (v.type == DataType::kDouble) {
      std::memcpy(&v.d[j], &w, 8);
    } else if (v.type == DataType::kVarchar) {
      v.s[j] = *s.names[k][w];
    } else {
      v.i[j] = static_cast<int64_t>(w);
    }
  }
  return v;
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
  if (fixed_) {
    for (size_t k = 0; k < groups_.size(); ++k) out->columns.push_back(FixedColumn(s, k, sel));
  } else {
    for (auto& k : s.keys) out->columns.push_back(Gather(k, sel));
  }
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
