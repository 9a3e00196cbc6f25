#include "floe/iceberg/type.h"

#include <cmath>
#include <cstdio>

namespace floe::iceberg {
namespace {

struct Named {
  const char* name;
  TypeId id;
};
constexpr Named kSimpleTypes[] = {
    {"boolean", TypeId::kBoolean},
    {"int", TypeId::kInt},
    {"long", TypeId::kLong},
    {"float", TypeId::kFloat},
    {"double", TypeId::kDouble},
    {"date", TypeId::kDate},
    {"time", TypeId::kTime},
    {"timestamp", TypeId::kTimestamp},
    {"timestamptz", TypeId::kTimestampTz},
    {"string", TypeId::kString},
    {"uuid", TypeId::kUuid},
    {"binary", TypeId::kBinary},
};

}  // namespace

std::string PrimitiveType::ToString() const {
  if (id == TypeId::kDecimal) {
    return "decimal(" + std::to_string(precision) + "," + std::to_string(scale) + ")";
  }
  if (id == TypeId::kFixed) return "fixed[" + std::to_string(length) + "]";
  for (const auto& t : kSimpleTypes) {
    if (t.id == id) return t.name;
  }
  return "unknown";
}

Result<PrimitiveType> PrimitiveType::Parse(const std::string& text) {
  for (const auto& s : kSimpleTypes) {
    if (text == s.name) return Of(s.id);
  }
  int a = 0, b = 0, consumed = 0;
  if (std::sscanf(text.c_str(), "decimal(%d, %d)%n", &a, &b, &consumed) == 2 &&
      static_cast<size_t>(consumed) == text.size()) {
    if (a < 1 || a > 38 || b < 0 || b > a) {
      return InvalidArgument("invalid Iceberg type \"" + text +
                             "\": precision must be 1..38 and scale 0..precision");
    }
    return Decimal(a, b);
  }
  if (std::sscanf(text.c_str(), "fixed[%d]%n", &a, &consumed) == 1 &&
      static_cast<size_t>(consumed) == text.size()) {
    if (a < 1) {
      return InvalidArgument("invalid Iceberg type \"" + text + "\": length must be positive");
    }
    return Fixed(a);
  }
  if (text == "struct" || text == "list" || text == "map") {
    return InvalidArgument("nested Iceberg type \"" + text + "\" must be a JSON object");
  }
  return InvalidArgument("unknown Iceberg type \"" + text + "\"");
}

Type Type::Struct(std::vector<NestedField> fields) {
  Type t;
  t.rep_ = std::make_shared<const StructType>(StructType{std::move(fields)});
  return t;
}

Type Type::List(int32_t element_id, bool element_required, Type element) {
  Type t;
  t.rep_ = std::make_shared<const ListType>(ListType{
      NestedField{element_id, kListElementName, element_required, std::move(element), ""}});
  return t;
}

Type Type::Map(int32_t key_id, Type key, int32_t value_id, bool value_required, Type value) {
  Type t;
  t.rep_ = std::make_shared<const MapType>(
      MapType{NestedField{key_id, kMapKeyName, true, std::move(key), ""},
              NestedField{value_id, kMapValueName, value_required, std::move(value), ""}});
  return t;
}

const PrimitiveType& Type::primitive() const {
  FLOE_CHECK(kind() == Kind::kPrimitive);
  return std::get<PrimitiveType>(rep_);
}

const StructType& Type::struct_type() const {
  FLOE_CHECK(kind() == Kind::kStruct);
  return *std::get<std::shared_ptr<const StructType>>(rep_);
}

const ListType& Type::list_type() const {
  FLOE_CHECK(kind() == Kind::kList);
  return *std::get<std::shared_ptr<const ListType>>(rep_);
}

const MapType& Type::map_type() const {
  FLOE_CHECK(kind() == Kind::kMap);
  return *std::get<std::shared_ptr<const MapType>>(rep_);
}

std::string Type::ToString() const {
  switch (kind()) {
    case Kind::kPrimitive:
      return primitive().ToString();
    case Kind::kStruct: {
      std::string out = "struct<";
      const auto& fields = struct_type().fields;
      for (size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) out += ", ";
        out += std::to_string(fields[i].id) + ": " + fields[i].name + ": " +
               (fields[i].required ? "required " : "optional ") + fields[i].type.ToString();
      }
      return out + ">";
    }
    case Kind::kList:
      return "list<" + list_type().element.type.ToString() + ">";
    case Kind::kMap:
      return "map<" + map_type().key.type.ToString() + ", " + map_type().value.type.ToString() +
             ">";
  }
  return "unknown";
}

bool Type::operator==(const Type& other) const {
  if (kind() != other.kind()) return false;
  switch (kind()) {
    case Kind::kPrimitive:
      return primitive() == other.primitive();
    case Kind::kStruct:
      return struct_type() == other.struct_type();
    case Kind::kList:
      return list_type() == other.list_type();
    case Kind::kMap:
      return map_type() == other.map_type();
  }
  return false;
}

const NestedField* StructType::FindField(int32_t id) const {
  for (const auto& f : fields) {
    if (f.id == id) return &f;
  }
  return nullptr;
}

const NestedField* StructType::FindField(std::string_view name) const {
  for (const auto& f : fields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

int32_t DecimalRequiredBytes(int32_t precision) {
  // Smallest n with 2^(8n-1) > 10^precision.
  for (int32_t n = 1; n <= 32; ++n) {
    if ((8.0 * n - 1) * std::log10(2.0) > precision) return n;
  }
  return 32;
}

}  // namespace floe::iceberg
