#include "floe/query/types.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

#include "floe/base/civil_time.h"

namespace floe::query {

std::string_view TypeName(DataType t) {
  switch (t) {
    case DataType::kNull:
      return "NULL";
    case DataType::kBoolean:
      return "BOOLEAN";
    case DataType::kInteger:
      return "INTEGER";
    case DataType::kBigint:
      return "BIGINT";
    case DataType::kDouble:
      return "DOUBLE";
    case DataType::kVarchar:
      return "VARCHAR";
    case DataType::kTimestamp:
      return "TIMESTAMP";
    case DataType::kDate:
      return "DATE";
    case DataType::kInterval:
      return "INTERVAL";
  }
  return "?";
}

bool IsInteger(DataType t) { return t == DataType::kInteger || t == DataType::kBigint; }
bool IsNumeric(DataType t) { return IsInteger(t) || t == DataType::kDouble; }
bool IsIntLike(DataType t) {
  return t == DataType::kBoolean || IsInteger(t) || t == DataType::kTimestamp ||
         t == DataType::kDate || t == DataType::kInterval;
}

Result<DataType> ParseTypeName(std::string_view name) {
  std::string n;
  for (char c : name) n.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  if (n == "INT" || n == "INTEGER" || n == "INT4" || n == "SMALLINT" || n == "TINYINT" ||
      n == "INT2")
    return DataType::kInteger;
  if (n == "BIGINT" || n == "INT8" || n == "LONG" || n == "HUGEINT") return DataType::kBigint;
  if (n == "DOUBLE" || n == "FLOAT" || n == "REAL" || n == "FLOAT8" || n == "FLOAT4" ||
      n == "DECIMAL" || n == "NUMERIC")
    return DataType::kDouble;
  if (n == "VARCHAR" || n == "TEXT" || n == "STRING" || n == "CHAR") return DataType::kVarchar;
  if (n == "BOOLEAN" || n == "BOOL") return DataType::kBoolean;
  if (n == "TIMESTAMP" || n == "DATETIME" || n == "TIMESTAMPTZ") return DataType::kTimestamp;
  if (n == "DATE") return DataType::kDate;
  if (n == "INTERVAL") return DataType::kInterval;
  return InvalidArgument("unknown type '" + std::string(name) +
                         "' (use INTEGER, BIGINT, DOUBLE, VARCHAR, BOOLEAN, TIMESTAMP, DATE)");
}

std::string FormatDouble(double d) {
  if (std::isnan(d)) return "nan";
  if (std::isinf(d)) return d > 0 ? "inf" : "-inf";
  char buf[40];
  for (int precision = 15; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof(buf), "%.*g", precision, d);
    if (std::strtod(buf, nullptr) == d) break;
  }
  std::string s = buf;
  // DuckDB prints integral doubles with ".0" and never uses exponents below 1e16.
  size_t e = s.find('e');
  if (e != std::string::npos) {
    int exp = std::atoi(s.c_str() + e + 1);
    if (exp >= -4 && exp < 16) {
      std::snprintf(buf, sizeof(buf), "%.17f", d);
      s = buf;
    }
  }
  if (s.find_first_of(".e") == std::string::npos) s += ".0";
  if (s.find('.') != std::string::npos && s.find('e') == std::string::npos) {
    while (s.size() > 2 && s.back() == '0' && s[s.size() - 2] != '.') s.pop_back();
  }
  return s;
}

