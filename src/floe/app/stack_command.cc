#include "floe/app/stack_command.h"

#include <httplib.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include "floe/app/endpoint.h"
#include "floe/iceberg/json.h"
#include "floe/stack/stack.h"

namespace floe::app {
namespace {

using iceberg::Json;

struct StackArgs {
  std::string file;
  std::string endpoint = "http://127.0.0.1:9099";
  bool yes = false;
  bool dry_run = false;
  bool verbose = false;
  std::string output;  // floe output NAME
  std::string stack;   // floe output --stack
  bool json = false;
};

const char* Symbol(const std::string& action) {
  if (action == "create") return "+";
  if (action == "update") return "~";
  if (action == "replace") return "-/+";
  if (action == "delete") return "-";
  if (action == "conflict") return "!";
  if (action == "keep") return "=";
  return " ";
}

// Prints changes; returns the count of those that change something.
int PrintChanges(const Json& changes, bool verbose, bool applied) {
  int created = 0, updated = 0, deleted = 0, unchanged = 0, conflicts = 0;
  for (const auto& c : changes) {
    std::string action = c.value("action", "");
    if (action == "create") ++created;
    if (action == "update" || action == "replace") ++updated;
    if (action == "delete") ++deleted;
    if (action == "unchanged") ++unchanged;
    if (action == "conflict") ++conflicts;
    if (action == "unchanged" && !verbose) continue;
    std::string detail = c.value("detail", "");
    std::printf("  %-3s %-18s %s%s%s\n", Symbol(action), c.value("kind", "").c_str(),
                c.value("name", "").c_str(), detail.empty() ? "" : ": ", detail.c_str());
  }
  std::printf("%s%d to create, %d to update, %d to delete, %d unchanged%s.\n",
              applied ? "Applied: " : "Plan: ", created, updated, deleted, unchanged,
              conflicts ? (", " + std::to_string(conflicts) + " in conflict").c_str() : "");
  return created + updated + deleted;
}

// POSTs or GETs; prints errors; nullopt on failure.
std::optional<Json> Call(const StackArgs& a, const std::string& path, const Json* body) {
  auto client = ConnectEndpoint(a.endpoint, 600);  // deleting a stream delivers its buffer first
  if (!client) return std::nullopt;
  auto res = body ? client->Post(path, body->dump(), "application/json") : client->Get(path);
  if (!res) {
    std::fprintf(stderr,
                 "floe: cannot reach %s (%s); start the server with `floe up` or `floe serve`, "
                 "or pass --endpoint\n",
                 a.endpoint.c_str(), httplib::to_string(res.error()).c_str());
    return std::nullopt;
  }
  Json j = Json::parse(res->body, nullptr, false);
  if (res->status != 200) {
    if (j.is_object() && j.contains("error")) {
      std::fprintf(stderr, "floe: %s\n", j["error"].value("message", "").c_str());
    } else {
      std::fprintf(stderr, "floe: HTTP %d from %s%s (is it a floe server?)\n", res->status,
                   a.endpoint.c_str(), path.c_str());
    }
    return std::nullopt;
  }
  return j;
}

// Reads and checks the file locally, so errors show without a server.
std::optional<std::pair<std::string, stack::Stack>> ReadStack(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "floe: cannot read stack file %s\n", file.c_str());
    return std::nullopt;
  }
  std::stringstream buf;
  buf << in.rdbuf();
  auto s = stack::ParseStack(buf.str(), file);
  if (!s.ok()) {
    std::fprintf(stderr, "%s\n", s.status().message().c_str());
    return std::nullopt;
  }
  return std::make_pair(buf.str(), std::move(*s));
}

int Plan(const StackArgs& a, bool apply) {
  auto s = ReadStack(a.file);
  if (!s) return 1;
  Json body{{"text", s->first}, {"file", a.file}};
  auto r = Call(a, apply ? "/api/stack/apply" : "/api/stack/plan", &body);
  if (!r) return 1;
  std::printf("Stack %s on %s:\n", s->second.name.c_str(), a.endpoint.c_str());
  PrintChanges((*r)["changes"], a.verbose, apply);
  return 0;
}

int Destroy(const StackArgs& a) {
  auto s = ReadStack(a.file);
  if (!s) return 1;
  if (!a.yes && !a.dry_run) {
    std::fprintf(stderr,
                 "floe: destroy deletes stack %s's tables and their data; run it again with --yes "
                 "(or see what it would remove with --dry-run)\n",
                 s->second.name.c_str());
    return 2;
  }
  Json body{{"name", s->second.name}, {"dry_run", a.dry_run}};
  auto r = Call(a, "/api/stack/destroy", &body);
  if (!r) return 1;
  std::printf("Stack %s on %s%s:\n", s->second.name.c_str(), a.endpoint.c_str(),
              a.dry_run ? " (dry run, nothing removed)" : "");
  PrintChanges((*r)["changes"], a.verbose, !a.dry_run);
  return 0;
}

