// Test helpers: a catalog table in a temporary folder and small appends of
// (id long, kind string, v double) rows, partitioned by identity(kind).
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "floe/base/uuid.h"
#include "floe/catalog/catalog_pointer.h"
#include "floe/catalog/sqlite_catalog.h"
#include "floe/format/parquet/file_writer.h"
#include "floe/iceberg/parquet_metrics.h"
#include "floe/iceberg/parquet_schema.h"
#include "floe/iceberg/partitioner.h"
#include "floe/iceberg/table.h"
#include "floe/iceberg/table_reader.h"
#include "floe/maintenance/jobs.h"

namespace floe::maintenance::testing {

namespace fs = std::filesystem;

inline fs::path TempDir(const std::string& tag) {
  fs::path dir =
      fs::temp_directory_path() / ("floe_maint_" + tag + "_" + std::to_string(::getpid()) + "_" +
                                   ::testing::UnitTest::GetInstance()->current_test_info()->name());
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

inline iceberg::Schema RowSchema() {
  return *iceberg::SchemaFromJson(R"({"type":"struct","fields":[
    {"id":1,"name":"id","required":false,"type":"long"},
    {"id":2,"name":"kind","required":false,"type":"string"},
    {"id":3,"name":"v","required":false,"type":"double"}]})");
}

// Creates bucket "demo", namespace "ns" (if missing) and table `name` under `root`.
inline std::unique_ptr<iceberg::Table> CreateTable(catalog::Catalog* c, Clock* clock,
                                                   const fs::path& root, const std::string& name,
                                                   bool partitioned = true) {
  (void)c->CreateBucket("demo");
  (void)c->CreateNamespace("demo", "ns");
  std::string location = (root / name).string();
  iceberg::Schema schema = RowSchema();
  auto spec = partitioned ? *iceberg::PartitionSpecBuilder(schema).Identity("kind").Build()
                          : iceberg::PartitionSpec::Unpartitioned();
  auto t = iceberg::Table::Create(storage::LocalFileIO::Default(),
                                  catalog::NewCatalogPointer(c, "demo", "ns", name, location),
                                  clock, location, schema, spec);
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  return t.ok() ? std::move(*t) : nullptr;
}

// Appends rows id in [first, first + n) (kind "k<id % kinds>", v = id / 2.0),
// one data file per partition, in one commit.
inline Status AppendRows(iceberg::Table* table, int64_t first, int64_t n, int kinds = 2) {
  FLOE_RETURN_IF_ERROR(table->Refresh());
  const iceberg::TableMetadata& md = table->metadata();
  FLOE_ASSIGN_OR_RETURN(parquet::Schema ps, iceberg::ToParquetSchema(*md.CurrentSchema()));
  std::vector<parquet::ColumnVector> cols{parquet::ColumnVector(parquet::PhysicalType::kInt64),
                                          parquet::ColumnVector(parquet::PhysicalType::kByteArray),
                                          parquet::ColumnVector(parquet::PhysicalType::kDouble)};
  for (int64_t id = first; id < first + n; ++id) {
    cols[0].AppendInt64(id);
    cols[1].AppendBytes("k" + std::to_string(id % kinds));
    cols[2].AppendDouble(static_cast<double>(id) / 2.0);
  }
  FLOE_ASSIGN_OR_RETURN(auto parts,
                        iceberg::SplitByPartition(*md.CurrentSchema(), *md.DefaultSpec(), cols));
  std::vector<iceberg::DataFile> files;
  for (auto& part : parts) {
    std::string path = md.location + "/data/" + Uuid::Random().ToString() + ".parquet";
    FLOE_ASSIGN_OR_RETURN(auto out, table->io()->OpenWrite(path));
    FLOE_ASSIGN_OR_RETURN(auto w, parquet::FileWriter::Open(std::move(out), ps));
    FLOE_RETURN_IF_ERROR(w->WriteBatch(part.columns));
    FLOE_ASSIGN_OR_RETURN(parquet::WriteResult r, w->Close());
    FLOE_ASSIGN_OR_RETURN(iceberg::DataFile f,
                          iceberg::DataFileFromParquet(path, r, ps, *md.CurrentSchema()));
    f.partition = part.partition;
    files.push_back(std::move(f));
  }
  return iceberg::FastAppend(table, std::move(files), {}, 50).status();
}

struct TableTotals {
  int64_t rows = 0;
  int64_t id_sum = 0;
  double v_sum = 0;
  int files = 0;
};

// Row count and sums over the current snapshot, read through the table reader.
inline TableTotals Totals(iceberg::Table* table) {
  TableTotals t;
  EXPECT_TRUE(table->Refresh().ok());
  auto plan = iceberg::PlanScan(table->io(), table->metadata(), iceberg::ScanRequest{});
  EXPECT_TRUE(plan.ok()) << plan.status().ToString();
  t.files = static_cast<int>(plan->tasks.size());
  auto read = iceberg::ReadTable(table->io(), table->metadata(), *plan, {1, 3},
                                 [&](const std::vector<parquet::ColumnVector>& b) {
                                   for (int64_t i = 0; i < b[0].length; ++i) {
                                     t.id_sum += b[0].i64[static_cast<size_t>(i)];
                                     t.v_sum += b[1].f64[static_cast<size_t>(i)];
                                   }
                                   return Status::OK();
                                 });
  EXPECT_TRUE(read.ok()) << read.status().ToString();
  t.rows = read.ok() ? read->rows : -1;
  return t;
}

}  // namespace floe::maintenance::testing
