// The stack file parser: YAML through yaml-cpp, every key checked, every
// error located by line and column.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdint>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "floe/generator/schedule.h"
#include "floe/stack/stack.h"

namespace floe::stack {
namespace {

size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t prev = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cur = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] == b[j - 1] ? 0 : 1)});
      prev = cur;
    }
  }
  return row[b.size()];
}

// Thrown inside the parser, turned into a Status at the top.
struct ParseError {
  std::string message;
};

class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}

  [[noreturn]] void Fail(const YAML::Node& at, const std::string& key,
                         const std::string& problem) const {
    YAML::Mark m = at.Mark();
    std::ostringstream s;
    s << file_;
    if (m.line >= 0) s << ":" << (m.line + 1) << ":" << (m.column + 1);
    s << ": " << (key.empty() ? "" : key + ": ") << problem;
    throw ParseError{s.str()};
  }

  // A mapping whose keys are all in `allowed`.
  void Map(const YAML::Node& n, const std::string& key,
           std::initializer_list<const char*> allowed) {
    if (!n.IsMap()) Fail(n, key, "expected a mapping (key: value lines)");
    for (const auto& kv : n) {
      std::string k = kv.first.as<std::string>();
      bool known = false;
      std::string best;
      size_t best_d = SIZE_MAX;
      for (const char* a : allowed) {
        if (k == a) known = true;
        size_t d = EditDistance(k, a);
        // Close enough to be a typo: two edits, or a third of the name.
        if (d < best_d && d <= std::max<size_t>(2, std::strlen(a) / 3)) {
          best_d = d;
          best = a;
        }
      }
      if (!known) {
        std::string msg = "unknown key \"" + k + "\"";
        if (!best.empty()) msg += "; did you mean \"" + best + "\"?";
        std::string all;
        for (const char* a : allowed) all += (all.empty() ? "" : ", ") + std::string(a);
        Fail(kv.first, key, msg + " (keys here: " + all + ")");
      }
    }
  }

  std::string Str(const YAML::Node& n, const std::string& key) {
    if (!n.IsScalar()) Fail(n, key, "expected a text value");
    return n.as<std::string>();
  }

  std::string Name(const YAML::Node& n, const std::string& key, const std::regex& re,
                   const std::string& rule) {
    std::string s = Str(n, key);
    if (!std::regex_match(s, re)) Fail(n, key, "\"" + s + "\" is not a valid name: " + rule);
    return s;
  }

  int64_t Int(const YAML::Node& n, const std::string& key, int64_t lo, int64_t hi) {
    if (!n.IsScalar()) Fail(n, key, "expected a whole number");
    std::string s = n.as<std::string>();
    int64_t v = 0;
    try {
      size_t used = 0;
      v = std::stoll(s, &used);
      if (used != s.size()) throw std::invalid_argument(s);
    } catch (const std::exception&) {
      Fail(n, key, "\"" + s + "\" is not a whole number");
    }
    if (v < lo || v > hi)
      Fail(n, key,
           std::to_string(v) + " is out of range " + std::to_string(lo) + "–" + std::to_string(hi));
    return v;
  }

  double Num(const YAML::Node& n, const std::string& key, double lo, double hi) {
    if (!n.IsScalar()) Fail(n, key, "expected a number");
    std::string s = n.as<std::string>();
    double v = 0;
    try {
      size_t used = 0;
      v = std::stod(s, &used);
      if (used != s.size()) throw std::invalid_argument(s);
    } catch (const std::exception&) {
      Fail(n, key, "\"" + s + "\" is not a number");
    }
    if (!(v >= lo && v <= hi)) Fail(n, key, s + " is out of range");
    return v;
  }

  bool Bool(const YAML::Node& n, const std::string& key) {
    std::string s = Str(n, key);
    if (s == "true" || s == "yes" || s == "on") return true;
    if (s == "false" || s == "no" || s == "off") return false;
    Fail(n, key, "\"" + s + "\" is not true or false");
  }

  void Seq(const YAML::Node& n, const std::string& key) {
    if (!n.IsSequence()) Fail(n, key, "expected a list (lines starting with '- ')");
  }

 private:
  std::string file_;
};

const std::regex kStackName("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]");
const std::regex kBucketName("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]");
const std::regex kTableName("[a-z0-9][a-z0-9_]{0,254}");
const std::regex kStreamName("[a-zA-Z0-9_.-]{1,64}");
const std::regex kColumnName("[A-Za-z_][A-Za-z0-9_]{0,254}");
const std::regex kColumnType(
    "boolean|int|long|float|double|date|time|timestamp|timestamptz|string|uuid|binary|"
    "decimal\\([0-9]{1,2},[0-9]{1,2}\\)");
