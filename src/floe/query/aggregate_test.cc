// The hash aggregate on several threads answers as it does on one: the same
// groups in the same order (unless told the order is moot), the same values
// (doubles within rounding), for every key shape and aggregate kind.
#include "floe/query/aggregate.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <thread>

#include "floe/query/table_source.h"

namespace floe::query {
namespace {

constexpr int kBatches = 120;
constexpr int kRows = 500;

// Batches of (i BIGINT, s VARCHAR, d DOUBLE, n BIGINT with NULLs); the
// string column is in dictionary form in every other batch. Each batch takes
// a little while, so the threads pushing from it take turns.
class BatchesSource : public TableSource {
 public:
  BatchesSource() {
    auto dict = std::make_shared<std::vector<std::string>>();
    for (int k = 0; k < 37; ++k) dict->push_back("s" + std::to_string(k * 7 % 37));
    for (int b = 0; b < kBatches; ++b) {
      Chunk c;
      c.rows = kRows;
      Vector i(DataType::kBigint), s(DataType::kVarchar), d(DataType::kDouble),
          n(DataType::kBigint);
      for (int r = 0; r < kRows; ++r) {
        const int64_t x = static_cast<int64_t>(b) * kRows + r;
        i.Append(Value::Int((x * 7919) % 1013 - 500));
        if (b % 2 == 1) {
          s.codes.push_back(static_cast<uint32_t>(x % 37));
          s.length++;
        } else {
          s.Append(Value::String((*dict)[static_cast<size_t>(x % 37)]));
        }
        d.Append(Value::Double(static_cast<double>((x * 31) % 997) / 7.0 - 50.0));
        n.Append(x % 11 == 0 ? Value::Null(DataType::kBigint) : Value::Int(x % 13));
      }
      if (b % 2 == 1) s.dict = dict;
      if (b % 3 == 0) s.SetNull(5);  // a NULL string key now and then
      c.columns = {std::move(i), std::move(s), std::move(d), std::move(n)};
      batches_.push_back(std::move(c));
    }
  }
  const std::vector<SourceColumn>& columns() const override { return columns_; }
  Status Open(const std::vector<bool>&, const std::vector<ScanFilter>&) override {
    return Status::OK();
  }
  Result<bool> Next(Chunk* out) override {
    if (pos_ >= batches_.size()) return false;
    std::this_thread::sleep_for(std::chrono::microseconds(200));
    *out = batches_[pos_++];
    return true;
  }
  // Threads take batches in turn, each handing its own to the sink.
  Status Push(int threads, const Sink& sink) override {
    std::atomic<size_t> next{0};
    std::vector<Status> status(static_cast<size_t>(threads));
    auto work = [&](int lane) {
      for (size_t b = next++; b < batches_.size(); b = next++) {
        std::this_thread::sleep_for(std::chrono::microseconds(200));
        Chunk c = batches_[b];
        c.seq = static_cast<int64_t>(b);
        Status st = sink(lane, std::move(c));
        if (!st.ok()) {
          status[static_cast<size_t>(lane)] = st;
          return;
        }
      }
    };
    std::vector<std::thread> helpers;
    for (int lane = 1; lane < threads; ++lane) helpers.emplace_back(work, lane);
    work(0);
    for (auto& t : helpers) t.join();
    for (const Status& st : status) FLOE_RETURN_IF_ERROR(st);
    return Status::OK();
  }
  std::string Describe() const override { return "BATCHES"; }

