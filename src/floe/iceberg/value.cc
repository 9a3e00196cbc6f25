#include "floe/iceberg/value.h"

#include <bit>
#include <cmath>
#include <cstdio>
#include <vector>

#include "floe/base/civil_time.h"
#include "floe/base/coding.h"

#include "floe/base/utf8.h"

namespace floe::iceberg {
namespace {

std::strong_ordering CompareDouble(double a, double b) {
  // Java's Double.compare: NaN above everything (all NaNs equal), -0.0 < 0.0.
  bool an = std::isnan(a), bn = std::isnan(b);
  if (an || bn)
    return an == bn ? std::strong_ordering::equal
                    : (an ? std::strong_ordering::greater : std::strong_ordering::less);
  if (a < b) return std::strong_ordering::less;
  if (a > b) return std::strong_ordering::greater;
  return std::signbit(b) <=> std::signbit(a);
}

std::string Hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

std::string FormatUnscaled(__int128 v, int32_t scale) {
  bool negative = v < 0;
  unsigned __int128 u = negative ? -static_cast<unsigned __int128>(v) : v;
  std::string digits;
  do {
    digits.push_back(static_cast<char>('0' + static_cast<int>(u % 10)));
    u /= 10;
  } while (u != 0);
  while (digits.size() <= static_cast<size_t>(scale)) digits.push_back('0');
  std::string out = negative ? "-" : "";
  for (size_t k = digits.size(); k-- > 0;) {
    out.push_back(digits[k]);
    if (scale > 0 && k == static_cast<size_t>(scale)) out.push_back('.');
  }
  return out;
}


// Decodes strictly (no overlongs, surrogates or values above U+10FFFF).
std::optional<std::vector<uint32_t>> DecodeUtf8(std::string_view s) {
  std::vector<uint32_t> out;
  size_t i = 0;
  while (i < s.size()) {
    auto b = static_cast<unsigned char>(s[i]);
    int len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > s.size()) return std::nullopt;
    uint32_t cp = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
    for (int k = 1; k < len; ++k) {
      auto c = static_cast<unsigned char>(s[i + k]);
      if ((c & 0xC0) != 0x80) return std::nullopt;
      cp = (cp << 6) | (c & 0x3F);
    }
    static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
    out.push_back(cp);
    i += len;
  }
  return out;
}

}  // namespace

Literal Literal::Boolean(bool v) { return Literal(PrimitiveType::Of(TypeId::kBoolean), v); }
Literal Literal::Int(int32_t v) { return Literal(PrimitiveType::Of(TypeId::kInt), v); }
Literal Literal::Long(int64_t v) { return Literal(PrimitiveType::Of(TypeId::kLong), v); }
Literal Literal::Float(float v) { return Literal(PrimitiveType::Of(TypeId::kFloat), v); }
Literal Literal::Double(double v) { return Literal(PrimitiveType::Of(TypeId::kDouble), v); }
Literal Literal::Date(int32_t d) { return Literal(PrimitiveType::Of(TypeId::kDate), d); }
Literal Literal::Time(int64_t us) { return Literal(PrimitiveType::Of(TypeId::kTime), us); }
Literal Literal::Timestamp(int64_t us) {
  return Literal(PrimitiveType::Of(TypeId::kTimestamp), us);
}
Literal Literal::TimestampTz(int64_t us) {
  return Literal(PrimitiveType::Of(TypeId::kTimestampTz), us);
}
Literal Literal::String(std::string v) {
  return Literal(PrimitiveType::Of(TypeId::kString), std::move(v));
}
Literal Literal::Uuid(const floe::Uuid& uuid) {
  return Literal(PrimitiveType::Of(TypeId::kUuid),
                 std::string(reinterpret_cast<const char*>(uuid.bytes.data()), 16));
}
Literal Literal::Fixed(std::string bytes) {
  auto length = static_cast<int32_t>(bytes.size());
  return Literal(PrimitiveType::Fixed(length), std::move(bytes));
}
Literal Literal::Binary(std::string bytes) {
  return Literal(PrimitiveType::Of(TypeId::kBinary), std::move(bytes));
}
Literal Literal::Decimal(__int128 unscaled, int32_t precision, int32_t scale) {
  return Literal(PrimitiveType::Decimal(precision, scale), unscaled);
}

bool Literal::bool_value() const { return std::get<bool>(value_); }
int32_t Literal::int_value() const { return std::get<int32_t>(value_); }
int64_t Literal::long_value() const { return std::get<int64_t>(value_); }
float Literal::float_value() const { return std::get<float>(value_); }
double Literal::double_value() const { return std::get<double>(value_); }
const std::string& Literal::bytes_value() const { return std::get<std::string>(value_); }
__int128 Literal::unscaled_value() const { return std::get<__int128>(value_); }

