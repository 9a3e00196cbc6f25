// The parsed form of a statement, before names are resolved.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "floe/query/types.h"

namespace floe::query {

enum class ExprKind {
  kColumn,    // names: [table.]column
  kLiteral,   // value
  kStar,      // names: optional qualifier
  kUnary,     // op: "-", "NOT"; args[0]
  kBinary,    // op: + - * / // % || = <> < <= > >= AND OR; args[0], args[1]
  kFunction,  // op: lower-cased name; args; distinct; star_arg for COUNT(*)
  kCase,      // args: [operand] (when, then)* [else]; has_operand, has_else
  kCast,      // args[0] AS cast_type
  kIn,        // args[0] IN (args[1..]) or IN (subquery); negated
  kBetween,   // args[0] BETWEEN args[1] AND args[2]; negated
  kLike,      // args[0] LIKE args[1]; op "LIKE" or "ILIKE"; negated
  kIsNull,    // args[0] IS [NOT] NULL; negated = IS NOT NULL
  kExtract,   // op: part (lower case); args[0]
  kSubquery,  // (subquery) as a value; op: its text
  kExists,    // EXISTS (subquery); op: the subquery's text
};

struct SelectStmt;
struct WindowSpec;

struct Expr {
  ExprKind kind = ExprKind::kLiteral;
  size_t offset = 0;  // where it starts in the statement, for errors
  std::vector<std::string> names;
  Value value;
  std::string op;
  bool negated = false;
  bool distinct = false;
  bool star_arg = false;
  bool has_operand = false;
  bool has_else = false;
  DataType cast_type = DataType::kNull;
  std::vector<std::unique_ptr<Expr>> args;
  std::shared_ptr<const SelectStmt> subquery;  // kSubquery, kExists, kIn
  std::shared_ptr<const WindowSpec> over;      // kFunction: a window function

  // SQL text used for output column names and to match GROUP BY expressions.
  std::string ToString() const;
};
using ExprPtr = std::unique_ptr<Expr>;

struct SelectStmt;

enum class JoinType { kInner, kLeft, kRight, kFull, kCross };

struct TableRef {
  enum class Kind { kNamed, kIcebergScan, kReadParquet, kSubquery, kJoin };
  Kind kind = Kind::kNamed;
  size_t offset = 0;
  std::vector<std::string>
      name;          // kNamed: [bucket.]namespace.table (the last may hold "$snapshots")
  std::string path;  // kIcebergScan, kReadParquet
  std::unique_ptr<SelectStmt> subquery;
  std::string alias;
  std::optional<int64_t> version_as_of;  // FOR VERSION AS OF
  ExprPtr timestamp_as_of;               // FOR TIMESTAMP AS OF
  JoinType join_type = JoinType::kInner;
  std::unique_ptr<TableRef> left, right;  // kJoin
  ExprPtr on;
};

struct SelectItem {
  ExprPtr expr;
  std::string alias;
};

struct OrderItem {
  ExprPtr expr;
  bool desc = false;
  std::optional<bool> nulls_first;
};

// OVER (PARTITION BY ... ORDER BY ...); the frame is the default one.
struct WindowSpec {
  std::vector<ExprPtr> partition_by;
  std::vector<OrderItem> order_by;
};

// UNION, INTERSECT and EXCEPT: with ALL, duplicates count; without, the
// result is a set.
enum class SetOpKind { kUnionAll, kUnion, kIntersectAll, kIntersect, kExceptAll, kExcept };

// "UNION ALL", "INTERSECT", ...
const char* SetOpName(SetOpKind kind);

struct SetOperation {
  SetOpKind kind = SetOpKind::kUnionAll;
  size_t offset = 0;  // of the keyword
  std::unique_ptr<SelectStmt> stmt;
};

struct SelectStmt {
  std::vector<std::pair<std::string, std::unique_ptr<SelectStmt>>> ctes;
  bool distinct = false;
  std::vector<SelectItem> items;
  std::unique_ptr<TableRef> from;
  ExprPtr where;
  std::vector<ExprPtr> group_by;
  ExprPtr having;
  // Further SELECT blocks combined with this one, left to right (the parser
  // has already grouped INTERSECT, which binds tighter, into its operands);
  // ORDER BY / LIMIT apply to the result.
  std::vector<SetOperation> set_ops;
  std::vector<OrderItem> order_by;
  std::optional<int64_t> limit;
  int64_t offset = 0;
};

struct Statement {
  bool explain = false;
  std::unique_ptr<SelectStmt> select;
};

}  // namespace floe::query
