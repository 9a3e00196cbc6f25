#include "floe/format/parquet/scan.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "floe/base/coding.h"
#include "floe/format/parquet/file_writer.h"
#include "floe/storage/file_io.h"

namespace floe::parquet {
namespace {

template <typename T>
std::string Lit(T v) {
  std::string s(sizeof(T), '\0');
  std::memcpy(s.data(), &v, sizeof(T));
  return s;
}

// A file written into memory and opened for reading.
struct Scanned {
  std::string bytes;
  std::unique_ptr<FileReader> reader;
};

// Writes each batch as its own row group.
Scanned WriteGroups(const Schema& schema, const std::vector<std::vector<ColumnVector>>& groups,
                    WriterOptions options = {}) {
  Scanned out;
  storage::MemoryFileIO io;
  auto file = io.OpenWrite("s.parquet");
  EXPECT_TRUE(file.ok());
  auto w = FileWriter::Open(std::move(file).value(), schema, options);
  EXPECT_TRUE(w.ok()) << w.status().ToString();
  for (const auto& g : groups) {
    Status st = (*w)->WriteBatch(g);
    EXPECT_TRUE(st.ok()) << st.ToString();
    st = (*w)->FlushRowGroup();
    EXPECT_TRUE(st.ok()) << st.ToString();
  }
  auto res = (*w)->Close();
  EXPECT_TRUE(res.ok()) << res.status().ToString();
  out.bytes = io.Get("s.parquet").value();
  auto r = FileReader::Open(storage::NewStringFile("s.parquet", out.bytes));
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  out.reader = std::move(r).value();
  return out;
}

// Which row groups RowGroupMayMatch keeps for `preds`.
std::vector<int> Kept(const FileReader& r, const std::vector<ColumnPredicate>& preds) {
  std::vector<int> kept;
  for (int g = 0; g < r.num_row_groups(); ++g) {
    if (RowGroupMayMatch(r, g, preds)) kept.push_back(g);
  }
  return kept;
}

std::vector<int> Range(int from, int to) {  // [from, to)
  std::vector<int> v;
  for (int i = from; i < to; ++i) v.push_back(i);
  return v;
}

// 10 row groups of 1000 sorted int64s: group g holds [g*1000, g*1000 + 999].
// Column "n" (optional) is all null in groups 0-2, has no nulls in 3-5, and a
// mix in 6-9.
Scanned SortedFile() {
  auto schema = Schema::Make({Node::Leaf("v", 1, Repetition::kRequired, PhysicalType::kInt64),
                              Node::Leaf("n", 2, Repetition::kOptional, PhysicalType::kInt32)});
  EXPECT_TRUE(schema.ok());
  std::vector<std::vector<ColumnVector>> groups;
  for (int g = 0; g < 10; ++g) {
    ColumnVector v(PhysicalType::kInt64), n(PhysicalType::kInt32);
    for (int i = 0; i < 1000; ++i) {
      v.AppendInt64(g * 1000 + i);
      bool null = g < 3 || (g >= 6 && i % 2 == 0);
      if (null) {
        n.AppendNull();
      } else {
        n.AppendInt32(i);
      }
    }
    groups.push_back({v, n});
  }
  return WriteGroups(*schema, groups);
}

ColumnPredicate Pred(int column, CompareOp op, std::string literal = {}) {
  return ColumnPredicate{column, op, std::move(literal)};
}

TEST(RowGroupMayMatchTest, SortedInt64Ranges) {
  Scanned f = SortedFile();
  ASSERT_TRUE(f.reader);
  ASSERT_EQ(f.reader->num_row_groups(), 10);
  const FileReader& r = *f.reader;
  auto L = [](int64_t v) { return Lit<int64_t>(v); };
  EXPECT_EQ(Kept(r, {}), Range(0, 10));
  EXPECT_EQ(Kept(r, {Pred(0, CompareOp::kEq, L(2500))}), std::vector<int>{2});
  EXPECT_EQ(Kept(r, {Pred(0, CompareOp::kEq, L(3000))}), std::vector<int>{3});
  EXPECT_EQ(Kept(r, {Pred(0, CompareOp::kEq, L(2999))}), std::vector<int>{2});
  EXPECT_EQ(Kept(r, {Pred(0, CompareOp::kEq, L(-1))}), std::vector<int>{});
  EXPECT_EQ(Kept(r, {Pred(0, CompareOp::kEq, L(10000))}), std::vector<int>{});
  EXPECT_EQ(Kept(r, {Pred(0, CompareOp::kLt, L(2000))}), Range(0, 2));
  EXPECT_EQ(Kept(r, {Pred(0, CompareOp::kLt, L(2001))}), Range(0, 3));
  EXPECT_EQ(Kept(r, {Pred(0, CompareOp::kLt, L(0))}), std::vector<int>{});
  EXPECT_EQ(Kept(r, {Pred(0, CompareOp::kLe, L(2000))}), Range(0, 3));
  EXPECT_EQ(Kept(r, {Pred(0, CompareOp::kLe, L(1999))}), Range(0, 2));
  EXPECT_EQ(Kept(r, {Pred(0, CompareOp::kLe, L(-5))}), std::vector<int>{});
  EXPECT_EQ(Kept(r, {Pred(0, CompareOp::kGt, L(6999))}), Range(7, 10));
  EXPECT_EQ(Kept(r, {Pred(0, CompareOp::kGt, L(7000))}), Range(7, 10));
  EXPECT_EQ(Kept(r, {Pred(0, CompareOp::kGt, L(9999))}), std::vector<int>{});
  EXPECT_EQ(Kept(r, {Pred(0, CompareOp::kGe, L(6999))}), Range(6, 10));
  EXPECT_EQ(Kept(r, {Pred(0, CompareOp::kGe, L(7000))}), Range(7, 10));
  EXPECT_EQ(Kept(r, {Pred(0, CompareOp::kGe, L(9999))}), std::vector<int>{9});
  EXPECT_EQ(Kept(r, {Pred(0, CompareOp::kGe, L(INT64_MIN))}), Range(0, 10));
  EXPECT_EQ(Kept(r, {Pred(0, CompareOp::kLe, L(INT64_MAX))}), Range(0, 10));
  // Conjunctions.
  EXPECT_EQ(Kept(r, {Pred(0, CompareOp::kGe, L(2500)), Pred(0, CompareOp::kLt, L(5000))}),
            Range(2, 5));
  EXPECT_EQ(Kept(r, {Pred(0, CompareOp::kGt, L(5000)), Pred(0, CompareOp::kLt, L(5000))}),
            std::vector<int>{});
  // Null tests on "n".
  EXPECT_EQ(Kept(r, {Pred(1, CompareOp::kIsNull)}), (std::vector<int>{0, 1, 2, 6, 7, 8, 9}));
  EXPECT_EQ(Kept(r, {Pred(1, CompareOp::kIsNotNull)}), Range(3, 10));
  // The required column never has nulls.
  EXPECT_EQ(Kept(r, {Pred(0, CompareOp::kIsNull)}), std::vector<int>{});
  EXPECT_EQ(Kept(r, {Pred(0, CompareOp::kIsNotNull)}), Range(0, 10));
  // A comparison on an all-null column matches nothing.
  EXPECT_EQ(Kept(r, {Pred(1, CompareOp::kGe, Lit<int32_t>(0))}), Range(3, 10));
  EXPECT_EQ(Kept(r, {Pred(1, CompareOp::kEq, Lit<int32_t>(999))}), Range(3, 10));
  EXPECT_EQ(Kept(r, {Pred(1, CompareOp::kEq, Lit<int32_t>(1000))}), std::vector<int>{});
  // In groups 6-9 only odd i are present: bounds are [1, 999].
  EXPECT_EQ(Kept(r, {Pred(1, CompareOp::kLt, Lit<int32_t>(1))}), Range(3, 6));
  // Out-of-range column indexes are ignored (treated as unknown).
  EXPECT_EQ(Kept(r, {Pred(7, CompareOp::kEq, L(1))}), Range(0, 10));
}

TEST(RowGroupMayMatchTest, NegativeNumbersUseSignedOrder) {
  auto schema = Schema::Make({Node::Leaf("i", 1, Repetition::kRequired, PhysicalType::kInt32)});
  ASSERT_TRUE(schema.ok());
  std::vector<std::vector<ColumnVector>> groups;
  for (int32_t base : {-300, -100, 100}) {
    ColumnVector v(PhysicalType::kInt32);
    for (int i = 0; i < 100; ++i) v.AppendInt32(base + i);
    groups.push_back({v});
  }
  Scanned f = WriteGroups(*schema, groups);
  ASSERT_TRUE(f.reader);
  EXPECT_EQ(Kept(*f.reader, {Pred(0, CompareOp::kLt, Lit<int32_t>(-150))}), std::vector<int>{0});
  EXPECT_EQ(Kept(*f.reader, {Pred(0, CompareOp::kGt, Lit<int32_t>(-50))}),
            (std::vector<int>{1, 2}));
  EXPECT_EQ(Kept(*f.reader, {Pred(0, CompareOp::kGt, Lit<int32_t>(-1))}), std::vector<int>{2});
  EXPECT_EQ(Kept(*f.reader, {Pred(0, CompareOp::kEq, Lit<int32_t>(-1))}), std::vector<int>{1});
}

TEST(RowGroupMayMatchTest, StringsCompareAsUnsignedBytes) {
  LogicalType str{.kind = LogicalType::kString};
  auto schema =
      Schema::Make({Node::Leaf("s", 1, Repetition::kOptional, PhysicalType::kByteArray, str)});
  ASSERT_TRUE(schema.ok());
  std::vector<std::vector<const char*>> values = {
      {"apple", "avocado", "banana"},  // group 0: ["apple", "banana"]
      {"zebra", "zoo"},                // group 1: ["zebra", "zoo"]
      {"éclair", "über"},              // group 2: C3 A9 ... / C3 BC ...: above every ASCII string
      {"日本", "😀"},                   // group 3: E6 .. / F0 ..
  };
  std::vector<std::vector<ColumnVector>> groups;
  for (const auto& g : values) {
    ColumnVector v(PhysicalType::kByteArray);
    for (const char* s : g) v.AppendBytes(s);
    v.AppendNull();
    groups.push_back({v});
  }
  Scanned f = WriteGroups(*schema, groups);
  ASSERT_TRUE(f.reader);
  const FileReader& r = *f.reader;
  EXPECT_EQ(Kept(r, {Pred(0, CompareOp::kGt, "zz")}), (std::vector<int>{2, 3}));
  EXPECT_EQ(Kept(r, {Pred(0, CompareOp::kGt, "zoo")}), (std::vector<int>{2, 3}));
  EXPECT_EQ(Kept(r, {Pred(0, CompareOp::kGe, "zoo")}), (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(Kept(r, {Pred(0, CompareOp::kLt, "b")}), std::vector<int>{0});
  EXPECT_EQ(Kept(r, {Pred(0, CompareOp::kLt, "\xC3")}), (std::vector<int>{0, 1}));
  EXPECT_EQ(Kept(r, {Pred(0, CompareOp::kLe, "éclair")}), (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(Kept(r, {Pred(0, CompareOp::kEq, "über")}), std::vector<int>{2});
  EXPECT_EQ(Kept(r, {Pred(0, CompareOp::kEq, "ü")}), std::vector<int>{2});
  EXPECT_EQ(Kept(r, {Pred(0, CompareOp::kEq, "😀")}), std::vector<int>{3});
  EXPECT_EQ(Kept(r, {Pred(0, CompareOp::kEq, "")}), std::vector<int>{});
  EXPECT_EQ(Kept(r, {Pred(0, CompareOp::kGe, "")}), Range(0, 4));
  // A prefix sorts before the longer string.
  EXPECT_EQ(Kept(r, {Pred(0, CompareOp::kLt, "appl")}), std::vector<int>{});
  EXPECT_EQ(Kept(r, {Pred(0, CompareOp::kLe, "apple")}), std::vector<int>{0});
  EXPECT_EQ(Kept(r, {Pred(0, CompareOp::kIsNull)}), Range(0, 4));
}

TEST(RowGroupMayMatchTest, DoublesWithNaNAreKeptForGreaterThan) {
  auto schema = Schema::Make({Node::Leaf("d", 1, Repetition::kOptional, PhysicalType::kDouble)});
  ASSERT_TRUE(schema.ok());
  const double kNaN = std::numeric_limits<double>::quiet_NaN();
  std::vector<std::vector<double>> values = {
      {1, 2, 3},        // 0: no NaN
      {1, 2, kNaN},     // 1: NaN among numbers
      {kNaN, kNaN},     // 2: only NaN (no bounds)
      {-5, -0.0, 0.0},  // 3: zeros
  };
  for (bool dictionary : {true, false}) {
    std::vector<std::vector<ColumnVector>> groups;
    for (const auto& g : values) {
      ColumnVector v(PhysicalType::kDouble);
      for (double x : g) v.AppendDouble(x);
      groups.push_back({v});
    }
    WriterOptions o;
    o.dictionary = dictionary;
    Scanned f = WriteGroups(*schema, groups, o);
    ASSERT_TRUE(f.reader);
    const FileReader& r = *f.reader;
    auto D = [](double d) { return Lit<double>(d); };
    // NaN may satisfy > and >= (NaN sorts above every number), so groups with NaN stay.
    EXPECT_EQ(Kept(r, {Pred(0, CompareOp::kGt, D(100))}), (std::vector<int>{1, 2}));
    EXPECT_EQ(Kept(r, {Pred(0, CompareOp::kGe, D(100))}), (std::vector<int>{1, 2}));
    EXPECT_EQ(Kept(r, {Pred(0, CompareOp::kGt, D(2.5))}), (std::vector<int>{0, 1, 2}));
    // Without NaN the bounds decide.
    EXPECT_EQ(Kept(r, {Pred(0, CompareOp::kLt, D(1))}), (std::vector<int>{2, 3}));
    EXPECT_EQ(Kept(r, {Pred(0, CompareOp::kLt, D(-10))}), (std::vector<int>{2}));
    EXPECT_EQ(Kept(r, {Pred(0, CompareOp::kEq, D(0.0))}), (std::vector<int>{2, 3}));
    EXPECT_EQ(Kept(r, {Pred(0, CompareOp::kEq, D(-0.0))}), (std::vector<int>{2, 3}));
    EXPECT_EQ(Kept(r, {Pred(0, CompareOp::kGt, D(0.0))}), (std::vector<int>{0, 1, 2}));
    EXPECT_EQ(Kept(r, {Pred(0, CompareOp::kGe, D(0.0))}), (std::vector<int>{0, 1, 2, 3}));
    EXPECT_EQ(Kept(r, {Pred(0, CompareOp::kEq, D(2))}), (std::vector<int>{0, 1, 2}));
  }
}

// ---- Files whose statistics are missing or only deprecated ------------------

// Rewrites the footer of a Parquet file after `edit` changes its metadata.
std::string RewriteFooter(const std::string& bytes,
                          const std::function<void(FileMetaData*)>& edit) {
  uint32_t len = DecodeFixed32(reinterpret_cast<const uint8_t*>(bytes.data()) + bytes.size() - 8);
  size_t start = bytes.size() - 8 - len;
  auto md = DecodeFileMetaData(reinterpret_cast<const uint8_t*>(bytes.data()) + start, len);
  EXPECT_TRUE(md.ok());
  edit(&*md);
  std::string out = bytes.substr(0, start);
  std::string footer;
  EncodeFileMetaData(*md, &footer);
  out += footer;
  PutFixed32(&out, static_cast<uint32_t>(footer.size()));
  out += "PAR1";
  return out;
}

TEST(RowGroupMayMatchTest, MissingStatisticsKeepEveryGroup) {
  Scanned f = SortedFile();
  std::string edited = RewriteFooter(f.bytes, [](FileMetaData* md) {
    for (auto& rg : md->row_groups) {
      for (auto& c : rg.columns) c.meta_data->statistics.reset();
    }
  });
  auto r = FileReader::Open(storage::NewStringFile("e", edited));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Kept(**r, {Pred(0, CompareOp::kEq, Lit<int64_t>(-1))}), Range(0, 10));
  EXPECT_EQ(Kept(**r, {Pred(1, CompareOp::kIsNull)}), Range(0, 10));
  EXPECT_EQ(Kept(**r, {Pred(1, CompareOp::kIsNotNull)}), Range(0, 10));

  // Only null counts: null tests still prune, comparisons cannot.
  std::string counts_only = RewriteFooter(f.bytes, [](FileMetaData* md) {
    for (auto& rg : md->row_groups) {
      for (auto& c : rg.columns) {
        c.meta_data->statistics->min_value.reset();
        c.meta_data->statistics->max_value.reset();
      }
    }
  });
  r = FileReader::Open(storage::NewStringFile("e", counts_only));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Kept(**r, {Pred(0, CompareOp::kEq, Lit<int64_t>(-1))}), Range(0, 10));
  EXPECT_EQ(Kept(**r, {Pred(1, CompareOp::kIsNotNull)}), Range(3, 10));
  EXPECT_EQ(Kept(**r, {Pred(1, CompareOp::kGt, Lit<int32_t>(0))}), Range(3, 10));
}

TEST(RowGroupMayMatchTest, DeprecatedMinMaxOnlyForSignedNumbers) {
  Scanned f = SortedFile();
  // Move the bounds to the deprecated signed-order fields, as old writers did.
  std::string edited = RewriteFooter(f.bytes, [](FileMetaData* md) {
    for (auto& rg : md->row_groups) {
      for (auto& c : rg.columns) {
        auto& s = *c.meta_data->statistics;
        s.min = s.min_value;
        s.max = s.max_value;
        s.min_value.reset();
        s.max_value.reset();
      }
    }
  });
  auto r = FileReader::Open(storage::NewStringFile("e", edited));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Kept(**r, {Pred(0, CompareOp::kEq, Lit<int64_t>(2500))}), std::vector<int>{2});

  // For strings the deprecated fields are not trusted.
  LogicalType str{.kind = LogicalType::kString};
  auto schema =
      Schema::Make({Node::Leaf("s", 1, Repetition::kRequired, PhysicalType::kByteArray, str)});
  ASSERT_TRUE(schema.ok());
  ColumnVector a(PhysicalType::kByteArray), b(PhysicalType::kByteArray);
  a.AppendBytes("a");
  b.AppendBytes("é");
  Scanned s = WriteGroups(*schema, {{a}, {b}});
  std::string old_style = RewriteFooter(s.bytes, [](FileMetaData* md) {
    for (auto& rg : md->row_groups) {
      auto& st = *rg.columns[0].meta_data->statistics;
      st.min = st.min_value;
      st.max = st.max_value;
      st.min_value.reset();
      st.max_value.reset();
    }
  });
  r = FileReader::Open(storage::NewStringFile("e", old_style));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Kept(**r, {Pred(0, CompareOp::kEq, "zzz")}), (std::vector<int>{0, 1}));
}

TEST(RowGroupMayMatchTest, MalformedBoundsOrLiteralsDoNotPrune) {
  Scanned f = SortedFile();
  // Group 0 holds 0..999; give it int64 bounds of the wrong width (as a corrupt
  // or int32-typed writer might): they must not prune a group holding 500.
  std::string narrow = RewriteFooter(f.bytes, [](FileMetaData* md) {
    auto& st = *md->row_groups[0].columns[0].meta_data->statistics;
    st.min_value = Lit<int32_t>(0);
    st.max_value = Lit<int32_t>(999);
  });
  auto r = FileReader::Open(storage::NewStringFile("e", narrow));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Kept(**r, {Pred(0, CompareOp::kEq, Lit<int64_t>(500))}), std::vector<int>{0});
  // A literal of the wrong width proves nothing either.
  EXPECT_EQ(Kept(*f.reader, {Pred(0, CompareOp::kEq, Lit<int32_t>(2500))}), Range(0, 10));
  EXPECT_EQ(Kept(*f.reader, {Pred(0, CompareOp::kLt, std::string())}), Range(0, 10));

