#include "floe/query/parallel_reader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <set>

namespace floe::query {
namespace {

Chunk Rows(int64_t first, int64_t n) {
  Chunk c;
  c.rows = n;
  Vector v(DataType::kBigint);
  for (int64_t i = 0; i < n; ++i) v.Append(Value::Int(first + i));
  c.columns.push_back(std::move(v));
  return c;
}

TEST(ParallelReaderTest, BatchesComeInItemOrderWithAnyThreadCount) {
  for (int threads : {1, 2, 4, 8}) {
    ParallelReader reader(20, threads, [](size_t item, const ParallelReader::Emit& emit) {
      for (int b = 0; b < 7; ++b) {
        if (!emit(Rows(static_cast<int64_t>(item) * 100 + b * 10, 10))) return Status::OK();
      }
      return Status::OK();
    });
    std::vector<int64_t> firsts;
    Chunk c;
    while (true) {
      auto more = reader.Next(&c);
      ASSERT_TRUE(more.ok());
      if (!*more) break;
      firsts.push_back(c.columns[0].i[0]);
    }
    ASSERT_EQ(firsts.size(), 140u) << threads;
    for (size_t k = 0; k < firsts.size(); ++k) {
      EXPECT_EQ(firsts[k], static_cast<int64_t>((k / 7) * 100 + (k % 7) * 10)) << threads;
    }
  }
}

TEST(ParallelReaderTest, StoppingEarlyEndsTheWorkAndBoundsWhatWasRead) {
  std::atomic<int> emitted{0};
  {
    ParallelReader reader(1000, 2, [&](size_t item, const ParallelReader::Emit& emit) {
      for (int b = 0; b < 1000; ++b) {
        ++emitted;
        if (!emit(Rows(b, 1))) return Status::OK();
      }
      return Status::OK();
    });
    Chunk c;
    ASSERT_TRUE(*reader.Next(&c));
  }  // the consumer is done after one batch (a LIMIT)
  // Workers pause once a few batches wait; nowhere near the 1,000,000 batches.
  EXPECT_LT(emitted.load(), 100);
}

TEST(ParallelReaderTest, AnErrorComesAfterTheItemsBatchesBeforeIt) {
  ParallelReader reader(3, 2, [](size_t item, const ParallelReader::Emit& emit) {
    emit(Rows(static_cast<int64_t>(item), 1));
    if (item == 1) return DataLoss("bad file");
    return Status::OK();
  });
  Chunk c;
  EXPECT_TRUE(*reader.Next(&c));  // item 0
  EXPECT_TRUE(*reader.Next(&c));  // item 1's batch
  auto r = reader.Next(&c);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "bad file");
}

TEST(ParallelReaderTest, PushHandsEveryBatchToItsReadingThreadWithOrderedSeqs) {
  for (int threads : {1, 2, 4}) {
    ParallelReader reader(20, threads, [](size_t item, const ParallelReader::Emit& emit) {
      for (int b = 0; b < 7; ++b) {
        if (!emit(Rows(static_cast<int64_t>(item) * 100 + b * 10, 10))) return Status::OK();
      }
      return Status::OK();
    });
    std::mutex mu;
    std::vector<std::pair<int64_t, int64_t>> seen;  // (seq, first value)
    std::set<int> lanes;
    Status st = reader.Push(threads, [&](int lane, Chunk&& c) {
      std::lock_guard<std::mutex> lock(mu);
      EXPECT_LT(lane, threads);
      lanes.insert(lane);
      seen.emplace_back(c.seq, c.columns[0].i[0]);
      return Status::OK();
    });
    ASSERT_TRUE(st.ok()) << st.ToString();
    ASSERT_EQ(seen.size(), 140u) << threads;
    // Sorted by seq, the batches are in Next's order.
    std::sort(seen.begin(), seen.end());
    for (size_t k = 0; k < seen.size(); ++k) {
      EXPECT_EQ(seen[k].second, static_cast<int64_t>((k / 7) * 100 + (k % 7) * 10)) << threads;
    }
    EXPECT_LE(lanes.size(), static_cast<size_t>(threads));
  }
}

TEST(ParallelReaderTest, PushStopsAtTheFirstErrorAndReportsTheLowestItems) {
  std::atomic<int> read{0};
  ParallelReader reader(100, 2, [&](size_t item, const ParallelReader::Emit& emit) {
    ++read;
    if (item == 3) return DataLoss("bad file 3");
    emit(Rows(static_cast<int64_t>(item), 1));
    return Status::OK();
  });
  Status st = reader.Push(2, [](int, Chunk&& c) {
    return c.columns[0].i[0] == 5 ? ResourceExhausted("sink full at 5") : Status::OK();
  });
  EXPECT_EQ(st.message(), "bad file 3");
  EXPECT_LT(read.load(), 100);  // the rest was not read
}

}  // namespace
}  // namespace floe::query
