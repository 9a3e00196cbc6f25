// Page compression codecs. A Compressor/Decompressor keeps its codec context
// between calls, so a column writer or reader makes one and reuses it.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "floe/base/status.h"
#include "floe/format/parquet/parquet_enums.h"

namespace floe::parquet {

class Compressor {
 public:
  virtual ~Compressor() = default;
  // UNCOMPRESSED, SNAPPY, GZIP, ZSTD (level: 0 = codec default) and LZ4_RAW.
  static Result<std::unique_ptr<Compressor>> Make(Codec codec, int level = 0);
  virtual Codec codec() const = 0;
  // Replaces *out with the compressed form of `input`, framed as the Parquet
  // spec requires (raw snappy block, gzip member, zstd frame, lz4 block).
  virtual Status Compress(std::string_view input, std::string* out) = 0;
};

class Decompressor {
 public:
  virtual ~Decompressor() = default;
  // UNCOMPRESSED, SNAPPY, GZIP, ZSTD and LZ4_RAW; others are NotImplemented-style
  // InvalidArgument errors naming the codec.
  static Result<std::unique_ptr<Decompressor>> Make(Codec codec);
  virtual Codec codec() const = 0;
  // Replaces *out with exactly `uncompressed_size` bytes decoded from `input`.
  // Corrupt input or a size mismatch is a DataLoss error; never reads or writes
  // out of bounds.
  virtual Status Decompress(std::string_view input, size_t uncompressed_size,
                            std::string* out) = 0;
};

}  // namespace floe::parquet
