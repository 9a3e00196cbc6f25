#include "floe/format/parquet/delta_decoders.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <type_traits>
#include <vector>

#include "floe/base/coding.h"

namespace floe::parquet {
namespace {

// ---------------------------------------------------------------------------
// A test-only DELTA_BINARY_PACKED encoder, written straight from Encodings.md
// and packing bit by bit, so it shares no code with the decoder.

struct EncodeOptions {
  uint64_t block = 128;
  uint64_t miniblocks = 4;
  // Fill unused bit widths and padding bits with junk, which readers must accept.
  bool junk = false;
};

void PackBits(std::string* out, const std::vector<uint64_t>& values, int width) {
  std::string bytes(values.size() * width / 8, '\0');
  size_t pos = 0;
  for (uint64_t v : values) {
    for (int b = 0; b < width; ++b, ++pos) {
      if ((v >> b) & 1) bytes[pos / 8] = static_cast<char>(bytes[pos / 8] | (1 << (pos % 8)));
    }
  }
  *out += bytes;
}

int BitsNeeded(uint64_t v) {
  int w = 0;
  while (w < 64 && (v >> w) != 0) ++w;
  return w;
}

template <typename T>
std::string EncodeDelta(const std::vector<T>& values, EncodeOptions opt = {}) {
  using U = std::make_unsigned_t<T>;
  std::mt19937_64 rng(values.size());
  std::string out;
  PutVarint64(&out, opt.block);
  PutVarint64(&out, opt.miniblocks);
  PutVarint64(&out, values.size());
  PutVarint64(&out, ZigZagEncode64(values.empty() ? 0 : values[0]));
  const size_t per_mini = opt.block / opt.miniblocks;
  for (size_t start = 1; start < values.size(); start += opt.block) {
    const size_t n = std::min<size_t>(opt.block, values.size() - start);
    std::vector<U> deltas(n);
    for (size_t i = 0; i < n; ++i) {
      deltas[i] =
          static_cast<U>(static_cast<U>(values[start + i]) - static_cast<U>(values[start + i - 1]));
    }
    T min_delta = static_cast<T>(deltas[0]);
    for (U d : deltas) min_delta = std::min(min_delta, static_cast<T>(d));
    PutVarint64(&out, ZigZagEncode64(min_delta));
    std::vector<int> widths(opt.miniblocks, 0);
    for (size_t m = 0; m < opt.miniblocks; ++m) {
      if (m * per_mini >= n) {
        widths[m] = opt.junk ? 0xEE : 0;
        continue;
      }
      for (size_t i = m * per_mini; i < std::min(n, (m + 1) * per_mini); ++i) {
        U rel = static_cast<U>(deltas[i] - static_cast<U>(min_delta));
        widths[m] = std::max(widths[m], BitsNeeded(rel));
      }
    }
    for (int w : widths) out.push_back(static_cast<char>(w));
    for (size_t m = 0; m < opt.miniblocks && m * per_mini < n; ++m) {
      std::vector<uint64_t> packed(per_mini);
      for (size_t j = 0; j < per_mini; ++j) {
        size_t i = m * per_mini + j;
        if (i < n) {
          packed[j] = static_cast<U>(deltas[i] - static_cast<U>(min_delta));
        } else if (opt.junk) {
          packed[j] = widths[m] == 64 ? rng() : rng() & ((uint64_t{1} << widths[m]) - 1);
        }
      }
      PackBits(&out, packed, widths[m]);
    }
  }
  return out;
}

std::string EncodeLengthByteArray(const std::vector<std::string>& values) {
  std::vector<int32_t> lengths;
  std::string data;
  for (const auto& v : values) {
    lengths.push_back(static_cast<int32_t>(v.size()));
    data += v;
  }
  return EncodeDelta(lengths) + data;
}

std::string EncodeByteArray(const std::vector<std::string>& values) {
  std::vector<int32_t> prefixes;
  std::vector<std::string> suffixes;
  std::string previous;
  for (const auto& v : values) {
    size_t p = 0;
    while (p < previous.size() && p < v.size() && previous[p] == v[p]) ++p;
    prefixes.push_back(static_cast<int32_t>(p));
    suffixes.push_back(v.substr(p));
    previous = v;
  }
  return EncodeDelta(prefixes) + EncodeLengthByteArray(suffixes);
}

// An exactly sized heap copy, so ASan reports any read past the end.
struct Exact {
  explicit Exact(std::string_view s) : buf(s.begin(), s.end()) {}
  std::string_view view() const { return std::string_view(buf.data(), buf.size()); }
  std::vector<char> buf;
};

std::string Bytes(std::initializer_list<int> b) {
  std::string s;
  for (int v : b) s.push_back(static_cast<char>(v));
  return s;
}

template <typename T>
Result<size_t> Decode(std::string_view in, int64_t count, std::vector<T>* out) {
  Exact exact(in);
  if constexpr (std::is_same_v<T, int32_t>) {
    return DecodeDeltaBinaryPacked32(exact.view(), count, out);
  } else {
    return DecodeDeltaBinaryPacked64(exact.view(), count, out);
  }
}

template <typename T>
void ExpectRoundTrip(const std::vector<T>& values, EncodeOptions opt = {}) {
  std::string enc = EncodeDelta(values, opt);
  std::vector<T> out = {42};  // decoding appends
  auto used = Decode(enc, static_cast<int64_t>(values.size()), &out);
  ASSERT_TRUE(used.ok()) << used.status().ToString();
  EXPECT_EQ(*used, enc.size());
  ASSERT_EQ(out.size(), values.size() + 1);
  EXPECT_EQ(out[0], 42);
  EXPECT_TRUE(std::equal(values.begin(), values.end(), out.begin() + 1));
}

const int64_t kCounts[] = {0, 1, 2, 127, 128, 129, 1000};

template <typename T>
std::vector<std::vector<T>> Patterns(int64_t n) {
  constexpr T kMin = std::numeric_limits<T>::min();
  constexpr T kMax = std::numeric_limits<T>::max();
  std::mt19937_64 rng(static_cast<uint64_t>(n) * 31 + sizeof(T));
  std::vector<std::vector<T>> out(7);
  for (int64_t i = 0; i < n; ++i) {
    out[0].push_back(static_cast<T>(rng()));                                      // full range
    out[1].push_back(static_cast<T>(static_cast<int64_t>(rng() % 2001) - 1000));  // small
    out[2].push_back(static_cast<T>(i * 3 + 1000));                               // monotonic
    out[3].push_back(static_cast<T>(-7));                                         // constant
    out[4].push_back(i % 2 == 0 ? kMin : kMax);                                   // extremes
    out[5].push_back(static_cast<T>(kMax - i));                  // descending from max
    out[6].push_back(static_cast<T>(i % 100 == 0 ? rng() : i));  // mostly narrow, outliers
  }
  return out;
}

TEST(DeltaBinaryPackedTest, RoundTripsInt32) {
  for (int64_t n : kCounts) {
    for (const auto& v : Patterns<int32_t>(n)) {
      SCOPED_TRACE(n);
      ExpectRoundTrip(v);
      ExpectRoundTrip(v, {.junk = true});
      ExpectRoundTrip(v, {.block = 256, .miniblocks = 8});
      ExpectRoundTrip(v, {.block = 128, .miniblocks = 1});
    }
  }
}

TEST(DeltaBinaryPackedTest, RoundTripsInt64) {
  for (int64_t n : kCounts) {
    for (const auto& v : Patterns<int64_t>(n)) {
      SCOPED_TRACE(n);
      ExpectRoundTrip(v);
      ExpectRoundTrip(v, {.junk = true});
      ExpectRoundTrip(v, {.block = 256, .miniblocks = 4});
      ExpectRoundTrip(v, {.block = 512, .miniblocks = 2});
    }
  }
}

TEST(DeltaBinaryPackedTest, EveryBitWidth) {
  // Deltas that need exactly w bits, for every w, in both widths.
  for (int w = 1; w <= 64; ++w) {
    std::vector<int64_t> v64 = {0};
    std::vector<int32_t> v32 = {0};
    uint64_t top = w == 64 ? ~uint64_t{0} : (uint64_t{1} << w) - 1;
    for (int i = 0; i < 300; ++i) {
      uint64_t d = (i % 7 == 0) ? top : static_cast<uint64_t>(i) & top;
      v64.push_back(static_cast<int64_t>(static_cast<uint64_t>(v64.back()) + d));
      if (w <= 32)
        v32.push_back(
            static_cast<int32_t>(static_cast<uint32_t>(v32.back()) + static_cast<uint32_t>(d)));
    }
    SCOPED_TRACE(w);
    ExpectRoundTrip(v64);
    if (w <= 32) ExpectRoundTrip(v32);
  }
}

// Example 1 of Encodings.md: 1, 2, 3, 4, 5 with block size 8, one miniblock.
TEST(DeltaBinaryPackedTest, SpecExample1) {
  std::string enc = Bytes({0x08, 0x01, 0x05, 0x02,  // block 8, 1 miniblock, 5 values, first 1
                           0x02, 0x00});            // min delta 1, bit width 0
  std::vector<int32_t> out;
  auto used = Decode(enc, 5, &out);
  ASSERT_TRUE(used.ok()) << used.status().ToString();
  EXPECT_EQ(*used, 6u);
  EXPECT_EQ(out, (std::vector<int32_t>{1, 2, 3, 4, 5}));
  EXPECT_EQ(EncodeDelta(std::vector<int32_t>{1, 2, 3, 4, 5}, {.block = 8, .miniblocks = 1}), enc);
}

// Example 2 of Encodings.md: 7, 5, 3, 1, 2, 3, 4, 5; relative deltas
// 0,0,0,3,3,3,3 (+1 padding) on 2 bits LSB-first are 0xC0 0x3F.
TEST(DeltaBinaryPackedTest, SpecExample2) {
  std::string enc = Bytes({0x08, 0x01, 0x08, 0x0E,  // block 8, 1 miniblock, 8 values, first 7
                           0x03, 0x02,              // min delta -2, bit width 2
                           0xC0, 0x3F});
  std::vector<int64_t> out;
  auto used = Decode(enc, 8, &out);
  ASSERT_TRUE(used.ok()) << used.status().ToString();
  EXPECT_EQ(*used, 8u);
  EXPECT_EQ(out, (std::vector<int64_t>{7, 5, 3, 1, 2, 3, 4, 5}));
  EXPECT_EQ(
      EncodeDelta(std::vector<int64_t>{7, 5, 3, 1, 2, 3, 4, 5}, {.block = 8, .miniblocks = 1}),
      enc);
}

// Block 128 / 4 miniblocks of 32, values 5, 5, 6, 6: deltas 0, 1, 0, min 0,
// widths 1,0,0,0 (three unused), one 4-byte miniblock holding bits 0,1,0.
TEST(DeltaBinaryPackedTest, HandEncodedStandardBlock) {
  std::string enc =
      Bytes({0x80, 0x01, 0x04, 0x04, 0x0A, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00});
  std::vector<int32_t> out;
  auto used = Decode(enc + "trailing", 4, &out);
  ASSERT_TRUE(used.ok()) << used.status().ToString();
  EXPECT_EQ(*used, enc.size());
  EXPECT_EQ(out, (std::vector<int32_t>{5, 5, 6, 6}));
  // Unused miniblocks' widths may be anything, even out of range.
  enc[7] = static_cast<char>(0xFF);
  out.clear();
  ASSERT_TRUE(Decode(enc, 4, &out).ok());
  EXPECT_EQ(out, (std::vector<int32_t>{5, 5, 6, 6}));
}

TEST(DeltaBinaryPackedTest, FewerRequestedThanStored) {
  std::vector<int64_t> v(500);
  for (size_t i = 0; i < v.size(); ++i) v[i] = static_cast<int64_t>(i * i);
  std::string enc = EncodeDelta(v);
  std::vector<int64_t> out;
  auto used = Decode(enc, 200, &out);
  ASSERT_TRUE(used.ok());
  EXPECT_EQ(*used, enc.size());  // the whole stream is consumed
  EXPECT_EQ(out, std::vector<int64_t>(v.begin(), v.begin() + 200));
}

TEST(DeltaBinaryPackedTest, Errors) {
  std::vector<int32_t> out;
  std::string enc = EncodeDelta(std::vector<int32_t>{1, 2, 3});
  auto more = Decode(enc, 4, &out);
  EXPECT_EQ(more.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(more.status().message().find("holds 3 values, expected 4"), std::string::npos)
      << more.status().ToString();
  EXPECT_EQ(Decode(enc, -1, &out).status().code(), StatusCode::kDataLoss);
  EXPECT_TRUE(out.empty());
  // Bit widths over the type's size.
  std::string w33 = Bytes({0x80, 0x01, 0x04, 0x02, 0x00, 0x00, 33, 0, 0, 0});
  w33 += std::string(33 * 4, '\0');
  // int32 deltas may need 33 bits (DuckDB writes them); arithmetic wraps mod 2^32.
  auto r32 = Decode(w33, 2, &out);
  EXPECT_TRUE(r32.ok()) << r32.status().ToString();
  out.clear();
  std::vector<int64_t> out64;
  EXPECT_TRUE(Decode(w33, 2, &out64).ok());
  std::string w65 = w33;
  w65[6] = 65;
  w65 += std::string(32 * 4, '\0');
  auto r64 = Decode(w65, 2, &out64);
  EXPECT_NE(r64.status().message().find("bit width 65 exceeds 64"), std::string::npos)
      << r64.status().ToString();
  // Bad headers.
  for (const std::string& bad :
       {Bytes({0x00, 0x01, 0x01, 0x00}), Bytes({0x80, 0x01, 0x00, 0x01, 0x00}),
        Bytes({0x80, 0x01, 0x03, 0x01, 0x00}), Bytes({0x80, 0x01, 0x20, 0x01, 0x00}),
        Bytes({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0x01, 0x01, 0x00})}) {
    EXPECT_EQ(Decode(bad, 1, &out).status().code(), StatusCode::kDataLoss);
  }
  // A huge count the input cannot describe is rejected before allocating.
  std::string huge = Bytes({0x80, 0x01, 0x04, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x00});
  EXPECT_EQ(Decode(huge, (int64_t{1} << 32) - 1, &out64).status().code(), StatusCode::kDataLoss);
  EXPECT_TRUE(out.empty());
}

TEST(DeltaBinaryPackedTest, TruncationAtEveryLengthFails) {
  for (int64_t n : {int64_t{1}, int64_t{2}, int64_t{129}, int64_t{1000}}) {
    for (const auto& v : Patterns<int64_t>(n)) {
      std::string enc = EncodeDelta(v);
      for (size_t len = 0; len < enc.size(); ++len) {
        std::vector<int64_t> out;
        auto r = Decode(std::string_view(enc).substr(0, len), n, &out);
        ASSERT_EQ(r.status().code(), StatusCode::kDataLoss) << n << " " << len;
        EXPECT_TRUE(out.empty());
      }
    }
  }
}

TEST(DeltaBinaryPackedTest, RandomInputNeverCrashes) {
  std::mt19937_64 rng(99);
  std::string base = EncodeDelta(Patterns<int64_t>(300)[0]);
  for (int iter = 0; iter < 20000; ++iter) {
    std::string s = base;
    for (int f = 0; f < 3; ++f) s[rng() % s.size()] = static_cast<char>(rng());
    if (iter % 2) s.resize(rng() % s.size());
    std::vector<int64_t> out64;
    std::vector<int32_t> out32;
    auto a = Decode(s, static_cast<int64_t>(rng() % 400), &out64);
    auto b = Decode(s, static_cast<int64_t>(rng() % 400), &out32);
    if (a.ok()) {
      EXPECT_LE(*a, s.size());
    }
    if (b.ok()) {
      EXPECT_LE(*b, s.size());
    }
  }
}

// ---------------------------------------------------------------------------
// Byte arrays

struct Decoded {
  std::vector<uint32_t> offsets{0};
  std::string bytes;
  std::vector<std::string> Values() const {
    std::vector<std::string> v;
    for (size_t i = 0; i + 1 < offsets.size(); ++i) {
      v.push_back(bytes.substr(offsets[i], offsets[i + 1] - offsets[i]));
    }
    return v;
  }
};

using ByteArrayDecoder = Result<size_t> (*)(std::string_view, int64_t, std::vector<uint32_t>*,
                                            std::string*);

Result<size_t> DecodeInto(ByteArrayDecoder fn, std::string_view in, int64_t count, Decoded* d) {
  Exact exact(in);
  return fn(exact.view(), count, &d->offsets, &d->bytes);
}

std::vector<std::vector<std::string>> StringCases() {
  std::vector<std::vector<std::string>> cases;
  cases.push_back({});
  cases.push_back({""});
  cases.push_back({"", "", ""});
  cases.push_back({"a", "", "abc", "abc", "abd", "", "x"});
  cases.push_back({"axis", "axle", "babble", "babyhood"});
  std::mt19937 rng(5);
  for (int n : {2, 127, 128, 129, 1000}) {
    std::vector<std::string> v;
    std::string cur = "prefix/";
    for (int i = 0; i < n; ++i) {
      cur.resize(std::min<size_t>(cur.size(), rng() % 20));
      int add = static_cast<int>(rng() % 12);
      for (int j = 0; j < add; ++j) cur.push_back(static_cast<char>('a' + rng() % 3));
      v.push_back(cur);
    }
    std::sort(v.begin(), v.end());
    cases.push_back(v);
    std::shuffle(v.begin(), v.end(), rng);
    cases.push_back(v);
  }
  return cases;
}

TEST(DeltaByteArrayTest, RoundTrips) {
  for (const auto& values : StringCases()) {
    for (auto [fn, enc] : {std::pair{&DecodeDeltaLengthByteArray, EncodeLengthByteArray(values)},
                           std::pair{&DecodeDeltaByteArray, EncodeByteArray(values)}}) {
      Decoded d;
      d.bytes = "pre";  // decoding appends after existing values
      d.offsets = {0, 3};
      auto used = DecodeInto(fn, enc, static_cast<int64_t>(values.size()), &d);
      ASSERT_TRUE(used.ok()) << used.status().ToString();
      EXPECT_EQ(*used, enc.size());
      std::vector<std::string> expected = {"pre"};
      expected.insert(expected.end(), values.begin(), values.end());
      EXPECT_EQ(d.Values(), expected);
    }
  }
}

// Encodings.md: "Hello", "World", "Foobar", "ABCDEF" → lengths 5,5,6,6 then data.
TEST(DeltaByteArrayTest, SpecLengthExample) {
  std::string enc =
      Bytes({0x80, 0x01, 0x04, 0x04, 0x0A, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00}) +
      "HelloWorldFoobarABCDEF";
  Decoded d;
  auto used = DecodeInto(&DecodeDeltaLengthByteArray, enc, 4, &d);
  ASSERT_TRUE(used.ok()) << used.status().ToString();
  EXPECT_EQ(*used, enc.size());
  EXPECT_EQ(d.Values(), (std::vector<std::string>{"Hello", "World", "Foobar", "ABCDEF"}));
  EXPECT_EQ(d.offsets, (std::vector<uint32_t>{0, 5, 10, 16, 22}));
}

// Encodings.md: "axis", "axle", "babble", "babyhood" → prefixes 0,2,0,3,
// suffix lengths 4,2,6,5, then "axislebabbleyhood". Prefix deltas 2,-2,3
// (min -2, relative 4,0,5 on 3 bits = 0x44 0x01); suffix deltas -2,4,-1
// (min -2, relative 0,6,1 on 3 bits = 0x70 0x00).
TEST(DeltaByteArrayTest, SpecPrefixExample) {
  std::string zeros(10, '\0');
  std::string enc =
      Bytes({0x80, 0x01, 0x04, 0x04, 0x00, 0x03, 0x03, 0x00, 0x00, 0x00, 0x44, 0x01}) + zeros +
      Bytes({0x80, 0x01, 0x04, 0x04, 0x08, 0x03, 0x03, 0x00, 0x00, 0x00, 0x70, 0x00}) + zeros +
      "axislebabbleyhood";
  Decoded d;
  auto used = DecodeInto(&DecodeDeltaByteArray, enc, 4, &d);
  ASSERT_TRUE(used.ok()) << used.status().ToString();
  EXPECT_EQ(*used, enc.size());
  EXPECT_EQ(d.Values(), (std::vector<std::string>{"axis", "axle", "babble", "babyhood"}));
  EXPECT_EQ(EncodeByteArray({"axis", "axle", "babble", "babyhood"}), enc);
}

TEST(DeltaByteArrayTest, Errors) {
  Decoded d;
  // Negative length.
  std::string neg = EncodeDelta(std::vector<int32_t>{3, -1}) + "abc";
  auto r = DecodeInto(&DecodeDeltaLengthByteArray, neg, 2, &d);
  EXPECT_NE(r.status().message().find("negative length -1 for value 1"), std::string::npos)
      << r.status().ToString();
  // Lengths exceeding the data.
  std::string big = EncodeDelta(std::vector<int32_t>{3, 1000}) + "abcdef";
  r = DecodeInto(&DecodeDeltaLengthByteArray, big, 2, &d);
  EXPECT_NE(r.status().message().find("values need 1003 bytes but only 6 remain"),
            std::string::npos)
      << r.status().ToString();
  // First prefix must be 0; later prefixes at most the previous length.
  std::string first = EncodeDelta(std::vector<int32_t>{1}) + EncodeLengthByteArray({"x"});
  r = DecodeInto(&DecodeDeltaByteArray, first, 1, &d);
  EXPECT_NE(
      r.status().message().find("prefix length 1 of value 0 exceeds the previous value's length 0"),
      std::string::npos)
      << r.status().ToString();
  std::string later = EncodeDelta(std::vector<int32_t>{0, 4}) + EncodeLengthByteArray({"abc", "d"});
  r = DecodeInto(&DecodeDeltaByteArray, later, 2, &d);
  EXPECT_NE(
      r.status().message().find("prefix length 4 of value 1 exceeds the previous value's length 3"),
      std::string::npos)
      << r.status().ToString();
  std::string negprefix =
      EncodeDelta(std::vector<int32_t>{0, -2}) + EncodeLengthByteArray({"abc", "d"});
  EXPECT_EQ(DecodeInto(&DecodeDeltaByteArray, negprefix, 2, &d).status().code(),
            StatusCode::kDataLoss);
  EXPECT_EQ(d.offsets, std::vector<uint32_t>{0});  // nothing appended on error
  EXPECT_TRUE(d.bytes.empty());
}

// 5 million copies of a 1000-byte value would need 5 GB: the uint32 offsets
// overflow is caught before anything is allocated.
TEST(DeltaByteArrayTest, OffsetOverflow) {
  const size_t n = 5'000'000;
  std::vector<int32_t> prefixes(n, 1000), suffixes(n, 0);
  prefixes[0] = 0;
  suffixes[0] = 1000;
  std::string enc = EncodeDelta(prefixes) + EncodeDelta(suffixes) + std::string(1000, 'z');
  Decoded d;
  auto r = DecodeInto(&DecodeDeltaByteArray, enc, static_cast<int64_t>(n), &d);
  EXPECT_EQ(r.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(r.status().message().find("overflows uint32 offsets"), std::string::npos)
      << r.status().ToString();
}

TEST(DeltaByteArrayTest, TruncationAtEveryLengthFails) {
  for (const auto& values : StringCases()) {
    if (values.empty() || values.size() > 200) continue;
    for (auto [fn, enc] : {std::pair{&DecodeDeltaLengthByteArray, EncodeLengthByteArray(values)},
                           std::pair{&DecodeDeltaByteArray, EncodeByteArray(values)}}) {
      for (size_t len = 0; len < enc.size(); ++len) {
        Decoded d;
        auto r = DecodeInto(fn, std::string_view(enc).substr(0, len),
                            static_cast<int64_t>(values.size()), &d);
        ASSERT_EQ(r.status().code(), StatusCode::kDataLoss) << values.size() << " " << len;
      }
    }
  }
}

TEST(DeltaByteArrayTest, RandomInputNeverCrashes) {
  std::mt19937_64 rng(3);
  std::string base = EncodeByteArray(StringCases().back());
  for (int iter = 0; iter < 5000; ++iter) {
    std::string s = base;
    for (int f = 0; f < 3; ++f) s[rng() % s.size()] = static_cast<char>(rng());
    if (iter % 2) s.resize(rng() % s.size());
    for (ByteArrayDecoder fn : {&DecodeDeltaLengthByteArray, &DecodeDeltaByteArray}) {
      Decoded d;
      auto r = DecodeInto(fn, s, static_cast<int64_t>(rng() % 1100), &d);
      if (r.ok()) {
        EXPECT_LE(*r, s.size());
        EXPECT_EQ(d.offsets.back(), d.bytes.size());
      }
    }
  }
}

// ---------------------------------------------------------------------------
// BYTE_STREAM_SPLIT

TEST(ByteStreamSplitTest, SpecExample) {
  std::string enc = Bytes({0xAA, 0x00, 0xA3, 0xBB, 0x11, 0xB4, 0xCC, 0x22, 0xC5, 0xDD, 0x33, 0xD6});
  std::vector<uint8_t> out(12);
  ASSERT_TRUE(DecodeByteStreamSplit(enc, 3, 4, out.data()).ok());
  EXPECT_EQ(out, (std::vector<uint8_t>{0xAA, 0xBB, 0xCC, 0xDD, 0x00, 0x11, 0x22, 0x33, 0xA3, 0xB4,
                                       0xC5, 0xD6}));
}

TEST(ByteStreamSplitTest, RoundTripsAnyWidth) {
  std::mt19937 rng(11);
  for (int width : {1, 2, 3, 4, 8, 12, 16, 17}) {
    for (int64_t n : {0, 1, 5, 1000}) {
      std::vector<uint8_t> plain(static_cast<size_t>(n * width));
      for (auto& b : plain) b = static_cast<uint8_t>(rng());
      std::string enc(plain.size(), '\0');
      for (int64_t i = 0; i < n; ++i) {
        for (int k = 0; k < width; ++k) enc[k * n + i] = static_cast<char>(plain[i * width + k]);
      }
      std::vector<uint8_t> out(plain.size());
      Exact exact(enc);
      ASSERT_TRUE(DecodeByteStreamSplit(exact.view(), n, width, out.data()).ok());
      EXPECT_EQ(out, plain) << width << " " << n;
    }
  }
}

TEST(ByteStreamSplitTest, Errors) {
  uint8_t out[64];
  auto st = DecodeByteStreamSplit(std::string(15, 'a'), 4, 4, out);
  EXPECT_EQ(st.code(), StatusCode::kDataLoss);
  EXPECT_NE(st.message().find("expected 4 values of 4 bytes, but the page holds 15 bytes"),
            std::string::npos)
      << st.ToString();
  EXPECT_EQ(DecodeByteStreamSplit(std::string(17, 'a'), 4, 4, out).code(), StatusCode::kDataLoss);
  EXPECT_EQ(DecodeByteStreamSplit("abcd", -1, 4, out).code(), StatusCode::kDataLoss);
  EXPECT_EQ(DecodeByteStreamSplit("abcd", int64_t{1} << 62, 8, out).code(), StatusCode::kDataLoss);
  EXPECT_EQ(DecodeByteStreamSplit("abcd", 1, 0, out).code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace floe::parquet
