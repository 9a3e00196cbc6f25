// The write-ahead log's on-disk format (docs/wal.md): segment names and the
// frame layout, with the encoders and the checked decoders Wal uses.
//
//   frame  := header body
//   header := magic:u32 crc:u32 length:u32 first_seq:u64 count:u32 arrival_ms:i64   (32 bytes, LE)
//   body   := count × (len:varint bytes[len])                                         (length
//   bytes) crc    := CRC-32C(body ‖ header[8, 32))
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace floe::ingest::wal_format {

constexpr uint32_t kMagic = 0x4C415746;  // the bytes "FWAL"
constexpr size_t kHeaderSize = 32;
constexpr uint32_t kMaxBodyBytes = 256u << 20;  // a larger length is corruption
constexpr std::string_view kSegmentSuffix = ".wal";
constexpr size_t kSegmentNameDigits = 20;

// "<first_seq as 20 decimal digits>.wal".
std::string SegmentName(uint64_t first_seq);
// True (setting *first_seq) when `name` is a segment name.
bool ParseSegmentName(std::string_view name, uint64_t* first_seq);

// Starts a frame in *frame: kHeaderSize bytes left for FinishFrame, then the
// body. Returns the CRC-32C of the body. REQUIRES: !records.empty().
uint32_t EncodeBody(const std::vector<std::string_view>& records, std::string* frame);
// Fills the header of a frame made by EncodeBody.
void FinishFrame(std::string* frame, uint32_t body_crc, uint64_t first_seq, uint32_t count,
                 int64_t arrival_ms);

struct FrameHeader {
  uint32_t crc = 0;
  uint32_t length = 0;
  uint64_t first_seq = 0;
  uint32_t count = 0;
  int64_t arrival_ms = 0;
};

// Parses kHeaderSize bytes; false when the magic is wrong, the length is above
// kMaxBodyBytes or the count is 0.
bool ParseHeader(const char* p, FrameHeader* header);
// True when the body and header bytes match header.crc. REQUIRES: `header_bytes`
// holds the kHeaderSize bytes that ParseHeader read.
bool CheckCrc(const FrameHeader& header, const char* header_bytes, std::string_view body);
// Splits a body into exactly `count` records; false when the varints or lengths
// do not add up to the body.
bool DecodeRecords(std::string_view body, uint32_t count, std::vector<std::string_view>* records);

}  // namespace floe::ingest::wal_format
