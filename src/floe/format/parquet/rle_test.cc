#include "floe/format/parquet/rle.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace floe::parquet {
namespace {

std::string Hex(const std::string& s) {
  static const char* kDigits = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (!out.empty()) out += ' ';
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

std::string Bytes(std::initializer_list<uint8_t> b) { return std::string(b.begin(), b.end()); }

// A reference decoder written straight from Encodings.md, bit by bit, sharing
// no code with the library: used to check what the encoder emits.
bool ReferenceDecode(const std::string& in, int width, size_t n, std::vector<uint32_t>* out) {
  out->clear();
  size_t pos = 0;
  auto varint = [&](uint64_t* v) {
    *v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= in.size()) return false;
      uint8_t b = static_cast<uint8_t>(in[pos++]);
      *v |= static_cast<uint64_t>(b & 0x7F) << shift;
      if (!(b & 0x80)) return true;
    }
    return false;
  };
  while (out->size() < n) {
    uint64_t header;
    if (!varint(&header)) return false;
    if (header & 1) {
      size_t count = static_cast<size_t>(header >> 1) * 8;
      size_t bit = 0;
      if (in.size() - pos < (header >> 1) * static_cast<size_t>(width)) return false;
      for (size_t k = 0; k < count; ++k) {
        uint32_t v = 0;
        for (int b = 0; b < width; ++b, ++bit) {
          uint8_t byte = static_cast<uint8_t>(in[pos + bit / 8]);
          if ((byte >> (bit % 8)) & 1) v |= 1u << b;
        }
        if (out->size() < n) out->push_back(v);
      }
      pos += (header >> 1) * static_cast<size_t>(width);
    } else {
      size_t count = static_cast<size_t>(header >> 1);
      int bytes = (width + 7) / 8;
      if (count == 0 || in.size() - pos < static_cast<size_t>(bytes)) return false;
      uint32_t v = 0;
      for (int b = 0; b < bytes; ++b)
        v |= static_cast<uint32_t>(static_cast<uint8_t>(in[pos++])) << (8 * b);
      for (size_t k = 0; k < count && out->size() < n; ++k) out->push_back(v);
    }
  }
  return true;
}

uint32_t MaxFor(int width) {
  return width == 32 ? 0xFFFFFFFFu : (width == 0 ? 0 : (1u << width) - 1);
}

// Value patterns the encoder must handle; each yields `n` values below 2^width.
std::vector<std::vector<uint32_t>> Patterns(int width, size_t n, uint32_t seed) {
  std::mt19937_64 rng(seed);
  uint32_t max = MaxFor(width);
  auto rnd = [&] { return static_cast<uint32_t>(rng()) & max; };
  std::vector<std::vector<uint32_t>> out;
  std::vector<uint32_t> v(n);
  for (auto& x : v) x = rnd();
  out.push_back(v);  // random
  for (auto& x : v) x = max;
  out.push_back(v);  // all equal (the widest value)
  for (size_t i = 0; i < n; ++i) v[i] = (i % 2) ? max : 0;
  out.push_back(v);  // alternating
  // Runs of 7, 8 and 9 equal values between 1..11 literals.
  v.clear();
  size_t run_lengths[] = {7, 8, 9, 16, 15, 17};
  size_t r = 0;
  while (v.size() < n) {
    size_t literals = 1 + rng() % 11;
    for (size_t k = 0; k < literals && v.size() < n; ++k)
      v.push_back(static_cast<uint32_t>(v.size()) & max);
    uint32_t x = rnd();
    for (size_t k = 0; k < run_lengths[r % 6] && v.size() < n; ++k) v.push_back(x);
    ++r;
  }
  out.push_back(v);
  return out;
}

const size_t kLengths[] = {0, 1, 7, 8, 9, 1000};

