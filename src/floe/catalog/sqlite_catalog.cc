#include "floe/catalog/sqlite_catalog.h"

#include <sqlite3.h>

#include "floe/base/uuid.h"

namespace floe::catalog {
namespace {

constexpr char kSchema[] = R"sql(
CREATE TABLE IF NOT EXISTS iceberg_tables (
  catalog_name VARCHAR(255) NOT NULL,
  table_namespace VARCHAR(255) NOT NULL,
  table_name VARCHAR(255) NOT NULL,
  metadata_location VARCHAR(1000),
  previous_metadata_location VARCHAR(1000),
  iceberg_type VARCHAR(5),
  PRIMARY KEY (catalog_name, table_namespace, table_name));
CREATE TABLE IF NOT EXISTS iceberg_namespace_properties (
  catalog_name VARCHAR(255) NOT NULL,
  namespace VARCHAR(255) NOT NULL,
  property_key VARCHAR(255),
  property_value VARCHAR(1000),
  PRIMARY KEY (catalog_name, namespace, property_key));
CREATE TABLE IF NOT EXISTS floe_table_buckets (
  name TEXT PRIMARY KEY,
  bucket_id TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS floe_namespaces (
  catalog_name TEXT NOT NULL,
  namespace TEXT NOT NULL,
  namespace_id TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  PRIMARY KEY (catalog_name, namespace));
CREATE TABLE IF NOT EXISTS floe_tables (
  catalog_name TEXT NOT NULL,
  table_namespace TEXT NOT NULL,
  table_name TEXT NOT NULL,
  table_id TEXT NOT NULL,
  version_token TEXT NOT NULL,
  warehouse_location TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  modified_at_ms INTEGER NOT NULL,
  PRIMARY KEY (catalog_name, table_namespace, table_name));
CREATE TABLE IF NOT EXISTS floe_settings (
  kind TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (kind, key));
)sql";

// The JDBC catalog marks a namespace's existence with this property.
constexpr char kExistsKey[] = "exists";

// A prepared statement, finalized on scope exit.
class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) : db_(db) { rc_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr); }
  ~Stmt() { sqlite3_finalize(stmt_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  Stmt& Bind(const std::string& v) {
    sqlite3_bind_text(stmt_, ++index_, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& Bind(int64_t v) {
    sqlite3_bind_int64(stmt_, ++index_, v);
    return *this;
  }
  // SQLITE_ROW → true, SQLITE_DONE → false.
  Result<bool> Step() {
    if (rc_ != SQLITE_OK) return Error();
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    rc_ = rc;
    return Error();
  }
  Status Run() {
    auto r = Step();
    return r.ok() ? Status::OK() : r.status();
  }
  std::string Text(int col) const {
    const unsigned char* t = sqlite3_column_text(stmt_, col);
    return t ? std::string(reinterpret_cast<const char*>(t), static_cast<size_t>(sqlite3_column_bytes(stmt_, col))) : "";
  }
  int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  int rc() const { return rc_; }

 private:
  Status Error() const {
    std::string msg = std::string("catalog database: ") + sqlite3_errmsg(db_);
    if (rc_ == SQLITE_BUSY || rc_ == SQLITE_LOCKED) return Unavailable(msg);
    if (rc_ == SQLITE_CONSTRAINT) return AlreadyExists(msg);
    if (rc_ == SQLITE_FULL) return ResourceExhausted(msg);
    if (rc_ == SQLITE_CORRUPT || rc_ == SQLITE_NOTADB) return DataLoss(msg);
    return Internal(msg);
  }
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  int rc_ = SQLITE_OK;
  int index_ = 0;
};

bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

std::string NewToken() { return Uuid::Random().ToString(); }

// LIKE-free prefix match: names only hold [0-9a-z_-], but '_' is a LIKE wildcard.
bool HasPrefix(const std::string& s, const std::string& prefix) { return s.compare(0, prefix.size(), prefix) == 0; }

class Transaction {
 public:
  explicit Transaction(sqlite3* db) : db_(db) { ok_ = sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK; }
  ~Transaction() {
    if (ok_ && !done_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  Status Begun() const { return ok_ ? Status::OK() : Unavailable(std::string("catalog database busy: ") + sqlite3_errmsg(db_)); }
  Status Commit() {
    done_ = true;
    if (sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
      return Unavailable(std::string("catalog commit failed: ") + sqlite3_errmsg(db_));
    }
    return Status::OK();
  }

 private:
  sqlite3* db_;
  bool ok_ = false;
  bool done_ = false;
};

}  // namespace

Status ValidateBucketName(const std::string& n) {
  bool ok = n.size() >= 3 && n.size() <= 63 && IsLowerAlnum(n.front()) && IsLowerAlnum(n.back());
  for (char c : n) ok = ok && (IsLowerAlnum(c) || c == '-');
  if (!ok) return InvalidArgument("invalid table bucket name \"" + n + "\": use 3-63 lowercase letters, digits and hyphens, starting and ending with a letter or digit");
  return Status::OK();
}

static Status ValidateLowerName(const std::string& what, const std::string& n) {
  bool ok = !n.empty() && n.size() <= 255 && IsLowerAlnum(n.front());
  for (char c : n) ok = ok && (IsLowerAlnum(c) || c == '_');
  if (!ok) return InvalidArgument("invalid " + what + " name \"" + n + "\": use 1-255 lowercase letters, digits and underscores, starting with a letter or digit");
  return Status::OK();
}

Status ValidateNamespaceName(const std::string& n) { return ValidateLowerName("namespace", n); }
Status ValidateTableName(const std::string& n) { return ValidateLowerName("table", n); }

Result<std::unique_ptr<SqliteCatalog>> SqliteCatalog::Open(const std::string& path, Clock* clock) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Unavailable("cannot open catalog database " + path + ": " + msg);
  }
  sqlite3_busy_timeout(db, 5000);
  std::unique_ptr<SqliteCatalog> c(new SqliteCatalog(db, clock ? clock : SystemClock::Default()));
  FLOE_RETURN_IF_ERROR(c->Exec("PRAGMA journal_mode=WAL"));
  FLOE_RETURN_IF_ERROR(c->Exec("PRAGMA synchronous=FULL"));
  FLOE_RETURN_IF_ERROR(c->Exec(kSchema));
  return c;
}

SqliteCatalog::~SqliteCatalog() { sqlite3_close(db_); }

Status SqliteCatalog::Exec(const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    return Internal("catalog database: " + msg);
  }
  return Status::OK();
}

Status SqliteCatalog::RequireBucketLocked(const std::string& bucket) {
  Stmt s(db_, "SELECT 1 FROM floe_table_buckets WHERE name = ?");
  s.Bind(bucket);
  FLOE_ASSIGN_OR_RETURN(bool found, s.Step());
  if (!found) return NotFound("The specified bucket does not exist: " + bucket);
  return Status::OK();
}

Result<TableBucket> SqliteCatalog::CreateBucket(const std::string& name) {
  FLOE_RETURN_IF_ERROR(ValidateBucketName(name));
  std::lock_guard<std::mutex> lock(mu_);
  TableBucket b{name, Uuid::Random().ToString(), clock_->NowMillis()};
  Stmt s(db_, "INSERT INTO floe_table_buckets (name, bucket_id, created_at_ms) VALUES (?, ?, ?)");
  s.Bind(b.name).Bind(b.bucket_id).Bind(b.created_at_ms);
  Status st = s.Run();
  if (st.code() == StatusCode::kAlreadyExists) return AlreadyExists("A table bucket named " + name + " already exists.");
  FLOE_RETURN_IF_ERROR(st);
  return b;
}

Result<std::vector<TableBucket>> SqliteCatalog::ListBuckets(const std::string& prefix) {
  std::lock_guard<std::mutex> lock(mu_);
  Stmt s(db_, "SELECT name, bucket_id, created_at_ms FROM floe_table_buckets ORDER BY name");
  std::vector<TableBucket> out;
  while (true) {
    FLOE_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    TableBucket b{s.Text(0), s.Text(1), s.Int(2)};
    if (HasPrefix(b.name, prefix)) out.push_back(std::move(b));
  }
  return out;
}

Result<TableBucket> SqliteCatalog::GetBucket(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  Stmt s(db_, "SELECT name, bucket_id, created_at_ms FROM floe_table_buckets WHERE name = ?");
  s.Bind(name);
  FLOE_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return NotFound("The specified bucket does not exist: " + name);
  return TableBucket{s.Text(0), s.Text(1), s.Int(2)};
}

Status SqliteCatalog::DeleteBucket(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  Transaction tx(db_);
  FLOE_RETURN_IF_ERROR(tx.Begun());
  FLOE_RETURN_IF_ERROR(RequireBucketLocked(name));
  Stmt any(db_, "SELECT 1 FROM floe_namespaces WHERE catalog_name = ? LIMIT 1");
  any.Bind(name);
  FLOE_ASSIGN_OR_RETURN(bool has_ns, any.Step());
  if (has_ns) return FailedPrecondition("The table bucket " + name + " is not empty: delete its namespaces first.");
  Stmt del(db_, "DELETE FROM floe_table_buckets WHERE name = ?");
  del.Bind(name);
  FLOE_RETURN_IF_ERROR(del.Run());
  return tx.Commit();
}

Result<NamespaceInfo> SqliteCatalog::GetNamespaceLocked(const std::string& bucket, const std::string& ns) {
  Stmt s(db_, "SELECT namespace_id, created_at_ms FROM floe_namespaces WHERE catalog_name = ? AND namespace = ?");
  s.Bind(bucket).Bind(ns);
  FLOE_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) {
    FLOE_RETURN_IF_ERROR(RequireBucketLocked(bucket));
    return NotFound("The specified namespace does not exist: " + ns);
  }
  NamespaceInfo info{bucket, ns, s.Text(0), s.Int(1), {}};
  Stmt p(db_, "SELECT property_key, property_value FROM iceberg_namespace_properties "
              "WHERE catalog_name = ? AND namespace = ? ORDER BY property_key");
  p.Bind(bucket).Bind(ns);
  while (true) {
    FLOE_ASSIGN_OR_RETURN(bool prow, p.Step());
    if (!prow) break;
    if (p.Text(0) != kExistsKey) info.properties.emplace_back(p.Text(0), p.Text(1));
  }
  return info;
}

