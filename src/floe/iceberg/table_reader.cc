#include "floe/iceberg/table_reader.h"

#include <cstring>
#include <set>
#include <unordered_set>

#include "floe/format/parquet/file_reader.h"
#include "floe/format/parquet/file_writer.h"
#include "floe/iceberg/parquet_schema.h"

namespace floe::iceberg {
namespace {

using parquet::ColumnDescriptor;
using parquet::ColumnVector;
using parquet::LogicalType;
using parquet::PhysicalType;

constexpr int32_t kDeleteFilePathId = 2147483546;
constexpr int32_t kDeletePosId = 2147483545;

Result<std::unique_ptr<parquet::FileReader>> OpenParquet(storage::FileIO* io, const std::string& path) {
  FLOE_ASSIGN_OR_RETURN(auto file, io->OpenRead(path));
  auto reader = parquet::FileReader::Open(std::shared_ptr<storage::RandomAccessFile>(std::move(file)));
  if (!reader.ok()) return reader.status().WithContext(path);
  return reader;
}

Status ReadAll(const parquet::FileReader& r, int column, ColumnVector* out) {
  *out = ColumnVector(r.schema().columns()[static_cast<size_t>(column)].physical);
  for (int g = 0; g < r.num_row_groups(); ++g) {
    ColumnVector part;
    FLOE_RETURN_IF_ERROR(r.ReadColumn(g, column, &part));
    parquet::AppendRows(part, 0, part.length, out);
  }
  return Status::OK();
}

// The unscaled value of decimal row i stored as `src`.
__int128 DecimalAt(const ColumnDescriptor& src, const ColumnVector& v, int64_t i) {
  switch (src.physical) {
    case PhysicalType::kInt32: return v.i32[static_cast<size_t>(i)];
    case PhysicalType::kInt64: return v.i64[static_cast<size_t>(i)];
    default: {
      std::string_view b = v.Bytes(i);
      return b.empty() || b.size() > 16 ? 0 : DecimalFromBigEndian(b);
    }
  }
}

void PutDecimal(const ColumnDescriptor& dst, __int128 d, ColumnVector* out) {
  switch (dst.physical) {
    case PhysicalType::kInt32: out->AppendInt32(static_cast<int32_t>(d)); break;
    case PhysicalType::kInt64: out->AppendInt64(static_cast<int64_t>(d)); break;
    default: {
      std::string be(static_cast<size_t>(dst.type_length), '\0');
      for (int32_t k = dst.type_length - 1; k >= 0; --k) {
        be[static_cast<size_t>(k)] = static_cast<char>(static_cast<uint8_t>(d & 0xFF));
        d >>= 8;
      }
      out->AppendBytes(be);
    }
  }
}

int64_t ScaleToMicros(int64_t v, parquet::TimeUnit unit) {
  if (unit == parquet::TimeUnit::kMillis) return v * 1000;
  if (unit == parquet::TimeUnit::kNanos) return v >= 0 ? v / 1000 : -((-v + 999) / 1000);
  return v;
}

// Converts a file column to the schema's representation of the field.
Result<ColumnVector> Convert(const ColumnDescriptor& src, ColumnVector v, const ColumnDescriptor& dst) {
  bool dst_decimal = dst.logical.kind == LogicalType::kDecimal;
  bool time_like = dst.logical.kind == LogicalType::kTimestamp || dst.logical.kind == LogicalType::kTime;
  if (src.physical == dst.physical && !dst_decimal && !time_like) return v;
  if (src.physical == dst.physical && time_like && src.logical.unit == parquet::TimeUnit::kMicros) return v;
  ColumnVector out(dst.physical);
  out.Reserve(v.length);
  for (int64_t i = 0; i < v.length; ++i) {
    if (v.IsNull(i)) {
      out.AppendNull();
      continue;
    }
    size_t k = static_cast<size_t>(i);
    if (dst_decimal) {
      PutDecimal(dst, DecimalAt(src, v, i), &out);
    } else if (time_like && src.physical == PhysicalType::kInt64) {
      out.AppendInt64(ScaleToMicros(v.i64[k], src.logical.unit));
    } else if (time_like && src.physical == PhysicalType::kInt32) {  // TIME_MILLIS
      out.AppendInt64(static_cast<int64_t>(v.i32[k]) * 1000);
    } else if (time_like && src.physical == PhysicalType::kInt96) {
      std::string_view b = v.Bytes(i);
      int64_t nanos;
      int32_t julian;
      std::memcpy(&nanos, b.data(), 8);
      std::memcpy(&julian, b.data() + 8, 4);
      out.AppendInt64((static_cast<int64_t>(julian) - 2440588) * 86400000000ll + nanos / 1000);
    } else if (dst.physical == PhysicalType::kInt64 && src.physical == PhysicalType::kInt32) {
      out.AppendInt64(v.i32[k]);
    } else if (dst.physical == PhysicalType::kDouble && src.physical == PhysicalType::kFloat) {
      out.AppendDouble(v.f32[k]);
    } else if ((dst.physical == PhysicalType::kByteArray || dst.physical == PhysicalType::kFixedLenByteArray) &&
               (src.physical == PhysicalType::kByteArray || src.physical == PhysicalType::kFixedLenByteArray)) {
      out.AppendBytes(v.Bytes(i));
    } else {
      return InvalidArgument("cannot read Parquet column " + src.DottedPath() + " (" +
                             std::string(parquet::PhysicalTypeName(src.physical)) + ") as " +
                             std::string(parquet::PhysicalTypeName(dst.physical)));
    }
  }
  return out;
}

// n rows of a constant (an identity partition value) or of nulls.
ColumnVector Constant(const ColumnDescriptor& dst, const std::optional<Literal>& value, int64_t n) {
  ColumnVector out(dst.physical);
  for (int64_t i = 0; i < n; ++i) {
    if (!value) {
      out.AppendNull();
      continue;
    }
    const Literal& v = *value;
    switch (v.type_id()) {
      case TypeId::kBoolean: out.AppendBool(v.bool_value()); break;
      case TypeId::kInt:
      case TypeId::kDate: out.AppendInt32(v.int_value()); break;
      case TypeId::kLong:
      case TypeId::kTime:
      case TypeId::kTimestamp:
      case TypeId::kTimestampTz: out.AppendInt64(v.long_value()); break;
      case TypeId::kFloat: out.AppendFloat(v.float_value()); break;
      case TypeId::kDouble: out.AppendDouble(v.double_value()); break;
      case TypeId::kDecimal: PutDecimal(dst, v.unscaled_value(), &out); break;
      default: out.AppendBytes(v.bytes_value()); break;
    }
  }
  return out;
}

// A byte key for row i of the given columns (null-safe), for equality deletes.
void AppendKey(const std::vector<const ColumnVector*>& cols, int64_t i, std::string* key) {
  for (const ColumnVector* c : cols) {
    if (c->IsNull(i)) {
      key->push_back('\0');
      continue;
    }
    key->push_back('\1');
    size_t k = static_cast<size_t>(i);
    switch (c->type) {
      case PhysicalType::kBoolean: key->push_back(static_cast<char>(c->bools[k])); break;
      case PhysicalType::kInt32: key->append(reinterpret_cast<const char*>(&c->i32[k]), 4); break;
      case PhysicalType::kInt64: key->append(reinterpret_cast<const char*>(&c->i64[k]), 8); break;
      case PhysicalType::kFloat: key->append(reinterpret_cast<const char*>(&c->f32[k]), 4); break;
      case PhysicalType::kDouble: key->append(reinterpret_cast<const char*>(&c->f64[k]), 8); break;
      default: {
        std::string_view b = c->Bytes(i);
        uint32_t n = static_cast<uint32_t>(b.size());
        key->append(reinterpret_cast<const char*>(&n), 4);
        key->append(b);
      }
    }
  }
}

class Reader {
 public:
  Reader(storage::FileIO* io, const TableMetadata& md, const Schema& schema)
      : io_(io), md_(md), schema_(schema) {}

