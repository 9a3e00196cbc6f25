#include "floe/maintenance/compaction.h"

#include <algorithm>
#include <chrono>
#include <map>

#include "floe/base/uuid.h"
#include "floe/format/parquet/file_writer.h"
#include "floe/iceberg/parquet_metrics.h"
#include "floe/iceberg/parquet_schema.h"
#include "floe/iceberg/rewrite.h"
#include "floe/iceberg/table_reader.h"

namespace floe::maintenance {
namespace {

using iceberg::DataFile;
using iceberg::FileScanTask;
using iceberg::TableMetadata;

std::string PartitionKey(int32_t spec_id,
                         const std::vector<std::optional<iceberg::Literal>>& partition) {
  std::string key = std::to_string(spec_id) + ":";
  for (const auto& v : partition) key += v ? "\1" + v->Serialize() + "\2" : std::string("\0", 1);
  return key;
}

// First-fit decreasing: the fewest groups of at most `capacity` bytes.
std::vector<std::vector<FileScanTask>> BinPack(std::vector<FileScanTask> files, int64_t capacity) {
  std::stable_sort(files.begin(), files.end(), [](const FileScanTask& a, const FileScanTask& b) {
    return a.file.file_size_in_bytes > b.file.file_size_in_bytes;
  });
  std::vector<std::vector<FileScanTask>> bins;
  std::vector<int64_t> used;
  for (auto& f : files) {
    size_t b = 0;
    while (b < bins.size() && used[b] + f.file.file_size_in_bytes > capacity) ++b;
    if (b == bins.size()) {
      bins.emplace_back();
      used.push_back(0);
    }
    used[b] += f.file.file_size_in_bytes;
    bins[b].push_back(std::move(f));
  }
  // Rows keep their commit order inside a group (time-ordered data stays clustered).
  for (auto& bin : bins) {
    std::stable_sort(bin.begin(), bin.end(), [](const FileScanTask& a, const FileScanTask& b) {
      return a.data_sequence_number < b.data_sequence_number;
    });
  }
  return bins;
}

// Counts the bytes that reach the file, so the writer's estimate of the open
// row group can be told from what is already written.
class CountingFile final : public storage::WritableFile {
 public:
  CountingFile(std::unique_ptr<storage::WritableFile> file, int64_t* written)
      : file_(std::move(file)), written_(written) {}
  Status Append(std::string_view data) override {
    *written_ += static_cast<int64_t>(data.size());
    return file_->Append(data);
  }
  Status Sync() override { return file_->Sync(); }
  Status Close() override { return file_->Close(); }
  int64_t Size() const override { return file_->Size(); }

 private:
  std::unique_ptr<storage::WritableFile> file_;
  int64_t* written_;
};

// Writes rows into Parquet files of about the target size, rolling over to a
// new file once the open one reaches it. The writer's size estimate counts
// open pages before compression, so row groups are flushed every eighth of the
// target and the estimate is corrected by the ratio of estimated to written
// bytes seen at those flushes.
class RollingWriter {
 public:
  RollingWriter(iceberg::Table* table, const iceberg::Schema& schema,
                parquet::Schema parquet_schema, const FileGroup& group, int64_t target)
      : table_(table),
        schema_(schema),
        parquet_schema_(std::move(parquet_schema)),
        group_(group),
        target_(target) {}

  // `input_bytes`: the size of the file the rows came from, to judge how many
  // rows fit before the target is reached.
  Status Write(const std::vector<parquet::ColumnVector>& batch, int64_t input_bytes) {
    const int64_t n = batch.empty() ? 0 : batch[0].length;
    const int64_t input_per_row = std::max<int64_t>(1, input_bytes / std::max<int64_t>(1, n));
    int64_t offset = 0;
    while (offset < n) {
      if (!writer_) FLOE_RETURN_IF_ERROR(OpenNext());
      // Bytes per row as written so far (the input's until there is some output).
      const int64_t per_row = writer_->num_rows() > 0
                                  ? std::max<int64_t>(1, Predicted() / writer_->num_rows())
                                  : input_per_row;
      int64_t room = std::min(target_ - Predicted(), RowGroupRoom());
      int64_t count = n - offset;
      if (count * per_row > room)
        count = std::clamp<int64_t>(room / per_row, 1, std::max<int64_t>(1, n / 16));
      if (offset == 0 && count == n) {
        FLOE_RETURN_IF_ERROR(writer_->WriteBatch(batch));
      } else {
        std::vector<parquet::ColumnVector> slice;
        slice.reserve(batch.size());
        for (const auto& c : batch) {
          parquet::ColumnVector v(c.type);
          parquet::AppendRows(c, offset, count, &v);
          slice.push_back(std::move(v));
        }
        FLOE_RETURN_IF_ERROR(writer_->WriteBatch(slice));
      }
      offset += count;
      if (RowGroupRoom() <= 0) FLOE_RETURN_IF_ERROR(Flush());
      if (Predicted() >= target_) FLOE_RETURN_IF_ERROR(CloseCurrent());
    }
    return Status::OK();
  }

