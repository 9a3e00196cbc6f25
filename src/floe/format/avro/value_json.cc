#include "floe/format/avro/value_json.h"

#include <cmath>
#include <limits>

namespace floe::avro {

namespace {

Status Mismatch(const AvroNode& node, const Json& json) {
  std::string text = json.dump(-1, ' ', false, Json::error_handler_t::replace);
  if (text.size() > 80) text = text.substr(0, 77) + "...";
  return InvalidArgument(text + " is not a valid " + std::string(AvroTypeName(node.type)));
}

// Latin-1 view: each code point of the UTF-8 string must be <= 255.
bool CodePointsToBytes(const std::string& utf8, std::string* out) {
  out->clear();
  for (size_t i = 0; i < utf8.size(); ++i) {
    auto c = static_cast<unsigned char>(utf8[i]);
    if (c < 0x80) {
      out->push_back(static_cast<char>(c));
    } else if ((c == 0xC2 || c == 0xC3) && i + 1 < utf8.size()) {
      auto c2 = static_cast<unsigned char>(utf8[++i]);
      out->push_back(static_cast<char>(((c & 0x1F) << 6) | (c2 & 0x3F)));
    } else {
      return false;
    }
  }
  return true;
}

std::string BytesToCodePoints(const std::string& bytes) {
  std::string out;
  for (char ch : bytes) {
    auto c = static_cast<unsigned char>(ch);
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back(static_cast<char>(0xC0 | (c >> 6)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
  return out;
}

Result<double> FloatFromJson(const AvroNode& node, const Json& json) {
  if (json.is_number()) return json.get<double>();
  if (json.is_string()) {
    const auto& s = json.get_ref<const std::string&>();
    if (s == "NaN") return std::numeric_limits<double>::quiet_NaN();
    if (s == "Infinity") return std::numeric_limits<double>::infinity();
    if (s == "-Infinity") return -std::numeric_limits<double>::infinity();
  }
  return Mismatch(node, json);
}

Result<AvroValue> FromDefault(const AvroSchema& schema, int index, const Json& json, int depth) {
  if (depth > kMaxSchemaDepth) return InvalidArgument("default nested too deeply");
  const AvroNode& node = schema.node(index);
  switch (node.type) {
    case AvroType::kNull:
      if (!json.is_null()) return Mismatch(node, json);
      return AvroValue::Null();
    case AvroType::kBoolean:
      if (!json.is_boolean()) return Mismatch(node, json);
      return AvroValue::Boolean(json.get<bool>());
    case AvroType::kInt:
      if (!json.is_number_integer() ||
          (json.is_number_unsigned() && json.get<uint64_t>() > INT32_MAX) ||
          json.get<int64_t>() < INT32_MIN || json.get<int64_t>() > INT32_MAX) {
        return Mismatch(node, json);
      }
      return AvroValue::Int(static_cast<int32_t>(json.get<int64_t>()));
    case AvroType::kLong:
      if (!json.is_number_integer() ||
          (json.is_number_unsigned() && json.get<uint64_t>() > INT64_MAX)) {
        return Mismatch(node, json);
      }
      return AvroValue::Long(json.get<int64_t>());
    case AvroType::kFloat: {
      FLOE_ASSIGN_OR_RETURN(double d, FloatFromJson(node, json));
      return AvroValue::Float(static_cast<float>(d));
    }
    case AvroType::kDouble: {
      FLOE_ASSIGN_OR_RETURN(double d, FloatFromJson(node, json));
      return AvroValue::Double(d);
    }
    case AvroType::kString:
      if (!json.is_string()) return Mismatch(node, json);
      return AvroValue::String(json.get<std::string>());
    case AvroType::kBytes:
    case AvroType::kFixed: {
      std::string bytes;
      if (!json.is_string() || !CodePointsToBytes(json.get_ref<const std::string&>(), &bytes)) {
        return Mismatch(node, json);
      }
      if (node.type == AvroType::kBytes) return AvroValue::Bytes(std::move(bytes));
      if (static_cast<int64_t>(bytes.size()) != node.size) return Mismatch(node, json);
      return AvroValue::Fixed(std::move(bytes));
    }
    case AvroType::kEnum:
      if (json.is_string()) {
        for (size_t i = 0; i < node.symbols.size(); ++i) {
          if (node.symbols[i] == json.get_ref<const std::string&>()) {
            return AvroValue::Enum(static_cast<int>(i));
          }
        }
      }
      return Mismatch(node, json);
    case AvroType::kArray: {
      if (!json.is_array()) return Mismatch(node, json);
      std::vector<AvroValue> items;
      for (const auto& item : json) {
        FLOE_ASSIGN_OR_RETURN(AvroValue v, FromDefault(schema, node.items, item, depth + 1));
        items.push_back(std::move(v));
      }
      return AvroValue::Array(std::move(items));
    }
    case AvroType::kMap: {
      if (!json.is_object()) return Mismatch(node, json);
      std::vector<std::pair<std::string, AvroValue>> entries;
      for (const auto& [k, item] : json.items()) {
        FLOE_ASSIGN_OR_RETURN(AvroValue v, FromDefault(schema, node.items, item, depth + 1));
        entries.emplace_back(k, std::move(v));
      }
      return AvroValue::Map(std::move(entries));
    }
    case AvroType::kRecord: {
      if (!json.is_object()) return Mismatch(node, json);
      std::vector<AvroValue> fields;
      for (const auto& f : node.fields) {
        auto it = json.find(f.name);
        const Json* given = it != json.end() ? &*it : f.default_value ? &*f.default_value : nullptr;
        if (given == nullptr) return InvalidArgument("default lacks field '" + f.name + "'");
        FLOE_ASSIGN_OR_RETURN(AvroValue v, FromDefault(schema, f.type, *given, depth + 1));
        fields.push_back(std::move(v));
      }
      return AvroValue::Record(std::move(fields));
    }
    case AvroType::kUnion: {
      Status first_error = Mismatch(node, json);
      for (size_t b = 0; b < node.branches.size(); ++b) {
        auto v = FromDefault(schema, node.branches[b], json, depth + 1);
        if (v.ok()) return AvroValue::Union(static_cast<int>(b), std::move(v).value());
        if (b == 0) first_error = v.status();
      }
      return first_error;
    }
  }
  return Mismatch(node, json);
}

Json FloatJson(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  return d;
}

Result<Json> ToJson(const AvroSchema& schema, int index, const AvroValue& value, int depth) {
  if (depth > 2 * kMaxSchemaDepth) return InvalidArgument("value nested too deeply");
  const AvroNode& node = schema.node(index);
  using Kind = AvroValue::Kind;
  if (node.type == AvroType::kUnion) {
    if (value.kind() != Kind::kUnion || value.union_branch() < 0 ||
        static_cast<size_t>(value.union_branch()) >= node.branches.size()) {
      return InvalidArgument("value is not a union branch");
    }
    return ToJson(schema, node.branches[static_cast<size_t>(value.union_branch())],
                  value.union_value(), depth + 1);
  }
  if (static_cast<int>(value.kind()) != static_cast<int>(node.type)) {
    return InvalidArgument(std::string("a ") + std::string(AvroValueKindName(value.kind())) +
                           " value for a " + std::string(AvroTypeName(node.type)) + " schema");
  }
  switch (node.type) {
    case AvroType::kNull:
      return Json(nullptr);
    case AvroType::kBoolean:
      return Json(value.boolean());
    case AvroType::kInt:
      return Json(value.int_value());
    case AvroType::kLong:
      return Json(value.long_value());
    case AvroType::kFloat:
      return FloatJson(value.float_value());
    case AvroType::kDouble:
      return FloatJson(value.double_value());
    case AvroType::kString:
      return Json(value.bytes());
    case AvroType::kBytes:
    case AvroType::kFixed:
      return Json(BytesToCodePoints(value.bytes()));
    case AvroType::kEnum:
      if (value.enum_index() < 0 ||
          static_cast<size_t>(value.enum_index()) >= node.symbols.size()) {
        return InvalidArgument("enum index out of range");
      }
      return Json(node.symbols[static_cast<size_t>(value.enum_index())]);
    case AvroType::kArray: {
      Json out = Json::array();
      for (const auto& item : value.children()) {
        FLOE_ASSIGN_OR_RETURN(Json j, ToJson(schema, node.items, item, depth + 1));
        out.push_back(std::move(j));
      }
      return out;
    }
    case AvroType::kMap: {
      Json out = Json::object();
      for (size_t i = 0; i < value.children().size(); ++i) {
        FLOE_ASSIGN_OR_RETURN(Json j, ToJson(schema, node.items, value.children()[i], depth + 1));
        out[value.map_keys()[i]] = std::move(j);
      }
      return out;
    }
    case AvroType::kRecord: {
      if (value.children().size() != node.fields.size()) {
        return InvalidArgument("record value has the wrong number of fields");
      }
      Json out = Json::object();
      for (size_t i = 0; i < node.fields.size(); ++i) {
        FLOE_ASSIGN_OR_RETURN(Json j,
                              ToJson(schema, node.fields[i].type, value.children()[i], depth + 1));
        out[node.fields[i].name] = std::move(j);
      }
      return out;
    }
    case AvroType::kUnion:
      break;
  }
  return InvalidArgument("unreachable");
}

}  // namespace

Result<AvroValue> ValueFromDefaultJson(const AvroSchema& schema, int node, const Json& json) {
  return FromDefault(schema, node, json, 0);
}

Result<Json> ValueToJson(const AvroSchema& schema, int node, const AvroValue& value) {
  return ToJson(schema, node, value, 0);
}

}  // namespace floe::avro
