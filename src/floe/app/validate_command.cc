#include "floe/app/validate_command.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "floe/base/clock.h"
#include "floe/catalog/sqlite_catalog.h"
#include "floe/stack/stack.h"

namespace floe::app {
namespace {

namespace fs = std::filesystem;

struct ValidateArgs {
  std::string data = "./floe-data";
  std::string host = "127.0.0.1";
  int port = 9099;
  std::string stack;
  int64_t min_free_mb = 1024;
};

struct Check {
  std::string name;
  bool ok = true;
  std::string detail;
  std::string fix;
};

Check DataDir(const ValidateArgs& a) {
  Check c{"data directory " + a.data + " is writable", true, "", ""};
  std::error_code ec;
  fs::create_directories(a.data, ec);
  if (ec)
    return {c.name, false, ec.message(), "create it or pass --data with a directory you can write"};
  std::string probe = (fs::path(a.data) / ".floe-validate").string();
  FILE* f = std::fopen(probe.c_str(), "w");
  if (f == nullptr || std::fputs("ok", f) < 0 || std::fflush(f) != 0 || ::fsync(fileno(f)) != 0) {
    if (f) std::fclose(f);
    return {c.name, false, "cannot write and sync a file there",
            "fix its permissions or pick another --data"};
  }
  std::fclose(f);
  fs::remove(probe, ec);
  return c;
}

Check FreeSpace(const ValidateArgs& a) {
  Check c{"free space in " + a.data, true, "", ""};
  struct statvfs st;
  if (::statvfs(a.data.c_str(), &st) != 0)
    return {c.name, false, "statvfs failed", "check that --data exists"};
  int64_t free_mb =
      static_cast<int64_t>(st.f_bavail) * static_cast<int64_t>(st.f_frsize) / (1 << 20);
  c.detail = std::to_string(free_mb) + " MiB free";
  if (free_mb < a.min_free_mb) {
    c.ok = false;
    c.fix = "free disk space or move --data: floe wants at least " + std::to_string(a.min_free_mb) +
            " MiB for its write-ahead log and tables";
  }
  return c;
}

Check PortFree(const ValidateArgs& a) {
  Check c{"port " + std::to_string(a.port) + " on " + a.host + " is free", true, "", ""};
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return {c.name, false, "cannot create a socket", "check the system's socket limits"};
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(a.port));
  if (::inet_pton(AF_INET, a.host.c_str(), &addr.sin_addr) != 1) {
    ::close(fd);
    return {c.name, false, "not an IPv4 address",
            "pass --host as an address such as 127.0.0.1 or 0.0.0.0"};
  }
  bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  ::close(fd);
  if (!ok) {
    return {c.name, false, "in use or not allowed",
            "stop what listens there (is floe already running?) or pass --port with another port"};
  }
  return c;
}

Check CatalogReadable(const ValidateArgs& a) {
  fs::path db = fs::path(a.data) / "catalog.db";
  Check c{"catalog " + db.string() + " is readable", true, "", ""};
  if (!fs::exists(db)) {
    c.detail = "not created yet (floe creates it on first start)";
    return c;
  }
  auto cat = catalog::SqliteCatalog::Open(db.string());
  if (!cat.ok())
    return {c.name, false, cat.status().ToString(),
            "restore catalog.db from a backup or move it away"};
  auto buckets = (*cat)->ListBuckets("");
  if (!buckets.ok()) {
    return {c.name, false, buckets.status().ToString(),
            "restore catalog.db from a backup or move it away"};
  }
  c.detail = std::to_string(buckets->size()) + " table bucket(s)";
  return c;
}

Check ClockSane() {
  Check c{"system clock is sane", true, "", ""};
  int64_t now_ms = SystemClock::Default()->NowMillis();
  // 2024-01-01 .. 2100-01-01: outside that, snapshot times and error-bucket keys would be wrong.
  if (now_ms < 1704067200000LL || now_ms > 4102444800000LL) {
    return {c.name, false, "the clock reads " + std::to_string(now_ms / 1000) + " s since 1970",
            "set the system time (e.g. enable NTP with timedatectl set-ntp true)"};
  }
  return c;
}

Check StackFile(const ValidateArgs& a) {
  Check c{"stack file", true, "", ""};
  if (a.stack.empty()) {
    c.detail = "none given: floe up uses the built-in reference stack";
    return c;
  }
  auto s = stack::LoadStack(a.stack);
  if (!s.ok()) {
    return {c.name + " " + a.stack, false, s.status().message(),
            "fix the key at the line shown; examples/stack.yaml and docs/stack.md describe "
            "every key"};
  }
  c.name += " " + a.stack;
  c.detail = "stack " + s->name + ": " + std::to_string(s->tables.size()) + " table(s), " +
             std::to_string(s->streams.size()) + " stream(s), " +
             std::to_string(s->generators.size()) + " generator(s)";
  return c;
}

int RunValidate(const ValidateArgs& a) {
  std::vector<Check> checks = {DataDir(a),         FreeSpace(a), PortFree(a),
                               CatalogReadable(a), ClockSane(),  StackFile(a)};
  int failed = 0;
  for (const auto& c : checks) {
    std::printf("%s  %s%s\n", c.ok ? "pass" : "FAIL", c.name.c_str(),
                c.detail.empty() ? "" : (" (" + c.detail + ")").c_str());
    if (!c.ok) {
      ++failed;
      std::printf("      fix: %s\n", c.fix.c_str());
    }
  }
  if (failed) std::fprintf(stderr, "%d of %zu checks failed\n", failed, checks.size());
  return failed ? 1 : 0;
}

}  // namespace

void AddValidateCommand(CLI::App& app, int* exit_code) {
  auto* v = app.add_subcommand(
      "validate",
      "Check what floe needs before it runs (data directory, port, catalog, clock, stack file)");
  auto* a = new ValidateArgs;
  v->add_option("--data", a->data, "Data directory (default ./floe-data)");
  v->add_option("--host", a->host, "Address floe will listen on (default 127.0.0.1)");
  v->add_option("--port", a->port, "Port floe will listen on (default 9099)")
      ->check(CLI::Range(1, 65535));
  v->add_option("--stack", a->stack, "Stack file to check");
  v->add_option("--min-free-mb", a->min_free_mb,
                "Free space wanted in the data directory (default 1024)");
  v->callback([=] { *exit_code = RunValidate(*a); });
}

}  // namespace floe::app
