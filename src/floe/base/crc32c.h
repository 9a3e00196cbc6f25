// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum of iSCSI,
// ext4 and LevelDB/RocksDB logs, for detecting corruption in what floe writes.
// Values are the standard, unmasked CRC: Crc32c("123456789") == 0xE3069283.
// Callers that store a CRC next to the data it covers may mask it themselves.
//
// Results are identical on every machine; SSE4.2 hardware is used when the CPU
// has it, chosen once at run time (no -msse4.2 needed at build time).
#pragma once

#include <cstddef>
#include <cstdint>

namespace floe {

// The CRC-32C of data[0, n), continuing from `init`, the CRC-32C of whatever
// preceded it (0 for none): Crc32c(ab) == Crc32c(b, |b|, Crc32c(a, |a|)).
// REQUIRES: data is readable for n bytes (data may be null when n == 0).
uint32_t Crc32c(const void* data, size_t n, uint32_t init = 0);

// Same as Crc32c(data, n, crc), named for incremental use.
uint32_t Crc32cExtend(uint32_t crc, const void* data, size_t n);

namespace internal {
// The two implementations behind Crc32c, exposed so tests can compare them.
uint32_t Crc32cPortable(uint32_t crc, const uint8_t* data, size_t n);
// True when Crc32cHardware may be called on this CPU.
bool Crc32cHardwareAvailable();
// REQUIRES: Crc32cHardwareAvailable().
uint32_t Crc32cHardware(uint32_t crc, const uint8_t* data, size_t n);
}  // namespace internal

}  // namespace floe