TEST(BitWidthTest, Values) {
  EXPECT_EQ(BitWidth(0), 0);
  EXPECT_EQ(BitWidth(1), 1);
  EXPECT_EQ(BitWidth(2), 2);
  EXPECT_EQ(BitWidth(3), 2);
  EXPECT_EQ(BitWidth(4), 3);
  EXPECT_EQ(BitWidth(7), 3);
  EXPECT_EQ(BitWidth(8), 4);
  EXPECT_EQ(BitWidth(255), 8);
  EXPECT_EQ(BitWidth(256), 9);
  EXPECT_EQ(BitWidth(0xFFFFFFFFull), 32);
  EXPECT_EQ(BitWidth(0x100000000ull), 33);
  EXPECT_EQ(BitWidth(UINT64_MAX), 64);
  for (int w = 1; w < 64; ++w) {
    EXPECT_EQ(BitWidth(1ull << w), w + 1);
    EXPECT_EQ(BitWidth((1ull << w) - 1), w);
  }
}

TEST(BitPackTest, LsbFirst) {
  // Encodings.md example: values 0..7 at width 3 → 10001000 11000110 11111010.
  uint32_t v[] = {0, 1, 2, 3, 4, 5, 6, 7};
  std::string out;
  BitPack(v, 8, 3, &out);
  EXPECT_EQ(Hex(out), "88 C6 FA");
  out.clear();
  uint32_t w32[] = {0xDEADBEEF};
  BitPack(w32, 1, 32, &out);
  EXPECT_EQ(Hex(out), "EF BE AD DE");
  out.clear();
  BitPack(v, 3, 0, &out);
  EXPECT_TRUE(out.empty());
  uint32_t ones[] = {1, 1, 1};
  BitPack(ones, 3, 1, &out);
  EXPECT_EQ(Hex(out), "07");  // padded to a whole byte
}

TEST(RleHybridTest, SpecExamples) {
  // Bit width 1, 1000 values of 1: one RLE run, varint(1000 << 1) = D0 0F, value 01.
  std::vector<uint8_t> ones(1000, 1);
  std::string out;
  RleHybridEncodeBytes(ones.data(), ones.size(), 1, &out);
  EXPECT_EQ(Hex(out), "D0 0F 01");
  std::vector<uint32_t> ones32(1000, 1);
  out.clear();
  RleHybridEncode(ones32.data(), ones32.size(), 1, &out);
  EXPECT_EQ(Hex(out), "D0 0F 01");

  // Levels [1,1,0,1]: one bit-packed group, header 03, bits LSB-first → 0B.
  uint8_t levels[] = {1, 1, 0, 1};
  out.clear();
  RleHybridEncodeBytes(levels, 4, 1, &out);
  EXPECT_EQ(Hex(out), "03 0B");

  uint8_t decoded[4];
  size_t consumed = 0;
  ASSERT_TRUE(RleHybridDecodeBytes(Bytes({0x03, 0x0B}), 1, 4, decoded, &consumed).ok());
  EXPECT_EQ(consumed, 2u);
  EXPECT_EQ(std::vector<uint8_t>(decoded, decoded + 4), std::vector<uint8_t>({1, 1, 0, 1}));

  std::vector<uint8_t> thousand(1000);
  ASSERT_TRUE(
      RleHybridDecodeBytes(Bytes({0xD0, 0x0F, 0x01}), 1, 1000, thousand.data(), &consumed).ok());
  EXPECT_EQ(consumed, 3u);
  EXPECT_EQ(thousand, ones);
}

TEST(RleHybridTest, RleValueIsLittleEndianInWholeBytes) {
  std::vector<uint32_t> v(10, 0x123456);
  std::string out;
  RleHybridEncode(v.data(), v.size(), 21, &out);  // 3 value bytes
  EXPECT_EQ(Hex(out), "14 56 34 12");
  out.clear();
  std::vector<uint32_t> w(8, 0xCAFEBABE);
  RleHybridEncode(w.data(), w.size(), 32, &out);
  EXPECT_EQ(Hex(out), "10 BE BA FE CA");
  out.clear();
  std::vector<uint32_t> z(300, 0);
  RleHybridEncode(z.data(), z.size(), 0, &out);
  EXPECT_EQ(Hex(out), "D8 04");  // width 0: header only
}

