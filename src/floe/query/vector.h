// Columnar batches: a Vector holds one column of a batch in the lane its type
// uses (integers, doubles or strings) with an optional validity mask; a Chunk
// is a batch of equally long vectors.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "floe/query/types.h"

namespace floe::query {

struct Vector {
  DataType type = DataType::kNull;
  int64_t length = 0;
  std::vector<uint8_t> valid;  // empty = every row valid; else `length` bytes, 1 = valid
  std::vector<int64_t> i;      // IsIntLike types
  std::vector<double> d;       // DOUBLE
  std::vector<std::string> s;  // VARCHAR
  // VARCHAR in dictionary form, as scans read dictionary-encoded Parquet: row
  // r is (*dict)[codes[r]] (codes[r] is 0 where null) and `s` is empty.
  // Expressions never see it (Evaluate and EvaluateRef flatten); Get, Gather,
  // GatherChunk, AppendVector and MemoryBytes take either form; the hash
  // aggregate groups by the codes.
  std::shared_ptr<const std::vector<std::string>> dict;
  std::vector<uint32_t> codes;

  Vector() = default;
  explicit Vector(DataType t) : type(t) {}

  bool IsNull(int64_t r) const {
    return type == DataType::kNull || (!valid.empty() && valid[static_cast<size_t>(r)] == 0);
  }
  Value Get(int64_t r) const;
  bool is_dict() const { return dict != nullptr; }
  const std::string& Str(size_t r) const { return dict ? (*dict)[codes[r]] : s[r]; }
  // Turns the dictionary form into the plain one.
  void Flatten();
  void Append(const Value& v);  // v's type must match (or be NULL)
  void AppendNull();
  void Reserve(int64_t n);
  // Sets the validity of row r (allocating the mask on the first null).
  void SetNull(int64_t r);
  // Bytes held, for the memory limit.
  int64_t MemoryBytes() const;
};

// A vector of `n` copies of `v`.
Vector ConstantVector(const Value& v, int64_t n);
// Rows `sel` of `v`, in order.
Vector Gather(const Vector& v, const std::vector<uint32_t>& sel);
// Appends all rows of `src` to `dst` (same type).
void AppendVector(const Vector& src, Vector* dst);

struct Chunk {
  std::vector<Vector> columns;
  int64_t rows = 0;
  // The batch's place in its scan's order (filters and projections keep it),
  // so operators that pull on several threads can restore that order.
  int64_t seq = 0;
};

Chunk GatherChunk(const Chunk& c, const std::vector<uint32_t>& sel);

// True when row r of v holds a value (false for NULL-typed vectors).
inline bool RowValidOrNull(const Vector& v, size_t r) {
  return v.type != DataType::kNull && (v.valid.empty() || v.valid[r] != 0);
}

}  // namespace floe::query
