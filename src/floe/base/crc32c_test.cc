#include "floe/base/crc32c.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace floe {
namespace {

// Bit-at-a-time reference, independent of the table and hardware implementations.
uint32_t ReferenceCrc32c(const uint8_t* p, size_t n, uint32_t crc = 0) {
  crc = ~crc;
  for (size_t i = 0; i < n; ++i) {
    crc ^= p[i];
    for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ ((crc & 1) ? 0x82F63B78u : 0);
  }
  return ~crc;
}

uint32_t Crc(const std::string& s) { return Crc32c(s.data(), s.size()); }

TEST(Crc32cTest, StandardCheckValue) { EXPECT_EQ(Crc("123456789"), 0xE3069283u); }

TEST(Crc32cTest, Rfc3720Vectors) {
  std::vector<uint8_t> buf(32, 0x00);
  EXPECT_EQ(Crc32c(buf.data(), buf.size()), 0x8A9136AAu);
  buf.assign(32, 0xff);
  EXPECT_EQ(Crc32c(buf.data(), buf.size()), 0x62A8AB43u);
  for (int i = 0; i < 32; ++i) buf[i] = static_cast<uint8_t>(i);
  EXPECT_EQ(Crc32c(buf.data(), buf.size()), 0x46DD794Eu);
  for (int i = 0; i < 32; ++i) buf[i] = static_cast<uint8_t>(31 - i);
  EXPECT_EQ(Crc32c(buf.data(), buf.size()), 0x113FDB5Cu);

  const uint8_t iscsi_read[48] = {
      0x01, 0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
      0x00, 0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00,
      0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x18, 0x28, 0x00, 0x00, 0x00,
      0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  };
  EXPECT_EQ(Crc32c(iscsi_read, sizeof(iscsi_read)), 0xD9963A56u);
}

TEST(Crc32cTest, ShortStrings) {
  EXPECT_EQ(Crc(""), 0u);
  EXPECT_EQ(Crc32c(nullptr, 0), 0u);
  EXPECT_EQ(Crc("a"), 0xC1D04330u);
  EXPECT_EQ(Crc("abc"), 0x364B3FB7u);
  EXPECT_EQ(Crc("The quick brown fox jumps over the lazy dog"), 0x22620404u);
}

TEST(Crc32cTest, ExtendEqualsWholeAtEverySplit) {
  const std::string text = "hello world, this is a longer string for split testing";
  const uint32_t whole = Crc(text);
  for (size_t split = 0; split <= text.size(); ++split) {
    uint32_t first = Crc32c(text.data(), split);
    EXPECT_EQ(Crc32cExtend(first, text.data() + split, text.size() - split), whole) << split;
    EXPECT_EQ(Crc32c(text.data() + split, text.size() - split, first), whole) << split;
  }
  EXPECT_EQ(Crc32cExtend(0x12345678u, nullptr, 0), 0x12345678u);
}

TEST(Crc32cTest, DetectsSingleBitFlips) {
  std::string data(100, 'x');
  const uint32_t original = Crc(data);
  for (size_t i = 0; i < data.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      data[i] = static_cast<char>(data[i] ^ (1 << bit));
      EXPECT_NE(Crc(data), original);
      data[i] = static_cast<char>(data[i] ^ (1 << bit));
    }
  }
}

// Every length around the 8-byte stride, at every alignment, from each
// implementation, against the bitwise reference.
TEST(Crc32cTest, ImplementationsMatchReference) {
  std::mt19937 rng(42);
  std::vector<uint8_t> buf(4096 + 16);
  for (auto& b : buf) b = static_cast<uint8_t>(rng());
  std::vector<size_t> lengths;
  for (size_t n = 0; n <= 130; ++n) lengths.push_back(n);
  lengths.push_back(1000);
  lengths.push_back(4096);
  for (size_t offset = 0; offset < 8; ++offset) {
    for (size_t n : lengths) {
      const uint8_t* p = buf.data() + offset;
      const uint32_t init = static_cast<uint32_t>(n * 2654435761u);
      const uint32_t want = ReferenceCrc32c(p, n, init);
      EXPECT_EQ(internal::Crc32cPortable(init, p, n), want) << offset << " " << n;
      EXPECT_EQ(Crc32cExtend(init, p, n), want) << offset << " " << n;
      if (internal::Crc32cHardwareAvailable()) {
        EXPECT_EQ(internal::Crc32cHardware(init, p, n), want) << offset << " " << n;
      }
    }
  }
}

}  // namespace
}  // namespace floe