  Status Finish() { return writer_ ? CloseCurrent() : Status::OK(); }

  // Removes every file written (the commit did not happen).
  void DeleteAll() {
    writer_.reset();
    for (const auto& p : paths_) (void)table_->io()->Delete(p);
  }

  std::vector<DataFile>& files() { return files_; }

 private:
  double Ratio() const {
    return actual_bytes_ > 0 ? std::max(0.5, static_cast<double>(estimated_bytes_) /
                                                 static_cast<double>(actual_bytes_))
                             : 1.0;
  }
  // What the open row group will take once written.
  int64_t OpenBytes() const {
    return static_cast<int64_t>(static_cast<double>(writer_->EstimatedFileSize() - written_) /
                                Ratio());
  }
  // The open file's size once written.
  int64_t Predicted() const { return written_ + OpenBytes(); }
  // Written bytes the open row group may still take.
  int64_t RowGroupRoom() const { return std::max<int64_t>(target_ / 8, 4 << 10) - OpenBytes(); }

  Status Flush() {
    const int64_t estimate = writer_->EstimatedFileSize() - written_;
    const int64_t before = written_;
    FLOE_RETURN_IF_ERROR(writer_->FlushRowGroup());
    estimated_bytes_ += estimate;
    actual_bytes_ += written_ - before;
    return Status::OK();
  }

  Status OpenNext() {
    std::string path =
        table_->metadata().location + "/data/" + table_->NewUuid().ToString() + ".parquet";
    FLOE_ASSIGN_OR_RETURN(auto out, table_->io()->OpenWrite(path));
    paths_.push_back(path);
    parquet::WriterOptions options;
    options.sync_on_close = true;
    options.page_bytes = std::clamp<int64_t>(target_ / 64, 8 << 10, options.page_bytes);
    options.key_value_metadata.push_back({"iceberg.schema", iceberg::SchemaToJson(schema_)});
    written_ = 0;
    FLOE_ASSIGN_OR_RETURN(writer_, parquet::FileWriter::Open(
                                       std::make_unique<CountingFile>(std::move(out), &written_),
                                       parquet_schema_, options));
    current_path_ = path;
    return Status::OK();
  }

  Status CloseCurrent() {
    FLOE_ASSIGN_OR_RETURN(parquet::WriteResult result, writer_->Close());
    writer_.reset();
    FLOE_ASSIGN_OR_RETURN(
        DataFile f, iceberg::DataFileFromParquet(current_path_, result, parquet_schema_, schema_));
    f.partition = group_.partition;
    f.spec_id = group_.spec_id;
    files_.push_back(std::move(f));
    return Status::OK();
  }

  iceberg::Table* table_;
  const iceberg::Schema& schema_;
  parquet::Schema parquet_schema_;
  const FileGroup& group_;
  int64_t target_;
  std::unique_ptr<parquet::FileWriter> writer_;
  std::string current_path_;
  int64_t written_ = 0;          // bytes of the open file that reached it
  int64_t estimated_bytes_ = 0;  // over all flushes: what the estimate said
  int64_t actual_bytes_ = 0;     // and what was written
  std::vector<std::string> paths_;
  std::vector<DataFile> files_;
};

bool Cancelled(const CompactionOptions& o) {
  return o.cancel && o.cancel->load(std::memory_order_relaxed);
}

}  // namespace

CompactionPlan PlanCompaction(const TableMetadata& metadata, const iceberg::ScanPlan& scan,
                              const CompactionOptions& options) {
  CompactionPlan plan;
  plan.snapshot_id = scan.snapshot_id;
  const int64_t small = static_cast<int64_t>(static_cast<double>(options.target_file_size_bytes) *
                                             options.small_file_ratio);
  const int64_t capacity =
      options.max_group_bytes > 0 ? options.max_group_bytes : 8 * options.target_file_size_bytes;
  std::map<std::string, std::vector<FileScanTask>> by_partition;
  for (const auto& task : scan.tasks) {
    if (task.file.content != iceberg::FileContent::kData || task.file.file_size_in_bytes >= small)
      continue;
    if (!task.deletes.empty()) {
      ++plan.files_with_deletes;
      continue;
    }
    if (task.file.spec_id != metadata.default_spec_id) {
      ++plan.files_other_spec;
      continue;
    }
    by_partition[PartitionKey(task.file.spec_id, task.file.partition)].push_back(task);
  }
  for (auto& [key, files] : by_partition) {
    if (static_cast<int>(files.size()) < std::max(2, options.min_input_files)) continue;
    const int32_t spec_id = files[0].file.spec_id;
    const auto partition = files[0].file.partition;
    for (auto& bin : BinPack(std::move(files), capacity)) {
      if (bin.size() < 2) continue;  // rewriting one file alone gains nothing
      FileGroup g;
      g.spec_id = spec_id;
      g.partition = partition;
      for (const auto& f : bin) g.bytes += f.file.file_size_in_bytes;
      g.files = std::move(bin);
      plan.groups.push_back(std::move(g));
    }
  }
  return plan;
}

Result<CompactionReport> Compact(iceberg::Table* table, const CompactionOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  if (options.target_file_size_bytes <= 0)
    return InvalidArgument("the target file size must be positive");
  FLOE_RETURN_IF_ERROR(table->Refresh());
  const TableMetadata md = table->metadata();
  const iceberg::Schema* schema = md.CurrentSchema();
  if (!schema) return DataLoss("table metadata has no current schema");
  FLOE_ASSIGN_OR_RETURN(iceberg::ScanPlan scan,
                        iceberg::PlanScan(table->io(), md, iceberg::ScanRequest{}));
  CompactionPlan plan = PlanCompaction(md, scan, options);
  CompactionReport report;
  auto finish = [&] {
    report.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::steady_clock::now() - start)
                             .count();
    return report;
  };
  if (plan.groups.empty()) return finish();
  for (const auto& f : schema->fields()) {
    if (!f.type.is_primitive()) {
      return FailedPrecondition("compaction rewrites only flat tables; column " + f.name +
                                " is nested");
    }
  }
  FLOE_ASSIGN_OR_RETURN(parquet::Schema parquet_schema, iceberg::ToParquetSchema(*schema));

