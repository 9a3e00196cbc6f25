#include "floe/query/engine.h"

#include "floe/query/operator.h"
#include "floe/query/parser.h"
#include "floe/query/planner.h"
#include "floe/query/resolver.h"

namespace floe::query {

Result<QueryResult> ExecuteQuery(std::string_view sql, const QueryOptions& options) {
  storage::FileIO* io = options.io ? options.io : storage::LocalFileIO::Default();
  Clock* clock = options.clock ? options.clock : SystemClock::Default();
  FLOE_ASSIGN_OR_RETURN(Statement st, ParseStatement(sql));
  MemoryTracker memory(options.memory_limit_bytes);
  TableResolver resolver(io, clock,
                         ResolverOptions{options.data_dir, options.bucket, options.threads,
                                         options.catalog, options.fresh, options.snapshot_only});
  Planner planner(sql, &resolver, clock, &memory, options.threads);
  FLOE_ASSIGN_OR_RETURN(PlannedQuery plan, planner.Plan(*st.select));

  QueryResult result;
  Chunk chunk;
  int64_t executed_rows = 0;
  while (true) {
    FLOE_ASSIGN_OR_RETURN(bool more, plan.root->Next(&chunk));
    if (!more) break;
    if (chunk.rows == 0) continue;
    executed_rows += chunk.rows;
    if (st.explain) continue;
    int64_t bytes = 0;
    for (const auto& c : chunk.columns) bytes += c.MemoryBytes();
    FLOE_RETURN_IF_ERROR(memory.Grow(bytes, "the query result"));
    result.rows += chunk.rows;
    result.chunks.push_back(std::move(chunk));
    chunk = Chunk();
  }
  if (st.explain) {
    result.names = {"plan"};
    result.types = {DataType::kVarchar};
    std::string text = ExplainTree(*plan.root);
    Chunk out;
    out.columns.emplace_back(DataType::kVarchar);
    size_t pos = 0;
    while (pos < text.size()) {
      size_t nl = text.find('\n', pos);
      out.columns[0].Append(Value::String(text.substr(pos, nl - pos)));
      pos = nl + 1;
    }
    out.columns[0].Append(Value::String("result rows: " + std::to_string(executed_rows)));
    out.rows = out.columns[0].length;
    result.rows = out.rows;
    result.chunks.push_back(std::move(out));
  } else {
    result.names = plan.names;
    result.types = plan.types;
  }
  result.peak_memory_bytes = memory.peak();
  return result;
}

}  // namespace floe::query