  // NaN bounds, as some older writers produced, cannot prune.
  auto schema = Schema::Make({Node::Leaf("d", 1, Repetition::kRequired, PhysicalType::kDouble)});
  ASSERT_TRUE(schema.ok());
  ColumnVector v(PhysicalType::kDouble);
  for (double x : {1.0, 2.0, 3.0}) v.AppendDouble(x);
  Scanned d = WriteGroups(*schema, {{v}});
  std::string nan_bounds = RewriteFooter(d.bytes, [](FileMetaData* md) {
    auto& st = *md->row_groups[0].columns[0].meta_data->statistics;
    st.min_value = Lit<double>(std::numeric_limits<double>::quiet_NaN());
    st.nan_count.reset();
  });
  r = FileReader::Open(storage::NewStringFile("e", nan_bounds));
  ASSERT_TRUE(r.ok());
  for (CompareOp op :
       {CompareOp::kEq, CompareOp::kLt, CompareOp::kLe, CompareOp::kGt, CompareOp::kGe}) {
    EXPECT_EQ(Kept(**r, {Pred(0, op, Lit<double>(1.5))}), std::vector<int>{0})
        << static_cast<int>(op);
  }
}

// ---- ParquetScanner ---------------------------------------------------------

TEST(ParquetScannerTest, ProjectionAndBatchRows) {
  LogicalType str{.kind = LogicalType::kString};
  auto schema =
      Schema::Make({Node::Leaf("id", 1, Repetition::kRequired, PhysicalType::kInt64),
                    Node::Leaf("name", 2, Repetition::kOptional, PhysicalType::kByteArray, str),
                    Node::Leaf("score", 3, Repetition::kOptional, PhysicalType::kDouble)});
  ASSERT_TRUE(schema.ok());
  std::vector<std::vector<ColumnVector>> groups;
  int64_t next = 0;
  for (int rows : {1000, 1, 2500}) {
    ColumnVector id(PhysicalType::kInt64), name(PhysicalType::kByteArray),
        score(PhysicalType::kDouble);
    for (int i = 0; i < rows; ++i, ++next) {
      id.AppendInt64(next);
      if (next % 5 == 0) {
        name.AppendNull();
      } else {
        name.AppendBytes("n" + std::to_string(next));
      }
      score.AppendDouble(static_cast<double>(next) / 2);
    }
    groups.push_back({id, name, score});
  }
  WriterOptions o;
  o.page_bytes = 900;
  Scanned f = WriteGroups(*schema, groups, o);
  ASSERT_TRUE(f.reader);

  for (int64_t batch_rows : {1, 7, 333, 1000, 100000}) {
    ScanOptions so;
    so.columns = {1, 0};
    so.batch_rows = batch_rows;
    auto scanner = ParquetScanner::Make(f.reader.get(), so);
    ASSERT_TRUE(scanner.ok()) << scanner.status().ToString();
    EXPECT_EQ((*scanner)->columns(), (std::vector<int>{1, 0}));
    int64_t expect_id = 0;
    std::vector<ColumnVector> batch;
    while (true) {
      auto more = (*scanner)->Next(&batch);
      ASSERT_TRUE(more.ok()) << more.status().ToString();
      if (!*more) break;
      ASSERT_EQ(batch.size(), 2u);
      ASSERT_EQ(batch[0].type, PhysicalType::kByteArray);
      ASSERT_EQ(batch[1].type, PhysicalType::kInt64);
      ASSERT_EQ(batch[0].length, batch[1].length);
      ASSERT_GT(batch[0].length, 0);
      ASSERT_LE(batch[0].length, batch_rows);
      for (int64_t i = 0; i < batch[1].length; ++i, ++expect_id) {
        ASSERT_EQ(batch[1].i64[i], expect_id);
        ASSERT_EQ(batch[0].IsNull(i), expect_id % 5 == 0) << expect_id;
        if (!batch[0].IsNull(i)) {
          ASSERT_EQ(batch[0].Bytes(i), "n" + std::to_string(expect_id));
        }
      }
    }
    EXPECT_EQ(expect_id, 3501) << "batch_rows " << batch_rows;
    EXPECT_EQ((*scanner)->row_groups_read(), 3);
    EXPECT_EQ((*scanner)->row_groups_skipped(), 0);
    // Exhausted scanners stay exhausted.
    auto again = (*scanner)->Next(&batch);
    ASSERT_TRUE(again.ok());
    EXPECT_FALSE(*again);
  }
}

TEST(ParquetScannerTest, AllColumnsByDefaultAndPredicatesSkipGroups) {
  Scanned f = SortedFile();
  ASSERT_TRUE(f.reader);
  ScanOptions so;
  so.predicates = {Pred(0, CompareOp::kGe, Lit<int64_t>(7500)), Pred(1, CompareOp::kIsNotNull)};
  so.batch_rows = 256;
  auto scanner = ParquetScanner::Make(f.reader.get(), so);
  ASSERT_TRUE(scanner.ok());
  EXPECT_EQ((*scanner)->columns(), (std::vector<int>{0, 1}));
  std::vector<ColumnVector> batch;
  int64_t rows = 0;
  int64_t first = -1;
  while (true) {
    auto more = (*scanner)->Next(&batch);
    ASSERT_TRUE(more.ok()) << more.status().ToString();
    if (!*more) break;
    ASSERT_EQ(batch.size(), 2u);
    if (first < 0) first = batch[0].i64[0];
    for (int64_t i = 0; i < batch[0].length; ++i) EXPECT_EQ(batch[0].i64[i], 7000 + rows + i);
    rows += batch[0].length;
  }
  // Groups 7, 8 and 9 are read whole (callers filter rows); the rest skipped.
  EXPECT_EQ(first, 7000);
  EXPECT_EQ(rows, 3000);
  EXPECT_EQ((*scanner)->row_groups_read(), 3);
  EXPECT_EQ((*scanner)->row_groups_skipped(), 7);
}

TEST(ParquetScannerTest, EverythingSkippedOrEmpty) {
  Scanned f = SortedFile();
  ScanOptions so;
  so.predicates = {Pred(0, CompareOp::kLt, Lit<int64_t>(-1))};
  auto scanner = ParquetScanner::Make(f.reader.get(), so);
  ASSERT_TRUE(scanner.ok());
  std::vector<ColumnVector> batch;
  auto more = (*scanner)->Next(&batch);
  ASSERT_TRUE(more.ok());
  EXPECT_FALSE(*more);
  EXPECT_EQ((*scanner)->row_groups_skipped(), 10);

  // A file with no row groups.
  auto schema = Schema::Make({Node::Leaf("v", 1, Repetition::kRequired, PhysicalType::kInt64)});
  ASSERT_TRUE(schema.ok());
  Scanned empty = WriteGroups(*schema, {});
  ASSERT_TRUE(empty.reader);
  auto s2 = ParquetScanner::Make(empty.reader.get(), {});
  ASSERT_TRUE(s2.ok());
  more = (*s2)->Next(&batch);
  ASSERT_TRUE(more.ok());
  EXPECT_FALSE(*more);
}

TEST(ParquetScannerTest, InvalidOptions) {
  Scanned f = SortedFile();
  ScanOptions so;
  so.columns = {2};
  EXPECT_EQ(ParquetScanner::Make(f.reader.get(), so).status().code(), StatusCode::kInvalidArgument);
  so.columns = {-1};
  EXPECT_EQ(ParquetScanner::Make(f.reader.get(), so).status().code(), StatusCode::kInvalidArgument);
  so.columns = {0};
  so.batch_rows = 0;
  EXPECT_EQ(ParquetScanner::Make(f.reader.get(), so).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace floe::parquet
