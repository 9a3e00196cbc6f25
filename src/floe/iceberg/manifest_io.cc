// Writing and reading manifests and manifest lists as Avro container files.
#include <algorithm>

#include "floe/format/avro/container.h"
#include "floe/iceberg/json.h"
#include "floe/iceberg/manifest.h"

namespace floe::iceberg {
namespace {

using avro::AvroValue;

// ---- Partition values ------------------------------------------------------

std::string SignExtend(const std::string& minimal, int32_t width) {
  if (static_cast<int32_t>(minimal.size()) >= width) return minimal;
  char fill = (!minimal.empty() && (static_cast<uint8_t>(minimal[0]) & 0x80)) ? '\xff' : '\0';
  return std::string(static_cast<size_t>(width) - minimal.size(), fill) + minimal;
}

AvroValue ToAvro(const Literal& v) {
  switch (v.type_id()) {
    case TypeId::kBoolean: return AvroValue::Boolean(v.bool_value());
    case TypeId::kInt:
    case TypeId::kDate: return AvroValue::Int(v.int_value());
    case TypeId::kLong:
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz: return AvroValue::Long(v.long_value());
    case TypeId::kFloat: return AvroValue::Float(v.float_value());
    case TypeId::kDouble: return AvroValue::Double(v.double_value());
    case TypeId::kString: return AvroValue::String(v.bytes_value());
    case TypeId::kBinary: return AvroValue::Bytes(v.bytes_value());
    case TypeId::kUuid:
    case TypeId::kFixed: return AvroValue::Fixed(v.bytes_value());
    case TypeId::kDecimal:
      return AvroValue::Fixed(SignExtend(DecimalToBigEndian(v.unscaled_value()), DecimalRequiredBytes(v.type().precision)));
  }
  return AvroValue::Null();
}

const AvroValue& Unwrap(const AvroValue& v) { return v.kind() == AvroValue::Kind::kUnion ? v.union_value() : v; }

Result<Literal> FromAvro(const PrimitiveType& t, const AvroValue& raw) {
  const AvroValue& v = Unwrap(raw);
  auto mismatch = [&] { return DataLoss("manifest partition value does not match type " + t.ToString()); };
  auto as_long = [&](int64_t* out) {
    if (v.kind() == AvroValue::Kind::kLong) *out = v.long_value();
    else if (v.kind() == AvroValue::Kind::kInt) *out = v.int_value();
    else return false;
    return true;
  };
  int64_t n = 0;
  switch (t.id) {
    case TypeId::kBoolean:
      if (v.kind() != AvroValue::Kind::kBoolean) return mismatch();
      return Literal::Boolean(v.boolean());
    case TypeId::kInt:
      if (!as_long(&n)) return mismatch();
      return Literal::Int(static_cast<int32_t>(n));
    case TypeId::kDate:
      if (!as_long(&n)) return mismatch();
      return Literal::Date(static_cast<int32_t>(n));
    case TypeId::kLong:
      if (!as_long(&n)) return mismatch();
      return Literal::Long(n);
    case TypeId::kTime:
      if (!as_long(&n)) return mismatch();
      return Literal::Time(n);
    case TypeId::kTimestamp:
      if (!as_long(&n)) return mismatch();
      return Literal::Timestamp(n);
    case TypeId::kTimestampTz:
      if (!as_long(&n)) return mismatch();
      return Literal::TimestampTz(n);
    case TypeId::kFloat:
      if (v.kind() != AvroValue::Kind::kFloat) return mismatch();
      return Literal::Float(v.float_value());
    case TypeId::kDouble:
      if (v.kind() == AvroValue::Kind::kFloat) return Literal::Double(v.float_value());
      if (v.kind() != AvroValue::Kind::kDouble) return mismatch();
      return Literal::Double(v.double_value());
    case TypeId::kString:
      if (v.kind() != AvroValue::Kind::kString && v.kind() != AvroValue::Kind::kBytes) return mismatch();
      return Literal::String(v.bytes());
    case TypeId::kBinary:
      if (v.kind() != AvroValue::Kind::kBytes && v.kind() != AvroValue::Kind::kFixed) return mismatch();
      return Literal::Binary(v.bytes());
    case TypeId::kFixed:
    case TypeId::kUuid:
    case TypeId::kDecimal:
      if (v.kind() != AvroValue::Kind::kFixed && v.kind() != AvroValue::Kind::kBytes) return mismatch();
      return Literal::Deserialize(t, t.id == TypeId::kDecimal ? std::string_view(v.bytes()) : std::string_view(v.bytes()));
  }
  return mismatch();
}

// ---- Field lookup by Iceberg field id ----------------------------------------

// Field-id → position maps of a schema's record nodes, built once per file:
// looking attributes up in each record's JSON would dominate reading.
class FieldIds {
 public:
  explicit FieldIds(const avro::AvroSchema& schema) : maps_(schema.node_count()) {
    for (size_t n = 0; n < schema.node_count(); ++n) {
      const avro::AvroNode& node = schema.node(static_cast<int>(n));
      for (size_t i = 0; i < node.fields.size(); ++i) {
        auto it = node.fields[i].json.find("field-id");
        if (it != node.fields[i].json.end() && it->is_number_integer()) {
          maps_[n].emplace_back(it->get<int>(), static_cast<int>(i));
        }
      }
    }
  }
  // Position of the field with `field-id` id in record `node`, or -1.
  int Find(int node, int id) const {
    if (node < 0 || static_cast<size_t>(node) >= maps_.size()) return -1;
    for (const auto& [fid, pos] : maps_[static_cast<size_t>(node)]) {
      if (fid == id) return pos;
    }
    return -1;
  }

