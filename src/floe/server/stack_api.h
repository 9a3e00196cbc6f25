// The stack API, what floe plan / apply / destroy / output call:
//   POST /api/stack/plan     {"text": YAML, "file": name for errors} → {"stack", "changes"}
//   POST /api/stack/apply    same request → {"stack", "changes"}; 409 on a conflict
//   POST /api/stack/destroy  {"name", "dry_run"} → {"stack", "changes"}
//   GET  /api/stacks         {"stacks": [{"name", "outputs"}]}
// Errors: {"error": {"type", "message"}}; InvalidStack (400) names the line.
#pragma once

#include "floe/server/stack_apply.h"

namespace httplib {
class Server;
}

namespace floe::server {

void RegisterStackApi(httplib::Server* http, StackApplier* applier);

}  // namespace floe::server
