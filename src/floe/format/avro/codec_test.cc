#include "floe/format/avro/codec.h"

#include <gtest/gtest.h>
#include <zlib.h>

namespace floe::avro {
namespace {

const Codec kAll[] = {Codec::kNull, Codec::kDeflate, Codec::kSnappy, Codec::kZstandard};

std::string Sample() {
  std::string s;
  for (int i = 0; i < 20000; ++i) s += "row " + std::to_string(i % 97) + ";";
  return s;
}

TEST(AvroCodec, NamesRoundTrip) {
  for (Codec c : kAll) {
    auto back = CodecFromName(CodecName(c));
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, c);
  }
  EXPECT_EQ(CodecFromName("bzip2").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(CodecFromName("xz").status().code(), StatusCode::kInvalidArgument);
}

TEST(AvroCodec, RoundTripEveryCodec) {
  for (Codec c : kAll) {
    for (const std::string& input : {std::string(), std::string("x"), Sample()}) {
      std::string packed, back;
      ASSERT_TRUE(CompressBlock(c, input, 0, &packed).ok());
      Status st = DecompressBlock(c, packed, 1 << 30, &back);
      ASSERT_TRUE(st.ok()) << CodecName(c) << ": " << st.ToString();
      EXPECT_EQ(back, input) << CodecName(c);
    }
  }
}

TEST(AvroCodec, DeflateIsRawRfc1951) {
  std::string packed;
  ASSERT_TRUE(CompressBlock(Codec::kDeflate, Sample(), 0, &packed).ok());
  // Independent check: zlib with windowBits -15 inflates it; no zlib header.
  std::string out(Sample().size(), '\0');
  z_stream zs{};
  ASSERT_EQ(inflateInit2(&zs, -15), Z_OK);
  zs.next_in = reinterpret_cast<Bytef*>(packed.data());
  zs.avail_in = static_cast<uInt>(packed.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(inflate(&zs, Z_FINISH), Z_STREAM_END);
  inflateEnd(&zs);
  EXPECT_EQ(out, Sample());
  // A zlib-wrapped stream is not raw deflate.
  std::string wrapped(compressBound(10), '\0');
  uLongf len = wrapped.size();
  ASSERT_EQ(compress(reinterpret_cast<Bytef*>(wrapped.data()), &len,
                     reinterpret_cast<const Bytef*>("abcdefghij"), 10),
            Z_OK);
  wrapped.resize(len);
  std::string back;
  EXPECT_FALSE(DecompressBlock(Codec::kDeflate, wrapped, 1 << 20, &back).ok());
}

TEST(AvroCodec, SnappyTrailerIsBigEndianCrc32) {
  std::string packed;
  ASSERT_TRUE(CompressBlock(Codec::kSnappy, "hello", 0, &packed).ok());
  uint32_t crc = static_cast<uint32_t>(crc32(0, reinterpret_cast<const Bytef*>("hello"), 5));
  std::string tail = packed.substr(packed.size() - 4);
  EXPECT_EQ(static_cast<uint8_t>(tail[0]), crc >> 24);
  EXPECT_EQ(static_cast<uint8_t>(tail[3]), crc & 0xff);
  packed[packed.size() - 1] ^= 1;
  std::string back;
  EXPECT_EQ(DecompressBlock(Codec::kSnappy, packed, 1 << 20, &back).code(), StatusCode::kDataLoss);
}

TEST(AvroCodec, CorruptTruncatedAndOversizedInput) {
  for (Codec c : {Codec::kDeflate, Codec::kSnappy, Codec::kZstandard}) {
    std::string packed, back;
    ASSERT_TRUE(CompressBlock(c, Sample(), 0, &packed).ok());
    EXPECT_EQ(DecompressBlock(c, packed, 1000, &back).code(), StatusCode::kResourceExhausted)
        << CodecName(c);
    for (size_t n : {size_t{0}, size_t{1}, packed.size() / 2, packed.size() - 1}) {
      Status st = DecompressBlock(c, std::string_view(packed).substr(0, n), 1 << 30, &back);
      EXPECT_FALSE(st.ok()) << CodecName(c) << " prefix " << n;
    }
    std::string garbage(100, '\xa5');
    EXPECT_FALSE(DecompressBlock(c, garbage, 1 << 30, &back).ok()) << CodecName(c);
  }
  std::string back;
  EXPECT_EQ(DecompressBlock(Codec::kNull, "abc", 2, &back).code(), StatusCode::kResourceExhausted);
}

}  // namespace
}  // namespace floe::avro
