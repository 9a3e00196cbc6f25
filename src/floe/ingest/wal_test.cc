#include "floe/ingest/wal.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <thread>

#include "floe/ingest/wal_format.h"
#include "floe/storage/fault_file_io.h"

namespace floe::ingest {
namespace {

using storage::FaultFileIO;
using storage::FaultKind;
using storage::FaultOp;
using storage::FaultRule;
using storage::MemoryFileIO;

constexpr char kDir[] = "data/wal/stream";

WalOptions Options(int64_t segment_bytes = 64 << 20) {
  WalOptions options;
  options.dir = kDir;
  options.segment_bytes = segment_bytes;
  return options;
}

std::unique_ptr<Wal> OpenOrDie(storage::FileIO* io, const WalOptions& options = Options()) {
  auto wal = Wal::Open(options, io);
  EXPECT_TRUE(wal.ok()) << wal.status().ToString();
  return wal.ok() ? std::move(wal).value() : nullptr;
}

struct Replayed {
  uint64_t seq;
  int64_t arrival_ms;
  std::string data;
  bool operator==(const Replayed&) const = default;
};

void PrintTo(const Replayed& r, std::ostream* os) {
  *os << "{" << r.seq << ", " << r.arrival_ms << ", " << r.data << "}";
}

std::vector<Replayed> ReplayAll(Wal* wal, uint64_t after = 0) {
  std::vector<Replayed> out;
  Status st = wal->Replay(after, [&](const WalRecord& r) {
    out.push_back(Replayed{r.seq, r.arrival_ms, std::string(r.data)});
    return Status::OK();
  });
  EXPECT_TRUE(st.ok()) << st.ToString();
  return out;
}

// Appends `n` frames of `per_frame` records "f<i>r<j>"; frame i arrives at 1000 + i.
void AppendFrames(Wal* wal, int first, int n, int per_frame = 3) {
  for (int i = first; i < first + n; ++i) {
    std::vector<std::string> storage;
    for (int j = 0; j < per_frame; ++j)
      storage.push_back("f" + std::to_string(i) + "r" + std::to_string(j));
    std::vector<std::string_view> records(storage.begin(), storage.end());
    auto seq = wal->Append(records, 1000 + i);
    ASSERT_TRUE(seq.ok()) << seq.status().ToString();
    EXPECT_EQ(*seq, static_cast<uint64_t>(i) * per_frame + 1);
  }
}

std::vector<Replayed> Expected(int frames, int per_frame = 3, uint64_t after = 0) {
  std::vector<Replayed> out;
  for (int i = 0; i < frames; ++i) {
    for (int j = 0; j < per_frame; ++j) {
      uint64_t seq = static_cast<uint64_t>(i) * per_frame + j + 1;
      if (seq > after)
        out.push_back({seq, 1000 + i, "f" + std::to_string(i) + "r" + std::to_string(j)});
    }
  }
  return out;
}

std::vector<std::string> Segments(storage::FileIO* io) {
  std::vector<std::string> names;
  auto listing = io->List(kDir);
  EXPECT_TRUE(listing.ok()) << listing.status().ToString();
  if (listing.ok()) {
    for (const auto& info : *listing) names.push_back(info.name);
  }
  return names;
}

std::string SegmentPath(uint64_t first_seq) {
  return std::string(kDir) + "/" + wal_format::SegmentName(first_seq);
}

TEST(WalTest, AppendAndReplay) {
  MemoryFileIO io;
  auto wal = OpenOrDie(&io);
  EXPECT_EQ(wal->last_seq(), 0u);
  AppendFrames(wal.get(), 0, 4);
  EXPECT_EQ(wal->last_seq(), 12u);
  EXPECT_EQ(ReplayAll(wal.get()), Expected(4));
  EXPECT_EQ(ReplayAll(wal.get(), 7), Expected(4, 3, 7));
  EXPECT_TRUE(ReplayAll(wal.get(), 12).empty());
  EXPECT_EQ(wal->size_bytes(), io.Get(SegmentPath(1))->size());
  EXPECT_EQ(wal->Append({}, 0).status().code(), StatusCode::kInvalidArgument);
}

TEST(WalTest, EmptyAndBinaryRecords) {
  MemoryFileIO io;
  auto wal = OpenOrDie(&io);
  std::string binary("\0\xff\x80 x", 5);
  ASSERT_TRUE(wal->Append({"", binary, std::string(300, 'z')}, 5).ok());
  auto got = ReplayAll(wal.get());
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].data, "");
  EXPECT_EQ(got[1].data, binary);
  EXPECT_EQ(got[2].data, std::string(300, 'z'));
}

