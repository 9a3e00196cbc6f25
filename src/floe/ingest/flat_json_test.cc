#include "floe/ingest/flat_json.h"

#include <gtest/gtest.h>

#include "floe/base/utf8.h"

namespace floe::ingest {
namespace {

using K = FlatMember::Kind;

TEST(FlatJsonTest, ScansAFlatObject) {
  std::vector<FlatMember> m;
  std::string scratch;
  ASSERT_TRUE(ScanFlatObject(
      R"( {"s":"a\"b\u00e9\ud83d\ude00","i":-12,"f":2.5e1,"t":true,"n":null,"z":false} )", &m,
      &scratch));
  ASSERT_EQ(m.size(), 6u);
  EXPECT_EQ(m[0].key, "s");
  EXPECT_EQ(m[0].kind, K::kString);
  EXPECT_EQ(m[0].text, "a\"b\xC3\xA9\xF0\x9F\x98\x80");
  EXPECT_EQ(m[1].kind, K::kInt);
  EXPECT_EQ(m[1].i, -12);
  EXPECT_EQ(m[2].kind, K::kFloat);
  EXPECT_EQ(m[2].d, 25.0);
  EXPECT_EQ(m[2].text, "2.5e1");
  EXPECT_EQ(m[3].kind, K::kTrue);
  EXPECT_EQ(m[4].kind, K::kNull);
  EXPECT_EQ(m[5].kind, K::kFalse);
  ASSERT_TRUE(ScanFlatObject("{}", &m, &scratch));
  EXPECT_TRUE(m.empty());
}

TEST(FlatJsonTest, DeclinesWhatTheFullParserMustJudge) {
  std::vector<FlatMember> m;
  std::string scratch;
  for (const char* text :
       {R"({"a":{"b":1}})", R"({"a":[1]})", R"({"a":01})", R"({"a":1.})", R"({"a":.5})",
        R"({"a":99999999999999999999})", R"({"a":"\ud800"})", "{\"a\":\"\xC3\x28\"}",
        "{\"a\":\"x\ny\"}", R"({"a":tru})", R"({"a":1,})", R"({"a":1} x)", R"([1])", "not json",
        R"({"a" 1})", R"({"a":"\q"})", ""}) {
    EXPECT_FALSE(ScanFlatObject(text, &m, &scratch)) << text;
  }
}

TEST(Utf8Test, ValidatesAndEncodes) {
  EXPECT_TRUE(IsValidUtf8("plain"));
  EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x98\x80"));
  EXPECT_FALSE(IsValidUtf8("\xC0\x80"));          // overlong
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xE2\x82"));          // truncated
  std::string out;
  AppendUtf8(0x20AC, &out);
  AppendUtf8(0x1F600, &out);
  EXPECT_EQ(out, "\xE2\x82\xAC\xF0\x9F\x98\x80");
}

}  // namespace
}  // namespace floe::ingest