Result<NamespaceInfo> SqliteCatalog::CreateNamespace(const std::string& bucket, const std::string& ns,
                                                     const Properties& properties) {
  FLOE_RETURN_IF_ERROR(ValidateNamespaceName(ns));
  std::lock_guard<std::mutex> lock(mu_);
  Transaction tx(db_);
  FLOE_RETURN_IF_ERROR(tx.Begun());
  FLOE_RETURN_IF_ERROR(RequireBucketLocked(bucket));
  NamespaceInfo info{bucket, ns, Uuid::Random().ToString(), clock_->NowMillis(), properties};
  Stmt s(db_, "INSERT INTO floe_namespaces (catalog_name, namespace, namespace_id, created_at_ms) VALUES (?, ?, ?, ?)");
  s.Bind(bucket).Bind(ns).Bind(info.namespace_id).Bind(info.created_at_ms);
  Status st = s.Run();
  if (st.code() == StatusCode::kAlreadyExists) return AlreadyExists("A namespace with an identical name already exists in the bucket: " + ns);
  FLOE_RETURN_IF_ERROR(st);
  Properties rows = properties;
  rows.emplace_back(kExistsKey, "true");
  for (const auto& [k, v] : rows) {
    Stmt p(db_, "INSERT OR REPLACE INTO iceberg_namespace_properties (catalog_name, namespace, property_key, property_value) VALUES (?, ?, ?, ?)");
    p.Bind(bucket).Bind(ns).Bind(k).Bind(v);
    FLOE_RETURN_IF_ERROR(p.Run());
  }
  FLOE_RETURN_IF_ERROR(tx.Commit());
  return info;
}

