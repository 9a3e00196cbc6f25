#include "floe/iceberg/partitioner.h"

#include <gtest/gtest.h>

namespace floe::iceberg {
namespace {

TEST(PartitionerTest, GroupsRowsByTransformedSourceValues) {
  auto schema = SchemaFromJson(R"({"type":"struct","fields":[
    {"id":1,"name":"kind","required":false,"type":"string"},
    {"id":2,"name":"at","required":false,"type":"timestamptz"},
    {"id":3,"name":"n","required":false,"type":"int"}]})");
  ASSERT_TRUE(schema.ok());
  auto spec = PartitionSpecBuilder(*schema).Identity("kind").Day("at").Build();
  ASSERT_TRUE(spec.ok());
  parquet::ColumnVector kind(parquet::PhysicalType::kByteArray), at(parquet::PhysicalType::kInt64),
      n(parquet::PhysicalType::kInt32);
  const int64_t day = 86400000000;
  // (a, day 0) x2, (b, day 0), (a, day 1), (null, day 1)
  kind.AppendBytes("a");
  at.AppendInt64(5);
  n.AppendInt32(1);
  kind.AppendBytes("b");
  at.AppendInt64(6);
  n.AppendInt32(2);
  kind.AppendBytes("a");
  at.AppendInt64(day + 1);
  n.AppendInt32(3);
  kind.AppendBytes("a");
  at.AppendInt64(day - 1);
  n.AppendInt32(4);
  kind.AppendNull();
  at.AppendInt64(day + 2);
  n.AppendInt32(5);
  auto parts = SplitByPartition(*schema, *spec, {kind, at, n});
  ASSERT_TRUE(parts.ok()) << parts.status().ToString();
  ASSERT_EQ(parts->size(), 4u);
  const auto& first = (*parts)[0];
  EXPECT_EQ(first.partition[0]->bytes_value(), "a");
  EXPECT_EQ(first.partition[1]->int_value(), 0);
  ASSERT_EQ(first.columns[2].length, 2);
  EXPECT_EQ(first.columns[2].i32, (std::vector<int32_t>{1, 4}));
  EXPECT_FALSE((*parts)[3].partition[0].has_value());
  EXPECT_EQ((*parts)[3].partition[1]->int_value(), 1);
  int64_t total = 0;
  for (const auto& p : *parts) total += p.columns[0].length;
  EXPECT_EQ(total, 5);
  // Unpartitioned: one batch, the input itself.
  auto one = SplitByPartition(*schema, PartitionSpec::Unpartitioned(), {kind, at, n});
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->size(), 1u);
  EXPECT_EQ((*one)[0].columns[0].length, 5);
}

}  // namespace
}  // namespace floe::iceberg
