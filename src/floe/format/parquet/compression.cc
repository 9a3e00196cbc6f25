#include "floe/format/parquet/compression.h"

#include <lz4.h>
#include <snappy.h>
#include <zlib.h>
#include <zstd.h>

#include <cstdint>
#include <limits>

namespace floe::parquet {
namespace {

// Parquet page sizes are Thrift i32, so no page body can be larger.
constexpr size_t kMaxPageBytes = std::numeric_limits<int32_t>::max();
// Neither deflate nor LZ4 can expand data by more than these ratios (deflate:
// a 258-byte match in 2 bits; LZ4: 255 bytes per length byte). A claimed size
// beyond them is rejected before allocating it.
constexpr size_t kMaxDeflateRatio = 1032;
constexpr size_t kMaxLz4Ratio = 255;

// Local names so this file does not depend on parquet_enums.cc.
std::string CodecLabel(Codec codec) {
  switch (codec) {
    case Codec::kUncompressed:
      return "UNCOMPRESSED";
    case Codec::kSnappy:
      return "SNAPPY";
    case Codec::kGzip:
      return "GZIP";
    case Codec::kLzo:
      return "LZO";
    case Codec::kBrotli:
      return "BROTLI";
    case Codec::kLz4:
      return "LZ4";
    case Codec::kZstd:
      return "ZSTD";
    case Codec::kLz4Raw:
      return "LZ4_RAW";
  }
  return "codec " + std::to_string(static_cast<int32_t>(codec));
}

Status Unsupported(Codec codec) {
  std::string message = "unsupported Parquet codec " + CodecLabel(codec);
  if (codec == Codec::kLz4) message += " (the Hadoop-framed LZ4; only LZ4_RAW is supported)";
  return InvalidArgument(std::move(message));
}

Status CheckPageSize(Codec codec, std::string_view input) {
  if (input.size() > kMaxPageBytes) {
    return InvalidArgument(CodecLabel(codec) + ": input of " + std::to_string(input.size()) +
                           " bytes exceeds the Parquet page limit");
  }
  return Status::OK();
}

Status Corrupt(Codec codec, std::string what, std::string* out) {
  out->clear();
  return DataLoss(CodecLabel(codec) + ": " + what);
}

Status SizeMismatch(Codec codec, size_t got, size_t want, std::string* out) {
  return Corrupt(codec,
                 "decompressed " + std::to_string(got) + " bytes, expected " + std::to_string(want),
                 out);
}

char* Data(std::string* s) { return s->data(); }
Bytef* Bytes(std::string* s) { return reinterpret_cast<Bytef*>(s->data()); }

// ---------------------------------------------------------------------------
// UNCOMPRESSED

class PlainCompressor final : public Compressor {
 public:
  Codec codec() const override { return Codec::kUncompressed; }
  Status Compress(std::string_view input, std::string* out) override {
    out->assign(input);
    return Status::OK();
  }
};

class PlainDecompressor final : public Decompressor {
 public:
  Codec codec() const override { return Codec::kUncompressed; }
  Status Decompress(std::string_view input, size_t uncompressed_size, std::string* out) override {
    if (input.size() != uncompressed_size) {
      return SizeMismatch(codec(), input.size(), uncompressed_size, out);
    }
    out->assign(input);
    return Status::OK();
  }
};

// ---------------------------------------------------------------------------
// SNAPPY: a raw snappy block, not the framed format.

class SnappyCompressor final : public Compressor {
 public:
  Codec codec() const override { return Codec::kSnappy; }
  Status Compress(std::string_view input, std::string* out) override {
    FLOE_RETURN_IF_ERROR(CheckPageSize(codec(), input));
    out->resize(snappy::MaxCompressedLength(input.size()));
    size_t n = 0;
    snappy::RawCompress(input.data(), input.size(), Data(out), &n);
    out->resize(n);
    return Status::OK();
  }
};

class SnappyDecompressor final : public Decompressor {
 public:
  Codec codec() const override { return Codec::kSnappy; }
  Status Decompress(std::string_view input, size_t uncompressed_size, std::string* out) override {
    if (input.empty() && uncompressed_size == 0) {
      out->clear();
      return Status::OK();
    }
    size_t declared = 0;
    if (!snappy::GetUncompressedLength(input.data(), input.size(), &declared)) {
      return Corrupt(codec(), "invalid block header", out);
    }
    if (declared != uncompressed_size)
      return SizeMismatch(codec(), declared, uncompressed_size, out);
    out->resize(uncompressed_size);
    if (!snappy::RawUncompress(input.data(), input.size(), Data(out))) {
      return Corrupt(codec(), "corrupt compressed data", out);
    }
    return Status::OK();
  }
};

// ---------------------------------------------------------------------------
// GZIP: RFC 1952 members. The z_stream is kept and reset between calls.

class GzipCompressor final : public Compressor {
 public:
  ~GzipCompressor() override {
    if (initialized_) deflateEnd(&stream_);
  }
  Status Init(int level) {
    int zlevel = level == 0 ? Z_DEFAULT_COMPRESSION : level;
    if (zlevel != Z_DEFAULT_COMPRESSION && (zlevel < 1 || zlevel > 9)) {
      return InvalidArgument("GZIP: compression level " + std::to_string(level) +
                             " is outside 1..9");
    }
    // windowBits 15 + 16 selects the gzip wrapper.
    if (deflateInit2(&stream_, zlevel, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
      return Internal("GZIP: deflateInit2 failed");
    }
    initialized_ = true;
    return Status::OK();
  }
  Codec codec() const override { return Codec::kGzip; }
  Status Compress(std::string_view input, std::string* out) override {
    FLOE_RETURN_IF_ERROR(CheckPageSize(codec(), input));
    if (deflateReset(&stream_) != Z_OK) return Internal("GZIP: deflateReset failed");
    const size_t bound = deflateBound(&stream_, input.size());
    out->resize(bound);
    stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
    stream_.avail_in = static_cast<uInt>(input.size());
    stream_.next_out = Bytes(out);
    stream_.avail_out = static_cast<uInt>(bound);
    if (deflate(&stream_, Z_FINISH) != Z_STREAM_END) {
      out->clear();
      return Internal("GZIP: deflate did not finish within deflateBound");
    }
    out->resize(bound - stream_.avail_out);
    return Status::OK();
  }

 private:
  z_stream stream_{};
  bool initialized_ = false;
};

class GzipDecompressor final : public Decompressor {
 public:
  ~GzipDecompressor() override {
    if (initialized_) inflateEnd(&stream_);
  }
  Status Init() {
    // windowBits 15 + 32 detects the gzip (or zlib) wrapper.
    if (inflateInit2(&stream_, 15 + 32) != Z_OK) return Internal("GZIP: inflateInit2 failed");
    initialized_ = true;
    return Status::OK();
  }
  Codec codec() const override { return Codec::kGzip; }
  Status Decompress(std::string_view input, size_t uncompressed_size, std::string* out) override {
    if (input.empty() && uncompressed_size == 0) {
      out->clear();
      return Status::OK();
    }
    if (input.size() > kMaxPageBytes || uncompressed_size > kMaxPageBytes ||
        uncompressed_size / kMaxDeflateRatio > input.size()) {
      return Corrupt(codec(),
                     std::to_string(input.size()) + " bytes cannot hold " +
                         std::to_string(uncompressed_size) + " uncompressed bytes",
                     out);
    }
    if (inflateReset(&stream_) != Z_OK) return Internal("GZIP: inflateReset failed");
    out->resize(uncompressed_size);
    stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
    stream_.avail_in = static_cast<uInt>(input.size());
    stream_.next_out = Bytes(out);
    stream_.avail_out = static_cast<uInt>(uncompressed_size);
    for (;;) {
      int rc = inflate(&stream_, Z_NO_FLUSH);
      if (rc == Z_STREAM_END) {
        if (stream_.avail_in == 0) break;
        // Concatenated members decode to the concatenation of their contents.
        if (inflateReset(&stream_) != Z_OK) return Internal("GZIP: inflateReset failed");
        continue;
      }
      if (rc == Z_OK) continue;
      if (rc == Z_MEM_ERROR) {
        out->clear();
        return ResourceExhausted("GZIP: out of memory while inflating");
      }
      if (rc == Z_BUF_ERROR) {
        if (stream_.avail_out == 0) {
          return Corrupt(
              codec(), "data exceeds the expected " + std::to_string(uncompressed_size) + " bytes",
              out);
        }
        return Corrupt(codec(), "truncated stream", out);
      }
      std::string what =
          stream_.msg != nullptr ? stream_.msg : "inflate error " + std::to_string(rc);
      return Corrupt(codec(), "corrupt stream: " + what, out);
    }
    size_t produced = uncompressed_size - stream_.avail_out;
    if (produced != uncompressed_size)
      return SizeMismatch(codec(), produced, uncompressed_size, out);
    return Status::OK();
  }

