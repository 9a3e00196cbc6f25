#include "floe/storage/fault_file_io.h"

#include <gtest/gtest.h>

namespace floe::storage {
namespace {

Status Write(FileIO* io, const std::string& path, const std::string& data, bool sync) {
  FLOE_ASSIGN_OR_RETURN(auto file, io->OpenWrite(path));
  FLOE_RETURN_IF_ERROR(file->Append(data));
  if (sync) FLOE_RETURN_IF_ERROR(file->Sync());
  return file->Close();
}

TEST(FaultFileIOTest, NthMatchingAppendFailsWithNoSpace) {
  MemoryFileIO memory;
  FaultFileIO io(&memory);
  io.AddRule(FaultRule(FaultOp::kAppend, FaultKind::kNoSpace).Path("wal").Nth(2));
  auto file = std::move(io.OpenWrite("x/wal/1")).value();
  auto other = std::move(io.OpenWrite("x/other")).value();
  EXPECT_TRUE(other->Append("o").ok());  // not matched
  EXPECT_TRUE(file->Append("a").ok());
  Status st = file->Append("b");
  EXPECT_EQ(st.code(), StatusCode::kResourceExhausted);
  EXPECT_NE(st.message().find("injected write x/wal/1"), std::string::npos) << st.ToString();
  EXPECT_TRUE(file->Append("c").ok());  // spent after one failure
  EXPECT_EQ(*memory.Get("x/wal/1"), "ac");
  EXPECT_EQ(io.injected(), 1);
}

TEST(FaultFileIOTest, TornWriteLeavesAPrefix) {
  MemoryFileIO memory;
  FaultFileIO io(&memory);
  io.AddRule(FaultRule(FaultOp::kAppend, FaultKind::kTornWrite).TornBytes(3));
  auto file = std::move(io.OpenWrite("f")).value();
  EXPECT_EQ(file->Append("abcdef").code(), StatusCode::kUnavailable);
  EXPECT_EQ(*memory.Get("f"), "abc");
  EXPECT_EQ(file->Size(), 3);
  io.AddRule(FaultRule(FaultOp::kAppend, FaultKind::kTornWrite));
  EXPECT_FALSE(file->Append("123456").ok());
  EXPECT_EQ(*memory.Get("f"), "abc123");
}

TEST(FaultFileIOTest, RepeatedAndProbabilisticRules) {
  MemoryFileIO memory;
  FaultFileIO io(&memory, 42);
  io.AddRule(FaultRule(FaultOp::kSync, FaultKind::kIoError).Nth(2).Times(-1));
  auto file = std::move(io.OpenWrite("f")).value();
  EXPECT_TRUE(file->Sync().ok());
  for (int i = 0; i < 5; ++i) EXPECT_EQ(file->Sync().code(), StatusCode::kUnavailable);
  io.ClearRules();
  EXPECT_TRUE(file->Sync().ok());

  io.AddRule(FaultRule(FaultOp::kOpenRead, FaultKind::kIoError).Probability(0.5).Times(-1));
  ASSERT_TRUE(Write(&memory, "r", "data", true).ok());
  int failed = 0;
  for (int i = 0; i < 200; ++i) failed += io.OpenRead("r").ok() ? 0 : 1;
  EXPECT_GT(failed, 60);
  EXPECT_LT(failed, 140);
  // The same seed fails the same operations.
  FaultFileIO again(&memory, 42);
  again.AddRule(FaultRule(FaultOp::kOpenRead, FaultKind::kIoError).Probability(0.5).Times(-1));
  int failed_again = 0;
  for (int i = 0; i < 200; ++i) failed_again += again.OpenRead("r").ok() ? 0 : 1;
  EXPECT_EQ(failed, failed_again);
}

TEST(FaultFileIOTest, CrashDropsUnsyncedBytes) {
  MemoryFileIO memory;
  FaultFileIO io(&memory);
  ASSERT_TRUE(Write(&io, "never-synced", "gone", false).ok());
  auto file = std::move(io.OpenWrite("partly")).value();
  ASSERT_TRUE(file->Append("kept").ok());
  ASSERT_TRUE(file->Sync().ok());
  ASSERT_TRUE(file->Append("lost").ok());
  ASSERT_TRUE(io.Rename("partly", "renamed").ok());
  ASSERT_TRUE(io.Crash().ok());
  EXPECT_EQ(*memory.Get("never-synced"), "");
  EXPECT_EQ(*memory.Get("renamed"), "kept");
  EXPECT_EQ(file->Append("x").code(), StatusCode::kFailedPrecondition);
  // Files opened after the crash work normally.
  auto reopened = std::move(io.OpenAppend("renamed", 4)).value();
  ASSERT_TRUE(reopened->Append("!").ok());
  EXPECT_EQ(*memory.Get("renamed"), "kept!");
}

TEST(FaultFileIOTest, DirectoryOperationsCanFail) {
  MemoryFileIO memory;
  FaultFileIO io(&memory);
  ASSERT_TRUE(Write(&io, "d/a", "1", true).ok());
  io.AddRule(FaultRule(FaultOp::kList, FaultKind::kIoError).Path("d"));
  io.AddRule(FaultRule(FaultOp::kSyncDir, FaultKind::kNoSpace));
  io.AddRule(FaultRule(FaultOp::kDelete, FaultKind::kIoError));
  EXPECT_EQ(io.List("d").status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(io.List("d")->size(), 1u);
  EXPECT_EQ(io.SyncDir("d").code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(io.Delete("d/a").code(), StatusCode::kUnavailable);
  EXPECT_TRUE(*io.Exists("d/a"));
}

}  // namespace
}  // namespace floe::storage
