// Avro object container files (spec "Object Container Files"):
//
//   file   := magic 'O' 'b' 'j' 0x01, metadata map<bytes>, 16-byte sync, block*
//   block  := long record_count, long byte_size (after the codec), data, sync
//
// The metadata holds avro.schema (the writer schema JSON, attributes intact)
// and avro.codec, plus any keys the caller adds — Iceberg puts schema,
// partition-spec, format-version, … there.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "floe/format/avro/codec.h"
#include "floe/format/avro/encoding.h"
#include "floe/format/avro/resolution.h"
#include "floe/format/avro/schema.h"
#include "floe/format/avro/value.h"
#include "floe/storage/file_io.h"

namespace floe::avro {

inline constexpr char kMagic[4] = {'O', 'b', 'j', 1};
inline constexpr size_t kSyncSize = 16;
inline constexpr char kSchemaKey[] = "avro.schema";
inline constexpr char kCodecKey[] = "avro.codec";

using Metadata = std::vector<std::pair<std::string, std::string>>;

struct ContainerWriterOptions {
  Codec codec = Codec::kNull;
  int compression_level = 0;  // 0: the codec's default.
  // Written after avro.schema and avro.codec, in this order. Keys must be
  // unique and must not start with "avro.".
  Metadata metadata;
  // A block is flushed once its encoded records reach this many bytes.
  size_t block_bytes = 64 << 10;
  // Close() syncs the file before closing it, so a manifest is durable before
  // anything refers to it.
  bool sync_on_close = true;
  // The sync marker; random (Uuid::Random's generator) when unset.
  std::optional<std::array<uint8_t, kSyncSize>> sync_marker;
};

class ContainerWriter {
 public:
  // Writes the header to `file`. InvalidArgument for bad metadata keys.
  static Result<std::unique_ptr<ContainerWriter>> Open(std::unique_ptr<storage::WritableFile> file,
                                                       const AvroSchema& schema,
                                                       ContainerWriterOptions options = {});

  // Appends one record shaped by the schema's root. A value that does not fit
  // the schema is InvalidArgument and leaves the file as it was.
  Status Append(const AvroValue& value);
  // Ends the current block (no-op when it is empty).
  Status Flush();
  // Flushes, syncs (see sync_on_close), closes the file and returns its total
  // size in bytes — the exact length Iceberg records as manifest_length.
  // A second call is FailedPrecondition.
  Result<int64_t> Close();

  int64_t records_written() const { return records_; }

 private:
  ContainerWriter(std::unique_ptr<storage::WritableFile> file, AvroSchema schema,
                  ContainerWriterOptions options)
      : file_(std::move(file)), schema_(std::move(schema)), options_(std::move(options)) {}

  std::unique_ptr<storage::WritableFile> file_;
  AvroSchema schema_;
  ContainerWriterOptions options_;
  std::array<uint8_t, kSyncSize> sync_{};
  std::string block_;
  int64_t block_records_ = 0;
  int64_t records_ = 0;
  std::string scratch_;
  bool closed_ = false;
};

struct ContainerReaderOptions {
  // When set, records are resolved from the writer schema into this one.
  std::optional<AvroSchema> reader_schema;
  ResolveOptions resolve;
  // Upper bound on a block's size before and after decompression.
  size_t max_block_bytes = size_t{256} << 20;
  DecodeLimits limits;
};

class ContainerReader {
 public:
  // Reads and checks the header. DataLoss for a truncated or corrupt header or
  // an unparsable avro.schema; InvalidArgument for an unsupported codec or a
  // reader schema the writer schema cannot be resolved to.
  static Result<std::unique_ptr<ContainerReader>> Open(
      std::unique_ptr<storage::RandomAccessFile> file, ContainerReaderOptions options = {});
  static Result<std::unique_ptr<ContainerReader>> Open(std::string bytes,
                                                       ContainerReaderOptions options = {});

  // Every header key in file order, avro.* included.
  const Metadata& metadata() const { return metadata_; }
  // The value of `key`, or nullptr.
  const std::string* FindMetadata(std::string_view key) const;
  const AvroSchema& writer_schema() const { return *writer_schema_; }
  // The schema records are shaped by: the reader schema if given, else the writer's.
  const AvroSchema& schema() const;
  Codec codec() const { return codec_; }

  // Reads the next record into *out; returns false at the end of the file.
  // DataLoss on truncation, a bad sync marker, or a block whose records do not
  // use exactly its bytes.
  Result<bool> Next(AvroValue* out);
  Result<std::vector<AvroValue>> ReadAll();

 private:
  ContainerReader(std::unique_ptr<storage::RandomAccessFile> file, ContainerReaderOptions options)
      : file_(std::move(file)), options_(std::move(options)) {}
  Status ReadHeader();
  Status ReadBlock();

  std::unique_ptr<storage::RandomAccessFile> file_;
  ContainerReaderOptions options_;
  Metadata metadata_;
  // Shared by every reader of files with the same schema text (a table's
  // manifests all carry one), so the schema is parsed once per process.
  std::shared_ptr<const AvroSchema> writer_schema_;
  std::optional<Resolver> resolver_;
  Codec codec_ = Codec::kNull;
  std::array<uint8_t, kSyncSize> sync_{};
  int64_t offset_ = 0;  // Next unread byte of the file.
  std::string block_;   // Decompressed current block.
  std::optional<Decoder> decoder_;
  int64_t block_remaining_ = 0;  // Records left in the current block.
  Status status_;                // The first error; every later Next returns it.
};

}  // namespace floe::avro
