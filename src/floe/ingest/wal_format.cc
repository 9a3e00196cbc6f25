#include "floe/ingest/wal_format.h"

#include <cstring>

#include "floe/base/coding.h"
#include "floe/base/crc32c.h"

namespace floe::ingest::wal_format {

std::string SegmentName(uint64_t first_seq) {
  std::string digits = std::to_string(first_seq);
  return std::string(kSegmentNameDigits - digits.size(), '0') + digits +
         std::string(kSegmentSuffix);
}

bool ParseSegmentName(std::string_view name, uint64_t* first_seq) {
  if (name.size() != kSegmentNameDigits + kSegmentSuffix.size()) return false;
  if (name.substr(kSegmentNameDigits) != kSegmentSuffix) return false;
  uint64_t v = 0;
  for (size_t i = 0; i < kSegmentNameDigits; ++i) {
    char c = name[i];
    if (c < '0' || c > '9') return false;
    uint64_t digit = static_cast<uint64_t>(c - '0');
    if (v > (UINT64_MAX - digit) / 10) return false;
    v = v * 10 + digit;
  }
  *first_seq = v;
  return true;
}

uint32_t EncodeBody(const std::vector<std::string_view>& records, std::string* frame) {
  size_t total = kHeaderSize;
  for (std::string_view r : records) total += r.size() + 10;
  frame->clear();
  frame->reserve(total);
  frame->resize(kHeaderSize);
  for (std::string_view r : records) {
    PutVarint64(frame, r.size());
    frame->append(r);
  }
  return Crc32c(frame->data() + kHeaderSize, frame->size() - kHeaderSize);
}

void FinishFrame(std::string* frame, uint32_t body_crc, uint64_t first_seq, uint32_t count,
                 int64_t arrival_ms) {
  char* p = frame->data();
  uint32_t length = static_cast<uint32_t>(frame->size() - kHeaderSize);
  uint64_t arrival = static_cast<uint64_t>(arrival_ms);
  std::memcpy(p, &kMagic, 4);
  std::memcpy(p + 8, &length, 4);
  std::memcpy(p + 12, &first_seq, 8);
  std::memcpy(p + 20, &count, 4);
  std::memcpy(p + 24, &arrival, 8);
  uint32_t crc = Crc32cExtend(body_crc, p + 8, kHeaderSize - 8);
  std::memcpy(p + 4, &crc, 4);
}

bool ParseHeader(const char* p, FrameHeader* header) {
  const auto* u = reinterpret_cast<const uint8_t*>(p);
  if (DecodeFixed32(u) != kMagic) return false;
  header->crc = DecodeFixed32(u + 4);
  header->length = DecodeFixed32(u + 8);
  header->first_seq = DecodeFixed64(u + 12);
  header->count = DecodeFixed32(u + 20);
  header->arrival_ms = static_cast<int64_t>(DecodeFixed64(u + 24));
  return header->length <= kMaxBodyBytes && header->count > 0;
}

bool CheckCrc(const FrameHeader& header, const char* header_bytes, std::string_view body) {
  uint32_t crc = Crc32c(body.data(), body.size());
  return Crc32cExtend(crc, header_bytes + 8, kHeaderSize - 8) == header.crc;
}

bool DecodeRecords(std::string_view body, uint32_t count, std::vector<std::string_view>* records) {
  records->clear();
  const auto* p = reinterpret_cast<const uint8_t*>(body.data());
  const auto* end = p + body.size();
  for (uint32_t i = 0; i < count; ++i) {
    uint64_t len;
    if (!GetVarint64(&p, end, &len) || len > static_cast<uint64_t>(end - p)) return false;
    records->emplace_back(reinterpret_cast<const char*>(p), static_cast<size_t>(len));
    p += len;
  }
  return p == end;
}

}  // namespace floe::ingest::wal_format
