#include "floe/query/lexer.h"

#include <gtest/gtest.h>

namespace floe::query {
namespace {

TEST(LexerTest, TokenKinds) {
  auto t = Tokenize(
      "SELECT \"Odd\"\"Name\", 'it''s', 42, 1.5e3, .5 -- comment\n FROM t /* x */ WHERE "
      "a<>b||c::int");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  std::vector<std::string> texts;
  for (const auto& tok : *t) texts.push_back(tok.text);
  std::vector<std::string> want = {"SELECT", "Odd\"Name", ",",  "it's", ",",  "42",    ",",
                                   "1.5e3",  ",",         ".5", "FROM", "t",  "WHERE", "a",
                                   "<>",     "b",         "||", "c",    "::", "int",   ""};
  EXPECT_EQ(texts, want);
  EXPECT_EQ((*t)[1].kind, TokenKind::kQuotedIdent);
  EXPECT_EQ((*t)[3].kind, TokenKind::kString);
  EXPECT_EQ((*t)[5].kind, TokenKind::kInteger);
  EXPECT_EQ((*t)[7].kind, TokenKind::kFloat);
  EXPECT_EQ(t->back().kind, TokenKind::kEnd);
}

TEST(LexerTest, ErrorsPointAtTheProblem) {
  auto t = Tokenize("SELECT 1\nFROM t WHERE x = 'open");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().message(),
            "Parser Error: unterminated quoted string (line 2, column 18)\n"
            "LINE 2: FROM t WHERE x = 'open\n"
            "                         ^");
  auto bad = Tokenize("SELECT a ? b");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("unexpected character '?' (line 1, column 10)"),
            std::string::npos);
}

}  // namespace
}  // namespace floe::query
