// Narrowing a selection by a term gives exactly the rows where evaluating the
// term gives TRUE, for every operator, type, constant side, NULLs and
// dictionary form.
#include "floe/query/filter_select.h"

#include <gtest/gtest.h>

#include <memory>
#include <random>

#include "floe/query/functions.h"

namespace floe::query {
namespace {

// Columns: i BIGINT, d DOUBLE, s VARCHAR (plain), c VARCHAR (dictionary), all with NULLs.
Chunk RandomChunk(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  auto dict = std::make_shared<std::vector<std::string>>(
      std::vector<std::string>{"attic", "lab", "office", "roof", ""});
  Chunk c;
  c.rows = static_cast<int64_t>(n);
  Vector i(DataType::kBigint), d(DataType::kDouble), s(DataType::kVarchar), k(DataType::kVarchar);
  for (size_t r = 0; r < n; ++r) {
    const bool null = rng() % 7 == 0;
    i.Append(null ? Value::Null(DataType::kBigint) : Value::Int(static_cast<int64_t>(rng() % 9)));
    d.Append(rng() % 9 == 0 ? Value::Null(DataType::kDouble)
                            : Value::Double(static_cast<double>(rng() % 40) / 4.0));
    s.Append(rng() % 8 == 0 ? Value::Null(DataType::kVarchar)
                            : Value::String((*dict)[rng() % dict->size()]));
    k.codes.push_back(static_cast<uint32_t>(rng() % dict->size()));
    k.valid.push_back(rng() % 6 == 0 ? 0 : 1);
  }
  k.length = static_cast<int64_t>(n);
  k.dict = dict;
  c.columns = {std::move(i), std::move(d), std::move(s), std::move(k)};
  return c;
}

std::vector<uint32_t> ByEvaluate(const BoundExpr& e, const Chunk& in) {
  Vector mask;
  EXPECT_TRUE(Evaluate(e, in, &mask).ok());
  std::vector<uint32_t> sel;
  SelectTrue(mask, &sel);
  return sel;
}

// Starts from every other row, so the narrowing also honors the input selection.
std::vector<uint32_t> ByNarrowing(const BoundExpr& e, const Chunk& in, bool* handled) {
  std::vector<uint32_t> sel;
  for (uint32_t r = 0; r < static_cast<uint32_t>(in.rows); r += 2) sel.push_back(r);
  *handled = NarrowSelection(e, in, &sel);
  return sel;
}

std::vector<uint32_t> EveryOther(const std::vector<uint32_t>& rows) {
  std::vector<uint32_t> out;
  for (uint32_t r : rows) {
    if (r % 2 == 0) out.push_back(r);
  }
  return out;
}

BoundPtr Column(int c) {
  static const DataType kTypes[] = {DataType::kBigint, DataType::kDouble, DataType::kVarchar,
                                    DataType::kVarchar};
  return MakeColumn(c, kTypes[c], "c" + std::to_string(c));
}

TEST(FilterSelectTest, ComparisonsMatchEvaluation) {
  const Chunk in = RandomChunk(5000, 7);
  const std::vector<std::pair<int, Value>> cases = {
      {0, Value::Int(4)},           {1, Value::Double(5.0)}, {2, Value::String("lab")},
      {3, Value::String("office")}, {3, Value::String("")},  {0, Value::Null(DataType::kBigint)}};
  for (const char* op : {"=", "<>", "<", "<=", ">", ">="}) {
    for (const auto& [col, k] : cases) {
      for (bool constant_first : {false, true}) {
        auto e = constant_first ? BindOperator(op, MakeConstant(k), Column(col))
                                : BindOperator(op, Column(col), MakeConstant(k));
        ASSERT_TRUE(e.ok()) << e.status().ToString();
        bool handled = false;
        auto got = ByNarrowing(**e, in, &handled);
        EXPECT_TRUE(handled) << (*e)->ToString();
        EXPECT_EQ(got, EveryOther(ByEvaluate(**e, in))) << (*e)->ToString();
      }
    }
  }
}

TEST(FilterSelectTest, InListsAndNullTestsMatchEvaluation) {
  const Chunk in = RandomChunk(5000, 11);
  auto in_list = [](int col, std::vector<Value> values, bool negated) {
    auto e = std::make_unique<BoundExpr>();
    e->kind = BoundExpr::Kind::kIn;
    e->type = DataType::kBoolean;
    e->negated = negated;
    e->args.push_back(Column(col));
    for (auto& v : values) e->args.push_back(MakeConstant(v));
    PrepareIn(e.get());
    return e;
  };
  std::vector<BoundPtr> exprs;
  for (bool neg : {false, true}) {
    exprs.push_back(in_list(0, {Value::Int(1), Value::Int(5)}, neg));
    exprs.push_back(in_list(0, {Value::Int(1), Value::Null(DataType::kBigint)}, neg));
    exprs.push_back(in_list(1, {Value::Double(2.5), Value::Double(9.75)}, neg));
    exprs.push_back(in_list(2, {Value::String("lab"), Value::String("roof")}, neg));
    exprs.push_back(in_list(3, {Value::String("lab"), Value::String("")}, neg));
    exprs.push_back(in_list(3, {Value::String("attic"), Value::Null(DataType::kVarchar)}, neg));
    for (int col = 0; col < 4; ++col) {
      auto e = std::make_unique<BoundExpr>();
      e->kind = BoundExpr::Kind::kIsNull;
      e->type = DataType::kBoolean;
      e->negated = neg;
      e->args.push_back(Column(col));
      exprs.push_back(std::move(e));
    }
  }
  for (const auto& e : exprs) {
    bool handled = false;
    auto got = ByNarrowing(*e, in, &handled);
    EXPECT_TRUE(handled) << e->ToString();
    EXPECT_EQ(got, EveryOther(ByEvaluate(*e, in))) << e->ToString();
  }
}

TEST(FilterSelectTest, OtherShapesAreLeftToEvaluate) {
  const Chunk in = RandomChunk(100, 3);
  auto sum = BindOperator("+", Column(0), MakeConstant(Value::Int(1)));
  ASSERT_TRUE(sum.ok());
  auto cmp = BindOperator(">", std::move(*sum), MakeConstant(Value::Int(3)));
  ASSERT_TRUE(cmp.ok());
  std::vector<uint32_t> sel = {0, 1, 2};
  EXPECT_FALSE(NarrowSelection(**cmp, in, &sel));
  EXPECT_EQ(sel, (std::vector<uint32_t>{0, 1, 2}));
}

}  // namespace
}  // namespace floe::query
