#include "floe/format/parquet/column_writer.h"

#include <algorithm>
#include <cstring>

#include "floe/base/coding.h"
#include "floe/format/parquet/dictionary.h"
#include "floe/format/parquet/plain.h"
#include "floe/format/parquet/rle.h"
#include "floe/format/parquet/value_stats.h"

namespace floe::parquet {
namespace {

// Bounds longer than this are left out of the chunk statistics (readers only
// use them for pruning; Iceberg still gets them through ColumnMetrics).
constexpr size_t kMaxStatisticsBytes = 4096;

int64_t RawValueBytes(const ColumnVector& v, int64_t offset, int64_t count, int64_t present) {
  switch (v.type) {
    case PhysicalType::kInt32:
    case PhysicalType::kFloat: return present * 4;
    case PhysicalType::kInt64:
    case PhysicalType::kDouble: return present * 8;
    case PhysicalType::kByteArray:
      return static_cast<int64_t>(v.offsets[offset + count] - v.offsets[offset]) + 4 * present;
    case PhysicalType::kFixedLenByteArray:
      return static_cast<int64_t>(v.offsets[offset + count] - v.offsets[offset]);
    default: return present;
  }
}

}  // namespace

ColumnWriter::ColumnWriter(const ColumnDescriptor& desc, const WriterOptions& options,
                           Compressor* compressor)
    : desc_(desc),
      options_(options),
      compressor_(compressor),
      dict_(std::make_unique<DictionaryEncoder>(desc.physical)),
      stats_(std::make_unique<ValueStats>(desc_)) {
  ResetChunk();
}

ColumnWriter::~ColumnWriter() = default;

void ColumnWriter::ResetChunk() {
  use_dictionary_ = options_.dictionary && desc_.physical != PhysicalType::kBoolean;
  dict_pages_flushed_ = 0;
  dict_->Clear();
  stats_->Reset();
  pages_.clear();
  chunk_values_ = chunk_nulls_ = chunk_uncompressed_ = 0;
  dict_data_pages_ = plain_data_pages_ = 0;
  page_raw_bytes_ = 0;
}

int64_t ColumnWriter::PageBytes() const {
  int64_t levels = static_cast<int64_t>(levels_.size()) / 8;
  if (desc_.physical == PhysicalType::kBoolean) {
    return levels + static_cast<int64_t>(indices_.size()) / 8;
  }
  if (use_dictionary_) {
    int width = std::max(1, BitWidth(static_cast<uint64_t>(std::max<int64_t>(dict_->size() - 1, 0))));
    int64_t encoded = static_cast<int64_t>(indices_.size()) * width / 8;
    // Until the first page decides whether the dictionary pays off, count the
    // dictionary too: a page that falls back to PLAIN is then still small.
    if (dict_pages_flushed_ == 0) encoded = std::max(encoded, dict_->plain_bytes());
    return levels + encoded;
  }
  return levels + static_cast<int64_t>(plain_.size());
}

int64_t ColumnWriter::EstimatedBytes() const {
  return static_cast<int64_t>(pages_.size()) + PageBytes() +
         (use_dictionary_ || dict_pages_flushed_ > 0 ? dict_->plain_bytes() : 0);
}

void ColumnWriter::AppendLevels(const ColumnVector& v, int64_t offset, int64_t count) {
  if (desc_.max_def == 0) return;
  if (v.validity.empty()) {
    levels_.insert(levels_.end(), static_cast<size_t>(count), 1);
  } else {
    // Any non-zero validity byte means present (as in ColumnVector::IsNull);
    // levels must be exactly 0 or 1 or they corrupt the 1-bit level runs.
    for (int64_t i = offset; i < offset + count; ++i) levels_.push_back(v.validity[i] != 0 ? 1 : 0);
  }
}

void ColumnWriter::Append(const ColumnVector& v, int64_t offset, int64_t count) {
  // Feed the page in steps small enough that it cannot overshoot page_bytes by
  // much, judged by the bytes per value of the page so far.
  while (count > 0) {
    int64_t step = count;
    if (page_values_ > 0) {
      int64_t per_value = std::max<int64_t>(1, PageBytes() / page_values_);
      step = std::clamp<int64_t>(options_.page_bytes / 2 / per_value, 1, count);
    } else if (options_.page_bytes < (64 << 10)) {
      step = std::min<int64_t>(count, 8);
    }
    AppendStep(v, offset, step);
    offset += step;
    count -= step;
  }
}

void ColumnWriter::AppendStep(const ColumnVector& v, int64_t offset, int64_t count) {
  AppendLevels(v, offset, count);
  int64_t nulls = 0;
  if (!v.validity.empty()) {
    for (int64_t i = offset; i < offset + count; ++i) nulls += v.validity[i] == 0;
  }
  chunk_values_ += count;
  chunk_nulls_ += nulls;
  page_values_ += static_cast<int32_t>(count);
  page_raw_bytes_ += RawValueBytes(v, offset, count, count - nulls);
  // Bounds of dictionary-encoded values come from the dictionary's distinct
  // entries when it is folded (ConvertPageToPlain, Finish); NaNs are counted
  // per value either way.
  if (use_dictionary_ && desc_.physical != PhysicalType::kBoolean) {
    stats_->CountNaNs(v, offset, count);
  } else {
    stats_->Update(v, offset, count);
  }

  if (desc_.physical == PhysicalType::kBoolean) {
    for (int64_t i = offset; i < offset + count; ++i) {
      if (!v.IsNull(i)) indices_.push_back(v.bools[i]);
    }
  } else if (use_dictionary_) {
    dict_->Encode(v, offset, count, &indices_);
    if (dict_->plain_bytes() > options_.dictionary_page_bytes) {
      if (dict_pages_flushed_ == 0) {
        ConvertPageToPlain();
      } else {
        (void)FlushPage();  // the dictionary page keeps what it has
        use_dictionary_ = false;
      }
    }
  } else {
    PlainEncode(v, offset, count, &plain_);
  }
  if (PageBytes() >= options_.page_bytes) (void)FlushPage();
}

void ColumnWriter::ConvertPageToPlain() {
  const ColumnVector& values = dict_->values();
  stats_->UpdateBounds(values, 0, values.length);
  plain_.clear();
  if (desc_.physical == PhysicalType::kByteArray ||
      desc_.physical == PhysicalType::kFixedLenByteArray) {
    bool fixed = desc_.physical == PhysicalType::kFixedLenByteArray;
    for (uint32_t idx : indices_) {
      std::string_view s = values.Bytes(idx);
      if (!fixed) PutFixed32(&plain_, static_cast<uint32_t>(s.size()));
      plain_.append(s);
    }
  } else {
    size_t width = desc_.physical == PhysicalType::kInt32 || desc_.physical == PhysicalType::kFloat ? 4 : 8;
    const char* base = desc_.physical == PhysicalType::kInt32   ? reinterpret_cast<const char*>(values.i32.data())
                       : desc_.physical == PhysicalType::kInt64 ? reinterpret_cast<const char*>(values.i64.data())
                       : desc_.physical == PhysicalType::kFloat ? reinterpret_cast<const char*>(values.f32.data())
                                                                : reinterpret_cast<const char*>(values.f64.data());
    plain_.resize(indices_.size() * width);
    char* dst = plain_.data();
    for (uint32_t idx : indices_) {
      std::memcpy(dst, base + idx * width, width);
      dst += width;
    }
  }
  indices_.clear();
  dict_->Clear();
  use_dictionary_ = false;
}

Status ColumnWriter::WritePage(PageType type, Encoding encoding, int32_t num_values,
                               std::string* body, std::string* out) {
  PageHeader h;
  h.type = type;
  h.uncompressed_page_size = static_cast<int32_t>(body->size());
  const std::string* stored = body;
  if (compressor_->codec() != Codec::kUncompressed) {
    FLOE_RETURN_IF_ERROR(compressor_->Compress(*body, &compressed_));
    stored = &compressed_;
  }
  h.compressed_page_size = static_cast<int32_t>(stored->size());
  if (type == PageType::kDictionaryPage) {
    h.dictionary_page = DictionaryPageHeader{num_values, Encoding::kPlain};
  } else {
    h.data_page = DataPageHeader{num_values, encoding, Encoding::kRle, Encoding::kRle};
  }
  size_t before = out->size();
  EncodePageHeader(h, out);
  chunk_uncompressed_ += static_cast<int64_t>(out->size() - before) + h.uncompressed_page_size;
  out->append(*stored);
  return Status::OK();
}

Status ColumnWriter::FlushPage() {
  if (page_values_ == 0) return Status::OK();
  if (use_dictionary_ && dict_pages_flushed_ == 0) {
    // Keep the dictionary only if it beats PLAIN on the first page.
    int width = std::max(1, BitWidth(static_cast<uint64_t>(std::max<int64_t>(dict_->size() - 1, 0))));
    int64_t encoded = static_cast<int64_t>(indices_.size()) * width / 8 + dict_->plain_bytes();
    if (encoded >= page_raw_bytes_) ConvertPageToPlain();
  }
  scratch_.clear();
  if (desc_.max_def > 0) {
    PutFixed32(&scratch_, 0);
    RleHybridEncodeBytes(levels_.data(), levels_.size(), BitWidth(static_cast<uint64_t>(desc_.max_def)),
                         &scratch_);
    uint32_t len = static_cast<uint32_t>(scratch_.size() - 4);
    std::memcpy(scratch_.data(), &len, 4);
  }
  Encoding encoding = Encoding::kPlain;
  if (desc_.physical == PhysicalType::kBoolean) {
    BitPack(indices_.data(), indices_.size(), 1, &scratch_);
    ++plain_data_pages_;
  } else if (use_dictionary_) {
    int width = std::max(1, BitWidth(static_cast<uint64_t>(std::max<int64_t>(dict_->size() - 1, 0))));
    scratch_.push_back(static_cast<char>(width));
    RleHybridEncode(indices_.data(), indices_.size(), width, &scratch_);
    encoding = Encoding::kRleDictionary;
    ++dict_data_pages_;
    ++dict_pages_flushed_;
  } else {
    scratch_.append(plain_);
    ++plain_data_pages_;
  }
  FLOE_RETURN_IF_ERROR(WritePage(PageType::kDataPage, encoding, page_values_, &scratch_, &pages_));
  levels_.clear();
  indices_.clear();
  plain_.clear();
  page_values_ = 0;
  page_raw_bytes_ = 0;
  return Status::OK();
}

Status ColumnWriter::Finish(int64_t file_offset, std::string* out, ColumnChunk* chunk) {
  FLOE_RETURN_IF_ERROR(FlushPage());
  ColumnMetaData md;
  md.type = desc_.physical;
  md.path_in_schema = desc_.path;
  md.codec = compressor_->codec();
  md.num_values = chunk_values_;
  size_t start = out->size();
  bool has_dictionary = dict_data_pages_ > 0;
  if (has_dictionary) {
    const ColumnVector& values = dict_->values();
    stats_->UpdateBounds(values, 0, values.length);
    md.dictionary_page_offset = file_offset;
    scratch_.clear();
    PlainEncode(values, 0, values.length, &scratch_);
    FLOE_RETURN_IF_ERROR(WritePage(PageType::kDictionaryPage, Encoding::kPlain,
                                   static_cast<int32_t>(values.length), &scratch_, out));
    md.encoding_stats.push_back({PageType::kDictionaryPage, Encoding::kPlain, 1});
    md.encodings.push_back(Encoding::kPlain);
    md.encodings.push_back(Encoding::kRleDictionary);
    md.encoding_stats.push_back({PageType::kDataPage, Encoding::kRleDictionary, dict_data_pages_});
  }
  md.data_page_offset = file_offset + static_cast<int64_t>(out->size() - start);
  out->append(pages_);
  if (plain_data_pages_ > 0) {
    if (!has_dictionary) md.encodings.push_back(Encoding::kPlain);
    md.encoding_stats.push_back({PageType::kDataPage, Encoding::kPlain, plain_data_pages_});
  }
  if (md.encodings.empty()) md.encodings.push_back(Encoding::kPlain);
  if (desc_.max_def > 0) md.encodings.push_back(Encoding::kRle);
  md.total_compressed_size = static_cast<int64_t>(out->size() - start);
  md.total_uncompressed_size = chunk_uncompressed_;

  Statistics s;
  s.null_count = chunk_nulls_;
  std::optional<std::string> lo = stats_->EncodedMin(), hi = stats_->EncodedMax();
  if (lo && hi && lo->size() <= kMaxStatisticsBytes && hi->size() <= kMaxStatisticsBytes) {
    s.min_value = lo;
    s.max_value = hi;
  }
  if (desc_.physical == PhysicalType::kFloat || desc_.physical == PhysicalType::kDouble) {
    s.nan_count = stats_->nan_count();
  }
  md.statistics = std::move(s);

  metrics_.value_count += chunk_values_;
  metrics_.null_count += chunk_nulls_;
  metrics_.nan_count += stats_->nan_count();
  metrics_.compressed_size += md.total_compressed_size;
  metrics_.uncompressed_size += md.total_uncompressed_size;
  if (lo && hi) {
    if (!metrics_.min || ValueStats::Compare(desc_, *lo, *metrics_.min) < 0) metrics_.min = lo;
    if (!metrics_.max || ValueStats::Compare(desc_, *hi, *metrics_.max) > 0) metrics_.max = hi;
  }
  chunk->file_offset = 0;
  chunk->meta_data = std::move(md);
  ResetChunk();
  return Status::OK();
}

}  // namespace floe::parquet
