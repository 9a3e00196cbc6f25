#include "floe/query/parquet_source.h"

#include <fnmatch.h>

#include "floe/query/parquet_convert.h"

namespace floe::query {

Result<std::unique_ptr<parquet::FileReader>> OpenParquetFile(storage::FileIO* io,
                                                             const std::string& path) {
  auto file = io->OpenRead(path);
  if (!file.ok()) return file.status().WithContext(path);
  auto reader =
      parquet::FileReader::Open(std::shared_ptr<storage::RandomAccessFile>(std::move(*file)));
  if (!reader.ok()) return reader.status().WithContext(path);
  return reader;
}

namespace {

// Rows per batch a scan hands on (row groups are split into batches of this
// many): the engine's batch size, measured best against 16K, 32K and 128K.
constexpr int64_t kScanSliceRows = kBatchRows;
// A file's first batches are smaller (4K, then 16K rows), so a LIMIT that the
// first rows satisfy decodes little more than it returns.
constexpr int64_t kFirstSliceRows = 4096;

// One column of one row group, read slice by slice: strings as codes into the
// row group's dictionary while its pages are dictionary-encoded, all else (and
// strings from the first page that is not) as plain values.
class ColumnStream {
 public:
  ColumnStream(const parquet::FileReader& reader, int row_group, int leaf, DataType type)
      : reader_(reader),
        row_group_(row_group),
        leaf_(leaf),
        desc_(reader.schema().columns()[static_cast<size_t>(leaf)]),
        type_(type) {}

  Status Open() {
    const auto& m = *reader_.metadata()
                         .row_groups[static_cast<size_t>(row_group_)]
                         .columns[static_cast<size_t>(leaf_)]
                         .meta_data;
    codes_ = type_ == DataType::kVarchar && desc_.physical == parquet::PhysicalType::kByteArray &&
             desc_.logical.kind != parquet::LogicalType::kDecimal && m.dictionary_page_offset &&
             *m.dictionary_page_offset > 0;
    FLOE_ASSIGN_OR_RETURN(column_, reader_.OpenColumn(row_group_, leaf_));
    if (codes_) column_->ReadCodes();
    return Status::OK();
  }

  Result<Vector> Read(int64_t n) {
    if (codes_) {
      parquet::ColumnVector codes(parquet::PhysicalType::kInt32);
      auto got = column_->Next(n, &codes);
      if (got.ok()) {
        FLOE_RETURN_IF_ERROR(CheckCount(*got, n));
        if (dict_ == nullptr) {
          const parquet::ColumnVector& d = column_->dictionary();
          auto dict = std::make_shared<std::vector<std::string>>();
          dict->reserve(static_cast<size_t>(d.length));
          for (int64_t k = 0; k < d.length; ++k) dict->emplace_back(d.Bytes(k));
          dict_ = std::move(dict);
        }
        Vector v(DataType::kVarchar);
        v.length = n;
        v.valid = std::move(codes.validity);
        v.codes.assign(codes.i32.begin(), codes.i32.end());
        v.dict = dict_;
        done_ += n;
        return v;
      }
      if (got.status().code() != StatusCode::kFailedPrecondition ||
          got.status().message() != parquet::ColumnChunkReader::kNotDictionary) {
        return got.status();
      }
      // A page without the dictionary: from here on, read this column plainly.
      codes_ = false;
      FLOE_ASSIGN_OR_RETURN(column_, reader_.OpenColumn(row_group_, leaf_));
      if (done_ > 0) {
        parquet::ColumnVector skipped(desc_.physical);
        FLOE_ASSIGN_OR_RETURN(int64_t k, column_->Next(done_, &skipped));
        FLOE_RETURN_IF_ERROR(CheckCount(k, done_));
      }
    }
    parquet::ColumnVector v(desc_.physical);
    FLOE_ASSIGN_OR_RETURN(int64_t got, column_->Next(n, &v));
    FLOE_RETURN_IF_ERROR(CheckCount(got, n));
    done_ += n;
    return FromColumnVector(desc_, type_, std::move(v));
  }

