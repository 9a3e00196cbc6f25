// Block codecs of Avro object container files (spec "Required Codecs" and
// "Optional Codecs"): null; deflate as raw RFC 1951 data (no zlib header or
// checksum); snappy as a raw block followed by the big-endian CRC32 of the
// uncompressed data; zstandard as one zstd frame.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "floe/base/status.h"

namespace floe::avro {

enum class Codec { kNull, kDeflate, kSnappy, kZstandard };

// The avro.codec names: "null", "deflate", "snappy", "zstandard".
std::string_view CodecName(Codec codec);
// InvalidArgument for codecs floe does not implement (bzip2, xz, unknown names).
Result<Codec> CodecFromName(std::string_view name);

// Replaces *out with the compressed form of `input`. `level` is the codec's own
// level; 0 picks its default.
Status CompressBlock(Codec codec, std::string_view input, int level, std::string* out);

// Replaces *out with the decompressed form of `input`. DataLoss when the input
// is corrupt (or a snappy checksum differs); ResourceExhausted when the output
// would exceed `max_output` bytes.
Status DecompressBlock(Codec codec, std::string_view input, size_t max_output, std::string* out);

}  // namespace floe::avro
