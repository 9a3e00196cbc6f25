// Binding of operators, casts and scalar functions to typed kernels, with
// DuckDB's typing: integer + - * % stay integers (overflow is an error), `/`
// gives DOUBLE, `//` integer division, division by zero gives NULL, strings
// compared with numbers or timestamps are cast to the other side's type.
#pragma once

#include <string>
#include <vector>

#include "floe/base/clock.h"
#include "floe/base/status.h"
#include "floe/query/expr.h"

namespace floe::query {

// A cast of `arg` to `to` (the argument itself when it already has that type).
Result<BoundPtr> BindCast(BoundPtr arg, DataType to);

// Binary operators: + - * / // % || = <> < <= > >=.
Result<BoundPtr> BindOperator(const std::string& op, BoundPtr left, BoundPtr right);
Result<BoundPtr> BindNegate(BoundPtr arg);
Result<BoundPtr> BindLike(BoundPtr arg, BoundPtr pattern, bool case_insensitive, bool negated);
Result<BoundPtr> BindExtract(const std::string& part, BoundPtr arg);

// Scalar functions by lower-case name; NotFound when there is none.
Result<BoundPtr> BindScalarFunction(const std::string& name, std::vector<BoundPtr> args,
                                    Clock* clock);

// The common type values of `a` and `b` are compared or combined in; NULL
// joins anything. InvalidArgument when they cannot be compared.
Result<DataType> CommonType(DataType a, DataType b);

// The names of every scalar function, for "did you mean" hints.
std::vector<std::string> ScalarFunctionNames();

// LIKE matching with % and _ (no escape character).
bool LikeMatch(std::string_view s, std::string_view pattern);

}  // namespace floe::query