  Status Init(std::vector<int32_t> field_ids) {
    if (field_ids.empty()) {
      for (const auto& f : schema_.fields()) {
        if (f.type.is_primitive()) field_ids.push_back(f.id);
      }
    }
    std::vector<NestedField> fields;
    for (int32_t id : field_ids) {
      const NestedField* f = schema_.FindField(id);
      if (!f || !f->type.is_primitive()) return InvalidArgument("field id " + std::to_string(id) + " is not a primitive column");
      fields.push_back(*f);
    }
    field_ids_ = field_ids;
    FLOE_ASSIGN_OR_RETURN(Schema projected, Schema::Make(schema_.schema_id(), fields));
    FLOE_ASSIGN_OR_RETURN(output_, ToParquetSchema(projected));
    return Status::OK();
  }

  const parquet::Schema& output() const { return output_; }

  // The file's columns for `ids`, converted and filled.
  Result<std::vector<ColumnVector>> ReadColumns(const DataFile& df, const std::vector<int32_t>& ids,
                                                int64_t* rows) {
    FLOE_ASSIGN_OR_RETURN(auto r, OpenParquet(io_, df.file_path));
    *rows = r->num_rows();
    const auto& cols = r->schema().columns();
    const PartitionSpec* spec = md_.SpecById(df.spec_id);
    std::vector<ColumnVector> out;
    for (int32_t id : ids) {
      const NestedField* field = schema_.FindField(id);
      if (!field) return InvalidArgument("unknown field id " + std::to_string(id));
      parquet::Node node = ToParquetNode(*field);
      FLOE_ASSIGN_OR_RETURN(parquet::Schema one, parquet::Schema::Make({node}));
      const ColumnDescriptor& dst = one.columns()[0];
      int found = -1;
      for (size_t c = 0; c < cols.size(); ++c) {
        if (cols[c].path.size() == 1 && cols[c].field_id == id) found = static_cast<int>(c);
      }
      if (found < 0) {
        // Files written without field ids (added from plain Parquet): match by name.
        bool any_ids = false;
        for (const auto& c : cols) any_ids = any_ids || c.field_id.has_value();
        if (!any_ids) found = r->schema().FindColumn(field->name);
      }
      if (found >= 0) {
        ColumnVector v;
        FLOE_RETURN_IF_ERROR(ReadAll(*r, found, &v));
        auto converted = Convert(cols[static_cast<size_t>(found)], std::move(v), dst);
        if (!converted.ok()) return converted.status().WithContext(df.file_path);
        out.push_back(std::move(*converted));
        continue;
      }
      std::optional<Literal> constant;
      if (spec) {
        for (size_t p = 0; p < spec->fields().size() && p < df.partition.size(); ++p) {
          const PartitionField& pf = spec->fields()[p];
          if (pf.source_id == id && pf.transform.kind() == Transform::Kind::kIdentity) constant = df.partition[p];
        }
      }
      out.push_back(Constant(dst, constant, *rows));
    }
    return out;
  }