 private:
  z_stream stream_{};
  bool initialized_ = false;
};

// ---------------------------------------------------------------------------
// ZSTD: one frame per page; the contexts are kept for reuse.

class ZstdCompressor final : public Compressor {
 public:
  ~ZstdCompressor() override { ZSTD_freeCCtx(cctx_); }
  Status Init(int level) {
    level_ = level == 0 ? ZSTD_CLEVEL_DEFAULT : level;
    if (level_ < ZSTD_minCLevel() || level_ > ZSTD_maxCLevel()) {
      return InvalidArgument("ZSTD: compression level " + std::to_string(level) + " is outside " +
                             std::to_string(ZSTD_minCLevel()) + ".." +
                             std::to_string(ZSTD_maxCLevel()));
    }
    cctx_ = ZSTD_createCCtx();
    if (cctx_ == nullptr) return ResourceExhausted("ZSTD: cannot allocate a compression context");
    return Status::OK();
  }
  Codec codec() const override { return Codec::kZstd; }
  Status Compress(std::string_view input, std::string* out) override {
    FLOE_RETURN_IF_ERROR(CheckPageSize(codec(), input));
    out->resize(ZSTD_compressBound(input.size()));
    size_t n = ZSTD_compressCCtx(cctx_, Data(out), out->size(), input.data(), input.size(), level_);
    if (ZSTD_isError(n)) {
      out->clear();
      return Internal(std::string("ZSTD: ") + ZSTD_getErrorName(n));
    }
    out->resize(n);
    return Status::OK();
  }

