// The per-group states of aggregate functions, kept in arrays indexed by
// group number: how rows update them, how two partial states (from threads
// that aggregated different rows) merge, and the final values.
#pragma once

#include <string>
#include <unordered_set>
#include <vector>

#include "floe/query/aggregate.h"
#include "floe/query/pod_array.h"

namespace floe::query {

// Only the arrays an aggregate's kind and type need are sized.
struct AggState {
  PodArray<int64_t> count;
  PodArray<int64_t> isum;  // integer SUM, MIN, MAX
  PodArray<double> dsum;   // double SUM, MIN, MAX; AVG; the running mean for stddev
  PodArray<double> m2;
  PodArray<uint8_t> has;  // MIN, MAX: a value was seen
  std::vector<std::string> sval;
  std::vector<std::unordered_set<std::string>> seen;  // DISTINCT
  std::vector<std::vector<double>> values;            // quantiles (values as double)
  std::vector<Vector> disc;                           // quantile_disc values, per group

  // Grows the arrays `spec` uses to n groups.
  void Resize(size_t n, const AggregateSpec& spec);
  // Bytes a group takes in the arrays `spec` uses (strings and lists aside).
  static int64_t GroupBytes(const AggregateSpec& spec);
};

// Appends row r of v to a group key: a null marker, then the value's bytes.
void AppendKey(const Vector& v, size_t r, std::string* key);

// Adds rows 0..rows-1 of `arg` (null for COUNT(*)) to groups gid[r]; *bytes
// grows by the memory the states took. `one_group`: every gid[r] is 0 (no
// GROUP BY), so counts and plain sums need not look at them.
Status UpdateAggregate(const AggregateSpec& spec, const Vector* arg, const uint32_t* gid,
                       int64_t rows, AggState* st, int64_t* bytes, bool one_group = false);

// True when partial states of `spec` can be merged (not DISTINCT).
inline bool Mergeable(const AggregateSpec& spec) { return !spec.distinct; }

// Folds group g of `src` into group into[g] of `dst`, for every group of src
// (src's values may be moved out).
// REQUIRES: Mergeable(spec).
Status MergeAggregate(const AggregateSpec& spec, AggState* src, const std::vector<uint32_t>& into,
                      AggState* dst);

// The result of group g.
Value Finalize(const AggregateSpec& spec, AggState* st, uint32_t g);

}  // namespace floe::query
