#include "floe/app/value_json.h"

#include <charconv>
#include <cmath>
#include <cstring>

#include "floe/base/base64.h"
#include "floe/base/civil_time.h"
#include "floe/format/parquet/plain.h"
#include "floe/ingest/record_converter.h"

namespace floe::app {
namespace {

using parquet::ColumnDescriptor;
using parquet::LogicalType;
using parquet::PhysicalType;
using parquet::TimeUnit;

int64_t ToMicros(int64_t v, TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kMillis:
      return v * 1000;
    case TimeUnit::kNanos:
      return v >= 0 ? v / 1000 : -((-v + 999) / 1000);
    default:
      return v;
  }
}

void AppendDouble(double d, std::string* out) {
  if (std::isnan(d)) {
    out->append("\"NaN\"");
  } else if (std::isinf(d)) {
    out->append(d > 0 ? "\"Infinity\"" : "\"-Infinity\"");
  } else {
    char buf[64];
    auto r = std::to_chars(buf, buf + sizeof(buf), d);
    std::string_view s(buf, static_cast<size_t>(r.ptr - buf));
    out->append(s);
    // Keep it a JSON number that reads back as floating point ("-0" → "-0.0").
    if (s.find_first_of(".eE") == std::string_view::npos) out->append(".0");
  }
}

void AppendFloat(float f, std::string* out) {
  if (std::isnan(f) || std::isinf(f)) return AppendDouble(f, out);
  char buf[64];
  // General format keeps a float's shortest digits ("3.9119878e+12", not the
  // exact but longer "3911987757056").
  auto r = std::to_chars(buf, buf + sizeof(buf), f, std::chars_format::general);
  std::string_view s(buf, static_cast<size_t>(r.ptr - buf));
  out->append(s);
  if (s.find_first_of(".eE") == std::string_view::npos) out->append(".0");
}

__int128 BigEndianToInt128(std::string_view b) {
  __int128 v = (!b.empty() && (static_cast<uint8_t>(b[0]) & 0x80)) ? -1 : 0;
  for (unsigned char c : b) v = static_cast<__int128>((static_cast<unsigned __int128>(v) << 8) | c);
  return v;
}

std::string UuidText(std::string_view b) {
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < b.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[static_cast<uint8_t>(b[i]) >> 4]);
    out.push_back(kHex[static_cast<uint8_t>(b[i]) & 15]);
  }
  return out;
}

// INT96 timestamps (legacy Impala/Spark): 8 bytes nanos-of-day, 4 bytes Julian day.
int64_t Int96ToMicros(std::string_view b) {
  int64_t nanos;
  int32_t julian;
  std::memcpy(&nanos, b.data(), 8);
  std::memcpy(&julian, b.data() + 8, 4);
  return (static_cast<int64_t>(julian) - 2440588) * 86400000000ll + nanos / 1000;
}

// The text form of a value for string-like logical types; empty optional for numbers.
bool TextValue(const ColumnDescriptor& d, int64_t iv, std::string* text) {
  const LogicalType& lt = d.logical;
  switch (lt.kind) {
    case LogicalType::kDate:
      *text = FormatDate(iv);
      return true;
    case LogicalType::kTime:
      *text = FormatTime(ToMicros(iv, lt.unit));
      return true;
    case LogicalType::kTimestamp:
      *text = FormatTimestamp(ToMicros(iv, lt.unit));
      if (lt.adjusted_to_utc) text->push_back('Z');
      return true;
    case LogicalType::kDecimal:
      *text = ingest::FormatDecimal(iv, lt.scale);
      return true;
    default:
      return false;
  }
}

}  // namespace