std::string Literal::Serialize() const {
  std::string out;
  switch (type_.id) {
    case TypeId::kBoolean:
      out.push_back(bool_value() ? '\x01' : '\x00');
      break;
    case TypeId::kInt:
    case TypeId::kDate:
      PutFixed32(&out, static_cast<uint32_t>(int_value()));
      break;
    case TypeId::kLong:
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
      PutFixed64(&out, static_cast<uint64_t>(long_value()));
      break;
    case TypeId::kFloat:
      PutFixed32(&out, std::bit_cast<uint32_t>(float_value()));
      break;
    case TypeId::kDouble:
      PutFixed64(&out, std::bit_cast<uint64_t>(double_value()));
      break;
    case TypeId::kString:
    case TypeId::kUuid:
    case TypeId::kFixed:
    case TypeId::kBinary:
      out = bytes_value();
      break;
    case TypeId::kDecimal:
      out = DecimalToBigEndian(unscaled_value());
      break;
  }
  return out;
}

Result<Literal> Literal::Deserialize(const PrimitiveType& type, std::string_view bytes) {
  const auto* p = reinterpret_cast<const uint8_t*>(bytes.data());
  auto wrong_size = [&]() {
    return InvalidArgument("a serialized " + type.ToString() + " value cannot be " +
                           std::to_string(bytes.size()) + " bytes long");
  };
  switch (type.id) {
    case TypeId::kBoolean:
      if (bytes.size() != 1) return wrong_size();
      return Boolean(p[0] != 0);
    case TypeId::kInt:
    case TypeId::kDate: {
      if (bytes.size() != 4) return wrong_size();
      auto v = static_cast<int32_t>(DecodeFixed32(p));
      return type.id == TypeId::kInt ? Int(v) : Date(v);
    }
    case TypeId::kLong:
      if (bytes.size() == 4) return Long(static_cast<int32_t>(DecodeFixed32(p)));
      [[fallthrough]];
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz: {
      if (bytes.size() != 8) return wrong_size();
      return Literal(type, static_cast<int64_t>(DecodeFixed64(p)));
    }
    case TypeId::kFloat:
      if (bytes.size() != 4) return wrong_size();
      return Float(std::bit_cast<float>(DecodeFixed32(p)));
    case TypeId::kDouble:
      if (bytes.size() == 4) return Double(std::bit_cast<float>(DecodeFixed32(p)));
      if (bytes.size() != 8) return wrong_size();
      return Double(std::bit_cast<double>(DecodeFixed64(p)));
    case TypeId::kUuid:
      if (bytes.size() != 16) return wrong_size();
      return Literal(type, std::string(bytes));
    case TypeId::kFixed:
      if (bytes.size() != static_cast<size_t>(type.length)) return wrong_size();
      return Literal(type, std::string(bytes));
    case TypeId::kString:
    case TypeId::kBinary:
      return Literal(type, std::string(bytes));
    case TypeId::kDecimal:
      if (bytes.empty() || bytes.size() > 16) return wrong_size();
      return Literal(type, DecimalFromBigEndian(bytes));
  }
  return InvalidArgument("unknown type");
}

std::string Literal::ToString() const {
  char buf[40];
  switch (type_.id) {
    case TypeId::kBoolean:
      return bool_value() ? "true" : "false";
    case TypeId::kInt:
      return std::to_string(int_value());
    case TypeId::kLong:
      return std::to_string(long_value());
    case TypeId::kFloat:
      std::snprintf(buf, sizeof(buf), "%.9g", static_cast<double>(float_value()));
      return buf;
    case TypeId::kDouble:
      std::snprintf(buf, sizeof(buf), "%.17g", double_value());
      return buf;
    case TypeId::kDate:
      return FormatDate(int_value());
    case TypeId::kTime:
      return FormatTime(long_value());
    case TypeId::kTimestamp:
      return FormatTimestamp(long_value());
    case TypeId::kTimestampTz:
      return FormatTimestamp(long_value()) + "+00:00";
    case TypeId::kString:
      return bytes_value();
    case TypeId::kUuid: {
      floe::Uuid u;
      for (size_t i = 0; i < 16; ++i) u.bytes[i] = static_cast<uint8_t>(bytes_value()[i]);
      return u.ToString();
    }
    case TypeId::kFixed:
    case TypeId::kBinary:
      return "0x" + Hex(bytes_value());
    case TypeId::kDecimal:
      return FormatUnscaled(unscaled_value(), type_.scale);
  }
  return "?";
}