  Status ReadTask(const FileScanTask& task, const std::function<Status(const std::vector<ColumnVector>&)>& sink,
                  TableReadResult* result) {
    // Columns this task needs: the projection plus any equality-delete columns.
    std::vector<int32_t> ids = field_ids_;
    for (const auto& d : task.deletes) {
      for (int32_t id : d.equality_ids) {
        if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
      }
    }
    int64_t rows = 0;
    FLOE_ASSIGN_OR_RETURN(auto cols, ReadColumns(task.file, ids, &rows));
    std::vector<uint8_t> keep(static_cast<size_t>(rows), 1);
    for (const auto& d : task.deletes) {
      if (d.content == FileContent::kPositionDeletes) {
        FLOE_RETURN_IF_ERROR(ApplyPositionDeletes(d, task.file.file_path, &keep));
      } else {
        FLOE_RETURN_IF_ERROR(ApplyEqualityDeletes(d, ids, cols, &keep));
      }
    }
    std::vector<ColumnVector> batch;
    for (size_t c = 0; c < field_ids_.size(); ++c) {
      ColumnVector out(cols[c].type);
      int64_t i = 0;
      while (i < rows) {
        if (!keep[static_cast<size_t>(i)]) {
          ++i;
          continue;
        }
        int64_t j = i;
        while (j < rows && keep[static_cast<size_t>(j)]) ++j;
        parquet::AppendRows(cols[c], i, j - i, &out);
        i = j;
      }
      batch.push_back(std::move(out));
    }
    int64_t kept = 0;
    for (uint8_t k : keep) kept += k;
    result->rows += kept;
    result->deleted_rows += rows - kept;
    if (kept > 0) FLOE_RETURN_IF_ERROR(sink(batch));
    return Status::OK();
  }

