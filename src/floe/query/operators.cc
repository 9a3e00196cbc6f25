#include "floe/query/operators.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "floe/query/filter_select.h"

namespace floe::query {

Status MemoryTracker::Grow(int64_t bytes, const char* what) {
  int64_t now = used_ += bytes;
  int64_t peak = peak_.load();
  while (now > peak && !peak_.compare_exchange_weak(peak, now)) {
  }
  if (limit_ > 0 && now > limit_) {
    return ResourceExhausted(
        std::string("Out of Memory Error: ") + what +
        " needs more than the query memory limit of " + std::to_string(limit_ / (1024 * 1024)) +
        " MiB; add a filter or a LIMIT, or raise the limit (floe query --memory-limit MB)");
  }
  return Status::OK();
}

namespace {
void ExplainLines(const Operator& op, int depth, std::string* out) {
  out->append(static_cast<size_t>(depth * 2), ' ');
  out->append(op.Describe());
  out->push_back('\n');
  for (const Operator* c : op.children()) ExplainLines(*c, depth + 1, out);
}
}  // namespace

std::string ExplainTree(const Operator& root) {
  std::string out;
  ExplainLines(root, 0, &out);
  return out;
}

namespace {

void Conjuncts(const BoundExpr& e, std::vector<const BoundExpr*>* out) {
  if (e.kind == BoundExpr::Kind::kAnd) {
    for (const auto& a : e.args) Conjuncts(*a, out);
  } else {
    out->push_back(&e);
  }
}

}  // namespace

FilterOperator::FilterOperator(OperatorPtr child, BoundPtr predicate)
    : child_(std::move(child)), predicate_(std::move(predicate)) {
  Conjuncts(*predicate_, &conjuncts_);
}

Status FilterOperator::Apply(Chunk* in) const {
  if (in->rows == 0) return Status::OK();
  const size_t n = static_cast<size_t>(in->rows);
  std::vector<uint32_t> sel(n);
  for (size_t r = 0; r < n; ++r) sel[r] = static_cast<uint32_t>(r);
  // Terms of the simple shapes narrow the selection in turn; the others run
  // afterwards, over the rows still selected.
  std::vector<const BoundExpr*> rest;
  for (const BoundExpr* c : conjuncts_) {
    if (sel.empty()) break;
    if (!NarrowSelection(*c, *in, &sel)) rest.push_back(c);
  }
  if (sel.size() != n) *in = GatherChunk(*in, sel);
  if (rest.empty() || in->rows == 0) return Status::OK();
  std::vector<uint8_t> keep(static_cast<size_t>(in->rows), 1);
  for (const BoundExpr* c : rest) {
    Vector mask;
    FLOE_RETURN_IF_ERROR(Evaluate(*c, *in, &mask));
    std::vector<uint32_t> t;
    SelectTrue(mask, &t);
    std::vector<uint8_t> now(keep.size(), 0);
    for (uint32_t r : t) now[r] = keep[r];
    keep.swap(now);
  }
  sel.clear();
  for (size_t r = 0; r < keep.size(); ++r) {
    if (keep[r]) sel.push_back(static_cast<uint32_t>(r));
  }
  if (sel.size() != keep.size()) *in = GatherChunk(*in, sel);
  return Status::OK();
}

Result<bool> FilterOperator::Next(Chunk* out) {
  FLOE_ASSIGN_OR_RETURN(bool more, child_->Next(out));
  if (!more) return false;
  FLOE_RETURN_IF_ERROR(Apply(out));
  return true;
}

Status FilterOperator::Push(int threads, const Sink& sink) {
  return child_->Push(threads, [&](int lane, Chunk&& in) {
    FLOE_RETURN_IF_ERROR(Apply(&in));
    return in.rows == 0 ? Status::OK() : sink(lane, std::move(in));
  });
}

std::string ProjectOperator::Describe() const {
  std::string s = "PROJECT ";
  for (size_t k = 0; k < exprs_.size(); ++k) s += (k ? ", " : "") + exprs_[k]->ToString();
  return s;
}

Status ProjectOperator::Apply(Chunk* in_out) const {
  Chunk& in = *in_out;
  Chunk result;
  result.rows = in.rows;
  result.seq = in.seq;
  result.columns.resize(exprs_.size());
  // Computed expressions first; then plain column references, moving a
  // column out of the input when nothing else uses it.
  std::vector<int> uses(in.columns.size(), 0);
  for (const auto& e : exprs_) VisitColumns(*e, [&](int c) { ++uses[static_cast<size_t>(c)]; });
  for (size_t k = 0; k < exprs_.size(); ++k) {
    const BoundExpr& e = *exprs_[k];
    if (e.kind != BoundExpr::Kind::kColumn)
      FLOE_RETURN_IF_ERROR(Evaluate(e, in, &result.columns[k]));
  }
  for (size_t k = 0; k < exprs_.size(); ++k) {
    const BoundExpr& e = *exprs_[k];
    if (e.kind != BoundExpr::Kind::kColumn) continue;
    size_t c = static_cast<size_t>(e.column);
    if (uses[c] == 1) {
      result.columns[k] = std::move(in.columns[c]);
    } else {
      result.columns[k] = in.columns[c];
      --uses[c];
    }
  }
  in = std::move(result);
  return Status::OK();
}

Result<bool> ProjectOperator::Next(Chunk* out) {
  FLOE_ASSIGN_OR_RETURN(bool more, child_->Next(out));
  if (!more) return false;
  FLOE_RETURN_IF_ERROR(Apply(out));
  return true;
}

Status ProjectOperator::Push(int threads, const Sink& sink) {
  return child_->Push(threads, [&](int lane, Chunk&& in) {
    FLOE_RETURN_IF_ERROR(Apply(&in));
    return sink(lane, std::move(in));
  });
}

std::string LimitOperator::Describe() const {
  return "LIMIT " + (limit_ ? std::to_string(*limit_) : std::string("ALL")) + " OFFSET " +
         std::to_string(offset_);
}

Result<bool> LimitOperator::Next(Chunk* out) {
  while (true) {
    if (limit_ && emitted_ >= *limit_) return false;
    Chunk in;
    FLOE_ASSIGN_OR_RETURN(bool more, child_->Next(&in));
    if (!more) return false;
    int64_t from = 0;
    if (skipped_ < offset_) {
      from = std::min(in.rows, offset_ - skipped_);
      skipped_ += from;
    }
    int64_t take = in.rows - from;
    if (limit_) take = std::min(take, *limit_ - emitted_);
    if (take <= 0) continue;
    emitted_ += take;
    if (from == 0 && take == in.rows) {
      *out = std::move(in);
    } else {
      std::vector<uint32_t> sel(static_cast<size_t>(take));
      std::iota(sel.begin(), sel.end(), static_cast<uint32_t>(from));
      *out = GatherChunk(in, sel);
    }
    return true;
  }
}

std::string SortOperator::Describe() const {
  std::string s = limit_ ? "TOP_N " + std::to_string(*limit_) + " BY " : "ORDER BY ";
  for (size_t k = 0; k < keys_.size(); ++k) {
    s += (k ? ", " : "") + keys_[k].expr->ToString() + (keys_[k].desc ? " DESC" : " ASC") +
         (keys_[k].nulls_first ? " NULLS FIRST" : " NULLS LAST");
  }
  return s;
}

namespace {

// Three-way comparison of row a and row b of a key column. NaN sorts above
// every other double, as in DuckDB.
inline int CompareRows(const Vector& v, uint32_t a, const Vector& w, uint32_t b) {
  if (v.type == DataType::kDouble) {
    double x = v.d[a], y = w.d[b];
    bool xn = std::isnan(x), yn = std::isnan(y);
    if (xn || yn) return xn == yn ? 0 : (xn ? 1 : -1);
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  if (v.type == DataType::kVarchar) {
    int c = v.s[a].compare(w.s[b]);
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  if (v.type == DataType::kNull) return 0;
  return v.i[a] < w.i[b] ? -1 : (v.i[a] > w.i[b] ? 1 : 0);
}

// Where row a of key columns `ka` sorts against row b of `kb`: < 0 before,
// 0 tied on every key, > 0 after.
int CompareKeyRows(const std::vector<SortKey>& keys, const std::vector<Vector>& ka, uint32_t a,
                   const std::vector<Vector>& kb, uint32_t b) {
  for (size_t k = 0; k < keys.size(); ++k) {
    bool an = !RowValidOrNull(ka[k], a), bn = !RowValidOrNull(kb[k], b);
    if (an || bn) {
      if (an == bn) continue;
      return an == keys[k].nulls_first ? -1 : 1;
    }
    int c = CompareRows(ka[k], a, kb[k], b);
    if (c != 0) return keys[k].desc ? -c : c;
  }
  return 0;
}

}  // namespace

void SortOperator::SortBuffer() {
  std::vector<uint32_t> idx(static_cast<size_t>(buffer_.rows));
  std::iota(idx.begin(), idx.end(), 0u);
  auto less = [&](uint32_t a, uint32_t b) {
    int c = CompareKeyRows(keys_, key_, a, key_, b);
    return c != 0 ? c < 0 : a < b;  // stable
  };
  if (limit_ && static_cast<size_t>(*limit_) < idx.size()) {
    std::partial_sort(idx.begin(), idx.begin() + *limit_, idx.end(), less);
    idx.resize(static_cast<size_t>(*limit_));
  } else {
    std::sort(idx.begin(), idx.end(), less);
  }
  buffer_ = GatherChunk(buffer_, idx);
  for (auto& k : key_) k = Gather(k, idx);
}

Status SortOperator::Consume() {
  Chunk in;
  bool first = true;
  while (true) {
    FLOE_ASSIGN_OR_RETURN(bool more, child_->Next(&in));
    if (!more) break;
    if (first) {
      buffer_.columns.clear();
      for (const auto& c : in.columns) buffer_.columns.emplace_back(c.type);
      for (const auto& k : keys_) key_.emplace_back(k.expr->type);
      first = false;
    }
    if (in.rows == 0) continue;
    std::vector<Vector> in_keys(keys_.size());
    for (size_t k = 0; k < keys_.size(); ++k) {
      FLOE_RETURN_IF_ERROR(Evaluate(*keys_[k].expr, in, &in_keys[k]));
    }
    if (full_) {
      // Top-N with `limit` rows kept: only rows that sort before the last of
      // them can matter (a tie comes later, so it loses). Copy just those.
      const uint32_t last = static_cast<uint32_t>(*limit_ - 1);
      std::vector<uint32_t> better;
      const Vector& k0 = in_keys[0];
      if (keys_.size() == 1 && IsIntLike(k0.type) && k0.valid.empty() &&
          RowValidOrNull(key_[0], last)) {
        // One integer key without NULLs: a plain comparison with the threshold.
        const int64_t threshold = key_[0].i[last];
        const int64_t* v = k0.i.data();
        const uint32_t rows = static_cast<uint32_t>(in.rows);
        if (keys_[0].desc) {
          for (uint32_t r = 0; r < rows; ++r)
            if (v[r] > threshold) better.push_back(r);
        } else {
          for (uint32_t r = 0; r < rows; ++r)
            if (v[r] < threshold) better.push_back(r);
        }
      } else {
        for (uint32_t r = 0; r < static_cast<uint32_t>(in.rows); ++r) {
          if (CompareKeyRows(keys_, in_keys, r, key_, last) < 0) better.push_back(r);
        }
      }
      if (better.empty()) continue;
      if (better.size() < static_cast<size_t>(in.rows)) {
        in = GatherChunk(in, better);
        for (auto& k : in_keys) k = Gather(k, better);
      }
    }
    int64_t bytes = 0;
    for (size_t k = 0; k < keys_.size(); ++k) {
      bytes += in_keys[k].MemoryBytes();
      AppendVector(in_keys[k], &key_[k]);
    }
    for (size_t c = 0; c < in.columns.size(); ++c) {
      bytes += in.columns[c].MemoryBytes();
      AppendVector(in.columns[c], &buffer_.columns[c]);
    }
    buffer_.rows += in.rows;
    FLOE_RETURN_IF_ERROR(memory_->Grow(bytes, "ORDER BY"));
    accounted_ += bytes;
    if (limit_ && buffer_.rows > std::max<int64_t>(2 * *limit_, kBatchRows)) {
      SortBuffer();  // top-N: keep only the best `limit` rows seen so far
      full_ = *limit_ > 0 && buffer_.rows == *limit_;
      if (full_ && bound_ && RowValidOrNull(key_[0], static_cast<uint32_t>(*limit_ - 1))) {
        bound_->value.store(key_[0].i[static_cast<size_t>(*limit_ - 1)]);
        bound_->set.store(true);
      }
      int64_t now = 0;
      for (const auto& c : buffer_.columns) now += c.MemoryBytes();
      for (const auto& k : key_) now += k.MemoryBytes();
      memory_->Shrink(accounted_ - now);
      accounted_ = now;
    }
  }
  if (buffer_.rows > 0) SortBuffer();
  return Status::OK();
}

Result<bool> SortOperator::Next(Chunk* out) {
  if (!consumed_) {
    FLOE_RETURN_IF_ERROR(Consume());
    consumed_ = true;
  }
  if (emitted_ >= buffer_.rows) {
    if (accounted_) memory_->Shrink(accounted_);
    accounted_ = 0;
    return false;
  }
  int64_t end = std::min(buffer_.rows, emitted_ + kBatchRows);
  if (emitted_ == 0 && end == buffer_.rows) {
    *out = std::move(buffer_);
    buffer_ = Chunk();
    buffer_.rows = end;
  } else {
    std::vector<uint32_t> sel(static_cast<size_t>(end - emitted_));
    std::iota(sel.begin(), sel.end(), static_cast<uint32_t>(emitted_));
    *out = GatherChunk(buffer_, sel);
  }
  emitted_ = end;
  return true;
}

std::vector<const Operator*> UnionAllOperator::children() const {
  std::vector<const Operator*> out;
  for (const auto& i : inputs_) out.push_back(i.get());
  return out;
}

Result<bool> UnionAllOperator::Next(Chunk* out) {
  while (current_ < inputs_.size()) {
    FLOE_ASSIGN_OR_RETURN(bool more, inputs_[current_]->Next(out));
    if (more) return true;
    ++current_;
  }
  return false;
}

Result<bool> SingleRowOperator::Next(Chunk* out) {
  if (done_) return false;
  done_ = true;
  out->columns.clear();
  out->rows = 1;
  return true;
}

}  // namespace floe::query
