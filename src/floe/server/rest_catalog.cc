#include "floe/server/rest_catalog.h"

#include <httplib.h>

#include <algorithm>
#include <mutex>
#include <unordered_map>

#include "floe/catalog/catalog_pointer.h"
#include "floe/iceberg/json.h"
#include "floe/iceberg/metadata_io.h"
#include "floe/base/uuid.h"
#include "floe/iceberg/table.h"

namespace floe::server {
namespace {

using iceberg::Json;

constexpr char kPrefix[] = "/iceberg/v1";

// Maps a Status to the REST ErrorModel; `kind` names the missing entity for 404s.
void SendError(httplib::Response& res, const Status& st, const char* not_found_type = "NoSuchTableException") {
  int code = 500;
  std::string type = "ServiceFailureException";
  switch (st.code()) {
    case StatusCode::kInvalidArgument: code = 400; type = "BadRequestException"; break;
    case StatusCode::kNotFound: code = 404; type = not_found_type; break;
    case StatusCode::kAlreadyExists: code = 409; type = "AlreadyExistsException"; break;
    case StatusCode::kAborted: code = 409; type = "CommitFailedException"; break;
    case StatusCode::kFailedPrecondition: code = 409; type = "NamespaceNotEmptyException"; break;
    case StatusCode::kUnavailable: code = 503; type = "ServiceUnavailableException"; break;
    default: break;
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
  if (j.is_discarded() || !j.is_object()) return InvalidArgument("request body must be a JSON object");
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
    return InvalidArgument("namespace must be a one-level array such as [\"sales\"]; multipart namespaces are not supported");
  }
  return j[0].get<std::string>();
}

Json LoadResult(const iceberg::Table& t) {
  return Json{{"metadata-location", t.metadata_location()},
              {"metadata", Json::parse(iceberg::TableMetadataToJson(t.metadata()))},
              {"config", Json::object()}};
}

class Handlers {
 public:
  explicit Handlers(const RestCatalogContext* ctx) : ctx_(ctx) {}

  std::string Location(const std::string& bucket, const std::string& ns, const std::string& table) const {
    return ctx_->tables_root + "/" + bucket + "/" + ns + "/" + table;
  }

  Result<std::unique_ptr<iceberg::Table>> Load(const std::string& bucket, const std::string& ns, const std::string& t) {
    FLOE_ASSIGN_OR_RETURN(catalog::TableEntry e, ctx_->catalog->GetTable(bucket, ns, t));
    return iceberg::Table::Load(ctx_->io, catalog::NewCatalogPointer(ctx_->catalog, bucket, ns, t, e.warehouse_location),
                                ctx_->clock);
  }

  void Config(const httplib::Request& req, httplib::Response& res) {
    Json overrides = Json::object();
    if (req.has_param("warehouse")) {
      std::string wh = req.get_param_value("warehouse");
      auto b = ctx_->catalog->GetBucket(wh);
      if (!b.ok()) return SendError(res, b.status(), "NoSuchWarehouseException");
      overrides["prefix"] = wh;
    }
    Json endpoints = Json::array();
    for (const char* e : {"GET /v1/{prefix}/namespaces", "POST /v1/{prefix}/namespaces", "GET /v1/{prefix}/namespaces/{namespace}",
                          "HEAD /v1/{prefix}/namespaces/{namespace}", "DELETE /v1/{prefix}/namespaces/{namespace}",
                          "POST /v1/{prefix}/namespaces/{namespace}/properties", "GET /v1/{prefix}/namespaces/{namespace}/tables",
                          "POST /v1/{prefix}/namespaces/{namespace}/tables", "GET /v1/{prefix}/namespaces/{namespace}/tables/{table}",
                          "HEAD /v1/{prefix}/namespaces/{namespace}/tables/{table}",
                          "POST /v1/{prefix}/namespaces/{namespace}/tables/{table}",
                          "DELETE /v1/{prefix}/namespaces/{namespace}/tables/{table}", "POST /v1/{prefix}/tables/rename",
                          "POST /v1/{prefix}/namespaces/{namespace}/register"}) {
      endpoints.push_back(e);
    }
    SendJson(res, Json{{"defaults", Json::object()}, {"overrides", overrides}, {"endpoints", endpoints}});
  }

  void ListNamespaces(const std::string& bucket, const httplib::Request& req, httplib::Response& res) {
    if (req.has_param("parent") && !req.get_param_value("parent").empty()) {
      return SendError(res, InvalidArgument("Multipart namespaces are not supported."));
    }
    auto list = ctx_->catalog->ListNamespaces(bucket, "");
    if (!list.ok()) return SendError(res, list.status(), "NoSuchWarehouseException");
    Json ns = Json::array();
    for (const auto& n : *list) ns.push_back(Json::array({n.name}));
    SendJson(res, Json{{"namespaces", ns}});
  }

