// POST /api/query: runs one SQL statement over the server's tables.
// Request: {"sql": "...", "bucket": "optional default bucket"}. Response:
// {"columns": [{"name", "type"}], "rows": [[...]], "stats": {"rows",
// "elapsed_ms", "peak_memory_bytes"}}; errors as {"error": {"type",
// "message"}} with 400 (bad SQL), 404 (unknown table) or 422 (memory limit).
#pragma once

#include "floe/server/context.h"

namespace httplib {
class Server;
}

namespace floe::server {

void RegisterQueryApi(httplib::Server* http, const ServerContext* context);

}  // namespace floe::server
