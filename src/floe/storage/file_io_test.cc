#include "floe/storage/file_io.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

namespace floe::storage {
namespace {

void RoundTrip(FileIO* io, const std::string& path) {
  auto w = io->OpenWrite(path);
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  ASSERT_TRUE((*w)->Append("hello ").ok());
  ASSERT_TRUE((*w)->Append("world").ok());
  EXPECT_EQ((*w)->Size(), 11);
  ASSERT_TRUE((*w)->Sync().ok());
  ASSERT_TRUE((*w)->Close().ok());
  EXPECT_TRUE(*io->Exists(path));
  auto r = io->OpenRead(path);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)->Size(), 11);
  std::string out;
  ASSERT_TRUE((*r)->ReadAt(6, 5, &out).ok());
  EXPECT_EQ(out, "world");
  Status past = (*r)->ReadAt(8, 4, &out);
  EXPECT_EQ(past.code(), StatusCode::kDataLoss);
  EXPECT_EQ((*r)->ReadAt(-1, 1, &out).code(), StatusCode::kDataLoss);
  ASSERT_TRUE(io->Delete(path).ok());
  EXPECT_FALSE(*io->Exists(path));
  EXPECT_EQ(io->OpenRead(path).status().code(), StatusCode::kNotFound);
}

TEST(FileIOTest, MemoryRoundTrip) {
  MemoryFileIO io;
  RoundTrip(&io, "a/b.txt");
}

TEST(FileIOTest, LocalRoundTrip) {
  auto dir =
      std::filesystem::temp_directory_path() / ("floe_file_io_test_" + std::to_string(::getpid()));
  RoundTrip(LocalFileIO::Default(), (dir / "nested" / "file.bin").string());
  std::filesystem::remove_all(dir);
}

// List, Stat, OpenAppend (with truncation), Rename, CreateDir and SyncDir.
void DirectoryOperations(FileIO* io, const std::string& root) {
  auto write = [&](const std::string& path, const std::string& data) {
    auto w = io->OpenWrite(path);
    ASSERT_TRUE(w.ok()) << w.status().ToString();
    ASSERT_TRUE((*w)->Append(data).ok());
    ASSERT_TRUE((*w)->Close().ok());
  };
  write(root + "/d/b.txt", "bbb");
  write(root + "/d/a.txt", "a");
  write(root + "/d/sub/c.txt", "cc");
  ASSERT_TRUE(io->CreateDir(root + "/d/empty").ok());
  auto listing = io->List(root + "/d");
  ASSERT_TRUE(listing.ok()) << listing.status().ToString();
  std::vector<std::string> names;
  for (const auto& e : *listing)
    names.push_back(e.name + (e.is_dir ? "/" : ":" + std::to_string(e.size)));
  EXPECT_EQ(names, (std::vector<std::string>{"a.txt:1", "b.txt:3", "empty/", "sub/"}));
  EXPECT_TRUE(io->List(root + "/d/empty")->empty());
  EXPECT_EQ(io->List(root + "/missing").status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(io->SyncDir(root + "/d").ok());

  auto stat = io->Stat(root + "/d/b.txt");
  ASSERT_TRUE(stat.ok());
  EXPECT_EQ(stat->name, "b.txt");
  EXPECT_EQ(stat->size, 3);
  EXPECT_FALSE(stat->is_dir);
  EXPECT_TRUE(io->Stat(root + "/d/sub")->is_dir);
  EXPECT_EQ(io->Stat(root + "/d/nope").status().code(), StatusCode::kNotFound);

  auto appender = io->OpenAppend(root + "/d/b.txt", 2);
  ASSERT_TRUE(appender.ok()) << appender.status().ToString();
  EXPECT_EQ((*appender)->Size(), 2);
  ASSERT_TRUE((*appender)->Append("XY").ok());
  ASSERT_TRUE((*appender)->Sync().ok());
  ASSERT_TRUE((*appender)->Close().ok());
  std::string out;
  ASSERT_TRUE((*io->OpenRead(root + "/d/b.txt"))->ReadAt(0, 4, &out).ok());
  EXPECT_EQ(out, "bbXY");
  EXPECT_EQ(io->OpenAppend(root + "/d/b.txt", 5).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(io->OpenAppend(root + "/d/nope", 0).status().code(), StatusCode::kNotFound);

  ASSERT_TRUE(io->Rename(root + "/d/a.txt", root + "/e/moved.txt").ok());
  EXPECT_FALSE(*io->Exists(root + "/d/a.txt"));
  ASSERT_TRUE((*io->OpenRead(root + "/e/moved.txt"))->ReadAt(0, 1, &out).ok());
  EXPECT_EQ(out, "a");
}

TEST(FileIOTest, MemoryDirectoryOperations) {
  MemoryFileIO io;
  DirectoryOperations(&io, "root");
}

TEST(FileIOTest, LocalDirectoryOperations) {
  auto dir =
      std::filesystem::temp_directory_path() / ("floe_file_io_dirs_" + std::to_string(::getpid()));
  DirectoryOperations(LocalFileIO::Default(), dir.string());
  std::filesystem::remove_all(dir);
}

TEST(FileIOTest, MemoryDropUnsyncedKeepsSyncedBytes) {
  MemoryFileIO io;
  auto w = std::move(io.OpenWrite("f")).value();
  ASSERT_TRUE(w->Append("durable").ok());
  ASSERT_TRUE(w->Sync().ok());
  ASSERT_TRUE(w->Append(" lost").ok());
  EXPECT_EQ(*io.Get("f"), "durable lost");  // visible before close, as on a filesystem
  io.DropUnsynced();
  EXPECT_EQ(*io.Get("f"), "durable");
  io.Put("g", "put is durable");
  io.DropUnsynced();
  EXPECT_EQ(*io.Get("g"), "put is durable");
}

TEST(FileIOTest, LocalMissingFileIsNotFound) {
  EXPECT_EQ(LocalFileIO::Default()->OpenRead("/nonexistent/floe/x").status().code(),
            StatusCode::kNotFound);
}

}  // namespace
}  // namespace floe::storage
