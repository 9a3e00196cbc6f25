// The Avro schemas of manifests and manifest lists, as Java's V2 writers emit them.
#include <cctype>
#include <set>

#include "floe/iceberg/json.h"
#include "floe/iceberg/manifest.h"

namespace floe::iceberg {
namespace {

// Avro names allow [A-Za-z_][A-Za-z0-9_]*; like Java, other characters become
// "_x" + hex and a leading digit gets a "_" prefix.
std::string AvroName(const std::string& name) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (size_t i = 0; i < name.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(name[i]);
    bool ok = std::isalpha(c) || c == '_' || (i > 0 && std::isdigit(c));
    if (ok) {
      out.push_back(static_cast<char>(c));
    } else if (i == 0 && std::isdigit(c)) {
      out += "_";
      out.push_back(static_cast<char>(c));
    } else {
      out += "_x";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out.empty() ? "_" : out;
}

// The Avro type of a partition value; named types are defined once and then
// referenced by name.
Json AvroType(const PrimitiveType& t, std::set<std::string>* defined) {
  auto named = [&](const std::string& name, Json def) -> Json {
    if (!defined->insert(name).second) return name;
    def["name"] = name;
    return def;
  };
  switch (t.id) {
    case TypeId::kBoolean: return "boolean";
    case TypeId::kInt: return "int";
    case TypeId::kLong: return "long";
    case TypeId::kFloat: return "float";
    case TypeId::kDouble: return "double";
    case TypeId::kString: return "string";
    case TypeId::kBinary: return "bytes";
    case TypeId::kDate: return Json{{"type", "int"}, {"logicalType", "date"}};
    case TypeId::kTime: return Json{{"type", "long"}, {"logicalType", "time-micros"}};
    case TypeId::kTimestamp:
      return Json{{"type", "long"}, {"logicalType", "timestamp-micros"}, {"adjust-to-utc", false}};
    case TypeId::kTimestampTz:
      return Json{{"type", "long"}, {"logicalType", "timestamp-micros"}, {"adjust-to-utc", true}};
    case TypeId::kUuid:
      return named("uuid_fixed", Json{{"type", "fixed"}, {"size", 16}, {"logicalType", "uuid"}});
    case TypeId::kFixed:
      return named("fixed_" + std::to_string(t.length), Json{{"type", "fixed"}, {"size", t.length}});
    case TypeId::kDecimal:
      return named("decimal_" + std::to_string(t.precision) + "_" + std::to_string(t.scale),
                   Json{{"type", "fixed"},
                        {"size", DecimalRequiredBytes(t.precision)},
                        {"logicalType", "decimal"},
                        {"precision", t.precision},
                        {"scale", t.scale}});
  }
  return "null";
}

Json Optional(Json type) { return Json::array({"null", std::move(type)}); }

Json Field(const char* name, Json type, int id, const char* doc = nullptr) {
  Json f;
  f["name"] = name;
  f["type"] = std::move(type);
  if (doc) f["doc"] = doc;
  f["field-id"] = id;
  return f;
}

Json OptField(const char* name, Json type, int id, const char* doc = nullptr) {
  Json f;
  f["name"] = name;
  f["type"] = Optional(std::move(type));
  if (doc) f["doc"] = doc;
  f["default"] = nullptr;
  f["field-id"] = id;
  return f;
}

Json IntMap(int key_id, int value_id, const char* value_type) {
  Json record{{"type", "record"},
              {"name", "k" + std::to_string(key_id) + "_v" + std::to_string(value_id)},
              {"fields", Json::array({Json{{"name", "key"}, {"type", "int"}, {"field-id", key_id}},
                                      Json{{"name", "value"}, {"type", value_type}, {"field-id", value_id}}})}};
  return Json{{"type", "array"}, {"items", std::move(record)}, {"logicalType", "map"}};
}

}  // namespace

std::string ManifestEntrySchemaJson(const Type& partition_type) {
  std::set<std::string> defined;
  Json partition_fields = Json::array();
  for (const auto& f : partition_type.struct_type().fields) {
    Json pf;
    pf["name"] = AvroName(f.name);
    pf["type"] = Optional(AvroType(f.type.primitive(), &defined));
    pf["default"] = nullptr;
    pf["field-id"] = f.id;
    partition_fields.push_back(std::move(pf));
  }
  Json data_file{{"type", "record"}, {"name", "r2"}, {"fields", Json::array()}};
  Json& df = data_file["fields"];
  df.push_back(Field("content", "int", 134, "Contents of the file: 0=data, 1=position deletes, 2=equality deletes"));
  df.push_back(Field("file_path", "string", 100, "Location URI with FS scheme"));
  df.push_back(Field("file_format", "string", 101, "File format name: avro, orc, or parquet"));
  df.push_back(Field("partition", Json{{"type", "record"}, {"name", "r102"}, {"fields", partition_fields}}, 102,
                     "Partition data tuple, schema based on the partition spec"));
  df.push_back(Field("record_count", "long", 103, "Number of records in the file"));
  df.push_back(Field("file_size_in_bytes", "long", 104, "Total file size in bytes"));
  df.push_back(OptField("column_sizes", IntMap(117, 118, "long"), 108, "Map of column id to total size on disk"));
  df.push_back(OptField("value_counts", IntMap(119, 120, "long"), 109, "Map of column id to total count, including null and NaN"));
  df.push_back(OptField("null_value_counts", IntMap(121, 122, "long"), 110, "Map of column id to null value count"));
  df.push_back(OptField("nan_value_counts", IntMap(138, 139, "long"), 137, "Map of column id to number of NaN values in the column"));
  df.push_back(OptField("lower_bounds", IntMap(126, 127, "bytes"), 125, "Map of column id to lower bound"));
  df.push_back(OptField("upper_bounds", IntMap(129, 130, "bytes"), 128, "Map of column id to upper bound"));
  df.push_back(OptField("key_metadata", "bytes", 131, "Encryption key metadata blob"));
  df.push_back(OptField("split_offsets", Json{{"type", "array"}, {"items", "long"}, {"element-id", 133}}, 132,
                        "Splittable offsets"));
  df.push_back(OptField("equality_ids", Json{{"type", "array"}, {"items", "int"}, {"element-id", 136}}, 135,
                        "Equality comparison field IDs"));
  df.push_back(OptField("sort_order_id", "int", 140, "Sort order ID"));
  df.push_back(OptField("referenced_data_file", "string", 143, "Fully qualified location (URI with FS scheme) of a data file that all deletes reference"));

  Json entry{{"type", "record"}, {"name", "manifest_entry"}, {"fields", Json::array()}};
  Json& ef = entry["fields"];
  ef.push_back(Field("status", "int", 0));
  ef.push_back(OptField("snapshot_id", "long", 1));
  ef.push_back(OptField("sequence_number", "long", 3));
  ef.push_back(OptField("file_sequence_number", "long", 4));
  ef.push_back(Field("data_file", std::move(data_file), 2));
  return entry.dump();
}

std::string ManifestFileSchemaJson() {
  Json summary{{"type", "record"},
               {"name", "r508"},
               {"fields", Json::array({Field("contains_null", "boolean", 509, "True if any file has a null partition value"),
                                       OptField("contains_nan", "boolean", 518, "True if any file has a nan partition value"),
                                       OptField("lower_bound", "bytes", 510, "Partition lower bound for all files"),
                                       OptField("upper_bound", "bytes", 511, "Partition upper bound for all files")})}};
  Json fields = Json::array();
  fields.push_back(Field("manifest_path", "string", 500, "Location URI with FS scheme"));
  fields.push_back(Field("manifest_length", "long", 501, "Total file size in bytes"));
  fields.push_back(Field("partition_spec_id", "int", 502, "Spec ID used to write"));
  fields.push_back(Field("content", "int", 517, "Contents of the manifest: 0=data, 1=deletes"));
  fields.push_back(Field("sequence_number", "long", 515, "Sequence number when the manifest was added"));
  fields.push_back(Field("min_sequence_number", "long", 516, "Lowest sequence number in the manifest"));
  fields.push_back(Field("added_snapshot_id", "long", 503, "Snapshot ID that added the manifest"));
  fields.push_back(Field("added_files_count", "int", 504, "Added entry count"));
  fields.push_back(Field("existing_files_count", "int", 505, "Existing entry count"));
  fields.push_back(Field("deleted_files_count", "int", 506, "Deleted entry count"));
  fields.push_back(Field("added_rows_count", "long", 512, "Added rows count"));
  fields.push_back(Field("existing_rows_count", "long", 513, "Existing rows count"));
  fields.push_back(Field("deleted_rows_count", "long", 514, "Deleted rows count"));
  fields.push_back(OptField("partitions", Json{{"type", "array"}, {"items", summary}, {"element-id", 508}}, 507,
                            "Summary for each partition"));
  fields.push_back(OptField("key_metadata", "bytes", 519, "Encryption key metadata blob"));
  return Json{{"type", "record"}, {"name", "manifest_file"}, {"fields", fields}}.dump();
}

}  // namespace floe::iceberg
