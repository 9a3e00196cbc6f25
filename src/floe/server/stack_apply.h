// Applying a stack (floe::stack) to a running server: plan what differs
// between the file and what exists, create or update it idempotently,
// destroy it, and report its outputs. What a stack applied is remembered in
// the catalog (setting kind "stack": its file's text), so resources dropped
// from the file are removed on the next apply and destroy knows what to remove.
//
// Creation order: table bucket, bucket maintenance, namespaces, tables (and
// their maintenance), delivery streams, generators; removal runs backwards.
// Tables only grow: new optional columns are added; other schema or
// partitioning changes are conflicts, and a plan with a conflict applies nothing.
#pragma once

#include <string>
#include <vector>

#include "floe/base/status.h"
#include "floe/iceberg/json.h"
#include "floe/ingest/stream_manager.h"
#include "floe/server/context.h"
#include "floe/server/generators.h"
#include "floe/stack/stack.h"

namespace floe::server {

inline constexpr char kStackKind[] = "stack";

struct StackChange {
  std::string action;  // create, update, replace, delete, keep, conflict, unchanged
  std::string kind;    // table bucket, namespace, table, table maintenance, ...
  std::string name;
  std::string detail;
};

iceberg::Json ChangesToJson(const std::vector<StackChange>& changes);

class StackApplier {
 public:
  // `base_url` is the server's own URL, for outputs.
  StackApplier(const ServerContext* context, ingest::StreamManager* streams,
               GeneratorHost* generators, std::string base_url)
      : ctx_(context), streams_(streams), generators_(generators), base_url_(std::move(base_url)) {}

  void set_base_url(std::string url) { base_url_ = std::move(url); }

  // What Apply would do; changes nothing.
  Result<std::vector<StackChange>> Plan(const stack::Stack& s);
  // FailedPrecondition (naming the conflicts) and nothing changed when the
  // plan has one.
  Result<std::vector<StackChange>> Apply(const stack::Stack& s, const std::string& text);
  // Removes what the stack named `name` created: tables and their data,
  // streams (after delivering their buffers), generators, and the buckets and
  // namespaces left empty. NotFound when no such stack was applied.
  Result<std::vector<StackChange>> Destroy(const std::string& name, bool dry_run);
  // {"stacks": [{"name", "outputs": {...}}]}.
  Result<iceberg::Json> Outputs();

 private:
  Status Reconcile(const stack::Stack& s, const stack::Stack* previous, bool execute,
                   std::vector<StackChange>* out);
  Result<std::optional<stack::Stack>> Previous(const std::string& name);
  iceberg::Json StreamRequest(const stack::Stack& s, const stack::Stream& st) const;
  Status DropTable(const std::string& bucket, const std::string& ns, const std::string& name);

  const ServerContext* ctx_;
  ingest::StreamManager* streams_;
  GeneratorHost* generators_;
  std::string base_url_;
};

}  // namespace floe::server
