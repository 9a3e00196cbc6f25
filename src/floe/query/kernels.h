// Helpers for writing vectorized kernels: validity propagation and
// element-wise loops over the integer, double and string lanes.
#pragma once

#include <string>
#include <vector>

#include "floe/query/vector.h"

namespace floe::query {

// Sets out->valid to the AND of the arguments' validity (a NULL-typed
// argument makes every row null). Returns false when every row is null.
inline void MergeValidity(const std::vector<const Vector*>& args, int64_t n, Vector* out) {
  out->valid.clear();
  for (const Vector* a : args) {
    if (a->type == DataType::kNull) {
      out->valid.assign(static_cast<size_t>(n), 0);
      return;
    }
    if (a->valid.empty()) continue;
    if (out->valid.empty()) {
      out->valid = a->valid;
    } else {
      for (size_t r = 0; r < out->valid.size(); ++r) out->valid[r] &= a->valid[r];
    }
  }
}

inline bool RowValid(const Vector& v, size_t r) { return v.valid.empty() || v.valid[r]; }

// out->i[r] = f(a[r], b[r]) over integer lanes (null rows computed on zeros).
template <typename F>
void MapIntInt(const Vector& a, const Vector& b, int64_t n, Vector* out, F f) {
  out->i.resize(static_cast<size_t>(n));
  for (size_t r = 0; r < static_cast<size_t>(n); ++r) out->i[r] = f(a.i[r], b.i[r]);
}

template <typename F>
void MapDblDbl(const Vector& a, const Vector& b, int64_t n, Vector* out, F f) {
  out->d.resize(static_cast<size_t>(n));
  for (size_t r = 0; r < static_cast<size_t>(n); ++r) out->d[r] = f(a.d[r], b.d[r]);
}

}  // namespace floe::query
