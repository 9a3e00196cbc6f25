#include "floe/format/parquet/schema.h"

#include <cctype>
#include <functional>

namespace floe::parquet {
namespace {

std::optional<ConvertedType> ConvertedFor(const LogicalType& lt) {
  switch (lt.kind) {
    case LogicalType::kString: return ConvertedType::kUtf8;
    case LogicalType::kMap: return ConvertedType::kMap;
    case LogicalType::kList: return ConvertedType::kList;
    case LogicalType::kEnum: return ConvertedType::kEnum;
    case LogicalType::kDecimal: return ConvertedType::kDecimal;
    case LogicalType::kDate: return ConvertedType::kDate;
    case LogicalType::kJson: return ConvertedType::kJson;
    case LogicalType::kBson: return ConvertedType::kBson;
    case LogicalType::kTime:
      if (lt.unit == TimeUnit::kMillis) return ConvertedType::kTimeMillis;
      if (lt.unit == TimeUnit::kMicros) return ConvertedType::kTimeMicros;
      return std::nullopt;
    case LogicalType::kTimestamp:
      if (lt.unit == TimeUnit::kMillis) return ConvertedType::kTimestampMillis;
      if (lt.unit == TimeUnit::kMicros) return ConvertedType::kTimestampMicros;
      return std::nullopt;
    default: return std::nullopt;
  }
}

// Files without LogicalType annotations carry only the legacy ConvertedType.
LogicalType LogicalFromConverted(ConvertedType ct, const SchemaElement& e) {
  LogicalType lt;
  switch (ct) {
    case ConvertedType::kUtf8: lt.kind = LogicalType::kString; break;
    case ConvertedType::kEnum: lt.kind = LogicalType::kEnum; break;
    case ConvertedType::kJson: lt.kind = LogicalType::kJson; break;
    case ConvertedType::kBson: lt.kind = LogicalType::kBson; break;
    case ConvertedType::kDate: lt.kind = LogicalType::kDate; break;
    case ConvertedType::kMap:
    case ConvertedType::kMapKeyValue: lt.kind = LogicalType::kMap; break;
    case ConvertedType::kList: lt.kind = LogicalType::kList; break;
    case ConvertedType::kDecimal:
      lt.kind = LogicalType::kDecimal;
      lt.scale = e.scale.value_or(0);
      lt.precision = e.precision.value_or(0);
      break;
    case ConvertedType::kTimeMillis:
    case ConvertedType::kTimeMicros:
      lt.kind = LogicalType::kTime;
      lt.adjusted_to_utc = true;
      lt.unit = ct == ConvertedType::kTimeMillis ? TimeUnit::kMillis : TimeUnit::kMicros;
      break;
    case ConvertedType::kTimestampMillis:
    case ConvertedType::kTimestampMicros:
      lt.kind = LogicalType::kTimestamp;
      lt.adjusted_to_utc = true;
      lt.unit = ct == ConvertedType::kTimestampMillis ? TimeUnit::kMillis : TimeUnit::kMicros;
      break;
    case ConvertedType::kUint8:
    case ConvertedType::kUint16:
    case ConvertedType::kUint32:
    case ConvertedType::kUint64:
    case ConvertedType::kInt8:
    case ConvertedType::kInt16:
    case ConvertedType::kInt32:
    case ConvertedType::kInt64: {
      static constexpr int kWidths[] = {8, 16, 32, 64, 8, 16, 32, 64};
      int idx = static_cast<int>(ct) - static_cast<int>(ConvertedType::kUint8);
      lt.kind = LogicalType::kInteger;
      lt.bit_width = kWidths[idx];
      lt.is_signed = idx >= 4;
      break;
    }
    default: break;
  }
  return lt;
}

Status ValidateLeaf(const Node& n) {
  if (n.name.empty()) return InvalidArgument("Parquet column with an empty name");
  if (n.physical == PhysicalType::kFixedLenByteArray && n.type_length <= 0) {
    return InvalidArgument("column " + n.name + ": FIXED_LEN_BYTE_ARRAY needs a positive length");
  }
  if (n.logical.kind == LogicalType::kDecimal) {
    int p = n.logical.precision;
    if (p < 1 || n.logical.scale < 0 || n.logical.scale > p) {
      return InvalidArgument("column " + n.name + ": invalid decimal(" + std::to_string(p) + "," +
                             std::to_string(n.logical.scale) + ")");
    }
    bool fits = (n.physical == PhysicalType::kInt32 && p <= 9) ||
                (n.physical == PhysicalType::kInt64 && p <= 18) ||
                n.physical == PhysicalType::kFixedLenByteArray ||
                n.physical == PhysicalType::kByteArray;
    if (!fits) return InvalidArgument("column " + n.name + ": decimal precision too large for type");
  }
  return Status::OK();
}

}  // namespace

Node Node::Leaf(std::string name, std::optional<int32_t> field_id, Repetition repetition,
                PhysicalType physical, LogicalType logical, int32_t type_length) {
  Node n;
  n.name = std::move(name);
  n.field_id = field_id;
  n.repetition = repetition;
  n.physical = physical;
  n.logical = logical;
  n.type_length = type_length;
  return n;
}

Node Node::Group(std::string name, std::optional<int32_t> field_id, Repetition repetition,
                 std::vector<Node> children, LogicalType logical) {
  Node n;
  n.name = std::move(name);
  n.field_id = field_id;
  n.repetition = repetition;
  n.is_group = true;
  n.children = std::move(children);
  n.logical = logical;
  return n;
}

std::string ColumnDescriptor::DottedPath() const {
  std::string out;
  for (const auto& p : path) {
    if (!out.empty()) out += '.';
    out += p;
  }
  return out;
}

bool ColumnDescriptor::SignedOrder() const {
  switch (physical) {
    case PhysicalType::kByteArray:
    case PhysicalType::kFixedLenByteArray:
      return logical.kind == LogicalType::kDecimal;
    case PhysicalType::kInt32:
    case PhysicalType::kInt64:
      return !(logical.kind == LogicalType::kInteger && !logical.is_signed);
    default:
      return true;
  }
}

Result<Schema> Schema::Make(std::vector<Node> fields) {
  Schema s;
  s.fields_ = std::move(fields);
  std::vector<std::string> path;
  std::function<Status(const Node&, int16_t, int16_t)> walk = [&](const Node& n, int16_t def,
                                                                 int16_t rep) -> Status {
    if (n.repetition != Repetition::kRequired) ++def;
    if (n.repetition == Repetition::kRepeated) ++rep;
    path.push_back(n.name);
    if (n.is_group) {
      if (n.children.empty()) return InvalidArgument("group " + n.name + " has no children");
      for (const auto& c : n.children) FLOE_RETURN_IF_ERROR(walk(c, def, rep));
    } else {
      FLOE_RETURN_IF_ERROR(ValidateLeaf(n));
      ColumnDescriptor d;
      d.path = path;
      d.name = n.name;
      d.field_id = n.field_id;
      d.repetition = n.repetition;
      d.physical = n.physical;
      d.type_length = n.type_length;
      d.logical = n.logical;
      if (d.logical.kind == LogicalType::kNone && n.converted) {
        SchemaElement e;
        d.logical = LogicalFromConverted(*n.converted, e);
      }
      d.max_def = def;
      d.max_rep = rep;
      s.columns_.push_back(std::move(d));
    }
    path.pop_back();
    return Status::OK();
  };
  for (const auto& f : s.fields_) FLOE_RETURN_IF_ERROR(walk(f, 0, 0));
  return s;
}

Result<Schema> Schema::FromThrift(const std::vector<SchemaElement>& elements) {
  if (elements.empty()) return DataLoss("Parquet schema is empty");
  size_t pos = 1;
  std::function<Result<Node>(int)> read = [&](int depth) -> Result<Node> {
    if (depth > 64) return DataLoss("Parquet schema nested too deeply");
    if (pos >= elements.size()) return DataLoss("Parquet schema ends before all children");
    const SchemaElement& e = elements[pos++];
    Node n;
    n.name = e.name;
    n.field_id = e.field_id;
    n.repetition = e.repetition.value_or(Repetition::kOptional);
    n.logical = e.logical_type;
    n.converted = e.converted_type;
    if (n.logical.kind == LogicalType::kNone && e.converted_type) {
      n.logical = LogicalFromConverted(*e.converted_type, e);
    }
    if (e.num_children.has_value() && !e.type.has_value()) {
      n.is_group = true;
      int32_t k = *e.num_children;
      if (k < 0 || static_cast<size_t>(k) > elements.size() - pos) {
        return DataLoss("Parquet schema node " + e.name + " has an invalid child count");
      }
      for (int32_t i = 0; i < k; ++i) {
        FLOE_ASSIGN_OR_RETURN(Node child, read(depth + 1));
        n.children.push_back(std::move(child));
      }
    } else {
      if (!e.type) return DataLoss("Parquet schema leaf " + e.name + " has no type");
      n.physical = *e.type;
      if (static_cast<int32_t>(n.physical) < 0 || static_cast<int32_t>(n.physical) > 7) {
        return DataLoss("Parquet schema leaf " + e.name + " has an unknown type");
      }
      n.type_length = e.type_length.value_or(0);
    }
    return n;
  };
  int32_t top = elements[0].num_children.value_or(0);
  if (top < 0 || static_cast<size_t>(top) > elements.size() - 1) {
    return DataLoss("Parquet schema root has an invalid child count");
  }
  std::vector<Node> fields;
  for (int32_t i = 0; i < top; ++i) {
    FLOE_ASSIGN_OR_RETURN(Node n, read(1));
    fields.push_back(std::move(n));
  }
  if (pos != elements.size()) return DataLoss("Parquet schema has trailing elements");
  auto made = Make(std::move(fields));
  if (!made.ok()) return DataLoss(made.status().message());
  return made;
}

std::vector<SchemaElement> Schema::ToThrift() const {
  std::vector<SchemaElement> out;
  SchemaElement root;
  root.name = "table";
  root.num_children = static_cast<int32_t>(fields_.size());
  out.push_back(root);
  std::function<void(const Node&)> emit = [&](const Node& n) {
    SchemaElement e;
    e.name = n.name;
    e.repetition = n.repetition;
    e.field_id = n.field_id;
    e.logical_type = n.logical;
    e.converted_type = ConvertedFor(n.logical);
    if (n.is_group) {
      e.num_children = static_cast<int32_t>(n.children.size());
    } else {
      e.type = n.physical;
      if (n.physical == PhysicalType::kFixedLenByteArray) e.type_length = n.type_length;
      if (n.logical.kind == LogicalType::kDecimal) {
        e.scale = n.logical.scale;
        e.precision = n.logical.precision;
      }
    }
    out.push_back(std::move(e));
    for (const auto& c : n.children) emit(c);
  };
  for (const auto& f : fields_) emit(f);
  return out;
}

bool Schema::IsFlat() const {
  for (const auto& c : columns_) {
    if (c.path.size() != 1 || c.max_rep != 0) return false;
  }
  return true;
}

int Schema::FindColumn(const std::string& path) const {
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (columns_[i].DottedPath() == path) return static_cast<int>(i);
  }
  return -1;
}

