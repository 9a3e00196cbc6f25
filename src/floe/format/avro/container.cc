#include "floe/format/avro/container.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <mutex>
#include <random>
#include <set>

namespace floe::avro {

namespace {

constexpr size_t kHeaderWindow = 4096;
constexpr size_t kMaxBlockHeader = 20;  // Two longs.

Status WithFileContext(Status st) { return st.ok() ? st : st.WithContext("avro container"); }

}  // namespace

// ---------------------------------------------------------------------------
// ContainerWriter

Result<std::unique_ptr<ContainerWriter>> ContainerWriter::Open(
    std::unique_ptr<storage::WritableFile> file, const AvroSchema& schema,
    ContainerWriterOptions options) {
  std::set<std::string> keys;
  for (const auto& [k, v] : options.metadata) {
    if (k.rfind("avro.", 0) == 0) {
      return InvalidArgument("avro container: metadata key '" + k + "' is reserved");
    }
    if (!keys.insert(k).second) {
      return InvalidArgument("avro container: duplicate metadata key '" + k + "'");
    }
  }
  if (options.block_bytes == 0) options.block_bytes = 1;
  std::unique_ptr<ContainerWriter> w(
      new ContainerWriter(std::move(file), schema, std::move(options)));
  if (w->options_.sync_marker) {
    w->sync_ = *w->options_.sync_marker;
  } else {
    std::random_device rd;
    for (auto& b : w->sync_) b = static_cast<uint8_t>(rd());
  }
  std::string header(kMagic, sizeof(kMagic));
  const auto& meta = w->options_.metadata;
  WriteLong(static_cast<int64_t>(meta.size() + 2), &header);
  WriteBytes(kSchemaKey, &header);
  WriteBytes(w->schema_.ToJson(), &header);
  WriteBytes(kCodecKey, &header);
  WriteBytes(CodecName(w->options_.codec), &header);
  for (const auto& [k, v] : meta) {
    WriteBytes(k, &header);
    WriteBytes(v, &header);
  }
  WriteLong(0, &header);
  header.append(reinterpret_cast<const char*>(w->sync_.data()), kSyncSize);
  FLOE_RETURN_IF_ERROR(w->file_->Append(header));
  return w;
}

Status ContainerWriter::Append(const AvroValue& value) {
  if (closed_) return FailedPrecondition("avro container: append after close");
  size_t mark = block_.size();
  Status st = EncodeValue(schema_, value, &block_);
  if (!st.ok()) {
    block_.resize(mark);
    return st.WithContext("avro record");
  }
  ++block_records_;
  ++records_;
  if (block_.size() >= options_.block_bytes) return Flush();
  return Status::OK();
}

Status ContainerWriter::Flush() {
  if (closed_) return FailedPrecondition("avro container: flush after close");
  if (block_records_ == 0) return Status::OK();
  FLOE_RETURN_IF_ERROR(
      CompressBlock(options_.codec, block_, options_.compression_level, &scratch_));
  std::string out;
  out.reserve(scratch_.size() + kMaxBlockHeader + kSyncSize);
  WriteLong(block_records_, &out);
  WriteLong(static_cast<int64_t>(scratch_.size()), &out);
  out.append(scratch_);
  out.append(reinterpret_cast<const char*>(sync_.data()), kSyncSize);
  FLOE_RETURN_IF_ERROR(file_->Append(out));
  block_.clear();
  block_records_ = 0;
  return Status::OK();
}

Result<int64_t> ContainerWriter::Close() {
  if (closed_) return FailedPrecondition("avro container: closed twice");
  FLOE_RETURN_IF_ERROR(Flush());
  closed_ = true;
  int64_t size = file_->Size();
  if (options_.sync_on_close) FLOE_RETURN_IF_ERROR(file_->Sync());
  FLOE_RETURN_IF_ERROR(file_->Close());
  return size;
}

// ---------------------------------------------------------------------------
// ContainerReader

Result<std::unique_ptr<ContainerReader>> ContainerReader::Open(
    std::unique_ptr<storage::RandomAccessFile> file, ContainerReaderOptions options) {
  std::unique_ptr<ContainerReader> r(new ContainerReader(std::move(file), std::move(options)));
  FLOE_RETURN_IF_ERROR(WithFileContext(r->ReadHeader()));
  return r;
}

Result<std::unique_ptr<ContainerReader>> ContainerReader::Open(std::string bytes,
                                                               ContainerReaderOptions options) {
  return Open(storage::NewStringFile("<memory>", std::move(bytes)), std::move(options));
}

const std::string* ContainerReader::FindMetadata(std::string_view key) const {
  for (const auto& [k, v] : metadata_) {
    if (k == key) return &v;
  }
  return nullptr;
}

const AvroSchema& ContainerReader::schema() const {
  return resolver_ ? resolver_->reader() : *writer_schema_;
}

namespace {

// Parses magic, metadata and sync from the start of a file held in `buf`.
Status ParseHeader(std::string_view buf, const DecodeLimits& limits, Metadata* metadata,
                   std::array<uint8_t, kSyncSize>* sync, size_t* consumed) {
  if (buf.size() < sizeof(kMagic) || std::memcmp(buf.data(), kMagic, sizeof(kMagic)) != 0) {
    return DataLoss("not an avro object container file (bad magic)");
  }
  Decoder in(buf.substr(sizeof(kMagic)), limits);
  metadata->clear();
  std::set<std::string> seen;
  while (true) {
    FLOE_ASSIGN_OR_RETURN(int64_t count, in.ReadBlockCount(2, nullptr));
    if (count == 0) break;
    for (int64_t i = 0; i < count; ++i) {
      std::string key, value;
      FLOE_RETURN_IF_ERROR(in.ReadBytes(&key));
      FLOE_RETURN_IF_ERROR(in.ReadBytes(&value));
      if (!seen.insert(key).second) return DataLoss("duplicate metadata key '" + key + "'");
      metadata->emplace_back(std::move(key), std::move(value));
    }
  }
  std::string s;
  FLOE_RETURN_IF_ERROR(in.ReadFixed(kSyncSize, &s));
  std::memcpy(sync->data(), s.data(), kSyncSize);
  *consumed = buf.size() - in.remaining();
  return Status::OK();
}

// The parsed schema for `json`, from a small process-wide cache.
Result<std::shared_ptr<const AvroSchema>> SharedSchema(const std::string& json) {
  static std::mutex mu;
  static auto* cache = new std::map<std::string, std::shared_ptr<const AvroSchema>, std::less<>>;
  {
    std::lock_guard<std::mutex> lock(mu);
    auto it = cache->find(json);
    if (it != cache->end()) return it->second;
  }
  FLOE_ASSIGN_OR_RETURN(AvroSchema parsed, ParseSchema(json));
  auto schema = std::make_shared<const AvroSchema>(std::move(parsed));
  std::lock_guard<std::mutex> lock(mu);
  if (cache->size() >= 64) cache->clear();
  cache->emplace(json, schema);
  return schema;
}

}  // namespace

Status ContainerReader::ReadHeader() {
  const int64_t size = file_->Size();
  size_t window = std::min<size_t>(static_cast<size_t>(size), kHeaderWindow);
  size_t consumed = 0;
  while (true) {
    std::string buf;
    FLOE_RETURN_IF_ERROR(file_->ReadAt(0, static_cast<int64_t>(window), &buf));
    Status st = ParseHeader(buf, options_.limits, &metadata_, &sync_, &consumed);
    if (st.ok()) break;
    if (st.code() != StatusCode::kDataLoss || window >= static_cast<size_t>(size)) return st;
    window = std::min<size_t>(static_cast<size_t>(size), window * 4);
  }
  offset_ = static_cast<int64_t>(consumed);
  const std::string* schema_json = FindMetadata(kSchemaKey);
  if (schema_json == nullptr) return DataLoss("header lacks avro.schema");
  auto schema = SharedSchema(*schema_json);
  if (!schema.ok()) return DataLoss("bad avro.schema: " + schema.status().message());
  writer_schema_ = std::move(schema).value();
  if (const std::string* codec = FindMetadata(kCodecKey)) {
    FLOE_ASSIGN_OR_RETURN(codec_, CodecFromName(*codec));
  }
  if (options_.reader_schema) {
    FLOE_ASSIGN_OR_RETURN(
        Resolver resolver,
        Resolver::Make(*writer_schema_, *options_.reader_schema, options_.resolve));
    resolver_.emplace(std::move(resolver));
  }
  return Status::OK();
}

Status ContainerReader::ReadBlock() {
  const int64_t size = file_->Size();
  std::string head;
  int64_t head_len = std::min<int64_t>(size - offset_, kMaxBlockHeader);
  FLOE_RETURN_IF_ERROR(file_->ReadAt(offset_, head_len, &head));
  Decoder hd(head);
  auto count = hd.ReadLong();
  auto bytes = count.ok() ? hd.ReadLong() : count;
  if (!count.ok() || !bytes.ok())
    return DataLoss("truncated block header at " + std::to_string(offset_));
  if (*count < 0 || *bytes < 0) return DataLoss("negative block count or size");
  int64_t data_start = offset_ + (head_len - static_cast<int64_t>(hd.remaining()));
  if (*bytes > size - data_start || size - data_start - *bytes < static_cast<int64_t>(kSyncSize)) {
    return DataLoss("truncated block at " + std::to_string(offset_));
  }
  if (static_cast<uint64_t>(*bytes) > options_.max_block_bytes) {
    return ResourceExhausted("block of " + std::to_string(*bytes) + " bytes exceeds the limit");
  }
  std::string raw;
  FLOE_RETURN_IF_ERROR(file_->ReadAt(data_start, *bytes + static_cast<int64_t>(kSyncSize), &raw));
  if (std::memcmp(raw.data() + *bytes, sync_.data(), kSyncSize) != 0) {
    return DataLoss("sync marker mismatch after block at " + std::to_string(offset_));
  }
  raw.resize(static_cast<size_t>(*bytes));
  FLOE_RETURN_IF_ERROR(DecompressBlock(codec_, raw, options_.max_block_bytes, &block_));
  int64_t min_record = MinEncodedSize(*writer_schema_, writer_schema_->root());
  if (min_record > 0 ? static_cast<uint64_t>(*count) > block_.size() / min_record
                     : *count > options_.limits.max_empty_items) {
    return DataLoss("block claims " + std::to_string(*count) + " records in " +
                    std::to_string(block_.size()) + " bytes");
  }
  decoder_.emplace(block_, options_.limits);
  block_remaining_ = *count;
  offset_ = data_start + *bytes + static_cast<int64_t>(kSyncSize);
  return Status::OK();
}

Result<bool> ContainerReader::Next(AvroValue* out) {
  if (!status_.ok()) return status_;
  while (block_remaining_ == 0) {
    if (decoder_ && decoder_->remaining() != 0) {
      status_ = DataLoss("avro container: block has bytes after its last record");
      return status_;
    }
    decoder_.reset();
    if (offset_ >= file_->Size()) return false;
    Status st = WithFileContext(ReadBlock());
    if (!st.ok()) {
      status_ = st;
      return status_;
    }
  }
  auto v = resolver_ ? resolver_->Decode(&*decoder_) : DecodeValue(*writer_schema_, &*decoder_);
  if (!v.ok()) {
    status_ = WithFileContext(v.status());
    return status_;
  }
  *out = std::move(v).value();
  --block_remaining_;
  return true;
}

Result<std::vector<AvroValue>> ContainerReader::ReadAll() {
  std::vector<AvroValue> out;
  AvroValue v;
  while (true) {
    FLOE_ASSIGN_OR_RETURN(bool more, Next(&v));
    if (!more) break;
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace floe::avro
