#include "floe/app/query_shell.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace floe::app {
namespace {

using ::testing::ElementsAre;

TEST(TakeStatementsTest, SplitsAtSemicolonsAndKeepsTheRest) {
  std::string text = "SELECT 1; SELECT 2;\nSELECT 3";
  EXPECT_THAT(TakeStatements(&text), ElementsAre("SELECT 1", "SELECT 2"));
  EXPECT_EQ(text, "\nSELECT 3");
}

TEST(TakeStatementsTest, IgnoresSemicolonsInQuotesAndComments) {
  std::string text = "SELECT 'a;b', \"x;y\" -- c;d\nFROM t /* e; */ WHERE s = 'it''s;';\nSELECT 2";
  auto out = TakeStatements(&text);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0], "SELECT 'a;b', \"x;y\" -- c;d\nFROM t /* e; */ WHERE s = 'it''s;'");
  EXPECT_EQ(text, "\nSELECT 2");
}

TEST(TakeStatementsTest, SkipsEmptyAndCommentOnlyStatements) {
  std::string text = " ; ;\n-- only a comment\n; /* and this */ ;SELECT 1;";
  EXPECT_THAT(TakeStatements(&text), ElementsAre("SELECT 1"));
  EXPECT_EQ(text, "");
}

TEST(TakeStatementsTest, WaitsForTheEndOfAStatementSpanningLines) {
  std::string text = "SELECT a,\n  b\nFROM t";
  EXPECT_TRUE(TakeStatements(&text).empty());
  text += "\nWHERE a > 1;";
  EXPECT_THAT(TakeStatements(&text), ElementsAre("SELECT a,\n  b\nFROM t\nWHERE a > 1"));
}

TEST(TakeStatementsTest, AnOpenQuoteHoldsTheSemicolon) {
  std::string text = "SELECT 'abc;\n";
  EXPECT_TRUE(TakeStatements(&text).empty());
  text += "def';";
  EXPECT_THAT(TakeStatements(&text), ElementsAre("SELECT 'abc;\ndef'"));
}

}  // namespace
}  // namespace floe::app