int Output(const StackArgs& a) {
  auto r = Call(a, "/api/stacks", nullptr);
  if (!r) return 1;
  const Json& stacks = (*r)["stacks"];
  const Json* chosen = nullptr;
  std::string names;
  for (const auto& s : stacks) {
    names += (names.empty() ? "" : ", ") + s["name"].get<std::string>();
    if (a.stack.empty() ? stacks.size() == 1 : s["name"] == a.stack) chosen = &s;
  }
  if (chosen == nullptr) {
    if (stacks.empty()) {
      std::fprintf(stderr,
                   "floe: no stack has been applied on %s; run floe apply FILE or floe up\n",
                   a.endpoint.c_str());
    } else if (a.stack.empty()) {
      std::fprintf(stderr, "floe: several stacks (%s); pick one with --stack\n", names.c_str());
    } else {
      std::fprintf(stderr, "floe: no stack %s (stacks: %s)\n", a.stack.c_str(), names.c_str());
    }
    return 1;
  }
  const Json& outputs = (*chosen)["outputs"];
  auto print = [](const Json& v) {
    if (v.is_string()) {
      std::printf("%s\n", v.get<std::string>().c_str());
    } else if (v.is_array()) {
      for (const auto& x : v)
        std::printf("%s\n", x.is_string() ? x.get<std::string>().c_str() : x.dump().c_str());
    } else {
      std::printf("%s\n", v.dump().c_str());
    }
  };
  if (a.output.empty()) {
    if (a.json) {
      std::printf("%s\n", outputs.dump(2).c_str());
      return 0;
    }
    for (const auto& [k, v] : outputs.items())
      std::printf("%-24s %s\n", k.c_str(),
                  v.is_string() ? v.get<std::string>().c_str() : v.dump().c_str());
    return 0;
  }
  if (!outputs.contains(a.output)) {
    std::string known;
    for (const auto& [k, v] : outputs.items()) known += (known.empty() ? "" : ", ") + k;
    std::fprintf(stderr, "floe: no output named %s; outputs: %s\n", a.output.c_str(),
                 known.c_str());
    return 1;
  }
  if (a.json) {
    std::printf("%s\n", outputs[a.output].dump().c_str());
  } else {
    print(outputs[a.output]);
  }
  return 0;
}

void AddEndpoint(CLI::App* cmd, StackArgs* a) {
  cmd->add_option("--endpoint", a->endpoint,
                  "The floe server (floe up or floe serve); default http://127.0.0.1:9099");
}

}  // namespace

void AddStackCommands(CLI::App& app, int* exit_code) {
  auto* a = new StackArgs;
  auto* plan = app.add_subcommand("plan", "Show what applying a stack file would change");
  plan->add_option("FILE", a->file, "Stack file (YAML; see examples/stack.yaml)")->required();
  plan->add_flag("-v,--verbose", a->verbose, "List unchanged resources too");
  AddEndpoint(plan, a);
  plan->callback([=] { *exit_code = Plan(*a, false); });

  auto* apply = app.add_subcommand(
      "apply", "Create or update what a stack file describes; a second apply changes nothing");
  apply->add_option("FILE", a->file, "Stack file (YAML; see examples/stack.yaml)")->required();
  apply->add_flag("-v,--verbose", a->verbose, "List unchanged resources too");
  AddEndpoint(apply, a);
  apply->callback([=] { *exit_code = Plan(*a, true); });

  auto* destroy = app.add_subcommand(
      "destroy", "Remove what a stack created: generators, streams, tables (with their data)");
  destroy->add_option("FILE", a->file, "The stack file that was applied")->required();
  destroy->add_flag("-y,--yes", a->yes, "Confirm: delete the stack's tables and their data");
  destroy->add_flag("--dry-run", a->dry_run, "Show what would be removed and remove nothing");
  AddEndpoint(destroy, a);
  destroy->callback([=] { *exit_code = Destroy(*a); });

  auto* output = app.add_subcommand(
      "output", "Print a stack's outputs (dashboard_url, firehose_endpoint, ...), or all of them");
  output->add_option("NAME", a->output, "One output, e.g. dashboard_url");
  output->add_option("--stack", a->stack, "The stack (default: the only one applied)");
  output->add_flag("--json", a->json, "Print JSON");
  AddEndpoint(output, a);
  output->callback([=] { *exit_code = Output(*a); });
}

}  // namespace floe::app