 private:
  std::vector<SourceColumn> columns_ = {{"i", DataType::kBigint},
                                        {"s", DataType::kVarchar},
                                        {"d", DataType::kDouble},
                                        {"n", DataType::kBigint}};
  std::vector<Chunk> batches_;
  size_t pos_ = 0;
};

BoundPtr Col(int c) {
  static const DataType kTypes[] = {DataType::kBigint, DataType::kVarchar, DataType::kDouble,
                                    DataType::kBigint};
  static const char* kNames[] = {"i", "s", "d", "n"};
  return MakeColumn(c, kTypes[c], kNames[c]);
}

AggregateSpec Agg(AggKind kind, int column, DataType type, bool distinct = false) {
  AggregateSpec a;
  a.kind = kind;
  if (column >= 0) a.arg = Col(column);
  a.type = type;
  a.distinct = distinct;
  a.name = "agg";
  return a;
}

std::vector<AggregateSpec> AllAggregates() {
  std::vector<AggregateSpec> aggs;
  aggs.push_back(Agg(AggKind::kCountStar, -1, DataType::kBigint));
  aggs.push_back(Agg(AggKind::kCount, 3, DataType::kBigint));
  aggs.push_back(Agg(AggKind::kSum, 3, DataType::kBigint));
  aggs.push_back(Agg(AggKind::kSum, 2, DataType::kDouble));
  aggs.push_back(Agg(AggKind::kAvg, 0, DataType::kDouble));
  aggs.push_back(Agg(AggKind::kMin, 2, DataType::kDouble));
  aggs.push_back(Agg(AggKind::kMax, 0, DataType::kBigint));
  aggs.push_back(Agg(AggKind::kMin, 1, DataType::kVarchar));
  aggs.push_back(Agg(AggKind::kMax, 1, DataType::kVarchar));
  aggs.push_back(Agg(AggKind::kStddev, 2, DataType::kDouble));
  aggs.push_back(Agg(AggKind::kVariance, 3, DataType::kDouble));
  aggs.push_back(Agg(AggKind::kQuantile, 2, DataType::kDouble));
  aggs.back().fraction = 0.25;
  aggs.push_back(Agg(AggKind::kQuantileDisc, 0, DataType::kBigint));
  return aggs;
}

// All output rows, in output order.
std::vector<std::vector<Value>> Aggregate(std::vector<int> group_columns,
                                          std::vector<AggregateSpec> aggs, int threads,
                                          bool keep_order = true, Status* status = nullptr,
                                          int64_t memory_limit = int64_t{1} << 30) {
  MemoryTracker memory(memory_limit);
  std::vector<BoundPtr> groups;
  for (int c : group_columns) groups.push_back(Col(c));
  HashAggregate agg(std::make_unique<ScanOperator>(std::make_unique<BatchesSource>()),
                    std::move(groups), std::move(aggs), &memory, threads, keep_order);
  std::vector<std::vector<Value>> rows;
  Chunk c;
  while (true) {
    auto more = agg.Next(&c);
    if (!more.ok()) {
      if (status) *status = more.status();
      return rows;
    }
    if (!*more) break;
    for (int64_t r = 0; r < c.rows; ++r) {
      rows.emplace_back();
      for (const Vector& v : c.columns) rows.back().push_back(v.Get(r));
    }
  }
  if (status) *status = Status::OK();
  return rows;
}

void ExpectSame(const std::vector<std::vector<Value>>& want,
                const std::vector<std::vector<Value>>& got) {
  ASSERT_EQ(want.size(), got.size());
  for (size_t r = 0; r < want.size(); ++r) {
    ASSERT_EQ(want[r].size(), got[r].size());
    for (size_t k = 0; k < want[r].size(); ++k) {
      const Value& a = want[r][k];
      const Value& b = got[r][k];
      ASSERT_EQ(a.is_null, b.is_null) << "row " << r << " column " << k;
      if (a.is_null) continue;
      if (a.type == DataType::kDouble) {
        EXPECT_NEAR(a.d, b.d, 1e-9 * std::max(1.0, std::fabs(a.d))) << "row " << r << " col " << k;
      } else {
        EXPECT_EQ(FormatValue(a), FormatValue(b)) << "row " << r << " column " << k;
      }
    }
  }
}

struct KeyShape {
  const char* name;
  std::vector<int> columns;
};

TEST(ParallelAggregateTest, SameGroupsInTheSameOrderForEveryKeyShape) {
  const std::vector<KeyShape> shapes = {
      {"no keys", {}},
      {"one integer", {0}},
      {"one string, plain and dictionary, with NULLs", {1}},
      {"integer with NULLs", {3}},
      {"two keys", {1, 3}},
      {"four keys", {3, 1, 0, 2}},
      {"five keys (encoded)", {3, 1, 0, 2, 3}},
  };
  for (const KeyShape& shape : shapes) {
    SCOPED_TRACE(shape.name);
    auto one = Aggregate(shape.columns, AllAggregates(), 1);
    ASSERT_FALSE(one.empty());
    for (int threads : {2, 3}) {
      SCOPED_TRACE(threads);
      ExpectSame(one, Aggregate(shape.columns, AllAggregates(), threads));
    }
  }
}

TEST(ParallelAggregateTest, WithoutKeepOrderTheSameRowsInSomeOrder) {
  auto sorted = [](std::vector<std::vector<Value>> rows) {
    std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
      return FormatValue(a[0]) + "|" + FormatValue(a[1]) <
             FormatValue(b[0]) + "|" + FormatValue(b[1]);
    });
    return rows;
  };
  auto one = Aggregate({1, 3}, AllAggregates(), 1);
  ExpectSame(sorted(one), sorted(Aggregate({1, 3}, AllAggregates(), 2, /*keep_order=*/false)));
}

TEST(ParallelAggregateTest, DistinctAggregatesStillAnswer) {
  std::vector<AggregateSpec> aggs;
  aggs.push_back(Agg(AggKind::kCount, 3, DataType::kBigint, /*distinct=*/true));
  aggs.push_back(Agg(AggKind::kSum, 0, DataType::kBigint, /*distinct=*/true));
  auto one = Aggregate({1}, std::move(aggs), 1);
  std::vector<AggregateSpec> again;
  again.push_back(Agg(AggKind::kCount, 3, DataType::kBigint, /*distinct=*/true));
  again.push_back(Agg(AggKind::kSum, 0, DataType::kBigint, /*distinct=*/true));
  ExpectSame(one, Aggregate({1}, std::move(again), 2));
}

TEST(ParallelAggregateTest, TheMemoryLimitStopsEveryThread) {
  Status st;
  Aggregate({0, 2}, AllAggregates(), 2, true, &st, /*memory_limit=*/64 * 1024);
  EXPECT_EQ(st.code(), StatusCode::kResourceExhausted) << st.ToString();
  EXPECT_NE(st.message().find("hash aggregation"), std::string::npos) << st.ToString();
}

}  // namespace
}  // namespace floe::query
