#include "floe/iceberg/sort_order.h"

#include <gtest/gtest.h>

#include "floe/iceberg/json.h"

namespace floe::iceberg {
namespace {

Schema TestSchema() {
  auto s = Schema::Make(0, {
                               {1, "id", true, TypeId::kLong, ""},
                               {2, "data", false, TypeId::kString, ""},
                               {3, "ts", false, TypeId::kTimestamp, ""},
                               {4, "tags", false, Type::List(5, true, TypeId::kString), ""},
                           });
  EXPECT_TRUE(s.ok());
  return *s;
}

TEST(SortOrderTest, UnsortedIsOrderZero) {
  SortOrder unsorted;
  EXPECT_EQ(unsorted.order_id(), 0);
  EXPECT_TRUE(unsorted.IsUnsorted());
  EXPECT_TRUE(unsorted.Validate(TestSchema()).ok());
  EXPECT_EQ(SortOrderToJsonValue(unsorted).dump(), R"({"order-id":0,"fields":[]})");
  EXPECT_FALSE(SortOrder::Make(TestSchema(), 1, {}).ok());
  EXPECT_FALSE(
      SortOrder::Make(TestSchema(), 0,
                      {{Transform::Identity(), 1, SortDirection::kAsc, NullOrder::kNullsFirst}})
          .ok());
}

TEST(SortOrderTest, JsonRoundTripsAsInTheSpec) {
  // Appendix C's example fields.
  const char* text = R"({"order-id":1,"fields":[
    {"transform":"identity","source-id":2,"direction":"asc","null-order":"nulls-first"},
    {"transform":"bucket[4]","source-id":3,"direction":"desc","null-order":"nulls-last"}]})";
  auto order = SortOrderFromJsonValue(Json::parse(text));
  ASSERT_TRUE(order.ok()) << order.status().ToString();
  EXPECT_EQ(order->order_id(), 1);
  ASSERT_EQ(order->fields().size(), 2u);
  EXPECT_EQ(order->fields()[1],
            (SortField{Transform::Bucket(4), 3, SortDirection::kDesc, NullOrder::kNullsLast}));
  EXPECT_TRUE(order->Validate(TestSchema()).ok());
  Json out = SortOrderToJsonValue(*order);
  EXPECT_EQ(nlohmann::json::parse(out.dump()), nlohmann::json::parse(text));
  auto again = SortOrderFromJsonValue(out);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *order);
  EXPECT_TRUE(again->SameOrder(SortOrder(7, order->fields())));
}

TEST(SortOrderTest, RejectsBadJsonAndBadFields) {
  EXPECT_FALSE(SortOrderFromJsonValue(Json::parse(R"({"fields":[]})")).ok());
  auto dir = SortOrderFromJsonValue(Json::parse(
      R"({"order-id":1,"fields":[{"transform":"identity","source-id":1,"direction":"up","null-order":"nulls-last"}]})"));
  EXPECT_NE(dir.status().message().find("unknown direction \"up\""), std::string::npos);
  auto nulls = SortOrderFromJsonValue(Json::parse(
      R"({"order-id":1,"fields":[{"transform":"identity","source-id":1,"direction":"asc","null-order":"first"}]})"));
  EXPECT_NE(nulls.status().message().find("unknown null-order"), std::string::npos);
  auto missing = SortOrderFromJsonValue(Json::parse(
      R"({"order-id":1,"fields":[{"transform":"identity","source-id":1,"direction":"asc"}]})"));
  EXPECT_FALSE(missing.ok());

  Schema s = TestSchema();
  auto one = [&](Transform t, int32_t source) {
    return SortOrder::Make(s, 1, {{t, source, SortDirection::kAsc, NullOrder::kNullsFirst}})
        .status()
        .message();
  };
  EXPECT_NE(one(Transform::Identity(), 9).find("no such column"), std::string::npos);
  EXPECT_NE(one(Transform::Day(), 2).find("cannot be applied"), std::string::npos);
  EXPECT_NE(one(Transform::Identity(), 4).find("non-primitive"), std::string::npos);
  EXPECT_NE(one(Transform::Identity(), 5).find("inside a list or map"), std::string::npos);
  EXPECT_TRUE(
      SortOrder::Make(s, 1, {{Transform::Day(), 3, SortDirection::kDesc, NullOrder::kNullsLast}})
          .ok());
}

TEST(SortOrderTest, ParsesDirectionAndNullOrderNames) {
  EXPECT_EQ(ParseSortDirection("desc"), SortDirection::kDesc);
  EXPECT_EQ(ParseSortDirection("DESC"), std::nullopt);
  EXPECT_EQ(ParseNullOrder("nulls-last"), NullOrder::kNullsLast);
  EXPECT_EQ(SortDirectionToString(SortDirection::kAsc), "asc");
  EXPECT_EQ(NullOrderToString(NullOrder::kNullsFirst), "nulls-first");
}

}  // namespace
}  // namespace floe::iceberg