 private:
  std::vector<std::vector<std::pair<int, int>>> maps_;
};

// A record value read with `schema` at `node`, addressed by field id.
class Rec {
 public:
  Rec(const avro::AvroSchema& schema, const FieldIds& ids, int node, const AvroValue& value)
      : schema_(schema), ids_(ids), node_index_(node), node_(schema.node(node)), value_(Unwrap(value)) {}

  // The value of field `id` with unions unwrapped, or nullptr when absent or null.
  const AvroValue* Get(int id) const {
    int i = ids_.Find(node_index_, id);
    if (i < 0 || static_cast<size_t>(i) >= value_.children().size()) return nullptr;
    const AvroValue& v = Unwrap(value_.children()[static_cast<size_t>(i)]);
    return v.is_null() ? nullptr : &v;
  }
  // The schema node of field `id` with nullable unions unwrapped, or -1.
  int NodeOf(int id) const {
    int i = ids_.Find(node_index_, id);
    if (i < 0) return -1;
    int n = node_.fields[static_cast<size_t>(i)].type;
    const auto& nd = schema_.node(n);
    if (nd.type == avro::AvroType::kUnion) {
      for (int b : nd.branches) {
        if (schema_.node(b).type != avro::AvroType::kNull) return b;
      }
    }
    return n;
  }
  Result<int64_t> Long(int id, std::optional<int64_t> fallback = std::nullopt) const {
    const AvroValue* v = Get(id);
    if (!v) {
      if (fallback) return *fallback;
      return DataLoss("manifest field " + std::to_string(id) + " is missing");
    }
    if (v->kind() == AvroValue::Kind::kLong) return v->long_value();
    if (v->kind() == AvroValue::Kind::kInt) return static_cast<int64_t>(v->int_value());
    return DataLoss("manifest field " + std::to_string(id) + " is not a number");
  }
  Result<std::string> String(int id) const {
    const AvroValue* v = Get(id);
    if (!v || (v->kind() != AvroValue::Kind::kString && v->kind() != AvroValue::Kind::kBytes)) {
      return DataLoss("manifest field " + std::to_string(id) + " is missing or not a string");
    }
    return v->bytes();
  }
  const avro::AvroSchema& schema() const { return schema_; }

