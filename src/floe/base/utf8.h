// floe::base — UTF-8 helpers shared by the Iceberg value code and the record scanner.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace floe {

// Appends code point `cp` (REQUIRES: <= U+10FFFF, not a surrogate) as UTF-8.
void AppendUtf8(uint32_t cp, std::string* out);

// True when `s` is well-formed UTF-8: no overlongs, surrogates or values past U+10FFFF.
bool IsValidUtf8(std::string_view s);

}  // namespace floe
