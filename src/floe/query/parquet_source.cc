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

Status ReadRowGroups(const parquet::FileReader& reader, const std::vector<int>& leaves,
                     const std::vector<DataType>& types, const std::vector<ScanFilter>& filters,
                     ScanCounters* counters, const ParallelReader::Emit& emit) {
  const auto& cols = reader.schema().columns();
  std::vector<parquet::ColumnPredicate> predicates;
  for (const ScanFilter& f : filters) {
    int leaf = leaves[static_cast<size_t>(f.column)];
    if (leaf < 0) continue;
    auto ps = ToParquetPredicates(f, cols[static_cast<size_t>(leaf)], leaf);
    predicates.insert(predicates.end(), ps.begin(), ps.end());
  }
  counters->files += 1;
  for (int g = 0; g < reader.num_row_groups(); ++g) {
    counters->row_groups += 1;
    if (!predicates.empty() && !parquet::RowGroupMayMatch(reader, g, predicates)) {
      counters->row_groups_skipped += 1;
      continue;
    }
    Chunk chunk;
    chunk.rows = reader.metadata().row_groups[static_cast<size_t>(g)].num_rows;
    for (size_t k = 0; k < leaves.size(); ++k) {
      if (leaves[k] < 0) {
        chunk.columns.emplace_back(types[k]);
        continue;
      }
      const auto& desc = cols[static_cast<size_t>(leaves[k])];
      if (types[k] == DataType::kVarchar && desc.logical.kind != parquet::LogicalType::kDecimal) {
        // Strings stay in dictionary form when every page is dictionary-encoded.
        parquet::ColumnVector codes, dictionary;
        FLOE_ASSIGN_OR_RETURN(bool coded,
                              reader.ReadColumnCodes(g, leaves[k], &codes, &dictionary));
        if (coded) {
          if (codes.length != chunk.rows)
            return DataLoss("row group " + std::to_string(g) + " has columns of different lengths");
          auto dict = std::make_shared<std::vector<std::string>>();
          dict->reserve(static_cast<size_t>(dictionary.length));
          for (int64_t d = 0; d < dictionary.length; ++d) dict->emplace_back(dictionary.Bytes(d));
          Vector v(DataType::kVarchar);
          v.length = codes.length;
          v.valid = std::move(codes.validity);
          v.codes.assign(codes.i32.begin(), codes.i32.end());
          v.dict = std::move(dict);
          chunk.columns.push_back(std::move(v));
          continue;
        }
      }
      parquet::ColumnVector v;
      FLOE_RETURN_IF_ERROR(reader.ReadColumn(g, leaves[k], &v));
      if (v.length != chunk.rows)
        return DataLoss("row group " + std::to_string(g) + " has columns of different lengths");
      chunk.columns.push_back(
          FromColumnVector(cols[static_cast<size_t>(leaves[k])], types[k], std::move(v)));
    }
    counters->rows += chunk.rows;
    if (!emit(std::move(chunk))) return Status::OK();  // the scan stopped (LIMIT)
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

Result<bool> MemorySource::Next(Chunk* out) {
  if (done_) return false;
  done_ = true;
  *out = rows_;
  return true;
}

}  // namespace floe::query
