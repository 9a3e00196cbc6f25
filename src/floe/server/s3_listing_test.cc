#include "floe/server/s3_listing.h"

#include <gtest/gtest.h>

namespace floe::server {
namespace {

class S3ListingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* key : {"a-b", "a/x", "a/y/z", "a0", "b/1", "b/2", "c"})
      io_.Put(std::string("root/bk/") + key, key);
    io_.Put("root/bk/bad\\name", "skipped: not a valid key");
  }
  std::vector<std::string> Keys(const ListPage& page) {
    std::vector<std::string> keys;
    for (const auto& o : page.objects) keys.push_back(o.key);
    return keys;
  }
  ListPage List(ListRequest request) {
    auto page = ListBucket(&io_, "root/bk", request);
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    return page.ok() ? *page : ListPage{};
  }
  storage::MemoryFileIO io_;
};

TEST_F(S3ListingTest, AllKeysInByteOrder) {
  ListPage page = List({});
  EXPECT_EQ(Keys(page), (std::vector<std::string>{"a-b", "a/x", "a/y/z", "a0", "b/1", "b/2", "c"}));
  EXPECT_FALSE(page.truncated);
  EXPECT_EQ(page.objects[0].size, 3);
}

TEST_F(S3ListingTest, PrefixAndDelimiter) {
  ListPage page = List({.prefix = "", .delimiter = "/", .marker = "", .max_keys = 1000});
  EXPECT_EQ(Keys(page), (std::vector<std::string>{"a-b", "a0", "c"}));
  EXPECT_EQ(page.common_prefixes, (std::vector<std::string>{"a/", "b/"}));
  page = List({.prefix = "a/", .delimiter = "/", .marker = "", .max_keys = 1000});
  EXPECT_EQ(Keys(page), (std::vector<std::string>{"a/x"}));
  EXPECT_EQ(page.common_prefixes, (std::vector<std::string>{"a/y/"}));
  page = List({.prefix = "a/y", .delimiter = "", .marker = "", .max_keys = 1000});
  EXPECT_EQ(Keys(page), (std::vector<std::string>{"a/y/z"}));
  EXPECT_TRUE(
      List({.prefix = "zz/", .delimiter = "", .marker = "", .max_keys = 1000}).objects.empty());
  EXPECT_TRUE(
      List({.prefix = "../", .delimiter = "", .marker = "", .max_keys = 1000}).objects.empty());
}

TEST_F(S3ListingTest, PagesResumeAfterTheMarker) {
  ListRequest request{.prefix = "", .delimiter = "/", .marker = "", .max_keys = 2};
  std::vector<std::string> seen;
  for (int i = 0; i < 10; ++i) {
    ListPage page = List(request);
    for (const auto& o : page.objects) seen.push_back(o.key);
    for (const auto& p : page.common_prefixes) seen.push_back(p);
    if (!page.truncated) break;
    EXPECT_LE(page.objects.size() + page.common_prefixes.size(), 2u);
    request.marker = page.next_marker;
  }
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(seen, (std::vector<std::string>{"a-b", "a/", "a0", "b/", "c"}));
  ListPage none = List({.prefix = "", .delimiter = "", .marker = "", .max_keys = 0});
  EXPECT_TRUE(none.objects.empty());
  EXPECT_FALSE(none.truncated);
  EXPECT_EQ(Keys(List({.prefix = "", .delimiter = "", .marker = "a0", .max_keys = 1000})),
            (std::vector<std::string>{"b/1", "b/2", "c"}));
}

TEST(S3TextTest, Encodings) {
  EXPECT_EQ(XmlEscape("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&apos;");
  EXPECT_EQ(S3UrlEncode("dir/a b+c%é"), "dir/a%20b%2Bc%25%C3%A9");
  EXPECT_EQ(IsoTime(1764075600123), "2025-11-25T13:00:00.123Z");
}

}  // namespace
}  // namespace floe::server
