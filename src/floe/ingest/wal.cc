#include "floe/ingest/wal.h"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>

#include "floe/base/logging.h"
#include "floe/ingest/wal_format.h"

namespace floe::ingest {
namespace {

namespace fmt = wal_format;

struct Segment {
  uint64_t first_seq = 0;
  std::string path;
  int64_t size = 0;  // bytes of complete, acknowledged frames
};

// One frame read from a segment.
struct Frame {
  fmt::FrameHeader header;
  std::string bytes;  // header and body
  std::string_view body() const { return std::string_view(bytes).substr(fmt::kHeaderSize); }
};

// Reads and checks the frame at `offset` of a segment whose readable bytes end
// at `limit`. Returns false with *why set when no valid frame with first
// sequence number `expected_seq` starts there; IO failures are errors.
Result<bool> ReadFrame(const storage::RandomAccessFile& file, int64_t offset, int64_t limit,
                       uint64_t expected_seq, Frame* frame, std::vector<std::string_view>* records,
                       std::string* why) {
  if (limit - offset < static_cast<int64_t>(fmt::kHeaderSize)) {
    *why = "incomplete frame header (" + std::to_string(limit - offset) + " bytes)";
    return false;
  }
  FLOE_RETURN_IF_ERROR(file.ReadAt(offset, fmt::kHeaderSize, &frame->bytes));
  if (!fmt::ParseHeader(frame->bytes.data(), &frame->header)) {
    *why = "bad frame header";
    return false;
  }
  const fmt::FrameHeader& h = frame->header;
  if (static_cast<int64_t>(h.length) > limit - offset - static_cast<int64_t>(fmt::kHeaderSize)) {
    *why = "frame of " + std::to_string(h.length) + " bytes runs past the end";
    return false;
  }
  std::string body;
  FLOE_RETURN_IF_ERROR(file.ReadAt(offset + fmt::kHeaderSize, h.length, &body));
  frame->bytes += body;
  if (!fmt::CheckCrc(h, frame->bytes.data(), frame->body())) {
    *why = "checksum mismatch";
    return false;
  }
  if (h.first_seq != expected_seq) {
    *why = "frame starts at seq " + std::to_string(h.first_seq) + ", expected " +
           std::to_string(expected_seq);
    return false;
  }
  if (!fmt::DecodeRecords(frame->body(), h.count, records)) {
    *why = "records do not fill the frame body";
    return false;
  }
  return true;
}

std::string JoinPath(const std::string& dir, const std::string& name) {
  return dir.empty() || dir.back() == '/' ? dir + name : dir + "/" + name;
}

std::string ParentDir(const std::string& path) {
  size_t slash = path.find_last_not_of('/');
  slash = slash == std::string::npos ? std::string::npos : path.rfind('/', slash);
  return slash == std::string::npos ? std::string() : path.substr(0, slash == 0 ? 1 : slash);
}

class WalImpl final : public Wal {
 public:
  WalImpl(WalOptions options, storage::FileIO* io) : options_(std::move(options)), io_(io) {}
  ~WalImpl() override {
    if (active_ != nullptr) (void)active_->Close();
  }

  Status Recover();

  Result<uint64_t> Append(const std::vector<std::string_view>& records,
                          int64_t arrival_ms) override;
  Status Replay(uint64_t after, const std::function<Status(const WalRecord&)>& fn) override;
  Status Release(uint64_t upto) override;
  uint64_t last_seq() const override { return last_seq_.load(std::memory_order_acquire); }
  int64_t size_bytes() const override { return size_bytes_.load(std::memory_order_relaxed); }

 private:
  struct Pending {
    std::string frame;
    uint32_t body_crc = 0;
    uint32_t count = 0;
    int64_t arrival_ms = 0;
    uint64_t first_seq = 0;
    bool done = false;
    Status status;
  };

  Status WriteBatch(const std::vector<Pending*>& batch);
  Status RollSegment();
  Status SyncDir() { return options_.sync ? io_->SyncDir(options_.dir) : Status::OK(); }
  // Scans one segment at recovery; for the last one a bad frame ends it (torn tail).
  Status ScanSegment(Segment* seg, bool last, uint64_t* next_seq);
  void AcquireLeadership(std::unique_lock<std::mutex>* lock) {
    cv_.wait(*lock, [this] { return !leader_active_; });
    leader_active_ = true;
  }