void CheckRoundTrip32(const std::vector<uint32_t>& v, int width) {
  std::string enc;
  RleHybridEncode(v.data(), v.size(), width, &enc);
  std::vector<uint32_t> ref;
  ASSERT_TRUE(ReferenceDecode(enc, width, v.size(), &ref))
      << "width " << width << " n " << v.size();
  EXPECT_EQ(ref, v) << "reference decoder, width " << width;
  std::vector<uint32_t> got(v.size() + 1, 0xA5A5A5A5u);
  size_t consumed = 12345;
  Status st = RleHybridDecode(enc, width, v.size(), got.data(), &consumed);
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(std::vector<uint32_t>(got.begin(), got.begin() + v.size()), v) << "width " << width;
  EXPECT_EQ(got.back(), 0xA5A5A5A5u) << "decoder wrote past n";
  EXPECT_EQ(consumed, enc.size());
  // Trailing bytes after the runs are left alone.
  std::string padded = enc + std::string(5, '\xFF');
  ASSERT_TRUE(RleHybridDecode(padded, width, v.size(), got.data(), &consumed).ok());
  EXPECT_EQ(consumed, enc.size());
  EXPECT_EQ(std::vector<uint32_t>(got.begin(), got.begin() + v.size()), v);
}

TEST(RleHybridTest, RoundTripAllWidths) {
  for (int width = 0; width <= 32; ++width) {
    for (size_t n : kLengths) {
      for (const auto& v : Patterns(width, n, static_cast<uint32_t>(width * 1000 + n))) {
        CheckRoundTrip32(v, width);
      }
    }
  }
}

TEST(RleHybridTest, RoundTripBytesAllWidths) {
  for (int width = 0; width <= 8; ++width) {
    for (size_t n : kLengths) {
      for (const auto& v32 : Patterns(width, n, static_cast<uint32_t>(width * 7 + n))) {
        std::vector<uint8_t> v(v32.begin(), v32.end());
        std::string enc;
        RleHybridEncodeBytes(v.data(), v.size(), width, &enc);
        std::string enc32;
        RleHybridEncode(v32.data(), v32.size(), width, &enc32);
        EXPECT_EQ(enc, enc32) << "byte and 32-bit encoders disagree at width " << width;
        std::vector<uint8_t> got(v.size() + 1, 0xA5);
        size_t consumed = 0;
        Status st = RleHybridDecodeBytes(enc, width, v.size(), got.data(), &consumed);
        ASSERT_TRUE(st.ok()) << st.ToString();
        EXPECT_EQ(std::vector<uint8_t>(got.begin(), got.begin() + v.size()), v);
        EXPECT_EQ(got.back(), 0xA5);
        EXPECT_EQ(consumed, enc.size());
      }
    }
  }
}

TEST(RleHybridTest, DecodingInPiecesOfAnySizeMatches) {
  // Pieces that start and end inside groups of eight, and runs whose data end
  // close to the buffer's end, for every width.
  const size_t pieces[] = {1, 3, 7, 8, 13, 64, 5, 200, 2, 1000};
  for (int width = 1; width <= 32; ++width) {
    std::vector<uint32_t> v(3001);
    uint32_t x = static_cast<uint32_t>(width) * 2654435761u;
    const uint64_t mask = width == 32 ? 0xFFFFFFFFull : ((1ull << width) - 1);
    for (auto& e : v) {
      x = x * 1664525u + 1013904223u;
      e = static_cast<uint32_t>(x & mask);
    }
    for (size_t r = 1000; r < 1100; ++r) v[r] = v[1000];  // an RLE run between packed ones
    std::string enc;
    RleHybridEncode(v.data(), v.size(), width, &enc);
    auto decoder = RleDecoder::Make(enc, width);
    ASSERT_TRUE(decoder.ok());
    std::vector<uint32_t> got(v.size());
    size_t done = 0;
    for (size_t k = 0; done < v.size(); ++k) {
      const size_t n = std::min(pieces[k % std::size(pieces)], v.size() - done);
      ASSERT_TRUE(decoder->Decode(n, got.data() + done).ok()) << width;
      done += n;
    }
    EXPECT_EQ(got, v) << "width " << width;
  }
}

