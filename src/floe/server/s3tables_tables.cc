// Tables: create (with Iceberg metadata written as the REST catalog writes
// it), get, list, delete, rename, and the metadata location with its
// version-token compare-and-swap.
#include <filesystem>
#include <map>

#include "floe/base/uuid.h"
#include "floe/iceberg/table.h"
#include "floe/server/rest_catalog.h"
#include "floe/server/s3tables_arn.h"
#include "floe/server/s3tables_handlers.h"

namespace floe::server {
namespace {

RestCatalogContext RestContext(const ServerContext& ctx) {
  return RestCatalogContext{ctx.catalog, ctx.io, ctx.clock, ctx.tables_root};
}

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

Status BadMetadata(const std::string& why) {
  return InvalidArgument("The specified metadata is not valid: " + why);
}

// S3 Tables' schema ({"fields":[{"id"?, "name", "type", "required"?}]}) as an
// Iceberg schema; fields without an id get the next free one, in order.
Result<iceberg::Schema> SchemaFromS3Tables(const Json& schema) {
  if (!schema.is_object() || !schema.contains("fields") || !schema["fields"].is_array()) {
    return BadMetadata("metadata.iceberg.schema needs a \"fields\" list");
  }
  int32_t next_id = 1;
  for (const Json& f : schema["fields"]) {
    if (f.is_object() && f.contains("id") && f["id"].is_number_integer())
      next_id = std::max(next_id, f["id"].get<int32_t>() + 1);
  }
  Json fields = Json::array();
  for (const Json& f : schema["fields"]) {
    if (!f.is_object() || !f.contains("name") || !f["name"].is_string() || !f.contains("type")) {
      return BadMetadata("every schema field needs a \"name\" and a \"type\"");
    }
    Json field{{"id", f.contains("id") ? f["id"] : Json(next_id++)},
               {"name", f["name"]},
               {"required", f.value("required", false)},
               {"type", f["type"]}};
    if (f.contains("doc")) field["doc"] = f["doc"];
    fields.push_back(field);
  }
  Json iceberg{{"type", "struct"}, {"schema-id", 0}, {"fields", fields}};
  auto parsed = iceberg::SchemaFromJsonValue(iceberg);
  if (!parsed.ok()) return BadMetadata(parsed.status().message());
  return parsed;
}

// metadata.iceberg → the table's first metadata at `location`.
Result<iceberg::TableMetadata> MetadataFromS3Tables(const ServerContext& ctx, const Json& iceberg,
                                                    const std::string& location) {
  if (!iceberg.is_object()) return BadMetadata("metadata.iceberg must be an object");
  Result<iceberg::Schema> schema = BadMetadata("metadata.iceberg needs a schema (or schemaV2)");
  if (iceberg.contains("schemaV2")) {
    Json v2 = iceberg["schemaV2"];
    if (v2.is_object() && !v2.contains("schema-id")) v2["schema-id"] = 0;
    schema = iceberg::SchemaFromJsonValue(v2);
    if (!schema.ok()) return BadMetadata(schema.status().message());
  } else if (iceberg.contains("schema")) {
    schema = SchemaFromS3Tables(iceberg["schema"]);
  }
  FLOE_RETURN_IF_ERROR(schema.status());
  iceberg::PartitionSpec spec = iceberg::PartitionSpec::Unpartitioned();
  if (auto p = iceberg.find("partitionSpec"); p != iceberg.end() && !p->is_null()) {
    Json j = *p;
    if (j.is_object() && !j.contains("spec-id")) j["spec-id"] = 0;
    if (j.is_object() && j.contains("fields") && j["fields"].is_array()) {
      int32_t field_id = 1000;
      for (Json& f : j["fields"]) {
        if (f.is_object() && !f.contains("field-id")) f["field-id"] = field_id;
        ++field_id;
      }
    }
    auto parsed = iceberg::PartitionSpecFromJsonValue(j);
    if (!parsed.ok()) return BadMetadata(parsed.status().message());
    spec = *parsed;
  }
  iceberg::SortOrder order = iceberg::SortOrder::Unsorted();
  if (auto w = iceberg.find("writeOrder"); w != iceberg.end() && !w->is_null()) {
    Json j = *w;
    if (j.is_object() && !j.contains("order-id"))
      j["order-id"] = j.value("fields", Json::array()).empty() ? 0 : 1;
    auto parsed = iceberg::SortOrderFromJsonValue(j);
    if (!parsed.ok()) return BadMetadata(parsed.status().message());
    order = *parsed;
  }
  std::vector<std::pair<std::string, std::string>> props;
  if (auto p = iceberg.find("properties"); p != iceberg.end() && p->is_object()) {
    for (auto it = p->begin(); it != p->end(); ++it) {
      if (!it.value().is_string())
        return BadMetadata("table property " + it.key() + " must be a string");
      props.emplace_back(it.key(), it.value().get<std::string>());
    }
  }
  auto md = iceberg::TableMetadata::NewTable(
      *schema, spec, order, location, Uuid::Random().ToString(), ctx.clock->NowMillis(), props);
  if (!md.ok()) return BadMetadata(md.status().message());
  return md;
}

// A table with its namespace and bucket ids, for GetTable and the ARN.
struct TableView {
  catalog::TableEntry entry;
  std::string namespace_id;
  std::string bucket_id;
};

Result<TableView> LoadTable(const ServerContext& ctx, const std::string& bucket,
                            const std::string& ns, const std::string& name) {
  FLOE_ASSIGN_OR_RETURN(catalog::TableBucket b, ctx.catalog->GetBucket(bucket));
  FLOE_ASSIGN_OR_RETURN(catalog::NamespaceInfo n, ctx.catalog->GetNamespace(bucket, ns));
  FLOE_ASSIGN_OR_RETURN(catalog::TableEntry e, ctx.catalog->GetTable(bucket, ns, name));
  return TableView{std::move(e), n.namespace_id, b.bucket_id};
}

Json TableJson(const S3TablesCall& c, const TableView& v) {
  const catalog::TableEntry& e = v.entry;
  Json out{{"name", e.name},
           {"type", "customer"},
           {"tableARN", c.TableArnOf(e.bucket, e.table_id)},
           {"namespace", Json::array({e.ns})},
           {"namespaceId", v.namespace_id},
           {"versionToken", e.version_token}};
  if (!e.metadata_location.empty()) out["metadataLocation"] = e.metadata_location;
  out["warehouseLocation"] = e.warehouse_location;
  out["createdAt"] = IsoTimestamp(e.created_at_ms);
  out["createdBy"] = c.ctx->account_id;
  out["modifiedAt"] = IsoTimestamp(e.modified_at_ms);
  out["modifiedBy"] = c.ctx->account_id;
  out["ownerAccountId"] = c.ctx->account_id;
  out["format"] = "ICEBERG";
  out["tableBucketId"] = v.bucket_id;
  return out;
}

// Conflict unless `token` is empty or the table's current token.
bool TokenMatches(S3TablesCall& c, const std::string& token, const catalog::TableEntry& e) {
  if (token.empty() || token == e.version_token) return true;
  SendAwsError(c.res, 409, "ConflictException", kTokenMismatch);
  return false;
}

}  // namespace

void CreateTable(S3TablesCall& c, const std::string& bucket, const std::string& ns) {
  const ServerContext& ctx = *c.ctx;
  auto body = ParseAwsBody(c.req);
  if (!body.ok()) return SendStatus(c.res, body.status());
  const Json name_json = body->value("name", Json());
  if (!name_json.is_string()) return SendStatus(c.res, InvalidArgument("name is required."));
  const std::string name = name_json;
  const Json format = body->value("format", Json());
  if (format != "ICEBERG")
    return SendStatus(c.res, InvalidArgument("format is required and must be ICEBERG."));
  if (Status v = catalog::ValidateTableName(name); !v.ok()) return SendStatus(c.res, v);
  auto nsinfo = ctx.catalog->GetNamespace(bucket, ns);
  if (!nsinfo.ok()) return SendStatus(c.res, nsinfo.status());
  if (ctx.catalog->GetTable(bucket, ns, name).ok()) {
    return SendAwsError(c.res, 409, "ConflictException",
                        "A table with an identical name already exists in the namespace.");
  }
  Result<Json> encryption = BucketEncryption(ctx, bucket);
  if (auto e = body->find("encryptionConfiguration"); e != body->end())
    encryption = ValidateEncryption(*e);
  if (!encryption.ok()) return SendStatus(c.res, encryption.status());
  const RestCatalogContext rest = RestContext(ctx);
  auto location = NewTableLocation(rest, bucket, ns, name);
  if (!location.ok()) return SendStatus(c.res, location.status());
  Result<catalog::TableEntry> entry = Internal("unset");
  const Json metadata = body->value("metadata", Json());
  if (!metadata.is_null()) {
    if (!metadata.is_object() || !metadata.contains("iceberg")) {
      return SendStatus(c.res, BadMetadata("metadata must be {\"iceberg\": {\"schema\": ...}}"));
    }
    auto md = MetadataFromS3Tables(ctx, metadata["iceberg"], *location);
    if (!md.ok()) return SendStatus(c.res, md.status());
    auto path = RegisterNewTable(rest, bucket, ns, name, *md);
    if (!path.ok()) return SendStatus(c.res, path.status());
    entry = ctx.catalog->GetTable(bucket, ns, name);
  } else {
    // Like AWS: no metadata until the client sets it with UpdateTableMetadataLocation.
    entry = ctx.catalog->CreateTable(bucket, ns, name, "", *location);
  }
  if (entry.status().code() == StatusCode::kAlreadyExists) {
    return SendAwsError(c.res, 409, "ConflictException",
                        "A table with an identical name already exists in the namespace.");
  }
  if (!entry.ok()) return SendStatus(c.res, entry.status());
  const std::string key = TableSettingsKey(bucket, ns, name);
  if (Status st = ctx.catalog->PutSetting(kTableEncryptionKind, key, encryption->dump());
      !st.ok()) {
    return SendStatus(c.res, st);
  }
  SendJsonBody(c.res, Json{{"tableARN", c.TableArnOf(bucket, entry->table_id)},
                           {"versionToken", entry->version_token}});
}

void GetTable(S3TablesCall& c) {
  std::string bucket, ns, name;
  if (c.req.has_param("tableArn")) {
    auto arn = ParseTableArn(c.req.get_param_value("tableArn"));
    if (!arn.ok()) return SendStatus(c.res, arn.status());
    auto tables = c.ctx->catalog->ListTables(arn->bucket);
    if (!tables.ok()) return SendStatus(c.res, tables.status());
    for (const auto& t : *tables) {
      if (t.table_id == arn->table_id) bucket = t.bucket, ns = t.ns, name = t.name;
    }
    if (name.empty()) return SendAwsError(c.res, 404, "NotFoundException", kNoSuchTable);
  } else {
    auto arn = ParseBucketArn(Param(c.req, "tableBucketARN"));
    if (!arn.ok()) return SendStatus(c.res, arn.status());
    bucket = arn->bucket;
    ns = Param(c.req, "namespace");
    name = Param(c.req, "name");
    if (ns.empty() || name.empty()) {
      return SendStatus(c.res,
                        InvalidArgument("Give tableBucketARN, namespace and name, or tableArn."));
    }
  }
  auto view = LoadTable(*c.ctx, bucket, ns, name);
  if (!view.ok()) return SendStatus(c.res, view.status());
  SendJsonBody(c.res, TableJson(c, *view));
}

void ListTables(S3TablesCall& c, const std::string& bucket) {
  auto page = ParsePage(c.req, "maxTables");
  if (!page.ok()) return SendStatus(c.res, page.status());
  auto b = c.ctx->catalog->GetBucket(bucket);
  if (!b.ok()) return SendStatus(c.res, b.status());
  auto tables =
      c.ctx->catalog->ListTables(bucket, Param(c.req, "namespace"), Param(c.req, "prefix"));
  if (!tables.ok()) return SendStatus(c.res, tables.status());
  auto namespaces = c.ctx->catalog->ListNamespaces(bucket);
  if (!namespaces.ok()) return SendStatus(c.res, namespaces.status());
  std::map<std::string, std::string> ns_ids;
  for (const auto& n : *namespaces) ns_ids[n.name] = n.namespace_id;
  std::string next;
  Json list = Json::array();
  auto key = [](const catalog::TableEntry& t) { return t.ns + "/" + t.name; };
  for (const auto* t : TakePage(*tables, *page, key, &next)) {
    list.push_back(Json{{"namespace", Json::array({t->ns})},
                        {"name", t->name},
                        {"type", "customer"},
                        {"tableARN", c.TableArnOf(bucket, t->table_id)},
                        {"createdAt", IsoTimestamp(t->created_at_ms)},
                        {"modifiedAt", IsoTimestamp(t->modified_at_ms)},
                        {"namespaceId", ns_ids[t->ns]},
                        {"tableBucketId", b->bucket_id}});
  }
  Json out{{"tables", list}};
  if (!next.empty()) out["continuationToken"] = next;
  SendJsonBody(c.res, out);
}

void DeleteTable(S3TablesCall& c, const std::string& bucket, const std::string& ns,
                 const std::string& name) {
  auto view = LoadTable(*c.ctx, bucket, ns, name);
  if (!view.ok()) return SendStatus(c.res, view.status());
  if (!TokenMatches(c, Param(c.req, "versionToken"), view->entry)) return;
  if (Status st = c.ctx->catalog->DropTable(bucket, ns, name); !st.ok())
    return SendStatus(c.res, st);
  if (Status st = DeleteTableSettings(c.ctx->catalog, TableSettingsKey(bucket, ns, name));
      !st.ok()) {
    return SendStatus(c.res, st);
  }
  // Deleting a table deletes its data, as on AWS; only folders floe made are removed.
  const std::string& location = view->entry.warehouse_location;
  if (location.rfind(c.ctx->tables_root + "/", 0) == 0) {
    std::error_code ec;
    std::filesystem::remove_all(location, ec);
  }
  c.res.status = 204;
}

void RenameTable(S3TablesCall& c, const std::string& bucket, const std::string& ns,
                 const std::string& name) {
  auto body = ParseAwsBody(c.req);
  if (!body.ok()) return SendStatus(c.res, body.status());
  const Json new_ns = body->value("newNamespaceName", Json());
  const Json new_name = body->value("newName", Json());
  const Json token = body->value("versionToken", Json());
  if ((!new_ns.is_null() && !new_ns.is_string()) ||
      (!new_name.is_null() && !new_name.is_string()) || (!token.is_null() && !token.is_string())) {
    return SendStatus(
        c.res, InvalidArgument("newNamespaceName, newName and versionToken must be strings."));
  }
  if (new_ns.is_null() && new_name.is_null()) {
    return SendStatus(c.res, InvalidArgument("Give newNamespaceName, newName or both."));
  }
  const std::string to_ns = new_ns.is_null() ? ns : new_ns.get<std::string>();
  const std::string to_name = new_name.is_null() ? name : new_name.get<std::string>();
  if (Status v = catalog::ValidateTableName(to_name); !v.ok()) return SendStatus(c.res, v);
  auto view = LoadTable(*c.ctx, bucket, ns, name);
  if (!view.ok()) return SendStatus(c.res, view.status());
  if (!TokenMatches(c, token.is_null() ? "" : token.get<std::string>(), view->entry)) return;
  Status st = c.ctx->catalog->RenameTable(bucket, ns, name, to_ns, to_name);
  if (st.code() == StatusCode::kAlreadyExists) {
    return SendAwsError(c.res, 409, "ConflictException",
                        "A table with an identical name already exists in the namespace.");
  }
  if (!st.ok()) return SendStatus(c.res, st);
  st = MoveTableSettings(c.ctx->catalog, TableSettingsKey(bucket, ns, name),
                         TableSettingsKey(bucket, to_ns, to_name));
  if (!st.ok()) return SendStatus(c.res, st);
  c.res.status = 204;
}

void GetTableMetadataLocation(S3TablesCall& c, const std::string& bucket, const std::string& ns,
                              const std::string& name) {
  auto view = LoadTable(*c.ctx, bucket, ns, name);
  if (!view.ok()) return SendStatus(c.res, view.status());
  Json out{{"versionToken", view->entry.version_token}};
  if (!view->entry.metadata_location.empty())
    out["metadataLocation"] = view->entry.metadata_location;
  out["warehouseLocation"] = view->entry.warehouse_location;
  SendJsonBody(c.res, out);
}

void UpdateTableMetadataLocation(S3TablesCall& c, const std::string& bucket, const std::string& ns,
                                 const std::string& name) {
  auto body = ParseAwsBody(c.req);
  if (!body.ok()) return SendStatus(c.res, body.status());
  const Json token = body->value("versionToken", Json());
  const Json location_json = body->value("metadataLocation", Json());
  if (!token.is_string() || !location_json.is_string()) {
    return SendStatus(c.res, InvalidArgument("versionToken and metadataLocation are required."));
  }
  const std::string location = location_json;
  auto view = LoadTable(*c.ctx, bucket, ns, name);
  if (!view.ok()) return SendStatus(c.res, view.status());
  const std::string& warehouse = view->entry.warehouse_location;
  auto bad_location = [&](const std::string& why) {
    SendAwsError(c.res, 400, "BadRequestException", std::string(kBadMetadataLocation) + " " + why);
  };
  if (location.rfind(warehouse + "/", 0) != 0 || location.find("/../") != std::string::npos) {
    return bad_location("It must lie under the table's warehouseLocation " + warehouse + ".");
  }
  if (!EndsWith(location, ".metadata.json") && !EndsWith(location, ".metadata.json.gz")) {
    return bad_location("It must end in .metadata.json or .metadata.json.gz.");
  }
  auto exists = c.ctx->io->Exists(location);
  if (!exists.ok()) return SendStatus(c.res, exists.status());
  if (!*exists)
    return bad_location("No file exists at " + location + "; write the metadata file first.");
  auto swapped = c.ctx->catalog->SwapMetadataLocation(
      bucket, ns, name, catalog::SwapExpectation{std::nullopt, token.get<std::string>()}, location);
  if (swapped.status().code() == StatusCode::kAborted)
    return SendAwsError(c.res, 409, "ConflictException", kTokenMismatch);
  if (!swapped.ok()) return SendStatus(c.res, swapped.status());
  // Folder-scanning readers follow version-hint.text; the catalog stays the commit point.
  if (EndsWith(location, ".metadata.json")) (void)iceberg::WriteVersionHint(location);
  SendJsonBody(c.res, Json{{"name", name},
                           {"tableARN", c.TableArnOf(bucket, swapped->table_id)},
                           {"namespace", Json::array({ns})},
                           {"versionToken", swapped->version_token},
                           {"metadataLocation", swapped->metadata_location}});
}

}  // namespace floe::server
