#include "floe/app/query_command.h"

#include <chrono>
#include <cstdio>
#include <thread>

#include "floe/query/engine.h"
#include "floe/query/format.h"

namespace floe::app {
namespace {

struct QueryArgs {
  std::string data = "./floe-data";
  std::string bucket;
  std::string format = "table";
  int threads = 0;
  int64_t memory_limit_mb = 2048;
  std::string sql;
};

int RunQuery(const QueryArgs& a) {
  auto format = query::ParseOutputFormat(a.format);
  if (!format.ok()) {
    std::fprintf(stderr, "floe: %s\n", format.status().message().c_str());
    return 2;
  }
  query::QueryOptions options;
  options.data_dir = a.data;
  options.bucket = a.bucket;
  unsigned hw = std::thread::hardware_concurrency();
  options.threads = a.threads > 0 ? a.threads : static_cast<int>(hw == 0 ? 2 : hw);
  options.memory_limit_bytes = a.memory_limit_mb * 1024 * 1024;
  auto start = std::chrono::steady_clock::now();
  auto result = query::ExecuteQuery(a.sql, options);
  if (!result.ok()) {
    std::fprintf(stderr, "%s\n", result.status().message().c_str());
    return 1;
  }
  std::string text = query::FormatResult(*result, *format);
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (*format == query::OutputFormat::kTable) {
    std::fprintf(stderr, "(%lld row%s, %.3f s)\n", static_cast<long long>(result->rows),
                 result->rows == 1 ? "" : "s", secs);
  }
  return 0;
}

}  // namespace

void AddQueryCommand(CLI::App& app, int* exit_code) {
  auto* cmd = app.add_subcommand(
      "query", "Run a SQL SELECT over the data directory's tables (see docs/sql.md)");
  auto* a = new QueryArgs;
  cmd->add_option("SQL", a->sql, "The statement, e.g. \"SELECT * FROM ns.table LIMIT 10\"")
      ->required();
  cmd->add_option("--data", a->data, "Data directory (catalog.db, tables/); default ./floe-data");
  cmd->add_option("--bucket", a->bucket,
                  "Table bucket for namespace.table names (default: the only bucket)");
  cmd->add_option("--format", a->format, "Output: table (default), csv, json or ndjson")
      ->check(CLI::IsMember({"table", "csv", "json", "ndjson"}));
  cmd->add_option("--threads", a->threads, "Scan threads (default: one per core)")
      ->check(CLI::Range(1, 256));
  cmd->add_option("--memory-limit", a->memory_limit_mb, "Query memory limit in MiB (default 2048)")
      ->check(CLI::PositiveNumber);
  cmd->callback([=] { *exit_code = RunQuery(*a); });
}

}  // namespace floe::app
