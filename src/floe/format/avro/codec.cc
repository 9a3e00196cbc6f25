#include "floe/format/avro/codec.h"

#include <snappy.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>

namespace floe::avro {

namespace {

constexpr int kRawDeflateWindowBits = -15;

Status Deflate(std::string_view input, int level, std::string* out) {
  z_stream zs{};
  if (deflateInit2(&zs, level == 0 ? Z_DEFAULT_COMPRESSION : level, Z_DEFLATED,
                   kRawDeflateWindowBits, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return Internal("avro: deflateInit2 failed");
  }
  out->resize(deflateBound(&zs, static_cast<uLong>(input.size())));
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
  zs.avail_in = static_cast<uInt>(input.size());
  zs.next_out = reinterpret_cast<Bytef*>(out->data());
  zs.avail_out = static_cast<uInt>(out->size());
  int rc = deflate(&zs, Z_FINISH);
  size_t produced = zs.total_out;
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) return Internal("avro: deflate failed");
  out->resize(produced);
  return Status::OK();
}

Status Inflate(std::string_view input, size_t max_output, std::string* out) {
  z_stream zs{};
  if (inflateInit2(&zs, kRawDeflateWindowBits) != Z_OK)
    return Internal("avro: inflateInit2 failed");
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
  zs.avail_in = static_cast<uInt>(input.size());
  out->clear();
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    if (out->size() >= max_output && zs.avail_out == 0) {
      inflateEnd(&zs);
      return ResourceExhausted("avro: deflate block exceeds " + std::to_string(max_output) +
                               " bytes");
    }
    size_t have = out->size();
    size_t grow = std::min(max_output + 1 - have, std::max<size_t>(have, 64 << 10));
    out->resize(have + grow);
    zs.next_out = reinterpret_cast<Bytef*>(out->data() + have);
    zs.avail_out = static_cast<uInt>(grow);
    rc = inflate(&zs, Z_NO_FLUSH);
    out->resize(have + grow - zs.avail_out);
    if (rc == Z_BUF_ERROR && zs.avail_in == 0) rc = Z_DATA_ERROR;  // Truncated stream.
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&zs);
      return DataLoss("avro: corrupt deflate block");
    }
    if (out->size() > max_output) {
      inflateEnd(&zs);
      return ResourceExhausted("avro: deflate block exceeds " + std::to_string(max_output) +
                               " bytes");
    }
  }
  inflateEnd(&zs);
  return Status::OK();
}

Status Unsnappy(std::string_view input, size_t max_output, std::string* out) {
  if (input.size() < 4) return DataLoss("avro: snappy block lacks its checksum");
  std::string_view body = input.substr(0, input.size() - 4);
  size_t n = 0;
  if (!snappy::GetUncompressedLength(body.data(), body.size(), &n)) {
    return DataLoss("avro: corrupt snappy block");
  }
  if (n > max_output) return ResourceExhausted("avro: snappy block too large");
  out->resize(n);
  if (!snappy::RawUncompress(body.data(), body.size(), out->data())) {
    return DataLoss("avro: corrupt snappy block");
  }
  auto b = reinterpret_cast<const uint8_t*>(input.data() + body.size());
  uint32_t want = (uint32_t{b[0]} << 24) | (uint32_t{b[1]} << 16) | (uint32_t{b[2]} << 8) | b[3];
  uint32_t got = static_cast<uint32_t>(
      crc32(0, reinterpret_cast<const Bytef*>(out->data()), static_cast<uInt>(out->size())));
  if (want != got) return DataLoss("avro: snappy block checksum mismatch");
  return Status::OK();
}

Status Unzstd(std::string_view input, size_t max_output, std::string* out) {
  ZSTD_DCtx* ctx = ZSTD_createDCtx();
  if (ctx == nullptr) return Internal("avro: ZSTD_createDCtx failed");
  ZSTD_inBuffer in{input.data(), input.size(), 0};
  out->clear();
  size_t rc = 1;
  while (rc != 0) {
    size_t have = out->size();
    if (have > max_output) {
      ZSTD_freeDCtx(ctx);
      return ResourceExhausted("avro: zstandard block too large");
    }
    size_t grow = std::min(max_output + 1 - have, std::max<size_t>(have, 64 << 10));
    out->resize(have + grow);
    ZSTD_outBuffer ob{out->data() + have, grow, 0};
    rc = ZSTD_decompressStream(ctx, &ob, &in);
    out->resize(have + ob.pos);
    if (ZSTD_isError(rc) || (rc != 0 && in.pos == in.size && ob.pos < grow)) {
      ZSTD_freeDCtx(ctx);
      return DataLoss("avro: corrupt zstandard block");
    }
  }
  ZSTD_freeDCtx(ctx);
  if (out->size() > max_output) return ResourceExhausted("avro: zstandard block too large");
  return Status::OK();
}

}  // namespace

std::string_view CodecName(Codec codec) {
  switch (codec) {
    case Codec::kNull:
      return "null";
    case Codec::kDeflate:
      return "deflate";
    case Codec::kSnappy:
      return "snappy";
    case Codec::kZstandard:
      return "zstandard";
  }
  return "?";
}

Result<Codec> CodecFromName(std::string_view name) {
  for (Codec c : {Codec::kNull, Codec::kDeflate, Codec::kSnappy, Codec::kZstandard}) {
    if (CodecName(c) == name) return c;
  }
  return InvalidArgument("avro: unsupported codec '" + std::string(name) + "'");
}

Status CompressBlock(Codec codec, std::string_view input, int level, std::string* out) {
  switch (codec) {
    case Codec::kNull:
      out->assign(input);
      return Status::OK();
    case Codec::kDeflate:
      return Deflate(input, level, out);
    case Codec::kSnappy: {
      out->clear();
      snappy::Compress(input.data(), input.size(), out);
      uint32_t crc = static_cast<uint32_t>(
          crc32(0, reinterpret_cast<const Bytef*>(input.data()), static_cast<uInt>(input.size())));
      for (int shift = 24; shift >= 0; shift -= 8) out->push_back(static_cast<char>(crc >> shift));
      return Status::OK();
    }
    case Codec::kZstandard: {
      out->resize(ZSTD_compressBound(input.size()));
      size_t n = ZSTD_compress(out->data(), out->size(), input.data(), input.size(),
                               level == 0 ? ZSTD_CLEVEL_DEFAULT : level);
      if (ZSTD_isError(n)) return Internal("avro: zstd compression failed");
      out->resize(n);
      return Status::OK();
    }
  }
  return Internal("avro: unknown codec");
}

Status DecompressBlock(Codec codec, std::string_view input, size_t max_output, std::string* out) {
  switch (codec) {
    case Codec::kNull:
      if (input.size() > max_output) return ResourceExhausted("avro: block too large");
      out->assign(input);
      return Status::OK();
    case Codec::kDeflate:
      return Inflate(input, max_output, out);
    case Codec::kSnappy:
      return Unsnappy(input, max_output, out);
    case Codec::kZstandard:
      return Unzstd(input, max_output, out);
  }
  return Internal("avro: unknown codec");
}

}  // namespace floe::avro
