#include "floe/server/rest_catalog.h"

#include <httplib.h>

#include <algorithm>
#include <mutex>
#include <unordered_map>

#include "floe/base/uuid.h"
#include "floe/catalog/catalog_pointer.h"
#include "floe/iceberg/json.h"
#include "floe/iceberg/metadata_io.h"
#include "floe/iceberg/table.h"
#include "floe/server/s3tables_arn.h"
#include "floe/server/s3tables_settings.h"

namespace floe::server {
namespace {

using iceberg::Json;

constexpr char kPrefix[] = "/iceberg/v1";

// Maps a Status to the REST ErrorModel; `kind` names the missing entity for 404s.
void SendError(httplib::Response& res, const Status& st,
               const char* not_found_type = "NoSuchTableException") {
  int code = 500;
  std::string type = "ServiceFailureException";
  switch (st.code()) {
    case StatusCode::kInvalidArgument:
      code = 400;
      type = "BadRequestException";
      break;
    case StatusCode::kNotFound:
      code = 404;
      type = not_found_type;
      break;
    case StatusCode::kAlreadyExists:
      code = 409;
      type = "AlreadyExistsException";
      break;
    case StatusCode::kAborted:
      code = 409;
      type = "CommitFailedException";
      break;
    case StatusCode::kFailedPrecondition:
      code = 409;
      type = "NamespaceNotEmptyException";
      break;
    case StatusCode::kUnavailable:
      code = 503;
      type = "ServiceUnavailableException";
      break;
    default:
      break;
  }
  Json body{{"error", {{"message", st.message()}, {"type", type}, {"code", code}}}};
  res.status = code;
  res.set_content(body.dump(), "application/json");
}

void SendJson(httplib::Response& res, const Json& body, int code = 200) {
  res.status = code;
  res.set_content(body.dump(), "application/json");
}

Result<Json> ParseBody(const httplib::Request& req) {
  Json j = Json::parse(req.body, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return InvalidArgument("request body must be a JSON object");
  return j;
}

// "a" or "a\x1Fb" (multipart namespaces are not supported).
Result<std::string> NamespaceFromPath(const std::string& raw) {
  if (raw.find('\x1F') != std::string::npos || raw.find("%1F") != std::string::npos) {
    return InvalidArgument("Multipart namespaces are not supported.");
  }
  return raw;
}

Result<std::string> NamespaceFromJson(const Json& j) {
  if (!j.is_array() || j.size() != 1 || !j[0].is_string()) {
    return InvalidArgument(
        "namespace must be a one-level array such as [\"sales\"]; multipart namespaces are not "
        "supported");
  }
  return j[0].get<std::string>();
}

Status NoMetadataYet(const std::string& ns, const std::string& table) {
  return NotFound(
      "The table " + ns + "." + table +
      " has no Iceberg metadata yet: set it with the S3 Tables UpdateTableMetadataLocation call");
}

// The "requirements" and "updates" of a commit (UpdateTable, or one change of
// a transaction).
Status ParseCommit(const Json& body, std::vector<iceberg::TableRequirement>* reqs,
                   std::vector<iceberg::TableUpdate>* updates) {
  if (auto r = body.find("requirements"); r != body.end() && r->is_array()) {
    for (const auto& j : *r) {
      FLOE_ASSIGN_OR_RETURN(iceberg::TableRequirement parsed, iceberg::TableRequirementFromJson(j));
      reqs->push_back(std::move(parsed));
    }
  }
  if (auto u = body.find("updates"); u != body.end() && u->is_array()) {
    for (const auto& j : *u) {
      FLOE_ASSIGN_OR_RETURN(iceberg::TableUpdate parsed, iceberg::TableUpdateFromJson(j));
      updates->push_back(std::move(parsed));
    }
  }
  return Status::OK();
}

// Records the swap a Table::Commit asks for instead of making it, so the
// commits of several tables can move together in one catalog transaction.
class DeferredPointer final : public iceberg::MetadataPointer {
 public:
  explicit DeferredPointer(std::string current) : current_(std::move(current)) {}
  Result<std::string> Current() override { return current_; }
  Status Swap(const std::string& expected, const std::string& next) override {
    expected_ = expected;
    next_ = next;
    return Status::OK();
  }
  const std::string& expected() const { return expected_; }
  const std::string& next() const { return next_; }  // empty: nothing to swap

 private:
  std::string current_, expected_, next_;
};

Json LoadResult(const iceberg::Table& t) {
  return Json{{"metadata-location", t.metadata_location()},
              {"metadata", Json::parse(iceberg::TableMetadataToJson(t.metadata()))},
              {"config", Json::object()}};
}

class Handlers {
 public:
  explicit Handlers(const RestCatalogContext* ctx) : ctx_(ctx) {}

  Result<std::unique_ptr<iceberg::Table>> Load(const std::string& bucket, const std::string& ns,
                                               const std::string& t) {
    FLOE_ASSIGN_OR_RETURN(catalog::TableEntry e, ctx_->catalog->GetTable(bucket, ns, t));
    if (e.metadata_location.empty()) return NoMetadataYet(ns, t);
    return iceberg::Table::Load(
        ctx_->io, catalog::NewCatalogPointer(ctx_->catalog, bucket, ns, t, e.warehouse_location),
        ctx_->clock);
  }

  void Config(const httplib::Request& req, httplib::Response& res) {
    Json overrides = Json::object();
    if (req.has_param("warehouse")) {
      std::string wh = req.get_param_value("warehouse");
      // S3 Tables clients name the warehouse by its table bucket ARN.
      if (wh.rfind("arn:", 0) == 0) {
        auto arn = ParseBucketArn(wh);
        if (!arn.ok()) return SendError(res, arn.status());
        wh = arn->bucket;
      }
      auto b = ctx_->catalog->GetBucket(wh);
      if (!b.ok()) return SendError(res, b.status(), "NoSuchWarehouseException");
      overrides["prefix"] = wh;
    }
    Json endpoints = Json::array();
    for (const char* e :
         {"GET /v1/{prefix}/namespaces", "POST /v1/{prefix}/namespaces",
          "GET /v1/{prefix}/namespaces/{namespace}", "HEAD /v1/{prefix}/namespaces/{namespace}",
          "DELETE /v1/{prefix}/namespaces/{namespace}",
          "POST /v1/{prefix}/namespaces/{namespace}/properties",
          "GET /v1/{prefix}/namespaces/{namespace}/tables",
          "POST /v1/{prefix}/namespaces/{namespace}/tables",
          "GET /v1/{prefix}/namespaces/{namespace}/tables/{table}",
          "HEAD /v1/{prefix}/namespaces/{namespace}/tables/{table}",
          "POST /v1/{prefix}/namespaces/{namespace}/tables/{table}",
          "DELETE /v1/{prefix}/namespaces/{namespace}/tables/{table}",
          "POST /v1/{prefix}/tables/rename", "POST /v1/{prefix}/namespaces/{namespace}/register",
          "POST /v1/{prefix}/transactions/commit"}) {
      endpoints.push_back(e);
    }
    SendJson(
        res,
        Json{{"defaults", Json::object()}, {"overrides", overrides}, {"endpoints", endpoints}});
  }

  void ListNamespaces(const std::string& bucket, const httplib::Request& req,
                      httplib::Response& res) {
    if (req.has_param("parent") && !req.get_param_value("parent").empty()) {
      return SendError(res, InvalidArgument("Multipart namespaces are not supported."));
    }
    auto list = ctx_->catalog->ListNamespaces(bucket, "");
    if (!list.ok()) return SendError(res, list.status(), "NoSuchWarehouseException");
    Json ns = Json::array();
    for (const auto& n : *list) ns.push_back(Json::array({n.name}));
    SendJson(res, Json{{"namespaces", ns}});
  }

  void CreateNamespace(const std::string& bucket, const httplib::Request& req,
                       httplib::Response& res) {
    auto body = ParseBody(req);
    if (!body.ok()) return SendError(res, body.status());
    auto name = NamespaceFromJson((*body)["namespace"]);
    if (!name.ok()) return SendError(res, name.status());
    catalog::Properties props;
    if (body->contains("properties") && (*body)["properties"].is_object()) {
      for (auto it = (*body)["properties"].begin(); it != (*body)["properties"].end(); ++it) {
        if (!it.value().is_string())
          return SendError(res, InvalidArgument("namespace properties must be strings"));
        props.emplace_back(it.key(), it.value().get<std::string>());
      }
    }
    auto created = ctx_->catalog->CreateNamespace(bucket, *name, props);
    if (!created.ok()) return SendError(res, created.status(), "NoSuchWarehouseException");
    SendJson(res, NamespaceJson(*created));
  }

  static Json NamespaceJson(const catalog::NamespaceInfo& n) {
    Json props = Json::object();
    for (const auto& [k, v] : n.properties) props[k] = v;
    return Json{{"namespace", Json::array({n.name})}, {"properties", props}};
  }

  void Namespace(const std::string& bucket, const std::string& ns, const httplib::Request& req,
                 httplib::Response& res) {
    if (req.method == "DELETE") {
      Status st = ctx_->catalog->DropNamespace(bucket, ns);
      if (!st.ok()) return SendError(res, st, "NoSuchNamespaceException");
      res.status = 204;
      return;
    }
    auto info = ctx_->catalog->GetNamespace(bucket, ns);
    if (!info.ok()) return SendError(res, info.status(), "NoSuchNamespaceException");
    if (req.method == "HEAD") {
      res.status = 204;
      return;
    }
    SendJson(res, NamespaceJson(*info));
  }

  void NamespaceProperties(const std::string& bucket, const std::string& ns,
                           const httplib::Request& req, httplib::Response& res) {
    auto body = ParseBody(req);
    if (!body.ok()) return SendError(res, body.status());
    auto before = ctx_->catalog->GetNamespace(bucket, ns);
    if (!before.ok()) return SendError(res, before.status(), "NoSuchNamespaceException");
    catalog::Properties updates;
    std::vector<std::string> removals;
    if (auto u = body->find("updates"); u != body->end() && u->is_object()) {
      for (auto it = u->begin(); it != u->end(); ++it)
        updates.emplace_back(
            it.key(), it.value().is_string() ? it.value().get<std::string>() : it.value().dump());
    }
    if (auto r = body->find("removals"); r != body->end() && r->is_array()) {
      for (const auto& k : *r) {
        if (k.is_string()) removals.push_back(k.get<std::string>());
      }
    }
    Json removed = Json::array(), missing = Json::array(), updated = Json::array();
    for (const auto& k : removals) {
      bool had = std::any_of(before->properties.begin(), before->properties.end(),
                             [&](const auto& p) { return p.first == k; });
      (had ? removed : missing).push_back(k);
    }
    for (const auto& [k, v] : updates) updated.push_back(k);
    Status st = ctx_->catalog->UpdateNamespaceProperties(bucket, ns, updates, removals);
    if (!st.ok()) return SendError(res, st, "NoSuchNamespaceException");
    SendJson(res, Json{{"updated", updated}, {"removed", removed}, {"missing", missing}});
  }

  void ListTables(const std::string& bucket, const std::string& ns, httplib::Response& res) {
    auto list = ctx_->catalog->ListTables(bucket, ns, "");
    if (!list.ok()) return SendError(res, list.status(), "NoSuchNamespaceException");
    Json ids = Json::array();
    for (const auto& t : *list)
      ids.push_back(Json{{"namespace", Json::array({t.ns})}, {"name", t.name}});
    SendJson(res, Json{{"identifiers", ids}});
  }

  void CreateTable(const std::string& bucket, const std::string& ns, const httplib::Request& req,
                   httplib::Response& res) {
    auto body = ParseBody(req);
    if (!body.ok()) return SendError(res, body.status());
    if (!body->contains("name") || !(*body)["name"].is_string())
      return SendError(res, InvalidArgument("\"name\" is required"));
    std::string name = (*body)["name"];
    if (Status v = catalog::ValidateTableName(name); !v.ok()) return SendError(res, v);
    auto nsinfo = ctx_->catalog->GetNamespace(bucket, ns);
    if (!nsinfo.ok()) return SendError(res, nsinfo.status(), "NoSuchNamespaceException");
    if (!body->contains("schema")) return SendError(res, InvalidArgument("\"schema\" is required"));
    auto schema = iceberg::SchemaFromJsonValue((*body)["schema"]);
    if (!schema.ok()) return SendError(res, schema.status());
    iceberg::PartitionSpec spec = iceberg::PartitionSpec::Unpartitioned();
    if (body->contains("partition-spec") && !(*body)["partition-spec"].is_null()) {
      auto parsed = iceberg::PartitionSpecFromJsonValue((*body)["partition-spec"]);
      if (!parsed.ok()) return SendError(res, parsed.status());
      spec = *parsed;
    }
    iceberg::SortOrder order = iceberg::SortOrder::Unsorted();
    if (body->contains("write-order") && !(*body)["write-order"].is_null()) {
      auto parsed = iceberg::SortOrderFromJsonValue((*body)["write-order"]);
      if (!parsed.ok()) return SendError(res, parsed.status());
      order = *parsed;
    }
    std::vector<std::pair<std::string, std::string>> props;
    if (auto p = body->find("properties"); p != body->end() && p->is_object()) {
      for (auto it = p->begin(); it != p->end(); ++it) {
        if (it.value().is_string()) props.emplace_back(it.key(), it.value().get<std::string>());
      }
    }
    if (ctx_->catalog->GetTable(bucket, ns, name).ok()) {
      return SendError(
          res, AlreadyExists("A table with an identical name already exists in the namespace: " +
                             ns + "." + name));
    }
    auto location = NewTableLocation(*ctx_, bucket, ns, name);
    if (!location.ok()) return SendError(res, location.status());
    auto md =
        iceberg::TableMetadata::NewTable(*schema, spec, order, *location, Uuid::Random().ToString(),
                                         ctx_->clock->NowMillis(), props);
    if (!md.ok()) return SendError(res, md.status());
    Json metadata = Json::parse(iceberg::TableMetadataToJson(*md));
    // A staged create writes nothing: the client commits the table later with assert-create.
    if (body->value("stage-create", false))
      return SendJson(res, Json{{"metadata", metadata}, {"config", Json::object()}});
    auto path = RegisterNewTable(*ctx_, bucket, ns, name, *md);
    if (!path.ok()) return SendError(res, path.status());
    SendJson(
        res,
        Json{{"metadata-location", *path}, {"metadata", metadata}, {"config", Json::object()}});
  }

  void Table(const std::string& bucket, const std::string& ns, const std::string& name,
             const httplib::Request& req, httplib::Response& res) {
    if (req.method == "DELETE") {
      auto entry = ctx_->catalog->GetTable(bucket, ns, name);
      if (!entry.ok()) return SendError(res, entry.status());
      Status st = ctx_->catalog->DropTable(bucket, ns, name);
      if (!st.ok()) return SendError(res, st);
      st = DeleteTableSettings(ctx_->catalog, TableSettingsKey(bucket, ns, name));
      if (!st.ok()) return SendError(res, st);
      // Only folders floe made for its tables are purged.
      if (req.has_param("purgeRequested") && req.get_param_value("purgeRequested") == "true" &&
          entry->warehouse_location.rfind(ctx_->tables_root + "/", 0) == 0) {
        std::error_code ec;
        std::filesystem::remove_all(entry->warehouse_location, ec);
      }
      res.status = 204;
      return;
    }
    if (req.method == "HEAD" || req.method == "GET") {
      auto entry = ctx_->catalog->GetTable(bucket, ns, name);
      if (!entry.ok()) return SendError(res, entry.status());
      if (entry->metadata_location.empty()) return SendError(res, NoMetadataYet(ns, name));
      if (req.method == "HEAD") {
        res.status = 204;
        return;
      }
      std::string etag = "\"" + entry->metadata_location + "\"";
      if (req.get_header_value("If-None-Match") == etag) {
        res.status = 304;
        return;
      }
      auto text = MetadataText(entry->metadata_location);
      if (!text.ok()) return SendError(res, text.status());
      res.set_header("ETag", etag);
      // Metadata files never change once written: serve the file's JSON as is.
      std::string body = "{\"metadata-location\":" + Json(entry->metadata_location).dump() +
                         ",\"metadata\":" + **text + ",\"config\":{}}";
      res.status = 200;
      res.set_content(body, "application/json");
      return;
    }
    auto body = ParseBody(req);
    if (!body.ok()) return SendError(res, body.status());
    std::vector<iceberg::TableRequirement> reqs;
    std::vector<iceberg::TableUpdate> updates;
    if (Status st = ParseCommit(*body, &reqs, &updates); !st.ok()) return SendError(res, st);
    bool creates = std::any_of(reqs.begin(), reqs.end(), [](const auto& r) {
      return std::holds_alternative<iceberg::AssertCreate>(r);
    });
    if (creates) return CommitCreate(bucket, ns, name, reqs, updates, res);
    auto t = Load(bucket, ns, name);
    if (!t.ok()) return SendError(res, t.status());
    // POST: commit.
    Status st = (*t)->Commit(reqs, updates);
    if (!st.ok()) return SendError(res, st);
    SendJson(res, Json{{"metadata-location", (*t)->metadata_location()},
                       {"metadata", Json::parse(iceberg::TableMetadataToJson((*t)->metadata()))}});
  }

  // Completes a staged create: the table's first metadata comes from the
  // commit's updates applied to an empty table.
  void CommitCreate(const std::string& bucket, const std::string& ns, const std::string& name,
                    const std::vector<iceberg::TableRequirement>& reqs,
                    const std::vector<iceberg::TableUpdate>& updates, httplib::Response& res) {
    if (Status v = catalog::ValidateTableName(name); !v.ok()) return SendError(res, v);
    auto nsinfo = ctx_->catalog->GetNamespace(bucket, ns);
    if (!nsinfo.ok()) return SendError(res, nsinfo.status(), "NoSuchNamespaceException");
    bool exists = ctx_->catalog->GetTable(bucket, ns, name).ok();
    if (Status st = iceberg::CheckRequirements(exists ? &empty_ : nullptr, reqs); !st.ok())
      return SendError(res, st);
    auto location = NewTableLocation(*ctx_, bucket, ns, name);
    if (!location.ok()) return SendError(res, location.status());
    iceberg::TableMetadata base;
    base.location = *location;
    auto md = iceberg::ApplyUpdates(base, updates, ctx_->clock->NowMillis());
    if (!md.ok()) return SendError(res, md.status());
    if (md->table_uuid.empty()) md->table_uuid = Uuid::Random().ToString();
    auto path = RegisterNewTable(*ctx_, bucket, ns, name, *md);
    if (!path.ok()) {
      // The table appeared between the requirement check and the registration.
      if (path.status().code() == StatusCode::kAlreadyExists)
        return SendError(res, Aborted(path.status().message()));
      return SendError(res, path.status());
    }
    SendJson(res, Json{{"metadata-location", *path},
                       {"metadata", Json::parse(iceberg::TableMetadataToJson(*md))}});
  }

  // Registers an existing metadata file as a new table.
  void Register(const std::string& bucket, const std::string& ns, const httplib::Request& req,
                httplib::Response& res) {
    auto body = ParseBody(req);
    if (!body.ok()) return SendError(res, body.status());
    std::string name = body->value("name", "");
    std::string location = body->value("metadata-location", "");
    if (name.empty() || location.empty())
      return SendError(res, InvalidArgument("\"name\" and \"metadata-location\" are required"));
    if (Status v = catalog::ValidateTableName(name); !v.ok()) return SendError(res, v);
    auto nsinfo = ctx_->catalog->GetNamespace(bucket, ns);
    if (!nsinfo.ok()) return SendError(res, nsinfo.status(), "NoSuchNamespaceException");
    auto md = iceberg::ReadTableMetadata(ctx_->io, location);
    if (!md.ok())
      return SendError(
          res, InvalidArgument("cannot register " + location + ": " + md.status().message()));
    auto entry = ctx_->catalog->CreateTable(bucket, ns, name, location, md->location);
    if (!entry.ok()) return SendError(res, entry.status());
    auto t = Load(bucket, ns, name);
    if (!t.ok()) return SendError(res, t.status());
    SendJson(res, LoadResult(**t));
  }

  // Each change's requirements are checked and its next metadata written
  // first; then every table moves in one catalog transaction. A failed
  // requirement or a concurrent commit leaves all the tables as they were.
  void CommitTransaction(const std::string& bucket, const httplib::Request& req,
                         httplib::Response& res) {
    auto body = ParseBody(req);
    if (!body.ok()) return SendError(res, body.status());
    auto changes = body->find("table-changes");
    if (changes == body->end() || !changes->is_array() || changes->empty()) {
      return SendError(res, InvalidArgument("\"table-changes\" must be a non-empty array of "
                                            "{identifier, requirements, updates}"));
    }
    std::vector<catalog::TableSwap> swaps;
    std::vector<std::string> seen;
    auto fail = [&](const Status& st) {
      for (const auto& s : swaps) (void)ctx_->io->Delete(s.next);
      SendError(res, st);
    };
    for (const Json& change : *changes) {
      const Json id = change.is_object() ? change.value("identifier", Json()) : Json();
      if (!id.is_object() || !id.contains("name") || !id["name"].is_string()) {
        return fail(InvalidArgument(
            "every table change needs an \"identifier\" with \"namespace\" and \"name\""));
      }
      auto ns = NamespaceFromJson(id.value("namespace", Json()));
      if (!ns.ok()) return fail(ns.status());
      const std::string name = id["name"];
      const std::string key = *ns + "." + name;
      if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
        return fail(InvalidArgument(
            "the table " + key + " appears twice in the transaction; merge its changes into one"));
      }
      seen.push_back(key);
      std::vector<iceberg::TableRequirement> reqs;
      std::vector<iceberg::TableUpdate> updates;
      if (Status st = ParseCommit(change, &reqs, &updates); !st.ok()) return fail(st);
      if (std::any_of(reqs.begin(), reqs.end(), [](const auto& r) {
            return std::holds_alternative<iceberg::AssertCreate>(r);
          })) {
        return fail(InvalidArgument("assert-create is not supported in a transaction: create " +
                                    key + " first"));
      }
      auto entry = ctx_->catalog->GetTable(bucket, *ns, name);
      if (!entry.ok()) return fail(entry.status());
      if (entry->metadata_location.empty()) return fail(NoMetadataYet(*ns, name));
      auto owned = std::make_unique<DeferredPointer>(entry->metadata_location);
      DeferredPointer* pointer = owned.get();
      auto t = iceberg::Table::Load(ctx_->io, std::move(owned), ctx_->clock);
      if (!t.ok()) return fail(t.status());
      if (Status st = (*t)->Commit(reqs, updates); !st.ok()) return fail(st);
      if (pointer->next().empty()) continue;  // requirements only: nothing to move
      swaps.push_back(catalog::TableSwap{
          bucket, *ns, name, catalog::SwapExpectation{pointer->expected(), std::nullopt},
          pointer->next()});
    }
    if (!swaps.empty()) {
      auto done = ctx_->catalog->SwapMetadataLocations(swaps);
      if (!done.ok()) {
        // Only a certain non-swap (Aborted) proves the new files unreferenced.
        if (done.status().code() == StatusCode::kAborted) return fail(done.status());
        return SendError(res, done.status());
      }
      for (const auto& s : swaps) (void)iceberg::WriteVersionHint(s.next);
    }
    res.status = 204;
  }

  void Rename(const std::string& bucket, const httplib::Request& req, httplib::Response& res) {
    auto body = ParseBody(req);
    if (!body.ok()) return SendError(res, body.status());
    auto src = body->find("source");
    auto dst = body->find("destination");
    if (src == body->end() || dst == body->end())
      return SendError(res, InvalidArgument("source and destination are required"));
    auto sns = NamespaceFromJson(src->value("namespace", Json()));
    auto dns = NamespaceFromJson(dst->value("namespace", Json()));
    if (!sns.ok()) return SendError(res, sns.status());
    if (!dns.ok()) return SendError(res, dns.status());
    const std::string from = src->value("name", ""), to = dst->value("name", "");
    Status st = ctx_->catalog->RenameTable(bucket, *sns, from, *dns, to);
    if (!st.ok()) return SendError(res, st);
    st = MoveTableSettings(ctx_->catalog, TableSettingsKey(bucket, *sns, from),
                           TableSettingsKey(bucket, *dns, to));
    if (!st.ok()) return SendError(res, st);
    res.status = 204;
  }

 private:
  // The JSON text of a metadata file, cached: metadata files are immutable.
  Result<std::shared_ptr<const std::string>> MetadataText(const std::string& location) {
    {
      std::lock_guard<std::mutex> lock(cache_mu_);
      auto it = cache_.find(location);
      if (it != cache_.end()) return it->second;
    }
    FLOE_ASSIGN_OR_RETURN(auto file, ctx_->io->OpenRead(location));
    std::string text;
    FLOE_RETURN_IF_ERROR(file->ReadAt(0, file->Size(), &text));
    if (text.size() >= 2 && static_cast<uint8_t>(text[0]) == 0x1f &&
        static_cast<uint8_t>(text[1]) == 0x8b) {
      FLOE_ASSIGN_OR_RETURN(text, iceberg::Gunzip(text));
    }
    auto shared = std::make_shared<const std::string>(std::move(text));
    std::lock_guard<std::mutex> lock(cache_mu_);
    if (cache_.size() >= 1024) cache_.clear();
    cache_[location] = shared;
    return shared;
  }

  const RestCatalogContext* ctx_;
  const iceberg::TableMetadata empty_;  // stands for "a table exists" in assert-create checks
  std::mutex cache_mu_;
  std::unordered_map<std::string, std::shared_ptr<const std::string>> cache_;
};

}  // namespace

void RegisterRestCatalog(httplib::Server* server, const RestCatalogContext* context) {
  auto h = std::make_shared<Handlers>(context);
  const std::string p = kPrefix;
  server->Get(p + "/config",
              [h](const httplib::Request& req, httplib::Response& res) { h->Config(req, res); });
  auto ns_list = [h](const httplib::Request& req, httplib::Response& res) {
    std::string bucket = req.matches[1];
    if (req.method == "POST") return h->CreateNamespace(bucket, req, res);
    h->ListNamespaces(bucket, req, res);
  };
  server->Get(p + R"(/([^/]+)/namespaces)", ns_list);
  server->Post(p + R"(/([^/]+)/namespaces)", ns_list);
  auto ns_one = [h](const httplib::Request& req, httplib::Response& res) {
    auto ns = NamespaceFromPath(req.matches[2]);
    if (!ns.ok()) return SendError(res, ns.status());
    h->Namespace(req.matches[1], *ns, req, res);
  };
  server->Get(p + R"(/([^/]+)/namespaces/([^/]+))", ns_one);
  server->Delete(p + R"(/([^/]+)/namespaces/([^/]+))", ns_one);
  server->Post(p + R"(/([^/]+)/namespaces/([^/]+)/properties)",
               [h](const httplib::Request& req, httplib::Response& res) {
                 h->NamespaceProperties(req.matches[1], req.matches[2], req, res);
               });
  auto tables = [h](const httplib::Request& req, httplib::Response& res) {
    if (req.method == "POST") return h->CreateTable(req.matches[1], req.matches[2], req, res);
    h->ListTables(req.matches[1], req.matches[2], res);
  };
  server->Get(p + R"(/([^/]+)/namespaces/([^/]+)/tables)", tables);
  server->Post(p + R"(/([^/]+)/namespaces/([^/]+)/tables)", tables);
  auto table = [h](const httplib::Request& req, httplib::Response& res) {
    h->Table(req.matches[1], req.matches[2], req.matches[3], req, res);
  };
  server->Get(p + R"(/([^/]+)/namespaces/([^/]+)/tables/([^/]+))", table);
  server->Post(p + R"(/([^/]+)/namespaces/([^/]+)/tables/([^/]+))", table);
  server->Delete(p + R"(/([^/]+)/namespaces/([^/]+)/tables/([^/]+))", table);
  server->Post(p + R"(/([^/]+)/namespaces/([^/]+)/register)",
               [h](const httplib::Request& req, httplib::Response& res) {
                 h->Register(req.matches[1], req.matches[2], req, res);
               });
  server->Post(p + R"(/([^/]+)/tables/rename)",
               [h](const httplib::Request& req, httplib::Response& res) {
                 h->Rename(req.matches[1], req, res);
               });
  server->Post(p + R"(/([^/]+)/transactions/commit)",
               [h](const httplib::Request& req, httplib::Response& res) {
                 h->CommitTransaction(req.matches[1], req, res);
               });
  // Anything else under the prefix answers in the REST error model, never
  // falls through to the other APIs on the port.
  auto unknown = [](const httplib::Request& req, httplib::Response& res) {
    Json body{
        {"error",
         {{"message", "The Iceberg REST catalog has no route for " + req.method + " " + req.path},
          {"type", "NoSuchEndpointException"},
          {"code", 404}}}};
    SendJson(res, body, 404);
  };
  server->Get(p + "/.*", unknown);
  server->Post(p + "/.*", unknown);
  server->Put(p + "/.*", unknown);
  server->Delete(p + "/.*", unknown);
}

Result<std::string> NewTableLocation(const RestCatalogContext& ctx, const std::string& bucket,
                                     const std::string& ns, const std::string& table) {
  const std::string base = ctx.tables_root + "/" + bucket + "/" + ns + "/" + table;
  FLOE_ASSIGN_OR_RETURN(std::vector<catalog::TableEntry> tables, ctx.catalog->ListTables(bucket));
  auto taken = [&](const std::string& location) -> Result<bool> {
    for (const auto& t : tables) {
      if (t.warehouse_location == location) return true;
    }
    return ctx.io->Exists(location + "/metadata");
  };
  FLOE_ASSIGN_OR_RETURN(bool base_taken, taken(base));
  if (!base_taken) return base;
  for (int attempt = 0; attempt < 8; ++attempt) {
    std::string candidate = base + "-" + Uuid::Random().ToString().substr(0, 8);
    FLOE_ASSIGN_OR_RETURN(bool candidate_taken, taken(candidate));
    if (!candidate_taken) return candidate;
  }
  return Internal("no free folder for table " + ns + "." + table + " next to " + base);
}

Result<std::string> RegisterNewTable(const RestCatalogContext& ctx, const std::string& bucket,
                                     const std::string& ns, const std::string& table,
                                     const iceberg::TableMetadata& metadata) {
  const std::string path =
      metadata.location + "/metadata/00000-" + Uuid::Random().ToString() + ".metadata.json";
  FLOE_RETURN_IF_ERROR(iceberg::WriteTableMetadata(ctx.io, path, metadata));
  auto pointer = catalog::NewCatalogPointer(ctx.catalog, bucket, ns, table, metadata.location);
  if (Status st = pointer->Swap("", path); !st.ok()) {
    (void)ctx.io->Delete(path);
    if (st.code() == StatusCode::kAborted) return AlreadyExists(st.message());
    return st;
  }
  return path;
}

}  // namespace floe::server
