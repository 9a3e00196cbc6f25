#include "floe/format/parquet/metadata.h"

#include "floe/format/parquet/thrift.h"

namespace floe::parquet {
namespace {

using thrift::Reader;
using thrift::Type;
using thrift::Writer;

// ---- Encoding -------------------------------------------------------------

void EncodeLogicalType(Writer& w, const LogicalType& lt) {
  w.BeginStruct(10);
  w.BeginStruct(static_cast<int16_t>(lt.kind));
  switch (lt.kind) {
    case LogicalType::kDecimal:
      w.I32(1, lt.scale);
      w.I32(2, lt.precision);
      break;
    case LogicalType::kTime:
    case LogicalType::kTimestamp:
      w.Bool(1, lt.adjusted_to_utc);
      w.BeginStruct(2);
      w.BeginStruct(static_cast<int16_t>(lt.unit));
      w.EndStruct();
      w.EndStruct();
      break;
    default:
      break;
  }
  w.EndStruct();
  w.EndStruct();
}

void EncodeSchemaElement(Writer& w, const SchemaElement& e) {
  w.BeginListStruct();
  if (e.type) w.I32(1, static_cast<int32_t>(*e.type));
  if (e.type_length) w.I32(2, *e.type_length);
  if (e.repetition) w.I32(3, static_cast<int32_t>(*e.repetition));
  w.Binary(4, e.name);
  if (e.num_children) w.I32(5, *e.num_children);
  if (e.converted_type) w.I32(6, static_cast<int32_t>(*e.converted_type));
  if (e.scale) w.I32(7, *e.scale);
  if (e.precision) w.I32(8, *e.precision);
  if (e.field_id) w.I32(9, *e.field_id);
  if (e.logical_type.kind != LogicalType::kNone && e.logical_type.kind != LogicalType::kInteger) {
    EncodeLogicalType(w, e.logical_type);
  }
  w.EndStruct();
}

void EncodeStatistics(Writer& w, int16_t id, const Statistics& s) {
  w.BeginStruct(id);
  if (s.max) w.Binary(1, *s.max);
  if (s.min) w.Binary(2, *s.min);
  if (s.null_count) w.I64(3, *s.null_count);
  if (s.distinct_count) w.I64(4, *s.distinct_count);
  if (s.max_value) w.Binary(5, *s.max_value);
  if (s.min_value) w.Binary(6, *s.min_value);
  if (s.max_value) w.Bool(7, true);  // is_max_value_exact
  if (s.min_value) w.Bool(8, true);  // is_min_value_exact
  if (s.nan_count) w.I64(9, *s.nan_count);
  w.EndStruct();
}

void EncodeColumnMetaData(Writer& w, const ColumnMetaData& m) {
  w.BeginStruct(3);
  w.I32(1, static_cast<int32_t>(m.type));
  w.BeginList(2, thrift::kI32, static_cast<int32_t>(m.encodings.size()));
  for (Encoding e : m.encodings) w.ListI32(static_cast<int32_t>(e));
  w.BeginList(3, thrift::kBinary, static_cast<int32_t>(m.path_in_schema.size()));
  for (const auto& p : m.path_in_schema) w.ListBinary(p);
  w.I32(4, static_cast<int32_t>(m.codec));
  w.I64(5, m.num_values);
  w.I64(6, m.total_uncompressed_size);
  w.I64(7, m.total_compressed_size);
  w.I64(9, m.data_page_offset);
  if (m.dictionary_page_offset) w.I64(11, *m.dictionary_page_offset);
  if (m.statistics) EncodeStatistics(w, 12, *m.statistics);
  if (!m.encoding_stats.empty()) {
    w.BeginList(13, thrift::kStruct, static_cast<int32_t>(m.encoding_stats.size()));
    for (const auto& s : m.encoding_stats) {
      w.BeginListStruct();
      w.I32(1, static_cast<int32_t>(s.page_type));
      w.I32(2, static_cast<int32_t>(s.encoding));
      w.I32(3, s.count);
      w.EndStruct();
    }
  }
  w.EndStruct();
}

void EncodeRowGroup(Writer& w, const RowGroup& rg) {
  w.BeginListStruct();
  w.BeginList(1, thrift::kStruct, static_cast<int32_t>(rg.columns.size()));
  for (const auto& c : rg.columns) {
    w.BeginListStruct();
    w.I64(2, c.file_offset);
    if (c.meta_data) EncodeColumnMetaData(w, *c.meta_data);
    w.EndStruct();
  }
  w.I64(2, rg.total_byte_size);
  w.I64(3, rg.num_rows);
  if (rg.file_offset) w.I64(5, *rg.file_offset);
  if (rg.total_compressed_size) w.I64(6, *rg.total_compressed_size);
  if (rg.ordinal) w.I32(7, *rg.ordinal);
  w.EndStruct();
}

// ---- Decoding -------------------------------------------------------------

// Iterates the fields of one struct, calling fn(id, type) for each; fn must
// consume the value (or call r.Skip).
template <typename Fn>
Status ForEachField(Reader& r, Fn&& fn) {
  while (true) {
    int16_t id;
    Type type;
    FLOE_RETURN_IF_ERROR(r.ReadFieldHeader(&id, &type));
    if (type == thrift::kStop) return Status::OK();
    FLOE_RETURN_IF_ERROR(fn(id, type));
  }
}

template <typename Fn>
Status ReadNestedStruct(Reader& r, Type type, Fn&& fn) {
  FLOE_RETURN_IF_ERROR(r.BeginStruct(type));
  FLOE_RETURN_IF_ERROR(ForEachField(r, fn));
  r.EndStruct();
  return Status::OK();
}

template <typename T>
Status ReadEnum(Reader& r, Type type, T* out) {
  int32_t v;
  FLOE_RETURN_IF_ERROR(r.ReadI32(type, &v));
  *out = static_cast<T>(v);
  return Status::OK();
}

template <typename T>
Status ReadOptEnum(Reader& r, Type type, std::optional<T>* out) {
  T v;
  FLOE_RETURN_IF_ERROR(ReadEnum(r, type, &v));
  *out = v;
  return Status::OK();
}

Status ReadOptI32(Reader& r, Type type, std::optional<int32_t>* out) {
  int32_t v;
  FLOE_RETURN_IF_ERROR(r.ReadI32(type, &v));
  *out = v;
  return Status::OK();
}

Status ReadOptI64(Reader& r, Type type, std::optional<int64_t>* out) {
  int64_t v;
  FLOE_RETURN_IF_ERROR(r.ReadI64(type, &v));
  *out = v;
  return Status::OK();
}

Status ReadOptBinary(Reader& r, Type type, std::optional<std::string>* out) {
  std::string v;
  FLOE_RETURN_IF_ERROR(r.ReadBinary(type, &v));
  *out = std::move(v);
  return Status::OK();
}

// Calls fn(elem_type) once per list element.
template <typename Fn>
Status ForEachElement(Reader& r, Type type, Fn&& fn) {
  Type elem;
  int32_t n;
  FLOE_RETURN_IF_ERROR(r.ReadListHeader(type, &elem, &n));
  for (int32_t i = 0; i < n; ++i) FLOE_RETURN_IF_ERROR(fn(elem));
  return Status::OK();
}

Status DecodeLogicalType(Reader& r, Type type, LogicalType* lt) {
  return ReadNestedStruct(r, type, [&](int16_t id, Type t) -> Status {
    lt->kind = static_cast<LogicalType::Kind>(id);
    return ReadNestedStruct(r, t, [&](int16_t fid, Type ft) -> Status {
      if (id == LogicalType::kDecimal) {
        if (fid == 1) return r.ReadI32(ft, &lt->scale);
        if (fid == 2) return r.ReadI32(ft, &lt->precision);
      } else if (id == LogicalType::kTime || id == LogicalType::kTimestamp) {
        if (fid == 1) return r.ReadBool(ft, &lt->adjusted_to_utc);
        if (fid == 2) {
          return ReadNestedStruct(r, ft, [&](int16_t uid, Type ut) -> Status {
            lt->unit = static_cast<TimeUnit>(uid);
            return r.Skip(ut);
          });
        }
      } else if (id == LogicalType::kInteger) {
        if (fid == 1) return r.ReadI32(ft, &lt->bit_width);
        if (fid == 2) return r.ReadBool(ft, &lt->is_signed);
      }
      return r.Skip(ft);
    });
  });
}

Status DecodeSchemaElement(Reader& r, Type type, SchemaElement* e) {
  return ReadNestedStruct(r, type, [&](int16_t id, Type t) -> Status {
    switch (id) {
      case 1: return ReadOptEnum(r, t, &e->type);
      case 2: return ReadOptI32(r, t, &e->type_length);
      case 3: return ReadOptEnum(r, t, &e->repetition);
      case 4: return r.ReadBinary(t, &e->name);
      case 5: return ReadOptI32(r, t, &e->num_children);
      case 6: return ReadOptEnum(r, t, &e->converted_type);
      case 7: return ReadOptI32(r, t, &e->scale);
      case 8: return ReadOptI32(r, t, &e->precision);
      case 9: return ReadOptI32(r, t, &e->field_id);
      case 10: return DecodeLogicalType(r, t, &e->logical_type);
      default: return r.Skip(t);
    }
  });
}

Status DecodeStatistics(Reader& r, Type type, Statistics* s) {
  return ReadNestedStruct(r, type, [&](int16_t id, Type t) -> Status {
    switch (id) {
      case 1: return ReadOptBinary(r, t, &s->max);
      case 2: return ReadOptBinary(r, t, &s->min);
      case 3: return ReadOptI64(r, t, &s->null_count);
      case 4: return ReadOptI64(r, t, &s->distinct_count);
      case 5: return ReadOptBinary(r, t, &s->max_value);
      case 6: return ReadOptBinary(r, t, &s->min_value);
      case 9: return ReadOptI64(r, t, &s->nan_count);
      default: return r.Skip(t);
    }
  });
}

Status DecodeColumnMetaData(Reader& r, Type type, ColumnMetaData* m) {
  return ReadNestedStruct(r, type, [&](int16_t id, Type t) -> Status {
    switch (id) {
      case 1: return ReadEnum(r, t, &m->type);
      case 2:
        return ForEachElement(r, t, [&](Type et) -> Status {
          int32_t v;
          FLOE_RETURN_IF_ERROR(r.ReadElemI32(et, &v));
          m->encodings.push_back(static_cast<Encoding>(v));
          return Status::OK();
        });
      case 3:
        return ForEachElement(r, t, [&](Type et) -> Status {
          m->path_in_schema.emplace_back();
          return r.ReadElemBinary(et, &m->path_in_schema.back());
        });
      case 4: return ReadEnum(r, t, &m->codec);
      case 5: return r.ReadI64(t, &m->num_values);
      case 6: return r.ReadI64(t, &m->total_uncompressed_size);
      case 7: return r.ReadI64(t, &m->total_compressed_size);
      case 9: return r.ReadI64(t, &m->data_page_offset);
      case 11: return ReadOptI64(r, t, &m->dictionary_page_offset);
      case 12:
        m->statistics.emplace();
        return DecodeStatistics(r, t, &*m->statistics);
      case 13:
        return ForEachElement(r, t, [&](Type et) -> Status {
          PageEncodingStats s;
          FLOE_RETURN_IF_ERROR(ReadNestedStruct(r, et, [&](int16_t fid, Type ft) -> Status {
            if (fid == 1) return ReadEnum(r, ft, &s.page_type);
            if (fid == 2) return ReadEnum(r, ft, &s.encoding);
            if (fid == 3) return r.ReadI32(ft, &s.count);
            return r.Skip(ft);
          }));
          m->encoding_stats.push_back(s);
          return Status::OK();
        });
      default: return r.Skip(t);
    }
  });
}

Status DecodeRowGroup(Reader& r, Type type, RowGroup* rg) {
  return ReadNestedStruct(r, type, [&](int16_t id, Type t) -> Status {
    switch (id) {
      case 1:
        return ForEachElement(r, t, [&](Type et) -> Status {
          ColumnChunk c;
          FLOE_RETURN_IF_ERROR(ReadNestedStruct(r, et, [&](int16_t fid, Type ft) -> Status {
            if (fid == 2) return r.ReadI64(ft, &c.file_offset);
            if (fid == 3) {
              c.meta_data.emplace();
              return DecodeColumnMetaData(r, ft, &*c.meta_data);
            }
            return r.Skip(ft);
          }));
          rg->columns.push_back(std::move(c));
          return Status::OK();
        });
      case 2: return r.ReadI64(t, &rg->total_byte_size);
      case 3: return r.ReadI64(t, &rg->num_rows);
      case 5: return ReadOptI64(r, t, &rg->file_offset);
      case 6: return ReadOptI64(r, t, &rg->total_compressed_size);
      case 7: return ReadOptI32(r, t, &rg->ordinal);
      default: return r.Skip(t);
    }
  });
}

}  // namespace

void EncodeFileMetaData(const FileMetaData& md, std::string* out) {
  Writer w(out);
  w.I32(1, md.version);
  w.BeginList(2, thrift::kStruct, static_cast<int32_t>(md.schema.size()));
  for (const auto& e : md.schema) EncodeSchemaElement(w, e);
  w.I64(3, md.num_rows);
  w.BeginList(4, thrift::kStruct, static_cast<int32_t>(md.row_groups.size()));
  for (const auto& rg : md.row_groups) EncodeRowGroup(w, rg);
  if (!md.key_value_metadata.empty()) {
    w.BeginList(5, thrift::kStruct, static_cast<int32_t>(md.key_value_metadata.size()));
    for (const auto& kv : md.key_value_metadata) {
      w.BeginListStruct();
      w.Binary(1, kv.key);
      if (kv.value) w.Binary(2, *kv.value);
      w.EndStruct();
    }
  }
  if (md.created_by) w.Binary(6, *md.created_by);
  if (!md.column_orders.empty()) {
    w.BeginList(7, thrift::kStruct, static_cast<int32_t>(md.column_orders.size()));
    for (int32_t order : md.column_orders) {
      w.BeginListStruct();
      w.BeginStruct(static_cast<int16_t>(order));
      w.EndStruct();
      w.EndStruct();
    }
  }
  w.Stop();
}

Result<FileMetaData> DecodeFileMetaData(const uint8_t* data, size_t size) {
  Reader r(data, size);
  FileMetaData md;
  Status st = ForEachField(r, [&](int16_t id, Type t) -> Status {
    switch (id) {
      case 1: return r.ReadI32(t, &md.version);
      case 2:
        return ForEachElement(r, t, [&](Type et) -> Status {
          md.schema.emplace_back();
          return DecodeSchemaElement(r, et, &md.schema.back());
        });
      case 3: return r.ReadI64(t, &md.num_rows);
      case 4:
        return ForEachElement(r, t, [&](Type et) -> Status {
          md.row_groups.emplace_back();
          return DecodeRowGroup(r, et, &md.row_groups.back());
        });
      case 5:
        return ForEachElement(r, t, [&](Type et) -> Status {
          KeyValue kv;
          FLOE_RETURN_IF_ERROR(ReadNestedStruct(r, et, [&](int16_t fid, Type ft) -> Status {
            if (fid == 1) return r.ReadBinary(ft, &kv.key);
            if (fid == 2) return ReadOptBinary(r, ft, &kv.value);
            return r.Skip(ft);
          }));
          md.key_value_metadata.push_back(std::move(kv));
          return Status::OK();
        });
      case 6: return ReadOptBinary(r, t, &md.created_by);
      case 7:
        return ForEachElement(r, t, [&](Type et) -> Status {
          int32_t order = 0;
          FLOE_RETURN_IF_ERROR(ReadNestedStruct(r, et, [&](int16_t fid, Type ft) -> Status {
            order = fid;
            return r.Skip(ft);
          }));
          md.column_orders.push_back(order);
          return Status::OK();
        });
      default: return r.Skip(t);
    }
  });
  if (!st.ok()) return st;
  return md;
}

void EncodePageHeader(const PageHeader& h, std::string* out) {
  Writer w(out);
  w.I32(1, static_cast<int32_t>(h.type));
  w.I32(2, h.uncompressed_page_size);
  w.I32(3, h.compressed_page_size);
  if (h.data_page) {
    w.BeginStruct(5);
    w.I32(1, h.data_page->num_values);
    w.I32(2, static_cast<int32_t>(h.data_page->encoding));
    w.I32(3, static_cast<int32_t>(h.data_page->definition_level_encoding));
    w.I32(4, static_cast<int32_t>(h.data_page->repetition_level_encoding));
    w.EndStruct();
  }
  if (h.dictionary_page) {
    w.BeginStruct(7);
    w.I32(1, h.dictionary_page->num_values);
    w.I32(2, static_cast<int32_t>(h.dictionary_page->encoding));
    w.EndStruct();
  }
  if (h.data_page_v2) {
    const auto& v2 = *h.data_page_v2;
    w.BeginStruct(8);
    w.I32(1, v2.num_values);
    w.I32(2, v2.num_nulls);
    w.I32(3, v2.num_rows);
    w.I32(4, static_cast<int32_t>(v2.encoding));
    w.I32(5, v2.definition_levels_byte_length);
    w.I32(6, v2.repetition_levels_byte_length);
    w.Bool(7, v2.is_compressed);
    w.EndStruct();
  }
  w.Stop();
}

Result<PageHeader> DecodePageHeader(const uint8_t* data, size_t size, size_t* header_size) {
  Reader r(data, size);
  PageHeader h;
  Status st = ForEachField(r, [&](int16_t id, Type t) -> Status {
    switch (id) {
      case 1: return ReadEnum(r, t, &h.type);
      case 2: return r.ReadI32(t, &h.uncompressed_page_size);
      case 3: return r.ReadI32(t, &h.compressed_page_size);
      case 5:
        h.data_page.emplace();
        return ReadNestedStruct(r, t, [&](int16_t fid, Type ft) -> Status {
          auto& d = *h.data_page;
          if (fid == 1) return r.ReadI32(ft, &d.num_values);
          if (fid == 2) return ReadEnum(r, ft, &d.encoding);
          if (fid == 3) return ReadEnum(r, ft, &d.definition_level_encoding);
          if (fid == 4) return ReadEnum(r, ft, &d.repetition_level_encoding);
          return r.Skip(ft);
        });
      case 7:
        h.dictionary_page.emplace();
        return ReadNestedStruct(r, t, [&](int16_t fid, Type ft) -> Status {
          auto& d = *h.dictionary_page;
          if (fid == 1) return r.ReadI32(ft, &d.num_values);
          if (fid == 2) return ReadEnum(r, ft, &d.encoding);
          return r.Skip(ft);
        });
      case 8:
        h.data_page_v2.emplace();
        return ReadNestedStruct(r, t, [&](int16_t fid, Type ft) -> Status {
          auto& d = *h.data_page_v2;
          switch (fid) {
            case 1: return r.ReadI32(ft, &d.num_values);
            case 2: return r.ReadI32(ft, &d.num_nulls);
            case 3: return r.ReadI32(ft, &d.num_rows);
            case 4: return ReadEnum(r, ft, &d.encoding);
            case 5: return r.ReadI32(ft, &d.definition_levels_byte_length);
            case 6: return r.ReadI32(ft, &d.repetition_levels_byte_length);
            case 7: return r.ReadBool(ft, &d.is_compressed);
            default: return r.Skip(ft);
          }
        });
      default: return r.Skip(t);
    }
  });
  if (!st.ok()) return st;
  *header_size = r.position();
  return h;
}

}  // namespace floe::parquet
