#include "floe/iceberg/metadata_io.h"

#include <zlib.h>

namespace floe::iceberg {

Result<std::string> Gunzip(std::string_view data) {
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 32) != Z_OK) return Internal("zlib inflateInit2 failed");
  std::string out;
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  char buf[64 * 1024];
  int rc = Z_OK;
  while (true) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof(buf);
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buf, sizeof(buf) - zs.avail_out);
    if (rc == Z_STREAM_END) {
      if (zs.avail_in == 0) break;
      inflateReset(&zs);  // another gzip member follows
      continue;
    }
    if (rc != Z_OK) break;
    if (out.size() > (1u << 30)) {
      rc = Z_MEM_ERROR;
      break;
    }
  }
  inflateEnd(&zs);
  if (rc != Z_STREAM_END) return DataLoss("corrupt gzip data in metadata file");
  return out;
}

Result<TableMetadata> ReadTableMetadata(storage::FileIO* io, const std::string& path) {
  FLOE_ASSIGN_OR_RETURN(auto file, io->OpenRead(path));
  std::string text;
  FLOE_RETURN_IF_ERROR(file->ReadAt(0, file->Size(), &text));
  if (text.size() >= 2 && static_cast<uint8_t>(text[0]) == 0x1f && static_cast<uint8_t>(text[1]) == 0x8b) {
    FLOE_ASSIGN_OR_RETURN(text, Gunzip(text));
  }
  auto md = TableMetadataFromJson(text);
  if (!md.ok()) return md.status().WithContext(path);
  return md;
}

Status WriteTableMetadata(storage::FileIO* io, const std::string& path, const TableMetadata& metadata) {
  FLOE_ASSIGN_OR_RETURN(auto file, io->OpenWrite(path));
  FLOE_RETURN_IF_ERROR(file->Append(TableMetadataToJson(metadata)));
  FLOE_RETURN_IF_ERROR(file->Sync());
  return file->Close();
}

}  // namespace floe::iceberg