Result<std::vector<NamespaceInfo>> SqliteCatalog::ListNamespaces(const std::string& bucket, const std::string& prefix) {
  std::lock_guard<std::mutex> lock(mu_);
  FLOE_RETURN_IF_ERROR(RequireBucketLocked(bucket));
  Stmt s(db_, "SELECT namespace FROM floe_namespaces WHERE catalog_name = ? ORDER BY namespace");
  s.Bind(bucket);
  std::vector<std::string> names;
  while (true) {
    FLOE_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    if (HasPrefix(s.Text(0), prefix)) names.push_back(s.Text(0));
  }
  std::vector<NamespaceInfo> out;
  for (const auto& n : names) {
    FLOE_ASSIGN_OR_RETURN(NamespaceInfo info, GetNamespaceLocked(bucket, n));
    out.push_back(std::move(info));
  }
  return out;
}

Result<NamespaceInfo> SqliteCatalog::GetNamespace(const std::string& bucket, const std::string& ns) {
  std::lock_guard<std::mutex> lock(mu_);
  return GetNamespaceLocked(bucket, ns);
}

Status SqliteCatalog::DropNamespace(const std::string& bucket, const std::string& ns) {
  std::lock_guard<std::mutex> lock(mu_);
  Transaction tx(db_);
  FLOE_RETURN_IF_ERROR(tx.Begun());
  FLOE_RETURN_IF_ERROR(GetNamespaceLocked(bucket, ns).status());
  Stmt any(db_, "SELECT 1 FROM iceberg_tables WHERE catalog_name = ? AND table_namespace = ? LIMIT 1");
  any.Bind(bucket).Bind(ns);
  FLOE_ASSIGN_OR_RETURN(bool has_tables, any.Step());
  if (has_tables) return FailedPrecondition("The namespace " + ns + " is not empty: delete its tables first.");
  Stmt d1(db_, "DELETE FROM floe_namespaces WHERE catalog_name = ? AND namespace = ?");
  d1.Bind(bucket).Bind(ns);
  FLOE_RETURN_IF_ERROR(d1.Run());
  Stmt d2(db_, "DELETE FROM iceberg_namespace_properties WHERE catalog_name = ? AND namespace = ?");
  d2.Bind(bucket).Bind(ns);
  FLOE_RETURN_IF_ERROR(d2.Run());
  return tx.Commit();
}

