#include "floe/query/parser.h"

#include <gtest/gtest.h>

namespace floe::query {
namespace {

std::string Where(const std::string& sql) {
  auto st = ParseStatement(sql);
  EXPECT_TRUE(st.ok()) << st.status().ToString();
  return st.ok() && st->select->where ? st->select->where->ToString() : "";
}

TEST(ParserTest, Precedence) {
  EXPECT_EQ(Where("SELECT 1 WHERE a + b * c > 2 AND NOT d OR e"),
            "((((a + (b * c)) > 2) AND (NOT d)) OR e)");
  EXPECT_EQ(Where("SELECT 1 WHERE a - -b // 2 = 1"), "((a - (-b // 2)) = 1)");
  EXPECT_EQ(Where("SELECT 1 WHERE x NOT BETWEEN 1 AND 2 AND y IN (1, 2) AND z NOT LIKE 'a%'"),
            "(((x NOT BETWEEN 1 AND 2) AND (y IN (1, 2))) AND (z NOT LIKE 'a%'))");
  EXPECT_EQ(Where("SELECT 1 WHERE s || 'x' ILIKE 'A%' AND t IS NOT NULL"),
            "(((s || 'x') ILIKE 'A%') AND (t IS NOT NULL))");
  EXPECT_EQ(Where("SELECT 1 WHERE CAST(a AS BIGINT) = a::double"),
            "(CAST(a AS BIGINT) = CAST(a AS DOUBLE))");
}

TEST(ParserTest, SelectClauses) {
  auto st = ParseStatement(
      "WITH w AS (SELECT 1 AS one) SELECT DISTINCT t.a AS x, count(*), count(DISTINCT b) "
      "FROM b1.ns.tbl FOR VERSION AS OF 12 AS t LEFT JOIN read_parquet('f/*.parquet') p ON t.a = "
      "p.a "
      "WHERE a > 1 GROUP BY 1, b HAVING count(*) > 2 ORDER BY x DESC NULLS FIRST, 2 LIMIT 10 "
      "OFFSET 5;");
  ASSERT_TRUE(st.ok()) << st.status().ToString();
  const SelectStmt& s = *st->select;
  EXPECT_EQ(s.ctes.size(), 1u);
  EXPECT_TRUE(s.distinct);
  ASSERT_EQ(s.items.size(), 3u);
  EXPECT_EQ(s.items[0].alias, "x");
  EXPECT_EQ(s.items[1].expr->ToString(), "count_star()");
  EXPECT_EQ(s.items[2].expr->ToString(), "count(DISTINCT b)");
  ASSERT_EQ(s.from->kind, TableRef::Kind::kJoin);
  EXPECT_EQ(s.from->join_type, JoinType::kLeft);
  EXPECT_EQ(s.from->left->name, (std::vector<std::string>{"b1", "ns", "tbl"}));
  EXPECT_EQ(s.from->left->version_as_of, 12);
  EXPECT_EQ(s.from->left->alias, "t");
  EXPECT_EQ(s.from->right->kind, TableRef::Kind::kReadParquet);
  EXPECT_EQ(s.from->right->path, "f/*.parquet");
  EXPECT_EQ(s.group_by.size(), 2u);
  ASSERT_EQ(s.order_by.size(), 2u);
  EXPECT_TRUE(s.order_by[0].desc);
  EXPECT_EQ(s.order_by[0].nulls_first, true);
  EXPECT_EQ(s.limit, 10);
  EXPECT_EQ(s.offset, 5);
}

TEST(ParserTest, QuotedMetadataTableAndUnion) {
  auto st = ParseStatement("SELECT * FROM ns.\"t$snapshots\" UNION ALL SELECT * FROM ns.t");
  ASSERT_TRUE(st.ok()) << st.status().ToString();
  EXPECT_EQ(st->select->from->name.back(), "t$snapshots");
  ASSERT_EQ(st->select->set_ops.size(), 1u);
  EXPECT_EQ(st->select->set_ops[0].kind, SetOpKind::kUnionAll);
}

TEST(ParserTest, IntersectBindsTighterThanUnionAndExcept) {
  auto st = ParseStatement(
      "SELECT 1 UNION SELECT 2 INTERSECT SELECT 3 EXCEPT ALL SELECT 4 INTERSECT ALL SELECT 5");
  ASSERT_TRUE(st.ok()) << st.status().ToString();
  // 1 UNION (2 INTERSECT 3) EXCEPT ALL (4 INTERSECT ALL 5), left to right.
  const auto& ops = st->select->set_ops;
  ASSERT_EQ(ops.size(), 2u);
  EXPECT_EQ(ops[0].kind, SetOpKind::kUnion);
  ASSERT_EQ(ops[0].stmt->set_ops.size(), 1u);
  EXPECT_EQ(ops[0].stmt->set_ops[0].kind, SetOpKind::kIntersect);
  EXPECT_EQ(ops[1].kind, SetOpKind::kExceptAll);
  ASSERT_EQ(ops[1].stmt->set_ops.size(), 1u);
  EXPECT_EQ(ops[1].stmt->set_ops[0].kind, SetOpKind::kIntersectAll);
}

TEST(ParserTest, AParenthesizedLimitStaysInside) {
  auto st = ParseStatement("(SELECT 1 LIMIT 1) UNION ALL SELECT 2 ORDER BY 1 LIMIT 5");
  ASSERT_TRUE(st.ok()) << st.status().ToString();
  const SelectStmt& s = *st->select;
  EXPECT_EQ(s.limit, 5);
  ASSERT_NE(s.from, nullptr);
  ASSERT_EQ(s.from->kind, TableRef::Kind::kSubquery);
  EXPECT_EQ(s.from->subquery->limit, 1);
}

TEST(ParserTest, ErrorsHaveLineColumnAndCaret) {
  auto st = ParseStatement("SELECT a,\n  b FORM t");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.status().message(),
            "Parser Error: syntax error at or near \"t\" (line 2, column 10)\n"
            "LINE 2:   b FORM t\n"
            "                 ^");
  auto missing = ParseStatement("SELECT * FROM");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("expected a table name but found end of input"),
            std::string::npos);
  auto no_select = ParseStatement("SELECT 1 EXCEPT ALL 2");
  ASSERT_FALSE(no_select.ok());
  EXPECT_NE(no_select.status().message().find("(line 1, column 21)"), std::string::npos)
      << no_select.status().message();
}

}  // namespace
}  // namespace floe::query
