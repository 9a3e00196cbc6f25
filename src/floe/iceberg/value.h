// Single Iceberg values (literals) of primitive types: partition values, metric
// bounds and transform results. Includes the binary single-value serialization
// of spec Appendix D used for lower/upper bounds in manifests, a total order per
// type, and the truncation of string/binary bounds used by the truncate(N)
// metrics mode.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "floe/base/status.h"
#include "floe/base/uuid.h"
#include "floe/iceberg/type.h"

namespace floe::iceberg {

class Literal {
 public:
  static Literal Boolean(bool v);
  static Literal Int(int32_t v);
  static Literal Long(int64_t v);
  static Literal Float(float v);
  static Literal Double(double v);
  static Literal Date(int32_t days_since_epoch);
  static Literal Time(int64_t micros_since_midnight);
  static Literal Timestamp(int64_t micros_since_epoch);
  static Literal TimestampTz(int64_t micros_since_epoch_utc);
  static Literal String(std::string utf8);
  static Literal Uuid(const floe::Uuid& uuid);
  static Literal Fixed(std::string bytes);  // type fixed[bytes.size()]
  static Literal Binary(std::string bytes);
  // REQUIRES: 1 <= precision <= 38, 0 <= scale <= precision. The unscaled value
  // is not checked against the precision (truncate can step just outside it).
  static Literal Decimal(__int128 unscaled, int32_t precision, int32_t scale);

  const PrimitiveType& type() const { return type_; }
  TypeId type_id() const { return type_.id; }

  // Each accessor REQUIRES the matching type.
  bool bool_value() const;     // boolean
  int32_t int_value() const;   // int, date
  int64_t long_value() const;  // long, time, timestamp, timestamptz
  float float_value() const;
  double double_value() const;
  // string (UTF-8), binary, fixed, uuid (16 big-endian bytes)
  const std::string& bytes_value() const;
  __int128 unscaled_value() const;  // decimal

  // Appendix D: booleans as one byte, int/date 4 bytes LE, long/time/timestamp(tz)
  // 8 bytes LE, float/double IEEE LE, string UTF-8, uuid 16 bytes big-endian,
  // binary/fixed raw, decimal as the minimal two's complement big-endian
  // unscaled value.
  std::string Serialize() const;
  // The inverse, checking sizes. As Java does for promoted columns, a `long`
  // also reads from 4 bytes (an int) and a `double` from 4 (a float).
  static Result<Literal> Deserialize(const PrimitiveType& type, std::string_view bytes);

  // For people and messages: 34, "abc", 2017-11-16, 14.20, 0x0a0b, uuid text.
  std::string ToString() const;

  // The order bounds use. REQUIRES: same type id. Floats order as
  // -NaN < -Inf < ... < -0.0 < 0.0 < ... < Inf < NaN (Java's Double.compare);
  // strings, binary, fixed and uuid order as unsigned bytes (= code points for
  // UTF-8); decimals by unscaled value (same scale assumed).
  std::strong_ordering Compare(const Literal& other) const;
  // Same type and Compare() equal.
  bool operator==(const Literal& other) const;

 private:
  using Value = std::variant<bool, int32_t, int64_t, float, double, std::string, __int128>;
  Literal(PrimitiveType type, Value value) : type_(type), value_(std::move(value)) {}

  PrimitiveType type_;
  Value value_;
};

// Minimal two's complement big-endian bytes of `v` (1..16 bytes; 0 is "\0").
std::string DecimalToBigEndian(__int128 v);
// REQUIRES: 1 <= bytes.size() <= 16.
__int128 DecimalFromBigEndian(std::string_view bytes);

// Number of code points in UTF-8 text (continuation bytes are not counted).
size_t CodePointCount(std::string_view utf8);
// The first `n` code points of `utf8` (whole text when shorter).
std::string_view TruncateUtf8(std::string_view utf8, int32_t n);

// Bound truncation for the truncate(N) metrics mode. A lower bound keeps the
// first N code points (strings) or bytes (binary). An upper bound is returned
// unchanged when no longer than N; otherwise the first N are kept and the last
// one is incremented — dropping trailing code points (U+10FFFF) or bytes (0xFF)
// that cannot be incremented — and nullopt means no upper bound exists.
// Code point increments skip the surrogate range; invalid UTF-8 in an upper
// bound also yields nullopt. Other types pass through unchanged.
Literal TruncateLowerBound(const Literal& value, int32_t n);
std::optional<Literal> TruncateUpperBound(const Literal& value, int32_t n);
std::optional<std::string> TruncateUtf8Upper(std::string_view utf8, int32_t n);
std::optional<std::string> TruncateBinaryUpper(std::string_view bytes, int32_t n);

}  // namespace floe::iceberg
