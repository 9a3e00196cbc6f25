#include "floe/format/parquet/compression.h"

#include <gtest/gtest.h>
#include <lz4.h>
#include <snappy.h>
#include <zlib.h>
#include <zstd.h>

#include <memory>
#include <random>
#include <string>
#include <vector>

namespace floe::parquet {
namespace {

const Codec kSupported[] = {Codec::kUncompressed, Codec::kSnappy, Codec::kGzip, Codec::kZstd,
                            Codec::kLz4Raw};
const Codec kCompressing[] = {Codec::kSnappy, Codec::kGzip, Codec::kZstd, Codec::kLz4Raw};

// Text-like data with repeats (compressible) mixed with random runs.
std::string TestData(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  static const char* kWords[] = {"parquet ", "iceberg ", "column ", "floe ", "page ", "row "};
  std::string s;
  s.reserve(n + 16);
  while (s.size() < n) {
    if (rng() % 4 == 0) {
      for (int i = 0; i < 16; ++i) s.push_back(static_cast<char>(rng()));
    } else {
      s += kWords[rng() % 6];
    }
  }
  s.resize(n);
  return s;
}

std::unique_ptr<Compressor> MakeCompressor(Codec codec, int level = 0) {
  auto c = Compressor::Make(codec, level);
  EXPECT_TRUE(c.ok()) << c.status().ToString();
  return std::move(c).value();
}

std::unique_ptr<Decompressor> MakeDecompressor(Codec codec) {
  auto d = Decompressor::Make(codec);
  EXPECT_TRUE(d.ok()) << d.status().ToString();
  return std::move(d).value();
}

// Decompresses from an exactly sized heap copy so ASan sees any over-read.
Status DecompressExact(Decompressor* d, std::string_view input, size_t size, std::string* out) {
  std::vector<char> copy(input.begin(), input.end());
  return d->Decompress(std::string_view(copy.data(), copy.size()), size, out);
}

// Decodes with the codec libraries' own one-shot APIs, independent of the
// code under test.
std::string IndependentDecode(Codec codec, const std::string& in, size_t size) {
  std::string out(size, '\0');
  switch (codec) {
    case Codec::kUncompressed:
      return in;
    case Codec::kSnappy: {
      std::string s;
      EXPECT_TRUE(snappy::Uncompress(in.data(), in.size(), &s));
      return s;
    }
    case Codec::kZstd:
      EXPECT_EQ(ZSTD_decompress(out.data(), size, in.data(), in.size()), size);
      return out;
    case Codec::kLz4Raw:
      EXPECT_EQ(LZ4_decompress_safe(in.data(), out.data(), static_cast<int>(in.size()),
                                    static_cast<int>(size)),
                static_cast<int>(size));
      return out;
    case Codec::kGzip: {
      z_stream z{};
      EXPECT_EQ(inflateInit2(&z, 15 + 16), Z_OK);  // gzip wrapper only
      z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
      z.avail_in = static_cast<uInt>(in.size());
      z.next_out = reinterpret_cast<Bytef*>(out.data());
      z.avail_out = static_cast<uInt>(size);
      EXPECT_EQ(inflate(&z, Z_FINISH), Z_STREAM_END);
      EXPECT_EQ(z.total_out, size);
      inflateEnd(&z);
      return out;
    }
    default:
      ADD_FAILURE();
      return "";
  }
}

std::string Name(Codec codec) {
  switch (codec) {
    case Codec::kUncompressed:
      return "UNCOMPRESSED";
    case Codec::kSnappy:
      return "SNAPPY";
    case Codec::kGzip:
      return "GZIP";
    case Codec::kZstd:
      return "ZSTD";
    case Codec::kLz4Raw:
      return "LZ4_RAW";
    default:
      return "OTHER";
  }
}

class CodecTest : public ::testing::TestWithParam<Codec> {};

TEST_P(CodecTest, RoundTripsSizes) {
  auto c = MakeCompressor(GetParam());
  auto d = MakeDecompressor(GetParam());
  std::string compressed, decompressed;
  // Reuses both objects and both output strings across calls.
  for (size_t n :
       {size_t{0}, size_t{1}, size_t{7}, size_t{1000}, size_t{65536}, size_t{10} << 20}) {
    std::string data = TestData(n, static_cast<uint32_t>(n));
    ASSERT_TRUE(c->Compress(data, &compressed).ok()) << n;
    ASSERT_TRUE(DecompressExact(d.get(), compressed, n, &decompressed).ok()) << n;
    EXPECT_EQ(decompressed, data) << n;
    EXPECT_EQ(IndependentDecode(GetParam(), compressed, n), data) << n;
  }
}

TEST_P(CodecTest, CompressesRepetitiveData) {
  if (GetParam() == Codec::kUncompressed) GTEST_SKIP();
  auto c = MakeCompressor(GetParam());
  std::string data(1 << 20, 'x');
  std::string compressed;
  ASSERT_TRUE(c->Compress(data, &compressed).ok());
  EXPECT_LT(compressed.size(), data.size() / 20);
}

TEST_P(CodecTest, WrongSizeIsDataLoss) {
  auto c = MakeCompressor(GetParam());
  auto d = MakeDecompressor(GetParam());
  std::string data = TestData(5000, 1), compressed, out;
  ASSERT_TRUE(c->Compress(data, &compressed).ok());
  for (size_t size : {size_t{0}, size_t{4999}, size_t{5001}, size_t{100000}}) {
    Status st = DecompressExact(d.get(), compressed, size, &out);
    EXPECT_EQ(st.code(), StatusCode::kDataLoss) << size << " " << st.ToString();
  }
  // The object still works after errors.
  ASSERT_TRUE(DecompressExact(d.get(), compressed, data.size(), &out).ok());
  EXPECT_EQ(out, data);
}

TEST_P(CodecTest, ErrorsNameTheCodec) {
  auto d = MakeDecompressor(GetParam());
  std::string out;
  Status st = d->Decompress("garbage!", 100, &out);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find(Name(GetParam())), std::string::npos) << st.ToString();
}

TEST_P(CodecTest, TruncatedInputIsAnError) {
  if (GetParam() == Codec::kUncompressed) GTEST_SKIP();
  auto c = MakeCompressor(GetParam());
  auto d = MakeDecompressor(GetParam());
  std::string data = TestData(3000, 2), compressed, out;
  ASSERT_TRUE(c->Compress(data, &compressed).ok());
  for (size_t len = 0; len < compressed.size(); ++len) {
    Status st =
        DecompressExact(d.get(), std::string_view(compressed).substr(0, len), data.size(), &out);
    EXPECT_EQ(st.code(), StatusCode::kDataLoss) << "length " << len;
  }
}

TEST_P(CodecTest, CorruptInputNeverCrashes) {
  auto c = MakeCompressor(GetParam());
  auto d = MakeDecompressor(GetParam());
  std::mt19937 rng(7);
  std::string data = TestData(4000, 3), compressed, out;
  ASSERT_TRUE(c->Compress(data, &compressed).ok());
  for (int iter = 0; iter < 2000; ++iter) {
    std::string bad = compressed;
    int flips = 1 + static_cast<int>(rng() % 4);
    for (int i = 0; i < flips; ++i) bad[rng() % bad.size()] ^= static_cast<char>(1 + rng() % 255);
    size_t size = iter % 3 == 0 ? rng() % 10000 : data.size();
    Status st = DecompressExact(d.get(), bad, size, &out);
    if (st.ok()) {
      EXPECT_EQ(out.size(), size);  // undetectable corruption, but still exact
    } else {
      EXPECT_EQ(st.code(), StatusCode::kDataLoss) << st.ToString();
    }
  }
  for (int iter = 0; iter < 500; ++iter) {
    std::string junk(rng() % 300, '\0');
    for (char& ch : junk) ch = static_cast<char>(rng());
    size_t size = rng() % 5000;
    Status st = DecompressExact(d.get(), junk, size, &out);
    if (st.ok()) {
      EXPECT_EQ(out.size(), size);
    } else {
      EXPECT_EQ(st.code(), StatusCode::kDataLoss) << st.ToString();
    }
  }
}

INSTANTIATE_TEST_SUITE_P(AllCodecs, CodecTest, ::testing::ValuesIn(kSupported),
                         [](const ::testing::TestParamInfo<Codec>& info) {
                           return Name(info.param);
                         });

TEST(CompressionTest, GzipIsRfc1952) {
  auto c = MakeCompressor(Codec::kGzip);
  std::string out;
  ASSERT_TRUE(c->Compress("hello", &out).ok());
  ASSERT_GE(out.size(), 18u);
  EXPECT_EQ(static_cast<uint8_t>(out[0]), 0x1f);
  EXPECT_EQ(static_cast<uint8_t>(out[1]), 0x8b);
  EXPECT_EQ(static_cast<uint8_t>(out[2]), 8);  // deflate
}

TEST(CompressionTest, GzipConcatenatedMembers) {
  auto c = MakeCompressor(Codec::kGzip);
  auto d = MakeDecompressor(Codec::kGzip);
  std::string a = TestData(10000, 4), b = TestData(777, 5), ca, cb, cempty, out;
  ASSERT_TRUE(c->Compress(a, &ca).ok());
  ASSERT_TRUE(c->Compress("", &cempty).ok());
  ASSERT_TRUE(c->Compress(b, &cb).ok());
  std::string joined = ca + cempty + cb;
  ASSERT_TRUE(DecompressExact(d.get(), joined, a.size() + b.size(), &out).ok());
  EXPECT_EQ(out, a + b);
  // Too small a size for both members, or a truncated second member, is an error.
  EXPECT_EQ(DecompressExact(d.get(), joined, a.size(), &out).code(), StatusCode::kDataLoss);
  EXPECT_EQ(DecompressExact(d.get(), joined.substr(0, joined.size() - 3), a.size() + b.size(), &out)
                .code(),
            StatusCode::kDataLoss);
  // Trailing garbage after a member is rejected.
  EXPECT_EQ(DecompressExact(d.get(), ca + "xyz", a.size(), &out).code(), StatusCode::kDataLoss);
}

TEST(CompressionTest, ZstdConcatenatedFrames) {
  auto c = MakeCompressor(Codec::kZstd);
  auto d = MakeDecompressor(Codec::kZstd);
  std::string a = TestData(5000, 6), b = TestData(3000, 7), ca, cb, out;
  ASSERT_TRUE(c->Compress(a, &ca).ok());
  ASSERT_TRUE(c->Compress(b, &cb).ok());
  ASSERT_TRUE(DecompressExact(d.get(), ca + cb, a.size() + b.size(), &out).ok());
  EXPECT_EQ(out, a + b);
}

TEST(CompressionTest, Levels) {
  std::string data = TestData(100000, 8), out, back;
  for (int level : {1, 9, 19, -5}) {
    auto c = MakeCompressor(Codec::kZstd, level);
    ASSERT_TRUE(c->Compress(data, &out).ok());
    auto d = MakeDecompressor(Codec::kZstd);
    ASSERT_TRUE(d->Decompress(out, data.size(), &back).ok());
    EXPECT_EQ(back, data);
  }
  for (int level : {1, 6, 9}) {
    auto c = MakeCompressor(Codec::kGzip, level);
    ASSERT_TRUE(c->Compress(data, &out).ok());
    EXPECT_EQ(IndependentDecode(Codec::kGzip, out, data.size()), data);
  }
  EXPECT_EQ(Compressor::Make(Codec::kZstd, 1000).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Compressor::Make(Codec::kGzip, 10).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Compressor::Make(Codec::kGzip, -7).status().code(), StatusCode::kInvalidArgument);
  // Level-less codecs ignore the level.
  EXPECT_TRUE(Compressor::Make(Codec::kSnappy, 5).ok());
}

TEST(CompressionTest, UnsupportedCodecs) {
  for (auto [codec, name] : {std::pair{Codec::kLzo, "LZO"}, std::pair{Codec::kBrotli, "BROTLI"},
                             std::pair{Codec::kLz4, "LZ4"}}) {
    auto c = Compressor::Make(codec);
    ASSERT_FALSE(c.ok());
    EXPECT_EQ(c.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(c.status().message().find(std::string("codec ") + name), std::string::npos)
        << c.status().ToString();
    auto d = Decompressor::Make(codec);
    ASSERT_FALSE(d.ok());
    EXPECT_EQ(d.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(d.status().message().find(name), std::string::npos);
  }
  EXPECT_FALSE(Decompressor::Make(static_cast<Codec>(42)).ok());
}

TEST(CompressionTest, EmptyInputWithZeroSizeIsAccepted) {
  // Some writers store an empty V2 values section without running the codec.
  for (Codec codec : kSupported) {
    auto d = MakeDecompressor(codec);
    std::string out = "stale";
    EXPECT_TRUE(d->Decompress("", 0, &out).ok());
    EXPECT_TRUE(out.empty());
  }
}

TEST(CompressionTest, HugeClaimedSizeIsRejectedCheaply) {
  for (Codec codec : kCompressing) {
    auto d = MakeDecompressor(codec);
    std::string out;
    Status st = d->Decompress(std::string(16, 'a'), size_t{1} << 31, &out);
    EXPECT_EQ(st.code(), StatusCode::kDataLoss) << st.ToString();
  }
}

}  // namespace
}  // namespace floe::parquet