TEST(RleHybridTest, LongRunsUseRleRuns) {
  for (int width : {1, 3, 8, 17, 32}) {
    std::vector<uint32_t> v(100000, MaxFor(width));
    std::string enc;
    RleHybridEncode(v.data(), v.size(), width, &enc);
    EXPECT_LE(enc.size(), 3u + 4u) << "width " << width;
    CheckRoundTrip32(v, width);
  }
  // A long run after 3 literals: the literals borrow 5 values to fill a group,
  // the rest is one RLE run.
  std::vector<uint32_t> v = {1, 2, 3};
  v.resize(3 + 1000, 7);
  std::string enc;
  RleHybridEncode(v.data(), v.size(), 3, &enc);
  std::vector<uint32_t> ref;
  ASSERT_TRUE(ReferenceDecode(enc, 3, v.size(), &ref));
  EXPECT_EQ(ref, v);
  EXPECT_LE(enc.size(), 1u + 3u + 2u + 1u);
}

TEST(RleHybridTest, RunsOfSevenEightNineBetweenLiterals) {
  for (int width : {1, 2, 5, 8, 13, 32}) {
    for (size_t run : {7u, 8u, 9u}) {
      for (size_t lead : {0u, 1u, 3u, 8u}) {
        std::vector<uint32_t> v;
        for (size_t i = 0; i < lead; ++i) v.push_back(static_cast<uint32_t>(i % 2));
        v.insert(v.end(), run, MaxFor(width));
        for (size_t i = 0; i < 5; ++i) v.push_back(static_cast<uint32_t>(i % 2));
        v.insert(v.end(), run, 1);
        CheckRoundTrip32(v, width);
      }
    }
  }
}

TEST(RleHybridTest, ManySeeds) {
  std::mt19937 rng(42);
  for (int iter = 0; iter < 300; ++iter) {
    int width = static_cast<int>(rng() % 33);
    size_t n = rng() % 300;
    std::vector<uint32_t> v(n);
    uint32_t max = MaxFor(width);
    // Mix runs and literals with random lengths.
    size_t i = 0;
    while (i < n) {
      size_t len = 1 + rng() % 20;
      uint32_t x = static_cast<uint32_t>(rng()) & max;
      bool run = rng() % 2;
      for (size_t k = 0; k < len && i < n; ++k, ++i)
        v[i] = run ? x : (static_cast<uint32_t>(rng()) & max);
    }
    CheckRoundTrip32(v, width);
  }
}

TEST(RleHybridTest, ZeroValuesDecodeNothing) {
  size_t consumed = 99;
  ASSERT_TRUE(RleHybridDecode("", 5, 0, nullptr, &consumed).ok());
  EXPECT_EQ(consumed, 0u);
}

// Every strict prefix of a valid encoding either fails or (when only padding
// bits of the last bit-packed group were cut) decodes the same values.
template <typename T>
void CheckPrefixes(const std::string& enc, int width, const std::vector<T>& want) {
  for (size_t len = 0; len < enc.size(); ++len) {
    // An exact-size heap copy so ASan sees any over-read.
    std::vector<char> copy(enc.begin(), enc.begin() + static_cast<std::ptrdiff_t>(len));
    std::string_view in(copy.data(), copy.size());
    std::vector<T> got(want.size());
    Status st;
    if constexpr (sizeof(T) == 1) {
      st = RleHybridDecodeBytes(in, width, want.size(), got.data());
    } else {
      st = RleHybridDecode(in, width, want.size(), got.data());
    }
    if (st.ok()) {
      EXPECT_EQ(got, want) << "prefix " << len << " of " << enc.size() << " decoded wrong values";
    } else {
      EXPECT_EQ(st.code(), StatusCode::kDataLoss) << st.ToString();
    }
  }
}

TEST(RleHybridTest, TruncatedInputIsAnError) {
  for (int width : {0, 1, 2, 3, 7, 8, 9, 16, 24, 31, 32}) {
    for (const auto& v : Patterns(width, 100, 7u + static_cast<uint32_t>(width))) {
      std::string enc;
      RleHybridEncode(v.data(), v.size(), width, &enc);
      CheckPrefixes(enc, width, v);
    }
  }
  for (int width = 1; width <= 8; ++width) {
    for (const auto& v32 : Patterns(width, 50, 3u + static_cast<uint32_t>(width))) {
      std::vector<uint8_t> v(v32.begin(), v32.end());
      std::string enc;
      RleHybridEncodeBytes(v.data(), v.size(), width, &enc);
      CheckPrefixes(enc, width, v);
    }
  }
  // The bare prefixes of the spec examples.
  uint8_t out[1000];
  EXPECT_FALSE(RleHybridDecodeBytes(Bytes({0xD0}), 1, 1000, out).ok());
  EXPECT_FALSE(RleHybridDecodeBytes(Bytes({0xD0, 0x0F}), 1, 1000, out).ok());
  EXPECT_FALSE(RleHybridDecodeBytes(Bytes({0x03}), 1, 4, out).ok());
  EXPECT_FALSE(RleHybridDecodeBytes("", 1, 1, out).ok());
}