const std::regex kTransform("identity|year|month|day|hour|bucket\\[[0-9]+\\]|truncate\\[[0-9]+\\]");

const char* kBucketRule =
    "3–63 lowercase letters, digits and hyphens, starting and ending with a letter or digit";
const char* kTableRule =
    "lowercase letters, digits and underscores, starting with a letter or digit";

Table ParseTable(Reader& r, const YAML::Node& n, const std::string& key) {
  r.Map(n, key, {"namespace", "name", "schema", "partition", "maintenance"});
  Table t;
  if (!n["namespace"]) r.Fail(n, key, "missing \"namespace\"");
  if (!n["name"]) r.Fail(n, key, "missing \"name\"");
  t.ns = r.Name(n["namespace"], key + ".namespace", kTableName, kTableRule);
  t.name = r.Name(n["name"], key + ".name", kTableName, kTableRule);
  if (!n["schema"]) r.Fail(n, key, "missing \"schema\" (a list of {name, type} columns)");
  r.Seq(n["schema"], key + ".schema");
  std::set<std::string> seen;
  for (size_t i = 0; i < n["schema"].size(); ++i) {
    const YAML::Node c = n["schema"][i];
    std::string ck = key + ".schema[" + std::to_string(i) + "]";
    r.Map(c, ck, {"name", "type", "required"});
    if (!c["name"] || !c["type"]) r.Fail(c, ck, "a column needs \"name\" and \"type\"");
    Column col;
    col.name = r.Name(c["name"], ck + ".name", kColumnName,
                      "letters, digits and underscores, not starting with a digit");
    col.type = r.Str(c["type"], ck + ".type");
    col.type.erase(std::remove(col.type.begin(), col.type.end(), ' '), col.type.end());
    if (!std::regex_match(col.type, kColumnType))
      r.Fail(c["type"], ck + ".type",
             "\"" + col.type +
                 "\" is not an Iceberg primitive type (boolean, int, long, float, double, date, "
                 "time, timestamp, timestamptz, string, uuid, binary, decimal(P,S))");
    if (c["required"]) col.required = r.Bool(c["required"], ck + ".required");
    if (!seen.insert(col.name).second)
      r.Fail(c["name"], ck + ".name", "column \"" + col.name + "\" appears twice");
    t.columns.push_back(col);
  }
  if (t.columns.empty()) r.Fail(n["schema"], key + ".schema", "a table needs at least one column");
  if (n["partition"]) {
    r.Seq(n["partition"], key + ".partition");
    for (size_t i = 0; i < n["partition"].size(); ++i) {
      const YAML::Node p = n["partition"][i];
      std::string pk = key + ".partition[" + std::to_string(i) + "]";
      r.Map(p, pk, {"column", "transform"});
      if (!p["column"]) r.Fail(p, pk, "missing \"column\"");
      PartitionField f;
      f.column = r.Str(p["column"], pk + ".column");
      if (!seen.count(f.column))
        r.Fail(p["column"], pk + ".column", "no column \"" + f.column + "\" in the schema");
      if (p["transform"]) f.transform = r.Str(p["transform"], pk + ".transform");
      if (!std::regex_match(f.transform, kTransform))
        r.Fail(
            p["transform"], pk + ".transform",
            "\"" + f.transform +
                "\" is not a transform (identity, year, month, day, hour, bucket[N], truncate[W])");
      t.partition.push_back(f);
    }
  }
  if (n["maintenance"]) {
    const YAML::Node m = n["maintenance"];
    std::string mk = key + ".maintenance";
    r.Map(m, mk,
          {"compaction", "target_file_mib", "snapshot_expiry", "min_snapshots",
           "max_snapshot_age_hours"});
    auto& tm = t.maintenance;
    if (m["compaction"]) tm.compaction = r.Bool(m["compaction"], mk + ".compaction");
    if (m["target_file_mib"])
      tm.target_file_mib =
          static_cast<int>(r.Int(m["target_file_mib"], mk + ".target_file_mib", 64, 512));
    if (m["snapshot_expiry"])
      tm.snapshot_expiry = r.Bool(m["snapshot_expiry"], mk + ".snapshot_expiry");
    if (m["min_snapshots"])
      tm.min_snapshots =
          static_cast<int>(r.Int(m["min_snapshots"], mk + ".min_snapshots", 1, 1 << 20));
    if (m["max_snapshot_age_hours"])
      tm.max_snapshot_age_hours = static_cast<int>(
          r.Int(m["max_snapshot_age_hours"], mk + ".max_snapshot_age_hours", 1, 1 << 20));
  }
  return t;
}

