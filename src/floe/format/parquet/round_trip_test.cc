// Writes Parquet files with FileWriter into MemoryFileIO, reads them back with
// FileReader, and checks the values, the footer (statistics, offsets, sizes,
// encodings) and the WriteResult metrics against values computed here.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "floe/base/coding.h"
#include "floe/format/parquet/file_reader.h"
#include "floe/format/parquet/file_writer.h"
#include "floe/format/parquet/metadata.h"
#include "floe/format/parquet/rle.h"
#include "floe/format/parquet/schema.h"
#include "floe/storage/file_io.h"

namespace floe::parquet {
namespace {

#define ASSERT_OK(expr)                                       \
  do {                                                        \
    ::floe::Status _st = (expr);                              \
    ASSERT_TRUE(_st.ok()) << #expr << ": " << _st.ToString(); \
  } while (0)

#define ASSERT_OK_AND_ASSIGN(lhs, expr)                                     \
  auto FLOE_CONCAT(_res_, __LINE__) = (expr);                               \
  ASSERT_TRUE(FLOE_CONCAT(_res_, __LINE__).ok())                            \
      << #expr << ": " << FLOE_CONCAT(_res_, __LINE__).status().ToString(); \
  lhs = std::move(FLOE_CONCAT(_res_, __LINE__)).value()

const Codec kCodecs[] = {Codec::kUncompressed, Codec::kSnappy, Codec::kGzip, Codec::kZstd,
                         Codec::kLz4Raw};

// ---- Schema and data --------------------------------------------------------

struct TypeSpec {
  std::string name;
  PhysicalType physical;
  LogicalType logical;
  int32_t type_length = 0;
};

std::vector<TypeSpec> AllTypes() {
  return {
      {"boolean", PhysicalType::kBoolean, {}},
      {"int", PhysicalType::kInt32, {}},
      {"long", PhysicalType::kInt64, {}},
      {"float", PhysicalType::kFloat, {}},
      {"double", PhysicalType::kDouble, {}},
      {"string", PhysicalType::kByteArray, LogicalType{.kind = LogicalType::kString}},
      {"binary", PhysicalType::kByteArray, {}},
      {"date", PhysicalType::kInt32, LogicalType{.kind = LogicalType::kDate}},
      {"timestamp", PhysicalType::kInt64,
       LogicalType{
           .kind = LogicalType::kTimestamp, .adjusted_to_utc = false, .unit = TimeUnit::kMicros}},
      {"timestamptz", PhysicalType::kInt64,
       LogicalType{
           .kind = LogicalType::kTimestamp, .adjusted_to_utc = true, .unit = TimeUnit::kMicros}},
      {"dec9", PhysicalType::kInt32,
       LogicalType{.kind = LogicalType::kDecimal, .scale = 2, .precision = 9}},
      {"dec18", PhysicalType::kInt64,
       LogicalType{.kind = LogicalType::kDecimal, .scale = 4, .precision = 18}},
      {"dec38", PhysicalType::kFixedLenByteArray,
       LogicalType{.kind = LogicalType::kDecimal, .scale = 10, .precision = 38}, 16},
      {"uuid", PhysicalType::kFixedLenByteArray, LogicalType{.kind = LogicalType::kUuid}, 16},
  };
}

// Every type twice: required (field ids 1..) and optional (field ids 101..).
Schema AllTypesSchema() {
  std::vector<Node> nodes;
  int id = 1;
  for (const auto& t : AllTypes()) {
    nodes.push_back(Node::Leaf("req_" + t.name, id++, Repetition::kRequired, t.physical, t.logical,
                               t.type_length));
  }
  id = 101;
  for (const auto& t : AllTypes()) {
    nodes.push_back(Node::Leaf("opt_" + t.name, id++, Repetition::kOptional, t.physical, t.logical,
                               t.type_length));
  }
  auto s = Schema::Make(std::move(nodes));
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return std::move(s).value();
}

Schema OneColumn(PhysicalType t, Repetition rep = Repetition::kOptional, LogicalType lt = {},
                 int32_t len = 0) {
  auto s = Schema::Make({Node::Leaf("c", 1, rep, t, lt, len)});
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return std::move(s).value();
}

uint64_t SplitMix(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

void AppendValue(const ColumnDescriptor& d, uint64_t x, ColumnVector* v) {
  static const char* kWords[] = {"",      "a",     "héllo", "日本語",    "😀 emoji",
                                 "zebra", "Ωmega", "\x7F",  "naïve café"};
  switch (d.physical) {
    case PhysicalType::kBoolean:
      v->AppendBool(x & 1);
      break;
    case PhysicalType::kInt32:
      v->AppendInt32(static_cast<int32_t>(x));
      break;
    case PhysicalType::kInt64:
      v->AppendInt64(static_cast<int64_t>(x));
      break;
    case PhysicalType::kFloat:
      // Mostly ordinary values; now and then a NaN or a signed zero.
      if (x % 97 == 0) {
        v->AppendFloat(std::numeric_limits<float>::quiet_NaN());
      } else if (x % 89 == 0) {
        v->AppendFloat((x & 2) ? -0.0f : 0.0f);
      } else {
        v->AppendFloat(static_cast<float>(static_cast<int64_t>(x % 2000001) - 1000000) / 7.0f);
      }
      break;
    case PhysicalType::kDouble:
      if (x % 97 == 0) {
        v->AppendDouble(std::numeric_limits<double>::quiet_NaN());
      } else if (x % 89 == 0) {
        v->AppendDouble((x & 2) ? -0.0 : 0.0);
      } else {
        v->AppendDouble(static_cast<double>(static_cast<int64_t>(x)) / 3.0);
      }
      break;
    case PhysicalType::kByteArray:
      if (d.logical.kind == LogicalType::kString) {
        v->AppendBytes(std::string(kWords[x % 9]) + std::to_string(x % 100000));
      } else {
        std::string s(x % 23, '\0');
        uint64_t y = x;
        for (auto& c : s) {
          y = SplitMix(y);
          c = static_cast<char>(y);
        }
        v->AppendBytes(s);
      }
      break;
    case PhysicalType::kFixedLenByteArray: {
      std::string s(static_cast<size_t>(d.type_length), '\0');
      uint64_t y = x;
      for (auto& c : s) {
        y = SplitMix(y);
        c = static_cast<char>(y);
      }
      v->AppendBytes(s);
      break;
    }
    default:
      break;
  }
}

// `cardinality` > 0 draws values from that many distinct ones.
ColumnVector MakeColumn(const ColumnDescriptor& d, int64_t n, std::mt19937_64& rng,
                        double null_rate, int cardinality = 0) {
  ColumnVector v(d.physical);
  std::uniform_real_distribution<double> u(0, 1);
  for (int64_t i = 0; i < n; ++i) {
    if (d.repetition == Repetition::kOptional && u(rng) < null_rate) {
      v.AppendNull();
      continue;
    }
    uint64_t x =
        cardinality > 0 ? SplitMix(rng() % static_cast<uint64_t>(cardinality) + 12345) : rng();
    AppendValue(d, x, &v);
  }
  return v;
}

std::vector<ColumnVector> MakeBatch(const Schema& s, int64_t n, std::mt19937_64& rng,
                                    double null_rate, int cardinality = 0) {
  std::vector<ColumnVector> batch;
  for (const auto& d : s.columns()) batch.push_back(MakeColumn(d, n, rng, null_rate, cardinality));
  return batch;
}

// Concatenates batches column-wise.
std::vector<ColumnVector> Concat(const Schema& s,
                                 const std::vector<std::vector<ColumnVector>>& batches) {
  std::vector<ColumnVector> out;
  for (const auto& d : s.columns()) out.emplace_back(d.physical);
  for (const auto& b : batches) {
    for (size_t c = 0; c < b.size(); ++c) AppendRows(b[c], 0, b[c].length, &out[c]);
  }
  return out;
}

// ---- Writing and reading ----------------------------------------------------

struct TestFile {
  storage::MemoryFileIO io;
  std::string bytes;
  WriteResult result;
  std::unique_ptr<FileReader> reader;
};

// Writes `batches` (flushing a row group after each when `flush_each`) and
// opens the file for reading through the FileIO.
Result<std::unique_ptr<TestFile>> WriteAndOpen(
    const Schema& schema, const std::vector<std::vector<ColumnVector>>& batches,
    WriterOptions options = {}, bool flush_each = false) {
  auto f = std::make_unique<TestFile>();
  FLOE_ASSIGN_OR_RETURN(auto out, f->io.OpenWrite("dir/t.parquet"));
  FLOE_ASSIGN_OR_RETURN(auto writer, FileWriter::Open(std::move(out), schema, options));
  for (const auto& b : batches) {
    FLOE_RETURN_IF_ERROR(writer->WriteBatch(b));
    if (flush_each) FLOE_RETURN_IF_ERROR(writer->FlushRowGroup());
  }
  FLOE_ASSIGN_OR_RETURN(f->result, writer->Close());
  FLOE_ASSIGN_OR_RETURN(f->bytes, f->io.Get("dir/t.parquet"));
  FLOE_ASSIGN_OR_RETURN(auto in, f->io.OpenRead("dir/t.parquet"));
  FLOE_ASSIGN_OR_RETURN(
      f->reader, FileReader::Open(std::shared_ptr<storage::RandomAccessFile>(std::move(in))));
  return f;
}

Result<std::vector<ColumnVector>> ReadAll(const FileReader& r) {
  std::vector<ColumnVector> out;
  for (const auto& d : r.schema().columns()) out.emplace_back(d.physical);
  for (int g = 0; g < r.num_row_groups(); ++g) {
    for (size_t c = 0; c < out.size(); ++c) {
      ColumnVector v;
      FLOE_RETURN_IF_ERROR(r.ReadColumn(g, static_cast<int>(c), &v));
      AppendRows(v, 0, v.length, &out[c]);
    }
  }
  return out;
}

template <typename T>
bool SameBits(T a, T b) {
  return std::memcmp(&a, &b, sizeof(T)) == 0;
}

void ExpectSameColumn(const ColumnVector& want, const ColumnVector& got, const std::string& label) {
  ASSERT_EQ(want.type, got.type) << label;
  ASSERT_EQ(want.length, got.length) << label;
  for (int64_t i = 0; i < want.length; ++i) {
    ASSERT_EQ(want.IsNull(i), got.IsNull(i)) << label << " row " << i;
    if (want.IsNull(i)) continue;
    switch (want.type) {
      case PhysicalType::kBoolean:
        ASSERT_EQ(want.bools[i], got.bools[i]) << label << " row " << i;
        break;
      case PhysicalType::kInt32:
        ASSERT_EQ(want.i32[i], got.i32[i]) << label << " row " << i;
        break;
      case PhysicalType::kInt64:
        ASSERT_EQ(want.i64[i], got.i64[i]) << label << " row " << i;
        break;
      case PhysicalType::kFloat:
        ASSERT_TRUE(SameBits(want.f32[i], got.f32[i]))
            << label << " row " << i << ": " << want.f32[i] << " vs " << got.f32[i];
        break;
      case PhysicalType::kDouble:
        ASSERT_TRUE(SameBits(want.f64[i], got.f64[i]))
            << label << " row " << i << ": " << want.f64[i] << " vs " << got.f64[i];
        break;
      default:
        ASSERT_EQ(want.Bytes(i), got.Bytes(i)) << label << " row " << i;
        break;
    }
  }
}

void ExpectSameData(const Schema& s, const std::vector<ColumnVector>& want,
                    const std::vector<ColumnVector>& got, const std::string& label) {
  ASSERT_EQ(want.size(), got.size());
  for (size_t c = 0; c < want.size(); ++c) {
    ExpectSameColumn(want[c], got[c], label + " column " + s.columns()[c].name);
  }
}

// ---- Statistics computed independently --------------------------------------

template <typename T>
std::string Enc(T v) {
  std::string s(sizeof(T), '\0');
  std::memcpy(s.data(), &v, sizeof(T));
  return s;
}

int CompareUnsigned(std::string_view a, std::string_view b) {
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
    uint8_t x = static_cast<uint8_t>(a[i]), y = static_cast<uint8_t>(b[i]);
    if (x != y) return x < y ? -1 : 1;
  }
  return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
}

// Two's complement big-endian values of equal length.
int CompareSignedBE(std::string_view a, std::string_view b) {
  if (a.empty() || b.empty()) return CompareUnsigned(a, b);
  int8_t x = static_cast<int8_t>(a[0]), y = static_cast<int8_t>(b[0]);
  if (x != y) return x < y ? -1 : 1;
  return CompareUnsigned(a.substr(1), b.substr(1));
}

struct Bounds {
  std::optional<std::string> min, max;
  int64_t nulls = 0;
  int64_t nans = 0;
};

Bounds ComputeBounds(const ColumnDescriptor& d, const ColumnVector& v, int64_t from,
                     int64_t count) {
  Bounds b;
  bool any = false;
  int64_t imin = 0, imax = 0;
  double fmin = 0, fmax = 0;
  std::string smin, smax;
  bool decimal = d.logical.kind == LogicalType::kDecimal;
  for (int64_t i = from; i < from + count; ++i) {
    if (v.IsNull(i)) {
      ++b.nulls;
      continue;
    }
    switch (d.physical) {
      case PhysicalType::kBoolean:
      case PhysicalType::kInt32:
      case PhysicalType::kInt64: {
        int64_t x = d.physical == PhysicalType::kBoolean ? v.bools[i]
                    : d.physical == PhysicalType::kInt32 ? v.i32[i]
                                                         : v.i64[i];
        imin = any ? std::min(imin, x) : x;
        imax = any ? std::max(imax, x) : x;
        any = true;
        break;
      }
      case PhysicalType::kFloat:
      case PhysicalType::kDouble: {
        double x = d.physical == PhysicalType::kFloat ? v.f32[i] : v.f64[i];
        if (std::isnan(x)) {
          ++b.nans;
          break;
        }
        fmin = any ? std::min(fmin, x) : x;
        fmax = any ? std::max(fmax, x) : x;
        any = true;
        break;
      }
      default: {
        std::string s(v.Bytes(i));
        auto cmp = decimal ? CompareSignedBE : CompareUnsigned;
        if (!any || cmp(s, smin) < 0) smin = s;
        if (!any || cmp(s, smax) > 0) smax = s;
        any = true;
        break;
      }
    }
  }
  if (!any) return b;
  switch (d.physical) {
    case PhysicalType::kBoolean:
      b.min = Enc<uint8_t>(static_cast<uint8_t>(imin));
      b.max = Enc<uint8_t>(static_cast<uint8_t>(imax));
      break;
    case PhysicalType::kInt32:
      b.min = Enc<int32_t>(static_cast<int32_t>(imin));
      b.max = Enc<int32_t>(static_cast<int32_t>(imax));
      break;
    case PhysicalType::kInt64:
      b.min = Enc<int64_t>(imin);
      b.max = Enc<int64_t>(imax);
      break;
    case PhysicalType::kFloat:
      // A zero bound is written as -0.0 (min) and +0.0 (max).
      b.min = Enc<float>(fmin == 0 ? -0.0f : static_cast<float>(fmin));
      b.max = Enc<float>(fmax == 0 ? 0.0f : static_cast<float>(fmax));
      break;
    case PhysicalType::kDouble:
      b.min = Enc<double>(fmin == 0 ? -0.0 : fmin);
      b.max = Enc<double>(fmax == 0 ? 0.0 : fmax);
      break;
    default:
      b.min = smin;
      b.max = smax;
      break;
  }
  return b;
}

std::string Hex(const std::optional<std::string>& s) {
  if (!s) return "(none)";
  static const char* kDigits = "0123456789ABCDEF";
  std::string out;
  for (size_t i = 0; i < s->size() && i < 40; ++i) {
    unsigned char c = static_cast<unsigned char>((*s)[i]);
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  if (s->size() > 40) out += "...(" + std::to_string(s->size()) + " bytes)";
  return out;
}

// ---- Footer and layout checks -----------------------------------------------

struct PageInfo {
  int64_t offset;
  PageHeader header;
  size_t header_size;
};

// Walks the pages of one chunk straight from the file bytes.
std::vector<PageInfo> WalkChunk(const std::string& bytes, int64_t start, int64_t size) {
  std::vector<PageInfo> pages;
  int64_t pos = start;
  while (pos < start + size) {
    size_t hs = 0;
    auto h = DecodePageHeader(reinterpret_cast<const uint8_t*>(bytes.data()) + pos,
                              static_cast<size_t>(start + size - pos), &hs);
    EXPECT_TRUE(h.ok()) << h.status().ToString();
    if (!h.ok()) break;
    pages.push_back({pos, *h, hs});
    pos += static_cast<int64_t>(hs) + h->compressed_page_size;
  }
  EXPECT_EQ(pos, start + size) << "pages overrun the chunk";
  return pages;
}

bool Contains(const std::vector<Encoding>& v, Encoding e) {
  return std::find(v.begin(), v.end(), e) != v.end();
}

// Checks everything the footer says against the file bytes and `data` (all
// rows written, in order).
void CheckFile(const TestFile& f, const Schema& schema, const std::vector<ColumnVector>& data) {
  const std::string& bytes = f.bytes;
  ASSERT_GE(bytes.size(), 12u);
  EXPECT_EQ(bytes.substr(0, 4), "PAR1");
  EXPECT_EQ(bytes.substr(bytes.size() - 4), "PAR1");
  int64_t footer_len =
      DecodeFixed32(reinterpret_cast<const uint8_t*>(bytes.data()) + bytes.size() - 8);
  int64_t footer_start = static_cast<int64_t>(bytes.size()) - 8 - footer_len;
  EXPECT_EQ(f.result.file_size, static_cast<int64_t>(bytes.size()));
  EXPECT_EQ(f.reader->file_size(), static_cast<int64_t>(bytes.size()));

  const FileMetaData& md = f.reader->metadata();
  const auto& cols = schema.columns();
  EXPECT_EQ(md.version, 1);
  ASSERT_TRUE(md.created_by.has_value());
  EXPECT_FALSE(md.created_by->empty());
  ASSERT_EQ(md.column_orders.size(), cols.size());
  for (int32_t o : md.column_orders) EXPECT_EQ(o, 1);  // TYPE_ORDER
  ASSERT_EQ(md.schema.size(), cols.size() + 1);
  EXPECT_FALSE(md.schema[0].field_id.has_value());
  EXPECT_EQ(md.schema[0].num_children, static_cast<int32_t>(cols.size()));
  for (size_t c = 0; c < cols.size(); ++c) {
    const SchemaElement& e = md.schema[c + 1];
    EXPECT_TRUE(e.field_id.has_value()) << e.name;
    EXPECT_EQ(e.field_id, cols[c].field_id) << e.name;
    EXPECT_EQ(e.name, cols[c].name);
    EXPECT_EQ(e.type, cols[c].physical);
    EXPECT_EQ(e.repetition, cols[c].repetition);
  }

  // Schema as the reader resolves it.
  const auto& rcols = f.reader->schema().columns();
  ASSERT_EQ(rcols.size(), cols.size());
  for (size_t c = 0; c < cols.size(); ++c) {
    EXPECT_EQ(rcols[c].name, cols[c].name);
    EXPECT_EQ(rcols[c].field_id, cols[c].field_id);
    EXPECT_EQ(rcols[c].repetition, cols[c].repetition);
    EXPECT_EQ(rcols[c].physical, cols[c].physical);
    EXPECT_EQ(rcols[c].type_length, cols[c].type_length);
    EXPECT_TRUE(rcols[c].logical == cols[c].logical) << cols[c].name;
    EXPECT_EQ(rcols[c].max_def, cols[c].max_def);
  }

  int64_t total_rows = data.empty() ? 0 : data[0].length;
  EXPECT_EQ(md.num_rows, total_rows);
  EXPECT_EQ(f.result.num_rows, total_rows);
  EXPECT_EQ(f.result.num_row_groups, static_cast<int>(md.row_groups.size()));
  ASSERT_EQ(f.result.row_group_offsets.size(), md.row_groups.size());
  for (size_t g = 0; g < md.row_groups.size(); ++g) {
    const auto& first = md.row_groups[g].columns[0].meta_data;
    EXPECT_EQ(f.result.row_group_offsets[g], first->dictionary_page_offset.value_or(first->data_page_offset));
  }
  ASSERT_EQ(f.result.columns.size(), cols.size());

  int64_t pos = 4;
  int64_t row = 0;
  std::vector<int64_t> compressed(cols.size()), uncompressed(cols.size());
  for (size_t g = 0; g < md.row_groups.size(); ++g) {
    const RowGroup& rg = md.row_groups[g];
    EXPECT_GT(rg.num_rows, 0);
    EXPECT_EQ(rg.ordinal, static_cast<int32_t>(g));
    EXPECT_EQ(rg.file_offset, pos);
    int64_t rg_compressed = 0, rg_uncompressed = 0;
    ASSERT_EQ(rg.columns.size(), cols.size());
    for (size_t c = 0; c < cols.size(); ++c) {
      std::string label = "row group " + std::to_string(g) + " column " + cols[c].name;
      ASSERT_TRUE(rg.columns[c].meta_data.has_value()) << label;
      const ColumnMetaData& m = *rg.columns[c].meta_data;
      EXPECT_EQ(rg.columns[c].file_offset, 0) << label;
      EXPECT_EQ(m.type, cols[c].physical) << label;
      EXPECT_EQ(m.path_in_schema, cols[c].path) << label;
      EXPECT_EQ(m.num_values, rg.num_rows) << label;
      int64_t start = m.data_page_offset;
      if (m.dictionary_page_offset) {
        EXPECT_LT(*m.dictionary_page_offset, m.data_page_offset) << label;
        start = *m.dictionary_page_offset;
      }
      // Each chunk starts right where the previous one ended.
      EXPECT_EQ(start, pos) << label;
      pos = start + m.total_compressed_size;
      rg_compressed += m.total_compressed_size;
      rg_uncompressed += m.total_uncompressed_size;
      compressed[c] += m.total_compressed_size;
      uncompressed[c] += m.total_uncompressed_size;

      // Pages: sizes add up, the dictionary page comes first, offsets point right.
      auto pages = WalkChunk(bytes, start, m.total_compressed_size);
      ASSERT_FALSE(pages.empty()) << label;
      int64_t sum_uncompressed = 0, values = 0;
      std::map<std::pair<PageType, Encoding>, int32_t> counts;
      bool seen_data = false;
      for (size_t k = 0; k < pages.size(); ++k) {
        const PageHeader& h = pages[k].header;
        sum_uncompressed += static_cast<int64_t>(pages[k].header_size) + h.uncompressed_page_size;
        if (h.type == PageType::kDictionaryPage) {
          EXPECT_EQ(k, 0u) << label << ": dictionary page not first";
          EXPECT_EQ(m.dictionary_page_offset, pages[k].offset) << label;
          ASSERT_TRUE(h.dictionary_page.has_value());
          EXPECT_EQ(h.dictionary_page->encoding, Encoding::kPlain);
          ++counts[{h.type, Encoding::kPlain}];
        } else {
          ASSERT_EQ(h.type, PageType::kDataPage) << label;
          ASSERT_TRUE(h.data_page.has_value());
          if (!seen_data) {
            EXPECT_EQ(m.data_page_offset, pages[k].offset) << label;
          }
          seen_data = true;
          values += h.data_page->num_values;
          EXPECT_TRUE(Contains(m.encodings, h.data_page->encoding)) << label;
          EXPECT_EQ(h.data_page->definition_level_encoding, Encoding::kRle);
          EXPECT_EQ(h.data_page->repetition_level_encoding, Encoding::kRle);
          ++counts[{h.type, h.data_page->encoding}];
        }
      }
      EXPECT_FALSE(m.dictionary_page_offset.has_value() &&
                   pages[0].header.type != PageType::kDictionaryPage)
          << label;
      if (pages[0].header.type == PageType::kDictionaryPage) {
        EXPECT_TRUE(m.dictionary_page_offset.has_value()) << label;
        EXPECT_TRUE(Contains(m.encodings, Encoding::kPlain)) << label;
      }
      EXPECT_EQ(sum_uncompressed, m.total_uncompressed_size) << label;
      EXPECT_EQ(values, rg.num_rows) << label;
      EXPECT_EQ(Contains(m.encodings, Encoding::kRle), cols[c].max_def > 0) << label;
      std::map<std::pair<PageType, Encoding>, int32_t> stated;
      for (const auto& s : m.encoding_stats) stated[{s.page_type, s.encoding}] += s.count;
      if (!m.encoding_stats.empty()) {
        EXPECT_EQ(stated, counts) << label;
      }

      // Chunk statistics.
      Bounds want = ComputeBounds(cols[c], data[c], row, rg.num_rows);
      ASSERT_TRUE(m.statistics.has_value()) << label;
      const Statistics& st = *m.statistics;
      EXPECT_EQ(st.null_count, want.nulls) << label;
      if (st.min_value || st.max_value) {
        EXPECT_EQ(Hex(st.min_value), Hex(want.min)) << label;
        EXPECT_EQ(Hex(st.max_value), Hex(want.max)) << label;
      } else {
        // Bounds may be left out only when there are none or they are huge.
        EXPECT_TRUE(!want.min || want.min->size() > 64 || want.max->size() > 64) << label;
      }
      EXPECT_FALSE(st.min.has_value() && cols[c].physical == PhysicalType::kByteArray) << label;
      if (cols[c].physical == PhysicalType::kFloat || cols[c].physical == PhysicalType::kDouble) {
        EXPECT_EQ(st.nan_count, want.nans) << label;
      }
    }
    EXPECT_EQ(rg.total_compressed_size, rg_compressed);
    EXPECT_EQ(rg.total_byte_size, rg_uncompressed);
    row += rg.num_rows;
  }
  EXPECT_EQ(pos, footer_start) << "the last chunk must end where the footer begins";
  EXPECT_EQ(row, total_rows);

  // WriteResult metrics over the whole file.
  for (size_t c = 0; c < cols.size(); ++c) {
    const ColumnMetrics& cm = f.result.columns[c];
    Bounds want = ComputeBounds(cols[c], data[c], 0, total_rows);
    std::string label = "metrics of " + cols[c].name;
    EXPECT_EQ(cm.value_count, total_rows) << label;
    EXPECT_EQ(cm.null_count, want.nulls) << label;
    EXPECT_EQ(cm.nan_count, want.nans) << label;
    EXPECT_EQ(Hex(cm.min), Hex(want.min)) << label;
    EXPECT_EQ(Hex(cm.max), Hex(want.max)) << label;
    EXPECT_EQ(cm.compressed_size, compressed[c]) << label;
    EXPECT_EQ(cm.uncompressed_size, uncompressed[c]) << label;
  }
}

// Writes, reads back, and checks values, footer and metrics.
void RoundTrip(const Schema& schema, const std::vector<std::vector<ColumnVector>>& batches,
               const WriterOptions& options, const std::string& label, bool flush_each = false,
               std::unique_ptr<TestFile>* keep = nullptr) {
  auto f = WriteAndOpen(schema, batches, options, flush_each);
  ASSERT_TRUE(f.ok()) << label << ": " << f.status().ToString();
  std::vector<ColumnVector> want = Concat(schema, batches);
  auto got = ReadAll(*(*f)->reader);
  ASSERT_TRUE(got.ok()) << label << ": " << got.status().ToString();
  ExpectSameData(schema, want, *got, label);
  {
    SCOPED_TRACE(label);
    CheckFile(**f, schema, want);
  }
  if (keep) *keep = std::move(f).value();
}

std::string CodecLabel(Codec c) { return std::string(CodecName(c)); }

// ---- Types, codecs, dictionary ----------------------------------------------

TEST(RoundTripTest, AllTypesAllCodecs) {
  Schema schema = AllTypesSchema();
  for (Codec codec : kCodecs) {
    for (bool dictionary : {true, false}) {
      for (int cardinality : {0, 5}) {
        std::mt19937_64 rng(static_cast<uint64_t>(codec) * 100 + dictionary * 10 + cardinality);
        std::vector<std::vector<ColumnVector>> batches = {
            MakeBatch(schema, 1234, rng, 0.2, cardinality),
            MakeBatch(schema, 1766, rng, 0.2, cardinality)};
        WriterOptions o;
        o.codec = codec;
        o.dictionary = dictionary;
        RoundTrip(schema, batches, o,
                  CodecLabel(codec) + (dictionary ? " dict" : " plain") + " card " +
                      std::to_string(cardinality));
      }
    }
  }
}

TEST(RoundTripTest, SchemaAnnotationsInFooter) {
  Schema schema = AllTypesSchema();
  std::mt19937_64 rng(1);
  auto f = WriteAndOpen(schema, {MakeBatch(schema, 10, rng, 0.5)});
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  std::map<std::string, const SchemaElement*> by_name;
  for (const auto& e : (*f)->reader->metadata().schema) by_name[e.name] = &e;
  for (std::string p : {"req_", "opt_"}) {
    EXPECT_EQ(by_name[p + "string"]->converted_type, ConvertedType::kUtf8);
    EXPECT_EQ(by_name[p + "string"]->logical_type.kind, LogicalType::kString);
    EXPECT_FALSE(by_name[p + "binary"]->converted_type.has_value());
    EXPECT_EQ(by_name[p + "binary"]->logical_type.kind, LogicalType::kNone);
    EXPECT_EQ(by_name[p + "date"]->converted_type, ConvertedType::kDate);
    EXPECT_EQ(by_name[p + "timestamp"]->converted_type, ConvertedType::kTimestampMicros);
    EXPECT_FALSE(by_name[p + "timestamp"]->logical_type.adjusted_to_utc);
    EXPECT_EQ(by_name[p + "timestamptz"]->converted_type, ConvertedType::kTimestampMicros);
    EXPECT_TRUE(by_name[p + "timestamptz"]->logical_type.adjusted_to_utc);
    EXPECT_EQ(by_name[p + "timestamptz"]->logical_type.unit, TimeUnit::kMicros);
    for (auto [name, prec, scale] :
         {std::tuple{"dec9", 9, 2}, {"dec18", 18, 4}, {"dec38", 38, 10}}) {
      const SchemaElement* e = by_name[p + name];
      EXPECT_EQ(e->converted_type, ConvertedType::kDecimal) << name;
      EXPECT_EQ(e->precision, prec) << name;
      EXPECT_EQ(e->scale, scale) << name;
      EXPECT_EQ(e->logical_type.precision, prec) << name;
      EXPECT_EQ(e->logical_type.scale, scale) << name;
    }
    EXPECT_EQ(by_name[p + "dec38"]->type_length, 16);
    EXPECT_EQ(by_name[p + "uuid"]->type_length, 16);
    EXPECT_EQ(by_name[p + "uuid"]->logical_type.kind, LogicalType::kUuid);
    EXPECT_FALSE(by_name[p + "uuid"]->converted_type.has_value());
    EXPECT_FALSE(by_name[p + "long"]->converted_type.has_value());
    EXPECT_FALSE(by_name[p + "int"]->type_length.has_value());
  }
}

TEST(RoundTripTest, KeyValueMetadataIsWritten) {
  Schema schema = OneColumn(PhysicalType::kInt32);
  WriterOptions o;
  o.key_value_metadata = {{"iceberg.schema", std::string("{}")}, {"k", std::nullopt}};
  ColumnVector v(PhysicalType::kInt32);
  v.AppendInt32(1);
  auto f = WriteAndOpen(schema, {{v}}, o);
  ASSERT_TRUE(f.ok());
  const auto& kv = (*f)->reader->metadata().key_value_metadata;
  ASSERT_EQ(kv.size(), 2u);
  EXPECT_EQ(kv[0].key, "iceberg.schema");
  EXPECT_EQ(kv[0].value, "{}");
  EXPECT_EQ(kv[1].key, "k");
  EXPECT_FALSE(kv[1].value.has_value());
}

TEST(RoundTripTest, AllNullColumns) {
  std::vector<Node> nodes;
  int id = 1;
  for (const auto& t : AllTypes()) {
    nodes.push_back(
        Node::Leaf(t.name, id++, Repetition::kOptional, t.physical, t.logical, t.type_length));
  }
  auto schema = Schema::Make(std::move(nodes));
  ASSERT_TRUE(schema.ok());
  for (bool dictionary : {true, false}) {
    std::mt19937_64 rng(3);
    std::vector<std::vector<ColumnVector>> batches = {MakeBatch(*schema, 500, rng, 1.0)};
    WriterOptions o;
    o.dictionary = dictionary;
    std::unique_ptr<TestFile> f;
    RoundTrip(*schema, batches, o, dictionary ? "all null dict" : "all null plain", false, &f);
    ASSERT_TRUE(f);
    for (const auto& cm : f->result.columns) {
      EXPECT_EQ(cm.null_count, 500);
      EXPECT_FALSE(cm.min.has_value());
      EXPECT_FALSE(cm.max.has_value());
    }
  }
}

TEST(RoundTripTest, NullsInEveryPosition) {
  Schema schema = OneColumn(PhysicalType::kInt64);
  ColumnVector v(PhysicalType::kInt64);
  // Nulls at the start, end, in runs and alternating.
  for (int i = 0; i < 5000; ++i) {
    bool null = i < 9 || i >= 4990 || (i % 3 == 0) || (i >= 1000 && i < 1100);
    if (null) {
      v.AppendNull();
    } else {
      v.AppendInt64(i % 7);
    }
  }
  WriterOptions o;
  o.page_bytes = 300;
  RoundTrip(schema, {{v}}, o, "nulls");
}

TEST(RoundTripTest, AnyNonZeroValidityByteMeansPresent) {
  // ColumnVector::IsNull treats every non-zero validity byte as present; the
  // definition levels written must agree.
  Schema schema = OneColumn(PhysicalType::kInt32);
  ColumnVector v(PhysicalType::kInt32);
  for (int i = 0; i < 40; ++i) v.AppendInt32(i);
  v.validity.assign(40, 0);
  for (int i = 0; i < 40; ++i)
    v.validity[static_cast<size_t>(i)] = static_cast<uint8_t>(i % 3 == 0 ? 0 : i);
  RoundTrip(schema, {{v}}, {}, "validity bytes");
}

TEST(RoundTripTest, ZeroRows) {
  Schema schema = AllTypesSchema();
  for (bool empty_batch : {false, true}) {
    std::vector<std::vector<ColumnVector>> batches;
    if (empty_batch) {
      std::mt19937_64 rng(1);
      batches.push_back(MakeBatch(schema, 0, rng, 0));
    }
    std::unique_ptr<TestFile> f;
    RoundTrip(schema, batches, {}, "zero rows", false, &f);
    ASSERT_TRUE(f);
    EXPECT_EQ(f->reader->num_row_groups(), 0);
    EXPECT_EQ(f->reader->num_rows(), 0);
    EXPECT_EQ(f->result.num_row_groups, 0);
    for (const auto& cm : f->result.columns) {
      EXPECT_EQ(cm.value_count, 0);
      EXPECT_EQ(cm.compressed_size, 0);
      EXPECT_FALSE(cm.min.has_value());
    }
    ColumnVector v;
    EXPECT_EQ(f->reader->ReadColumn(0, 0, &v).code(), StatusCode::kInvalidArgument);
  }
}

TEST(RoundTripTest, FiveMegabyteString) {
  Schema schema = OneColumn(PhysicalType::kByteArray, Repetition::kOptional,
                            LogicalType{.kind = LogicalType::kString});
  std::string big(5 << 20, '\0');
  std::mt19937 rng(5);
  for (auto& c : big) c = static_cast<char>('a' + rng() % 26);
  big[0] = 'z';
  ColumnVector v(PhysicalType::kByteArray);
  v.AppendBytes("a small one");
  v.AppendNull();
  v.AppendBytes(big);
  v.AppendBytes("");
  for (Codec codec : {Codec::kUncompressed, Codec::kSnappy, Codec::kZstd}) {
    WriterOptions o;
    o.codec = codec;
    std::unique_ptr<TestFile> f;
    RoundTrip(schema, {{v}}, o, "5 MB string " + CodecLabel(codec), false, &f);
    ASSERT_TRUE(f);
    ASSERT_TRUE(f->result.columns[0].max.has_value());
    EXPECT_EQ(f->result.columns[0].max->size(), big.size());
    EXPECT_EQ(f->result.columns[0].min, "");
  }
}

TEST(RoundTripTest, UnicodeStringsCompareAsUnsignedBytes) {
  Schema schema = OneColumn(PhysicalType::kByteArray, Repetition::kRequired,
                            LogicalType{.kind = LogicalType::kString});
  ColumnVector v(PhysicalType::kByteArray);
  for (const char* s : {"zebra", "é", "日本語", "a", "😀", "Z", "\x7F", "abc\0def"})
    v.AppendBytes(s);
  v.AppendBytes(std::string("with\0nul", 8));
  for (bool dictionary : {true, false}) {
    WriterOptions o;
    o.dictionary = dictionary;
    std::unique_ptr<TestFile> f;
    RoundTrip(schema, {{v}}, o, "unicode", false, &f);
    ASSERT_TRUE(f);
    EXPECT_EQ(f->result.columns[0].min, "Z");
    EXPECT_EQ(f->result.columns[0].max, "😀");  // F0 9F 98 80 sorts above E6 (日) and C3 (é)
  }
}

TEST(RoundTripTest, FloatingPointSpecialValues) {
  const double kNaN = std::numeric_limits<double>::quiet_NaN();
  double payload_nan;
  uint64_t bits = 0x7FF8DEADBEEF0001ull;
  std::memcpy(&payload_nan, &bits, 8);
  double neg_nan = -kNaN;
  const double kInf = std::numeric_limits<double>::infinity();
  std::vector<double> values = {1.5,    kNaN,    -0.0, 0.0, -3.25, payload_nan, kInf, -kInf,
                                5e-324, neg_nan, -0.0, 2.0, kNaN,  kNaN,        kNaN};
  Schema ds = OneColumn(PhysicalType::kDouble);
  Schema fs = OneColumn(PhysicalType::kFloat);
  for (bool dictionary : {true, false}) {
    std::string label = dictionary ? " dict" : " plain";
    WriterOptions o;
    o.dictionary = dictionary;
    ColumnVector d(PhysicalType::kDouble), fl(PhysicalType::kFloat);
    for (double x : values) {
      d.AppendDouble(x);
      fl.AppendFloat(static_cast<float>(x));
    }
    d.AppendNull();
    fl.AppendNull();
    std::unique_ptr<TestFile> f;
    RoundTrip(ds, {{d}}, o, "doubles" + label, false, &f);
    ASSERT_TRUE(f);
    EXPECT_EQ(f->result.columns[0].nan_count, 6) << label;
    EXPECT_EQ(f->result.columns[0].min, Enc(-kInf));
    EXPECT_EQ(f->result.columns[0].max, Enc(kInf));
    RoundTrip(fs, {{fl}}, o, "floats" + label);

    // Only zeros: min is -0.0 and max +0.0 whatever the signs written.
    for (double z : {0.0, -0.0}) {
      ColumnVector zeros(PhysicalType::kDouble);
      for (int i = 0; i < 10; ++i) zeros.AppendDouble(z);
      zeros.AppendDouble(kNaN);
      RoundTrip(ds, {{zeros}}, o, "zeros" + label, false, &f);
      ASSERT_TRUE(f);
      const auto& st = *f->reader->metadata().row_groups[0].columns[0].meta_data->statistics;
      EXPECT_EQ(Hex(st.min_value), Hex(Enc(-0.0)));
      EXPECT_EQ(Hex(st.max_value), Hex(Enc(0.0)));
      EXPECT_EQ(st.nan_count, 1);
      ColumnVector fz(PhysicalType::kFloat);
      for (int i = 0; i < 10; ++i) fz.AppendFloat(static_cast<float>(z));
      RoundTrip(fs, {{fz}}, o, "float zeros" + label, false, &f);
      ASSERT_TRUE(f);
      const auto& fst = *f->reader->metadata().row_groups[0].columns[0].meta_data->statistics;
      EXPECT_EQ(Hex(fst.min_value), Hex(Enc(-0.0f)));
      EXPECT_EQ(Hex(fst.max_value), Hex(Enc(0.0f)));
    }

    // Only NaNs: no bounds, every value counted.
    ColumnVector nans(PhysicalType::kDouble);
    for (int i = 0; i < 100; ++i) nans.AppendDouble(kNaN);
    RoundTrip(ds, {{nans}}, o, "all NaN" + label, false, &f);
    ASSERT_TRUE(f);
    const auto& st = *f->reader->metadata().row_groups[0].columns[0].meta_data->statistics;
    EXPECT_FALSE(st.min_value.has_value());
    EXPECT_FALSE(st.max_value.has_value());
    EXPECT_EQ(st.nan_count, 100) << label;
    EXPECT_EQ(f->result.columns[0].nan_count, 100) << label;
    EXPECT_FALSE(f->result.columns[0].min.has_value());
  }
}

TEST(RoundTripTest, IntegerExtremes) {
  auto schema = Schema::Make({Node::Leaf("l", 1, Repetition::kRequired, PhysicalType::kInt64),
                              Node::Leaf("i", 2, Repetition::kOptional, PhysicalType::kInt32)});
  ASSERT_TRUE(schema.ok());
  ColumnVector l(PhysicalType::kInt64), i(PhysicalType::kInt32);
  for (int64_t x :
       {int64_t{0}, INT64_MAX, int64_t{-1}, INT64_MIN, int64_t{1}, INT64_MAX, INT64_MIN}) {
    l.AppendInt64(x);
    i.AppendInt32(static_cast<int32_t>(x >> 32));
  }
  for (bool dictionary : {true, false}) {
    WriterOptions o;
    o.dictionary = dictionary;
    std::unique_ptr<TestFile> f;
    RoundTrip(*schema, {{l, i}}, o, "extremes", false, &f);
    ASSERT_TRUE(f);
    EXPECT_EQ(f->result.columns[0].min, Enc(INT64_MIN));
    EXPECT_EQ(f->result.columns[0].max, Enc(INT64_MAX));
    EXPECT_EQ(f->result.columns[1].min, Enc(INT32_MIN));
    EXPECT_EQ(f->result.columns[1].max, Enc(INT32_MAX));
  }
}

TEST(RoundTripTest, DecimalBoundsUseSignedOrder) {
  LogicalType dec{.kind = LogicalType::kDecimal, .scale = 0, .precision = 38};
  Schema schema = OneColumn(PhysicalType::kFixedLenByteArray, Repetition::kRequired, dec, 16);
  ColumnVector v(PhysicalType::kFixedLenByteArray);
  std::string minus_one(16, '\xFF'), one(16, '\0'), big(16, '\0');
  one[15] = 1;
  big[0] = 0x7F;
  v.AppendBytes(one);
  v.AppendBytes(minus_one);
  v.AppendBytes(big);
  std::unique_ptr<TestFile> f;
  RoundTrip(schema, {{v}}, {}, "decimal", false, &f);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->result.columns[0].min, minus_one);
  EXPECT_EQ(f->result.columns[0].max, big);
}

// ---- Dictionary behaviour ---------------------------------------------------

const ColumnMetaData& Chunk(const TestFile& f, int rg = 0, int col = 0) {
  return *f.reader->metadata()
              .row_groups[static_cast<size_t>(rg)]
              .columns[static_cast<size_t>(col)]
              .meta_data;
}

TEST(RoundTripTest, LowCardinalityKeepsDictionary) {
  Schema schema = AllTypesSchema();
  std::mt19937_64 rng(11);
  std::unique_ptr<TestFile> f;
  RoundTrip(schema, {MakeBatch(schema, 5000, rng, 0.1, 4)}, {}, "low cardinality", false, &f);
  ASSERT_TRUE(f);
  for (size_t c = 0; c < schema.columns().size(); ++c) {
    const ColumnMetaData& m = Chunk(*f, 0, static_cast<int>(c));
    if (schema.columns()[c].physical == PhysicalType::kBoolean) continue;
    std::string name = schema.columns()[c].name;
    ASSERT_TRUE(m.dictionary_page_offset.has_value()) << name;
    EXPECT_LT(*m.dictionary_page_offset, m.data_page_offset) << name;
    EXPECT_TRUE(Contains(m.encodings, Encoding::kRleDictionary)) << name;
    EXPECT_TRUE(Contains(m.encodings, Encoding::kPlain)) << name;
  }
}

TEST(RoundTripTest, DictionaryOffWritesOnlyPlain) {
  Schema schema = AllTypesSchema();
  std::mt19937_64 rng(12);
  WriterOptions o;
  o.dictionary = false;
  std::unique_ptr<TestFile> f;
  RoundTrip(schema, {MakeBatch(schema, 3000, rng, 0.1, 4)}, o, "dictionary off", false, &f);
  ASSERT_TRUE(f);
  for (size_t c = 0; c < schema.columns().size(); ++c) {
    const ColumnMetaData& m = Chunk(*f, 0, static_cast<int>(c));
    EXPECT_FALSE(m.dictionary_page_offset.has_value());
    EXPECT_FALSE(Contains(m.encodings, Encoding::kRleDictionary));
  }
}

TEST(RoundTripTest, DictionaryFallbackHighCardinality) {
  for (PhysicalType t : {PhysicalType::kInt64, PhysicalType::kByteArray, PhysicalType::kDouble}) {
    Schema schema = OneColumn(t);
    std::mt19937_64 rng(13);
    WriterOptions o;
    o.dictionary_page_bytes = 2048;
    o.page_bytes = 4096;
    std::unique_ptr<TestFile> f;
    RoundTrip(schema, {MakeBatch(schema, 30000, rng, 0.05)}, o, "fallback", false, &f);
    ASSERT_TRUE(f);
    const ColumnMetaData& m = Chunk(*f);
    bool plain_only = m.encodings == std::vector<Encoding>{Encoding::kPlain, Encoding::kRle};
    bool both =
        Contains(m.encodings, Encoding::kRleDictionary) && Contains(m.encodings, Encoding::kPlain);
    EXPECT_TRUE(plain_only || both);
    if (plain_only) {
      EXPECT_FALSE(m.dictionary_page_offset.has_value());
    }
  }
}

TEST(RoundTripTest, DictionaryFallbackAfterDictionaryPages) {
  // Low cardinality first (dictionary pages get flushed), then unique values
  // overflow the dictionary: the chunk mixes RLE_DICTIONARY and PLAIN pages.
  for (PhysicalType t : {PhysicalType::kInt32, PhysicalType::kByteArray, PhysicalType::kFloat,
                         PhysicalType::kFixedLenByteArray}) {
    Schema schema =
        OneColumn(t, Repetition::kOptional, {}, t == PhysicalType::kFixedLenByteArray ? 6 : 0);
    std::mt19937_64 rng(14);
    WriterOptions o;
    o.dictionary_page_bytes = 4096;
    o.page_bytes = 1024;
    std::vector<std::vector<ColumnVector>> batches = {MakeBatch(schema, 20000, rng, 0.1, 50),
                                                      MakeBatch(schema, 20000, rng, 0.1),
                                                      MakeBatch(schema, 5000, rng, 0.1, 50)};
    std::unique_ptr<TestFile> f;
    RoundTrip(schema, batches, o, "late fallback " + std::string(PhysicalTypeName(t)), false, &f);
    ASSERT_TRUE(f);
    const ColumnMetaData& m = Chunk(*f);
    EXPECT_TRUE(Contains(m.encodings, Encoding::kRleDictionary));
    EXPECT_TRUE(Contains(m.encodings, Encoding::kPlain));
    ASSERT_TRUE(m.dictionary_page_offset.has_value());
    int dict_pages = 0, plain_pages = 0;
    for (const auto& s : m.encoding_stats) {
      if (s.page_type == PageType::kDataPage && s.encoding == Encoding::kRleDictionary)
        dict_pages += s.count;
      if (s.page_type == PageType::kDataPage && s.encoding == Encoding::kPlain)
        plain_pages += s.count;
    }
    EXPECT_GT(dict_pages, 0);
    EXPECT_GT(plain_pages, 0);
  }
}

TEST(RoundTripTest, NanCountWithDictionary) {
  // Repeated NaNs share one dictionary entry but each counts.
  Schema schema = OneColumn(PhysicalType::kDouble);
  ColumnVector v(PhysicalType::kDouble);
  for (int i = 0; i < 1000; ++i)
    v.AppendDouble(i % 4 == 0 ? std::numeric_limits<double>::quiet_NaN() : i % 3);
  std::unique_ptr<TestFile> f;
  RoundTrip(schema, {{v}}, {}, "nan dictionary", false, &f);
  ASSERT_TRUE(f);
  EXPECT_TRUE(Chunk(*f).dictionary_page_offset.has_value());
  EXPECT_EQ(f->result.columns[0].nan_count, 250);
  EXPECT_EQ(Chunk(*f).statistics->nan_count, 250);
}

// ---- Pages and row groups ---------------------------------------------------

TEST(RoundTripTest, ManyPages) {
  Schema schema = AllTypesSchema();
  std::mt19937_64 rng(15);
  WriterOptions o;
  o.page_bytes = 512;
  for (bool dictionary : {true, false}) {
    o.dictionary = dictionary;
    // Many small batches: the writer checks the page size after each.
    std::vector<std::vector<ColumnVector>> batches;
    for (int i = 0; i < 120; ++i)
      batches.push_back(MakeBatch(schema, 50, rng, 0.3, dictionary ? 100 : 0));
    std::unique_ptr<TestFile> f;
    RoundTrip(schema, batches, o, "many pages", false, &f);
    ASSERT_TRUE(f);
    for (int c : {2, 5, 12, 16, 19}) {  // req_long, req_string, req_dec38, opt_long, opt_string
      const ColumnMetaData& m = Chunk(*f, 0, c);
      auto pages = WalkChunk(f->bytes, m.dictionary_page_offset.value_or(m.data_page_offset),
                             m.total_compressed_size);
      EXPECT_GE(pages.size(), 8u) << schema.columns()[static_cast<size_t>(c)].name;
    }
  }
}

// page_bytes and row_group_bytes hold within one large batch, not just between
// batches (they used to be checked only every 4096 rows, so wide values could
// make pages past the reader's 1 GiB page limit).
TEST(RoundTripTest, PageBytesIsHonouredWithinOneBatch) {
  Schema schema = OneColumn(PhysicalType::kInt64, Repetition::kRequired);
  std::mt19937_64 rng(15);
  WriterOptions o;
  o.page_bytes = 1024;
  o.dictionary = false;
  std::unique_ptr<TestFile> f;
  RoundTrip(schema, {MakeBatch(schema, 4096, rng, 0)}, o, "one batch", false, &f);
  ASSERT_TRUE(f);
  const ColumnMetaData& m = Chunk(*f);
  auto pages = WalkChunk(f->bytes, m.data_page_offset, m.total_compressed_size);
  EXPECT_GE(pages.size(), 16u);
  for (const auto& p : pages) EXPECT_LE(p.header.uncompressed_page_size, 2 * o.page_bytes);
}

TEST(RoundTripTest, RowGroupBytesIsHonouredWithinOneBatch) {
  Schema schema = OneColumn(PhysicalType::kInt64, Repetition::kRequired);
  std::mt19937_64 rng(15);
  WriterOptions o;
  o.row_group_bytes = 16 << 10;
  o.dictionary = false;
  o.codec = Codec::kUncompressed;
  std::unique_ptr<TestFile> f;
  RoundTrip(schema, {MakeBatch(schema, 20000, rng, 0)}, o, "one batch", false, &f);
  ASSERT_TRUE(f);
  EXPECT_GE(f->reader->num_row_groups(), 8);
  for (const auto& rg : f->reader->metadata().row_groups)
    EXPECT_LE(rg.total_byte_size, 2 * o.row_group_bytes);
}

TEST(RoundTripTest, RowGroupRowsIsHonouredWithinOneBatch) {
  Schema schema = OneColumn(PhysicalType::kInt64, Repetition::kRequired);
  std::mt19937_64 rng(17);
  WriterOptions o;
  o.row_group_rows = 1000;
  std::unique_ptr<TestFile> f;
  RoundTrip(schema, {MakeBatch(schema, 4500, rng, 0)}, o, "one batch", false, &f);
  ASSERT_TRUE(f);
  std::vector<int64_t> rows;
  for (const auto& rg : f->reader->metadata().row_groups) rows.push_back(rg.num_rows);
  EXPECT_EQ(rows, (std::vector<int64_t>{1000, 1000, 1000, 1000, 500}));
}

TEST(RoundTripTest, ManyRowGroups) {
  Schema schema = AllTypesSchema();
  std::mt19937_64 rng(16);
  WriterOptions o;
  o.row_group_bytes = 64 << 10;
  o.codec = Codec::kZstd;
  std::vector<std::vector<ColumnVector>> batches;
  for (int i = 0; i < 5; ++i) batches.push_back(MakeBatch(schema, 7000, rng, 0.2));
  std::unique_ptr<TestFile> f;
  RoundTrip(schema, batches, o, "many row groups", false, &f);
  ASSERT_TRUE(f);
  EXPECT_GT(f->reader->num_row_groups(), 3);
}

TEST(RoundTripTest, ExplicitFlushRowGroup) {
  Schema schema = AllTypesSchema();
  std::mt19937_64 rng(17);
  std::vector<std::vector<ColumnVector>> batches;
  for (int64_t n : {1, 2, 100, 1, 4097}) batches.push_back(MakeBatch(schema, n, rng, 0.3, 3));
  std::unique_ptr<TestFile> f;
  RoundTrip(schema, batches, {}, "flush each", true, &f);
  ASSERT_TRUE(f);
  ASSERT_EQ(f->reader->num_row_groups(), 5);
  EXPECT_EQ(f->reader->metadata().row_groups[4].num_rows, 4097);
}

TEST(RoundTripTest, StreamingNextMatchesReadColumn) {
  Schema schema = AllTypesSchema();
  std::mt19937_64 rng(18);
  WriterOptions o;
  o.page_bytes = 700;
  auto f = WriteAndOpen(
      schema, {MakeBatch(schema, 2500, rng, 0.25, 40), MakeBatch(schema, 2500, rng, 0.25)}, o);
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  const FileReader& r = *(*f)->reader;
  for (int c = 0; c < static_cast<int>(schema.columns().size()); ++c) {
    ColumnVector whole;
    ASSERT_OK(r.ReadColumn(0, c, &whole));
    for (int64_t batch : {1, 7, 1000, 4999, 5000, 100000}) {
      ASSERT_OK_AND_ASSIGN(auto reader, r.OpenColumn(0, c));
      // Accumulating into one vector.
      ColumnVector acc(schema.columns()[static_cast<size_t>(c)].physical);
      // And into fresh vectors, appended here.
      ColumnVector joined(acc.type);
      int64_t remaining = whole.length;
      while (true) {
        ColumnVector piece(acc.type);
        ASSERT_OK_AND_ASSIGN(int64_t n, reader->Next(batch, &piece));
        ASSERT_EQ(n, std::min(batch, remaining));
        ASSERT_EQ(piece.length, n);
        if (n == 0) break;
        remaining -= n;
        AppendRows(piece, 0, n, &joined);
      }
      ExpectSameColumn(whole, joined, "fresh vectors, batch " + std::to_string(batch));
      ASSERT_OK_AND_ASSIGN(auto reader2, r.OpenColumn(0, c));
      while (true) {
        ASSERT_OK_AND_ASSIGN(int64_t n, reader2->Next(batch, &acc));
        if (n == 0) break;
      }
      ExpectSameColumn(whole, acc, "accumulated, batch " + std::to_string(batch));
    }
  }
}

// ---- Invalid input ----------------------------------------------------------

TEST(RoundTripTest, InvalidBatchesAreRejectedWhole) {
  LogicalType dec{.kind = LogicalType::kDecimal, .scale = 0, .precision = 38};
  auto schema = Schema::Make(
      {Node::Leaf("a", 1, Repetition::kRequired, PhysicalType::kInt64),
       Node::Leaf("b", 2, Repetition::kOptional, PhysicalType::kFixedLenByteArray, dec, 16)});
  ASSERT_TRUE(schema.ok());
  storage::MemoryFileIO io;
  ASSERT_OK_AND_ASSIGN(auto out, io.OpenWrite("t.parquet"));
  ASSERT_OK_AND_ASSIGN(auto w, FileWriter::Open(std::move(out), *schema));

  auto good = [] {
    std::vector<ColumnVector> b = {ColumnVector(PhysicalType::kInt64),
                                   ColumnVector(PhysicalType::kFixedLenByteArray)};
    for (int i = 0; i < 3; ++i) {
      b[0].AppendInt64(i);
      b[1].AppendBytes(std::string(16, static_cast<char>(i)));
    }
    b[1].AppendNull();
    b[0].AppendInt64(3);
    return b;
  };
  auto expect_invalid = [&](std::vector<ColumnVector> b, const char* what) {
    Status st = w->WriteBatch(b);
    EXPECT_EQ(st.code(), StatusCode::kInvalidArgument) << what << ": " << st.ToString();
  };
  {
    auto b = good();
    b[0] = ColumnVector(PhysicalType::kInt32);
    for (int i = 0; i < 4; ++i) b[0].AppendInt32(i);
    expect_invalid(b, "wrong type");
  }
  {
    auto b = good();
    b[0].AppendInt64(9);
    expect_invalid(b, "length mismatch");
  }
  {
    auto b = good();
    b[0].validity.assign(4, 1);
    b[0].validity[2] = 0;
    expect_invalid(b, "null in required column");
  }
  {
    auto b = good();
    b[1] = ColumnVector(PhysicalType::kFixedLenByteArray);
    for (int i = 0; i < 3; ++i) b[1].AppendBytes(std::string(16, 'x'));
    b[1].AppendBytes(std::string(15, 'x'));
    expect_invalid(b, "wrong FIXED length");
  }
  {
    auto b = good();
    b.pop_back();
    expect_invalid(b, "missing column");
  }
  {
    auto b = good();
    b[1].validity.pop_back();
    expect_invalid(b, "short validity");
  }
  {
    auto b = good();
    b[0].i64.pop_back();
    expect_invalid(b, "short value array");
  }
  {
    auto b = good();
    b[1].offsets.pop_back();
    expect_invalid(b, "short offsets");
  }
  {
    auto b = good();
    b[1].offsets[2] = 100000;  // past the end of bytes
    b[1].offsets[3] = 100000;
    b[1].offsets[4] = 100000;
    expect_invalid(b, "offsets past the bytes");
  }
  {
    auto b = good();
    std::swap(b[1].offsets[1], b[1].offsets[2]);
    expect_invalid(b, "decreasing offsets");
  }
  {
    auto b = good();
    b.push_back(ColumnVector(PhysicalType::kBoolean));
    expect_invalid(b, "extra column");
  }
  // Nothing of the rejected batches was written; the writer still works.
  ASSERT_OK(w->WriteBatch(good()));
  EXPECT_EQ(w->num_rows(), 4);
  ASSERT_OK_AND_ASSIGN(WriteResult res, w->Close());
  EXPECT_EQ(res.num_rows, 4);
  EXPECT_EQ(w->WriteBatch(good()).code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(w->Close().status().code(), StatusCode::kFailedPrecondition);
  ASSERT_OK_AND_ASSIGN(auto in, io.OpenRead("t.parquet"));
  ASSERT_OK_AND_ASSIGN(auto r,
                       FileReader::Open(std::shared_ptr<storage::RandomAccessFile>(std::move(in))));
  ASSERT_OK_AND_ASSIGN(auto got, ReadAll(*r));
  ExpectSameData(*schema, good(), got, "after rejected batches");
}

TEST(RoundTripTest, BooleansMustBeZeroOrOne) {
  Schema schema = OneColumn(PhysicalType::kBoolean);
  storage::MemoryFileIO io;
  ASSERT_OK_AND_ASSIGN(auto out, io.OpenWrite("t.parquet"));
  ASSERT_OK_AND_ASSIGN(auto w, FileWriter::Open(std::move(out), schema));
  ColumnVector v(PhysicalType::kBoolean);
  for (int i = 0; i < 8; ++i) v.AppendBool(i % 2);
  v.bools[2] = 2;
  EXPECT_EQ(w->WriteBatch({v}).code(), StatusCode::kInvalidArgument);
  // A null slot may hold anything.
  v.validity.assign(8, 1);
  v.validity[2] = 0;
  ASSERT_OK(w->WriteBatch({v}));
  ASSERT_OK(w->Close().status());
}

TEST(RoundTripTest, OpenRejectsBadSchemasAndOptions) {
  storage::MemoryFileIO io;
  auto nested = Schema::Make(
      {Node::Group("g", 1, Repetition::kOptional,
                   {Node::Leaf("x", 2, Repetition::kOptional, PhysicalType::kInt32)})});
  ASSERT_TRUE(nested.ok());
  ASSERT_OK_AND_ASSIGN(auto out, io.OpenWrite("a"));
  EXPECT_EQ(FileWriter::Open(std::move(out), *nested).status().code(),
            StatusCode::kInvalidArgument);
  WriterOptions bad;
  bad.page_bytes = 0;
  ASSERT_OK_AND_ASSIGN(auto out2, io.OpenWrite("b"));
  EXPECT_EQ(FileWriter::Open(std::move(out2), OneColumn(PhysicalType::kInt32), bad).status().code(),
            StatusCode::kInvalidArgument);
  // INT96 is deprecated; the writer has no encoder for it.
  ASSERT_OK_AND_ASSIGN(auto out3, io.OpenWrite("c"));
  EXPECT_EQ(FileWriter::Open(std::move(out3), OneColumn(PhysicalType::kInt96)).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_FALSE(
      Schema::Make({Node::Leaf("f", 1, Repetition::kOptional, PhysicalType::kFixedLenByteArray)})
          .ok());
  EXPECT_FALSE(
      Schema::Make(
          {Node::Leaf("d", 1, Repetition::kOptional, PhysicalType::kInt32,
                      LogicalType{.kind = LogicalType::kDecimal, .scale = 0, .precision = 10})})
          .ok());
}

TEST(RoundTripTest, ReaderRejectsOutOfRangeColumns) {
  Schema schema = OneColumn(PhysicalType::kInt32);
  ColumnVector v(PhysicalType::kInt32);
  v.AppendInt32(1);
  auto f = WriteAndOpen(schema, {{v}});
  ASSERT_TRUE(f.ok());
  ColumnVector out;
  EXPECT_EQ((*f)->reader->ReadColumn(0, 1, &out).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ((*f)->reader->ReadColumn(1, 0, &out).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ((*f)->reader->ReadColumn(-1, 0, &out).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ((*f)->reader->OpenColumn(0, -1).status().code(), StatusCode::kInvalidArgument);
}

// ---- Files from other writers ------------------------------------------------

// Appends one page (header + body, compressed with `codec`) to *file.
void PutPage(PageHeader h, const std::string& body, Codec codec, std::string* file) {
  std::string stored = body;
  if (codec != Codec::kUncompressed) {
    auto c = Compressor::Make(codec);
    ASSERT_TRUE(c.ok());
    ASSERT_TRUE((*c)->Compress(body, &stored).ok());
  }
  h.uncompressed_page_size = static_cast<int32_t>(body.size());
  h.compressed_page_size = static_cast<int32_t>(stored.size());
  EncodePageHeader(h, file);
  file->append(stored);
}

// A file assembled by hand from the spec, with pages floe does not write: a
// DATA_PAGE_V2 (levels outside the compressed section), RLE booleans and a
// legacy PLAIN_DICTIONARY page.
TEST(RoundTripTest, ReadsPagesFromOtherWriters) {
  std::string file = "PAR1";
  FileMetaData md;
  SchemaElement root;
  root.name = "schema";
  root.num_children = 3;
  SchemaElement a, b, c;
  a.name = "a";
  a.type = PhysicalType::kInt32;
  a.repetition = Repetition::kOptional;
  b.name = "b";
  b.type = PhysicalType::kBoolean;
  b.repetition = Repetition::kRequired;
  c.name = "c";
  c.type = PhysicalType::kByteArray;
  c.repetition = Repetition::kOptional;
  c.converted_type = ConvertedType::kUtf8;  // legacy annotation only
  md.schema = {root, a, b, c};
  RowGroup rg;
  rg.num_rows = 5;

  auto chunk = [&](PhysicalType t, Codec codec, int64_t start, std::optional<int64_t> dict) {
    ColumnChunk cc;
    ColumnMetaData m;
    m.type = t;
    m.codec = codec;
    m.num_values = 5;
    m.data_page_offset = start;
    m.dictionary_page_offset = dict;
    m.total_compressed_size = static_cast<int64_t>(file.size()) - dict.value_or(start);
    m.total_uncompressed_size = m.total_compressed_size;
    cc.meta_data = m;
    rg.columns.push_back(cc);
  };

  // a: [1, null, 3, null, 5] in one V2 page, values compressed with snappy.
  int64_t a_start = static_cast<int64_t>(file.size());
  {
    uint8_t levels[] = {1, 0, 1, 0, 1};
    std::string def;
    RleHybridEncodeBytes(levels, 5, 1, &def);
    std::string values;
    for (int32_t x : {1, 3, 5}) PutFixed32(&values, static_cast<uint32_t>(x));
    std::string compressed;
    auto comp = Compressor::Make(Codec::kSnappy);
    ASSERT_TRUE(comp.ok());
    ASSERT_TRUE((*comp)->Compress(values, &compressed).ok());
    PageHeader h;
    h.type = PageType::kDataPageV2;
    h.uncompressed_page_size = static_cast<int32_t>(def.size() + values.size());
    h.compressed_page_size = static_cast<int32_t>(def.size() + compressed.size());
    h.data_page_v2 =
        DataPageHeaderV2{5, 2, 5, Encoding::kPlain, static_cast<int32_t>(def.size()), 0, true};
    EncodePageHeader(h, &file);
    file += def;
    file += compressed;
  }
  chunk(PhysicalType::kInt32, Codec::kSnappy, a_start, std::nullopt);

  // b: [true, false, true, true, false] as RLE booleans (4-byte length prefix).
  int64_t b_start = static_cast<int64_t>(file.size());
  {
    uint8_t bits[] = {1, 0, 1, 1, 0};
    std::string runs;
    RleHybridEncodeBytes(bits, 5, 1, &runs);
    std::string body;
    PutFixed32(&body, static_cast<uint32_t>(runs.size()));
    body += runs;
    PageHeader h;
    h.type = PageType::kDataPage;
    h.data_page = DataPageHeader{5, Encoding::kRle, Encoding::kRle, Encoding::kRle};
    PutPage(h, body, Codec::kGzip, &file);
  }
  chunk(PhysicalType::kBoolean, Codec::kGzip, b_start, std::nullopt);

  // c: ["y", "x", null, "y", "y"]: PLAIN dictionary page, PLAIN_DICTIONARY data page.
  int64_t c_dict = static_cast<int64_t>(file.size());
  int64_t c_start = 0;
  {
    std::string dict;
    for (const char* s : {"x", "y"}) {
      PutFixed32(&dict, 1);
      dict += s;
    }
    PageHeader dh;
    dh.type = PageType::kDictionaryPage;
    dh.dictionary_page = DictionaryPageHeader{2, Encoding::kPlainDictionary};
    PutPage(dh, dict, Codec::kZstd, &file);
    c_start = static_cast<int64_t>(file.size());
    uint8_t levels[] = {1, 1, 0, 1, 1};
    std::string def;
    RleHybridEncodeBytes(levels, 5, 1, &def);
    std::string body;
    PutFixed32(&body, static_cast<uint32_t>(def.size()));
    body += def;
    body.push_back(1);  // index bit width
    uint32_t idx[] = {1, 0, 1, 1};
    RleHybridEncode(idx, 4, 1, &body);
    PageHeader h;
    h.type = PageType::kDataPage;
    h.data_page = DataPageHeader{5, Encoding::kPlainDictionary, Encoding::kRle, Encoding::kRle};
    PutPage(h, body, Codec::kZstd, &file);
  }
  chunk(PhysicalType::kByteArray, Codec::kZstd, c_start, c_dict);

  md.row_groups.push_back(rg);
  md.num_rows = 5;
  std::string footer;
  EncodeFileMetaData(md, &footer);
  file += footer;
  PutFixed32(&file, static_cast<uint32_t>(footer.size()));
  file += "PAR1";

  ASSERT_OK_AND_ASSIGN(auto r, FileReader::Open(storage::NewStringFile("other.parquet", file)));
  EXPECT_EQ(r->schema().columns()[2].logical.kind, LogicalType::kString);
  ASSERT_OK_AND_ASSIGN(auto got, ReadAll(*r));
  ColumnVector wa(PhysicalType::kInt32), wb(PhysicalType::kBoolean), wc(PhysicalType::kByteArray);
  wa.AppendInt32(1);
  wa.AppendNull();
  wa.AppendInt32(3);
  wa.AppendNull();
  wa.AppendInt32(5);
  for (bool x : {true, false, true, true, false}) wb.AppendBool(x);
  wc.AppendBytes("y");
  wc.AppendBytes("x");
  wc.AppendNull();
  wc.AppendBytes("y");
  wc.AppendBytes("y");
  ExpectSameColumn(wa, got[0], "v2 page");
  ExpectSameColumn(wb, got[1], "rle booleans");
  ExpectSameColumn(wc, got[2], "plain_dictionary");
}

// ---- Truncated and corrupted files ------------------------------------------

std::string SmallFile(Codec codec) {
  LogicalType str{.kind = LogicalType::kString};
  LogicalType dec{.kind = LogicalType::kDecimal, .scale = 2, .precision = 20};
  auto schema = Schema::Make(
      {Node::Leaf("id", 1, Repetition::kRequired, PhysicalType::kInt64),
       Node::Leaf("s", 2, Repetition::kOptional, PhysicalType::kByteArray, str),
       Node::Leaf("d", 3, Repetition::kOptional, PhysicalType::kDouble),
       Node::Leaf("b", 4, Repetition::kOptional, PhysicalType::kBoolean),
       Node::Leaf("f", 5, Repetition::kOptional, PhysicalType::kFixedLenByteArray, dec, 9)});
  EXPECT_TRUE(schema.ok());
  std::mt19937_64 rng(99);
  WriterOptions o;
  o.codec = codec;
  o.page_bytes = 64;
  auto f = WriteAndOpen(
      *schema, {MakeBatch(*schema, 30, rng, 0.3, 4), MakeBatch(*schema, 12, rng, 0.3)}, o, true);
  EXPECT_TRUE(f.ok()) << f.status().ToString();
  return f.ok() ? (*f)->bytes : std::string();
}

// Opens and reads every column of `bytes`; errors are fine, crashes are not.
int TryRead(const std::string& bytes) {
  auto r = FileReader::Open(storage::NewStringFile("x.parquet", bytes));
  if (!r.ok()) {
    EXPECT_NE(r.status().code(), StatusCode::kOk);
    return 0;
  }
  int ok = 1;
  for (int g = 0; g < (*r)->num_row_groups(); ++g) {
    for (int c = 0; c < static_cast<int>((*r)->schema().columns().size()); ++c) {
      ColumnVector v;
      Status st = (*r)->ReadColumn(g, c, &v);
      if (st.ok()) {
        EXPECT_EQ(v.length, (*r)->metadata().row_groups[static_cast<size_t>(g)].num_rows);
        if (!v.validity.empty()) {
          EXPECT_EQ(static_cast<int64_t>(v.validity.size()), v.length);
        }
        ok += 1;
      }
    }
  }
  return ok;
}

TEST(RoundTripTest, EveryTruncatedPrefixFailsCleanly) {
  for (Codec codec : {Codec::kUncompressed, Codec::kSnappy}) {
    std::string bytes = SmallFile(codec);
    ASSERT_FALSE(bytes.empty());
    ASSERT_GT(TryRead(bytes), 1);
    for (size_t len = 0; len < bytes.size(); ++len) {
      auto r = FileReader::Open(storage::NewStringFile("x", bytes.substr(0, len)));
      EXPECT_FALSE(r.ok()) << "prefix " << len << " opened";
      TryRead(bytes.substr(0, len));
    }
  }
}

TEST(RoundTripTest, SingleByteCorruptionsNeverCrash) {
  for (Codec codec : {Codec::kUncompressed, Codec::kSnappy}) {
    std::string bytes = SmallFile(codec);
    ASSERT_FALSE(bytes.empty());
    for (size_t pos = 0; pos < bytes.size(); ++pos) {
      for (uint8_t x : {0x01, 0x80, 0xFF}) {
        std::string bad = bytes;
        bad[pos] = static_cast<char>(bad[pos] ^ x);
        TryRead(bad);
      }
    }
  }
}

TEST(RoundTripTest, RandomMultiByteCorruptionsNeverCrash) {
  std::string bytes = SmallFile(Codec::kUncompressed);
  ASSERT_FALSE(bytes.empty());
  std::mt19937 rng(123);
  for (int iter = 0; iter < 3000; ++iter) {
    std::string bad = bytes;
    int n = 1 + static_cast<int>(rng() % 6);
    for (int k = 0; k < n; ++k) bad[rng() % bad.size()] = static_cast<char>(rng());
    TryRead(bad);
  }
}

}  // namespace
}  // namespace floe::parquet