Status SqliteCatalog::UpdateNamespaceProperties(const std::string& bucket, const std::string& ns,
                                                const Properties& updates, const std::vector<std::string>& removals) {
  std::lock_guard<std::mutex> lock(mu_);
  Transaction tx(db_);
  FLOE_RETURN_IF_ERROR(tx.Begun());
  FLOE_RETURN_IF_ERROR(GetNamespaceLocked(bucket, ns).status());
  for (const auto& k : removals) {
    if (k == kExistsKey) continue;
    Stmt d(db_, "DELETE FROM iceberg_namespace_properties WHERE catalog_name = ? AND namespace = ? AND property_key = ?");
    d.Bind(bucket).Bind(ns).Bind(k);
    FLOE_RETURN_IF_ERROR(d.Run());
  }
  for (const auto& [k, v] : updates) {
    Stmt p(db_, "INSERT OR REPLACE INTO iceberg_namespace_properties (catalog_name, namespace, property_key, property_value) VALUES (?, ?, ?, ?)");
    p.Bind(bucket).Bind(ns).Bind(k).Bind(v);
    FLOE_RETURN_IF_ERROR(p.Run());
  }
  return tx.Commit();
}

Result<TableEntry> SqliteCatalog::GetTableLocked(const std::string& bucket, const std::string& ns, const std::string& name) {
  Stmt s(db_,
         "SELECT t.metadata_location, t.previous_metadata_location, f.table_id, f.version_token, "
         "f.warehouse_location, f.created_at_ms, f.modified_at_ms "
         "FROM iceberg_tables t JOIN floe_tables f ON f.catalog_name = t.catalog_name AND "
         "f.table_namespace = t.table_namespace AND f.table_name = t.table_name "
         "WHERE t.catalog_name = ? AND t.table_namespace = ? AND t.table_name = ?");
  s.Bind(bucket).Bind(ns).Bind(name);
  FLOE_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) {
    FLOE_RETURN_IF_ERROR(GetNamespaceLocked(bucket, ns).status());
    return NotFound("The specified table does not exist: " + ns + "." + name);
  }
  TableEntry e;
  e.bucket = bucket;
  e.ns = ns;
  e.name = name;
  e.metadata_location = s.Text(0);
  e.previous_metadata_location = s.Text(1);
  e.table_id = s.Text(2);
  e.version_token = s.Text(3);
  e.warehouse_location = s.Text(4);
  e.created_at_ms = s.Int(5);
  e.modified_at_ms = s.Int(6);
  return e;
}

