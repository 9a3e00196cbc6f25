// Base64 (RFC 4648, standard alphabet, with padding), as AWS APIs use it.
#pragma once

#include <string>
#include <string_view>

#include "floe/base/status.h"

namespace floe {

std::string Base64Encode(std::string_view data);
// Rejects characters outside the alphabet, bad padding and bad lengths.
Result<std::string> Base64Decode(std::string_view text);

}  // namespace floe