 private:
  const avro::AvroSchema& schema_;
  const FieldIds& ids_;
  int node_index_;
  const avro::AvroNode& node_;
  const AvroValue& value_;
};

// Int-keyed maps: arrays of {key, value} records (or, leniently, Avro maps).
template <typename V, typename Fn>
Status ReadIntMap(const Rec& r, int id, std::map<int32_t, V>* out, Fn&& convert) {
  const AvroValue* v = r.Get(id);
  if (!v) return Status::OK();
  if (v->kind() != AvroValue::Kind::kArray) return DataLoss("manifest field " + std::to_string(id) + " is not an array");
  for (const AvroValue& item : v->children()) {
    const AvroValue& kv = Unwrap(item);
    if (kv.kind() != AvroValue::Kind::kRecord || kv.children().size() < 2) {
      return DataLoss("manifest map " + std::to_string(id) + " holds a malformed entry");
    }
    const AvroValue& key = Unwrap(kv.children()[0]);
    const AvroValue& value = Unwrap(kv.children()[1]);
    if (key.kind() != AvroValue::Kind::kInt) return DataLoss("manifest map " + std::to_string(id) + " has a non-int key");
    FLOE_ASSIGN_OR_RETURN(V converted, convert(value));
    (*out)[key.int_value()] = std::move(converted);
  }
  return Status::OK();
}

Result<int64_t> LongOf(const AvroValue& v) {
  if (v.kind() == AvroValue::Kind::kLong) return v.long_value();
  if (v.kind() == AvroValue::Kind::kInt) return static_cast<int64_t>(v.int_value());
  return DataLoss("manifest map value is not a number");
}

Result<std::string> BytesOf(const AvroValue& v) {
  if (v.kind() != AvroValue::Kind::kBytes && v.kind() != AvroValue::Kind::kFixed && v.kind() != AvroValue::Kind::kString) {
    return DataLoss("manifest bound is not bytes");
  }
  return v.bytes();
}

AvroValue IntMapValue(const std::map<int32_t, int64_t>& m) {
  if (m.empty()) return AvroValue::OptionalNull();
  std::vector<AvroValue> items;
  for (const auto& [k, v] : m) items.push_back(AvroValue::Record({AvroValue::Int(k), AvroValue::Long(v)}));
  return AvroValue::Optional(AvroValue::Array(std::move(items)));
}

AvroValue BytesMapValue(const std::map<int32_t, std::string>& m) {
  if (m.empty()) return AvroValue::OptionalNull();
  std::vector<AvroValue> items;
  for (const auto& [k, v] : m) items.push_back(AvroValue::Record({AvroValue::Int(k), AvroValue::Bytes(v)}));
  return AvroValue::Optional(AvroValue::Array(std::move(items)));
}

template <typename T>
AvroValue Opt(const std::optional<T>& v, AvroValue (*make)(T)) {
  return v ? AvroValue::Optional(make(*v)) : AvroValue::OptionalNull();
}

Result<std::unique_ptr<storage::RandomAccessFile>> OpenFile(storage::FileIO* io, const std::string& path) {
  auto f = io->OpenRead(path);
  if (!f.ok()) return f.status().WithContext("opening manifest");
  return f;
}

}  // namespace

// ---- ManifestWriter ----------------------------------------------------------

struct ManifestWriter::State {
  std::string path;
  PartitionSpec spec;
  std::vector<PrimitiveType> partition_types;
  int64_t snapshot_id = 0;
  ManifestContent content = ManifestContent::kData;
  std::unique_ptr<avro::ContainerWriter> writer;
  ManifestFile summary;
  // Per partition field: bounds over present, non-NaN values.
  std::vector<std::optional<Literal>> lower, upper;
  std::vector<PartitionFieldSummary> partitions;
};

ManifestWriter::ManifestWriter(std::unique_ptr<State> state) : state_(std::move(state)) {}
ManifestWriter::~ManifestWriter() = default;

Result<std::unique_ptr<ManifestWriter>> ManifestWriter::Open(storage::FileIO* io, std::string path,
                                                             const Schema& schema, const PartitionSpec& spec,
                                                             int64_t snapshot_id, ManifestContent content) {
  FLOE_ASSIGN_OR_RETURN(Type partition_type, spec.PartitionType(schema));
  FLOE_ASSIGN_OR_RETURN(avro::AvroSchema avro_schema, avro::ParseSchema(ManifestEntrySchemaJson(partition_type)));
  auto state = std::make_unique<State>();
  state->path = path;
  state->spec = spec;
  for (const auto& f : partition_type.struct_type().fields) state->partition_types.push_back(f.type.primitive());
  state->snapshot_id = snapshot_id;
  state->content = content;
  state->lower.resize(spec.fields().size());
  state->upper.resize(spec.fields().size());
  state->partitions.resize(spec.fields().size());
  avro::ContainerWriterOptions options;
  options.codec = avro::Codec::kDeflate;
  options.metadata = {
      {"schema", SchemaToJsonValue(schema).dump()},
      {"schema-id", std::to_string(schema.schema_id())},
      {"partition-spec", PartitionFieldsToJsonValue(spec).dump()},
      {"partition-spec-id", std::to_string(spec.spec_id())},
      {"format-version", "2"},
      {"content", content == ManifestContent::kData ? "data" : "deletes"},
  };
  FLOE_ASSIGN_OR_RETURN(auto file, io->OpenWrite(path));
  FLOE_ASSIGN_OR_RETURN(state->writer, avro::ContainerWriter::Open(std::move(file), avro_schema, std::move(options)));
  ManifestFile& mf = state->summary;
  mf.manifest_path = path;
  mf.partition_spec_id = spec.spec_id();
  mf.content = content;
  mf.added_snapshot_id = snapshot_id;
  return std::unique_ptr<ManifestWriter>(new ManifestWriter(std::move(state)));
}

Status ManifestWriter::Add(ManifestEntry e) {
  State& s = *state_;
  DataFile& f = e.file;
  if (f.partition.size() != s.partition_types.size()) {
    return InvalidArgument("data file " + f.file_path + " has " + std::to_string(f.partition.size()) +
                           " partition values, spec " + std::to_string(s.spec.spec_id()) + " has " +
                           std::to_string(s.partition_types.size()) + " fields");
  }
  if (e.status == EntryStatus::kAdded) {
    e.snapshot_id = s.snapshot_id;
    e.sequence_number.reset();
    e.file_sequence_number.reset();
  } else if (!e.sequence_number || !e.file_sequence_number || !e.snapshot_id) {
    return InvalidArgument("existing and deleted manifest entries need their snapshot id and sequence numbers");
  }
  std::vector<AvroValue> partition;
  for (size_t i = 0; i < f.partition.size(); ++i) {
    const auto& v = f.partition[i];
    PartitionFieldSummary& sum = s.partitions[i];
    if (!v) {
      partition.push_back(AvroValue::OptionalNull());
      sum.contains_null = true;
      continue;
    }
    if (v->type().id != s.partition_types[i].id) {
      return InvalidArgument("partition value " + v->ToString() + " of " + f.file_path + " does not have type " +
                             s.partition_types[i].ToString());
    }
    partition.push_back(AvroValue::Optional(ToAvro(*v)));
    bool floating = v->type_id() == TypeId::kFloat || v->type_id() == TypeId::kDouble;
    if (floating) {
      double d = v->type_id() == TypeId::kFloat ? v->float_value() : v->double_value();
      if (!sum.contains_nan) sum.contains_nan = false;
      if (d != d) {
        sum.contains_nan = true;
        continue;
      }
    }
    if (!s.lower[i] || v->Compare(*s.lower[i]) < 0) s.lower[i] = *v;
    if (!s.upper[i] || v->Compare(*s.upper[i]) > 0) s.upper[i] = *v;
  }
  std::vector<AvroValue> df;
  df.push_back(AvroValue::Int(static_cast<int32_t>(f.content)));
  df.push_back(AvroValue::String(f.file_path));
  df.push_back(AvroValue::String(f.file_format));
  df.push_back(AvroValue::Record(std::move(partition)));
  df.push_back(AvroValue::Long(f.record_count));
  df.push_back(AvroValue::Long(f.file_size_in_bytes));
  df.push_back(IntMapValue(f.column_sizes));
  df.push_back(IntMapValue(f.value_counts));
  df.push_back(IntMapValue(f.null_value_counts));
  df.push_back(IntMapValue(f.nan_value_counts));
  df.push_back(BytesMapValue(f.lower_bounds));
  df.push_back(BytesMapValue(f.upper_bounds));
  df.push_back(Opt<std::string>(f.key_metadata, &AvroValue::Bytes));
  if (f.split_offsets.empty()) {
    df.push_back(AvroValue::OptionalNull());
  } else {
    std::vector<AvroValue> items;
    for (int64_t o : f.split_offsets) items.push_back(AvroValue::Long(o));
    df.push_back(AvroValue::Optional(AvroValue::Array(std::move(items))));
  }
  if (f.equality_ids.empty()) {
    df.push_back(AvroValue::OptionalNull());
  } else {
    std::vector<AvroValue> items;
    for (int32_t id : f.equality_ids) items.push_back(AvroValue::Int(id));
    df.push_back(AvroValue::Optional(AvroValue::Array(std::move(items))));
  }
  df.push_back(Opt<int32_t>(f.sort_order_id, &AvroValue::Int));
  df.push_back(Opt<std::string>(f.referenced_data_file, &AvroValue::String));
  AvroValue entry = AvroValue::Record({AvroValue::Int(static_cast<int32_t>(e.status)),
                                       Opt<int64_t>(e.snapshot_id, &AvroValue::Long),
                                       Opt<int64_t>(e.sequence_number, &AvroValue::Long),
                                       Opt<int64_t>(e.file_sequence_number, &AvroValue::Long),
                                       AvroValue::Record(std::move(df))});
  FLOE_RETURN_IF_ERROR(s.writer->Append(entry));

  ManifestFile& mf = s.summary;
  switch (e.status) {
    case EntryStatus::kAdded:
      ++mf.added_files_count;
      mf.added_rows_count += f.record_count;
      break;
    case EntryStatus::kExisting:
      ++mf.existing_files_count;
      mf.existing_rows_count += f.record_count;
      break;
    case EntryStatus::kDeleted:
      ++mf.deleted_files_count;
      mf.deleted_rows_count += f.record_count;
      break;
  }
  if (e.status != EntryStatus::kDeleted && e.sequence_number) {
    if (mf.min_sequence_number == kUnassignedSequence || *e.sequence_number < mf.min_sequence_number) {
      mf.min_sequence_number = *e.sequence_number;
    }
  }
  return Status::OK();
}

Result<ManifestFile> ManifestWriter::Close() {
  State& s = *state_;
  FLOE_ASSIGN_OR_RETURN(s.summary.manifest_length, s.writer->Close());
  for (size_t i = 0; i < s.partitions.size(); ++i) {
    if (s.lower[i]) s.partitions[i].lower_bound = s.lower[i]->Serialize();
    if (s.upper[i]) s.partitions[i].upper_bound = s.upper[i]->Serialize();
  }
  s.summary.partitions = s.partitions;
  return s.summary;
}

void AssignSequenceNumber(ManifestFile* m, int64_t sequence_number) {
  if (m->sequence_number == kUnassignedSequence) m->sequence_number = sequence_number;
  bool inherits = m->added_files_count > 0;
  if (m->min_sequence_number == kUnassignedSequence || (inherits && sequence_number < m->min_sequence_number)) {
    m->min_sequence_number = sequence_number;
  }
}

// ---- Reading ----------------------------------------------------------------

Result<std::vector<ManifestEntry>> ReadManifest(storage::FileIO* io, const ManifestFile& manifest,
                                                const Schema& schema, const PartitionSpec& spec) {
  FLOE_ASSIGN_OR_RETURN(auto file, OpenFile(io, manifest.manifest_path));
  auto reader = avro::ContainerReader::Open(std::move(file));
  if (!reader.ok()) return reader.status().WithContext(manifest.manifest_path);
  FLOE_ASSIGN_OR_RETURN(Type partition_type, spec.PartitionType(schema));
  const auto& pfields = partition_type.struct_type().fields;
  const avro::AvroSchema& ws = (*reader)->writer_schema();
  const FieldIds ids(ws);
  std::vector<ManifestEntry> entries;
  AvroValue value;
  while (true) {
    auto more = (*reader)->Next(&value);
    if (!more.ok()) return more.status().WithContext(manifest.manifest_path);
    if (!*more) break;
    Rec entry(ws, ids, ws.root(), value);
    ManifestEntry e;
    FLOE_ASSIGN_OR_RETURN(int64_t status, entry.Long(0));
    if (status < 0 || status > 2) return DataLoss("manifest entry status " + std::to_string(status) + " is invalid");
    e.status = static_cast<EntryStatus>(status);
    if (const AvroValue* v = entry.Get(1)) e.snapshot_id = v->long_value();
    if (const AvroValue* v = entry.Get(3)) e.sequence_number = v->long_value();
    if (const AvroValue* v = entry.Get(4)) e.file_sequence_number = v->long_value();
    // Inheritance (spec "Sequence Number Inheritance"): v1 manifests carry 0.
    if (!e.snapshot_id) e.snapshot_id = manifest.added_snapshot_id;
    if (!e.sequence_number && (e.status == EntryStatus::kAdded || manifest.sequence_number == 0)) {
      e.sequence_number = manifest.sequence_number;
    }
    if (!e.file_sequence_number && (e.status == EntryStatus::kAdded || manifest.sequence_number == 0)) {
      e.file_sequence_number = manifest.sequence_number;
    }
    const AvroValue* df_value = entry.Get(2);
    if (!df_value) return DataLoss("manifest entry without data_file");
    Rec df(ws, ids, entry.NodeOf(2), *df_value);
    DataFile& f = e.file;
    f.spec_id = manifest.partition_spec_id;
    FLOE_ASSIGN_OR_RETURN(int64_t content, df.Long(134, 0));
    f.content = static_cast<FileContent>(content);
    FLOE_ASSIGN_OR_RETURN(f.file_path, df.String(100));
    FLOE_ASSIGN_OR_RETURN(f.file_format, df.String(101));
    FLOE_ASSIGN_OR_RETURN(f.record_count, df.Long(103));
    FLOE_ASSIGN_OR_RETURN(f.file_size_in_bytes, df.Long(104));
    if (const AvroValue* p = df.Get(102)) {
      Rec part(ws, ids, df.NodeOf(102), *p);
      for (const auto& pf : pfields) {
        const AvroValue* pv = part.Get(pf.id);
        if (!pv) {
          f.partition.emplace_back();
          continue;
        }
        auto lit = FromAvro(pf.type.primitive(), *pv);
        if (!lit.ok()) return lit.status().WithContext(manifest.manifest_path);
        f.partition.emplace_back(std::move(*lit));
      }
    } else {
      f.partition.resize(pfields.size());
    }
    FLOE_RETURN_IF_ERROR(ReadIntMap(df, 108, &f.column_sizes, LongOf));
    FLOE_RETURN_IF_ERROR(ReadIntMap(df, 109, &f.value_counts, LongOf));
    FLOE_RETURN_IF_ERROR(ReadIntMap(df, 110, &f.null_value_counts, LongOf));
    FLOE_RETURN_IF_ERROR(ReadIntMap(df, 137, &f.nan_value_counts, LongOf));
    FLOE_RETURN_IF_ERROR(ReadIntMap(df, 125, &f.lower_bounds, BytesOf));
    FLOE_RETURN_IF_ERROR(ReadIntMap(df, 128, &f.upper_bounds, BytesOf));
    if (const AvroValue* v = df.Get(131)) f.key_metadata = v->bytes();
    if (const AvroValue* v = df.Get(132)) {
      for (const auto& o : v->children()) f.split_offsets.push_back(Unwrap(o).long_value());
    }
    if (const AvroValue* v = df.Get(135)) {
      for (const auto& o : v->children()) f.equality_ids.push_back(Unwrap(o).int_value());
    }
    if (const AvroValue* v = df.Get(140)) f.sort_order_id = v->int_value();
    if (const AvroValue* v = df.Get(143)) f.referenced_data_file = v->bytes();
    entries.push_back(std::move(e));
  }
  return entries;
}

Result<int64_t> WriteManifestList(storage::FileIO* io, const std::string& path, int64_t snapshot_id,
                                  std::optional<int64_t> parent_snapshot_id, int64_t sequence_number,
                                  const std::vector<ManifestFile>& manifests) {
  FLOE_ASSIGN_OR_RETURN(avro::AvroSchema schema, avro::ParseSchema(ManifestFileSchemaJson()));
  avro::ContainerWriterOptions options;
  options.codec = avro::Codec::kDeflate;
  options.metadata = {
      {"snapshot-id", std::to_string(snapshot_id)},
      {"parent-snapshot-id", parent_snapshot_id ? std::to_string(*parent_snapshot_id) : "null"},
      {"sequence-number", std::to_string(sequence_number)},
      {"format-version", "2"},
  };
  FLOE_ASSIGN_OR_RETURN(auto file, io->OpenWrite(path));
  FLOE_ASSIGN_OR_RETURN(auto writer, avro::ContainerWriter::Open(std::move(file), schema, std::move(options)));
  for (const ManifestFile& m : manifests) {
    if (m.sequence_number == kUnassignedSequence || m.min_sequence_number == kUnassignedSequence) {
      return InvalidArgument("manifest " + m.manifest_path + " has no sequence number assigned");
    }
    AvroValue partitions = AvroValue::OptionalNull();
    if (!m.partitions.empty()) {
      std::vector<AvroValue> items;
      for (const auto& p : m.partitions) {
        items.push_back(AvroValue::Record({AvroValue::Boolean(p.contains_null),
                                           Opt<bool>(p.contains_nan, &AvroValue::Boolean),
                                           Opt<std::string>(p.lower_bound, &AvroValue::Bytes),
                                           Opt<std::string>(p.upper_bound, &AvroValue::Bytes)}));
      }
      partitions = AvroValue::Optional(AvroValue::Array(std::move(items)));
    }
    FLOE_RETURN_IF_ERROR(writer->Append(AvroValue::Record({
        AvroValue::String(m.manifest_path), AvroValue::Long(m.manifest_length), AvroValue::Int(m.partition_spec_id),
        AvroValue::Int(static_cast<int32_t>(m.content)), AvroValue::Long(m.sequence_number),
        AvroValue::Long(m.min_sequence_number), AvroValue::Long(m.added_snapshot_id),
        AvroValue::Int(m.added_files_count), AvroValue::Int(m.existing_files_count),
        AvroValue::Int(m.deleted_files_count), AvroValue::Long(m.added_rows_count),
        AvroValue::Long(m.existing_rows_count), AvroValue::Long(m.deleted_rows_count), std::move(partitions),
        Opt<std::string>(m.key_metadata, &AvroValue::Bytes)})));
  }
  return writer->Close();
}

Result<std::vector<ManifestFile>> ReadManifestList(storage::FileIO* io, const std::string& path) {
  FLOE_ASSIGN_OR_RETURN(auto file, OpenFile(io, path));
  auto reader = avro::ContainerReader::Open(std::move(file));
  if (!reader.ok()) return reader.status().WithContext(path);
  const avro::AvroSchema& ws = (*reader)->writer_schema();
  const FieldIds ids(ws);
  std::vector<ManifestFile> out;
  AvroValue value;
  while (true) {
    auto more = (*reader)->Next(&value);
    if (!more.ok()) return more.status().WithContext(path);
    if (!*more) break;
    Rec r(ws, ids, ws.root(), value);
    ManifestFile m;
    FLOE_ASSIGN_OR_RETURN(m.manifest_path, r.String(500));
    FLOE_ASSIGN_OR_RETURN(m.manifest_length, r.Long(501));
    FLOE_ASSIGN_OR_RETURN(int64_t spec_id, r.Long(502));
    m.partition_spec_id = static_cast<int32_t>(spec_id);
    FLOE_ASSIGN_OR_RETURN(int64_t content, r.Long(517, 0));
    m.content = static_cast<ManifestContent>(content);
    FLOE_ASSIGN_OR_RETURN(m.sequence_number, r.Long(515, 0));
    FLOE_ASSIGN_OR_RETURN(m.min_sequence_number, r.Long(516, 0));
    FLOE_ASSIGN_OR_RETURN(m.added_snapshot_id, r.Long(503, 0));
    auto count = [&](int id, int32_t* out) -> Status {
      FLOE_ASSIGN_OR_RETURN(int64_t n, r.Long(id, 0));
      *out = static_cast<int32_t>(n);
      return Status::OK();
    };
    FLOE_RETURN_IF_ERROR(count(504, &m.added_files_count));
    FLOE_RETURN_IF_ERROR(count(505, &m.existing_files_count));
    FLOE_RETURN_IF_ERROR(count(506, &m.deleted_files_count));
    FLOE_ASSIGN_OR_RETURN(m.added_rows_count, r.Long(512, 0));
    FLOE_ASSIGN_OR_RETURN(m.existing_rows_count, r.Long(513, 0));
    FLOE_ASSIGN_OR_RETURN(m.deleted_rows_count, r.Long(514, 0));
    if (const AvroValue* parts = r.Get(507)) {
      int array_node = r.NodeOf(507);
      int item_node = ws.node(array_node).items;
      for (const AvroValue& item : parts->children()) {
        Rec p(ws, ids, item_node, item);
        PartitionFieldSummary s;
        if (const AvroValue* v = p.Get(509)) s.contains_null = v->boolean();
        if (const AvroValue* v = p.Get(518)) s.contains_nan = v->boolean();
        if (const AvroValue* v = p.Get(510)) s.lower_bound = v->bytes();
        if (const AvroValue* v = p.Get(511)) s.upper_bound = v->bytes();
        m.partitions.push_back(std::move(s));
      }
    }
    if (const AvroValue* v = r.Get(519)) m.key_metadata = v->bytes();
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace floe::iceberg
