#include "floe/query/resolver.h"

#include <algorithm>

#include "floe/catalog/catalog_pointer.h"
#include "floe/catalog/sqlite_catalog.h"
#include "floe/iceberg/metadata_io.h"
#include "floe/iceberg/table.h"
#include "floe/query/iceberg_source.h"
#include "floe/query/parquet_source.h"

namespace floe::query {

TableResolver::~TableResolver() = default;

std::string ClosestName(const std::string& name, const std::vector<std::string>& candidates) {
  auto lower = [](std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  std::string a = lower(name);
  std::string best;
  size_t best_d = std::string::npos;
  for (const auto& cand : candidates) {
    std::string b = lower(cand);
    std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
      cur[0] = i;
      for (size_t j = 1; j <= b.size(); ++j) {
        cur[j] =
            std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      }
      std::swap(prev, cur);
    }
    size_t d = prev[b.size()];
    if (d < best_d) {
      best_d = d;
      best = cand;
    }
  }
  // Close enough to be a typo: at most a third of the name's length.
  if (best_d == std::string::npos || best_d > std::max<size_t>(2, a.size() / 3)) return "";
  return best;
}

Result<catalog::Catalog*> TableResolver::OpenCatalog() {
  if (options_.catalog) return options_.catalog;
  if (catalog_) return catalog_.get();
  std::string path = options_.data_dir + "/catalog.db";
  FLOE_ASSIGN_OR_RETURN(bool exists, io_->Exists(path));
  if (!exists) {
    return NotFound("Catalog Error: no catalog at " + path +
                    "; pass --data DIR naming a floe data directory, or read files directly with "
                    "iceberg_scan('LOCATION') or read_parquet('FILE')");
  }
  FLOE_ASSIGN_OR_RETURN(auto cat, catalog::SqliteCatalog::Open(path, clock_));
  catalog_ = std::move(cat);
  return catalog_.get();
}

Result<std::string> TableResolver::DefaultBucket() {
  if (!options_.bucket.empty()) return options_.bucket;
  FLOE_ASSIGN_OR_RETURN(catalog::Catalog * cat, OpenCatalog());
  FLOE_ASSIGN_OR_RETURN(auto buckets, cat->ListBuckets());
  if (buckets.size() == 1) return buckets[0].name;
  if (buckets.empty())
    return NotFound("Catalog Error: the catalog has no table buckets; create one first");
  std::string names;
  for (const auto& b : buckets) names += (names.empty() ? "" : ", ") + b.name;
  return InvalidArgument("Catalog Error: several table buckets (" + names +
                         "); name the table as bucket.namespace.table or pass --bucket");
}

Result<std::unique_ptr<TableSource>> TableResolver::ResolveNamed(
    const std::vector<std::string>& name, const TimeTravel& at) {
  if (name.size() < 2) {
    return NotFound("Catalog Error: table \"" + (name.empty() ? std::string() : name[0]) +
                    "\" needs a namespace: write namespace.table (or bucket.namespace.table)");
  }
  FLOE_ASSIGN_OR_RETURN(catalog::Catalog * cat, OpenCatalog());
  std::string bucket;
  if (name.size() == 3) {
    bucket = name[0];
  } else {
    FLOE_ASSIGN_OR_RETURN(bucket, DefaultBucket());
  }
  const std::string& ns = name[name.size() - 2];
  std::string table = name.back();
  std::string meta_kind;
  size_t dollar = table.find('$');
  if (dollar != std::string::npos) {
    meta_kind = table.substr(dollar + 1);
    table = table.substr(0, dollar);
  }
  auto entry = cat->GetTable(bucket, ns, table);
  if (!entry.ok()) {
    if (entry.status().code() != StatusCode::kNotFound) return entry.status();
    std::vector<std::string> known;
    auto list = cat->ListTables(bucket);
    if (list.ok()) {
      for (const auto& t : *list) known.push_back(t.ns + "." + t.name);
    }
    std::string msg =
        "Catalog Error: table " + ns + "." + table + " does not exist in bucket " + bucket;
    std::string hint = ClosestName(ns + "." + table, known);
    if (!hint.empty()) msg += "; did you mean " + hint + "?";
    return NotFound(msg);
  }
  // Fresh rows are captured before the metadata is loaded (see fresh_rows.h).
  FreshSelect fresh;
  if (options_.fresh != nullptr && !options_.snapshot_only && meta_kind.empty() &&
      !at.snapshot_id && !at.as_of_ms) {
    fresh = options_.fresh->Capture(bucket, ns, table);
  }
  auto loaded = iceberg::Table::Load(
      io_, catalog::NewCatalogPointer(cat, bucket, ns, table, entry->warehouse_location), clock_);
  if (!loaded.ok()) return loaded.status().WithContext(bucket + "." + ns + "." + table);
  std::string display = ns + "." + table;
  if (!meta_kind.empty())
    return MetadataTableSource(io_, display, (*loaded)->metadata(), meta_kind);
  iceberg::ScanRequest request;
  request.snapshot_id = at.snapshot_id;
  request.as_of_timestamp_ms = at.as_of_ms;
  FLOE_ASSIGN_OR_RETURN(auto src, IcebergSource::Make(io_, display, (*loaded)->metadata(), request,
                                                      options_.threads));
  if (fresh) {
    std::vector<FreshBatch> rows = fresh((*loaded)->metadata());
    if (!rows.empty()) {
      std::vector<int32_t> ids = src->field_ids();
      return std::unique_ptr<TableSource>(
          std::make_unique<FreshSource>(std::move(src), std::move(ids), std::move(rows)));
    }
  }
  return std::unique_ptr<TableSource>(std::move(src));
}

Result<std::unique_ptr<TableSource>> TableResolver::ResolveIcebergPath(const std::string& location,
                                                                       const TimeTravel& at) {
  iceberg::TableMetadata metadata;
  std::string loc = location;
  while (loc.size() > 1 && loc.back() == '/') loc.pop_back();
  if (loc.size() > 14 && loc.compare(loc.size() - 14, 14, ".metadata.json") == 0) {
    FLOE_ASSIGN_OR_RETURN(metadata, iceberg::ReadTableMetadata(io_, loc));
  } else {
    auto t = iceberg::Table::Load(io_, iceberg::NewVersionHintPointer(loc), clock_);
    if (!t.ok()) {
      return NotFound(
          "IO Error: iceberg_scan: no Iceberg table at " + loc + " (" + t.status().message() +
          "); pass the table folder (with metadata/version-hint.text) or a .metadata.json file");
    }
    metadata = (*t)->metadata();
  }
  iceberg::ScanRequest request;
  request.snapshot_id = at.snapshot_id;
  request.as_of_timestamp_ms = at.as_of_ms;
  FLOE_ASSIGN_OR_RETURN(
      auto src, IcebergSource::Make(io_, "iceberg_scan('" + location + "')", std::move(metadata),
                                    request, options_.threads));
  return std::unique_ptr<TableSource>(std::move(src));
}

Result<std::unique_ptr<TableSource>> TableResolver::ResolveParquet(const std::string& pattern) {
  FLOE_ASSIGN_OR_RETURN(auto src, ParquetSource::Make(io_, pattern, options_.threads));
  return std::unique_ptr<TableSource>(std::move(src));
}

}  // namespace floe::query