  const WalOptions options_;
  storage::FileIO* const io_;

  std::mutex maintenance_mu_;  // serializes Replay and Release

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Segment> segments_;  // oldest first; back() is being appended to (guarded by mu_)
  std::vector<Pending*> queue_;   // frames waiting for the next group commit (guarded by mu_)
  bool leader_active_ = false;    // one thread writes at a time (guarded by mu_)
  Status broken_;                 // set when the file state is unknown (guarded by mu_)

  // Owned by the leader.
  std::unique_ptr<storage::WritableFile> active_;
  uint64_t next_seq_ = 1;

  std::atomic<uint64_t> last_seq_{0};
  std::atomic<int64_t> size_bytes_{0};
};

Status WalImpl::ScanSegment(Segment* seg, bool last, uint64_t* next_seq) {
  FLOE_ASSIGN_OR_RETURN(auto file, io_->OpenRead(seg->path));
  int64_t size = file->Size();
  int64_t offset = 0;
  uint64_t seq = seg->first_seq;
  Frame frame;
  std::vector<std::string_view> records;
  while (offset < size) {
    std::string why;
    FLOE_ASSIGN_OR_RETURN(bool ok, ReadFrame(*file, offset, size, seq, &frame, &records, &why));
    if (!ok) {
      if (!last) {
        return DataLoss(
            "write-ahead log segment " + seg->path + " is corrupt at byte " +
            std::to_string(offset) + " (" + why +
            ") before the tail of the log; acknowledged records after it cannot be read");
      }
      FLOE_LOG(kWarning) << "write-ahead log " << seg->path << ": dropping " << (size - offset)
                         << " bytes of torn or corrupt tail at byte " << offset << " (" << why
                         << ")";
      break;
    }
    offset += static_cast<int64_t>(frame.bytes.size());
    seq += frame.header.count;
  }
  seg->size = offset;
  *next_seq = seq;
  return Status::OK();
}

Status WalImpl::Recover() {
  if (options_.dir.empty())
    return InvalidArgument("write-ahead log needs a directory (WalOptions::dir)");
  if (options_.segment_bytes <= 0)
    return InvalidArgument("WalOptions::segment_bytes must be positive");
  auto listing = io_->List(options_.dir);
  if (!listing.ok() && listing.status().code() != StatusCode::kNotFound) return listing.status();
  if (listing.ok()) {
    for (const storage::FileInfo& info : *listing) {
      uint64_t first;
      if (info.is_dir || !fmt::ParseSegmentName(info.name, &first)) continue;
      segments_.push_back(Segment{first, JoinPath(options_.dir, info.name), info.size});
    }
  }
  std::sort(segments_.begin(), segments_.end(),
            [](const Segment& a, const Segment& b) { return a.first_seq < b.first_seq; });
  if (segments_.empty()) {
    std::string path = JoinPath(options_.dir, fmt::SegmentName(1));
    FLOE_ASSIGN_OR_RETURN(active_, io_->OpenWrite(path));
    FLOE_RETURN_IF_ERROR(SyncDir());
    if (options_.sync && !listing.ok()) FLOE_RETURN_IF_ERROR(io_->SyncDir(ParentDir(options_.dir)));
    segments_.push_back(Segment{1, path, 0});
    next_seq_ = 1;
    return Status::OK();
  }
  uint64_t seq = 0;
  int64_t total = 0;
  for (size_t i = 0; i < segments_.size(); ++i) {
    Segment& seg = segments_[i];
    if (i > 0 && seg.first_seq != seq) {
      return DataLoss("write-ahead log segment " + segments_[i - 1].path + " ends before seq " +
                      std::to_string(seq) + " but the next segment " + seg.path +
                      " starts at seq " + std::to_string(seg.first_seq));
    }
    bool last = i + 1 == segments_.size();
    int64_t listed = seg.size;
    FLOE_RETURN_IF_ERROR(ScanSegment(&seg, last, &seq));
    total += seg.size;
    if (last) {
      FLOE_ASSIGN_OR_RETURN(active_, io_->OpenAppend(seg.path, seg.size));
      if (seg.size < listed && options_.sync) FLOE_RETURN_IF_ERROR(active_->Sync());
    }
  }
  next_seq_ = seq;
  last_seq_.store(seq - 1, std::memory_order_release);
  size_bytes_.store(total, std::memory_order_relaxed);
  return Status::OK();
}

Result<uint64_t> WalImpl::Append(const std::vector<std::string_view>& records, int64_t arrival_ms) {
  if (records.empty()) return InvalidArgument("write-ahead log append needs at least one record");
  if (records.size() > UINT32_MAX)
    return InvalidArgument("too many records in one write-ahead log append");
  Pending pending;
  pending.body_crc = fmt::EncodeBody(records, &pending.frame);
  pending.count = static_cast<uint32_t>(records.size());
  pending.arrival_ms = arrival_ms;
  if (pending.frame.size() - fmt::kHeaderSize > fmt::kMaxBodyBytes) {
    return InvalidArgument("write-ahead log append of " + std::to_string(pending.frame.size()) +
                           " bytes is above the frame limit of " +
                           std::to_string(fmt::kMaxBodyBytes));
  }
  std::unique_lock<std::mutex> lock(mu_);
  if (!broken_.ok()) return broken_;
  queue_.push_back(&pending);
  cv_.wait(lock, [&] { return pending.done || !leader_active_; });
  if (!pending.done) {
    // Lead one group commit: everything queued so far, this frame included.
    leader_active_ = true;
    std::vector<Pending*> batch;
    batch.swap(queue_);
    Status st = broken_;
    if (st.ok()) {
      lock.unlock();
      st = WriteBatch(batch);
      lock.lock();
    }
    for (Pending* p : batch) {
      p->status = st;
      p->done = true;
    }
    leader_active_ = false;
    cv_.notify_all();
  }
  if (!pending.status.ok()) return pending.status;
  return pending.first_seq;
}

Status WalImpl::WriteBatch(const std::vector<Pending*>& batch) {
  if (active_->Size() >= options_.segment_bytes) FLOE_RETURN_IF_ERROR(RollSegment());
  const uint64_t first = next_seq_;
  uint64_t seq = first;
  for (Pending* p : batch) {
    p->first_seq = seq;
    fmt::FinishFrame(&p->frame, p->body_crc, seq, p->count, p->arrival_ms);
    seq += p->count;
  }
  const int64_t start = active_->Size();
  Status st;
  for (Pending* p : batch) {
    st = active_->Append(p->frame);
    if (!st.ok()) break;
  }
  if (!st.ok()) {
    // Cut off whatever part of the batch reached the file so later frames
    // follow the last good one; if that fails too, stop the log.
    const std::string path = segments_.back().path;
    (void)active_->Close();
    auto reopened = io_->OpenAppend(path, start);
    std::lock_guard<std::mutex> lock(mu_);
    if (reopened.ok()) {
      active_ = std::move(reopened).value();
    } else {
      broken_ = FailedPrecondition("write-ahead log " + options_.dir +
                                   " stopped: after a failed write (" + st.ToString() +
                                   ") its segment could not be cut back (" +
                                   reopened.status().ToString() + "); reopen the log to recover");
    }
    return st.WithContext("write-ahead log append");
  }
  if (options_.sync) {
    st = active_->Sync();
    if (!st.ok()) {
      // After a failed fsync the kernel may have dropped the dirty pages:
      // nothing written since the last good sync can be trusted until recovery.
      std::lock_guard<std::mutex> lock(mu_);
      broken_ =
          FailedPrecondition("write-ahead log " + options_.dir + " stopped after a failed sync (" +
                             st.ToString() + "); reopen the log to recover");
      return st.WithContext("write-ahead log sync");
    }
  }
  next_seq_ = seq;
  {
    std::lock_guard<std::mutex> lock(mu_);
    segments_.back().size = active_->Size();
  }
  size_bytes_.fetch_add(active_->Size() - start, std::memory_order_relaxed);
  last_seq_.store(seq - 1, std::memory_order_release);
  return Status::OK();
}

Status WalImpl::RollSegment() {
  std::string path = JoinPath(options_.dir, fmt::SegmentName(next_seq_));
  FLOE_ASSIGN_OR_RETURN(auto file, io_->OpenWrite(path));
  Status st = SyncDir();
  if (!st.ok()) {
    // An empty segment left behind would contradict the one still growing.
    (void)file->Close();
    (void)io_->Delete(path);
    return st.WithContext("write-ahead log new segment");
  }
  (void)active_->Close();  // every frame in it is already synced
  active_ = std::move(file);
  std::lock_guard<std::mutex> lock(mu_);
  segments_.push_back(Segment{next_seq_, path, 0});
  return Status::OK();
}

Status WalImpl::Replay(uint64_t after, const std::function<Status(const WalRecord&)>& fn) {
  std::lock_guard<std::mutex> maintenance(maintenance_mu_);
  std::vector<Segment> segments;
  {
    std::lock_guard<std::mutex> lock(mu_);
    segments.assign(segments_.begin(), segments_.end());
  }
  uint64_t last = last_seq();
  Frame frame;
  std::vector<std::string_view> records;
  for (size_t i = 0; i < segments.size(); ++i) {
    const Segment& seg = segments[i];
    if (i + 1 < segments.size() && segments[i + 1].first_seq <= after + 1) continue;
    if (seg.size == 0) continue;
    FLOE_ASSIGN_OR_RETURN(auto file, io_->OpenRead(seg.path));
    int64_t offset = 0;
    uint64_t seq = seg.first_seq;
    while (offset < seg.size && seq <= last) {
      std::string why;
      FLOE_ASSIGN_OR_RETURN(bool ok,
                            ReadFrame(*file, offset, seg.size, seq, &frame, &records, &why));
      if (!ok) {
        return DataLoss("write-ahead log segment " + seg.path + " is corrupt at byte " +
                        std::to_string(offset) + " (" + why + ")");
      }
      offset += static_cast<int64_t>(frame.bytes.size());
      for (std::string_view data : records) {
        if (seq > after && seq <= last)
          FLOE_RETURN_IF_ERROR(fn(WalRecord{seq, frame.header.arrival_ms, data}));
        ++seq;
      }
    }
  }
  return Status::OK();
}

Status WalImpl::Release(uint64_t upto) {
  std::lock_guard<std::mutex> maintenance(maintenance_mu_);
  std::unique_lock<std::mutex> lock(mu_);
  uint64_t last = last_seq();
  if (segments_.back().first_seq <= last && last <= upto) {
    // The segment being appended to is covered too: start a new one so it can go.
    AcquireLeadership(&lock);
    Status st = broken_;
    if (st.ok()) {
      lock.unlock();
      st = RollSegment();
      lock.lock();
    }
    leader_active_ = false;
    cv_.notify_all();
    FLOE_RETURN_IF_ERROR(st);
  }
  std::vector<Segment> freed;
  while (segments_.size() > 1 && segments_[1].first_seq - 1 <= upto) {
    freed.push_back(segments_.front());
    segments_.pop_front();
  }
  lock.unlock();
  if (freed.empty()) return Status::OK();
  for (const Segment& seg : freed) {
    Status st = io_->Delete(seg.path);
    if (!st.ok() && st.code() != StatusCode::kNotFound)
      return st.WithContext("write-ahead log release");
    size_bytes_.fetch_sub(seg.size, std::memory_order_relaxed);
  }
  return SyncDir();
}

}  // namespace

Result<std::unique_ptr<Wal>> Wal::Open(const WalOptions& options, storage::FileIO* io) {
  auto wal = std::make_unique<WalImpl>(options, io);
  FLOE_RETURN_IF_ERROR(wal->Recover().WithContext("open write-ahead log " + options.dir));
  return std::unique_ptr<Wal>(std::move(wal));
}

}  // namespace floe::ingest
