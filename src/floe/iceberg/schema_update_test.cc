#include "floe/iceberg/schema_update.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "floe/format/parquet/file_writer.h"
#include "floe/iceberg/parquet_metrics.h"
#include "floe/iceberg/parquet_schema.h"
#include "floe/iceberg/table.h"
#include "floe/iceberg/table_reader.h"

namespace floe::iceberg {
namespace {

namespace fs = std::filesystem;

Schema Base() {
  auto s = SchemaFromJson(R"({"type":"struct","schema-id":0,"fields":[
    {"id":1,"name":"id","required":true,"type":"int"},
    {"id":2,"name":"v","required":true,"type":"float"},
    {"id":3,"name":"tag","required":false,"type":"string"}]})");
  EXPECT_TRUE(s.ok());
  return *s;
}

TEST(SchemaUpdateTest, AppliesCompatibleChangesAndRejectsOthers) {
  Schema base = Base();
  int32_t last = 0;
  auto evolved = SchemaUpdate(base, 3)
                     .AddColumn("note", TypeId::kString)
                     .RenameColumn("tag", "label")
                     .WidenColumn("id", PrimitiveType::Of(TypeId::kLong))
                     .WidenColumn("v", PrimitiveType::Of(TypeId::kDouble))
                     .MakeOptional("v")
                     .Apply(&last);
  ASSERT_TRUE(evolved.ok()) << evolved.status().ToString();
  EXPECT_EQ(evolved->schema_id(), 1);
  EXPECT_EQ(last, 4);
  EXPECT_EQ(evolved->FindField(4)->name, "note");
  EXPECT_FALSE(evolved->FindField(4)->required);
  EXPECT_EQ(evolved->FindField(3)->name, "label");
  EXPECT_EQ(evolved->FindField(1)->type.primitive().id, TypeId::kLong);
  EXPECT_FALSE(evolved->FindField(2)->required);
  EXPECT_FALSE(SchemaUpdate(base, 3).WidenColumn("id", PrimitiveType::Of(TypeId::kString)).Apply(&last).ok());
  EXPECT_FALSE(SchemaUpdate(base, 3).WidenColumn("tag", PrimitiveType::Of(TypeId::kLong)).Apply(&last).ok());
  EXPECT_FALSE(SchemaUpdate(base, 3).AddColumn("id", TypeId::kInt).Apply(&last).ok());
  EXPECT_FALSE(SchemaUpdate(base, 3).RenameColumn("nope", "x").Apply(&last).ok());
  EXPECT_FALSE(SchemaUpdate(base, 3).RenameColumn("id", "tag").Apply(&last).ok());
  EXPECT_TRUE(CanPromote(PrimitiveType::Decimal(9, 2), PrimitiveType::Decimal(12, 2)));
  EXPECT_FALSE(CanPromote(PrimitiveType::Decimal(9, 2), PrimitiveType::Decimal(12, 3)));
  // A dropped column's id is never reused.
  auto dropped = SchemaUpdate(base, 3).DeleteColumn("tag").AddColumn("tag", TypeId::kLong).Apply(&last);
  ASSERT_TRUE(dropped.ok());
  EXPECT_EQ(dropped->FindFieldByName("tag")->id, 4);
}

// Files written before an evolution read through the new schema: renamed
// columns by id, widened ones promoted, added ones null.
TEST(SchemaUpdateTest, OldFilesReadThroughTheEvolvedSchema) {
  fs::path dir = fs::temp_directory_path() / ("floe_schema_update_test_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  FakeClock clock(1700000000000000);
  auto t = Table::Create(storage::LocalFileIO::Default(), NewVersionHintPointer(dir.string()), &clock, dir.string(),
                         Base(), PartitionSpec::Unpartitioned());
  ASSERT_TRUE(t.ok());
  Table& table = **t;
  auto write = [&](const Schema& schema, std::vector<parquet::ColumnVector> cols) {
    auto ps = ToParquetSchema(schema);
    std::string path = dir.string() + "/data/f" + std::to_string(schema.schema_id()) + ".parquet";
    auto file = storage::LocalFileIO::Default()->OpenWrite(path);
    auto w = parquet::FileWriter::Open(std::move(*file), *ps);
    EXPECT_TRUE((*w)->WriteBatch(cols).ok());
    auto r = (*w)->Close();
    auto df = DataFileFromParquet(path, *r, *ps, schema);
    EXPECT_TRUE(FastAppend(&table, {*df}).ok());
  };
  parquet::ColumnVector id(parquet::PhysicalType::kInt32), v(parquet::PhysicalType::kFloat),
      tag(parquet::PhysicalType::kByteArray);
  id.AppendInt32(7);
  v.AppendFloat(1.5f);
  tag.AppendBytes("old");
  write(Base(), {id, v, tag});

  int32_t last = 0;
  auto evolved = SchemaUpdate(table.metadata().CurrentSchema()[0], table.metadata().last_column_id)
                     .AddColumn("note", TypeId::kString)
                     .RenameColumn("tag", "label")
                     .WidenColumn("id", PrimitiveType::Of(TypeId::kLong))
                     .WidenColumn("v", PrimitiveType::Of(TypeId::kDouble))
                     .Apply(&last);
  ASSERT_TRUE(evolved.ok());
  ASSERT_TRUE(table.Commit({AssertCurrentSchemaId{0}}, {AddSchema{*evolved, last}, SetCurrentSchema{-1}}).ok());
  EXPECT_EQ(table.metadata().current_schema_id, 1);

  parquet::ColumnVector id2(parquet::PhysicalType::kInt64), v2(parquet::PhysicalType::kDouble),
      label(parquet::PhysicalType::kByteArray), note(parquet::PhysicalType::kByteArray);
  id2.AppendInt64(1LL << 40);
  v2.AppendDouble(2.25);
  label.AppendBytes("new");
  note.AppendBytes("hello");
  write(*evolved, {id2, v2, label, note});

  auto plan = PlanScan(table.io(), table.metadata(), ScanRequest{});
  ASSERT_TRUE(plan.ok());
  std::map<int64_t, std::tuple<double, std::string, bool>> rows;
  auto result = ReadTable(table.io(), table.metadata(), *plan, {1, 2, 3, 4}, [&](const std::vector<parquet::ColumnVector>& b) {
    for (int64_t i = 0; i < b[0].length; ++i) {
      rows[b[0].i64[static_cast<size_t>(i)]] = {b[1].f64[static_cast<size_t>(i)], std::string(b[2].Bytes(i)), b[3].IsNull(i)};
    }
    return Status::OK();
  });
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[7], std::make_tuple(1.5, std::string("old"), true));
  EXPECT_EQ(rows[1LL << 40], std::make_tuple(2.25, std::string("new"), false));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace floe::iceberg
