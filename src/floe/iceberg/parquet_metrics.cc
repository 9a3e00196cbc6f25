#include "floe/iceberg/parquet_metrics.h"

#include <cstring>

namespace floe::iceberg {
namespace {

// Parquet statistics bytes of a column → an Iceberg literal of its type.
Result<Literal> BoundLiteral(const PrimitiveType& t, const parquet::ColumnDescriptor& c, const std::string& v) {
  if (t.id == TypeId::kDecimal) {
    __int128 unscaled = 0;
    if (c.physical == parquet::PhysicalType::kInt32 && v.size() == 4) {
      int32_t x;
      std::memcpy(&x, v.data(), 4);
      unscaled = x;
    } else if (c.physical == parquet::PhysicalType::kInt64 && v.size() == 8) {
      int64_t x;
      std::memcpy(&x, v.data(), 8);
      unscaled = x;
    } else if (!v.empty() && v.size() <= 16) {
      unscaled = DecimalFromBigEndian(v);
    } else {
      return InvalidArgument("decimal bound of unexpected size");
    }
    return Literal::Decimal(unscaled, t.precision, t.scale);
  }
  // Every other type's Parquet PLAIN statistic is its single-value form.
  return Literal::Deserialize(t, v);
}

}  // namespace

Result<DataFile> DataFileFromParquet(std::string path, const parquet::WriteResult& result,
                                     const parquet::Schema& parquet_schema, const Schema& schema) {
  DataFile f;
  f.file_path = std::move(path);
  f.file_format = "PARQUET";
  f.record_count = result.num_rows;
  f.file_size_in_bytes = result.file_size;
  f.split_offsets = result.row_group_offsets;
  const auto& columns = parquet_schema.columns();
  if (columns.size() != result.columns.size()) return Internal("Parquet metrics do not match the schema");
  for (size_t i = 0; i < columns.size(); ++i) {
    const parquet::ColumnDescriptor& c = columns[i];
    const parquet::ColumnMetrics& m = result.columns[i];
    if (!c.field_id) continue;
    int32_t id = *c.field_id;
    const NestedField* field = schema.FindField(id);
    if (!field || !field->type.is_primitive()) continue;
    const PrimitiveType& t = field->type.primitive();
    f.column_sizes[id] = m.compressed_size;
    f.value_counts[id] = m.value_count;
    f.null_value_counts[id] = m.null_count;
    if (t.id == TypeId::kFloat || t.id == TypeId::kDouble) f.nan_value_counts[id] = m.nan_count;
    if (!m.min || !m.max) continue;
    auto lo = BoundLiteral(t, c, *m.min);
    auto hi = BoundLiteral(t, c, *m.max);
    if (!lo.ok() || !hi.ok()) continue;  // bounds are optional; never fail a write on them
    f.lower_bounds[id] = TruncateLowerBound(*lo, kDefaultBoundLength).Serialize();
    if (auto upper = TruncateUpperBound(*hi, kDefaultBoundLength)) f.upper_bounds[id] = upper->Serialize();
  }
  return f;
}

}  // namespace floe::iceberg
