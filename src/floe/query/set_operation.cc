#include "floe/query/aggregate_state.h"
#include "floe/query/operators.h"

namespace floe::query {

namespace {

// The bytes of row r's values, NULLs included.
void RowKey(const Chunk& c, size_t r, std::string* key) {
  key->clear();
  for (const Vector& v : c.columns) AppendKey(v, r, key);
}

}  // namespace

Status SetOperationOperator::Build() {
  Chunk in;
  std::string key;
  while (true) {
    FLOE_ASSIGN_OR_RETURN(bool more, right_->Next(&in));
    if (!more) return Status::OK();
    int64_t bytes = 0;
    for (size_t r = 0; r < static_cast<size_t>(in.rows); ++r) {
      RowKey(in, r, &key);
      auto [it, added] = right_rows_.emplace(key, 0);
      ++it->second;
      if (added) bytes += static_cast<int64_t>(key.size()) + 64;
    }
    FLOE_RETURN_IF_ERROR(memory_->Grow(bytes, SetOpName(kind_)));
  }
}

Result<bool> SetOperationOperator::Next(Chunk* out) {
  if (!built_) {
    FLOE_RETURN_IF_ERROR(Build());
    built_ = true;
  }
  Chunk in;
  FLOE_ASSIGN_OR_RETURN(bool more, left_->Next(&in));
  if (!more) return false;
  std::vector<uint32_t> sel;
  std::string key;
  int64_t bytes = 0;
  const bool all = kind_ == SetOpKind::kIntersectAll || kind_ == SetOpKind::kExceptAll;
  const bool intersect = kind_ == SetOpKind::kIntersectAll || kind_ == SetOpKind::kIntersect;
  for (size_t r = 0; r < static_cast<size_t>(in.rows); ++r) {
    RowKey(in, r, &key);
    auto it = right_rows_.find(key);
    const bool in_right = it != right_rows_.end() && it->second > 0;
    bool keep;
    if (all) {
      // Multisets: each right row cancels (EXCEPT) or admits (INTERSECT) one left row.
      if (in_right) --it->second;
      keep = intersect == in_right;
    } else {
      keep = intersect == in_right && emitted_.insert(key).second;
      if (keep) bytes += static_cast<int64_t>(key.size()) + 64;
    }
    if (keep) sel.push_back(static_cast<uint32_t>(r));
  }
  FLOE_RETURN_IF_ERROR(memory_->Grow(bytes, SetOpName(kind_)));
  *out = GatherChunk(in, sel);
  return true;
}

}  // namespace floe::query
