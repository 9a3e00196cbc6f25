#include "floe/query/functions.h"

#include <gtest/gtest.h>

#include "floe/query/engine.h"

namespace floe::query {
namespace {

// Evaluates a FROM-less SELECT and returns its single row's values as text.
std::string Eval(const std::string& expr) {
  FakeClock clock(1700000000123456);
  QueryOptions options;
  options.clock = &clock;
  auto r = ExecuteQuery("SELECT " + expr, options);
  if (!r.ok()) return "error: " + r.status().message();
  std::string out;
  for (size_t k = 0; k < r->names.size(); ++k) {
    out += (k ? "|" : "") + FormatValue(r->chunks.at(0).columns[k].Get(0));
  }
  return out;
}

std::string Type(const std::string& expr) {
  auto r = ExecuteQuery("SELECT " + expr, QueryOptions{});
  return r.ok() ? std::string(TypeName(r->types[0])) : "error: " + r.status().message();
}

TEST(FunctionsTest, ArithmeticTypingAsDuckDB) {
  EXPECT_EQ(Eval("7 / 2, 7 // 2, -7 // 2, -7 % 2, 7.0 / 2, 1 / 0, 1 // 0, 5 % 0"),
            "3.5|3|-3|-1|3.5|inf|NULL|NULL");
  EXPECT_EQ(Type("1 + 2"), "INTEGER");
  EXPECT_EQ(Type("1 + 3000000000"), "BIGINT");
  EXPECT_EQ(Type("1 / 2"), "DOUBLE");
  EXPECT_EQ(Type("1 + 0.5"), "DOUBLE");
  EXPECT_NE(Eval("2147483647 + 1").find("Out of Range Error: overflow in addition"),
            std::string::npos);
  EXPECT_EQ(Eval("9223372036854775807 - 1"), "9223372036854775806");
}

TEST(FunctionsTest, NullSemantics) {
  EXPECT_EQ(Eval("NULL + 1, NULL = NULL, NULL AND false, NULL OR true, NULL AND true, NOT NULL"),
            "NULL|NULL|false|true|NULL|NULL");
  EXPECT_EQ(Eval("1 IN (2, NULL), 1 IN (1, NULL), 3 NOT IN (1, 2), NULL IS NULL, 1 IS NOT NULL"),
            "NULL|true|true|true|true");
  EXPECT_EQ(Eval("coalesce(NULL, NULL, 3), concat('a', NULL, 'b'), 'a' || NULL"), "3|ab|NULL");
}

TEST(FunctionsTest, TimeFunctions) {
  EXPECT_EQ(Eval("from_unixtime(1700000000), to_timestamp(1700000000.5)"),
            "2023-11-14 22:13:20|2023-11-14 22:13:20.5");
  EXPECT_EQ(Eval("date_trunc('hour', TIMESTAMP '2024-03-05 17:45:12'), date_trunc('month', DATE "
                 "'2024-03-05')"),
            "2024-03-05 17:00:00|2024-03-01 00:00:00");
  EXPECT_EQ(Eval("date_trunc('week', TIMESTAMP '2024-03-07 01:00:00')"), "2024-03-04 00:00:00");
  EXPECT_EQ(Eval("extract(year FROM TIMESTAMP '2024-03-05 17:45:12'), extract(hour FROM TIMESTAMP "
                 "'2024-03-05 "
                 "17:45:12'), extract(dow FROM DATE '2024-03-05')"),
            "2024|17|2");
  EXPECT_EQ(Eval("now(), now() - INTERVAL '1 hour', TIMESTAMP '2024-01-02' - TIMESTAMP '2024-01-01 "
                 "12:00:00'"),
            "2023-11-14 22:13:20.123456|2023-11-14 21:13:20.123456|12:00:00");
  EXPECT_EQ(Eval("TIMESTAMP '2024-01-01' + INTERVAL 90 MINUTE"), "2024-01-01 01:30:00");
}

TEST(FunctionsTest, MathAndStrings) {
  EXPECT_EQ(Eval("round(2.456, 2), round(-2.5), abs(-3), abs(-1.5), floor(-1.5), ceil(1.2)"),
            "2.46|-3.0|3|1.5|-2.0|2.0");
  EXPECT_EQ(
      Eval(
          "lower('AbC'), upper('abc'), length('héllo'), substr('hello', 2, 3), substr('hello', 3), "
          "substr('hello', -2), substr('hello', 0, 2)"),
      "abc|ABC|5|ell|llo|lo|h");
  EXPECT_EQ(Eval("'abc' LIKE 'a%', 'abc' LIKE '_b_', 'ABC' ILIKE 'a%', 'abc' NOT LIKE '%d'"),
            "true|true|true|true");
  EXPECT_EQ(Eval("CAST('42' AS INTEGER) + 1, CAST(1 AS VARCHAR) || 'x', '1.5'::double"),
            "43|1x|1.5");
  // DOUBLE → integer rounds half to even (DuckDB's nearbyint); text rounds half away from zero.
  EXPECT_EQ(Eval("CAST(2.5 AS INTEGER), CAST(3.5 AS INTEGER), CAST(-2.5 AS BIGINT), CAST('2.5' AS "
                 "INTEGER)"),
            "2|4|-2|3");
  EXPECT_EQ(
      Eval("CASE WHEN 1 > 2 THEN 'a' WHEN 2 > 1 THEN 'b' END, CASE 3 WHEN 1 THEN 'x' ELSE 'y' END"),
      "b|y");
}

TEST(FunctionsTest, BinderErrors) {
  EXPECT_NE(Eval("lowr('a')").find("function lowr() does not exist; did you mean lower()?"),
            std::string::npos);
  EXPECT_NE(Eval("1 + 'abc'").find("Conversion Error: could not convert 'abc' to DOUBLE"),
            std::string::npos);
  EXPECT_NE(Eval("date_trunc('fortnight', now())").find("unknown date part 'fortnight'"),
            std::string::npos);
  EXPECT_NE(Eval("NOT 1").find("NOT needs a BOOLEAN"), std::string::npos);
}

TEST(FunctionsTest, LikeMatch) {
  EXPECT_TRUE(LikeMatch("", "%"));
  EXPECT_TRUE(LikeMatch("abcabc", "%abc"));
  EXPECT_FALSE(LikeMatch("abcab", "%abc"));
  EXPECT_TRUE(LikeMatch("a%c", "a_c"));
  EXPECT_FALSE(LikeMatch("ac", "a_c"));
}

}  // namespace
}  // namespace floe::query
