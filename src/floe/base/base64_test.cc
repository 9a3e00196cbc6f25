#include "floe/base/base64.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace floe {
namespace {

// An independent bit-by-bit encoder, to check the table-driven one against.
std::string SlowEncode(const std::string& data) {
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  int bits = 0;
  int count = 0;
  for (unsigned char c : data) {
    bits = (bits << 8) | c;
    count += 8;
    while (count >= 6) {
      out.push_back(alphabet[(bits >> (count - 6)) & 0x3f]);
      count -= 6;
    }
  }
  if (count > 0) out.push_back(alphabet[(bits << (6 - count)) & 0x3f]);
  while (out.size() % 4 != 0) out.push_back('=');
  return out;
}

TEST(Base64Test, Rfc4648Vectors) {
  const std::pair<std::string, std::string> kVectors[] = {
      {"", ""},
      {"f", "Zg=="},
      {"fo", "Zm8="},
      {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="},
      {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"},
  };
  for (const auto& [plain, encoded] : kVectors) {
    EXPECT_EQ(Base64Encode(plain), encoded);
    Result<std::string> decoded = Base64Decode(encoded);
    ASSERT_TRUE(decoded.ok()) << encoded << ": " << decoded.status().ToString();
    EXPECT_EQ(*decoded, plain);
  }
}

TEST(Base64Test, AllByteValuesAndHighBits) {
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  EXPECT_EQ(Base64Encode(std::string("\xff\xff\xff", 3)), "////");
  EXPECT_EQ(Base64Encode(std::string("\xfb\xff", 2)), "+/8=");
  EXPECT_EQ(Base64Encode(std::string("\0", 1)), "AA==");
  EXPECT_EQ(Base64Encode(all), SlowEncode(all));
  EXPECT_EQ(*Base64Decode(Base64Encode(all)), all);
}

TEST(Base64Test, RandomRoundTrips) {
  std::mt19937 rng(42);
  for (size_t len = 0; len < 300; ++len) {
    std::string data(len, '\0');
    for (char& c : data) c = static_cast<char>(rng());
    std::string encoded = Base64Encode(data);
    ASSERT_EQ(encoded, SlowEncode(data));
    Result<std::string> decoded = Base64Decode(encoded);
    ASSERT_TRUE(decoded.ok()) << encoded;
    ASSERT_EQ(*decoded, data);
  }
}

TEST(Base64Test, RejectsBadInput) {
  for (const char* bad : {
           "Zg=",         // length not a multiple of 4
           "Zg",          // missing padding
           "Z",           //
           "Zm9vY",       //
           "Z===",        // too much padding
           "====",        //
           "=Zg=",        // padding at the start
           "Zg==Zg==",    // padding in the middle
           "Zm=v",        // padding inside a quantum
           "Zm9v!A==",    // character outside the alphabet
           "Zm9v\nYmFy",  // whitespace
           "Zm9v YmFy",   //
           "Zm9-",        // URL-safe alphabet
           "Zm9_",        //
           "Zh==",        // non-zero bits before "=="
           "Zm9=",        // non-zero bits before "="
       }) {
    Result<std::string> r = Base64Decode(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << bad;
  }
  EXPECT_FALSE(Base64Decode(std::string("Zm9v\0\0\0\0", 8)).ok());
  EXPECT_FALSE(Base64Decode("Zm9\x80").ok());
}

TEST(Base64Test, ErrorNamesTheOffendingCharacter) {
  EXPECT_EQ(Base64Decode("Zm9v!A==").status().message(),
            "invalid base64: unexpected character '!' at offset 4");
  EXPECT_EQ(Base64Decode("Zm9v\nA==").status().message(),
            "invalid base64: unexpected character '\\x0a' at offset 4");
  EXPECT_EQ(Base64Decode("Zg=").status().message(),
            "invalid base64: length 3 is not a multiple of 4");
}

TEST(Base64Test, LargeInput) {
  std::string data(1 << 20, '\0');
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>(i * 131 + (i >> 8));
  std::string encoded = Base64Encode(data);
  EXPECT_EQ(encoded.size(), (data.size() + 2) / 3 * 4);
  EXPECT_EQ(*Base64Decode(encoded), data);
}

}  // namespace
}  // namespace floe
