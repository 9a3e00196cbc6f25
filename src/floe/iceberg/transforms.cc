#include "floe/iceberg/transforms.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <limits>

#include "floe/base/civil_time.h"
#include "floe/base/coding.h"

namespace floe::iceberg {
namespace {

constexpr int64_t kMicrosPerHour = 3'600'000'000;
constexpr int64_t kMicrosPerDay = 24 * kMicrosPerHour;

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

bool IsOneOf(TypeId id, std::initializer_list<TypeId> ids) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

int32_t HashLong(int64_t v) {
  std::string bytes;
  PutFixed64(&bytes, static_cast<uint64_t>(v));
  return Murmur3Hash32(bytes);
}

// Days since the epoch of a date, timestamp or timestamptz value.
int64_t EpochDays(const Literal& v) {
  return v.type_id() == TypeId::kDate ? v.int_value() : FloorDiv(v.long_value(), kMicrosPerDay);
}

// Parses the N of "name[N]"; InvalidArgument unless it is a positive int.
Result<int32_t> ParseParam(std::string_view text, size_t open) {
  std::string_view digits = text.substr(open + 1, text.size() - open - 2);
  int32_t n = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (ec != std::errc() || end != digits.data() + digits.size() || n <= 0) {
    return InvalidArgument("invalid transform \"" + std::string(text) +
                           "\": the parameter must be a positive integer");
  }
  return n;
}

}  // namespace

int32_t Murmur3Hash32(std::string_view bytes, uint32_t seed) {
  constexpr uint32_t c1 = 0xcc9e2d51, c2 = 0x1b873593;
  const auto* p = reinterpret_cast<const uint8_t*>(bytes.data());
  const size_t n = bytes.size();
  uint32_t h = seed;
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    uint32_t k = DecodeFixed32(p + i);
    k *= c1;
    k = std::rotl(k, 15);
    k *= c2;
    h ^= k;
    h = std::rotl(h, 13);
    h = h * 5 + 0xe6546b64;
  }
  uint32_t k = 0;
  switch (n & 3) {
    case 3:
      k ^= static_cast<uint32_t>(p[i + 2]) << 16;
      [[fallthrough]];
    case 2:
      k ^= static_cast<uint32_t>(p[i + 1]) << 8;
      [[fallthrough]];
    case 1:
      k ^= p[i];
      k *= c1;
      k = std::rotl(k, 15);
      k *= c2;
      h ^= k;
  }
  h ^= static_cast<uint32_t>(n);
  h ^= h >> 16;
  h *= 0x85ebca6b;
  h ^= h >> 13;
  h *= 0xc2b2ae35;
  h ^= h >> 16;
  return static_cast<int32_t>(h);
}

int32_t HashValue(const Literal& v) {
  switch (v.type_id()) {
    case TypeId::kBoolean:
      return HashLong(v.bool_value() ? 1 : 0);
    case TypeId::kInt:
    case TypeId::kDate:
      return HashLong(v.int_value());
    case TypeId::kLong:
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
      return HashLong(v.long_value());
    case TypeId::kFloat:
    case TypeId::kDouble: {
      double d = v.type_id() == TypeId::kFloat ? v.float_value() : v.double_value();
      if (std::isnan(d)) return HashLong(0x7ff8000000000000LL);
      if (d == 0.0) d = 0.0;  // -0.0 hashes as 0.0
      return HashLong(std::bit_cast<int64_t>(d));
    }
    case TypeId::kString:
    case TypeId::kUuid:
    case TypeId::kFixed:
    case TypeId::kBinary:
      return Murmur3Hash32(v.bytes_value());
    case TypeId::kDecimal:
      return Murmur3Hash32(DecimalToBigEndian(v.unscaled_value()));
  }
  return 0;
}

int32_t BucketOf(const Literal& value, int32_t num_buckets) {
  FLOE_CHECK(num_buckets > 0);
  return (HashValue(value) & std::numeric_limits<int32_t>::max()) % num_buckets;
}

Result<Transform> Transform::Parse(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  struct Simple {
    const char* name;
    Kind kind;
  };
  static constexpr Simple kSimple[] = {{"identity", Kind::kIdentity}, {"year", Kind::kYear},
                                       {"month", Kind::kMonth},       {"day", Kind::kDay},
                                       {"hour", Kind::kHour},         {"void", Kind::kVoid}};
  for (const auto& s : kSimple) {
    if (lower == s.name) return Transform(s.kind, 0);
  }
  size_t open = lower.find('[');
  if (open != std::string::npos && lower.back() == ']') {
    std::string_view name = std::string_view(lower).substr(0, open);
    if (name == "bucket" || name == "truncate") {
      FLOE_ASSIGN_OR_RETURN(int32_t n, ParseParam(lower, open));
      return Transform(name == "bucket" ? Kind::kBucket : Kind::kTruncate, n);
    }
  }
  Transform t(Kind::kUnknown, 0);
  t.unknown_text_ = std::string(text);
  return t;
}