std::string LogicalTypeToString(const LogicalType& lt) {
  auto unit = [&] {
    return lt.unit == TimeUnit::kMillis ? "MILLIS" : lt.unit == TimeUnit::kMicros ? "MICROS" : "NANOS";
  };
  switch (lt.kind) {
    case LogicalType::kNone: return "";
    case LogicalType::kString: return "STRING";
    case LogicalType::kMap: return "MAP";
    case LogicalType::kList: return "LIST";
    case LogicalType::kEnum: return "ENUM";
    case LogicalType::kDecimal:
      return "DECIMAL(" + std::to_string(lt.precision) + "," + std::to_string(lt.scale) + ")";
    case LogicalType::kDate: return "DATE";
    case LogicalType::kTime:
      return std::string("TIME(") + unit() + "," + (lt.adjusted_to_utc ? "UTC" : "local") + ")";
    case LogicalType::kTimestamp:
      return std::string("TIMESTAMP(") + unit() + "," + (lt.adjusted_to_utc ? "UTC" : "local") + ")";
    case LogicalType::kInteger:
      return std::string(lt.is_signed ? "INT" : "UINT") + "(" + std::to_string(lt.bit_width) + ")";
    case LogicalType::kUnknown: return "UNKNOWN";
    case LogicalType::kJson: return "JSON";
    case LogicalType::kBson: return "BSON";
    case LogicalType::kUuid: return "UUID";
    case LogicalType::kFloat16: return "FLOAT16";
  }
  return "?";
}

std::string Schema::ToString() const {
  std::string out = "message table {\n";
  std::function<void(const Node&, int)> emit = [&](const Node& n, int indent) {
    out.append(static_cast<size_t>(indent) * 2, ' ');
    out += n.repetition == Repetition::kRequired   ? "required "
           : n.repetition == Repetition::kOptional ? "optional "
                                                   : "repeated ";
    if (n.is_group) {
      out += "group ";
    } else {
      std::string type(PhysicalTypeName(n.physical));
      for (auto& ch : type) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      out += type;
      if (n.physical == PhysicalType::kFixedLenByteArray) out += "(" + std::to_string(n.type_length) + ")";
      out += " ";
    }
    out += n.name;
    std::string lt = LogicalTypeToString(n.logical);
    if (!lt.empty()) out += " (" + lt + ")";
    if (n.field_id) out += " = " + std::to_string(*n.field_id);
    if (n.is_group) {
      out += " {\n";
      for (const auto& c : n.children) emit(c, indent + 1);
      out.append(static_cast<size_t>(indent) * 2, ' ');
      out += "}\n";
    } else {
      out += ";\n";
    }
  };
  for (const auto& f : fields_) emit(f, 1);
  out += "}\n";
  return out;
}

}  // namespace floe::parquet
