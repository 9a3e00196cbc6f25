#include "floe/iceberg/partitioner.h"

#include <map>

namespace floe::iceberg {

std::optional<Literal> LiteralAt(const PrimitiveType& t, const parquet::ColumnVector& c, int64_t row) {
  if (c.IsNull(row)) return std::nullopt;
  size_t i = static_cast<size_t>(row);
  switch (t.id) {
    case TypeId::kBoolean: return Literal::Boolean(c.bools[i] != 0);
    case TypeId::kInt: return Literal::Int(c.i32[i]);
    case TypeId::kDate: return Literal::Date(c.i32[i]);
    case TypeId::kLong: return Literal::Long(c.i64[i]);
    case TypeId::kTime: return Literal::Time(c.i64[i]);
    case TypeId::kTimestamp: return Literal::Timestamp(c.i64[i]);
    case TypeId::kTimestampTz: return Literal::TimestampTz(c.i64[i]);
    case TypeId::kFloat: return Literal::Float(c.f32[i]);
    case TypeId::kDouble: return Literal::Double(c.f64[i]);
    case TypeId::kString: return Literal::String(std::string(c.Bytes(row)));
    case TypeId::kBinary: return Literal::Binary(std::string(c.Bytes(row)));
    case TypeId::kFixed: return Literal::Fixed(std::string(c.Bytes(row)));
    case TypeId::kUuid: {
      auto l = Literal::Deserialize(t, c.Bytes(row));
      return l.ok() ? std::optional<Literal>(*l) : std::nullopt;
    }
    case TypeId::kDecimal: {
      __int128 v = 0;
      if (c.type == parquet::PhysicalType::kInt32) v = c.i32[i];
      else if (c.type == parquet::PhysicalType::kInt64) v = c.i64[i];
      else v = DecimalFromBigEndian(c.Bytes(row));
      return Literal::Decimal(v, t.precision, t.scale);
    }
  }
  return std::nullopt;
}

Result<std::vector<PartitionedBatch>> SplitByPartition(const Schema& schema, const PartitionSpec& spec,
                                                       const std::vector<parquet::ColumnVector>& columns) {
  const auto& fields = schema.fields();
  if (columns.size() != fields.size()) return InvalidArgument("batch does not match the table schema");
  int64_t rows = columns.empty() ? 0 : columns[0].length;
  if (spec.IsUnpartitioned()) {
    return std::vector<PartitionedBatch>{{std::vector<std::optional<Literal>>(spec.fields().size()), columns}};
  }
  // Source column index of each partition field.
  std::vector<size_t> source;
  for (const auto& pf : spec.fields()) {
    size_t at = fields.size();
    for (size_t c = 0; c < fields.size(); ++c) {
      if (fields[c].id == pf.source_id) at = c;
    }
    if (at == fields.size() || !fields[at].type.is_primitive()) {
      return InvalidArgument("partition field " + pf.name + " needs a top-level primitive source column");
    }
    source.push_back(at);
  }
  std::map<std::string, size_t> index;  // serialized tuple → output position
  std::vector<PartitionedBatch> out;
  for (int64_t r = 0; r < rows; ++r) {
    std::vector<std::optional<Literal>> tuple;
    std::string key;
    for (size_t p = 0; p < spec.fields().size(); ++p) {
      const NestedField& f = fields[source[p]];
      auto value = spec.fields()[p].transform.Apply(LiteralAt(f.type.primitive(), columns[source[p]], r));
      if (!value.ok()) return value.status();
      key.push_back(value->has_value() ? '\1' : '\0');
      if (value->has_value()) {
        std::string bytes = (*value)->Serialize();
        uint32_t n = static_cast<uint32_t>(bytes.size());
        key.append(reinterpret_cast<const char*>(&n), 4);
        key += bytes;
      }
      tuple.push_back(std::move(*value));
    }
    auto [it, inserted] = index.emplace(key, out.size());
    if (inserted) {
      PartitionedBatch b;
      b.partition = std::move(tuple);
      for (const auto& c : columns) b.columns.emplace_back(c.type);
      out.push_back(std::move(b));
    }
    PartitionedBatch& b = out[it->second];
    for (size_t c = 0; c < columns.size(); ++c) parquet::AppendRows(columns[c], r, 1, &b.columns[c]);
  }
  return out;
}

}  // namespace floe::iceberg
