#include "floe/base/uuid.h"

#include <cstring>
#include <random>

namespace floe {
namespace {

constexpr size_t kTextLength = 36;
constexpr char kHexDigits[] = "0123456789abcdef";

bool IsHyphenPosition(size_t i) { return i == 8 || i == 13 || i == 18 || i == 23; }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::mt19937_64& ThreadEngine() {
  thread_local std::mt19937_64 engine = [] {
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device(),
                       device(), device(), device(), device()};
    return std::mt19937_64(seed);
  }();
  return engine;
}

}  // namespace

Uuid Uuid::Random() {
  std::mt19937_64& engine = ThreadEngine();
  uint64_t high = engine();
  uint64_t low = engine();
  Uuid uuid;
  std::memcpy(uuid.bytes.data(), &high, 8);
  std::memcpy(uuid.bytes.data() + 8, &low, 8);
  uuid.bytes[6] = static_cast<uint8_t>((uuid.bytes[6] & 0x0f) | 0x40);  // Version 4.
  uuid.bytes[8] = static_cast<uint8_t>((uuid.bytes[8] & 0x3f) | 0x80);  // RFC variant.
  return uuid;
}

Result<Uuid> Uuid::Parse(std::string_view text) {
  auto malformed = [&text] {
    return InvalidArgument("malformed UUID \"" + std::string(text.substr(0, 64)) +
                           "\": expected 8-4-4-4-12 hex digits");
  };
  if (text.size() != kTextLength) return malformed();
  Uuid uuid;
  size_t byte = 0;
  for (size_t i = 0; i < kTextLength;) {
    if (IsHyphenPosition(i)) {
      if (text[i] != '-') return malformed();
      ++i;
      continue;
    }
    int high = HexValue(text[i]);
    int low = HexValue(text[i + 1]);
    if (high < 0 || low < 0) return malformed();
    uuid.bytes[byte++] = static_cast<uint8_t>(high << 4 | low);
    i += 2;
  }
  return uuid;
}

std::string Uuid::ToString() const {
  std::string out;
  out.reserve(kTextLength);
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kHexDigits[bytes[i] >> 4];
    out += kHexDigits[bytes[i] & 0x0f];
  }
  return out;
}

}  // namespace floe
