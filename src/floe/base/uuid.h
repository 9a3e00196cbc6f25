// 128-bit universally unique identifiers (RFC 9562), as Iceberg uses for table
// UUIDs and data file names. The byte order is the canonical (big-endian) one, so
// `bytes` is also the value of an Iceberg/Avro `uuid` (fixed[16]).
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "floe/base/status.h"

namespace floe {

struct Uuid {
  std::array<uint8_t, 16> bytes{};  // All zero: the nil UUID.

  // A version 4 (random) UUID from a per-thread std::mt19937_64 seeded from
  // std::random_device. Unique for identifiers, but not a secret: never use it for
  // tokens or keys. A child process created by fork() continues its parent's
  // sequence and must not generate UUIDs before exec().
  static Uuid Random();

  // Parses the 36-character form 8-4-4-4-12 of hex digits (either case), such as
  // "123e4567-e89b-12d3-a456-426614174000". Anything else, including braces, a
  // "urn:uuid:" prefix or surrounding spaces, is InvalidArgument.
  static Result<Uuid> Parse(std::string_view text);

  // The 36-character lowercase form 8-4-4-4-12; Parse(u.ToString()) == u.
  std::string ToString() const;

  friend auto operator<=>(const Uuid&, const Uuid&) = default;
};

}  // namespace floe
