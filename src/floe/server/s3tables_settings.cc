// Maintenance and encryption settings, kept in the catalog's settings store
// in the shapes the maintenance scheduler reads (see s3tables_handlers.h).
#include <climits>

#include "floe/server/s3tables_handlers.h"

namespace floe::server {
namespace {

constexpr char kCompaction[] = "icebergCompaction";
constexpr char kSnapshots[] = "icebergSnapshotManagement";
constexpr char kUnreferenced[] = "icebergUnreferencedFileRemoval";

// One integer setting: its default and allowed range.
struct IntSetting {
  const char* name;
  int64_t default_value, min, max;
};

// The settings of one maintenance type with AWS's defaults.
Json DefaultSettings(const std::string& type) {
  if (type == kCompaction) return Json{{"targetFileSizeMB", 512}, {"strategy", "auto"}};
  if (type == kSnapshots) return Json{{"minSnapshotsToKeep", 1}, {"maxSnapshotAgeHours", 120}};
  return Json{{"unreferencedDays", 3}, {"nonCurrentDays", 10}};
}

std::vector<IntSetting> IntSettings(const std::string& type) {
  if (type == kCompaction) return {{"targetFileSizeMB", 512, 64, 512}};
  if (type == kSnapshots)
    return {{"minSnapshotsToKeep", 1, 1, INT_MAX}, {"maxSnapshotAgeHours", 120, 1, INT_MAX}};
  return {{"unreferencedDays", 3, 1, INT_MAX}, {"nonCurrentDays", 10, 1, INT_MAX}};
}

Json DefaultConfiguration(const std::string& type) {
  return Json{{"status", "enabled"}, {"settings", Json{{type, DefaultSettings(type)}}}};
}

// A PUT's "value" checked and completed with defaults:
// {"status": "enabled"|"disabled", "settings": {<type>: {...}}}.
Result<Json> NormalizeMaintenance(const std::string& type, const Json& value) {
  if (!value.is_object())
    return InvalidArgument("value is required: {\"status\": \"enabled\", \"settings\": {...}}.");
  const Json status = value.value("status", Json());
  if (status != "enabled" && status != "disabled") {
    return InvalidArgument("value.status must be enabled or disabled.");
  }
  Json settings = DefaultSettings(type);
  if (auto s = value.find("settings"); s != value.end() && !s->is_null()) {
    if (!s->is_object() || s->size() != 1 || !s->contains(type)) {
      return InvalidArgument("value.settings must hold exactly the " + type +
                             " settings for maintenance type " + type + ".");
    }
    const Json& given = (*s)[type];
    if (!given.is_object())
      return InvalidArgument("value.settings." + type + " must be an object.");
    for (const IntSetting& is : IntSettings(type)) {
      auto v = given.find(is.name);
      if (v == given.end() || v->is_null()) continue;
      if (!v->is_number_integer() || v->get<int64_t>() < is.min || v->get<int64_t>() > is.max) {
        return InvalidArgument(std::string(is.name) + " must be an integer from " +
                               std::to_string(is.min) + " to " + std::to_string(is.max) + ", not " +
                               v->dump() + ".");
      }
      settings[is.name] = v->get<int64_t>();
    }
    if (type == kCompaction) {
      if (auto v = given.find("strategy"); v != given.end() && !v->is_null()) {
        if (*v != "auto" && *v != "binpack" && *v != "sort" && *v != "z-order") {
          return InvalidArgument("strategy must be auto, binpack, sort or z-order, not " +
                                 v->dump() + ".");
        }
        settings["strategy"] = *v;
      }
    }
  }
  return Json{{"status", status}, {"settings", Json{{type, settings}}}};
}

// The stored JSON object of a setting, or {} when there is none.
Result<Json> ReadSetting(const ServerContext& ctx, const char* kind, const std::string& key) {
  auto text = ctx.catalog->GetSetting(kind, key);
  if (text.status().code() == StatusCode::kNotFound) return Json::object();
  FLOE_RETURN_IF_ERROR(text.status());
  Json j = Json::parse(*text, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return DataLoss("the stored " + std::string(kind) + " setting for " + key +
                    " is not a JSON object");
  return j;
}

// The table (for its ARN) or the AWS error already sent.
Result<catalog::TableEntry> RequireTable(S3TablesCall& c, const std::string& bucket,
                                         const std::string& ns, const std::string& name) {
  FLOE_RETURN_IF_ERROR(c.ctx->catalog->GetBucket(bucket).status());
  FLOE_RETURN_IF_ERROR(c.ctx->catalog->GetNamespace(bucket, ns).status());
  return c.ctx->catalog->GetTable(bucket, ns, name);
}

Json Configuration(const Json& stored, std::initializer_list<const char*> types) {
  Json out = Json::object();
  for (const char* t : types) out[t] = stored.contains(t) ? stored[t] : DefaultConfiguration(t);
  return out;
}

}  // namespace

std::string TableSettingsKey(const std::string& bucket, const std::string& ns,
                             const std::string& name) {
  return bucket + "/" + ns + "/" + name;
}

Result<Json> ValidateEncryption(const Json& config) {
  if (!config.is_object())
    return InvalidArgument("encryptionConfiguration must be an object with sseAlgorithm.");
  const Json algorithm = config.value("sseAlgorithm", Json());
  const Json key = config.value("kmsKeyArn", Json());
  if (algorithm == "AES256") {
    if (!key.is_null())
      return InvalidArgument("kmsKeyArn is only allowed with sseAlgorithm aws:kms.");
    return Json{{"sseAlgorithm", "AES256"}};
  }
  if (algorithm == "aws:kms") {
    if (!key.is_string() || key.get<std::string>().rfind("arn:", 0) != 0) {
      return InvalidArgument("sseAlgorithm aws:kms needs kmsKeyArn, the ARN of a KMS key.");
    }
    return Json{{"sseAlgorithm", "aws:kms"}, {"kmsKeyArn", key}};
  }
  return InvalidArgument("sseAlgorithm must be AES256 or aws:kms.");
}

Result<Json> BucketEncryption(const ServerContext& ctx, const std::string& bucket) {
  FLOE_ASSIGN_OR_RETURN(Json stored, ReadSetting(ctx, kBucketEncryptionKind, bucket));
  if (stored.empty()) return Json{{"sseAlgorithm", "AES256"}};
  return stored;
}

Status MoveTableSettings(catalog::Catalog* catalog, const std::string& from_key,
                         const std::string& to_key) {
  for (const char* kind : {kTableMaintenanceKind, kJobStatusKind, kTableEncryptionKind}) {
    auto value = catalog->GetSetting(kind, from_key);
    if (value.status().code() == StatusCode::kNotFound) continue;
    FLOE_RETURN_IF_ERROR(value.status());
    FLOE_RETURN_IF_ERROR(catalog->PutSetting(kind, to_key, *value));
    FLOE_RETURN_IF_ERROR(catalog->DeleteSetting(kind, from_key));
  }
  return Status::OK();
}

Status DeleteTableSettings(catalog::Catalog* catalog, const std::string& key) {
  for (const char* kind : {kTableMaintenanceKind, kJobStatusKind, kTableEncryptionKind}) {
    FLOE_RETURN_IF_ERROR(catalog->DeleteSetting(kind, key));
  }
  return Status::OK();
}

Status DeleteBucketSettings(catalog::Catalog* catalog, const std::string& bucket) {
  for (const char* kind : {kBucketMaintenanceKind, kBucketEncryptionKind}) {
    FLOE_RETURN_IF_ERROR(catalog->DeleteSetting(kind, bucket));
  }
  for (const char* kind : {kTableMaintenanceKind, kJobStatusKind, kTableEncryptionKind}) {
    FLOE_ASSIGN_OR_RETURN(auto left, catalog->ListSettings(kind, bucket + "/"));
    for (const auto& [key, value] : left) FLOE_RETURN_IF_ERROR(catalog->DeleteSetting(kind, key));
  }
  return Status::OK();
}

void PutTableBucketMaintenance(S3TablesCall& c, const std::string& bucket,
                               const std::string& type) {
  if (type != kUnreferenced) {
    return SendStatus(
        c.res, InvalidArgument("\"" + type + "\" is not a table bucket maintenance type; use " +
                               kUnreferenced + "."));
  }
  auto body = ParseAwsBody(c.req);
  if (!body.ok()) return SendStatus(c.res, body.status());
  auto value = NormalizeMaintenance(type, body->value("value", Json()));
  if (!value.ok()) return SendStatus(c.res, value.status());
  if (Status st = c.ctx->catalog->GetBucket(bucket).status(); !st.ok())
    return SendStatus(c.res, st);
  auto stored = ReadSetting(*c.ctx, kBucketMaintenanceKind, bucket);
  if (!stored.ok()) return SendStatus(c.res, stored.status());
  (*stored)[type] = *value;
  if (Status st = c.ctx->catalog->PutSetting(kBucketMaintenanceKind, bucket, stored->dump());
      !st.ok()) {
    return SendStatus(c.res, st);
  }
  c.res.status = 204;
}

void GetTableBucketMaintenance(S3TablesCall& c, const std::string& bucket) {
  if (Status st = c.ctx->catalog->GetBucket(bucket).status(); !st.ok())
    return SendStatus(c.res, st);
  auto stored = ReadSetting(*c.ctx, kBucketMaintenanceKind, bucket);
  if (!stored.ok()) return SendStatus(c.res, stored.status());
  SendJsonBody(c.res, Json{{"tableBucketARN", c.BucketArnOf(bucket)},
                           {"configuration", Configuration(*stored, {kUnreferenced})}});
}

void PutTableBucketEncryption(S3TablesCall& c, const std::string& bucket) {
  auto body = ParseAwsBody(c.req);
  if (!body.ok()) return SendStatus(c.res, body.status());
  auto config = ValidateEncryption(body->value("encryptionConfiguration", Json()));
  if (!config.ok()) return SendStatus(c.res, config.status());
  if (Status st = c.ctx->catalog->GetBucket(bucket).status(); !st.ok())
    return SendStatus(c.res, st);
  if (Status st = c.ctx->catalog->PutSetting(kBucketEncryptionKind, bucket, config->dump());
      !st.ok()) {
    return SendStatus(c.res, st);
  }
  c.res.status = 200;
}

void GetTableBucketEncryption(S3TablesCall& c, const std::string& bucket) {
  if (Status st = c.ctx->catalog->GetBucket(bucket).status(); !st.ok())
    return SendStatus(c.res, st);
  auto config = BucketEncryption(*c.ctx, bucket);
  if (!config.ok()) return SendStatus(c.res, config.status());
  SendJsonBody(c.res, Json{{"encryptionConfiguration", *config}});
}

void DeleteTableBucketEncryption(S3TablesCall& c, const std::string& bucket) {
  if (Status st = c.ctx->catalog->GetBucket(bucket).status(); !st.ok())
    return SendStatus(c.res, st);
  if (Status st = c.ctx->catalog->DeleteSetting(kBucketEncryptionKind, bucket); !st.ok())
    return SendStatus(c.res, st);
  c.res.status = 204;
}

void PutTableMaintenance(S3TablesCall& c, const std::string& bucket, const std::string& ns,
                         const std::string& name, const std::string& type) {
  if (type != kCompaction && type != kSnapshots) {
    return SendStatus(c.res,
                      InvalidArgument("\"" + type + "\" is not a table maintenance type; use " +
                                      kCompaction + " or " + kSnapshots + "."));
  }
  auto body = ParseAwsBody(c.req);
  if (!body.ok()) return SendStatus(c.res, body.status());
  auto value = NormalizeMaintenance(type, body->value("value", Json()));
  if (!value.ok()) return SendStatus(c.res, value.status());
  if (Status st = RequireTable(c, bucket, ns, name).status(); !st.ok())
    return SendStatus(c.res, st);
  const std::string key = TableSettingsKey(bucket, ns, name);
  auto stored = ReadSetting(*c.ctx, kTableMaintenanceKind, key);
  if (!stored.ok()) return SendStatus(c.res, stored.status());
  (*stored)[type] = *value;
  if (Status st = c.ctx->catalog->PutSetting(kTableMaintenanceKind, key, stored->dump());
      !st.ok()) {
    return SendStatus(c.res, st);
  }
  c.res.status = 204;
}

void GetTableMaintenance(S3TablesCall& c, const std::string& bucket, const std::string& ns,
                         const std::string& name) {
  auto table = RequireTable(c, bucket, ns, name);
  if (!table.ok()) return SendStatus(c.res, table.status());
  auto stored = ReadSetting(*c.ctx, kTableMaintenanceKind, TableSettingsKey(bucket, ns, name));
  if (!stored.ok()) return SendStatus(c.res, stored.status());
  SendJsonBody(c.res, Json{{"tableARN", c.TableArnOf(bucket, table->table_id)},
                           {"configuration", Configuration(*stored, {kCompaction, kSnapshots})}});
}

void GetTableMaintenanceJobStatus(S3TablesCall& c, const std::string& bucket, const std::string& ns,
                                  const std::string& name) {
  auto table = RequireTable(c, bucket, ns, name);
  if (!table.ok()) return SendStatus(c.res, table.status());
  const std::string key = TableSettingsKey(bucket, ns, name);
  auto jobs = ReadSetting(*c.ctx, kJobStatusKind, key);
  auto table_config = ReadSetting(*c.ctx, kTableMaintenanceKind, key);
  auto bucket_config = ReadSetting(*c.ctx, kBucketMaintenanceKind, bucket);
  for (const auto* r : {&jobs, &table_config, &bucket_config}) {
    if (!r->ok()) return SendStatus(c.res, r->status());
  }
  Json status = Json::object();
  for (const char* type : {kCompaction, kSnapshots, kUnreferenced}) {
    const Json& config = type == std::string(kUnreferenced) ? *bucket_config : *table_config;
    bool disabled = config.contains(type) && config[type].value("status", "") == "disabled";
    Json entry{{"status", disabled ? "Disabled" : "Not_Yet_Run"}};
    if (!disabled && jobs->contains(type) && (*jobs)[type].is_object()) {
      const Json& job = (*jobs)[type];
      entry = Json{{"status", job.value("status", "Not_Yet_Run")}};
      for (const char* field : {"lastRunTimestamp", "failureMessage"}) {
        if (job.contains(field) && job[field].is_string()) entry[field] = job[field];
      }
    }
    status[type] = entry;
  }
  SendJsonBody(c.res,
               Json{{"tableARN", c.TableArnOf(bucket, table->table_id)}, {"status", status}});
}

void GetTableEncryption(S3TablesCall& c, const std::string& bucket, const std::string& ns,
                        const std::string& name) {
  if (Status st = RequireTable(c, bucket, ns, name).status(); !st.ok())
    return SendStatus(c.res, st);
  auto stored = ReadSetting(*c.ctx, kTableEncryptionKind, TableSettingsKey(bucket, ns, name));
  if (!stored.ok()) return SendStatus(c.res, stored.status());
  if (stored->empty()) {
    auto inherited = BucketEncryption(*c.ctx, bucket);
    if (!inherited.ok()) return SendStatus(c.res, inherited.status());
    *stored = *inherited;
  }
  SendJsonBody(c.res, Json{{"encryptionConfiguration", *stored}});
}

}  // namespace floe::server
