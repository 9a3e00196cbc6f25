#include "floe/ingest/partitioned_writer.h"

#include "floe/base/uuid.h"
#include "floe/iceberg/parquet_metrics.h"
#include "floe/iceberg/partitioner.h"
#include "floe/iceberg/schema.h"

namespace floe::ingest {

PartitionedWriter::PartitionedWriter(storage::FileIO* io, const iceberg::TableMetadata& metadata,
                                     parquet::Schema parquet_schema, parquet::WriterOptions options)
    : io_(io),
      md_(metadata),
      parquet_schema_(std::move(parquet_schema)),
      options_(std::move(options)) {
  options_.sync_on_close = true;
  options_.key_value_metadata.push_back(
      {"iceberg.schema", iceberg::SchemaToJson(*md_.CurrentSchema())});
}

Status PartitionedWriter::Write(const std::vector<parquet::ColumnVector>& batch) {
  if (batch.empty() || batch[0].length == 0) return Status::OK();
  FLOE_ASSIGN_OR_RETURN(auto parts,
                        iceberg::SplitByPartition(*md_.CurrentSchema(), *md_.DefaultSpec(), batch));
  for (auto& part : parts) {
    std::string key;
    for (const auto& v : part.partition)
      key += v ? "\1" + v->Serialize() + "\2" : std::string("\0", 1);
    auto it = open_.find(key);
    if (it == open_.end()) {
      Open o;
      o.partition = part.partition;
      o.path = md_.location + "/data/" + Uuid::Random().ToString() + ".parquet";
      FLOE_ASSIGN_OR_RETURN(auto out, io_->OpenWrite(o.path));
      FLOE_ASSIGN_OR_RETURN(o.writer,
                            parquet::FileWriter::Open(std::move(out), parquet_schema_, options_));
      it = open_.emplace(key, std::move(o)).first;
    }
    FLOE_RETURN_IF_ERROR(it->second.writer->WriteBatch(part.columns));
  }
  return Status::OK();
}

Result<std::vector<iceberg::DataFile>> PartitionedWriter::Finish() {
  std::vector<iceberg::DataFile> files;
  for (auto& [key, o] : open_) {
    auto result = o.writer->Close();
    o.writer.reset();
    if (!result.ok()) {
      Abandon();
      return result.status();
    }
    if (result->num_rows == 0) {
      (void)io_->Delete(o.path);
      continue;
    }
    FLOE_ASSIGN_OR_RETURN(
        iceberg::DataFile f,
        iceberg::DataFileFromParquet(o.path, *result, parquet_schema_, *md_.CurrentSchema()));
    f.partition = o.partition;
    files.push_back(std::move(f));
  }
  open_.clear();
  return files;
}

void PartitionedWriter::Abandon() {
  for (auto& [key, o] : open_) {
    o.writer.reset();
    (void)io_->Delete(o.path);
  }
  open_.clear();
}

}  // namespace floe::ingest
