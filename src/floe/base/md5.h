// MD5 (RFC 1321), for S3 ETags, which clients compare against the MD5 of the
// bytes they received. Not for security.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace floe {

class Md5 {
 public:
  Md5();
  void Update(std::string_view data);
  // The 16-byte digest. The object must not be updated afterwards.
  std::array<uint8_t, 16> Finish();

 private:
  void Block(const uint8_t* p);

  uint32_t state_[4];
  uint64_t length_ = 0;  // bytes seen
  uint8_t buffer_[64];
  size_t buffered_ = 0;
};

// The MD5 of `data` as 32 lowercase hex digits.
std::string Md5Hex(std::string_view data);
// A digest as lowercase hex.
std::string ToHex(const std::array<uint8_t, 16>& digest);

}  // namespace floe