 private:
  ZSTD_CCtx* cctx_ = nullptr;
  int level_ = ZSTD_CLEVEL_DEFAULT;
};

class ZstdDecompressor final : public Decompressor {
 public:
  ~ZstdDecompressor() override { ZSTD_freeDCtx(dctx_); }
  Status Init() {
    dctx_ = ZSTD_createDCtx();
    if (dctx_ == nullptr) return ResourceExhausted("ZSTD: cannot allocate a decompression context");
    return Status::OK();
  }
  Codec codec() const override { return Codec::kZstd; }
  Status Decompress(std::string_view input, size_t uncompressed_size, std::string* out) override {
    if (input.empty() && uncompressed_size == 0) {
      out->clear();
      return Status::OK();
    }
    // A first frame that declares more than the whole page is corrupt; catching
    // it here avoids allocating for it.
    unsigned long long frame = ZSTD_getFrameContentSize(input.data(), input.size());
    if (frame == ZSTD_CONTENTSIZE_ERROR) return Corrupt(codec(), "invalid frame header", out);
    if (frame != ZSTD_CONTENTSIZE_UNKNOWN && frame > uncompressed_size) {
      return Corrupt(codec(),
                     "frame declares " + std::to_string(frame) + " bytes, expected " +
                         std::to_string(uncompressed_size),
                     out);
    }
    out->resize(uncompressed_size);
    size_t n = ZSTD_decompressDCtx(dctx_, Data(out), uncompressed_size, input.data(), input.size());
    if (ZSTD_isError(n)) {
      return Corrupt(codec(), std::string("corrupt data: ") + ZSTD_getErrorName(n), out);
    }
    if (n != uncompressed_size) return SizeMismatch(codec(), n, uncompressed_size, out);
    return Status::OK();
  }

