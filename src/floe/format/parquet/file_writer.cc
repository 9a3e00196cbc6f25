#include "floe/format/parquet/file_writer.h"

#include <algorithm>

#include "floe/base/coding.h"
#include "floe/format/parquet/column_writer.h"

namespace floe::parquet {
namespace {

constexpr char kMagic[] = "PAR1";
// Rows handed to the column writers at a time, so page and row-group limits are
// checked at a fine grain even for huge batches.
constexpr int64_t kSliceRows = 4096;

}  // namespace

FileWriter::FileWriter(std::unique_ptr<storage::WritableFile> file, Schema schema,
                       WriterOptions options, std::unique_ptr<Compressor> compressor)
    : file_(std::move(file)),
      schema_(std::move(schema)),
      options_(std::move(options)),
      compressor_(std::move(compressor)) {
  for (const auto& c : schema_.columns()) {
    columns_.push_back(std::make_unique<ColumnWriter>(c, options_, compressor_.get()));
  }
  metadata_.version = 1;
  metadata_.schema = schema_.ToThrift();
  metadata_.created_by = kCreatedBy;
  metadata_.key_value_metadata = options_.key_value_metadata;
  metadata_.column_orders.assign(schema_.columns().size(), 1);
}

FileWriter::~FileWriter() = default;

Result<std::unique_ptr<FileWriter>> FileWriter::Open(std::unique_ptr<storage::WritableFile> file,
                                                     Schema schema, WriterOptions options) {
  if (!schema.IsFlat()) {
    return InvalidArgument("the Parquet writer supports flat schemas only (no nested columns yet)");
  }
  for (const auto& c : schema.columns()) {
    // The column writer has no INT96 path (PLAIN encoding, dictionary fallback).
    if (c.physical == PhysicalType::kInt96) {
      return InvalidArgument("column " + c.name + ": INT96 is deprecated and cannot be written");
    }
  }
  if (options.page_bytes <= 0 || options.row_group_bytes <= 0 || options.row_group_rows <= 0 ||
      options.dictionary_page_bytes < 0) {
    return InvalidArgument("Parquet page, row group and dictionary sizes must be positive");
  }
  FLOE_ASSIGN_OR_RETURN(auto compressor, Compressor::Make(options.codec, options.compression_level));
  FLOE_RETURN_IF_ERROR(file->Append(std::string_view(kMagic, 4)));
  return std::unique_ptr<FileWriter>(
      new FileWriter(std::move(file), std::move(schema), std::move(options), std::move(compressor)));
}

Status FileWriter::Validate(const std::vector<ColumnVector>& columns) const {
  const auto& descs = schema_.columns();
  if (columns.size() != descs.size()) {
    return InvalidArgument("batch has " + std::to_string(columns.size()) + " columns, schema has " +
                           std::to_string(descs.size()));
  }
  int64_t n = columns.empty() ? 0 : columns[0].length;
  for (size_t i = 0; i < columns.size(); ++i) {
    const ColumnVector& v = columns[i];
    const ColumnDescriptor& d = descs[i];
    if (v.type != d.physical) {
      return InvalidArgument("column " + d.name + " expects " + std::string(PhysicalTypeName(d.physical)) +
                             " values, got " + std::string(PhysicalTypeName(v.type)));
    }
    if (v.length != n) return InvalidArgument("column " + d.name + " has a different row count");
    if (!v.validity.empty() && static_cast<int64_t>(v.validity.size()) != n) {
      return InvalidArgument("column " + d.name + " has a validity array of the wrong size");
    }
    size_t expect = static_cast<size_t>(n);
    size_t have = 0;
    switch (v.type) {
      case PhysicalType::kBoolean: have = v.bools.size(); break;
      case PhysicalType::kInt32: have = v.i32.size(); break;
      case PhysicalType::kInt64: have = v.i64.size(); break;
      case PhysicalType::kFloat: have = v.f32.size(); break;
      case PhysicalType::kDouble: have = v.f64.size(); break;
      default: have = v.offsets.size() - 1; break;
    }
    if (have != expect) return InvalidArgument("column " + d.name + " has the wrong number of values");
    if (v.type == PhysicalType::kBoolean) {
      // Booleans are bit-packed one bit each: a 2 would spill into the next value.
      for (size_t r = 0; r < expect; ++r) {
        if (v.bools[r] > 1 && !v.IsNull(static_cast<int64_t>(r))) {
          return InvalidArgument("column " + d.name + " has a boolean that is neither 0 nor 1");
        }
      }
    }
    if (v.type == PhysicalType::kByteArray || v.type == PhysicalType::kFixedLenByteArray) {
      // Offsets must stay inside `bytes`: the encoders read the ranges they name.
      for (size_t r = 0; r < expect; ++r) {
        if (v.offsets[r + 1] < v.offsets[r]) {
          return InvalidArgument("column " + d.name + " has decreasing offsets");
        }
      }
      if (v.offsets.back() > v.bytes.size()) {
        return InvalidArgument("column " + d.name + " has offsets past the end of its bytes");
      }
    }
    if (d.repetition == Repetition::kRequired && v.NullCount() > 0) {
      return InvalidArgument("required column " + d.name + " has null values");
    }
    if (v.type == PhysicalType::kFixedLenByteArray) {
      for (int64_t r = 0; r < n; ++r) {
        if (!v.IsNull(r) && v.offsets[r + 1] - v.offsets[r] != static_cast<uint32_t>(d.type_length)) {
          return InvalidArgument("column " + d.name + " needs values of exactly " +
                                 std::to_string(d.type_length) + " bytes");
        }
      }
    }
  }
  return Status::OK();
}

int64_t FileWriter::BufferedBytes() const {
  int64_t total = 0;
  for (const auto& c : columns_) total += c->EstimatedBytes();
  return total;
}

int64_t FileWriter::EstimatedFileSize() const { return file_->Size() + BufferedBytes(); }

Status FileWriter::WriteBatch(const std::vector<ColumnVector>& columns) {
  if (closed_) return FailedPrecondition("Parquet writer is closed");
  FLOE_RETURN_IF_ERROR(Validate(columns));
  int64_t n = columns.empty() ? 0 : columns[0].length;
  for (int64_t offset = 0; offset < n;) {
    // Slices hold at most an eighth of a row group, judged by the bytes per row
    // buffered so far, so wide rows cannot overshoot row_group_bytes by much.
    int64_t slice = kSliceRows;
    if (rows_buffered_ > 0) {
      int64_t per_row = std::max<int64_t>(1, BufferedBytes() / rows_buffered_);
      slice = std::clamp<int64_t>(options_.row_group_bytes / 8 / per_row, 1, kSliceRows);
    } else if (options_.row_group_bytes < (1 << 20)) {
      slice = 64;
    }
    int64_t count = std::min({slice, n - offset, options_.row_group_rows - rows_buffered_});
    for (size_t i = 0; i < columns.size(); ++i) columns_[i]->Append(columns[i], offset, count);
    rows_buffered_ += count;
    if (BufferedBytes() >= options_.row_group_bytes || rows_buffered_ >= options_.row_group_rows)
      FLOE_RETURN_IF_ERROR(FlushRowGroup());
    offset += count;
  }
  return Status::OK();
}

Status FileWriter::FlushRowGroup() {
  if (rows_buffered_ == 0) return Status::OK();
  RowGroup rg;
  rg.num_rows = rows_buffered_;
  rg.file_offset = file_->Size();
  rg.ordinal = static_cast<int32_t>(metadata_.row_groups.size());
  int64_t compressed = 0;
  for (auto& c : columns_) {
    chunk_buffer_.clear();
    ColumnChunk chunk;
    FLOE_RETURN_IF_ERROR(c->Finish(file_->Size(), &chunk_buffer_, &chunk));
    FLOE_RETURN_IF_ERROR(file_->Append(chunk_buffer_));
    compressed += chunk.meta_data->total_compressed_size;
    rg.total_byte_size += chunk.meta_data->total_uncompressed_size;
    rg.columns.push_back(std::move(chunk));
  }
  rg.total_compressed_size = compressed;
  metadata_.row_groups.push_back(std::move(rg));
  rows_written_ += rows_buffered_;
  rows_buffered_ = 0;
  return Status::OK();
}

Result<WriteResult> FileWriter::Close() {
  if (closed_) return FailedPrecondition("Parquet writer is already closed");
  FLOE_RETURN_IF_ERROR(FlushRowGroup());
  closed_ = true;
  metadata_.num_rows = rows_written_;
  std::string footer;
  EncodeFileMetaData(metadata_, &footer);
  PutFixed32(&footer, static_cast<uint32_t>(footer.size()));
  footer.append(kMagic, 4);
  FLOE_RETURN_IF_ERROR(file_->Append(footer));
  if (options_.sync_on_close) FLOE_RETURN_IF_ERROR(file_->Sync());
  WriteResult result;
  result.file_size = file_->Size();
  FLOE_RETURN_IF_ERROR(file_->Close());
  result.num_rows = rows_written_;
  result.num_row_groups = static_cast<int>(metadata_.row_groups.size());
  for (const auto& rg : metadata_.row_groups) result.row_group_offsets.push_back(rg.file_offset.value_or(4));
  for (const auto& c : columns_) result.columns.push_back(c->metrics());
  return result;
}

}  // namespace floe::parquet