TEST(WalTest, SegmentsRollAndRelease) {
  MemoryFileIO io;
  auto wal = OpenOrDie(&io, Options(200));
  AppendFrames(wal.get(), 0, 20);
  std::vector<std::string> before = Segments(&io);
  ASSERT_GT(before.size(), 3u);
  EXPECT_EQ(ReplayAll(wal.get()), Expected(20));
  int64_t size = wal->size_bytes();

  ASSERT_TRUE(wal->Release(30).ok());
  std::vector<std::string> after = Segments(&io);
  EXPECT_LT(after.size(), before.size());
  EXPECT_LT(wal->size_bytes(), size);
  uint64_t first;
  ASSERT_TRUE(wal_format::ParseSegmentName(after.front(), &first));
  EXPECT_LE(first, 31u);  // the segment holding seq 31 stays
  auto rest = ReplayAll(wal.get(), 30);
  EXPECT_EQ(rest, Expected(20, 3, 30));

  // Reopen: the log starts at the first kept segment.
  wal.reset();
  wal = OpenOrDie(&io, Options(200));
  EXPECT_EQ(wal->last_seq(), 60u);
  EXPECT_EQ(ReplayAll(wal.get(), 30), Expected(20, 3, 30));
  AppendFrames(wal.get(), 20, 2);
  EXPECT_EQ(ReplayAll(wal.get(), 30), Expected(22, 3, 30));
}

TEST(WalTest, RecoveryAfterReopen) {
  MemoryFileIO io;
  {
    auto wal = OpenOrDie(&io, Options(500));
    AppendFrames(wal.get(), 0, 10);
  }
  auto wal = OpenOrDie(&io, Options(500));
  EXPECT_EQ(wal->last_seq(), 30u);
  AppendFrames(wal.get(), 10, 5);
  EXPECT_EQ(ReplayAll(wal.get()), Expected(15));
}

TEST(WalTest, SeqContinuesAfterEverythingIsReleased) {
  MemoryFileIO io;
  {
    auto wal = OpenOrDie(&io);
    AppendFrames(wal.get(), 0, 4);
    ASSERT_TRUE(wal->Release(12).ok());
    EXPECT_EQ(Segments(&io), std::vector<std::string>{wal_format::SegmentName(13)});
    EXPECT_EQ(wal->size_bytes(), 0);
    EXPECT_TRUE(ReplayAll(wal.get()).empty());
  }
  auto wal = OpenOrDie(&io);
  EXPECT_EQ(wal->last_seq(), 12u);
  auto seq = wal->Append({"next"}, 1);
  ASSERT_TRUE(seq.ok());
  EXPECT_EQ(*seq, 13u);
  EXPECT_EQ(ReplayAll(wal.get()), (std::vector<Replayed>{{13, 1, "next"}}));
}

// Cutting the log anywhere inside its last frame keeps exactly the frames before it.
TEST(WalTest, TornTailAtEveryOffsetIsTruncated) {
  MemoryFileIO io;
  {
    auto wal = OpenOrDie(&io);
    AppendFrames(wal.get(), 0, 3);
  }
  std::string full = *io.Get(SegmentPath(1));
  std::string two;
  {
    MemoryFileIO io2;
    auto wal = OpenOrDie(&io2);
    AppendFrames(wal.get(), 0, 2);
    two = *io2.Get(SegmentPath(1));
  }
  ASSERT_EQ(full.compare(0, two.size(), two), 0);
  for (size_t cut = two.size(); cut < full.size(); ++cut) {
    SCOPED_TRACE("cut at " + std::to_string(cut));
    MemoryFileIO torn;
    torn.Put(SegmentPath(1), full.substr(0, cut));
    auto wal = OpenOrDie(&torn);
    ASSERT_NE(wal, nullptr);
    EXPECT_EQ(wal->last_seq(), 6u);
    EXPECT_EQ(*torn.Get(SegmentPath(1)), two);
    AppendFrames(wal.get(), 2, 1);
    EXPECT_EQ(ReplayAll(wal.get()), Expected(3));
  }
}

TEST(WalTest, CorruptTailFrameIsTruncated) {
  MemoryFileIO io;
  {
    auto wal = OpenOrDie(&io);
    AppendFrames(wal.get(), 0, 3);
  }
  std::string bytes = *io.Get(SegmentPath(1));
  bytes[bytes.size() - 2] ^= 0x01;  // a record byte of the last frame
  io.Put(SegmentPath(1), bytes);
  auto wal = OpenOrDie(&io);
  EXPECT_EQ(wal->last_seq(), 6u);
  EXPECT_EQ(ReplayAll(wal.get()), Expected(2));
}