Stream ParseStream(Reader& r, const YAML::Node& n, const std::string& key, const Stack& s) {
  r.Map(n, key, {"name", "tables", "buffering", "retry_seconds", "error_bucket", "error_prefix"});
  Stream st;
  if (!n["name"]) r.Fail(n, key, "missing \"name\"");
  st.name = r.Name(n["name"], key + ".name", kStreamName, "1–64 letters, digits, '_', '.' or '-'");
  if (!n["tables"]) r.Fail(n, key, "missing \"tables\" (the namespace.table names it delivers to)");
  r.Seq(n["tables"], key + ".tables");
  for (size_t i = 0; i < n["tables"].size(); ++i) {
    std::string tk = key + ".tables[" + std::to_string(i) + "]";
    std::string t = r.Str(n["tables"][i], tk);
    bool found =
        std::any_of(s.tables.begin(), s.tables.end(), [&](const Table& x) { return x.Key() == t; });
    if (!found)
      r.Fail(n["tables"][i], tk,
             "no table \"" + t + "\" among the stack's tables (write namespace.table)");
    st.tables.push_back(t);
  }
  if (st.tables.empty()) r.Fail(n["tables"], key + ".tables", "a stream needs a destination table");
  if (n["buffering"]) {
    const YAML::Node b = n["buffering"];
    r.Map(b, key + ".buffering", {"size_mib", "interval_seconds"});
    if (b["size_mib"])
      st.buffer_mib = static_cast<int>(r.Int(b["size_mib"], key + ".buffering.size_mib", 1, 128));
    if (b["interval_seconds"])
      st.interval_seconds = static_cast<int>(
          r.Int(b["interval_seconds"], key + ".buffering.interval_seconds", 0, 900));
  }
  if (n["retry_seconds"])
    st.retry_seconds = static_cast<int>(r.Int(n["retry_seconds"], key + ".retry_seconds", 0, 7200));
  st.error_bucket = s.name + "-errors";
  if (n["error_bucket"])
    st.error_bucket = r.Name(n["error_bucket"], key + ".error_bucket", kBucketName, kBucketRule);
  if (n["error_prefix"]) st.error_prefix = r.Str(n["error_prefix"], key + ".error_prefix");
  return st;
}

Generator ParseGenerator(Reader& r, const YAML::Node& n, const std::string& key, const Stack& s) {
  r.Map(n, key,
        {"name", "stream", "schedule", "records", "rate", "sensors", "log_retention_days",
         "enabled"});
  Generator g;
  if (!n["name"]) r.Fail(n, key, "missing \"name\"");
  if (!n["stream"]) r.Fail(n, key, "missing \"stream\"");
  g.name = r.Name(n["name"], key + ".name", kStreamName, "1–64 letters, digits, '_', '.' or '-'");
  g.stream = r.Str(n["stream"], key + ".stream");
  bool found = std::any_of(s.streams.begin(), s.streams.end(),
                           [&](const Stream& x) { return x.name == g.stream; });
  if (!found)
    r.Fail(n["stream"], key + ".stream",
           "no stream \"" + g.stream + "\" among the stack's streams");
  if (n["schedule"]) {
    g.schedule = r.Str(n["schedule"], key + ".schedule");
    auto parsed = generator::Schedule::Parse(g.schedule);
    if (!parsed.ok()) r.Fail(n["schedule"], key + ".schedule", parsed.status().message());
  }
  if (n["records"]) g.records = r.Int(n["records"], key + ".records", 1, int64_t{1} << 40);
  if (n["rate"]) g.rate = r.Num(n["rate"], key + ".rate", 0.001, 1e9);
  if (n["sensors"]) g.sensors = static_cast<int>(r.Int(n["sensors"], key + ".sensors", 1, 100000));
  if (n["log_retention_days"])
    g.log_retention_days =
        static_cast<int>(r.Int(n["log_retention_days"], key + ".log_retention_days", 1, 3650));
  if (n["enabled"]) g.enabled = r.Bool(n["enabled"], key + ".enabled");
  return g;
}

