#include "floe/query/iceberg_source.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "floe/iceberg/parquet_schema.h"
#include "floe/iceberg/table_reader.h"
#include "floe/query/parquet_convert.h"

namespace floe::query {

using iceberg::TypeId;

std::optional<DataType> SqlTypeOf(const iceberg::Type& type) {
  if (!type.is_primitive()) return std::nullopt;
  switch (type.primitive().id) {
    case TypeId::kBoolean:
      return DataType::kBoolean;
    case TypeId::kInt:
      return DataType::kInteger;
    case TypeId::kLong:
    case TypeId::kTime:
      return DataType::kBigint;
    case TypeId::kFloat:
    case TypeId::kDouble:
    case TypeId::kDecimal:
      return DataType::kDouble;
    case TypeId::kDate:
      return DataType::kDate;
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
      return DataType::kTimestamp;
    case TypeId::kString:
    case TypeId::kUuid:
    case TypeId::kFixed:
    case TypeId::kBinary:
      return DataType::kVarchar;
  }
  return std::nullopt;
}

namespace {

// `v` as a literal of the column's Iceberg type, when exactly representable.
std::optional<iceberg::Literal> ToLiteral(const Value& v, const iceberg::PrimitiveType& t) {
  if (v.is_null) return std::nullopt;
  switch (t.id) {
    case TypeId::kBoolean:
      if (v.type == DataType::kBoolean) return iceberg::Literal::Boolean(v.i != 0);
      return std::nullopt;
    case TypeId::kInt:
      if (!IsInteger(v.type) || v.i < std::numeric_limits<int32_t>::min() ||
          v.i > std::numeric_limits<int32_t>::max())
        return std::nullopt;
      return iceberg::Literal::Int(static_cast<int32_t>(v.i));
    case TypeId::kLong:
      if (!IsInteger(v.type)) return std::nullopt;
      return iceberg::Literal::Long(v.i);
    case TypeId::kDouble:
      if (v.type != DataType::kDouble) return std::nullopt;
      return iceberg::Literal::Double(v.d);
    case TypeId::kDate:
      if (v.type != DataType::kDate) return std::nullopt;
      return iceberg::Literal::Date(static_cast<int32_t>(v.i));
    case TypeId::kTimestamp:
      if (v.type != DataType::kTimestamp) return std::nullopt;
      return iceberg::Literal::Timestamp(v.i);
    case TypeId::kTimestampTz:
      if (v.type != DataType::kTimestamp) return std::nullopt;
      return iceberg::Literal::TimestampTz(v.i);
    case TypeId::kString:
      if (v.type != DataType::kVarchar) return std::nullopt;
      return iceberg::Literal::String(v.s);
    default:
      return std::nullopt;
  }
}

std::optional<iceberg::Predicate> ToPredicate(const ScanFilter& f, int32_t field_id,
                                              const iceberg::PrimitiveType& t) {
  iceberg::Predicate p;
  p.field_id = field_id;
  switch (f.op) {
    case ScanFilter::Op::kEq:
      p.op = iceberg::PredicateOp::kEq;
      break;
    case ScanFilter::Op::kLt:
      p.op = iceberg::PredicateOp::kLt;
      break;
    case ScanFilter::Op::kLe:
      p.op = iceberg::PredicateOp::kLtEq;
      break;
    case ScanFilter::Op::kGt:
      p.op = iceberg::PredicateOp::kGt;
      break;
    case ScanFilter::Op::kGe:
      p.op = iceberg::PredicateOp::kGtEq;
      break;
    case ScanFilter::Op::kIn:
      p.op = iceberg::PredicateOp::kIn;
      break;
    case ScanFilter::Op::kIsNull:
      p.op = iceberg::PredicateOp::kIsNull;
      return p;
    case ScanFilter::Op::kNotNull:
      p.op = iceberg::PredicateOp::kNotNull;
      return p;
  }
  for (const Value& v : f.values) {
    auto lit = ToLiteral(v, t);
    if (!lit) return std::nullopt;
    p.values.push_back(std::move(*lit));
  }
  if (p.values.empty()) return std::nullopt;
  return p;
}

// The file's best possible value of field `id` for a top-N: its upper bound
// (descending) or lower bound (ascending), for integer-like columns.
std::optional<int64_t> FileBound(const iceberg::DataFile& file, int32_t id, bool desc) {
  const auto& bounds = desc ? file.upper_bounds : file.lower_bounds;
  auto it = bounds.find(id);
  if (it == bounds.end()) return std::nullopt;
  const std::string& b = it->second;
  if (b.size() == 8) {
    int64_t v;
    std::memcpy(&v, b.data(), 8);
    return v;
  }
  if (b.size() == 4) {
    int32_t v;
    std::memcpy(&v, b.data(), 4);
    return v;
  }
  return std::nullopt;
}

}  // namespace

Result<std::unique_ptr<IcebergSource>> IcebergSource::Make(storage::FileIO* io, std::string name,
                                                           iceberg::TableMetadata metadata,
                                                           iceberg::ScanRequest request,
                                                           int threads) {
  std::unique_ptr<IcebergSource> s(
      new IcebergSource(io, std::move(name), std::move(metadata), std::move(request), threads));
  FLOE_ASSIGN_OR_RETURN(const iceberg::Snapshot* snap,
                        iceberg::SelectSnapshot(s->metadata_, s->request_));
  s->schema_ = s->metadata_.CurrentSchema();
  if (snap && snap->schema_id && (s->request_.snapshot_id || s->request_.as_of_timestamp_ms)) {
    if (const iceberg::Schema* old = s->metadata_.SchemaById(*snap->schema_id)) s->schema_ = old;
  }
  if (!s->schema_) return DataLoss("table " + s->name_ + " has no current schema");
  for (const auto& f : s->schema_->fields()) {
    auto t = SqlTypeOf(f.type);
    if (!t) continue;
    s->columns_.push_back({f.name, *t});
    s->field_ids_.push_back(f.id);
  }
  return s;
}

Status IcebergSource::Open(const std::vector<bool>& needed,
                           const std::vector<ScanFilter>& filters) {
  needed_ = needed;
  filters_ = filters;
  iceberg::ScanRequest request = request_;
  for (const ScanFilter& f : filters) {
    int32_t id = field_ids_[static_cast<size_t>(f.column)];
    const iceberg::NestedField* field = schema_->FindField(id);
    if (!field) continue;
    if (auto p = ToPredicate(f, id, field->type.primitive()))
      request.filter.push_back(std::move(*p));
  }
  request.read_threads = threads_;
  FLOE_ASSIGN_OR_RETURN(plan_, iceberg::PlanScan(io_, metadata_, request));
  if (bound_) {
    // Best-first: the file most likely to hold the top rows sets the bound early.
    const int32_t id = field_ids_[static_cast<size_t>(bound_->column)];
    const bool desc = bound_->desc;
    std::stable_sort(plan_.tasks.begin(), plan_.tasks.end(),
                     [&](const iceberg::FileScanTask& a, const iceberg::FileScanTask& b) {
                       auto ka = FileBound(a.file, id, desc), kb = FileBound(b.file, id, desc);
                       if (!ka || !kb) return ka.has_value() && !kb.has_value();
                       return desc ? *ka > *kb : *ka < *kb;
                     });
  }
  reader_ = std::make_unique<ParallelReader>(
      plan_.tasks.size(), threads_,
      [this](size_t item, const ParallelReader::Emit& emit) { return ReadTask(item, emit); });
  return Status::OK();
}

Result<bool> IcebergSource::ReadDirect(const iceberg::FileScanTask& task,
                                       const ParallelReader::Emit& emit) {
  if (!task.deletes.empty()) return false;
  FLOE_ASSIGN_OR_RETURN(auto reader, OpenParquetFile(io_, task.file.file_path));
  const auto& cols = reader->schema().columns();
  std::vector<int> leaves(columns_.size(), -1);
  std::vector<DataType> types;
  for (size_t k = 0; k < columns_.size(); ++k) {
    types.push_back(columns_[k].type);
    if (!needed_[k]) continue;
    for (size_t c = 0; c < cols.size(); ++c) {
      if (cols[c].path.size() == 1 && cols[c].field_id && *cols[c].field_id == field_ids_[k]) {
        leaves[k] = static_cast<int>(c);
      }
    }
    if (leaves[k] < 0) return false;  // missing (added later, or a file without ids)
    auto file_type = SqlTypeOf(cols[static_cast<size_t>(leaves[k])]);
    bool promoted = file_type == DataType::kInteger && types[k] == DataType::kBigint;
    if (!file_type || (*file_type != types[k] && !promoted)) return false;
  }
  FLOE_RETURN_IF_ERROR(ReadRowGroups(
      *reader, leaves, types, filters_, &counters_,
      [&](Chunk c) {
        for (size_t k = 0; k < c.columns.size(); ++k) c.columns[k].type = types[k];
        return emit(std::move(c));
      },
      bound_.get()));
  return true;
}

Status IcebergSource::ReadTask(size_t item, const ParallelReader::Emit& emit) {
  const iceberg::FileScanTask& task = plan_.tasks[item];
  if (bound_ && bound_->set.load() && task.deletes.empty()) {
    auto best = FileBound(task.file, field_ids_[static_cast<size_t>(bound_->column)], bound_->desc);
    const int64_t v = bound_->value.load();
    if (best && (bound_->desc ? *best < v : *best > v)) {
      files_skipped_by_top_n_ += 1;
      return Status::OK();  // none of its rows can enter the top-N
    }
  }
  FLOE_ASSIGN_OR_RETURN(bool direct, ReadDirect(task, emit));
  if (direct) return Status::OK();
  // Through the table reader: deletes, schema evolution, partition-filled columns.
  std::vector<int32_t> ids;
  std::vector<size_t> positions;
  for (size_t k = 0; k < columns_.size(); ++k) {
    if (needed_[k]) {
      ids.push_back(field_ids_[k]);
      positions.push_back(k);
    }
  }
  if (ids.empty()) {  // COUNT(*) and the like: any one column gives the row count
    ids.push_back(field_ids_[0]);
    positions.push_back(static_cast<size_t>(-1));
  }
  iceberg::ScanPlan one = plan_;
  one.tasks = {task};
  parquet::Schema output;
  FLOE_ASSIGN_OR_RETURN(iceberg::Schema projected, iceberg::Schema::Make(schema_->schema_id(), [&] {
                          std::vector<iceberg::NestedField> fields;
                          for (int32_t id : ids) fields.push_back(*schema_->FindField(id));
                          return fields;
                        }()));
  FLOE_ASSIGN_OR_RETURN(output, iceberg::ToParquetSchema(projected));
  counters_.files += 1;
  bool stopped = false;  // the consumer ended the scan (LIMIT)
  auto result = iceberg::ReadTable(
      io_, metadata_, one, ids, [&](const std::vector<parquet::ColumnVector>& batch) {
        Chunk chunk;
        chunk.rows = batch.empty() ? 0 : batch[0].length;
        for (size_t k = 0; k < columns_.size(); ++k) chunk.columns.emplace_back(columns_[k].type);
        for (size_t j = 0; j < batch.size(); ++j) {
          if (positions[j] == static_cast<size_t>(-1)) continue;
          size_t k = positions[j];
          chunk.columns[k] = FromColumnVector(output.columns()[j], columns_[k].type, batch[j]);
          chunk.columns[k].type = columns_[k].type;
        }
        counters_.rows += chunk.rows;
        if (!emit(std::move(chunk))) {
          stopped = true;
          return Aborted("scan stopped");
        }
        return Status::OK();
      });
  return stopped ? Status::OK() : result.status();
}

Result<bool> IcebergSource::Next(Chunk* out) { return reader_->Next(out); }

std::string IcebergSource::Describe() const {
  std::string s = "ICEBERG_SCAN " + name_;
  if (plan_.snapshot_id) s += " snapshot=" + std::to_string(*plan_.snapshot_id);
  s += " manifests=" + std::to_string(plan_.manifests_total) +
       " manifests_pruned=" + std::to_string(plan_.manifests_skipped) +
       " files=" + std::to_string(plan_.files_total) +
       " files_pruned=" + std::to_string(plan_.files_skipped) +
       " row_groups=" + std::to_string(counters_.row_groups.load()) +
       " row_groups_skipped=" + std::to_string(counters_.row_groups_skipped.load()) +
       " rows=" + std::to_string(counters_.rows.load());
  if (!filters_.empty()) s += " pushed_filters=" + std::to_string(filters_.size());
  if (bound_) s += " top_n_files_skipped=" + std::to_string(files_skipped_by_top_n_.load());
  return s;
}

}  // namespace floe::query