TEST(WalTest, CorruptionBeforeTheTailIsDataLoss) {
  MemoryFileIO io;
  {
    auto wal = OpenOrDie(&io, Options(90));
    AppendFrames(wal.get(), 0, 6);
  }
  std::vector<std::string> names = Segments(&io);
  ASSERT_GE(names.size(), 3u);
  std::string middle = std::string(kDir) + "/" + names[1];
  std::string bytes = *io.Get(middle);
  bytes[wal_format::kHeaderSize + 1] ^= 0x40;
  io.Put(middle, bytes);
  auto wal = Wal::Open(Options(90), &io);
  ASSERT_FALSE(wal.ok());
  EXPECT_EQ(wal.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(wal.status().message().find(names[1]), std::string::npos) << wal.status().ToString();

  // A missing middle segment is a gap, also DataLoss.
  io.Put(middle, *io.Get(std::string(kDir) + "/" + names[0]));
  ASSERT_TRUE(io.Delete(middle).ok());
  EXPECT_EQ(Wal::Open(Options(90), &io).status().code(), StatusCode::kDataLoss);
}

TEST(WalTest, ConcurrentAppendersGetDenseDistinctSequenceNumbers) {
  MemoryFileIO io;
  auto wal = OpenOrDie(&io, Options(4096));
  constexpr int kThreads = 4, kAppends = 200, kPerAppend = 5;
  std::vector<std::vector<std::pair<uint64_t, int>>> got(kThreads);  // (first seq, append index)
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kAppends; ++i) {
        std::vector<std::string> data;
        for (int j = 0; j < kPerAppend; ++j)
          data.push_back(std::to_string(t) + "/" + std::to_string(i) + "/" + std::to_string(j));
        auto seq = wal->Append(std::vector<std::string_view>(data.begin(), data.end()), t);
        ASSERT_TRUE(seq.ok()) << seq.status().ToString();
        got[t].emplace_back(*seq, i);
      }
    });
  }
  for (auto& th : threads) th.join();
  std::map<uint64_t, std::string> want;
  for (int t = 0; t < kThreads; ++t) {
    for (auto [seq, i] : got[t]) {
      for (int j = 0; j < kPerAppend; ++j) {
        auto [it, fresh] = want.emplace(
            seq + j, std::to_string(t) + "/" + std::to_string(i) + "/" + std::to_string(j));
        EXPECT_TRUE(fresh) << "seq " << seq + j << " given twice";
      }
    }
  }
  const uint64_t total = kThreads * kAppends * kPerAppend;
  ASSERT_EQ(want.size(), total);
  EXPECT_EQ(want.begin()->first, 1u);
  EXPECT_EQ(want.rbegin()->first, total);
  EXPECT_EQ(wal->last_seq(), total);
  auto replayed = ReplayAll(wal.get());
  ASSERT_EQ(replayed.size(), total);
  for (const auto& r : replayed) EXPECT_EQ(r.data, want[r.seq]);
  EXPECT_TRUE(std::is_sorted(replayed.begin(), replayed.end(),
                             [](auto& a, auto& b) { return a.seq < b.seq; }));
}

TEST(WalTest, AcknowledgedRecordsSurviveLossOfUnsyncedData) {
  MemoryFileIO io;
  {
    auto wal = OpenOrDie(&io, Options(300));
    AppendFrames(wal.get(), 0, 10);
    io.DropUnsynced();
  }
  auto wal = OpenOrDie(&io, Options(300));
  EXPECT_EQ(ReplayAll(wal.get()), Expected(10));
}

TEST(WalTest, WithoutSyncUnsyncedFramesAreLostCleanly) {
  MemoryFileIO io;
  WalOptions options = Options();
  options.sync = false;
  {
    auto wal = OpenOrDie(&io, options);
    AppendFrames(wal.get(), 0, 5);
    io.DropUnsynced();
  }
  auto wal = OpenOrDie(&io, options);
  EXPECT_EQ(wal->last_seq(), 0u);
  AppendFrames(wal.get(), 0, 1);
}

TEST(WalTest, FullDiskFailsTheAppendAndTheLogStaysUsable) {
  MemoryFileIO memory;
  FaultFileIO io(&memory);
  auto wal = OpenOrDie(&io);
  AppendFrames(wal.get(), 0, 2);
  io.AddRule(FaultRule(FaultOp::kAppend, FaultKind::kNoSpace).Path("/wal/"));
  auto failed = wal->Append({"lost"}, 7);
  EXPECT_EQ(failed.status().code(), StatusCode::kResourceExhausted) << failed.status().ToString();
  EXPECT_EQ(wal->last_seq(), 6u);
  AppendFrames(wal.get(), 2, 1);  // takes seq 7 again: nothing was acknowledged
  EXPECT_EQ(ReplayAll(wal.get()), Expected(3));
  wal.reset();
  wal = OpenOrDie(&io);
  EXPECT_EQ(ReplayAll(wal.get()), Expected(3));
}

