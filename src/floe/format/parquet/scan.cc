#include "floe/format/parquet/scan.h"

#include <cmath>
#include <cstring>

#include "floe/format/parquet/value_stats.h"

namespace floe::parquet {
namespace {

// Width of a statistics value of a fixed-width numeric type, or 0.
size_t NumericWidth(PhysicalType t) {
  switch (t) {
    case PhysicalType::kBoolean: return 1;
    case PhysicalType::kInt32:
    case PhysicalType::kFloat: return 4;
    case PhysicalType::kInt64:
    case PhysicalType::kDouble: return 8;
    default: return 0;
  }
}

bool IsNaN(PhysicalType t, const std::string& v) {
  if (t == PhysicalType::kFloat && v.size() == 4) {
    float f;
    std::memcpy(&f, v.data(), 4);
    return std::isnan(f);
  }
  if (t == PhysicalType::kDouble && v.size() == 8) {
    double d;
    std::memcpy(&d, v.data(), 8);
    return std::isnan(d);
  }
  return false;
}

bool PredicateMayMatch(const ColumnDescriptor& desc, const ColumnMetaData& md, int64_t num_rows,
                       bool trust_deprecated, const ColumnPredicate& p) {
  if (!md.statistics) return true;
  const Statistics& s = *md.statistics;
  if (p.op == CompareOp::kIsNull) return !(s.null_count && *s.null_count == 0);
  if (p.op == CompareOp::kIsNotNull) return !(s.null_count && *s.null_count >= num_rows);
  // Every value null: no comparison can be true.
  if (s.null_count && *s.null_count >= num_rows) return false;
  const std::string* lo = nullptr;
  const std::string* hi = nullptr;
  if (s.min_value && s.max_value) {
    lo = &*s.min_value;
    hi = &*s.max_value;
  } else if (trust_deprecated && s.min && s.max) {
    lo = &*s.min;
    hi = &*s.max;
  }
  if (!lo || !hi) return true;
  // Numbers of the wrong width (corrupt statistics, a mistyped literal) would
  // compare as 0, and NaN bounds (older writers) compare equal to everything:
  // neither proves anything.
  size_t width = NumericWidth(desc.physical);
  if (width != 0 &&
      (lo->size() != width || hi->size() != width || p.literal.size() != width)) {
    return true;
  }
  if (IsNaN(desc.physical, *lo) || IsNaN(desc.physical, *hi)) return true;
  bool floating = desc.physical == PhysicalType::kFloat || desc.physical == PhysicalType::kDouble;
  bool maybe_nan = floating && !(s.nan_count && *s.nan_count == 0);
  auto cmp = [&](const std::string& a, const std::string& b) { return ValueStats::Compare(desc, a, b); };
  switch (p.op) {
    case CompareOp::kEq: return cmp(p.literal, *lo) >= 0 && cmp(p.literal, *hi) <= 0;
    case CompareOp::kLt: return cmp(*lo, p.literal) < 0;
    case CompareOp::kLe: return cmp(*lo, p.literal) <= 0;
    // NaN sorts above every number in SQL engines, so keep groups that may hold it.
    case CompareOp::kGt: return maybe_nan || cmp(*hi, p.literal) > 0;
    case CompareOp::kGe: return maybe_nan || cmp(*hi, p.literal) >= 0;
    default: return true;
  }
}

}  // namespace

bool RowGroupMayMatch(const FileReader& reader, int row_group,
                      const std::vector<ColumnPredicate>& predicates) {
  const RowGroup& rg = reader.metadata().row_groups[static_cast<size_t>(row_group)];
  const auto& cols = reader.schema().columns();
  for (const ColumnPredicate& p : predicates) {
    if (p.column < 0 || static_cast<size_t>(p.column) >= cols.size()) continue;
    const ColumnDescriptor& desc = cols[static_cast<size_t>(p.column)];
    // Deprecated min/max were written in signed order: only numeric types agree.
    bool trust_deprecated = desc.physical != PhysicalType::kByteArray &&
                            desc.physical != PhysicalType::kFixedLenByteArray &&
                            desc.physical != PhysicalType::kInt96 && desc.SignedOrder();
    const auto& md = rg.columns[static_cast<size_t>(p.column)].meta_data;
    if (md && !PredicateMayMatch(desc, *md, rg.num_rows, trust_deprecated, p)) return false;
  }
  return true;
}

Result<std::unique_ptr<ParquetScanner>> ParquetScanner::Make(const FileReader* reader,
                                                             ScanOptions options) {
  int ncols = static_cast<int>(reader->schema().columns().size());
  if (options.columns.empty()) {
    for (int i = 0; i < ncols; ++i) options.columns.push_back(i);
  }
  for (int c : options.columns) {
    if (c < 0 || c >= ncols) return InvalidArgument("projected column " + std::to_string(c) + " out of range");
  }
  if (options.batch_rows <= 0) return InvalidArgument("batch_rows must be positive");
  return std::unique_ptr<ParquetScanner>(new ParquetScanner(reader, std::move(options)));
}

Status ParquetScanner::OpenNextRowGroup(bool* opened) {
  *opened = false;
  while (next_row_group_ < reader_->num_row_groups()) {
    int rg = next_row_group_++;
    if (!RowGroupMayMatch(*reader_, rg, options_.predicates)) {
      ++skipped_;
      continue;
    }
    readers_.clear();
    for (int c : options_.columns) {
      FLOE_ASSIGN_OR_RETURN(auto r, reader_->OpenColumn(rg, c));
      readers_.push_back(std::move(r));
    }
    rows_left_ = reader_->metadata().row_groups[static_cast<size_t>(rg)].num_rows;
    ++read_;
    *opened = true;
    return Status::OK();
  }
  return Status::OK();
}

Result<bool> ParquetScanner::Next(std::vector<ColumnVector>* batch) {
  while (rows_left_ == 0) {
    bool opened;
    FLOE_RETURN_IF_ERROR(OpenNextRowGroup(&opened));
    if (!opened) return false;
  }
  int64_t want = std::min(rows_left_, options_.batch_rows);
  const auto& cols = reader_->schema().columns();
  // Reuse the caller's vectors (and their capacity) when the shape matches.
  batch->resize(readers_.size());
  for (size_t i = 0; i < readers_.size(); ++i) {
    ColumnVector& v = (*batch)[i];
    v.Clear();
    v.type = cols[static_cast<size_t>(options_.columns[i])].physical;
    FLOE_ASSIGN_OR_RETURN(int64_t got, readers_[i]->Next(want, &v));
    if (got != want) {
      return DataLoss("corrupt Parquet file: column " + cols[static_cast<size_t>(options_.columns[i])].DottedPath() +
                      " has fewer values than its row group");
    }
  }
  rows_left_ -= want;
  return true;
}

}  // namespace floe::parquet
