// WHERE conjuncts run straight into a selection of rows: a comparison of a
// column with a constant, or a column IN a list, narrows the rows a previous
// conjunct kept, in one tight loop, without building a BOOLEAN vector over
// every row. Other conjuncts go through Evaluate.
#pragma once

#include <cstdint>
#include <vector>

#include "floe/query/expr.h"

namespace floe::query {

// Keeps the rows of `sel` (indexes into `in`, ascending) where `e` is TRUE.
// False, with `sel` untouched, when `e` is not of a shape it runs directly.
bool NarrowSelection(const BoundExpr& e, const Chunk& in, std::vector<uint32_t>* sel);

}  // namespace floe::query