std::string Transform::ToString() const {
  switch (kind_) {
    case Kind::kIdentity:
      return "identity";
    case Kind::kBucket:
      return "bucket[" + std::to_string(param_) + "]";
    case Kind::kTruncate:
      return "truncate[" + std::to_string(param_) + "]";
    case Kind::kYear:
      return "year";
    case Kind::kMonth:
      return "month";
    case Kind::kDay:
      return "day";
    case Kind::kHour:
      return "hour";
    case Kind::kVoid:
      return "void";
    case Kind::kUnknown:
      return unknown_text_;
  }
  return unknown_text_;
}

bool Transform::CanTransform(const Type& source) const {
  if (kind_ == Kind::kVoid) return true;
  if (!source.is_primitive()) return false;
  TypeId t = source.primitive().id;
  switch (kind_) {
    case Kind::kIdentity:
      return true;
    case Kind::kBucket:
      return IsOneOf(t, {TypeId::kInt, TypeId::kLong, TypeId::kDecimal, TypeId::kDate,
                         TypeId::kTime, TypeId::kTimestamp, TypeId::kTimestampTz, TypeId::kString,
                         TypeId::kUuid, TypeId::kFixed, TypeId::kBinary});
    case Kind::kTruncate:
      return IsOneOf(
          t, {TypeId::kInt, TypeId::kLong, TypeId::kDecimal, TypeId::kString, TypeId::kBinary});
    case Kind::kYear:
    case Kind::kMonth:
    case Kind::kDay:
      return IsOneOf(t, {TypeId::kDate, TypeId::kTimestamp, TypeId::kTimestampTz});
    case Kind::kHour:
      return IsOneOf(t, {TypeId::kTimestamp, TypeId::kTimestampTz});
    case Kind::kVoid:
    case Kind::kUnknown:
      break;
  }
  return false;
}

Result<Type> Transform::ResultType(const Type& source) const {
  if (!CanTransform(source)) {
    return InvalidArgument("transform " + ToString() + " cannot be applied to " +
                           source.ToString());
  }
  switch (kind_) {
    case Kind::kBucket:
    case Kind::kYear:
    case Kind::kMonth:
    case Kind::kHour:
      return Type(TypeId::kInt);
    case Kind::kDay:
      return Type(TypeId::kDate);
    default:
      return source;
  }
}

bool Transform::PreservesOrder() const {
  return kind_ != Kind::kBucket && kind_ != Kind::kVoid && kind_ != Kind::kUnknown;
}

Result<std::optional<Literal>> Transform::Apply(const std::optional<Literal>& value) const {
  if (kind_ == Kind::kVoid || !value.has_value()) return std::optional<Literal>();
  const Literal& v = *value;
  if (!CanTransform(Type(v.type()))) {
    return InvalidArgument("transform " + ToString() + " cannot be applied to a " +
                           v.type().ToString() + " value");
  }
  switch (kind_) {
    case Kind::kIdentity:
      return value;
    case Kind::kBucket:
      return std::optional<Literal>(Literal::Int(BucketOf(v, param_)));
    case Kind::kTruncate:
      switch (v.type_id()) {
        case TypeId::kInt: {
          int64_t x = v.int_value();
          // Wraps like Java's int arithmetic at the bottom of the range.
          return std::optional<Literal>(
              Literal::Int(static_cast<int32_t>(x - (((x % param_) + param_) % param_))));
        }
        case TypeId::kLong: {
          __int128 x = v.long_value();
          return std::optional<Literal>(
              Literal::Long(static_cast<int64_t>(x - (((x % param_) + param_) % param_))));
        }
        case TypeId::kDecimal: {
          __int128 x = v.unscaled_value();
          return std::optional<Literal>(Literal::Decimal(x - (((x % param_) + param_) % param_),
                                                         v.type().precision, v.type().scale));
        }
        case TypeId::kString:
          return std::optional<Literal>(
              Literal::String(std::string(TruncateUtf8(v.bytes_value(), param_))));
        default:
          return std::optional<Literal>(
              Literal::Binary(v.bytes_value().substr(0, static_cast<size_t>(param_))));
      }
    case Kind::kYear:
      return std::optional<Literal>(
          Literal::Int(static_cast<int32_t>(CivilFromDays(EpochDays(v)).year - 1970)));
    case Kind::kMonth: {
      CivilDate d = CivilFromDays(EpochDays(v));
      return std::optional<Literal>(
          Literal::Int(static_cast<int32_t>((d.year - 1970) * 12 + (d.month - 1))));
    }
    case Kind::kDay:
      return std::optional<Literal>(Literal::Date(static_cast<int32_t>(EpochDays(v))));
    case Kind::kHour:
      return std::optional<Literal>(
          Literal::Int(static_cast<int32_t>(FloorDiv(v.long_value(), kMicrosPerHour))));
    case Kind::kVoid:
    case Kind::kUnknown:
      break;
  }
  return InvalidArgument("transform " + ToString() + " cannot be applied");
}

}  // namespace floe::iceberg
