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
  auto dir = std::filesystem::temp_directory_path() / ("floe_file_io_test_" + std::to_string(::getpid()));
  RoundTrip(LocalFileIO::Default(), (dir / "nested" / "file.bin").string());
  std::filesystem::remove_all(dir);
}

TEST(FileIOTest, LocalMissingFileIsNotFound) {
  EXPECT_EQ(LocalFileIO::Default()->OpenRead("/nonexistent/floe/x").status().code(),
            StatusCode::kNotFound);
}

}  // namespace
}  // namespace floe::storage
