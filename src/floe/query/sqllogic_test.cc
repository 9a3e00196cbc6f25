// Runs the sqllogictest-style files under test/sql/ (see test/sql/README.md
// for the format) against the engine, with tables built in a temp directory
// through the catalog, the Parquet writer and Iceberg fast appends.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "floe/base/clock.h"
#include "floe/catalog/catalog_pointer.h"
#include "floe/catalog/sqlite_catalog.h"
#include "floe/format/parquet/file_writer.h"
#include "floe/iceberg/parquet_metrics.h"
#include "floe/iceberg/parquet_schema.h"
#include "floe/iceberg/table.h"
#include "floe/ingest/record_converter.h"
#include "floe/query/engine.h"

namespace floe::query {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  std::istringstream in(s);
  while (std::getline(in, cur, sep)) {
    if (!cur.empty()) out.push_back(cur);
  }
  return out;
}

// "name:type name:type ..." → an Iceberg schema with ids 1..n, all optional.
Result<iceberg::Schema> ParseSchema(const std::vector<std::string>& specs) {
  std::vector<iceberg::NestedField> fields;
  int32_t id = 1;
  for (const auto& spec : specs) {
    size_t colon = spec.find(':');
    if (colon == std::string::npos) return InvalidArgument("column spec without type: " + spec);
    FLOE_ASSIGN_OR_RETURN(auto type, iceberg::PrimitiveType::Parse(spec.substr(colon + 1)));
    fields.push_back({id++, spec.substr(0, colon), false, type, ""});
  }
  return iceberg::Schema::Make(0, std::move(fields));
}

// Writes `rows` (JSON objects) as one Parquet file.
Status WriteParquet(const std::string& path, const iceberg::Schema& schema,
                    const std::vector<std::string>& rows, parquet::WriteResult* result,
                    parquet::Schema* pschema, int64_t row_group_rows) {
  FLOE_ASSIGN_OR_RETURN(auto converter, ingest::RecordConverter::Make(schema));
  auto batch = converter.NewBatch();
  for (const auto& r : rows) FLOE_RETURN_IF_ERROR(converter.Append(r, &batch));
  FLOE_ASSIGN_OR_RETURN(auto out, storage::LocalFileIO::Default()->OpenWrite(path));
  parquet::WriterOptions options;
  FLOE_ASSIGN_OR_RETURN(
      auto writer, parquet::FileWriter::Open(std::move(out), converter.parquet_schema(), options));
  // Row groups of `row_group_rows` rows, so statistics-based skipping has something to skip.
  int64_t n = batch.empty() ? 0 : batch[0].length;
  for (int64_t from = 0; from < n; from += row_group_rows) {
    std::vector<parquet::ColumnVector> part;
    for (const auto& c : batch) {
      parquet::ColumnVector v(c.type);
      parquet::AppendRows(c, from, std::min(row_group_rows, n - from), &v);
      part.push_back(std::move(v));
    }
    FLOE_RETURN_IF_ERROR(writer->WriteBatch(part));
    FLOE_RETURN_IF_ERROR(writer->FlushRowGroup());
  }
  FLOE_ASSIGN_OR_RETURN(*result, writer->Close());
  *pschema = converter.parquet_schema();
  return Status::OK();
}

class Runner {
 public:
  explicit Runner(std::string dir) : dir_(std::move(dir)) {}