std::string FormatTimestampMicros(int64_t micros) {
  std::string s = FormatTimestamp(micros);
  if (s.size() > 10 && s[10] == 'T') s[10] = ' ';
  size_t dot = s.find('.');
  if (dot != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s;
}

std::string FormatInterval(int64_t micros) {
  bool neg = micros < 0;
  uint64_t m = neg ? static_cast<uint64_t>(-(micros + 1)) + 1 : static_cast<uint64_t>(micros);
  uint64_t days = m / 86400000000ull;
  m %= 86400000000ull;
  std::string out = neg ? "-" : "";
  if (days) out += std::to_string(days) + (days == 1 ? " day " : " days ");
  char buf[48];
  std::snprintf(buf, sizeof(buf), "%02llu:%02llu:%02llu",
                static_cast<unsigned long long>(m / 3600000000ull),
                static_cast<unsigned long long>(m / 60000000ull % 60),
                static_cast<unsigned long long>(m / 1000000ull % 60));
  out += buf;
  if (m % 1000000) {
    std::snprintf(buf, sizeof(buf), ".%06llu", static_cast<unsigned long long>(m % 1000000));
    out += buf;
    while (out.back() == '0') out.pop_back();
  }
  return out;
}

std::string FormatValue(const Value& v) {
  if (v.is_null) return "NULL";
  switch (v.type) {
    case DataType::kNull:
      return "NULL";
    case DataType::kBoolean:
      return v.i ? "true" : "false";
    case DataType::kInteger:
    case DataType::kBigint:
      return std::to_string(v.i);
    case DataType::kDouble:
      return FormatDouble(v.d);
    case DataType::kVarchar:
      return v.s;
    case DataType::kTimestamp:
      return FormatTimestampMicros(v.i);
    case DataType::kDate:
      return FormatDate(v.i);
    case DataType::kInterval:
      return FormatInterval(v.i);
  }
  return "?";
}

namespace {

std::string Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

Status CastError(const Value& v, DataType to) {
  return InvalidArgument("Conversion Error: could not convert '" + FormatValue(v) + "' to " +
                         std::string(TypeName(to)));
}

// DOUBLE → integer rounds half to even, as DuckDB does (nearbyint); text
// such as '2.5' is read as a decimal and rounds half away from zero.
Result<int64_t> DoubleToInt(double d, const Value& v, DataType to, bool half_even) {
  if (!std::isfinite(d) || std::fabs(d) >= 9.2e18) return CastError(v, to);
  int64_t r =
      half_even ? static_cast<int64_t>(std::nearbyint(d)) : static_cast<int64_t>(std::llround(d));
  if (to == DataType::kInteger &&
      (r > std::numeric_limits<int32_t>::max() || r < std::numeric_limits<int32_t>::min()))
    return CastError(v, to);
  return r;
}

}  // namespace

Result<Value> CastValue(const Value& v, DataType to) {
  if (v.is_null) return Value::Null(to);
  if (v.type == to) return v;
  Value out = Value::Null(to);
  out.is_null = false;
  switch (to) {
    case DataType::kNull:
      return Value::Null();
    case DataType::kVarchar:
      return Value::String(FormatValue(v));
    case DataType::kBoolean:
      if (IsInteger(v.type)) return Value::Bool(v.i != 0);
      if (v.type == DataType::kVarchar) {
        std::string t = Trim(v.s);
        for (auto& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (t == "true" || t == "t" || t == "1") return Value::Bool(true);
        if (t == "false" || t == "f" || t == "0") return Value::Bool(false);
      }
      return CastError(v, to);
    case DataType::kInteger:
    case DataType::kBigint:
      if (v.type == DataType::kDouble) {
        FLOE_ASSIGN_OR_RETURN(out.i, DoubleToInt(v.d, v, to, true));
        return out;
      }
      if (IsInteger(v.type) || v.type == DataType::kBoolean) {
        if (to == DataType::kInteger && (v.i > std::numeric_limits<int32_t>::max() ||
                                         v.i < std::numeric_limits<int32_t>::min()))
          return CastError(v, to);
        out.i = v.i;
        return out;
      }
      if (v.type == DataType::kVarchar) {
        std::string t = Trim(v.s);
        errno = 0;
        char* end = nullptr;
        long long x = std::strtoll(t.c_str(), &end, 10);
        if (t.empty() || *end != '\0' || errno == ERANGE) {
          double d = std::strtod(t.c_str(), &end);
          if (t.empty() || *end != '\0') return CastError(v, to);
          FLOE_ASSIGN_OR_RETURN(out.i, DoubleToInt(d, v, to, false));
          return out;
        }
        out.i = x;
        return CastValue(out, to);
      }
      return CastError(v, to);
    case DataType::kDouble:
      if (IsInteger(v.type) || v.type == DataType::kBoolean)
        return Value::Double(static_cast<double>(v.i));
      if (v.type == DataType::kVarchar) {
        std::string t = Trim(v.s);
        char* end = nullptr;
        double d = std::strtod(t.c_str(), &end);
        if (t.empty() || *end != '\0') return CastError(v, to);
        return Value::Double(d);
      }
      return CastError(v, to);
    case DataType::kTimestamp:
      if (v.type == DataType::kDate) {
        out.i = v.i * 86400000000ll;
        return out;
      }
      if (v.type == DataType::kVarchar) {
        std::string t = Trim(v.s);
        bool zone = false;
        auto ts = ParseTimestamp(t, &zone);
        if (ts.ok()) {
          out.i = *ts;
          return out;
        }
        auto d = ParseDate(t);
        if (d.ok()) {
          out.i = static_cast<int64_t>(*d) * 86400000000ll;
          return out;
        }
      }
      return CastError(v, to);
    case DataType::kDate:
      if (v.type == DataType::kTimestamp) {
        out.i = v.i >= 0 ? v.i / 86400000000ll : -((-v.i + 86400000000ll - 1) / 86400000000ll);
        return out;
      }
      if (v.type == DataType::kVarchar) {
        std::string t = Trim(v.s);
        auto d = ParseDate(t.size() > 10 ? t.substr(0, 10) : t);
        if (d.ok()) {
          out.i = *d;
          return out;
        }
      }
      return CastError(v, to);
    case DataType::kInterval:
      return CastError(v, to);
  }
  return CastError(v, to);
}

}  // namespace floe::query