TEST(RleHybridTest, ZeroLengthRunsAreErrors) {
  uint32_t out[16];
  // RLE run header 0 (count 0), then a value.
  Status st = RleHybridDecode(Bytes({0x00, 0x01}), 1, 4, out);
  EXPECT_EQ(st.code(), StatusCode::kDataLoss) << st.ToString();
  // Bit-packed run of zero groups.
  st = RleHybridDecode(Bytes({0x01, 0xFF, 0xFF}), 1, 4, out);
  EXPECT_EQ(st.code(), StatusCode::kDataLoss) << st.ToString();
  // A zero run after a valid one.
  st = RleHybridDecode(Bytes({0x04, 0x01, 0x00, 0x01}), 1, 4, out);
  EXPECT_EQ(st.code(), StatusCode::kDataLoss) << st.ToString();
  // Non-minimal varint zero (80 00) is still zero.
  st = RleHybridDecode(Bytes({0x80, 0x00, 0x01}), 1, 4, out);
  EXPECT_EQ(st.code(), StatusCode::kDataLoss) << st.ToString();
  uint8_t bytes[4];
  EXPECT_FALSE(RleHybridDecodeBytes(Bytes({0x00, 0x01}), 1, 4, bytes).ok());
  EXPECT_FALSE(RleHybridDecodeBytes(Bytes({0x01}), 1, 4, bytes).ok());
  // Width 0: a zero-length run is still an error, not an endless loop.
  EXPECT_FALSE(RleHybridDecode(Bytes({0x00}), 0, 4, out).ok());
  EXPECT_FALSE(RleHybridDecode(Bytes({0x01}), 0, 4, out).ok());
}

TEST(RleHybridTest, OtherCorruptInputs) {
  uint32_t out[16];
  // RLE value wider than the bit width.
  EXPECT_FALSE(RleHybridDecode(Bytes({0x08, 0x02}), 1, 4, out).ok());
  EXPECT_FALSE(RleHybridDecode(Bytes({0x08, 0xFF, 0x02}), 9, 4, out).ok());
  // Bit widths out of range.
  EXPECT_FALSE(RleHybridDecode(Bytes({0x08, 0x00}), 33, 4, out).ok());
  EXPECT_FALSE(RleHybridDecode(Bytes({0x08, 0x00}), -1, 4, out).ok());
  uint8_t bytes[4];
  EXPECT_FALSE(RleHybridDecodeBytes(Bytes({0x08, 0x00}), 9, 4, bytes).ok());
  // Over-long varint header.
  EXPECT_FALSE(RleHybridDecode(std::string(11, '\x80'), 1, 4, out).ok());
  // A huge bit-packed run with no data behind it.
  EXPECT_FALSE(RleHybridDecode(Bytes({0xFF, 0xFF, 0xFF, 0xFF, 0x0F}), 8, 16, out).ok());
}

TEST(RleHybridTest, RandomGarbageNeverCrashes) {
  std::mt19937 rng(7);
  for (int iter = 0; iter < 20000; ++iter) {
    size_t len = rng() % 24;
    std::vector<char> buf(len);
    for (auto& c : buf) c = static_cast<char>(rng());
    int width = static_cast<int>(rng() % 34);
    size_t n = rng() % 64;
    std::vector<uint32_t> out(n);
    size_t consumed = 0;
    Status st =
        RleHybridDecode(std::string_view(buf.data(), buf.size()), width, n, out.data(), &consumed);
    if (st.ok()) {
      EXPECT_LE(consumed, len);
      if (width < 32) {
        for (uint32_t x : out) EXPECT_LE(x, MaxFor(width));
      }
    }
    std::vector<uint8_t> out8(n);
    (void)RleHybridDecodeBytes(std::string_view(buf.data(), buf.size()), width % 9, n, out8.data());
  }
}

}  // namespace
}  // namespace floe::parquet
