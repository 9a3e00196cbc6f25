#include "floe/maintenance/settings.h"

#include <ctime>

#include "floe/iceberg/json.h"

namespace floe::maintenance {
namespace {

using iceberg::Json;

Result<Json> ParseObject(std::string_view text, const char* what) {
  Json j = Json::parse(text.begin(), text.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return InvalidArgument(std::string(what) + " setting is not a JSON object");
  return j;
}

// The {status, settings{<type>{...}}} entry of `type`, or nullptr when absent.
const Json* Entry(const Json& doc, const char* type) {
  auto it = doc.find(type);
  return it == doc.end() || !it->is_object() ? nullptr : &*it;
}

Status ReadStatus(const Json& entry, const char* type, bool* enabled) {
  auto it = entry.find("status");
  if (it == entry.end()) return Status::OK();
  if (!it->is_string() || (*it != "enabled" && *it != "disabled")) {
    return InvalidArgument(std::string(type) + ".status must be \"enabled\" or \"disabled\"");
  }
  *enabled = *it == "enabled";
  return Status::OK();
}

const Json* Settings(const Json& entry, const char* type) {
  auto s = entry.find("settings");
  if (s == entry.end() || !s->is_object()) return nullptr;
  auto t = s->find(type);
  return t == s->end() || !t->is_object() ? nullptr : &*t;
}

Status ReadInt(const Json* settings, const char* type, const char* field, int* out) {
  if (!settings) return Status::OK();
  auto it = settings->find(field);
  if (it == settings->end() || it->is_null()) return Status::OK();
  if (!it->is_number_integer())
    return InvalidArgument(std::string(type) + "." + field + " must be an integer");
  *out = it->get<int>();
  return Status::OK();
}

}  // namespace

Result<TableMaintenanceConfig> ParseTableMaintenance(std::string_view text) {
  FLOE_ASSIGN_OR_RETURN(Json doc, ParseObject(text, kTableMaintenanceKind));
  TableMaintenanceConfig c;
  if (const Json* e = Entry(doc, kCompaction)) {
    FLOE_RETURN_IF_ERROR(ReadStatus(*e, kCompaction, &c.compaction_enabled));
    const Json* s = Settings(*e, kCompaction);
    FLOE_RETURN_IF_ERROR(ReadInt(s, kCompaction, "targetFileSizeMB", &c.target_file_size_mb));
    if (s && s->contains("strategy") && (*s)["strategy"].is_string())
      c.strategy = (*s)["strategy"].get<std::string>();
  }
  if (const Json* e = Entry(doc, kSnapshotManagement)) {
    FLOE_RETURN_IF_ERROR(ReadStatus(*e, kSnapshotManagement, &c.snapshot_management_enabled));
    const Json* s = Settings(*e, kSnapshotManagement);
    FLOE_RETURN_IF_ERROR(
        ReadInt(s, kSnapshotManagement, "minSnapshotsToKeep", &c.min_snapshots_to_keep));
    FLOE_RETURN_IF_ERROR(
        ReadInt(s, kSnapshotManagement, "maxSnapshotAgeHours", &c.max_snapshot_age_hours));
  }
  if (c.target_file_size_mb <= 0)
    return InvalidArgument("icebergCompaction.targetFileSizeMB must be positive");
  if (c.min_snapshots_to_keep < 1)
    return InvalidArgument("icebergSnapshotManagement.minSnapshotsToKeep must be at least 1");
  if (c.max_snapshot_age_hours < 1)
    return InvalidArgument("icebergSnapshotManagement.maxSnapshotAgeHours must be at least 1");
  return c;
}

Result<BucketMaintenanceConfig> ParseBucketMaintenance(std::string_view text) {
  FLOE_ASSIGN_OR_RETURN(Json doc, ParseObject(text, kBucketMaintenanceKind));
  BucketMaintenanceConfig c;
  if (const Json* e = Entry(doc, kUnreferencedFileRemoval)) {
    FLOE_RETURN_IF_ERROR(
        ReadStatus(*e, kUnreferencedFileRemoval, &c.unreferenced_file_removal_enabled));
    const Json* s = Settings(*e, kUnreferencedFileRemoval);
    FLOE_RETURN_IF_ERROR(
        ReadInt(s, kUnreferencedFileRemoval, "unreferencedDays", &c.unreferenced_days));
    FLOE_RETURN_IF_ERROR(
        ReadInt(s, kUnreferencedFileRemoval, "nonCurrentDays", &c.non_current_days));
  }
  if (c.unreferenced_days < 1)
    return InvalidArgument("icebergUnreferencedFileRemoval.unreferencedDays must be at least 1");
  return c;
}

Result<TableMaintenanceConfig> LoadTableMaintenance(catalog::Catalog* catalog,
                                                    const std::string& table_key) {
  auto text = catalog->GetSetting(kTableMaintenanceKind, table_key);
  if (text.status().code() == StatusCode::kNotFound) return TableMaintenanceConfig{};
  if (!text.ok()) return text.status();
  auto c = ParseTableMaintenance(*text);
  if (!c.ok()) return c.status().WithContext(table_key);
  return c;
}

Result<BucketMaintenanceConfig> LoadBucketMaintenance(catalog::Catalog* catalog,
                                                      const std::string& bucket) {
  auto text = catalog->GetSetting(kBucketMaintenanceKind, bucket);
  if (text.status().code() == StatusCode::kNotFound) return BucketMaintenanceConfig{};
  if (!text.ok()) return text.status();
  auto c = ParseBucketMaintenance(*text);
  if (!c.ok()) return c.status().WithContext(bucket);
  return c;
}

Status PutJobStatus(catalog::Catalog* catalog, const std::string& table_key,
                    const std::string& type, const JobStatus& status) {
  Json doc = Json::object();
  auto text = catalog->GetSetting(kJobStatusKind, table_key);
  if (text.ok()) {
    Json old = Json::parse(*text, nullptr, false);
    if (old.is_object()) doc = std::move(old);
  } else if (text.status().code() != StatusCode::kNotFound) {
    return text.status();
  }
  Json entry{{"status", status.status}};
  if (status.last_run_ms > 0) entry["lastRunTimestamp"] = IsoTimestamp(status.last_run_ms);
  if (status.status == "Failed") entry["failureMessage"] = status.failure_message;
  doc[type] = std::move(entry);
  return catalog->PutSetting(kJobStatusKind, table_key, doc.dump());
}

std::string IsoTimestamp(int64_t ms) {
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
  char out[40];
  std::snprintf(out, sizeof(out), "%s.%03dZ", buf, static_cast<int>(ms % 1000));
  return out;
}

}  // namespace floe::maintenance
