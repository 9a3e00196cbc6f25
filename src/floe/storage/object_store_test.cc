#include "floe/storage/object_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "floe/storage/fault_file_io.h"

namespace floe::storage {
namespace {

TEST(ObjectStoreTest, BucketNames) {
  for (const char* ok : {"abc", "my-bucket.2026", "0error"})
    EXPECT_TRUE(ValidateBucketName(ok).ok()) << ok;
  for (const char* bad : {"ab", "Upper", "-start", "end-", "a..b", "under_score", ".tmp", "a/b"}) {
    EXPECT_EQ(ValidateBucketName(bad).code(), StatusCode::kInvalidArgument) << bad;
  }
  EXPECT_FALSE(ValidateBucketName(std::string(64, 'a')).ok());
}

TEST(ObjectStoreTest, Keys) {
  for (const char* ok :
       {"a", "errors/iceberg-failed/2026/11/25/13/s-1-x", "a b+c%d", "..a/b..", ".hidden"}) {
    EXPECT_TRUE(ValidateObjectKey(ok).ok()) << ok;
  }
  for (const std::string& bad :
       std::vector<std::string>{"", "/abs", "a/../b", "..", "a/.", "./a", "a//b", "dir/",
                                "back\\slash", std::string("nul\0x", 5), std::string(1025, 'k')}) {
    EXPECT_EQ(ValidateObjectKey(bad).code(), StatusCode::kInvalidArgument) << bad;
  }
}

TEST(ObjectStoreTest, PutObjectInMemory) {
  MemoryFileIO io;
  ObjectStore store(&io, "root");
  EXPECT_EQ(store.PutObject("errs", "a/b", "x").code(), StatusCode::kNotFound);
  ASSERT_TRUE(store.CreateBucket("errs").ok());
  EXPECT_TRUE(*store.BucketExists("errs"));
  EXPECT_FALSE(*store.BucketExists("other"));
  ASSERT_TRUE(store.PutObject("errs", "a/b", "first").ok());
  ASSERT_TRUE(store.PutObject("errs", "a/b", "second").ok());
  EXPECT_EQ(*io.Get("root/errs/a/b"), "second");
  EXPECT_EQ(store.PutObject("errs", "../x", "y").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store.CreateBucket("Bad_Name").code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(*io.Exists("root/.tmp"));  // no temporary left (memory directories vanish when empty)
}

TEST(ObjectStoreTest, FailedWriteLeavesNoObjectAndNoTemporary) {
  MemoryFileIO memory;
  FaultFileIO io(&memory);
  ObjectStore store(&io, "root");
  ASSERT_TRUE(store.CreateBucket("errs").ok());
  io.AddRule(FaultRule(FaultOp::kAppend, FaultKind::kNoSpace));
  Status st = store.PutObject("errs", "k", "data");
  EXPECT_EQ(st.code(), StatusCode::kResourceExhausted);
  EXPECT_NE(st.message().find("s3://errs/k"), std::string::npos) << st.ToString();
  EXPECT_FALSE(*memory.Exists("root/errs/k"));
  EXPECT_FALSE(*memory.Exists("root/.tmp"));
}

TEST(ObjectStoreTest, PutObjectOnDisk) {
  auto dir =
      std::filesystem::temp_directory_path() / ("floe_object_store_" + std::to_string(::getpid()));
  ObjectStore store(LocalFileIO::Default(), dir.string());
  ASSERT_TRUE(store.CreateBucket("errs").ok());
  ASSERT_TRUE(store.PutObject("errs", "x/y/z.json", "{}").ok());
  auto info = LocalFileIO::Default()->Stat((dir / "errs/x/y/z.json").string());
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->size, 2);
  EXPECT_GT(info->modified_ms, 0);
  EXPECT_TRUE(LocalFileIO::Default()->List((dir / ".tmp").string())->empty());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace floe::storage
