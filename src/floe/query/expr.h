// Bound expressions (names resolved to column indexes, types known) and their
// vectorized evaluation over a Chunk.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "floe/base/status.h"
#include "floe/query/vector.h"

namespace floe::query {

// A scalar kernel: computes `rows` results from argument vectors.
using ScalarFn =
    std::function<Status(const std::vector<const Vector*>& args, int64_t rows, Vector* out)>;

// The constants of an IN list as hash sets, built once per expression.
struct InSet {
  std::unordered_set<int64_t> ints;
  std::unordered_set<double> dbls;
  std::unordered_set<std::string> strs;
  bool has_null = false;
};

struct BoundExpr {
  enum class Kind {
    kColumn,    // column
    kConstant,  // constant
    kCall,      // fn(args)
    kAnd,       // args (three-valued)
    kOr,        // args (three-valued)
    kNot,       // args[0]
    kCase,      // args: (when, then)* [else]; has_else
    kIsNull,    // args[0]; negated = IS NOT NULL
    kIn,        // args[0] IN constants (args[1..] are constants); negated
  };
  Kind kind = Kind::kConstant;
  DataType type = DataType::kNull;
  int column = -1;
  Value constant;
  ScalarFn fn;
  std::string name;  // for EXPLAIN and messages
  bool negated = false;
  bool has_else = false;
  std::vector<std::unique_ptr<BoundExpr>> args;
  std::shared_ptr<const InSet> in_set;  // kIn: args[1..] as sets (else built per batch)

  std::string ToString() const;
  std::unique_ptr<BoundExpr> Clone() const;
};
using BoundPtr = std::unique_ptr<BoundExpr>;

BoundPtr MakeColumn(int column, DataType type, std::string name);
BoundPtr MakeConstant(Value v);
BoundPtr MakeCall(std::string name, DataType type, ScalarFn fn, std::vector<BoundPtr> args);
// Builds e.in_set from the constants of a kIn expression.
void PrepareIn(BoundExpr* e);

// Evaluates `e` over the rows of `in` into *out (out->length == in.rows).
Status Evaluate(const BoundExpr& e, const Chunk& in, Vector* out);
// Like Evaluate, but a column reference yields the chunk's own vector without
// a copy: *result points into `in` or at *scratch.
Status EvaluateRef(const BoundExpr& e, const Chunk& in, Vector* scratch, const Vector** result);

// The rows of a BOOLEAN vector that are true (not false, not null).
void SelectTrue(const Vector& v, std::vector<uint32_t>* sel);

// Calls visit(column) for every column index `e` reads.
void VisitColumns(const BoundExpr& e, const std::function<void(int)>& visit);

}  // namespace floe::query