std::strong_ordering Literal::Compare(const Literal& other) const {
  FLOE_CHECK(type_.id == other.type_.id);
  switch (type_.id) {
    case TypeId::kFloat:
      return CompareDouble(float_value(), other.float_value());
    case TypeId::kDouble:
      return CompareDouble(double_value(), other.double_value());
    case TypeId::kString:
    case TypeId::kUuid:
    case TypeId::kFixed:
    case TypeId::kBinary: {
      // std::string compares chars as unsigned via char_traits<char>::compare.
      int c = bytes_value().compare(other.bytes_value());
      return c <=> 0;
    }
    default:
      break;
  }
  if (std::holds_alternative<bool>(value_)) return bool_value() <=> other.bool_value();
  if (std::holds_alternative<int32_t>(value_)) return int_value() <=> other.int_value();
  if (std::holds_alternative<int64_t>(value_)) return long_value() <=> other.long_value();
  return unscaled_value() <=> other.unscaled_value();
}

bool Literal::operator==(const Literal& other) const {
  return type_ == other.type_ && Compare(other) == std::strong_ordering::equal;
}

std::string DecimalToBigEndian(__int128 v) {
  int n = 1;
  // Smallest n whose signed range [-2^(8n-1), 2^(8n-1)) holds v.
  while (n < 16) {
    __int128 limit = static_cast<__int128>(1) << (8 * n - 1);
    if (v >= -limit && v < limit) break;
    ++n;
  }
  std::string out(static_cast<size_t>(n), '\0');
  auto u = static_cast<unsigned __int128>(v);
  for (int i = n - 1; i >= 0; --i) {
    out[static_cast<size_t>(i)] = static_cast<char>(static_cast<uint8_t>(u & 0xFF));
    u >>= 8;
  }
  return out;
}

__int128 DecimalFromBigEndian(std::string_view bytes) {
  FLOE_CHECK(!bytes.empty() && bytes.size() <= 16);
  // Sign-extend from the first byte.
  unsigned __int128 u =
      static_cast<signed char>(bytes[0]) < 0 ? ~static_cast<unsigned __int128>(0) : 0;
  for (char c : bytes) u = (u << 8) | static_cast<uint8_t>(c);
  return static_cast<__int128>(u);
}

size_t CodePointCount(std::string_view utf8) {
  size_t n = 0;
  for (char c : utf8) n += (static_cast<uint8_t>(c) & 0xC0) != 0x80;
  return n;
}

std::string_view TruncateUtf8(std::string_view utf8, int32_t n) {
  if (n <= 0) return utf8.substr(0, 0);
  int64_t seen = 0;
  for (size_t i = 0; i < utf8.size(); ++i) {
    if ((static_cast<uint8_t>(utf8[i]) & 0xC0) != 0x80 && seen++ == n) return utf8.substr(0, i);
  }
  return utf8;
}

std::optional<std::string> TruncateUtf8Upper(std::string_view utf8, int32_t n) {
  if (CodePointCount(utf8) <= static_cast<size_t>(std::max(n, 0))) return std::string(utf8);
  auto cps = DecodeUtf8(TruncateUtf8(utf8, n));
  if (!cps) return std::nullopt;
  for (size_t i = cps->size(); i-- > 0;) {
    uint32_t next = (*cps)[i] + 1;
    if (next == 0xD800) next = 0xE000;  // surrogates are not code points of UTF-8 text
    if (next > 0x10FFFF) continue;
    std::string out;
    for (size_t k = 0; k < i; ++k) AppendUtf8((*cps)[k], &out);
    AppendUtf8(next, &out);
    return out;
  }
  return std::nullopt;
}

std::optional<std::string> TruncateBinaryUpper(std::string_view bytes, int32_t n) {
  size_t keep = static_cast<size_t>(std::max(n, 0));
  if (bytes.size() <= keep) return std::string(bytes);
  std::string out(bytes.substr(0, keep));
  for (size_t i = out.size(); i-- > 0;) {
    if (static_cast<uint8_t>(out[i]) != 0xFF) {
      out[i] = static_cast<char>(static_cast<uint8_t>(out[i]) + 1);
      out.resize(i + 1);
      return out;
    }
  }
  return std::nullopt;
}

Literal TruncateLowerBound(const Literal& value, int32_t n) {
  size_t keep = static_cast<size_t>(std::max(n, 0));
  switch (value.type_id()) {
    case TypeId::kString:
      return Literal::String(std::string(TruncateUtf8(value.bytes_value(), n)));
    case TypeId::kBinary:
      return Literal::Binary(value.bytes_value().substr(0, keep));
    default:
      return value;
  }
}

std::optional<Literal> TruncateUpperBound(const Literal& value, int32_t n) {
  switch (value.type_id()) {
    case TypeId::kString: {
      auto s = TruncateUtf8Upper(value.bytes_value(), n);
      if (!s) return std::nullopt;
      return Literal::String(std::move(*s));
    }
    case TypeId::kBinary: {
      auto b = TruncateBinaryUpper(value.bytes_value(), n);
      if (!b) return std::nullopt;
      return Literal::Binary(std::move(*b));
    }
    default:
      return value;
  }
}

}  // namespace floe::iceberg
