// POST /api/query: runs one SQL statement over the server's tables.
// Request: {"sql": "...", "bucket": "optional default bucket", "snapshot_only":
// false, "format": "table|csv|json|ndjson"}. Tables fed by the server's delivery streams are read
// with their acknowledged, not yet committed rows unless snapshot_only. Response:
// {"columns": [{"name", "type"}], "rows": [[...]], "stats": {"rows",
// "elapsed_ms", "peak_memory_bytes"}}, or with "format" the printed result
// (headers X-Floe-Rows and X-Floe-Elapsed-Ms); errors as {"error": {"type",
// "message"}} with 400 (bad SQL), 403 (a grant is missing: "Permission Error: ..."),
// 404 (unknown table) or 422 (memory limit).
#pragma once

#include "floe/ingest/stream_manager.h"
#include "floe/server/context.h"

namespace httplib {
class Server;
}

namespace floe::server {

void RegisterQueryApi(httplib::Server* http, const ServerContext* context,
                      ingest::StreamManager* streams);

}  // namespace floe::server