  // `table [bucket.]ns.name col:type ...` followed by JSON rows: creates the
  // table on first use and appends the rows as one data file (one snapshot).
  Status Table(const std::vector<std::string>& words, const std::vector<std::string>& rows) {
    if (!catalog_) {
      FLOE_ASSIGN_OR_RETURN(catalog_, catalog::SqliteCatalog::Open(dir_ + "/catalog.db", &clock_));
    }
    auto parts = Split(words[1], '.');
    std::string bucket = parts.size() == 3 ? parts[0] : "demo";
    std::string ns = parts[parts.size() - 2], name = parts.back();
    if (!catalog_->GetBucket(bucket).ok())
      FLOE_RETURN_IF_ERROR(catalog_->CreateBucket(bucket).status());
    if (!catalog_->GetNamespace(bucket, ns).ok())
      FLOE_RETURN_IF_ERROR(catalog_->CreateNamespace(bucket, ns).status());
    std::vector<std::string> specs;
    int64_t row_group_rows = 1 << 20;
    for (size_t k = 2; k < words.size(); ++k) {
      if (words[k].rfind("row_group_rows=", 0) == 0) {
        row_group_rows = std::stoll(words[k].substr(15));
      } else {
        specs.push_back(words[k]);
      }
    }
    FLOE_ASSIGN_OR_RETURN(iceberg::Schema schema, ParseSchema(specs));
    std::string location = dir_ + "/tables/" + bucket + "/" + ns + "/" + name;
    auto io = storage::LocalFileIO::Default();
    std::unique_ptr<iceberg::Table> table;
    auto entry = catalog_->GetTable(bucket, ns, name);
    if (entry.ok()) {
      FLOE_ASSIGN_OR_RETURN(
          table,
          iceberg::Table::Load(
              io, catalog::NewCatalogPointer(catalog_.get(), bucket, ns, name, location), &clock_));
    } else {
      FLOE_ASSIGN_OR_RETURN(
          table, iceberg::Table::Create(
                     io, catalog::NewCatalogPointer(catalog_.get(), bucket, ns, name, location),
                     &clock_, location, schema, iceberg::PartitionSpec::Unpartitioned()));
    }
    if (rows.empty()) return Status::OK();
    std::string path = location + "/data/" + std::to_string(files_++) + ".parquet";
    parquet::WriteResult result;
    parquet::Schema pschema;
    FLOE_RETURN_IF_ERROR(WriteParquet(path, *table->metadata().CurrentSchema(), rows, &result,
                                      &pschema, row_group_rows));
    FLOE_ASSIGN_OR_RETURN(auto df, iceberg::DataFileFromParquet(
                                       path, result, pschema, *table->metadata().CurrentSchema()));
    clock_.Advance(1000000);  // snapshots one second apart, for FOR TIMESTAMP AS OF
    return iceberg::FastAppend(table.get(), {df}).status();
  }

  // `parquet NAME col:type ...` followed by JSON rows: a loose Parquet file.
  Status Parquet(const std::vector<std::string>& words, const std::vector<std::string>& rows) {
    std::vector<std::string> specs(words.begin() + 2, words.end());
    FLOE_ASSIGN_OR_RETURN(iceberg::Schema schema, ParseSchema(specs));
    parquet::WriteResult result;
    parquet::Schema pschema;
    return WriteParquet(dir_ + "/" + words[1], schema, rows, &result, &pschema, 1 << 20);
  }

  Result<QueryResult> Run(const std::string& sql) {
    QueryOptions options;
    options.data_dir = dir_;
    options.clock = &clock_;
    options.threads = 2;
    options.memory_limit_bytes = 64 << 20;
    std::string text = sql;
    for (size_t p; (p = text.find("__TEMP__")) != std::string::npos;) text.replace(p, 8, dir_);
    return ExecuteQuery(text, options);
  }

  FakeClock& clock() { return clock_; }

 private:
  std::string dir_;
  FakeClock clock_{1700000000000000};
  std::unique_ptr<catalog::Catalog> catalog_;
  int files_ = 0;
};

struct Record {
  int line = 0;
  std::vector<std::string> header;  // the directive's words
  std::vector<std::string> body;    // lines before ----
  std::vector<std::string> expect;  // lines after ----
};

std::vector<Record> ReadRecords(const std::string& path) {
  std::ifstream in(path);
  std::vector<Record> out;
  std::string line;
  int n = 0;
  Record cur;
  bool in_expect = false;
  auto flush = [&] {
    if (!cur.header.empty()) out.push_back(cur);
    cur = Record();
    in_expect = false;
  };
  while (std::getline(in, line)) {
    ++n;
    if (line.empty()) {
      flush();
      continue;
    }
    if (cur.header.empty()) {
      if (line[0] == '#') continue;
      cur.header = Split(line, ' ');
      cur.line = n;
      continue;
    }
    if (line == "----") {
      in_expect = true;
      continue;
    }
    (in_expect ? cur.expect : cur.body).push_back(line);
  }
  flush();
  return out;
}

std::string Join(const std::vector<std::string>& lines, const char* sep) {
  std::string s;
  for (size_t k = 0; k < lines.size(); ++k) s += (k ? sep : "") + lines[k];
  return s;
}