Stack ParseRoot(Reader& r, const YAML::Node& root) {
  if (!root.IsDefined() || root.IsNull())
    r.Fail(root, "", "the file is empty; it needs at least \"stack:\" and \"tables:\"");
  r.Map(root, "",
        {"stack", "table_bucket", "namespaces", "tables", "streams", "generators", "maintenance",
         "dashboard"});
  Stack s;
  if (!root["stack"]) r.Fail(root, "", "missing \"stack\" (the stack's name)");
  s.name = r.Name(root["stack"], "stack", kStackName, kBucketRule);
  s.table_bucket = s.name + "-tables";
  if (root["table_bucket"])
    s.table_bucket = r.Name(root["table_bucket"], "table_bucket", kBucketName, kBucketRule);
  if (root["tables"]) {
    r.Seq(root["tables"], "tables");
    for (size_t i = 0; i < root["tables"].size(); ++i) {
      std::string k = "tables[" + std::to_string(i) + "]";
      Table t = ParseTable(r, root["tables"][i], k);
      for (const auto& o : s.tables)
        if (o.Key() == t.Key()) r.Fail(root["tables"][i], k, "table " + t.Key() + " appears twice");
      s.tables.push_back(std::move(t));
    }
  }
  if (root["namespaces"]) {
    r.Seq(root["namespaces"], "namespaces");
    for (size_t i = 0; i < root["namespaces"].size(); ++i)
      s.namespaces.push_back(r.Name(root["namespaces"][i], "namespaces[" + std::to_string(i) + "]",
                                    kTableName, kTableRule));
  }
  for (const auto& t : s.tables)
    if (std::find(s.namespaces.begin(), s.namespaces.end(), t.ns) == s.namespaces.end())
      s.namespaces.push_back(t.ns);
  if (root["streams"]) {
    r.Seq(root["streams"], "streams");
    for (size_t i = 0; i < root["streams"].size(); ++i) {
      std::string k = "streams[" + std::to_string(i) + "]";
      Stream st = ParseStream(r, root["streams"][i], k, s);
      for (const auto& o : s.streams)
        if (o.name == st.name)
          r.Fail(root["streams"][i], k, "stream " + st.name + " appears twice");
      s.streams.push_back(std::move(st));
    }
  }
  if (root["generators"]) {
    r.Seq(root["generators"], "generators");
    for (size_t i = 0; i < root["generators"].size(); ++i) {
      std::string k = "generators[" + std::to_string(i) + "]";
      Generator g = ParseGenerator(r, root["generators"][i], k, s);
      for (const auto& o : s.generators)
        if (o.name == g.name)
          r.Fail(root["generators"][i], k, "generator " + g.name + " appears twice");
      s.generators.push_back(std::move(g));
    }
  }
  if (root["maintenance"]) {
    const YAML::Node m = root["maintenance"];
    r.Map(m, "maintenance", {"unreferenced_file_removal", "unreferenced_days", "non_current_days"});
    if (m["unreferenced_file_removal"])
      s.unreferenced_file_removal =
          r.Bool(m["unreferenced_file_removal"], "maintenance.unreferenced_file_removal");
    if (m["unreferenced_days"])
      s.unreferenced_days =
          static_cast<int>(r.Int(m["unreferenced_days"], "maintenance.unreferenced_days", 1, 3650));
    if (m["non_current_days"])
      s.non_current_days =
          static_cast<int>(r.Int(m["non_current_days"], "maintenance.non_current_days", 1, 3650));
  }
  if (root["dashboard"]) {
    const YAML::Node d = root["dashboard"];
    r.Map(d, "dashboard", {"enabled"});
    if (d["enabled"]) s.dashboard = r.Bool(d["enabled"], "dashboard.enabled");
  }
  return s;
}

}  // namespace

Result<Stack> ParseStack(const std::string& text, const std::string& file) {
  Reader r(file);
  try {
    YAML::Node root = YAML::Load(text);
    return ParseRoot(r, root);
  } catch (const ParseError& e) {
    return InvalidArgument(e.message);
  } catch (const YAML::Exception& e) {
    std::ostringstream s;
    s << file;
    if (e.mark.line >= 0) s << ":" << (e.mark.line + 1) << ":" << (e.mark.column + 1);
    s << ": " << e.msg;
    return InvalidArgument(s.str());
  }
}

Result<Stack> LoadStack(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("cannot read stack file " + path + ": " + std::strerror(errno));
  std::stringstream buf;
  buf << in.rdbuf();
  return ParseStack(buf.str(), path);
}

}  // namespace floe::stack
