// floe::ingest — the write-ahead log of one delivery stream. Records are
// appended in frames with checksums and acknowledged only after a group-commit
// fsync; every record gets a sequence number (its WAL position). Delivery
// commits record the last position they hold, recovery replays what lies
// beyond it, and segments are freed once commits cover them. The on-disk
// format is documented in docs/wal.md.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "floe/base/status.h"
#include "floe/storage/file_io.h"

namespace floe::ingest {

struct WalOptions {
  std::string dir;                   // DIR/wal/<stream>
  int64_t segment_bytes = 64 << 20;  // a new segment starts past this size
  bool sync = true;                  // fsync before acknowledging (tests may turn it off)
};

// One record as replayed.
struct WalRecord {
  uint64_t seq = 0;        // 1-based, dense, increasing across segments
  int64_t arrival_ms = 0;  // when the batch holding it was appended
  std::string_view data;   // valid only during the callback
};

class Wal {
 public:
  // Opens (creating if needed) the log in options.dir. Recovery scans the
  // segments, verifies every frame, and truncates a torn or corrupt tail of
  // the last segment (logged); corruption before the tail is DataLoss.
  static Result<std::unique_ptr<Wal>> Open(const WalOptions& options, storage::FileIO* io);
  virtual ~Wal() = default;

  // Appends the records as one frame and returns the sequence number of the
  // first; they hold [first, first + records.size()). Returns only once the
  // frame is durable; concurrent callers share one fsync (group commit).
  virtual Result<uint64_t> Append(const std::vector<std::string_view>& records,
                                  int64_t arrival_ms) = 0;

  // Calls fn for every durable record with seq > after, in order.
  virtual Status Replay(uint64_t after, const std::function<Status(const WalRecord&)>& fn) = 0;

  // Frees every segment whose records all have seq <= upto.
  virtual Status Release(uint64_t upto) = 0;

  // The last sequence number appended (0 when empty).
  virtual uint64_t last_seq() const = 0;
  // Bytes held in live segments.
  virtual int64_t size_bytes() const = 0;
};

}  // namespace floe::ingest
