// Scans of string columns in dictionary form: a column chunk whose dictionary
// overflows part way (later pages PLAIN) must read the same as a plain read,
// including NULLs, filters, grouping and LIMIT across the switch.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <map>
#include <set>

#include "floe/format/parquet/file_reader.h"
#include "floe/format/parquet/file_writer.h"
#include "floe/query/engine.h"
#include "floe/storage/file_io.h"

namespace floe::query {
namespace {

class DictionaryScanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/floe-dict-scan-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    path_ = dir_ + "/strings.parquet";
    // s: short repeating values, then distinct long ones that overflow a small
    // dictionary, so later pages fall back to PLAIN; every 97th row NULL.
    for (int64_t i = 0; i < kRows; ++i) {
      if (i % 97 == 0) {
        values_.push_back(std::nullopt);
      } else if (i < kSwitch) {
        values_.push_back("v" + std::to_string(i % 100));
      } else {
        values_.push_back("long-distinct-value-" + std::to_string(i));
      }
    }
    auto schema = parquet::Schema::Make(
        {parquet::Node::Leaf("s", 1, parquet::Repetition::kOptional,
                             parquet::PhysicalType::kByteArray,
                             parquet::LogicalType{parquet::LogicalType::kString}),
         parquet::Node::Leaf("id", 2, parquet::Repetition::kRequired,
                             parquet::PhysicalType::kInt64)});
    ASSERT_TRUE(schema.ok()) << schema.status().ToString();
    parquet::WriterOptions options;
    options.dictionary_page_bytes = 4096;
    options.page_bytes = 8192;
    auto file = storage::LocalFileIO::Default()->OpenWrite(path_);
    ASSERT_TRUE(file.ok());
    auto writer = parquet::FileWriter::Open(std::move(*file), *schema, options);
    ASSERT_TRUE(writer.ok()) << writer.status().ToString();
    std::vector<parquet::ColumnVector> batch(2);
    batch[0] = parquet::ColumnVector(parquet::PhysicalType::kByteArray);
    batch[1] = parquet::ColumnVector(parquet::PhysicalType::kInt64);
    for (int64_t i = 0; i < kRows; ++i) {
      if (values_[i]) {
        batch[0].AppendBytes(*values_[i]);
      } else {
        batch[0].AppendNull();
      }
      batch[1].AppendInt64(i);
    }
    ASSERT_TRUE((*writer)->WriteBatch(batch).ok());
    ASSERT_TRUE((*writer)->Close().ok());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::vector<std::string> Rows(const std::string& sql) {
    QueryOptions options;
    options.data_dir = dir_;
    auto result = ExecuteQuery(sql, options);
    EXPECT_TRUE(result.ok()) << sql << ": " << result.status().ToString();
    std::vector<std::string> rows;
    if (!result.ok()) return rows;
    for (const auto& c : result->chunks) {
      for (int64_t r = 0; r < c.rows; ++r) {
        std::string line;
        for (size_t k = 0; k < c.columns.size(); ++k)
          line += (k ? "|" : "") + FormatValue(c.columns[k].Get(r));
        rows.push_back(line);
      }
    }
    return rows;
  }
  std::string From() const { return " FROM read_parquet('" + path_ + "')"; }

  // Past the first 64K-row batch of the first row group (122,880 rows), so the
  // scan meets the PLAIN pages after it has handed on dictionary codes.
  static constexpr int64_t kSwitch = 100000;
  static constexpr int64_t kRows = 150000;
  std::string dir_, path_;
  std::vector<std::optional<std::string>> values_;
};

TEST_F(DictionaryScanTest, TheChunkReallySwitchesToPlainPages) {
  auto file = storage::LocalFileIO::Default()->OpenRead(path_);
  ASSERT_TRUE(file.ok());
  auto reader =
      parquet::FileReader::Open(std::shared_ptr<storage::RandomAccessFile>(std::move(*file)));
  ASSERT_TRUE(reader.ok());
  ASSERT_EQ((*reader)->num_row_groups(), 2);
  parquet::ColumnVector codes, dictionary;
  auto coded = (*reader)->ReadColumnCodes(0, 0, &codes, &dictionary);
  ASSERT_TRUE(coded.ok()) << coded.status().ToString();
  EXPECT_FALSE(*coded);  // a page is PLAIN: the whole-chunk read declines
}

TEST_F(DictionaryScanTest, AggregatesMatchTheValuesWritten) {
  int64_t count = 0;
  std::set<std::string> distinct;
  std::map<std::string, int64_t> short_counts;
  for (const auto& v : values_) {
    if (!v) continue;
    ++count;
    distinct.insert(*v);
    if (v->size() <= 3) ++short_counts[*v];
  }
  EXPECT_EQ(Rows("SELECT count(*), count(s), count(DISTINCT s), min(s), max(s)" + From()),
            std::vector<std::string>{std::to_string(kRows) + "|" + std::to_string(count) + "|" +
                                     std::to_string(distinct.size()) + "|" + *distinct.begin() +
                                     "|" + *distinct.rbegin()});
  std::vector<std::string> grouped;
  for (const auto& [k, n] : short_counts) {
    if (k.rfind("v1", 0) == 0) grouped.push_back(k + "|" + std::to_string(n));
  }
  EXPECT_EQ(Rows("SELECT s, count(*)" + From() + " WHERE s LIKE 'v1%' GROUP BY s ORDER BY s"),
            grouped);
  EXPECT_EQ(Rows("SELECT count(*)" + From() + " WHERE s IS NULL"),
            std::vector<std::string>{std::to_string((kRows + 96) / 97)});
  // Groups of strings and a number, across the dictionary and the PLAIN pages.
  EXPECT_EQ(Rows("SELECT count(*) FROM (SELECT s, id % 2 AS p, count(*) AS n" + From() +
                 " GROUP BY s, p) t"),
            std::vector<std::string>{std::to_string([&] {
              std::set<std::pair<std::string, int>> g;
              for (int64_t i = 0; i < kRows; ++i)
                g.insert({values_[i] ? *values_[i] : std::string("\x01null"), i % 2});
              return g.size();
            }())});
}

TEST_F(DictionaryScanTest, RowsReadTheSameOnBothSidesOfTheSwitch) {
  for (int64_t id :
       {int64_t{1}, int64_t{65535}, int64_t{65536}, kSwitch - 1, kSwitch + 1, kRows - 1}) {
    EXPECT_EQ(Rows("SELECT s" + From() + " WHERE id = " + std::to_string(id)),
              std::vector<std::string>{*values_[id]})
        << id;
  }
  auto page =
      Rows("SELECT s, id" + From() + " ORDER BY id LIMIT 5 OFFSET " + std::to_string(kSwitch - 2));
  ASSERT_EQ(page.size(), 5u);
  EXPECT_EQ(page[0], *values_[kSwitch - 2] + "|" + std::to_string(kSwitch - 2));
  EXPECT_EQ(page[4], *values_[kSwitch + 2] + "|" + std::to_string(kSwitch + 2));
}

}  // namespace
}  // namespace floe::query