 private:
  Status CheckCount(int64_t got, int64_t want) const {
    if (got == want) return Status::OK();
    return DataLoss("row group " + std::to_string(row_group_) + ": column " + desc_.DottedPath() +
                    " holds fewer values than the row group");
  }

  const parquet::FileReader& reader_;
  int row_group_;
  int leaf_;
  const parquet::ColumnDescriptor& desc_;
  DataType type_;
  std::unique_ptr<parquet::ColumnChunkReader> column_;
  bool codes_ = false;
  int64_t done_ = 0;
  std::shared_ptr<const std::vector<std::string>> dict_;
};

}  // namespace

Status ReadRowGroups(const parquet::FileReader& reader, const std::vector<int>& leaves,
                     const std::vector<DataType>& types, const std::vector<ScanFilter>& filters,
                     ScanCounters* counters, const ParallelReader::Emit& emit,
                     const TopNBound* bound) {
  const auto& cols = reader.schema().columns();
  std::vector<parquet::ColumnPredicate> predicates;
  for (const ScanFilter& f : filters) {
    int leaf = leaves[static_cast<size_t>(f.column)];
    if (leaf < 0) continue;
    auto ps = ToParquetPredicates(f, cols[static_cast<size_t>(leaf)], leaf);
    predicates.insert(predicates.end(), ps.begin(), ps.end());
  }
  counters->files += 1;
  int64_t slice = kFirstSliceRows;
  for (int g = 0; g < reader.num_row_groups(); ++g) {
    counters->row_groups += 1;
    if (!predicates.empty() && !parquet::RowGroupMayMatch(reader, g, predicates)) {
      counters->row_groups_skipped += 1;
      continue;
    }
    if (bound != nullptr && bound->set.load() && leaves[static_cast<size_t>(bound->column)] >= 0) {
      // Rows worse than the top-N's N-th cannot enter it.
      const int leaf = leaves[static_cast<size_t>(bound->column)];
      ScanFilter f{bound->column,
                   bound->desc ? ScanFilter::Op::kGe : ScanFilter::Op::kLe,
                   {Value::Int(bound->value.load(), types[static_cast<size_t>(bound->column)])}};
      auto ps = ToParquetPredicates(f, cols[static_cast<size_t>(leaf)], leaf);
      if (!ps.empty() && !parquet::RowGroupMayMatch(reader, g, ps)) {
        counters->row_groups_skipped += 1;
        continue;
      }
    }
    const int64_t rows = reader.metadata().row_groups[static_cast<size_t>(g)].num_rows;
    std::vector<std::unique_ptr<ColumnStream>> streams(leaves.size());
    for (size_t k = 0; k < leaves.size(); ++k) {
      if (leaves[k] < 0) continue;
      streams[k] = std::make_unique<ColumnStream>(reader, g, leaves[k], types[k]);
      FLOE_RETURN_IF_ERROR(streams[k]->Open());
    }
    for (int64_t done = 0; done < rows;) {
      const int64_t n = std::min(slice, rows - done);
      slice = std::min(slice * 4, kScanSliceRows);
      Chunk chunk;
      chunk.rows = n;
      for (size_t k = 0; k < leaves.size(); ++k) {
        if (streams[k] == nullptr) {
          chunk.columns.emplace_back(types[k]);
          continue;
        }
        FLOE_ASSIGN_OR_RETURN(Vector v, streams[k]->Read(n));
        chunk.columns.push_back(std::move(v));
      }
      counters->rows += n;
      done += n;
      if (!emit(std::move(chunk))) return Status::OK();  // the scan stopped (LIMIT)
    }
  }
  return Status::OK();
}

std::vector<SourceColumn> ParquetColumns(const parquet::Schema& schema) {
  std::vector<SourceColumn> out;
  for (const auto& c : schema.columns()) {
    if (c.path.size() != 1) continue;
    auto t = SqlTypeOf(c);
    if (t) out.push_back({c.name, *t});
  }
  return out;
}

Result<std::vector<std::string>> ExpandGlob(storage::FileIO* io, const std::string& pattern) {
  if (pattern.find_first_of("*?[") == std::string::npos) {
    FLOE_ASSIGN_OR_RETURN(bool exists, io->Exists(pattern));
    if (!exists)
      return NotFound("IO Error: no file found that matches the pattern \"" + pattern + "\"");
    return std::vector<std::string>{pattern};
  }
  size_t slash = pattern.rfind('/');
  std::string dir = slash == std::string::npos ? "." : pattern.substr(0, slash);
  std::string glob = slash == std::string::npos ? pattern : pattern.substr(slash + 1);
  if (dir.find_first_of("*?[") != std::string::npos) {
    return InvalidArgument(
        "read_parquet: wildcards are supported in the file name only, not in directories (" +
        pattern + ")");
  }
  auto list = io->List(dir.empty() ? "/" : dir);
  std::vector<std::string> out;
  if (list.ok()) {
    for (const auto& e : *list) {
      if (!e.is_dir && fnmatch(glob.c_str(), e.name.c_str(), 0) == 0)
        out.push_back(dir + "/" + e.name);
    }
  }
  if (out.empty())
    return NotFound("IO Error: no file found that matches the pattern \"" + pattern + "\"");
  return out;
}

Result<std::unique_ptr<ParquetSource>> ParquetSource::Make(storage::FileIO* io, std::string pattern,
                                                           int threads) {
  FLOE_ASSIGN_OR_RETURN(auto files, ExpandGlob(io, pattern));
  FLOE_ASSIGN_OR_RETURN(auto first, OpenParquetFile(io, files[0]));
  auto columns = ParquetColumns(first->schema());
  return std::unique_ptr<ParquetSource>(
      new ParquetSource(io, std::move(pattern), std::move(files), std::move(columns), threads));
}

Status ParquetSource::Open(const std::vector<bool>& needed,
                           const std::vector<ScanFilter>& filters) {
  needed_ = needed;
  filters_ = filters;
  reader_ = std::make_unique<ParallelReader>(
      files_.size(), threads_, [this](size_t item, const ParallelReader::Emit& emit) {
        const std::string& path = files_[item];
        FLOE_ASSIGN_OR_RETURN(auto reader, OpenParquetFile(io_, path));
        const auto& cols = reader->schema().columns();
        std::vector<int> leaves(columns_.size(), -1);
        std::vector<DataType> types;
        for (size_t k = 0; k < columns_.size(); ++k) {
          types.push_back(columns_[k].type);
          if (!needed_[k]) continue;
          for (size_t c = 0; c < cols.size(); ++c) {
            if (cols[c].path.size() == 1 && cols[c].name == columns_[k].name)
              leaves[k] = static_cast<int>(c);
          }
          if (leaves[k] < 0) {
            return InvalidArgument("read_parquet: " + path + " has no column \"" +
                                   columns_[k].name +
                                   "\" (files read together must share their columns)");
          }
          auto t = SqlTypeOf(cols[static_cast<size_t>(leaves[k])]);
          if (!t || *t != columns_[k].type) {
            return InvalidArgument("read_parquet: column \"" + columns_[k].name + "\" of " + path +
                                   " has a different type than in " + files_[0]);
          }
        }
        return ReadRowGroups(*reader, leaves, types, filters_, &counters_, emit);
      });
  return Status::OK();
}

Result<bool> ParquetSource::Next(Chunk* out) { return reader_->Next(out); }

std::string ParquetSource::Describe() const {
  return "PARQUET_SCAN read_parquet('" + pattern_ + "') files=" + std::to_string(files_.size()) +
         " row_groups=" + std::to_string(counters_.row_groups.load()) +
         " row_groups_skipped=" + std::to_string(counters_.row_groups_skipped.load()) +
         " rows=" + std::to_string(counters_.rows.load());
}

Status TableSource::Push(int threads, const Sink& sink) {
  Chunk c;
  for (int64_t seq = 0;; ++seq) {
    FLOE_ASSIGN_OR_RETURN(bool more, Next(&c));
    if (!more) return Status::OK();
    c.seq = seq;
    FLOE_RETURN_IF_ERROR(sink(0, std::move(c)));
    c = Chunk();
  }
}

Result<bool> MemorySource::Next(Chunk* out) {
  if (done_) return false;
  done_ = true;
  *out = rows_;
  return true;
}

}  // namespace floe::query