Result<TableEntry> SqliteCatalog::CreateTable(const std::string& bucket, const std::string& ns, const std::string& name,
                                              const std::string& metadata_location,
                                              const std::string& warehouse_location) {
  FLOE_RETURN_IF_ERROR(ValidateTableName(name));
  std::lock_guard<std::mutex> lock(mu_);
  Transaction tx(db_);
  FLOE_RETURN_IF_ERROR(tx.Begun());
  FLOE_RETURN_IF_ERROR(GetNamespaceLocked(bucket, ns).status());
  Stmt t(db_, "INSERT INTO iceberg_tables (catalog_name, table_namespace, table_name, metadata_location, "
              "previous_metadata_location, iceberg_type) VALUES (?, ?, ?, ?, NULL, 'TABLE')");
  t.Bind(bucket).Bind(ns).Bind(name).Bind(metadata_location);
  Status st = t.Run();
  if (st.code() == StatusCode::kAlreadyExists) {
    return AlreadyExists("A table with an identical name already exists in the namespace: " + ns + "." + name);
  }
  FLOE_RETURN_IF_ERROR(st);
  int64_t now = clock_->NowMillis();
  Stmt f(db_, "INSERT INTO floe_tables (catalog_name, table_namespace, table_name, table_id, version_token, "
              "warehouse_location, created_at_ms, modified_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  f.Bind(bucket).Bind(ns).Bind(name).Bind(Uuid::Random().ToString()).Bind(NewToken()).Bind(warehouse_location).Bind(now).Bind(now);
  FLOE_RETURN_IF_ERROR(f.Run());
  FLOE_ASSIGN_OR_RETURN(TableEntry e, GetTableLocked(bucket, ns, name));
  FLOE_RETURN_IF_ERROR(tx.Commit());
  return e;
}

Result<TableEntry> SqliteCatalog::GetTable(const std::string& bucket, const std::string& ns, const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  return GetTableLocked(bucket, ns, name);
}

Result<std::vector<TableEntry>> SqliteCatalog::ListTables(const std::string& bucket, const std::string& ns,
                                                          const std::string& prefix) {
  std::lock_guard<std::mutex> lock(mu_);
  if (ns.empty()) {
    FLOE_RETURN_IF_ERROR(RequireBucketLocked(bucket));
  } else {
    FLOE_RETURN_IF_ERROR(GetNamespaceLocked(bucket, ns).status());
  }
  Stmt s(db_, "SELECT table_namespace, table_name FROM iceberg_tables WHERE catalog_name = ? "
              "ORDER BY table_namespace, table_name");
  s.Bind(bucket);
  std::vector<std::pair<std::string, std::string>> names;
  while (true) {
    FLOE_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    if ((ns.empty() || s.Text(0) == ns) && HasPrefix(s.Text(1), prefix)) names.emplace_back(s.Text(0), s.Text(1));
  }
  std::vector<TableEntry> out;
  for (const auto& [n, t] : names) {
    FLOE_ASSIGN_OR_RETURN(TableEntry e, GetTableLocked(bucket, n, t));
    out.push_back(std::move(e));
  }
  return out;
}

Status SqliteCatalog::DropTable(const std::string& bucket, const std::string& ns, const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  Transaction tx(db_);
  FLOE_RETURN_IF_ERROR(tx.Begun());
  FLOE_RETURN_IF_ERROR(GetTableLocked(bucket, ns, name).status());
  for (const char* sql : {"DELETE FROM iceberg_tables WHERE catalog_name = ? AND table_namespace = ? AND table_name = ?",
                          "DELETE FROM floe_tables WHERE catalog_name = ? AND table_namespace = ? AND table_name = ?"}) {
    Stmt d(db_, sql);
    d.Bind(bucket).Bind(ns).Bind(name);
    FLOE_RETURN_IF_ERROR(d.Run());
  }
  return tx.Commit();
}

Status SqliteCatalog::RenameTable(const std::string& bucket, const std::string& ns, const std::string& name,
                                  const std::string& new_ns, const std::string& new_name) {
  FLOE_RETURN_IF_ERROR(ValidateTableName(new_name));
  std::lock_guard<std::mutex> lock(mu_);
  Transaction tx(db_);
  FLOE_RETURN_IF_ERROR(tx.Begun());
  FLOE_RETURN_IF_ERROR(GetTableLocked(bucket, ns, name).status());
  FLOE_RETURN_IF_ERROR(GetNamespaceLocked(bucket, new_ns).status());
  if (GetTableLocked(bucket, new_ns, new_name).ok()) {
    return AlreadyExists("A table with an identical name already exists in the namespace: " + new_ns + "." + new_name);
  }
  for (const char* sql :
       {"UPDATE iceberg_tables SET table_namespace = ?, table_name = ? WHERE catalog_name = ? AND table_namespace = ? AND table_name = ?",
        "UPDATE floe_tables SET table_namespace = ?, table_name = ? WHERE catalog_name = ? AND table_namespace = ? AND table_name = ?"}) {
    Stmt u(db_, sql);
    u.Bind(new_ns).Bind(new_name).Bind(bucket).Bind(ns).Bind(name);
    FLOE_RETURN_IF_ERROR(u.Run());
  }
  return tx.Commit();
}

Result<TableEntry> SqliteCatalog::SwapMetadataLocation(const std::string& bucket, const std::string& ns,
                                                       const std::string& name, const SwapExpectation& expected,
                                                       const std::string& next) {
  std::lock_guard<std::mutex> lock(mu_);
  Transaction tx(db_);
  FLOE_RETURN_IF_ERROR(tx.Begun());
  FLOE_ASSIGN_OR_RETURN(TableEntry updated, SwapLocked(TableSwap{bucket, ns, name, expected, next}));
  FLOE_RETURN_IF_ERROR(tx.Commit());
  return updated;
}

Result<std::vector<TableEntry>> SqliteCatalog::SwapMetadataLocations(const std::vector<TableSwap>& swaps) {
  std::lock_guard<std::mutex> lock(mu_);
  Transaction tx(db_);
  FLOE_RETURN_IF_ERROR(tx.Begun());
  std::vector<TableEntry> out;
  for (const TableSwap& swap : swaps) {
    FLOE_ASSIGN_OR_RETURN(TableEntry updated, SwapLocked(swap));
    out.push_back(std::move(updated));
  }
  FLOE_RETURN_IF_ERROR(tx.Commit());  // the destructor rolls back on any early return above
  return out;
}

Result<TableEntry> SqliteCatalog::SwapLocked(const TableSwap& swap) {
  const std::string& bucket = swap.bucket;
  const std::string& ns = swap.ns;
  const std::string& name = swap.name;
  const SwapExpectation& expected = swap.expected;
  FLOE_ASSIGN_OR_RETURN(TableEntry current, GetTableLocked(bucket, ns, name));
  if (expected.metadata_location && *expected.metadata_location != current.metadata_location) {
    return Aborted("the table " + ns + "." + name + " moved to " + current.metadata_location + " since " +
                   *expected.metadata_location + " was read");
  }
  if (expected.version_token && *expected.version_token != current.version_token) {
    return Aborted("Provided version token does not match the table version token.");
  }
  Stmt u(db_, "UPDATE iceberg_tables SET metadata_location = ?, previous_metadata_location = ? "
              "WHERE catalog_name = ? AND table_namespace = ? AND table_name = ? AND metadata_location = ?");
  u.Bind(swap.next).Bind(current.metadata_location).Bind(bucket).Bind(ns).Bind(name).Bind(current.metadata_location);
  FLOE_RETURN_IF_ERROR(u.Run());
  if (sqlite3_changes(db_) != 1) return Aborted("the table " + ns + "." + name + " changed during the commit");
  Stmt f(db_, "UPDATE floe_tables SET version_token = ?, modified_at_ms = ? "
              "WHERE catalog_name = ? AND table_namespace = ? AND table_name = ?");
  f.Bind(NewToken()).Bind(clock_->NowMillis()).Bind(bucket).Bind(ns).Bind(name);
  FLOE_RETURN_IF_ERROR(f.Run());
  return GetTableLocked(bucket, ns, name);
}

Status SqliteCatalog::PutSetting(const std::string& kind, const std::string& key, const std::string& value) {
  std::lock_guard<std::mutex> lock(mu_);
  Stmt s(db_, "INSERT INTO floe_settings (kind, key, value) VALUES (?, ?, ?) "
              "ON CONFLICT (kind, key) DO UPDATE SET value = excluded.value");
  s.Bind(kind).Bind(key).Bind(value);
  return s.Run();
}

Result<std::string> SqliteCatalog::GetSetting(const std::string& kind, const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  Stmt s(db_, "SELECT value FROM floe_settings WHERE kind = ? AND key = ?");
  s.Bind(kind).Bind(key);
  FLOE_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return NotFound("no " + kind + " setting for " + key);
  return s.Text(0);
}

Result<std::vector<std::pair<std::string, std::string>>> SqliteCatalog::ListSettings(const std::string& kind,
                                                                                     const std::string& prefix) {
  std::lock_guard<std::mutex> lock(mu_);
  Stmt s(db_, "SELECT key, value FROM floe_settings WHERE kind = ? ORDER BY key");
  s.Bind(kind);
  std::vector<std::pair<std::string, std::string>> out;
  while (true) {
    FLOE_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    std::string key = s.Text(0);
    if (HasPrefix(key, prefix)) out.emplace_back(std::move(key), s.Text(1));
  }
  return out;
}

Status SqliteCatalog::DeleteSetting(const std::string& kind, const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  Stmt s(db_, "DELETE FROM floe_settings WHERE kind = ? AND key = ?");
  s.Bind(kind).Bind(key);
  return s.Run();
}

}  // namespace floe::catalog
