// Partition and sort transforms (spec "Partition Transforms", Appendix B):
// identity, bucket[N], truncate[W], year, month, day, hour and void, with their
// string forms, the source types each accepts, result types, and application
// to values. Unrecognized transform strings are kept verbatim (kUnknown) so that
// metadata written by newer tools reads back and writes out unchanged; they
// cannot be applied.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "floe/base/status.h"
#include "floe/iceberg/type.h"
#include "floe/iceberg/value.h"

namespace floe::iceberg {

class Transform {
 public:
  enum class Kind { kIdentity, kBucket, kTruncate, kYear, kMonth, kDay, kHour, kVoid, kUnknown };

  Transform() = default;  // identity
  static Transform Identity() { return Transform(Kind::kIdentity, 0); }
  // REQUIRES: num_buckets > 0.
  static Transform Bucket(int32_t num_buckets) { return Transform(Kind::kBucket, num_buckets); }
  // REQUIRES: width > 0.
  static Transform Truncate(int32_t width) { return Transform(Kind::kTruncate, width); }
  static Transform Year() { return Transform(Kind::kYear, 0); }
  static Transform Month() { return Transform(Kind::kMonth, 0); }
  static Transform Day() { return Transform(Kind::kDay, 0); }
  static Transform Hour() { return Transform(Kind::kHour, 0); }
  static Transform Void() { return Transform(Kind::kVoid, 0); }

  // "identity", "bucket[16]", "truncate[4]", "year", "month", "day", "hour",
  // "void" (case-insensitive). A known name with a bad or non-positive
  // parameter is InvalidArgument; any other text becomes kUnknown.
  static Result<Transform> Parse(std::string_view text);
  std::string ToString() const;

  Kind kind() const { return kind_; }
  // N of bucket[N], W of truncate[W]; 0 otherwise.
  int32_t param() const { return param_; }

  // Whether the transform accepts values of `source` (spec table; truncate also
  // takes binary). Identity takes any primitive; void takes any type.
  bool CanTransform(const Type& source) const;
  // identity/truncate/void: the source type; bucket/year/month/hour: int;
  // day: date. InvalidArgument when !CanTransform(source).
  Result<Type> ResultType(const Type& source) const;
  // Null stays null and void always gives null. InvalidArgument when the
  // value's type is not accepted.
  Result<std::optional<Literal>> Apply(const std::optional<Literal>& value) const;
  // True for transforms whose result order follows the source order (all but
  // bucket, void and unknown): bounds of the source bound the result.
  bool PreservesOrder() const;

  bool operator==(const Transform&) const = default;

 private:
  Transform(Kind kind, int32_t param) : kind_(kind), param_(param) {}

  Kind kind_ = Kind::kIdentity;
  int32_t param_ = 0;
  std::string unknown_text_;  // kUnknown only
};

// 32-bit Murmur3, x86 variant (Appendix B), returned as Java's signed int.
int32_t Murmur3Hash32(std::string_view bytes, uint32_t seed = 0);
// The Appendix B hash of a value: int, long and date hash as the 8-byte
// little-endian long; time and timestamps as micros; strings as UTF-8; uuid as
// 16 big-endian bytes; binary/fixed raw; decimals as minimal big-endian
// unscaled bytes; booleans as 0/1 longs; floats as the double's bits with NaN
// and -0.0 canonicalised.
int32_t HashValue(const Literal& value);
// (HashValue(value) & INT32_MAX) % num_buckets. REQUIRES: num_buckets > 0.
int32_t BucketOf(const Literal& value, int32_t num_buckets);

}  // namespace floe::iceberg
