// Manifests and manifest lists (Iceberg spec "Manifests", "Manifest Lists"):
// the data model, and Avro files written with Java's v2 layout (record names
// manifest_entry / r2 / r102 / manifest_file / r508, field ids on every field,
// int-keyed maps as arrays of k<id>_v<id> records) and read by field id, so v1
// and v2 files from Java, Spark and PyIceberg read with one code path.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "floe/base/status.h"
#include "floe/iceberg/partition_spec.h"
#include "floe/iceberg/schema.h"
#include "floe/iceberg/value.h"
#include "floe/storage/file_io.h"

namespace floe::iceberg {

enum class ManifestContent : int32_t { kData = 0, kDeletes = 1 };
enum class FileContent : int32_t { kData = 0, kPositionDeletes = 1, kEqualityDeletes = 2 };
enum class EntryStatus : int32_t { kExisting = 0, kAdded = 1, kDeleted = 2 };

// A sequence number not yet assigned: the commit that adds the manifest sets it.
inline constexpr int64_t kUnassignedSequence = -1;

struct DataFile {
  FileContent content = FileContent::kData;
  std::string file_path;
  std::string file_format = "PARQUET";
  // One value per field of the spec the file was written with (null = absent).
  std::vector<std::optional<Literal>> partition;
  int32_t spec_id = 0;  // from the manifest, not stored in the entry
  int64_t record_count = 0;
  int64_t file_size_in_bytes = 0;
  std::map<int32_t, int64_t> column_sizes;
  std::map<int32_t, int64_t> value_counts;
  std::map<int32_t, int64_t> null_value_counts;
  std::map<int32_t, int64_t> nan_value_counts;
  std::map<int32_t, std::string> lower_bounds;  // single-value serialization
  std::map<int32_t, std::string> upper_bounds;
  std::optional<std::string> key_metadata;
  std::vector<int64_t> split_offsets;
  std::vector<int32_t> equality_ids;
  std::optional<int32_t> sort_order_id;
  std::optional<std::string> referenced_data_file;
};

struct ManifestEntry {
  EntryStatus status = EntryStatus::kAdded;
  std::optional<int64_t> snapshot_id;
  // Data and file sequence numbers; null on ADDED entries means "inherit from
  // the manifest". Readers of this struct get them filled in.
  std::optional<int64_t> sequence_number;
  std::optional<int64_t> file_sequence_number;
  DataFile file;

  bool IsLive() const { return status != EntryStatus::kDeleted; }
};

struct PartitionFieldSummary {
  bool contains_null = false;
  std::optional<bool> contains_nan;
  std::optional<std::string> lower_bound;
  std::optional<std::string> upper_bound;
};

struct ManifestFile {
  std::string manifest_path;
  int64_t manifest_length = 0;
  int32_t partition_spec_id = 0;
  ManifestContent content = ManifestContent::kData;
  int64_t sequence_number = kUnassignedSequence;
  int64_t min_sequence_number = kUnassignedSequence;
  int64_t added_snapshot_id = 0;
  int32_t added_files_count = 0;
  int32_t existing_files_count = 0;
  int32_t deleted_files_count = 0;
  int64_t added_rows_count = 0;
  int64_t existing_rows_count = 0;
  int64_t deleted_rows_count = 0;
  std::vector<PartitionFieldSummary> partitions;
  std::optional<std::string> key_metadata;
};

// The Avro schemas (JSON) floe writes.
std::string ManifestEntrySchemaJson(const Type& partition_type);
std::string ManifestFileSchemaJson();

// Writes one manifest. Entries must belong to `spec`. ADDED entries get this
// snapshot's id and null sequence numbers (inherited at commit); EXISTING and
// DELETED entries must carry both sequence numbers.
class ManifestWriter {
 public:
  static Result<std::unique_ptr<ManifestWriter>> Open(storage::FileIO* io, std::string path,
                                                      const Schema& schema, const PartitionSpec& spec,
                                                      int64_t snapshot_id,
                                                      ManifestContent content = ManifestContent::kData);
  ~ManifestWriter();

  Status Add(ManifestEntry entry);
  // Closes the file and describes it for the manifest list; sequence numbers
  // stay unassigned when they are inherited (see AssignSequenceNumber).
  Result<ManifestFile> Close();

 private:
  struct State;
  explicit ManifestWriter(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

// Fills a new manifest's sequence numbers with the committing snapshot's.
void AssignSequenceNumber(ManifestFile* manifest, int64_t sequence_number);

// Reads a manifest's entries with inheritance applied (snapshot id and
// sequence numbers of ADDED entries come from `manifest`). `spec` and `schema`
// type the partition values.
Result<std::vector<ManifestEntry>> ReadManifest(storage::FileIO* io, const ManifestFile& manifest,
                                                const Schema& schema, const PartitionSpec& spec);

// Writes a manifest list; returns its length in bytes.
Result<int64_t> WriteManifestList(storage::FileIO* io, const std::string& path, int64_t snapshot_id,
                                  std::optional<int64_t> parent_snapshot_id, int64_t sequence_number,
                                  const std::vector<ManifestFile>& manifests);
// Reads a v1 or v2 manifest list (v1 lists read with sequence numbers 0).
Result<std::vector<ManifestFile>> ReadManifestList(storage::FileIO* io, const std::string& path);

}  // namespace floe::iceberg
