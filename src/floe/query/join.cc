// The hash join operator (declared in operators.h).
#include <cmath>
#include <cstring>

#include "floe/query/operators.h"

namespace floe::query {

namespace {

// The join key of row r, or false when a key value is NULL (never matches).
bool JoinKey(const std::vector<const Vector*>& keys, size_t r, std::string* key) {
  key->clear();
  for (const Vector* v : keys) {
    if (!RowValidOrNull(*v, r)) return false;
    if (v->type == DataType::kDouble) {
      double d = v->d[r] == 0 ? 0.0 : v->d[r];
      key->append(reinterpret_cast<const char*>(&d), 8);
    } else if (v->type == DataType::kVarchar) {
      uint32_t n = static_cast<uint32_t>(v->s[r].size());
      key->append(reinterpret_cast<const char*>(&n), 4);
      key->append(v->s[r]);
    } else {
      key->append(reinterpret_cast<const char*>(&v->i[r]), 8);
    }
  }
  return true;
}

Status EvalKeys(const std::vector<BoundPtr>& exprs, const Chunk& in, std::vector<Vector>* scratch,
                std::vector<const Vector*>* keys) {
  scratch->assign(exprs.size(), Vector());
  keys->assign(exprs.size(), nullptr);
  for (size_t k = 0; k < exprs.size(); ++k)
    FLOE_RETURN_IF_ERROR(EvaluateRef(*exprs[k], in, &(*scratch)[k], &(*keys)[k]));
  return Status::OK();
}

}  // namespace

HashJoinOperator::HashJoinOperator(OperatorPtr left, OperatorPtr right,
                                   std::vector<BoundPtr> left_keys,
                                   std::vector<BoundPtr> right_keys, BoundPtr residual,
                                   JoinType type, std::vector<DataType> left_types,
                                   std::vector<DataType> right_types, MemoryTracker* memory)
    : left_(std::move(left)),
      right_(std::move(right)),
      left_keys_(std::move(left_keys)),
      right_keys_(std::move(right_keys)),
      residual_(std::move(residual)),
      type_(type),
      left_types_(std::move(left_types)),
      right_types_(std::move(right_types)),
      memory_(memory) {}

std::string HashJoinOperator::Describe() const {
  const char* kind = type_ == JoinType::kLeft    ? "LEFT"
                     : type_ == JoinType::kRight ? "RIGHT"
                     : type_ == JoinType::kFull  ? "FULL"
                                                 : "INNER";
  std::string s = std::string("HASH_JOIN ") + kind + " ON ";
  for (size_t k = 0; k < left_keys_.size(); ++k) {
    s += (k ? " AND " : "") + left_keys_[k]->ToString() + " = " + right_keys_[k]->ToString();
  }
  if (left_keys_.empty()) s += "true";
  if (residual_) s += " AND " + residual_->ToString();
  return s;
}

Status HashJoinOperator::Build() {
  for (DataType t : right_types_) build_.columns.emplace_back(t);
  Chunk in;
  std::vector<Vector> scratch;
  std::vector<const Vector*> keys;
  std::string key;
  while (true) {
    FLOE_ASSIGN_OR_RETURN(bool more, right_->Next(&in));
    if (!more) break;
    if (in.rows == 0) continue;
    FLOE_RETURN_IF_ERROR(EvalKeys(right_keys_, in, &scratch, &keys));
    int64_t bytes = 0;
    for (size_t r = 0; r < static_cast<size_t>(in.rows); ++r) {
      if (!JoinKey(keys, r, &key)) continue;
      table_.emplace(key, static_cast<uint32_t>(build_.rows + static_cast<int64_t>(r)));
      bytes += static_cast<int64_t>(key.size()) + 48;
    }
    for (size_t c = 0; c < in.columns.size(); ++c) {
      bytes += in.columns[c].MemoryBytes();
      AppendVector(in.columns[c], &build_.columns[c]);
    }
    build_.rows += in.rows;
    FLOE_RETURN_IF_ERROR(memory_->Grow(bytes, "the hash join's build side"));
  }
  if (type_ == JoinType::kRight || type_ == JoinType::kFull)
    build_matched_.assign(static_cast<size_t>(build_.rows), 0);
  return Status::OK();
}

Chunk HashJoinOperator::UnmatchedRight() {
  std::vector<uint32_t> missing;
  for (size_t r = 0; r < build_matched_.size(); ++r) {
    if (!build_matched_[r]) missing.push_back(static_cast<uint32_t>(r));
  }
  Chunk out;
  out.rows = static_cast<int64_t>(missing.size());
  for (DataType t : left_types_) out.columns.push_back(ConstantVector(Value::Null(t), out.rows));
  for (const auto& c : build_.columns)
    out.columns.push_back(c.length == build_.rows ? Gather(c, missing) : Vector(c.type));
  return out;
}

Result<bool> HashJoinOperator::Next(Chunk* out) {
  if (!built_) {
    FLOE_RETURN_IF_ERROR(Build());
    built_ = true;
  }
  if (left_done_) return false;
  Chunk in;
  FLOE_ASSIGN_OR_RETURN(bool more, left_->Next(&in));
  if (!more) {
    left_done_ = true;
    if (build_matched_.empty()) return false;
    *out = UnmatchedRight();
    return true;
  }
  std::vector<Vector> scratch;
  std::vector<const Vector*> keys;
  FLOE_RETURN_IF_ERROR(EvalKeys(left_keys_, in, &scratch, &keys));
  std::vector<uint32_t> lsel, rsel;  // matched pairs
  std::string key;
  for (size_t r = 0; r < static_cast<size_t>(in.rows); ++r) {
    if (!JoinKey(keys, r, &key)) continue;
    auto [lo, hi] = table_.equal_range(key);
    for (auto it = lo; it != hi; ++it) {
      lsel.push_back(static_cast<uint32_t>(r));
      rsel.push_back(it->second);
    }
  }
  Chunk pairs;
  pairs.rows = static_cast<int64_t>(lsel.size());
  for (const auto& c : in.columns)
    pairs.columns.push_back(c.length == in.rows ? Gather(c, lsel) : Vector(c.type));
  for (const auto& c : build_.columns)
    pairs.columns.push_back(c.length == build_.rows ? Gather(c, rsel) : Vector(c.type));
  if (residual_ && pairs.rows > 0) {
    Vector mask;
    FLOE_RETURN_IF_ERROR(Evaluate(*residual_, pairs, &mask));
    std::vector<uint32_t> keep;
    SelectTrue(mask, &keep);
    pairs = GatherChunk(pairs, keep);
    std::vector<uint32_t> l2, r2;
    for (uint32_t k : keep) {
      l2.push_back(lsel[k]);
      r2.push_back(rsel[k]);
    }
    lsel = std::move(l2);
    rsel = std::move(r2);
  }
  for (uint32_t r : rsel) {
    if (!build_matched_.empty()) build_matched_[r] = 1;
  }
  if (type_ == JoinType::kLeft || type_ == JoinType::kFull) {
    std::vector<uint8_t> matched(static_cast<size_t>(in.rows), 0);
    for (uint32_t l : lsel) matched[l] = 1;
    std::vector<uint32_t> missing;
    for (size_t r = 0; r < matched.size(); ++r) {
      if (!matched[r]) missing.push_back(static_cast<uint32_t>(r));
    }
    if (!missing.empty()) {
      size_t nl = in.columns.size();
      for (size_t c = 0; c < pairs.columns.size(); ++c) {
        Vector& dst = pairs.columns[c];
        if (c < nl) {
          if (in.columns[c].length == in.rows) AppendVector(Gather(in.columns[c], missing), &dst);
        } else {
          AppendVector(ConstantVector(Value::Null(dst.type), static_cast<int64_t>(missing.size())),
                       &dst);
        }
      }
      pairs.rows += static_cast<int64_t>(missing.size());
    }
  }
  *out = std::move(pairs);
  return true;
}

}  // namespace floe::query
