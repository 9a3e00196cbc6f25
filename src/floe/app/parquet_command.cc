#include "floe/app/parquet_command.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "floe/app/value_json.h"
#include "floe/format/parquet/file_reader.h"
#include "floe/format/parquet/file_writer.h"
#include "floe/format/parquet/scan.h"
#include "floe/ingest/record_converter.h"
#include "floe/storage/file_io.h"

namespace floe::app {
namespace {

using parquet::FileReader;

int Fail(const Status& st) {
  std::fprintf(stderr, "floe: error: %s\n", st.ToString().c_str());
  return 1;
}

Result<std::unique_ptr<FileReader>> OpenParquet(const std::string& path) {
  FLOE_ASSIGN_OR_RETURN(auto file, storage::LocalFileIO::Default()->OpenRead(path));
  auto reader = FileReader::Open(std::shared_ptr<storage::RandomAccessFile>(std::move(file)));
  if (!reader.ok()) return reader.status().WithContext(path);
  return reader;
}

int RunSchema(const std::string& path) {
  auto reader = OpenParquet(path);
  if (!reader.ok()) return Fail(reader.status());
  std::cout << (*reader)->schema().ToString();
  return 0;
}

std::string Encodings(const parquet::ColumnMetaData& m) {
  std::string out;
  for (auto e : m.encodings) {
    if (!out.empty()) out += ",";
    out += parquet::EncodingName(e);
  }
  return out;
}

int RunMeta(const std::string& path) {
  auto opened = OpenParquet(path);
  if (!opened.ok()) return Fail(opened.status());
  const FileReader& r = **opened;
  const auto& md = r.metadata();
  std::ostringstream out;
  out << "file:         " << path << "\n"
      << "size:         " << r.file_size() << " bytes\n"
      << "created_by:   " << md.created_by.value_or("") << "\n"
      << "version:      " << md.version << "\n"
      << "rows:         " << md.num_rows << "\n"
      << "row groups:   " << md.row_groups.size() << "\n"
      << "columns:      " << r.schema().columns().size() << "\n";
  for (const auto& c : r.schema().columns()) {
    out << "column:       " << c.DottedPath() << " " << parquet::PhysicalTypeName(c.physical);
    std::string lt = parquet::LogicalTypeToString(c.logical);
    if (!lt.empty()) out << " " << lt;
    if (c.field_id) out << " field_id=" << *c.field_id;
    out << (c.repetition == parquet::Repetition::kRequired ? " required" : " optional") << "\n";
  }
  for (const auto& kv : md.key_value_metadata) {
    std::string v = kv.value.value_or("");
    if (v.size() > 200) v = v.substr(0, 200) + "…";
    out << "metadata:     " << kv.key << " = " << v << "\n";
  }
  for (size_t g = 0; g < md.row_groups.size(); ++g) {
    const auto& rg = md.row_groups[g];
    out << "\nrow group " << g << ": " << rg.num_rows << " rows, " << rg.total_byte_size
        << " bytes uncompressed";
    if (rg.total_compressed_size) out << ", " << *rg.total_compressed_size << " bytes compressed";
    out << "\n";
    for (size_t c = 0; c < rg.columns.size(); ++c) {
      const auto& d = r.schema().columns()[c];
      const auto& m = *rg.columns[c].meta_data;
      out << "  " << d.DottedPath() << ": " << parquet::PhysicalTypeName(m.type) << " "
          << parquet::CodecName(m.codec) << " [" << Encodings(m) << "] values=" << m.num_values
          << " compressed=" << m.total_compressed_size
          << " uncompressed=" << m.total_uncompressed_size
          << " data_page_offset=" << m.data_page_offset;
      if (m.dictionary_page_offset) out << " dictionary_page_offset=" << *m.dictionary_page_offset;
      if (m.statistics) {
        const auto& s = *m.statistics;
        if (s.null_count) out << " nulls=" << *s.null_count;
        if (s.nan_count) out << " nans=" << *s.nan_count;
        const auto* lo = s.min_value ? &s.min_value : &s.min;
        const auto* hi = s.max_value ? &s.max_value : &s.max;
        if (*lo && *hi) {
          out << " min=" << StatValueText(d, **lo) << " max=" << StatValueText(d, **hi);
        }
      }
      out << "\n";
    }
  }
  std::cout << out.str();
  return 0;
}

int RunCat(const std::string& path, int64_t limit) {
  auto opened = OpenParquet(path);
  if (!opened.ok()) return Fail(opened.status());
  const FileReader& r = **opened;
  const auto& cols = r.schema().columns();
  parquet::ScanOptions options;
  options.batch_rows = 8192;
  auto scanner = parquet::ParquetScanner::Make(&r, options);
  if (!scanner.ok()) return Fail(scanner.status().WithContext(path));
  std::vector<std::string> keys;
  for (const auto& c : cols) {
    std::string k;
    AppendJsonString(c.DottedPath(), &k);
    keys.push_back(k + ":");
  }
  std::vector<parquet::ColumnVector> batch;
  std::string out;
  int64_t printed = 0;
  while (limit < 0 || printed < limit) {
    auto more = (*scanner)->Next(&batch);
    if (!more.ok()) {
      std::fwrite(out.data(), 1, out.size(), stdout);
      return Fail(more.status().WithContext(path));
    }
    if (!*more) break;
    int64_t n = batch.empty() ? 0 : batch[0].length;
    for (int64_t row = 0; row < n && (limit < 0 || printed < limit); ++row, ++printed) {
      out.push_back('{');
      for (size_t c = 0; c < batch.size(); ++c) {
        if (c) out.push_back(',');
        out.append(keys[c]);
        AppendValueJson(cols[c], batch[c], row, &out);
      }
      out.append("}\n");
    }
    // Only whole batches of a file that decoded cleanly reach stdout.
    if (out.size() > (1 << 20)) {
      std::fwrite(out.data(), 1, out.size(), stdout);
      out.clear();
    }
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return std::fflush(stdout) == 0 ? 0 : 1;
}

struct ConvertArgs {
  std::string input, output, schema;
  std::string codec = "snappy";
  int zstd_level = 0;
  bool no_dictionary = false;
  int64_t dictionary_page_bytes = 1 << 20;
  int64_t page_bytes = 1 << 20;
  int64_t row_group_bytes = 128ll << 20;
};

Result<parquet::Codec> ParseCodec(const std::string& name) {
  if (name == "snappy") return parquet::Codec::kSnappy;
  if (name == "zstd") return parquet::Codec::kZstd;
  if (name == "gzip") return parquet::Codec::kGzip;
  if (name == "lz4_raw" || name == "lz4") return parquet::Codec::kLz4Raw;
  if (name == "none" || name == "uncompressed") return parquet::Codec::kUncompressed;
  return InvalidArgument("unknown codec \"" + name +
                         "\" (use snappy, zstd, gzip, lz4_raw or none)");
}

Result<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("cannot open " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int RunConvert(const ConvertArgs& a) {
  auto codec = ParseCodec(a.codec);
  if (!codec.ok()) return Fail(codec.status());
  auto schema_text = ReadWholeFile(a.schema);
  if (!schema_text.ok()) return Fail(schema_text.status());
  auto schema = iceberg::SchemaFromJson(*schema_text);
  if (!schema.ok()) return Fail(schema.status().WithContext(a.schema));
  auto converter = ingest::RecordConverter::Make(std::move(*schema));
  if (!converter.ok()) return Fail(converter.status());
  std::ifstream in(a.input, std::ios::binary);
  if (!in) return Fail(NotFound("cannot open " + a.input));

  parquet::WriterOptions options;
  options.codec = *codec;
  options.compression_level = a.zstd_level;
  options.dictionary = !a.no_dictionary;
  options.dictionary_page_bytes = a.dictionary_page_bytes;
  options.page_bytes = a.page_bytes;
  options.row_group_bytes = a.row_group_bytes;
  options.key_value_metadata.push_back(
      {"iceberg.schema", iceberg::SchemaToJson(converter->schema())});
  auto file = storage::LocalFileIO::Default()->OpenWrite(a.output);
  if (!file.ok()) return Fail(file.status());
  auto writer = parquet::FileWriter::Open(std::move(*file), converter->parquet_schema(), options);
  if (!writer.ok()) return Fail(writer.status());

  bool tty = ::isatty(STDERR_FILENO);
  auto start = std::chrono::steady_clock::now();
  auto last_report = start;
  auto batch = converter->NewBatch();
  std::string line;
  int64_t line_no = 0, good = 0, bad = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    Status st = converter->Append(line, &batch);
    if (!st.ok()) {
      ++bad;
      std::fprintf(stderr, "line %lld: %s\n", static_cast<long long>(line_no),
                   st.message().c_str());
      continue;
    }
    ++good;
    if (batch[0].length >= 65536) {
      Status ws = (*writer)->WriteBatch(batch);
      if (!ws.ok()) return Fail(ws);
      batch = converter->NewBatch();
    }
    if (tty && (line_no & 0xFFFF) == 0) {
      auto now = std::chrono::steady_clock::now();
      if (now - last_report > std::chrono::milliseconds(500)) {
        double secs = std::chrono::duration<double>(now - start).count();
        std::fprintf(stderr, "\r%lld rows converted (%.0f rows/s)", static_cast<long long>(good),
                     good / secs);
        last_report = now;
      }
    }
  }
  if (batch[0].length > 0) {
    Status ws = (*writer)->WriteBatch(batch);
    if (!ws.ok()) return Fail(ws);
  }
  auto result = (*writer)->Close();
  if (!result.ok()) return Fail(result.status());
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (tty) std::fprintf(stderr, "\r");
  std::fprintf(stderr, "wrote %s: %lld rows, %d row groups, %lld bytes in %.2f s", a.output.c_str(),
               static_cast<long long>(result->num_rows), result->num_row_groups,
               static_cast<long long>(result->file_size), secs);
  if (bad > 0) std::fprintf(stderr, "; skipped %lld invalid lines", static_cast<long long>(bad));
  std::fprintf(stderr, "\n");
  return bad > 0 ? 1 : 0;
}

}  // namespace

void AddParquetCommands(CLI::App& app, int* exit_code) {
  CLI::App* pq = app.add_subcommand("parquet", "Inspect, print and write Parquet files");
  pq->require_subcommand(1);

  auto* schema = pq->add_subcommand("schema", "Print a Parquet file's schema with field ids");
  auto* schema_file = new std::string;
  schema->add_option("FILE", *schema_file, "Parquet file")->required();
  schema->callback([=] { *exit_code = RunSchema(*schema_file); });

  auto* meta =
      pq->add_subcommand("meta", "Print row groups, column chunks, encodings and statistics");
  auto* meta_file = new std::string;
  meta->add_option("FILE", *meta_file, "Parquet file")->required();
  meta->callback([=] { *exit_code = RunMeta(*meta_file); });

  auto* cat = pq->add_subcommand("cat", "Print rows as JSON lines");
  auto* cat_file = new std::string;
  auto* cat_limit = new int64_t(-1);
  cat->add_option("FILE", *cat_file, "Parquet file")->required();
  cat->add_option("--limit,-n", *cat_limit, "Print at most N rows")->check(CLI::NonNegativeNumber);
  cat->callback([=] { *exit_code = RunCat(*cat_file, *cat_limit); });

  auto* convert =
      pq->add_subcommand("convert", "Write newline-delimited JSON as Parquet by an Iceberg schema");
  auto* args = new ConvertArgs;
  convert->add_option("IN", args->input, "Input file, one JSON object per line")->required();
  convert->add_option("OUT", args->output, "Output Parquet file")->required();
  convert->add_option("--schema", args->schema, "Iceberg schema JSON file")->required();
  convert->add_option("--codec", args->codec, "snappy (default), zstd, gzip, lz4_raw or none");
  convert->add_option("--zstd-level", args->zstd_level, "ZSTD level (default 3)")
      ->check(CLI::Range(-7, 22));
  convert->add_flag("--no-dictionary", args->no_dictionary, "Write PLAIN values only");
  convert
      ->add_option("--dictionary-page-bytes", args->dictionary_page_bytes,
                   "Fall back to PLAIN when a dictionary passes this size")
      ->check(CLI::PositiveNumber);
  convert->add_option("--page-bytes", args->page_bytes, "Target data page size")
      ->check(CLI::PositiveNumber);
  convert->add_option("--row-group-bytes", args->row_group_bytes, "Target row group size")
      ->check(CLI::PositiveNumber);
  convert->callback([=] { *exit_code = RunConvert(*args); });
}

}  // namespace floe::app