 private:
  Status ApplyPositionDeletes(const DataFile& d, const std::string& data_path, std::vector<uint8_t>* keep) {
    FLOE_ASSIGN_OR_RETURN(auto r, OpenParquet(io_, d.file_path));
    int path_col = -1, pos_col = -1;
    const auto& cols = r->schema().columns();
    for (size_t c = 0; c < cols.size(); ++c) {
      if (cols[c].field_id == kDeleteFilePathId || (!cols[c].field_id && cols[c].name == "file_path")) path_col = static_cast<int>(c);
      if (cols[c].field_id == kDeletePosId || (!cols[c].field_id && cols[c].name == "pos")) pos_col = static_cast<int>(c);
    }
    if (path_col < 0 || pos_col < 0) return DataLoss("position delete file " + d.file_path + " lacks file_path/pos");
    ColumnVector paths, positions;
    FLOE_RETURN_IF_ERROR(ReadAll(*r, path_col, &paths));
    FLOE_RETURN_IF_ERROR(ReadAll(*r, pos_col, &positions));
    if (positions.type != PhysicalType::kInt64) return DataLoss("position delete file " + d.file_path + ": pos is not a long");
    for (int64_t i = 0; i < paths.length; ++i) {
      if (paths.IsNull(i) || positions.IsNull(i) || paths.Bytes(i) != data_path) continue;
      int64_t pos = positions.i64[static_cast<size_t>(i)];
      if (pos >= 0 && static_cast<size_t>(pos) < keep->size()) (*keep)[static_cast<size_t>(pos)] = 0;
    }
    return Status::OK();
  }

  Status ApplyEqualityDeletes(const DataFile& d, const std::vector<int32_t>& ids, const std::vector<ColumnVector>& data,
                              std::vector<uint8_t>* keep) {
    int64_t rows = 0;
    FLOE_ASSIGN_OR_RETURN(auto del, ReadColumns(d, d.equality_ids, &rows));
    std::vector<const ColumnVector*> del_cols, data_cols;
    for (size_t k = 0; k < d.equality_ids.size(); ++k) {
      del_cols.push_back(&del[k]);
      size_t at = static_cast<size_t>(std::find(ids.begin(), ids.end(), d.equality_ids[k]) - ids.begin());
      data_cols.push_back(&data[at]);
    }
    std::unordered_set<std::string> keys;
    for (int64_t i = 0; i < rows; ++i) {
      std::string key;
      AppendKey(del_cols, i, &key);
      keys.insert(std::move(key));
    }
    for (size_t i = 0; i < keep->size(); ++i) {
      if (!(*keep)[i]) continue;
      std::string key;
      AppendKey(data_cols, static_cast<int64_t>(i), &key);
      if (keys.count(key)) (*keep)[i] = 0;
    }
    return Status::OK();
  }

  storage::FileIO* io_;
  const TableMetadata& md_;
  const Schema& schema_;
  std::vector<int32_t> field_ids_;
  parquet::Schema output_;
};

}  // namespace

Result<TableReadResult> ReadTable(storage::FileIO* io, const TableMetadata& metadata, const ScanPlan& plan,
                                  std::vector<int32_t> field_ids,
                                  const std::function<Status(const std::vector<ColumnVector>&)>& sink) {
  const Schema* schema = metadata.SchemaById(plan.schema_id);
  if (!schema) return InvalidArgument("the plan's schema " + std::to_string(plan.schema_id) + " is not in the table");
  Reader reader(io, metadata, *schema);
  FLOE_RETURN_IF_ERROR(reader.Init(std::move(field_ids)));
  TableReadResult result;
  for (const auto& task : plan.tasks) FLOE_RETURN_IF_ERROR(reader.ReadTask(task, sink, &result));
  result.output_schema = reader.output();
  return result;
}

}  // namespace floe::iceberg
