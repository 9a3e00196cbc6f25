// Operators driven directly over in-memory chunks: aggregation states, top-N,
// hash join, and the memory limit.
#include "floe/query/operators.h"

#include <gtest/gtest.h>

#include "floe/query/aggregate.h"
#include "floe/query/table_source.h"

namespace floe::query {
namespace {

// A source of `chunks` (each a list of columns).
class ChunksOperator : public Operator {
 public:
  explicit ChunksOperator(std::vector<Chunk> chunks) : chunks_(std::move(chunks)) {}
  Result<bool> Next(Chunk* out) override {
    if (pos_ >= chunks_.size()) return false;
    *out = chunks_[pos_++];
    return true;
  }
  std::string Describe() const override { return "CHUNKS"; }

 private:
  std::vector<Chunk> chunks_;
  size_t pos_ = 0;
};

Chunk MakeChunk(std::vector<std::vector<Value>> columns) {
  Chunk c;
  for (auto& values : columns) {
    Vector v(values[0].type == DataType::kNull ? DataType::kBigint : values[0].type);
    for (auto& x : values) v.Append(x);
    c.rows = v.length;
    c.columns.push_back(std::move(v));
  }
  return c;
}

std::vector<std::string> Drain(Operator* op) {
  std::vector<std::string> rows;
  Chunk c;
  while (true) {
    auto more = op->Next(&c);
    EXPECT_TRUE(more.ok()) << more.status().ToString();
    if (!more.ok() || !*more) break;
    for (int64_t r = 0; r < c.rows; ++r) {
      std::string line;
      for (size_t k = 0; k < c.columns.size(); ++k)
        line += (k ? "|" : "") + FormatValue(c.columns[k].Get(r));
      rows.push_back(line);
    }
  }
  return rows;
}

TEST(OperatorsTest, HashAggregateAcrossBatches) {
  std::vector<Chunk> chunks;
  chunks.push_back(
      MakeChunk({{Value::String("a"), Value::String("b"), Value::Null(DataType::kVarchar)},
                 {Value::Int(1), Value::Int(10), Value::Int(5)}}));
  chunks.push_back(
      MakeChunk({{Value::String("a"), Value::String("a")}, {Value::Int(3), Value::Null()}}));
  MemoryTracker memory(1 << 20);
  std::vector<BoundPtr> groups;
  groups.push_back(MakeColumn(0, DataType::kVarchar, "k"));
  std::vector<AggregateSpec> aggs(4);
  aggs[0].kind = AggKind::kCountStar;
  aggs[1].kind = AggKind::kCount;
  aggs[1].arg = MakeColumn(1, DataType::kBigint, "v");
  aggs[2].kind = AggKind::kSum;
  aggs[2].arg = MakeColumn(1, DataType::kBigint, "v");
  aggs[3].kind = AggKind::kAvg;
  aggs[3].arg = MakeColumn(1, DataType::kBigint, "v");
  aggs[3].type = DataType::kDouble;
  HashAggregate agg(std::make_unique<ChunksOperator>(std::move(chunks)), std::move(groups),
                    std::move(aggs), &memory);
  EXPECT_EQ(Drain(&agg),
            (std::vector<std::string>{"a|3|2|4|2.0", "b|1|1|10|10.0", "NULL|1|1|5|5.0"}));
}

TEST(OperatorsTest, TopNKeepsTheBestRowsAcrossCompactions) {
  // 200,000 rows in batches; top-3 by value descending with NULLs last.
  std::vector<Chunk> chunks;
  for (int b = 0; b < 4; ++b) {
    Chunk c;
    c.columns.emplace_back(DataType::kBigint);
    for (int i = 0; i < 50000; ++i) {
      int64_t v = (static_cast<int64_t>(b) * 50000 + i) * 7919 % 200003;
      if (i % 1000 == 0) {
        c.columns[0].AppendNull();
      } else {
        c.columns[0].Append(Value::Int(v));
      }
    }
    c.rows = c.columns[0].length;
    chunks.push_back(std::move(c));
  }
  MemoryTracker memory(64 << 20);
  std::vector<SortKey> keys(1);
  keys[0].expr = MakeColumn(0, DataType::kBigint, "v");
  keys[0].desc = true;
  SortOperator sort(std::make_unique<ChunksOperator>(std::move(chunks)), std::move(keys), 3,
                    &memory);
  EXPECT_EQ(Drain(&sort), (std::vector<std::string>{"200002", "200001", "200000"}));
}

TEST(OperatorsTest, TopNMatchesAFullSortWithTiesAndNulls) {
  // 300,000 rows in 30 batches: key (k1 ASC NULLS FIRST, k2 DESC) with many
  // ties, and the row number to show that ties keep their input order.
  auto make = [] {
    std::vector<Chunk> chunks;
    int64_t row = 0;
    for (int b = 0; b < 30; ++b) {
      Chunk c;
      c.columns.emplace_back(DataType::kBigint);
      c.columns.emplace_back(DataType::kVarchar);
      c.columns.emplace_back(DataType::kBigint);
      for (int i = 0; i < 10000; ++i, ++row) {
        if (row % 9973 == 0) {
          c.columns[0].AppendNull();
        } else {
          c.columns[0].Append(Value::Int((row * 31) % 97));
        }
        c.columns[1].Append(Value::String(std::string(1, static_cast<char>('a' + row % 5))));
        c.columns[2].Append(Value::Int(row));
      }
      c.rows = 10000;
      chunks.push_back(std::move(c));
    }
    return chunks;
  };
  auto keys = [] {
    std::vector<SortKey> k(2);
    k[0].expr = MakeColumn(0, DataType::kBigint, "k1");
    k[0].nulls_first = true;
    k[1].expr = MakeColumn(1, DataType::kVarchar, "k2");
    k[1].desc = true;
    return k;
  };
  MemoryTracker memory(1 << 30);
  SortOperator full(std::make_unique<ChunksOperator>(make()), keys(), std::nullopt, &memory);
  std::vector<std::string> all = Drain(&full);
  for (int64_t limit : {1, 40, 700}) {
    SortOperator top(std::make_unique<ChunksOperator>(make()), keys(), limit, &memory);
    EXPECT_EQ(Drain(&top), std::vector<std::string>(all.begin(), all.begin() + limit)) << limit;
  }
}

TEST(OperatorsTest, TopNOnOneIntegerKeyMatchesAFullSort) {
  auto make = [] {
    std::vector<Chunk> chunks;
    int64_t row = 0;
    for (int b = 0; b < 25; ++b) {
      Chunk c;
      c.columns.emplace_back(DataType::kBigint);
      c.columns.emplace_back(DataType::kBigint);
      for (int i = 0; i < 10000; ++i, ++row) {
        c.columns[0].Append(Value::Int((row * 7919) % 1009));  // many ties
        c.columns[1].Append(Value::Int(row));
      }
      c.rows = 10000;
      chunks.push_back(std::move(c));
    }
    return chunks;
  };
  for (bool desc : {false, true}) {
    auto keys = [&] {
      std::vector<SortKey> k(1);
      k[0].expr = MakeColumn(0, DataType::kBigint, "k");
      k[0].desc = desc;
      return k;
    };
    MemoryTracker memory(1 << 30);
    SortOperator full(std::make_unique<ChunksOperator>(make()), keys(), std::nullopt, &memory);
    std::vector<std::string> all = Drain(&full);
    SortOperator top(std::make_unique<ChunksOperator>(make()), keys(), 300, &memory);
    EXPECT_EQ(Drain(&top), std::vector<std::string>(all.begin(), all.begin() + 300)) << desc;
  }
}

// Left keys 1, 2, NULL; right keys 1, 1, 3, NULL.
std::vector<std::string> JoinRows(JoinType type) {
  std::vector<Chunk> left, right;
  left.push_back(MakeChunk({{Value::Int(1), Value::Int(2), Value::Null()}}));
  right.push_back(MakeChunk(
      {{Value::Int(1), Value::Int(1), Value::Int(3), Value::Null()},
       {Value::String("x"), Value::String("y"), Value::String("z"), Value::String("n")}}));
  MemoryTracker memory(1 << 20);
  std::vector<BoundPtr> lk, rk;
  lk.push_back(MakeColumn(0, DataType::kBigint, "a"));
  rk.push_back(MakeColumn(0, DataType::kBigint, "b"));
  HashJoinOperator join(std::make_unique<ChunksOperator>(std::move(left)),
                        std::make_unique<ChunksOperator>(std::move(right)), std::move(lk),
                        std::move(rk), nullptr, type, {DataType::kBigint},
                        {DataType::kBigint, DataType::kVarchar}, &memory);
  auto rows = Drain(&join);
  std::sort(rows.begin(), rows.end());
  return rows;
}

TEST(OperatorsTest, OuterHashJoinsKeepUnmatchedRows) {
  EXPECT_EQ(JoinRows(JoinType::kInner), (std::vector<std::string>{"1|1|x", "1|1|y"}));
  EXPECT_EQ(JoinRows(JoinType::kLeft),
            (std::vector<std::string>{"1|1|x", "1|1|y", "2|NULL|NULL", "NULL|NULL|NULL"}));
  EXPECT_EQ(JoinRows(JoinType::kRight),
            (std::vector<std::string>{"1|1|x", "1|1|y", "NULL|3|z", "NULL|NULL|n"}));
  EXPECT_EQ(JoinRows(JoinType::kFull),
            (std::vector<std::string>{"1|1|x", "1|1|y", "2|NULL|NULL", "NULL|3|z", "NULL|NULL|NULL",
                                      "NULL|NULL|n"}));
}

TEST(OperatorsTest, MemoryLimitFailsClearly) {
  std::vector<Chunk> chunks;
  Chunk c;
  c.columns.emplace_back(DataType::kVarchar);
  for (int i = 0; i < 20000; ++i)
    c.columns[0].Append(Value::String(std::string(100, 'x') + std::to_string(i)));
  c.rows = c.columns[0].length;
  chunks.push_back(std::move(c));
  MemoryTracker memory(1 << 20);
  std::vector<BoundPtr> groups;
  groups.push_back(MakeColumn(0, DataType::kVarchar, "s"));
  HashAggregate agg(std::make_unique<ChunksOperator>(std::move(chunks)), std::move(groups), {},
                    &memory);
  Chunk out;
  auto r = agg.Next(&out);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kResourceExhausted);
  EXPECT_NE(
      r.status().message().find("hash aggregation needs more than the query memory limit of 1 MiB"),
      std::string::npos);
}

}  // namespace
}  // namespace floe::query