void AppendJsonString(std::string_view s, std::string* out) {
  out->push_back('"');
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      switch (c) {
        case '"':
          out->append("\\\"");
          break;
        case '\\':
          out->append("\\\\");
          break;
        case '\n':
          out->append("\\n");
          break;
        case '\r':
          out->append("\\r");
          break;
        case '\t':
          out->append("\\t");
          break;
        case '\b':
          out->append("\\b");
          break;
        case '\f':
          out->append("\\f");
          break;
        default:
          if (c < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof(buf), "\\u%04x", c);
            out->append(buf);
          } else {
            out->push_back(static_cast<char>(c));
          }
      }
      ++i;
      continue;
    }
    // Validate one UTF-8 sequence.
    int n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
    bool ok = n > 0 && c <= 0xF4 && i + static_cast<size_t>(n) <= s.size();
    uint32_t cp = ok ? (c & (0x7F >> n)) : 0;
    for (int k = 1; ok && k < n; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + static_cast<size_t>(k)]);
      if ((cc & 0xC0) != 0x80) ok = false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (ok) {
      static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
      ok = cp >= kMin[n] && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
    }
    if (ok) {
      out->append(s.data() + i, static_cast<size_t>(n));
      i += static_cast<size_t>(n);
    } else {
      out->append("\xEF\xBF\xBD");
      ++i;
    }
  }
  out->push_back('"');
}

void AppendValueJson(const ColumnDescriptor& d, const parquet::ColumnVector& v, int64_t row,
                     std::string* out) {
  if (v.IsNull(row)) {
    out->append("null");
    return;
  }
  std::string text;
  switch (v.type) {
    case PhysicalType::kBoolean:
      out->append(v.bools[row] ? "true" : "false");
      return;
    case PhysicalType::kInt32: {
      int32_t x = v.i32[row];
      if (TextValue(d, x, &text)) return AppendJsonString(text, out);
      if (d.logical.kind == LogicalType::kInteger && !d.logical.is_signed) {
        out->append(std::to_string(static_cast<uint32_t>(x)));
      } else {
        out->append(std::to_string(x));
      }
      return;
    }
    case PhysicalType::kInt64: {
      int64_t x = v.i64[row];
      if (TextValue(d, x, &text)) return AppendJsonString(text, out);
      if (d.logical.kind == LogicalType::kInteger && !d.logical.is_signed) {
        out->append(std::to_string(static_cast<uint64_t>(x)));
      } else {
        out->append(std::to_string(x));
      }
      return;
    }
    case PhysicalType::kFloat:
      AppendFloat(v.f32[row], out);
      return;
    case PhysicalType::kDouble:
      AppendDouble(v.f64[row], out);
      return;
    case PhysicalType::kInt96: {
      text = FormatTimestamp(Int96ToMicros(v.Bytes(row)));
      return AppendJsonString(text, out);
    }
    default: {
      std::string_view b = v.Bytes(row);
      switch (d.logical.kind) {
        case LogicalType::kString:
        case LogicalType::kEnum:
        case LogicalType::kJson:
          return AppendJsonString(b, out);
        case LogicalType::kDecimal:
          return AppendJsonString(ingest::FormatDecimal(BigEndianToInt128(b), d.logical.scale),
                                  out);
        case LogicalType::kUuid:
          if (b.size() == 16) return AppendJsonString(UuidText(b), out);
          break;
        default:
          break;
      }
      return AppendJsonString(Base64Encode(b), out);
    }
  }
}

std::string StatValueText(const ColumnDescriptor& d, std::string_view encoded) {
  parquet::ColumnVector v(d.physical);
  auto decoded = parquet::PlainDecode(
      d.physical == PhysicalType::kByteArray ? std::string_view() : encoded, 1, d.type_length, &v);
  if (d.physical == PhysicalType::kByteArray) {
    v.AppendBytes(encoded);
  } else if (d.physical == PhysicalType::kBoolean) {
    v.bools.assign(1, encoded.empty() ? 0 : static_cast<uint8_t>(encoded[0]) & 1);
    v.length = 1;
  } else if (!decoded.ok()) {
    return "<" + std::to_string(encoded.size()) + " bytes>";
  } else {
    v.length = 1;
  }
  std::string out;
  AppendValueJson(d, v, 0, &out);
  return out;
}

}  // namespace floe::app