  void CreateNamespace(const std::string& bucket, const httplib::Request& req, httplib::Response& res) {
    auto body = ParseBody(req);
    if (!body.ok()) return SendError(res, body.status());
    auto name = NamespaceFromJson((*body)["namespace"]);
    if (!name.ok()) return SendError(res, name.status());
    catalog::Properties props;
    if (body->contains("properties") && (*body)["properties"].is_object()) {
      for (auto it = (*body)["properties"].begin(); it != (*body)["properties"].end(); ++it) {
        if (!it.value().is_string()) return SendError(res, InvalidArgument("namespace properties must be strings"));
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

  void Namespace(const std::string& bucket, const std::string& ns, const httplib::Request& req, httplib::Response& res) {
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

  void NamespaceProperties(const std::string& bucket, const std::string& ns, const httplib::Request& req,
                           httplib::Response& res) {
    auto body = ParseBody(req);
    if (!body.ok()) return SendError(res, body.status());
    auto before = ctx_->catalog->GetNamespace(bucket, ns);
    if (!before.ok()) return SendError(res, before.status(), "NoSuchNamespaceException");
    catalog::Properties updates;
    std::vector<std::string> removals;
    if (auto u = body->find("updates"); u != body->end() && u->is_object()) {
      for (auto it = u->begin(); it != u->end(); ++it) updates.emplace_back(it.key(), it.value().is_string() ? it.value().get<std::string>() : it.value().dump());
    }
    if (auto r = body->find("removals"); r != body->end() && r->is_array()) {
      for (const auto& k : *r) {
        if (k.is_string()) removals.push_back(k.get<std::string>());
      }
    }
    Json removed = Json::array(), missing = Json::array(), updated = Json::array();
    for (const auto& k : removals) {
      bool had = std::any_of(before->properties.begin(), before->properties.end(), [&](const auto& p) { return p.first == k; });
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
    for (const auto& t : *list) ids.push_back(Json{{"namespace", Json::array({t.ns})}, {"name", t.name}});
    SendJson(res, Json{{"identifiers", ids}});
  }

  void CreateTable(const std::string& bucket, const std::string& ns, const httplib::Request& req, httplib::Response& res) {
    auto body = ParseBody(req);
    if (!body.ok()) return SendError(res, body.status());
    if (!body->contains("name") || !(*body)["name"].is_string()) return SendError(res, InvalidArgument("\"name\" is required"));
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
    std::vector<std::pair<std::string, std::string>> props;
    if (auto p = body->find("properties"); p != body->end() && p->is_object()) {
      for (auto it = p->begin(); it != p->end(); ++it) {
        if (it.value().is_string()) props.emplace_back(it.key(), it.value().get<std::string>());
      }
    }
    std::string location = Location(bucket, ns, name);
    if (body->value("stage-create", false)) {
      // Nothing is written: the client commits the table later with assert-create.
      auto md = iceberg::TableMetadata::NewTable(*schema, spec, iceberg::SortOrder::Unsorted(), location,
                                                 Uuid::Random().ToString(), ctx_->clock->NowMillis(), props);
      if (!md.ok()) return SendError(res, md.status());
      if (ctx_->catalog->GetTable(bucket, ns, name).ok()) {
        return SendError(res, AlreadyExists("A table with an identical name already exists in the namespace: " + ns + "." + name));
      }
      return SendJson(res, Json{{"metadata", Json::parse(iceberg::TableMetadataToJson(*md))}, {"config", Json::object()}});
    }
    auto t = iceberg::Table::Create(ctx_->io, catalog::NewCatalogPointer(ctx_->catalog, bucket, ns, name, location),
                                    ctx_->clock, location, *schema, spec, props);
    if (!t.ok()) return SendError(res, t.status());
    SendJson(res, LoadResult(**t));
  }

  void Table(const std::string& bucket, const std::string& ns, const std::string& name, const httplib::Request& req,
             httplib::Response& res) {
    if (req.method == "DELETE") {
      auto entry = ctx_->catalog->GetTable(bucket, ns, name);
      if (!entry.ok()) return SendError(res, entry.status());
      Status st = ctx_->catalog->DropTable(bucket, ns, name);
      if (!st.ok()) return SendError(res, st);
      if (req.has_param("purgeRequested") && req.get_param_value("purgeRequested") == "true") {
        std::error_code ec;
        std::filesystem::remove_all(entry->warehouse_location, ec);
      }
      res.status = 204;
      return;
    }
    if (req.method == "HEAD" || req.method == "GET") {
      auto entry = ctx_->catalog->GetTable(bucket, ns, name);
      if (!entry.ok()) return SendError(res, entry.status());
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
      std::string body = "{\"metadata-location\":" + Json(entry->metadata_location).dump() + ",\"metadata\":" + **text +
                         ",\"config\":{}}";
      res.status = 200;
      res.set_content(body, "application/json");
      return;
    }
    auto body = ParseBody(req);
    if (!body.ok()) return SendError(res, body.status());
    std::vector<iceberg::TableRequirement> reqs;
    std::vector<iceberg::TableUpdate> updates;
    if (auto r = body->find("requirements"); r != body->end() && r->is_array()) {
      for (const auto& j : *r) {
        auto parsed = iceberg::TableRequirementFromJson(j);
        if (!parsed.ok()) return SendError(res, parsed.status());
        reqs.push_back(*parsed);
      }
    }
    if (auto u = body->find("updates"); u != body->end() && u->is_array()) {
      for (const auto& j : *u) {
        auto parsed = iceberg::TableUpdateFromJson(j);
        if (!parsed.ok()) return SendError(res, parsed.status());
        updates.push_back(*parsed);
      }
    }
    bool creates = std::any_of(reqs.begin(), reqs.end(),
                               [](const auto& r) { return std::holds_alternative<iceberg::AssertCreate>(r); });
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
                    const std::vector<iceberg::TableRequirement>& reqs, const std::vector<iceberg::TableUpdate>& updates,
                    httplib::Response& res) {
    if (Status v = catalog::ValidateTableName(name); !v.ok()) return SendError(res, v);
    auto nsinfo = ctx_->catalog->GetNamespace(bucket, ns);
    if (!nsinfo.ok()) return SendError(res, nsinfo.status(), "NoSuchNamespaceException");
    bool exists = ctx_->catalog->GetTable(bucket, ns, name).ok();
    if (Status st = iceberg::CheckRequirements(exists ? &empty_ : nullptr, reqs); !st.ok()) return SendError(res, st);
    iceberg::TableMetadata base;
    base.location = Location(bucket, ns, name);
    auto md = iceberg::ApplyUpdates(base, updates, ctx_->clock->NowMillis());
    if (!md.ok()) return SendError(res, md.status());
    if (md->table_uuid.empty()) md->table_uuid = Uuid::Random().ToString();
    std::string path = md->location + "/metadata/00000-" + Uuid::Random().ToString() + ".metadata.json";
    if (Status st = iceberg::WriteTableMetadata(ctx_->io, path, *md); !st.ok()) return SendError(res, st);
    auto pointer = catalog::NewCatalogPointer(ctx_->catalog, bucket, ns, name, md->location);
    if (Status st = pointer->Swap("", path); !st.ok()) {
      (void)ctx_->io->Delete(path);
      return SendError(res, st);
    }
    SendJson(res, Json{{"metadata-location", path}, {"metadata", Json::parse(iceberg::TableMetadataToJson(*md))}});
  }

  // Registers an existing metadata file as a new table.
  void Register(const std::string& bucket, const std::string& ns, const httplib::Request& req, httplib::Response& res) {
    auto body = ParseBody(req);
    if (!body.ok()) return SendError(res, body.status());
    std::string name = body->value("name", "");
    std::string location = body->value("metadata-location", "");
    if (name.empty() || location.empty()) return SendError(res, InvalidArgument("\"name\" and \"metadata-location\" are required"));
    if (Status v = catalog::ValidateTableName(name); !v.ok()) return SendError(res, v);
    auto nsinfo = ctx_->catalog->GetNamespace(bucket, ns);
    if (!nsinfo.ok()) return SendError(res, nsinfo.status(), "NoSuchNamespaceException");
    auto md = iceberg::ReadTableMetadata(ctx_->io, location);
    if (!md.ok()) return SendError(res, InvalidArgument("cannot register " + location + ": " + md.status().message()));
    auto entry = ctx_->catalog->CreateTable(bucket, ns, name, location, md->location);
    if (!entry.ok()) return SendError(res, entry.status());
    auto t = Load(bucket, ns, name);
    if (!t.ok()) return SendError(res, t.status());
    SendJson(res, LoadResult(**t));
  }

  void Rename(const std::string& bucket, const httplib::Request& req, httplib::Response& res) {
    auto body = ParseBody(req);
    if (!body.ok()) return SendError(res, body.status());
    auto src = body->find("source");
    auto dst = body->find("destination");
    if (src == body->end() || dst == body->end()) return SendError(res, InvalidArgument("source and destination are required"));
    auto sns = NamespaceFromJson(src->value("namespace", Json()));
    auto dns = NamespaceFromJson(dst->value("namespace", Json()));
    if (!sns.ok()) return SendError(res, sns.status());
    if (!dns.ok()) return SendError(res, dns.status());
    Status st = ctx_->catalog->RenameTable(bucket, *sns, src->value("name", ""), *dns, dst->value("name", ""));
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
    if (text.size() >= 2 && static_cast<uint8_t>(text[0]) == 0x1f && static_cast<uint8_t>(text[1]) == 0x8b) {
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
  server->Get(p + "/config", [h](const httplib::Request& req, httplib::Response& res) { h->Config(req, res); });
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
  server->Post(p + R"(/([^/]+)/namespaces/([^/]+)/properties)", [h](const httplib::Request& req, httplib::Response& res) {
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
  server->Post(p + R"(/([^/]+)/namespaces/([^/]+)/register)", [h](const httplib::Request& req, httplib::Response& res) {
    h->Register(req.matches[1], req.matches[2], req, res);
  });
  server->Post(p + R"(/([^/]+)/tables/rename)", [h](const httplib::Request& req, httplib::Response& res) {
    h->Rename(req.matches[1], req, res);
  });
}

}  // namespace floe::server