std::vector<std::string> ResultLines(const QueryResult& r) {
  std::vector<std::string> out;
  for (const auto& c : r.chunks) {
    for (int64_t row = 0; row < c.rows; ++row) {
      std::string line;
      for (size_t k = 0; k < c.columns.size(); ++k) {
        Value v = c.columns[k].Get(row);
        std::string text = FormatValue(v);
        if (!v.is_null && v.type == DataType::kVarchar && text.empty()) text = "(empty)";
        line += (k ? "\t" : "") + text;
      }
      out.push_back(line);
    }
  }
  return out;
}

char TypeLetter(DataType t) {
  if (IsInteger(t)) return 'I';
  if (t == DataType::kDouble) return 'R';
  return 'T';
}

void RunFile(const std::string& path) {
  std::string dir = (fs::temp_directory_path() / ("floe-sql-" + std::to_string(::getpid()) + "-" +
                                                  fs::path(path).stem().string()))
                        .string();
  fs::remove_all(dir);
  fs::create_directories(dir);
  Runner runner(dir);
  for (const Record& rec : ReadRecords(path)) {
    std::string where = path + ":" + std::to_string(rec.line);
    const std::string& kind = rec.header[0];
    if (kind == "table" || kind == "parquet") {
      Status st = kind == "table" ? runner.Table(rec.header, rec.body)
                                  : runner.Parquet(rec.header, rec.body);
      ASSERT_TRUE(st.ok()) << where << ": " << st.ToString();
      continue;
    }
    std::string sql = Join(rec.body, "\n");
    if (kind == "statement") {
      auto r = runner.Run(sql);
      if (rec.header.size() > 1 && rec.header[1] == "error") {
        ASSERT_FALSE(r.ok()) << where << ": expected an error from\n" << sql;
        for (const auto& want : rec.expect) {
          EXPECT_NE(r.status().message().find(want), std::string::npos)
              << where << ": error\n"
              << r.status().message() << "\ndoes not contain\n"
              << want;
        }
      } else {
        EXPECT_TRUE(r.ok()) << where << ": " << r.status().ToString();
      }
      continue;
    }
    ASSERT_EQ(kind, "query") << where << ": unknown directive";
    auto r = runner.Run(sql);
    ASSERT_TRUE(r.ok()) << where << ": " << r.status().message() << "\n" << sql;
    if (rec.header.size() > 1) {
      std::string types;
      for (DataType t : r->types) types.push_back(TypeLetter(t));
      EXPECT_EQ(types, rec.header[1]) << where << ": column types of\n" << sql;
    }
    std::vector<std::string> got = ResultLines(*r);
    std::vector<std::string> want = rec.expect;
    for (auto& w : want) std::replace(w.begin(), w.end(), '|', '\t');
    if (rec.header.size() > 2 && rec.header[2] == "contains") {
      // Each expected line must occur within some result row (EXPLAIN output
      // names random snapshot ids).
      for (const auto& w : rec.expect) {
        bool found = std::any_of(got.begin(), got.end(), [&](const std::string& g) {
          return g.find(w) != std::string::npos;
        });
        EXPECT_TRUE(found) << where << ": no row contains \"" << w << "\" in\n" << Join(got, "\n");
      }
      continue;
    }
    bool rowsort = rec.header.size() > 2 && rec.header[2] == "rowsort";
    if (rowsort) {
      std::sort(got.begin(), got.end());
      std::sort(want.begin(), want.end());
    }
    EXPECT_EQ(Join(got, "\n"), Join(want, "\n")) << where << ":\n" << sql;
  }
  fs::remove_all(dir);
}

std::vector<std::string> TestFiles() {
  std::vector<std::string> out;
  for (const auto& e :
       fs::recursive_directory_iterator(std::string(FLOE_SOURCE_DIR) + "/test/sql")) {
    if (e.is_regular_file() && e.path().extension() == ".test") out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

class SqlLogicTest : public ::testing::TestWithParam<std::string> {};

TEST_P(SqlLogicTest, File) { RunFile(GetParam()); }

INSTANTIATE_TEST_SUITE_P(Files, SqlLogicTest, ::testing::ValuesIn(TestFiles()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name =
                               fs::relative(info.param, std::string(FLOE_SOURCE_DIR) + "/test/sql")
                                   .replace_extension()
                                   .string();
                           for (auto& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace floe::query