  std::vector<std::unique_ptr<RollingWriter>> writers;
  auto discard = [&] {
    for (auto& w : writers) w->DeleteAll();
  };
  std::vector<std::string> removed;
  std::vector<DataFile> added;
  // Groups of one partition are consecutive in the plan and share a writer,
  // so output files roll over across them and only the partition's last file
  // is short.
  auto finish_writer = [&]() -> Status {
    if (writers.empty()) return Status::OK();
    RollingWriter* w = writers.back().get();
    FLOE_RETURN_IF_ERROR(w->Finish());
    for (const auto& f : w->files()) {
      report.bytes_out += f.file_size_in_bytes;
      report.output_sizes.push_back(f.file_size_in_bytes);
      added.push_back(f);
    }
    return Status::OK();
  };
  for (size_t g = 0; g < plan.groups.size(); ++g) {
    const FileGroup& group = plan.groups[g];
    if (g == 0 || PartitionKey(group.spec_id, group.partition) !=
                      PartitionKey(plan.groups[g - 1].spec_id, plan.groups[g - 1].partition)) {
      if (Status st = finish_writer(); !st.ok()) {
        discard();
        return st;
      }
      writers.push_back(std::make_unique<RollingWriter>(table, *schema, parquet_schema, group,
                                                        options.target_file_size_bytes));
    }
    RollingWriter* w = writers.back().get();
    // One input file at a time: memory holds one file's rows and the open row group.
    for (const auto& task : group.files) {
      if (Cancelled(options)) {
        discard();
        return Aborted("compaction cancelled");
      }
      iceberg::ScanPlan one;
      one.snapshot_id = scan.snapshot_id;
      one.schema_id = md.current_schema_id;
      one.tasks = {task};
      auto read = iceberg::ReadTable(table->io(), md, one, {},
                                     [&](const std::vector<parquet::ColumnVector>& batch) {
                                       return w->Write(batch, task.file.file_size_in_bytes);
                                     });
      if (!read.ok()) {
        discard();
        return read.status();
      }
      report.rows += read->rows;
      report.bytes_in += task.file.file_size_in_bytes;
      ++report.files_in;
      removed.push_back(task.file.file_path);
    }
  }
  if (Status st = finish_writer(); !st.ok()) {
    discard();
    return st;
  }
  report.files_out = static_cast<int>(added.size());
  iceberg::RewriteOptions rewrite;
  rewrite.max_attempts = options.max_commit_attempts;
  rewrite.starting_snapshot_id = plan.snapshot_id;
  rewrite.spec_id = md.default_spec_id;
  auto committed = iceberg::RewriteFiles(table, removed, std::move(added), rewrite);
  if (!committed.ok()) {
    // Only when the commit certainly did not happen; otherwise the files may
    // be referenced (unreferenced ones are removed by the orphan cleanup).
    StatusCode code = committed.status().code();
    if (code == StatusCode::kAborted || code == StatusCode::kFailedPrecondition) {
      discard();
      return committed.status().WithContext("compaction gave up, nothing changed");
    }
    return committed.status();
  }
  report.snapshot_id = committed->snapshot_id;
  report.attempts = committed->attempts;
  return finish();
}

}  // namespace floe::maintenance