TEST(WalTest, TornWriteIsCutBackAndLaterFramesFollowTheGoodOnes) {
  MemoryFileIO memory;
  FaultFileIO io(&memory);
  auto wal = OpenOrDie(&io);
  AppendFrames(wal.get(), 0, 2);
  io.AddRule(FaultRule(FaultOp::kAppend, FaultKind::kTornWrite));
  EXPECT_EQ(wal->Append({"torn"}, 7).status().code(), StatusCode::kUnavailable);
  AppendFrames(wal.get(), 2, 2);
  ASSERT_TRUE(io.Crash().ok());
  wal.reset();
  wal = OpenOrDie(&io);
  EXPECT_EQ(ReplayAll(wal.get()), Expected(4));
}

TEST(WalTest, TornWriteThenCrashIsTruncatedOnRecovery) {
  MemoryFileIO memory;
  FaultFileIO io(&memory);
  auto wal = OpenOrDie(&io);
  AppendFrames(wal.get(), 0, 2);
  io.AddRule(FaultRule(FaultOp::kAppend, FaultKind::kTornWrite).TornBytes(40));
  io.AddRule(FaultRule(FaultOp::kOpenAppend, FaultKind::kIoError));  // the cut-back fails too
  EXPECT_EQ(wal->Append({"torn", "frame"}, 7).status().code(), StatusCode::kUnavailable);
  auto stopped = wal->Append({"after"}, 8);
  EXPECT_EQ(stopped.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(stopped.status().message().find("reopen"), std::string::npos)
      << stopped.status().ToString();
  EXPECT_GT(memory.Get(SegmentPath(1))->size(), static_cast<size_t>(wal->size_bytes()));
  wal.reset();
  wal = OpenOrDie(&io);  // recovery cuts the torn 40 bytes
  EXPECT_EQ(wal->last_seq(), 6u);
  EXPECT_EQ(static_cast<int64_t>(memory.Get(SegmentPath(1))->size()), wal->size_bytes());
  AppendFrames(wal.get(), 2, 1);
  EXPECT_EQ(ReplayAll(wal.get()), Expected(3));
}

TEST(WalTest, FailedSyncStopsTheLogUntilReopened) {
  MemoryFileIO memory;
  FaultFileIO io(&memory);
  auto wal = OpenOrDie(&io);
  AppendFrames(wal.get(), 0, 2);
  io.AddRule(FaultRule(FaultOp::kSync, FaultKind::kIoError));
  EXPECT_EQ(wal->Append({"unsynced"}, 7).status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(wal->Append({"later"}, 8).status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(wal->last_seq(), 6u);
  ASSERT_TRUE(io.Crash().ok());
  wal.reset();
  wal = OpenOrDie(&io);
  EXPECT_EQ(ReplayAll(wal.get()), Expected(2));
  AppendFrames(wal.get(), 2, 1);
}

TEST(WalTest, FailedSegmentCreationFailsTheAppendOnly) {
  MemoryFileIO memory;
  FaultFileIO io(&memory);
  auto wal = OpenOrDie(&io, Options(90));
  AppendFrames(wal.get(), 0, 2);
  io.AddRule(FaultRule(FaultOp::kSyncDir, FaultKind::kIoError));
  EXPECT_FALSE(wal->Append({"x"}, 1).ok());
  AppendFrames(wal.get(), 2, 3);
  wal.reset();
  wal = OpenOrDie(&io, Options(90));
  EXPECT_EQ(ReplayAll(wal.get()), Expected(5));
}

TEST(WalTest, LocalFilesystem) {
  auto dir =
      std::filesystem::temp_directory_path() / ("floe_wal_test_" + std::to_string(::getpid()));
  WalOptions options;
  options.dir = (dir / "wal" / "s").string();
  options.segment_bytes = 256;
  {
    auto wal = Wal::Open(options, storage::LocalFileIO::Default());
    ASSERT_TRUE(wal.ok()) << wal.status().ToString();
    AppendFrames(wal->get(), 0, 12);
    ASSERT_TRUE((*wal)->Release(9).ok());
  }
  auto wal = Wal::Open(options, storage::LocalFileIO::Default());
  ASSERT_TRUE(wal.ok()) << wal.status().ToString();
  EXPECT_EQ((*wal)->last_seq(), 36u);
  EXPECT_EQ(ReplayAll(wal->get(), 9), Expected(12, 3, 9));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace floe::ingest
