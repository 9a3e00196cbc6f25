#include "floe/query/fresh_rows.h"

#include <algorithm>

#include "floe/query/parquet_convert.h"

namespace floe::query {
namespace {

constexpr int64_t kChunkRows = 8192;

// Row range [from, from + n) of leaf `leaf` of `batch`, as a vector of `type`;
// NULLs when the batch has no such column or its values cannot be read as `type`.
Vector SliceColumn(const FreshBatch& batch, int leaf, DataType type, int64_t from, int64_t n) {
  if (leaf < 0) {
    Vector v(type);
    for (int64_t r = 0; r < n; ++r) v.AppendNull();
    return v;
  }
  const parquet::ColumnDescriptor& column = batch.schema->columns()[leaf];
  std::optional<DataType> have = SqlTypeOf(column);
  parquet::ColumnVector part(batch.columns[leaf].type);
  parquet::AppendRows(batch.columns[leaf], from, n, &part);
  if (!have) return SliceColumn(batch, -1, type, from, n);
  Vector v = FromColumnVector(column, *have, std::move(part));
  if (v.type == type) return v;
  if (IsIntLike(v.type) && IsIntLike(type)) {
    v.type = type;
    return v;
  }
  if (IsIntLike(v.type) && type == DataType::kDouble) {
    Vector d(type);
    d.valid = std::move(v.valid);
    d.length = v.length;
    d.d.assign(v.i.begin(), v.i.end());
    return d;
  }
  return SliceColumn(batch, -1, type, from, n);
}

}  // namespace

FreshSource::FreshSource(std::unique_ptr<TableSource> committed, std::vector<int32_t> field_ids,
                         std::vector<FreshBatch> fresh)
    : committed_(std::move(committed)), field_ids_(std::move(field_ids)), fresh_(std::move(fresh)) {
  for (const auto& b : fresh_) fresh_rows_ += b.rows;
}

Status FreshSource::Open(const std::vector<bool>& needed, const std::vector<ScanFilter>& filters) {
  needed_ = needed;
  return committed_->Open(needed, filters);
}

Result<bool> FreshSource::Next(Chunk* out) {
  if (!committed_done_) {
    FLOE_ASSIGN_OR_RETURN(bool more, committed_->Next(out));
    if (more) return true;
    committed_done_ = true;
  }
  return NextFresh(out);
}

Status FreshSource::Push(int threads, const Sink& sink) {
  FLOE_RETURN_IF_ERROR(committed_->Push(threads, sink));
  committed_done_ = true;
  // After every committed batch: the reader's seqs stay below 2^46.
  Chunk c;
  for (int64_t seq = int64_t{1} << 46; NextFresh(&c); ++seq) {
    c.seq = seq;
    FLOE_RETURN_IF_ERROR(sink(0, std::move(c)));
    c = Chunk();
  }
  return Status::OK();
}

bool FreshSource::NextFresh(Chunk* out) {
  while (batch_ < fresh_.size() && offset_ >= fresh_[batch_].rows) {
    ++batch_;
    offset_ = 0;
  }
  if (batch_ == fresh_.size()) return false;
  const FreshBatch& batch = fresh_[batch_];
  const int64_t n = std::min(kChunkRows, batch.rows - offset_);
  const auto& cols = columns();
  out->columns.clear();
  out->rows = n;
  for (size_t c = 0; c < cols.size(); ++c) {
    if (c < needed_.size() && !needed_[c]) {
      out->columns.emplace_back(cols[c].type);
      continue;
    }
    int leaf = -1;
    const auto& leaves = batch.schema->columns();
    for (size_t k = 0; k < leaves.size(); ++k) {
      if (leaves[k].field_id && c < field_ids_.size() && *leaves[k].field_id == field_ids_[c]) {
        leaf = static_cast<int>(k);
        break;
      }
    }
    out->columns.push_back(SliceColumn(batch, leaf, cols[c].type, offset_, n));
  }
  offset_ += n;
  return true;
}

std::string FreshSource::Describe() const {
  return committed_->Describe() + " + FRESH rows=" + std::to_string(fresh_rows_) +
         " batches=" + std::to_string(fresh_.size());
}

}  // namespace floe::query
