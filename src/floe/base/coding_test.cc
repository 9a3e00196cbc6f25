#include "floe/base/coding.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace floe {
namespace {

const uint8_t* Bytes(const std::string& s) { return reinterpret_cast<const uint8_t*>(s.data()); }

std::string Varint(uint64_t v) {
  std::string s;
  PutVarint64(&s, v);
  return s;
}

TEST(CodingTest, Fixed32IsLittleEndian) {
  std::string s;
  PutFixed32(&s, 0x04030201u);
  EXPECT_EQ(s, std::string("\x01\x02\x03\x04", 4));
  EXPECT_EQ(DecodeFixed32(Bytes(s)), 0x04030201u);
}

TEST(CodingTest, Fixed64IsLittleEndian) {
  std::string s;
  PutFixed64(&s, 0x0807060504030201ull);
  EXPECT_EQ(s, std::string("\x01\x02\x03\x04\x05\x06\x07\x08", 8));
  EXPECT_EQ(DecodeFixed64(Bytes(s)), 0x0807060504030201ull);
}

TEST(CodingTest, FixedRoundTripExtremes) {
  std::string s;
  for (uint32_t v : {0u, 1u, 0x80000000u, std::numeric_limits<uint32_t>::max()}) {
    s.clear();
    PutFixed32(&s, v);
    ASSERT_EQ(s.size(), 4u);
    EXPECT_EQ(DecodeFixed32(Bytes(s)), v);
  }
  for (uint64_t v :
       {uint64_t{0}, uint64_t{1}, uint64_t{1} << 63, std::numeric_limits<uint64_t>::max()}) {
    s.clear();
    PutFixed64(&s, v);
    ASSERT_EQ(s.size(), 8u);
    EXPECT_EQ(DecodeFixed64(Bytes(s)), v);
  }
}

TEST(CodingTest, VarintKnownEncodings) {
  EXPECT_EQ(Varint(0), std::string("\x00", 1));
  EXPECT_EQ(Varint(1), "\x01");
  EXPECT_EQ(Varint(127), "\x7f");
  EXPECT_EQ(Varint(128), "\x80\x01");
  EXPECT_EQ(Varint(300), "\xac\x02");
  EXPECT_EQ(Varint(16383), "\xff\x7f");
  EXPECT_EQ(Varint(16384), "\x80\x80\x01");
  EXPECT_EQ(Varint(std::numeric_limits<uint64_t>::max()),
            "\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01");
  std::string s;
  PutVarint32(&s, std::numeric_limits<uint32_t>::max());
  EXPECT_EQ(s, "\xff\xff\xff\xff\x0f");
}

TEST(CodingTest, VarintRoundTripAtEveryLengthBoundary) {
  std::vector<uint64_t> values = {0, std::numeric_limits<uint64_t>::max()};
  for (int bits = 1; bits < 64; ++bits) {
    uint64_t power = uint64_t{1} << bits;
    values.insert(values.end(), {power - 1, power, power + 1});
  }
  std::string s;
  for (uint64_t v : values) PutVarint64(&s, v);
  const uint8_t* p = Bytes(s);
  const uint8_t* end = p + s.size();
  for (uint64_t want : values) {
    uint64_t got = 0;
    ASSERT_TRUE(GetVarint64(&p, end, &got)) << want;
    EXPECT_EQ(got, want);
  }
  EXPECT_EQ(p, end);
}

TEST(CodingTest, VarintDecodeAdvancesExactlyPastOneValue) {
  std::string s = Varint(300) + "tail";
  const uint8_t* p = Bytes(s);
  uint64_t v = 0;
  ASSERT_TRUE(GetVarint64(&p, Bytes(s) + s.size(), &v));
  EXPECT_EQ(v, 300u);
  EXPECT_EQ(p, Bytes(s) + 2);
}

// Decoding must fail without reading past `end` or moving *p.
void ExpectRejected(const std::string& s) {
  const uint8_t* p = Bytes(s);
  uint64_t v64 = 12345;
  EXPECT_FALSE(GetVarint64(&p, p + s.size(), &v64));
  EXPECT_EQ(p, Bytes(s));
  EXPECT_EQ(v64, 12345u);
  uint32_t v32 = 678;
  EXPECT_FALSE(GetVarint32(&p, p + s.size(), &v32));
  EXPECT_EQ(p, Bytes(s));
  EXPECT_EQ(v32, 678u);
}

TEST(CodingTest, VarintRejectsTruncatedInput) {
  ExpectRejected("");
  ExpectRejected("\x80");
  ExpectRejected("\xff\xff");
  std::string max = Varint(std::numeric_limits<uint64_t>::max());
  for (size_t n = 0; n < max.size(); ++n) ExpectRejected(max.substr(0, n));
}

TEST(CodingTest, VarintRejectsOverlongInput) {
  // Eleven bytes: more than any uint64 needs.
  ExpectRejected(std::string("\x80\x80\x80\x80\x80\x80\x80\x80\x80\x80\x00", 11));
  ExpectRejected(std::string(11, '\xff') + std::string(1, '\x01'));
  // Ten bytes whose last carries bits above 2^64.
  ExpectRejected("\xff\xff\xff\xff\xff\xff\xff\xff\xff\x02");
  ExpectRejected("\x80\x80\x80\x80\x80\x80\x80\x80\x80\x7f");
}

TEST(CodingTest, VarintAcceptsNonMinimalEncodingWithinTenBytes) {
  std::string s("\x80\x80\x00", 3);
  const uint8_t* p = Bytes(s);
  uint64_t v = 1;
  ASSERT_TRUE(GetVarint64(&p, p + s.size(), &v));
  EXPECT_EQ(v, 0u);
  EXPECT_EQ(p, Bytes(s) + 3);
}

TEST(CodingTest, Varint32RoundTripAndRange) {
  for (uint32_t want : {0u, 127u, 128u, 0x7fffffffu, std::numeric_limits<uint32_t>::max()}) {
    std::string s;
    PutVarint32(&s, want);
    const uint8_t* p = Bytes(s);
    uint32_t got = 0;
    ASSERT_TRUE(GetVarint32(&p, p + s.size(), &got));
    EXPECT_EQ(got, want);
    EXPECT_EQ(p, Bytes(s) + s.size());
  }
  // A valid 64-bit varint that does not fit in 32 bits.
  std::string big = Varint(uint64_t{1} << 32);
  const uint8_t* p = Bytes(big);
  uint32_t v = 7;
  EXPECT_FALSE(GetVarint32(&p, p + big.size(), &v));
  EXPECT_EQ(p, Bytes(big));
  EXPECT_EQ(v, 7u);
}

TEST(CodingTest, ZigZag64KnownValuesAndExtremes) {
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  EXPECT_EQ(ZigZagEncode64(0), 0u);
  EXPECT_EQ(ZigZagEncode64(-1), 1u);
  EXPECT_EQ(ZigZagEncode64(1), 2u);
  EXPECT_EQ(ZigZagEncode64(-2), 3u);
  EXPECT_EQ(ZigZagEncode64(kMax), 0xFFFFFFFFFFFFFFFEull);
  EXPECT_EQ(ZigZagEncode64(kMin), 0xFFFFFFFFFFFFFFFFull);
  for (int64_t v : {int64_t{0}, int64_t{1}, int64_t{-1}, int64_t{63}, int64_t{-64}, kMin, kMin + 1,
                    kMax, kMax - 1}) {
    EXPECT_EQ(ZigZagDecode64(ZigZagEncode64(v)), v);
  }
  EXPECT_EQ(ZigZagDecode64(0xFFFFFFFFFFFFFFFFull), kMin);
  EXPECT_EQ(ZigZagDecode64(0xFFFFFFFFFFFFFFFEull), kMax);
}

TEST(CodingTest, ZigZag32KnownValuesAndExtremes) {
  constexpr int32_t kMin = std::numeric_limits<int32_t>::min();
  constexpr int32_t kMax = std::numeric_limits<int32_t>::max();
  EXPECT_EQ(ZigZagEncode32(0), 0u);
  EXPECT_EQ(ZigZagEncode32(-1), 1u);
  EXPECT_EQ(ZigZagEncode32(1), 2u);
  EXPECT_EQ(ZigZagEncode32(kMax), 0xFFFFFFFEu);
  EXPECT_EQ(ZigZagEncode32(kMin), 0xFFFFFFFFu);
  for (int32_t v : {0, 1, -1, kMin, kMin + 1, kMax, kMax - 1}) {
    EXPECT_EQ(ZigZagDecode32(ZigZagEncode32(v)), v);
  }
}

TEST(CodingTest, ZigZagThroughVarintKeepsSmallMagnitudesShort) {
  EXPECT_EQ(Varint(ZigZagEncode64(-64)).size(), 1u);
  EXPECT_EQ(Varint(ZigZagEncode64(64)).size(), 2u);
  EXPECT_EQ(Varint(ZigZagEncode64(std::numeric_limits<int64_t>::min())).size(), 10u);
}

}  // namespace
}  // namespace floe
