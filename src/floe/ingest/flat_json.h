// floe::ingest — a fast scanner for the common Firehose record: one flat JSON
// object whose values are strings, numbers, booleans or null. It decodes
// escapes and validates UTF-8 and the number grammar; anything else (nested
// values, malformed text, numbers outside int64/double) makes it decline, and
// the caller falls back to the full parser, which also gives the precise error.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace floe::ingest {

struct FlatMember {
  enum class Kind { kString, kInt, kFloat, kTrue, kFalse, kNull };
  std::string_view key;
  Kind kind = Kind::kNull;
  std::string_view text;  // the string's bytes (decoded), or the number's text
  int64_t i = 0;
  double d = 0;
};

// Scans `s`; returns false to decline. `*scratch` holds decoded strings and
// must outlive the members (it is reserved up front, so views stay valid).
bool ScanFlatObject(std::string_view s, std::vector<FlatMember>* members, std::string* scratch);

}  // namespace floe::ingest
