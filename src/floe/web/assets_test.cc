#include "floe/web/assets.h"

#include <gtest/gtest.h>

#include <string>

namespace floe::web {
namespace {

TEST(AssetsTest, DashboardInlinesUplot) {
  const std::string html(DashboardHtml());
  EXPECT_EQ(html.rfind("<!doctype html>", 0), 0u);
  EXPECT_NE(html.find("var uPlot="), std::string::npos);  // the library itself
  EXPECT_NE(html.find(".uplot"), std::string::npos);      // its stylesheet
  EXPECT_EQ(html.find("@UPLOT_"), std::string::npos);     // every marker replaced
  EXPECT_EQ(html.find("src=\"http"), std::string::npos);
  EXPECT_EQ(html.find("href=\"http"), std::string::npos);
  EXPECT_NE(html.find("</html>"), std::string::npos);
}

}  // namespace
}  // namespace floe::web