 private:
  ZSTD_DCtx* dctx_ = nullptr;
};

// ---------------------------------------------------------------------------
// LZ4_RAW: a bare LZ4 block.

class Lz4RawCompressor final : public Compressor {
 public:
  Codec codec() const override { return Codec::kLz4Raw; }
  Status Compress(std::string_view input, std::string* out) override {
    if (input.size() > static_cast<size_t>(LZ4_MAX_INPUT_SIZE)) {
      return InvalidArgument("LZ4_RAW: input of " + std::to_string(input.size()) +
                             " bytes exceeds the LZ4 block limit");
    }
    const int src_size = static_cast<int>(input.size());
    out->resize(static_cast<size_t>(LZ4_compressBound(src_size)));
    int n = LZ4_compress_default(input.data(), Data(out), src_size, static_cast<int>(out->size()));
    if (n <= 0) {
      out->clear();
      return Internal("LZ4_RAW: compression failed");
    }
    out->resize(static_cast<size_t>(n));
    return Status::OK();
  }
};

class Lz4RawDecompressor final : public Decompressor {
 public:
  Codec codec() const override { return Codec::kLz4Raw; }
  Status Decompress(std::string_view input, size_t uncompressed_size, std::string* out) override {
    if (input.empty() && uncompressed_size == 0) {
      out->clear();
      return Status::OK();
    }
    if (input.size() > kMaxPageBytes || uncompressed_size > kMaxPageBytes ||
        uncompressed_size / kMaxLz4Ratio > input.size()) {
      return Corrupt(codec(),
                     std::to_string(input.size()) + " bytes cannot hold " +
                         std::to_string(uncompressed_size) + " uncompressed bytes",
                     out);
    }
    out->resize(uncompressed_size);
    int n = LZ4_decompress_safe(input.data(), Data(out), static_cast<int>(input.size()),
                                static_cast<int>(uncompressed_size));
    if (n < 0) return Corrupt(codec(), "corrupt block", out);
    if (static_cast<size_t>(n) != uncompressed_size) {
      return SizeMismatch(codec(), static_cast<size_t>(n), uncompressed_size, out);
    }
    return Status::OK();
  }
};

}  // namespace

// Codecs without levels (SNAPPY, LZ4_RAW, UNCOMPRESSED) ignore `level`, so a
// writer can pass one table-wide setting whatever the codec.
Result<std::unique_ptr<Compressor>> Compressor::Make(Codec codec, int level) {
  switch (codec) {
    case Codec::kUncompressed:
      return std::unique_ptr<Compressor>(std::make_unique<PlainCompressor>());
    case Codec::kSnappy:
      return std::unique_ptr<Compressor>(std::make_unique<SnappyCompressor>());
    case Codec::kGzip: {
      auto c = std::make_unique<GzipCompressor>();
      FLOE_RETURN_IF_ERROR(c->Init(level));
      return std::unique_ptr<Compressor>(std::move(c));
    }
    case Codec::kZstd: {
      auto c = std::make_unique<ZstdCompressor>();
      FLOE_RETURN_IF_ERROR(c->Init(level));
      return std::unique_ptr<Compressor>(std::move(c));
    }
    case Codec::kLz4Raw:
      return std::unique_ptr<Compressor>(std::make_unique<Lz4RawCompressor>());
    default:
      return Unsupported(codec);
  }
}

Result<std::unique_ptr<Decompressor>> Decompressor::Make(Codec codec) {
  switch (codec) {
    case Codec::kUncompressed:
      return std::unique_ptr<Decompressor>(std::make_unique<PlainDecompressor>());
    case Codec::kSnappy:
      return std::unique_ptr<Decompressor>(std::make_unique<SnappyDecompressor>());
    case Codec::kGzip: {
      auto d = std::make_unique<GzipDecompressor>();
      FLOE_RETURN_IF_ERROR(d->Init());
      return std::unique_ptr<Decompressor>(std::move(d));
    }
    case Codec::kZstd: {
      auto d = std::make_unique<ZstdDecompressor>();
      FLOE_RETURN_IF_ERROR(d->Init());
      return std::unique_ptr<Decompressor>(std::move(d));
    }
    case Codec::kLz4Raw:
      return std::unique_ptr<Decompressor>(std::make_unique<Lz4RawDecompressor>());
    default:
      return Unsupported(codec);
  }
}

}  // namespace floe::parquet
