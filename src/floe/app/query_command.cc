#include "floe/app/query_command.h"

#include "floe/app/query_session.h"
#include "floe/app/query_shell.h"

namespace floe::app {

void AddQueryCommand(CLI::App& app, int* exit_code) {
  auto* cmd = app.add_subcommand(
      "query",
      "Run SQL over the tables of a data directory or a running server (see docs/sql.md); "
      "without a statement, an interactive shell (or the statements on stdin)");
  auto* a = new QueryArgs;
  cmd->add_option("SQL", a->sql, "The statement, e.g. \"SELECT * FROM ns.table LIMIT 10\"");
  auto* data = cmd->add_option("--data", a->data,
                               "Data directory (catalog.db, tables/); default ./floe-data");
  cmd->add_option("--endpoint", a->endpoint,
                  "Run on the floe server at this URL (e.g. http://127.0.0.1:9099), which also "
                  "sees records its delivery streams acknowledged but have not committed yet")
      ->excludes(data);
  cmd->add_flag("--snapshot-only", a->snapshot_only,
                "Read committed snapshots only, not acknowledged records still buffered "
                "(session setting: SET snapshot_only = true)");
  cmd->add_option("--bucket", a->bucket,
                  "Table bucket for namespace.table names (default: the only bucket)");
  cmd->add_option("--format", a->format, "Output: table (default), csv, json or ndjson")
      ->check(CLI::IsMember({"table", "csv", "json", "ndjson"}));
  cmd->add_option("--threads", a->threads, "Scan threads (default: one per core)")
      ->check(CLI::Range(1, 256));
  cmd->add_option("--memory-limit", a->memory_limit_mb, "Query memory limit in MiB (default 2048)")
      ->check(CLI::PositiveNumber);
  cmd->add_flag("-q,--quiet", a->quiet, "Do not print the row count and time on stderr");
  cmd->callback([=] {
    QuerySession session(*a);
    if (!session.Init()) {
      *exit_code = 2;
      return;
    }
    if (a->sql.empty()) {
      *exit_code = RunShell(&session);
    } else {
      *exit_code = session.Run(a->sql) ? 0 : 1;
    }
  });
}

}  // namespace floe::app
