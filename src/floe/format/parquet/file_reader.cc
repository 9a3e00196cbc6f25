#include "floe/format/parquet/file_reader.h"

#include <algorithm>
#include <cstring>

#include "floe/base/coding.h"
#include "floe/format/parquet/delta_decoders.h"
#include "floe/format/parquet/plain.h"
#include "floe/format/parquet/rle.h"

namespace floe::parquet {
namespace {

constexpr int64_t kMaxFooterBytes = 256ll << 20;
constexpr int32_t kMaxPageBytes = 256 << 20;
// Values in one page; writers stay far below (floe closes pages at 1 MiB).
constexpr int64_t kMaxPageValues = 1 << 24;

Status Corrupt(const std::string& what) { return DataLoss("corrupt Parquet file: " + what); }

size_t FixedWidth(PhysicalType t, int32_t type_length) {
  switch (t) {
    case PhysicalType::kInt32:
    case PhysicalType::kFloat:
      return 4;
    case PhysicalType::kInt64:
    case PhysicalType::kDouble:
      return 8;
    case PhysicalType::kInt96:
      return 12;
    case PhysicalType::kFixedLenByteArray:
      return static_cast<size_t>(type_length);
    default:
      return 0;
  }
}

// Copies dense value i of `src` to slot j of `dst`, for scattering around nulls.
void ScatterDense(const ColumnVector& dense, const uint8_t* levels, int16_t max_def, int64_t n,
                  ColumnVector* out) {
  int64_t base = out->length;
  if (out->validity.empty()) out->validity.assign(static_cast<size_t>(base), 1);
  out->validity.reserve(static_cast<size_t>(base + n));
  int64_t k = 0;
  auto scatter = [&](auto& dst, const auto& src) {
    using T = typename std::decay_t<decltype(dst)>::value_type;
    size_t old = dst.size();
    dst.resize(old + static_cast<size_t>(n), T{});
    for (int64_t i = 0; i < n; ++i) {
      if (levels[i] == max_def) dst[old + static_cast<size_t>(i)] = src[static_cast<size_t>(k++)];
    }
  };
  switch (out->type) {
    case PhysicalType::kBoolean:
      scatter(out->bools, dense.bools);
      break;
    case PhysicalType::kInt32:
      scatter(out->i32, dense.i32);
      break;
    case PhysicalType::kInt64:
      scatter(out->i64, dense.i64);
      break;
    case PhysicalType::kFloat:
      scatter(out->f32, dense.f32);
      break;
    case PhysicalType::kDouble:
      scatter(out->f64, dense.f64);
      break;
    default:
      for (int64_t i = 0; i < n; ++i) {
        if (levels[i] == max_def) {
          std::string_view s = dense.Bytes(k++);
          out->bytes.append(s);
        }
        out->offsets.push_back(static_cast<uint32_t>(out->bytes.size()));
      }
      break;
  }
  for (int64_t i = 0; i < n; ++i) out->validity.push_back(levels[i] == max_def ? 1 : 0);
  out->length += n;
}

}  // namespace

Result<std::unique_ptr<FileReader>> FileReader::Open(
    std::shared_ptr<storage::RandomAccessFile> file) {
  int64_t size = file->Size();
  if (size < 12)
    return Corrupt("file is " + std::to_string(size) + " bytes, too small for Parquet");
  std::string tail;
  FLOE_RETURN_IF_ERROR(file->ReadAt(size - 8, 8, &tail));
  if (std::memcmp(tail.data() + 4, "PAR1", 4) != 0) {
    if (std::memcmp(tail.data() + 4, "PARE", 4) == 0) {
      return InvalidArgument("encrypted Parquet files are not supported");
    }
    return Corrupt("missing PAR1 magic at the end (truncated or not a Parquet file)");
  }
  int64_t footer_len = DecodeFixed32(reinterpret_cast<const uint8_t*>(tail.data()));
  if (footer_len <= 0 || footer_len > size - 12 || footer_len > kMaxFooterBytes) {
    return Corrupt("footer length " + std::to_string(footer_len) + " does not fit the file");
  }
  std::string head;
  FLOE_RETURN_IF_ERROR(file->ReadAt(0, 4, &head));
  if (head != "PAR1") return Corrupt("missing PAR1 magic at the start");
  std::string footer;
  FLOE_RETURN_IF_ERROR(file->ReadAt(size - 8 - footer_len, footer_len, &footer));
  FLOE_ASSIGN_OR_RETURN(
      FileMetaData md,
      DecodeFileMetaData(reinterpret_cast<const uint8_t*>(footer.data()), footer.size()));
  FLOE_ASSIGN_OR_RETURN(Schema schema, Schema::FromThrift(md.schema));
  size_t ncols = schema.columns().size();
  for (size_t r = 0; r < md.row_groups.size(); ++r) {
    const RowGroup& rg = md.row_groups[r];
    if (rg.columns.size() != ncols) {
      return Corrupt("row group " + std::to_string(r) + " has " +
                     std::to_string(rg.columns.size()) + " column chunks, schema has " +
                     std::to_string(ncols));
    }
    if (rg.num_rows < 0) return Corrupt("negative row count in row group " + std::to_string(r));
    for (size_t c = 0; c < ncols; ++c) {
      if (!rg.columns[c].meta_data) {
        return Corrupt("column chunk without metadata (row group " + std::to_string(r) + ")");
      }
      const ColumnMetaData& m = *rg.columns[c].meta_data;
      if (m.type != schema.columns()[c].physical) {
        return Corrupt("column " + schema.columns()[c].DottedPath() +
                       " chunk type disagrees with the schema");
      }
    }
  }
  return std::unique_ptr<FileReader>(
      new FileReader(std::move(file), std::move(md), std::move(schema)));
}

Result<std::unique_ptr<ColumnChunkReader>> FileReader::OpenColumn(int row_group, int column) const {
  if (row_group < 0 || row_group >= num_row_groups()) {
    return InvalidArgument("row group " + std::to_string(row_group) + " out of range");
  }
  const auto& cols = schema_.columns();
  if (column < 0 || static_cast<size_t>(column) >= cols.size()) {
    return InvalidArgument("column " + std::to_string(column) + " out of range");
  }
  const ColumnDescriptor& desc = cols[static_cast<size_t>(column)];
  if (desc.max_rep > 0 || desc.path.size() > 1) {
    return InvalidArgument("nested column " + desc.DottedPath() + " cannot be read yet");
  }
  const RowGroup& rg = metadata_.row_groups[static_cast<size_t>(row_group)];
  const ColumnMetaData& m = *rg.columns[static_cast<size_t>(column)].meta_data;
  int64_t start = m.data_page_offset;
  if (m.dictionary_page_offset && *m.dictionary_page_offset > 0 &&
      *m.dictionary_page_offset < start) {
    start = *m.dictionary_page_offset;
  }
  int64_t len = m.total_compressed_size;
  if (start < 4 || len < 0 || start > file_->Size() || len > file_->Size() - start) {
    return Corrupt("column chunk " + desc.DottedPath() + " lies outside the file");
  }
  std::string chunk;
  FLOE_RETURN_IF_ERROR(file_->ReadAt(start, len, &chunk));
  FLOE_ASSIGN_OR_RETURN(auto decompressor, Decompressor::Make(m.codec));
  return std::make_unique<ColumnChunkReader>(desc, std::move(chunk), rg.num_rows,
                                             std::move(decompressor));
}

Result<bool> FileReader::ReadColumnCodes(int row_group, int column, ColumnVector* codes,
                                         ColumnVector* dictionary) const {
  const ColumnDescriptor& desc = schema_.columns().at(static_cast<size_t>(column));
  if (desc.physical != PhysicalType::kByteArray) return false;
  const ColumnMetaData& m = *metadata_.row_groups.at(static_cast<size_t>(row_group))
                                 .columns[static_cast<size_t>(column)]
                                 .meta_data;
  if (!m.dictionary_page_offset || *m.dictionary_page_offset <= 0) return false;
  FLOE_ASSIGN_OR_RETURN(auto reader, OpenColumn(row_group, column));
  reader->ReadCodes();
  *codes = ColumnVector(PhysicalType::kInt32);
  while (true) {
    auto n = reader->Next(INT64_MAX, codes);
    if (!n.ok()) {
      if (n.status().code() == StatusCode::kFailedPrecondition &&
          n.status().message() == ColumnChunkReader::kNotDictionary) {
        return false;
      }
      return n.status();
    }
    if (*n == 0) break;
  }
  int64_t expected = metadata_.row_groups[static_cast<size_t>(row_group)].num_rows;
  if (codes->length != expected) {
    return Corrupt("column chunk holds " + std::to_string(codes->length) +
                   " values, row group has " + std::to_string(expected));
  }
  *dictionary = reader->dictionary();
  return true;
}

Status FileReader::ReadColumn(int row_group, int column, ColumnVector* out) const {
  FLOE_ASSIGN_OR_RETURN(auto reader, OpenColumn(row_group, column));
  *out = ColumnVector(schema_.columns()[static_cast<size_t>(column)].physical);
  while (true) {
    FLOE_ASSIGN_OR_RETURN(int64_t n, reader->Next(INT64_MAX, out));
    if (n == 0) break;
  }
  int64_t expected = metadata_.row_groups[static_cast<size_t>(row_group)].num_rows;
  if (out->length != expected) {
    return Corrupt("column chunk holds " + std::to_string(out->length) + " values, row group has " +
                   std::to_string(expected));
  }
  return Status::OK();
}

ColumnChunkReader::ColumnChunkReader(ColumnDescriptor desc, std::string chunk, int64_t num_rows,
                                     std::unique_ptr<Decompressor> decompressor)
    : desc_(std::move(desc)),
      chunk_(std::move(chunk)),
      rows_left_(num_rows),
      decompressor_(std::move(decompressor)),
      dictionary_(desc_.physical),
      page_(desc_.physical),
      dense_(desc_.physical) {}

void ColumnChunkReader::ReadCodes() {
  codes_ = true;
  page_ = ColumnVector(PhysicalType::kInt32);
  dense_ = ColumnVector(PhysicalType::kInt32);
}

Result<int64_t> ColumnChunkReader::Next(int64_t max_rows, ColumnVector* out) {
  int64_t appended = 0;
  while (appended < max_rows) {
    if (lazy_left_ > 0) {
      int64_t take = std::min(max_rows - appended, lazy_left_);
      FLOE_RETURN_IF_ERROR(DecodeLazy(take, out));
      appended += take;
      continue;
    }
    if (page_pos_ == page_.length) {
      if (rows_left_ <= 0) break;
      bool loaded = false;
      FLOE_RETURN_IF_ERROR(LoadPage(&loaded));
      if (!loaded) return Corrupt("column " + desc_.DottedPath() + " ends before its row count");
      continue;
    }
    int64_t take = std::min(max_rows - appended, page_.length - page_pos_);
    if (out->length == 0 && page_pos_ == 0 && take == page_.length) {
      std::swap(*out, page_);
      page_.Clear();
      page_pos_ = 0;
    } else {
      if (page_.offsets.size() > 1 &&
          out->bytes.size() + (page_.offsets[page_pos_ + take] - page_.offsets[page_pos_]) >
              UINT32_MAX) {
        return ResourceExhausted("column " + desc_.DottedPath() +
                                 ": a batch holds more than 4 GiB of bytes; read smaller batches");
      }
      AppendRows(page_, page_pos_, take, out);
      page_pos_ += take;
    }
    appended += take;
  }
  return appended;
}

Status ColumnChunkReader::LoadPage(bool* loaded) {
  *loaded = false;
  while (pos_ < chunk_.size()) {
    size_t header_size = 0;
    FLOE_ASSIGN_OR_RETURN(PageHeader h,
                          DecodePageHeader(reinterpret_cast<const uint8_t*>(chunk_.data()) + pos_,
                                           chunk_.size() - pos_, &header_size));
    pos_ += header_size;
    if (h.compressed_page_size < 0 || h.uncompressed_page_size < 0 ||
        h.uncompressed_page_size > kMaxPageBytes ||
        static_cast<size_t>(h.compressed_page_size) > chunk_.size() - pos_) {
      return Corrupt("page of column " + desc_.DottedPath() + " has an invalid size");
    }
    std::string_view body(chunk_.data() + pos_, static_cast<size_t>(h.compressed_page_size));
    pos_ += static_cast<size_t>(h.compressed_page_size);
    switch (h.type) {
      case PageType::kDictionaryPage:
        FLOE_RETURN_IF_ERROR(DecodeDictionaryPage(h, body));
        break;
      case PageType::kDataPage:
      case PageType::kDataPageV2:
        FLOE_RETURN_IF_ERROR(DecodeDataPage(h, body));
        *loaded = true;
        return Status::OK();
      default:
        break;  // index pages carry nothing we need
    }
  }
  return Status::OK();
}

Status ColumnChunkReader::DecodeDictionaryPage(const PageHeader& h, std::string_view body) {
  if (!h.dictionary_page) return Corrupt("dictionary page without a dictionary header");
  int32_t n = h.dictionary_page->num_values;
  if (n < 0) return Corrupt("negative dictionary size");
  if (h.dictionary_page->encoding != Encoding::kPlain &&
      h.dictionary_page->encoding != Encoding::kPlainDictionary) {
    return Corrupt("dictionary page encoding must be PLAIN");
  }
  FLOE_RETURN_IF_ERROR(decompressor_->Decompress(
      body, static_cast<size_t>(h.uncompressed_page_size), &decompressed_));
  dictionary_.Clear();
  if (static_cast<size_t>(n) > decompressed_.size() * 8 + 8)
    return Corrupt("dictionary larger than its page");
  FLOE_ASSIGN_OR_RETURN(size_t used,
                        PlainDecode(decompressed_, n, desc_.type_length, &dictionary_));
  (void)used;
  dictionary_.length = n;
  has_dictionary_ = true;
  return Status::OK();
}

bool ColumnChunkReader::AllDefined(std::string_view levels, int64_t num_values) const {
  // One RLE run of the maximum level covering the page: every value is there
  // (what writers emit for a page without NULLs), so nothing to decode.
  const uint8_t* p = reinterpret_cast<const uint8_t*>(levels.data());
  const uint8_t* end = p + levels.size();
  uint64_t header = 0;
  if (!GetVarint64(&p, end, &header) || (header & 1) != 0) return false;
  if (header >> 1 < static_cast<uint64_t>(num_values)) return false;
  const int bytes = (BitWidth(static_cast<uint64_t>(desc_.max_def)) + 7) / 8;
  if (end - p < bytes) return false;
  uint32_t value = 0;
  for (int k = 0; k < bytes; ++k) value |= static_cast<uint32_t>(p[k]) << (8 * k);
  return value == static_cast<uint32_t>(desc_.max_def);
}

Status ColumnChunkReader::DecodeDataPage(const PageHeader& h, std::string_view body) {
  int64_t num_values;
  Encoding encoding;
  std::string_view levels_in, values_in;
  bool v2 = h.type == PageType::kDataPageV2;
  if (!v2) {
    if (!h.data_page) return Corrupt("data page without a data page header");
    num_values = h.data_page->num_values;
    encoding = h.data_page->encoding;
    FLOE_RETURN_IF_ERROR(decompressor_->Decompress(
        body, static_cast<size_t>(h.uncompressed_page_size), &decompressed_));
    std::string_view page(decompressed_);
    if (desc_.max_def > 0) {
      if (h.data_page->definition_level_encoding != Encoding::kRle) {
        return Corrupt("unsupported definition level encoding " +
                       std::string(EncodingName(h.data_page->definition_level_encoding)));
      }
      if (page.size() < 4) return Corrupt("definition levels truncated");
      uint32_t len = DecodeFixed32(reinterpret_cast<const uint8_t*>(page.data()));
      if (len > page.size() - 4) return Corrupt("definition levels longer than the page");
      levels_in = page.substr(4, len);
      page.remove_prefix(4 + len);
    }
    values_in = page;
  } else {
    if (!h.data_page_v2) return Corrupt("data page v2 without its header");
    const DataPageHeaderV2& d = *h.data_page_v2;
    num_values = d.num_values;
    encoding = d.encoding;
    if (d.repetition_levels_byte_length != 0 && desc_.max_rep == 0) {
      return Corrupt("repetition levels in a flat column");
    }
    int64_t lv =
        static_cast<int64_t>(d.definition_levels_byte_length) + d.repetition_levels_byte_length;
    if (d.definition_levels_byte_length < 0 || d.repetition_levels_byte_length < 0 ||
        lv > static_cast<int64_t>(body.size()) || lv > h.uncompressed_page_size) {
      return Corrupt("page v2 level sizes exceed the page");
    }
    levels_in = body.substr(static_cast<size_t>(d.repetition_levels_byte_length),
                            static_cast<size_t>(d.definition_levels_byte_length));
    std::string_view rest = body.substr(static_cast<size_t>(lv));
    size_t values_size = static_cast<size_t>(h.uncompressed_page_size - lv);
    if (d.is_compressed && decompressor_->codec() != Codec::kUncompressed) {
      FLOE_RETURN_IF_ERROR(decompressor_->Decompress(rest, values_size, &decompressed_));
      values_in = decompressed_;
    } else {
      if (rest.size() != values_size) return Corrupt("page v2 size disagrees with its header");
      values_in = rest;
    }
  }
  if (num_values < 0 || num_values > rows_left_ || num_values > kMaxPageValues) {
    return Corrupt("page of column " + desc_.DottedPath() +
                   " holds more values than its row group");
  }
  page_.Clear();
  page_pos_ = 0;
  int64_t present = num_values;
  if (desc_.max_def > 0 && !AllDefined(levels_in, num_values)) {
    levels_.resize(static_cast<size_t>(num_values));
    FLOE_RETURN_IF_ERROR(RleHybridDecodeBytes(levels_in,
                                              BitWidth(static_cast<uint64_t>(desc_.max_def)),
                                              static_cast<size_t>(num_values), levels_.data()));
    int width = BitWidth(static_cast<uint64_t>(desc_.max_def));
    if (desc_.max_def != (1 << width) - 1) {
      // The decoder bounds levels by the bit width only; check the maximum too.
      for (uint8_t l : levels_) {
        if (l > desc_.max_def) return Corrupt("definition level above the column's maximum");
      }
    }
    present = std::count(levels_.begin(), levels_.end(), static_cast<uint8_t>(desc_.max_def));
  }
  if (present == num_values && StartLazyPage(encoding, values_in, num_values)) {
    // Decoded by Next() as the caller asks for rows.
  } else if (present == num_values) {
    FLOE_RETURN_IF_ERROR(DecodeValues(encoding, values_in, num_values, &page_));
    page_.length = num_values;
  } else {
    dense_.Clear();
    FLOE_RETURN_IF_ERROR(DecodeValues(encoding, values_in, present, &dense_));
    dense_.length = present;
    ScatterDense(dense_, levels_.data(), desc_.max_def, num_values, &page_);
  }
  rows_left_ -= num_values;
  return Status::OK();
}

bool ColumnChunkReader::StartLazyPage(Encoding encoding, std::string_view values,
                                      int64_t num_values) {
  size_t width = 0;
  switch (desc_.physical) {
    case PhysicalType::kInt32:
    case PhysicalType::kFloat:
      width = 4;
      break;
    case PhysicalType::kInt64:
    case PhysicalType::kDouble:
      width = 8;
      break;
    default:
      return false;
  }
  if (num_values == 0) return false;
  if (encoding == Encoding::kPlain) {
    if (values.size() < static_cast<size_t>(num_values) * width)
      return false;  // eager path reports it
    lazy_ = Lazy::kPlain;
    lazy_plain_ = values.data();
  } else if (encoding == Encoding::kRleDictionary || encoding == Encoding::kPlainDictionary) {
    if (!has_dictionary_ || values.empty()) return false;
    auto decoder = RleDecoder::Make(values.substr(1), static_cast<uint8_t>(values[0]));
    if (!decoder.ok()) return false;
    lazy_ = Lazy::kDictionary;
    lazy_indices_ = *decoder;
  } else {
    return false;
  }
  lazy_left_ = num_values;
  return true;
}

Status ColumnChunkReader::DecodeLazy(int64_t n, ColumnVector* out) {
  size_t count = static_cast<size_t>(n);
  auto decode = [&](auto& dst, const auto& dict) -> Status {
    size_t old = dst.size();
    dst.resize(old + count);
    if (lazy_ == Lazy::kPlain) {
      size_t bytes = count * sizeof(dst[0]);
      std::memcpy(dst.data() + old, lazy_plain_, bytes);
      lazy_plain_ += bytes;
      return Status::OK();
    }
    return lazy_indices_.DecodeGather(count, dict.data(), dict.size(), dst.data() + old);
  };
  Status st;
  switch (desc_.physical) {
    case PhysicalType::kInt32:
      st = decode(out->i32, dictionary_.i32);
      break;
    case PhysicalType::kInt64:
      st = decode(out->i64, dictionary_.i64);
      break;
    case PhysicalType::kFloat:
      st = decode(out->f32, dictionary_.f32);
      break;
    case PhysicalType::kDouble:
      st = decode(out->f64, dictionary_.f64);
      break;
    default:
      return Internal("lazy decoding of a non-numeric column");
  }
  if (!st.ok()) return Corrupt(st.message() + " in column " + desc_.DottedPath());
  if (!out->validity.empty()) out->validity.insert(out->validity.end(), count, 1);
  out->length += n;
  lazy_left_ -= n;
  return Status::OK();
}

Status ColumnChunkReader::DecodeValues(Encoding encoding, std::string_view in, int64_t count,
                                       ColumnVector* dense) {
  PhysicalType t = desc_.physical;
  if (codes_) {
    if (encoding != Encoding::kRleDictionary && encoding != Encoding::kPlainDictionary) {
      return FailedPrecondition(kNotDictionary);
    }
    if (!has_dictionary_) return Corrupt("dictionary-encoded page without a dictionary page");
    if (count == 0) return Status::OK();
    if (in.empty()) return Corrupt("dictionary indices truncated");
    size_t old = dense->i32.size();
    dense->i32.resize(old + static_cast<size_t>(count));
    uint32_t* dst = reinterpret_cast<uint32_t*>(dense->i32.data() + old);
    FLOE_RETURN_IF_ERROR(RleHybridDecode(in.substr(1), static_cast<uint8_t>(in[0]),
                                         static_cast<size_t>(count), dst));
    const uint32_t dict_size = static_cast<uint32_t>(dictionary_.length);
    for (size_t k = 0; k < static_cast<size_t>(count); ++k) {
      if (dst[k] >= dict_size) return Corrupt("dictionary index out of range");
    }
    return Status::OK();
  }
  switch (encoding) {
    case Encoding::kPlain:
      return PlainDecode(in, count, desc_.type_length, dense).status();
    case Encoding::kPlainDictionary:
    case Encoding::kRleDictionary: {
      if (!has_dictionary_) return Corrupt("dictionary-encoded page without a dictionary page");
      if (count == 0) return Status::OK();
      if (in.empty()) return Corrupt("dictionary indices truncated");
      int width = static_cast<uint8_t>(in[0]);
      auto gather_numbers = [&](auto& dst, const auto& dict) {
        size_t old = dst.size();
        dst.resize(old + static_cast<size_t>(count));
        return RleDictionaryDecode(in.substr(1), width, static_cast<size_t>(count), dict.data(),
                                   dict.size(), dst.data() + old);
      };
      switch (t) {
        case PhysicalType::kBoolean:
          return gather_numbers(dense->bools, dictionary_.bools);
        case PhysicalType::kInt32:
          return gather_numbers(dense->i32, dictionary_.i32);
        case PhysicalType::kInt64:
          return gather_numbers(dense->i64, dictionary_.i64);
        case PhysicalType::kFloat:
          return gather_numbers(dense->f32, dictionary_.f32);
        case PhysicalType::kDouble:
          return gather_numbers(dense->f64, dictionary_.f64);
        default:
          break;
      }
      indices_.resize(static_cast<size_t>(count));
      FLOE_RETURN_IF_ERROR(
          RleHybridDecode(in.substr(1), width, static_cast<size_t>(count), indices_.data()));
      uint64_t dict_size = static_cast<uint64_t>(dictionary_.length);
      for (uint32_t idx : indices_) {
        if (idx >= dict_size) return Corrupt("dictionary index out of range");
      }
      for (uint32_t idx : indices_) {
        dense->bytes.append(dictionary_.Bytes(idx));
        if (dense->bytes.size() > UINT32_MAX) return ResourceExhausted("page too large");
        dense->offsets.push_back(static_cast<uint32_t>(dense->bytes.size()));
      }
      return Status::OK();
    }
    case Encoding::kRle: {
      if (t != PhysicalType::kBoolean) return Corrupt("RLE encoding on a non-boolean column");
      if (in.size() < 4) return Corrupt("RLE booleans truncated");
      uint32_t len = DecodeFixed32(reinterpret_cast<const uint8_t*>(in.data()));
      if (len > in.size() - 4) return Corrupt("RLE booleans longer than the page");
      size_t old = dense->bools.size();
      dense->bools.resize(old + static_cast<size_t>(count));
      return RleHybridDecodeBytes(in.substr(4, len), 1, static_cast<size_t>(count),
                                  dense->bools.data() + old);
    }
    case Encoding::kDeltaBinaryPacked:
      if (t == PhysicalType::kInt32)
        return DecodeDeltaBinaryPacked32(in, count, &dense->i32).status();
      if (t == PhysicalType::kInt64)
        return DecodeDeltaBinaryPacked64(in, count, &dense->i64).status();
      return Corrupt("DELTA_BINARY_PACKED on a non-integer column");
    case Encoding::kDeltaLengthByteArray:
      if (t != PhysicalType::kByteArray)
        return Corrupt("DELTA_LENGTH_BYTE_ARRAY on a non-binary column");
      return DecodeDeltaLengthByteArray(in, count, &dense->offsets, &dense->bytes).status();
    case Encoding::kDeltaByteArray:
      if (t != PhysicalType::kByteArray && t != PhysicalType::kFixedLenByteArray) {
        return Corrupt("DELTA_BYTE_ARRAY on a non-binary column");
      }
      return DecodeDeltaByteArray(in, count, &dense->offsets, &dense->bytes).status();
    case Encoding::kByteStreamSplit: {
      size_t width = FixedWidth(t, desc_.type_length);
      if (width == 0 || t == PhysicalType::kInt96)
        return Corrupt("BYTE_STREAM_SPLIT on an unsupported type");
      if (static_cast<uint64_t>(count) * width > in.size())
        return Corrupt("BYTE_STREAM_SPLIT values truncated");
      std::string_view used = in.substr(0, static_cast<size_t>(count) * width);
      uint8_t* dst = nullptr;
      switch (t) {
        case PhysicalType::kInt32:
          dense->i32.resize(dense->i32.size() + count);
          dst = reinterpret_cast<uint8_t*>(dense->i32.data() + dense->i32.size() - count);
          break;
        case PhysicalType::kInt64:
          dense->i64.resize(dense->i64.size() + count);
          dst = reinterpret_cast<uint8_t*>(dense->i64.data() + dense->i64.size() - count);
          break;
        case PhysicalType::kFloat:
          dense->f32.resize(dense->f32.size() + count);
          dst = reinterpret_cast<uint8_t*>(dense->f32.data() + dense->f32.size() - count);
          break;
        case PhysicalType::kDouble:
          dense->f64.resize(dense->f64.size() + count);
          dst = reinterpret_cast<uint8_t*>(dense->f64.data() + dense->f64.size() - count);
          break;
        default: {
          size_t old = dense->bytes.size();
          dense->bytes.resize(old + used.size());
          dst = reinterpret_cast<uint8_t*>(dense->bytes.data() + old);
          for (int64_t i = 1; i <= count; ++i) {
            dense->offsets.push_back(static_cast<uint32_t>(old + static_cast<size_t>(i) * width));
          }
        }
      }
      return DecodeByteStreamSplit(used, count, static_cast<int>(width), dst);
    }
    default:
      return Corrupt("unsupported encoding " + std::string(EncodingName(encoding)) + " in column " +
                     desc_.DottedPath());
  }
}

}  // namespace floe::parquet
