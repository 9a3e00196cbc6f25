#include "floe/iceberg/parquet_schema.h"

namespace floe::iceberg {

using parquet::LogicalType;
using parquet::Node;
using parquet::PhysicalType;
using parquet::Repetition;

namespace {

Node PrimitiveNode(const NestedField& f, Repetition rep) {
  LogicalType lt;
  PhysicalType pt = PhysicalType::kByteArray;
  int32_t length = 0;
  const PrimitiveType& t = f.type.primitive();
  switch (t.id) {
    case TypeId::kBoolean:
      pt = PhysicalType::kBoolean;
      break;
    case TypeId::kInt:
      pt = PhysicalType::kInt32;
      break;
    case TypeId::kLong:
      pt = PhysicalType::kInt64;
      break;
    case TypeId::kFloat:
      pt = PhysicalType::kFloat;
      break;
    case TypeId::kDouble:
      pt = PhysicalType::kDouble;
      break;
    case TypeId::kDate:
      pt = PhysicalType::kInt32;
      lt.kind = LogicalType::kDate;
      break;
    case TypeId::kTime:
      pt = PhysicalType::kInt64;
      lt.kind = LogicalType::kTime;
      lt.adjusted_to_utc = false;
      lt.unit = parquet::TimeUnit::kMicros;
      break;
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
      pt = PhysicalType::kInt64;
      lt.kind = LogicalType::kTimestamp;
      lt.adjusted_to_utc = t.id == TypeId::kTimestampTz;
      lt.unit = parquet::TimeUnit::kMicros;
      break;
    case TypeId::kString:
      pt = PhysicalType::kByteArray;
      lt.kind = LogicalType::kString;
      break;
    case TypeId::kUuid:
      pt = PhysicalType::kFixedLenByteArray;
      length = 16;
      lt.kind = LogicalType::kUuid;
      break;
    case TypeId::kFixed:
      pt = PhysicalType::kFixedLenByteArray;
      length = t.length;
      break;
    case TypeId::kBinary:
      pt = PhysicalType::kByteArray;
      break;
    case TypeId::kDecimal:
      lt.kind = LogicalType::kDecimal;
      lt.precision = t.precision;
      lt.scale = t.scale;
      if (t.precision <= 9) {
        pt = PhysicalType::kInt32;
      } else if (t.precision <= 18) {
        pt = PhysicalType::kInt64;
      } else {
        pt = PhysicalType::kFixedLenByteArray;
        length = DecimalRequiredBytes(t.precision);
      }
      break;
  }
  return Node::Leaf(f.name, f.id, rep, pt, lt, length);
}

}  // namespace

Node ToParquetNode(const NestedField& f) {
  Repetition rep = f.required ? Repetition::kRequired : Repetition::kOptional;
  switch (f.type.kind()) {
    case Type::Kind::kPrimitive:
      return PrimitiveNode(f, rep);
    case Type::Kind::kStruct: {
      std::vector<Node> children;
      for (const auto& child : f.type.struct_type().fields)
        children.push_back(ToParquetNode(child));
      return Node::Group(f.name, f.id, rep, std::move(children));
    }
    case Type::Kind::kList: {
      LogicalType lt;
      lt.kind = LogicalType::kList;
      Node list = Node::Group("list", std::nullopt, Repetition::kRepeated,
                              {ToParquetNode(f.type.list_type().element)});
      return Node::Group(f.name, f.id, rep, {std::move(list)}, lt);
    }
    case Type::Kind::kMap: {
      LogicalType lt;
      lt.kind = LogicalType::kMap;
      const MapType& m = f.type.map_type();
      Node key_value = Node::Group("key_value", std::nullopt, Repetition::kRepeated,
                                   {ToParquetNode(m.key), ToParquetNode(m.value)});
      return Node::Group(f.name, f.id, rep, {std::move(key_value)}, lt);
    }
  }
  return PrimitiveNode(f, rep);
}

Result<parquet::Schema> ToParquetSchema(const Schema& schema) {
  std::vector<Node> nodes;
  for (const auto& f : schema.fields()) nodes.push_back(ToParquetNode(f));
  return parquet::Schema::Make(std::move(nodes));
}

}  // namespace floe::iceberg
