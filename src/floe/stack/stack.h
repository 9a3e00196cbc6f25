// floe::stack — a pipeline described in a stack file (YAML): one table
// bucket with its namespaces and tables, delivery streams into them,
// maintenance settings, IoT generator functions on schedules, and the
// dashboard. docs/stack.md documents the format; examples/stack.yaml is a
// commented example.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "floe/base/status.h"
#include "floe/iceberg/json.h"

namespace floe::stack {

struct Column {
  std::string name;
  std::string type;  // an Iceberg primitive: boolean, int, long, float, double, date,
                     // timestamp, timestamptz, string, uuid, binary, decimal(P,S)
  bool required = false;
};

struct PartitionField {
  std::string column;
  std::string transform = "identity";  // identity, year, month, day, hour, bucket[N], truncate[W]
};

struct TableMaintenance {
  bool compaction = true;
  int target_file_mib = 512;  // 64–512
  bool snapshot_expiry = true;
  int min_snapshots = 1;
  int max_snapshot_age_hours = 120;
};

struct Table {
  std::string ns;
  std::string name;
  std::vector<Column> columns;
  std::vector<PartitionField> partition;
  TableMaintenance maintenance;
  std::string Key() const { return ns + "." + name; }
};

struct Stream {
  std::string name;
  std::vector<std::string> tables;  // "namespace.table"
  int buffer_mib = 5;               // 1–128
  int interval_seconds = 300;       // 0–900
  int retry_seconds = 300;          // 0–7200
  std::string error_bucket;         // default <stack>-errors
  std::string error_prefix = "errors/";
};

struct Generator {
  std::string name;
  std::string stream;
  std::string schedule = "rate(1 minute)";
  int64_t records = 10000;
  double rate = 200;
  int sensors = 10;
  int log_retention_days = 1;
  bool enabled = true;
};

struct Stack {
  std::string name;
  std::string table_bucket;
  std::vector<std::string> namespaces;  // those of the tables are added
  std::vector<Table> tables;
  std::vector<Stream> streams;
  std::vector<Generator> generators;
  bool unreferenced_file_removal = true;
  int unreferenced_days = 3;
  int non_current_days = 10;
  bool dashboard = true;
};

// Parses a stack file's text; `file` names it in errors, which read
// "FILE:LINE:COLUMN: KEY: problem" (InvalidArgument).
Result<Stack> ParseStack(const std::string& text, const std::string& file);
// Reads and parses a file.
Result<Stack> LoadStack(const std::string& path);

// The reference pipeline floe up runs without a stack file, as stack file text.
const std::string& ReferenceStackText();

// The Iceberg schema JSON of a table's columns (field ids from 1, in order).
iceberg::Json SchemaJson(const Table& t);

}  // namespace floe::stack
