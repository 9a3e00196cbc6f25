#include "floe/base/base64.h"

#include <array>
#include <cstdint>

namespace floe {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char kPad = '=';
constexpr uint8_t kInvalid = 0xff;

constexpr std::array<uint8_t, 256> MakeDecodeTable() {
  std::array<uint8_t, 256> table{};
  for (uint8_t& entry : table) entry = kInvalid;
  for (int i = 0; i < 64; ++i) {
    table[static_cast<unsigned char>(kAlphabet[i])] = static_cast<uint8_t>(i);
  }
  return table;
}
constexpr std::array<uint8_t, 256> kDecodeTable = MakeDecodeTable();

uint8_t Byte(char c) { return static_cast<uint8_t>(c); }

Status BadCharacter(char c, size_t offset) {
  std::string shown(1, c);
  if (c < 0x21 || c > 0x7e) {
    constexpr char kHex[] = "0123456789abcdef";
    shown = {'\\', 'x', kHex[Byte(c) >> 4], kHex[Byte(c) & 0xf]};
  }
  return InvalidArgument("invalid base64: unexpected character '" + shown + "' at offset " +
                         std::to_string(offset));
}

}  // namespace

std::string Base64Encode(std::string_view data) {
  std::string out;
  out.resize((data.size() + 2) / 3 * 4);
  char* dst = out.data();
  size_t i = 0;
  for (; i + 3 <= data.size(); i += 3) {
    uint32_t v = uint32_t{Byte(data[i])} << 16 | uint32_t{Byte(data[i + 1])} << 8 |
                 uint32_t{Byte(data[i + 2])};
    *dst++ = kAlphabet[v >> 18];
    *dst++ = kAlphabet[(v >> 12) & 0x3f];
    *dst++ = kAlphabet[(v >> 6) & 0x3f];
    *dst++ = kAlphabet[v & 0x3f];
  }
  size_t rest = data.size() - i;
  if (rest > 0) {
    uint32_t v = uint32_t{Byte(data[i])} << 16;
    if (rest == 2) v |= uint32_t{Byte(data[i + 1])} << 8;
    *dst++ = kAlphabet[v >> 18];
    *dst++ = kAlphabet[(v >> 12) & 0x3f];
    *dst++ = rest == 2 ? kAlphabet[(v >> 6) & 0x3f] : kPad;
    *dst++ = kPad;
  }
  return out;
}

// Strict: padding only at the end of the last quantum, and the unused low bits
// before the padding must be zero, so every byte string has exactly one
// accepted encoding.
Result<std::string> Base64Decode(std::string_view text) {
  if (text.size() % 4 != 0) {
    return InvalidArgument("invalid base64: length " + std::to_string(text.size()) +
                           " is not a multiple of 4");
  }
  if (text.empty()) return std::string();
  size_t pad = text.back() != kPad ? 0 : text[text.size() - 2] != kPad ? 1 : 2;
  size_t body = text.size() - pad;  // Characters that carry bits.
  std::string out;
  out.resize(text.size() / 4 * 3 - pad);
  char* dst = out.data();
  size_t i = 0;
  for (; i + 4 <= body; i += 4) {
    uint8_t a = kDecodeTable[Byte(text[i])];
    uint8_t b = kDecodeTable[Byte(text[i + 1])];
    uint8_t c = kDecodeTable[Byte(text[i + 2])];
    uint8_t d = kDecodeTable[Byte(text[i + 3])];
    if (((a | b | c | d) & 0x80) != 0) {  // kInvalid has the top bit set.
      for (size_t j = i;; ++j) {
        if (kDecodeTable[Byte(text[j])] == kInvalid) return BadCharacter(text[j], j);
      }
    }
    uint32_t v = uint32_t{a} << 18 | uint32_t{b} << 12 | uint32_t{c} << 6 | d;
    *dst++ = static_cast<char>(v >> 16);
    *dst++ = static_cast<char>(v >> 8);
    *dst++ = static_cast<char>(v);
  }
  if (pad == 0) return out;
  // The last quantum: 2 or 3 data characters then the padding.
  uint32_t v = 0;
  for (size_t j = i; j < body; ++j) {
    uint8_t x = kDecodeTable[Byte(text[j])];
    if (x == kInvalid) return BadCharacter(text[j], j);
    v = v << 6 | x;
  }
  if (pad == 2) {
    if ((v & 0xf) != 0) return InvalidArgument("invalid base64: non-zero bits before padding");
    *dst++ = static_cast<char>(v >> 4);
  } else {
    if ((v & 0x3) != 0) return InvalidArgument("invalid base64: non-zero bits before padding");
    *dst++ = static_cast<char>(v >> 10);
    *dst++ = static_cast<char>(v >> 2);
  }
  return out;
}

}  // namespace floe
