// Test helper for test/interop/avro.test.mjs (an independent reader, avsc,
// judges floe's containers, and floe reads avsc's):
//
//   avro_write_sample write PATH null|deflate|snappy|zstandard [COUNT]
//       writes an Iceberg-manifest-like container of COUNT (default 1000)
//       manifest_entry records whose values follow SampleEntry below;
//   avro_write_sample read PATH
//       prints each record as one JSON line (value_json.h's readable view);
//   avro_write_sample header PATH
//       prints the header metadata as one JSON object, keys in file order.
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <string>

#include "floe/format/avro/container.h"
#include "floe/format/avro/value_json.h"
#include "floe/storage/file_io.h"

namespace floe::avro {
namespace {

constexpr char kManifestEntrySchema[] = R"({"type":"record","name":"manifest_entry","fields":[
{"name":"status","type":"int","field-id":0},
{"name":"snapshot_id","type":["null","long"],"default":null,"field-id":1},
{"name":"sequence_number","type":["null","long"],"default":null,"field-id":3},
{"name":"file_sequence_number","type":["null","long"],"default":null,"field-id":4},
{"name":"data_file","type":{"type":"record","name":"r2","fields":[
 {"name":"content","type":"int","doc":"Contents of the file: 0=data, 1=position deletes, 2=equality deletes","field-id":134},
 {"name":"file_path","type":"string","doc":"Location URI with FS scheme","field-id":100},
 {"name":"file_format","type":"string","field-id":101},
 {"name":"partition","type":{"type":"record","name":"r102","fields":[
  {"name":"day","type":["null","int"],"default":null,"field-id":1000}]},"field-id":102},
 {"name":"record_count","type":"long","field-id":103},
 {"name":"file_size_in_bytes","type":"long","field-id":104},
 {"name":"column_sizes","type":["null",{"type":"array","items":{"type":"record","name":"k117_v118",
  "fields":[{"name":"key","type":"int","field-id":117},{"name":"value","type":"long","field-id":118}]},
  "logicalType":"map"}],"default":null,"field-id":108},
 {"name":"lower_bounds","type":["null",{"type":"array","items":{"type":"record","name":"k126_v127",
  "fields":[{"name":"key","type":"int","field-id":126},{"name":"value","type":"bytes","field-id":127}]},
  "logicalType":"map"}],"default":null,"field-id":125},
 {"name":"key_metadata","type":["null","bytes"],"default":null,"field-id":131},
 {"name":"split_offsets","type":["null",{"type":"array","items":"long","element-id":133}],"default":null,"field-id":132},
 {"name":"sort_order_id","type":["null","int"],"default":null,"field-id":140}]},"field-id":2}]})";

AvroValue Opt(bool present, AvroValue v) {
  return present ? AvroValue::Optional(std::move(v)) : AvroValue::OptionalNull();
}

// Record i; test/interop/avro.test.mjs computes the same values.
AvroValue SampleEntry(int64_t i) {
  std::vector<AvroValue> column_sizes;
  if (i % 4 != 1) {
    column_sizes.push_back(AvroValue::Record({AvroValue::Int(1), AvroValue::Long(i * 10)}));
    column_sizes.push_back(AvroValue::Record({AvroValue::Int(2), AvroValue::Long(i * 20)}));
  }
  std::string bound = {static_cast<char>(i & 0xff), '\0', static_cast<char>(0xff)};
  AvroValue data_file = AvroValue::Record({
      AvroValue::Int(0),
      AvroValue::String("s3://bucket/data/é-" + std::to_string(i) + ".parquet"),
      AvroValue::String("PARQUET"),
      AvroValue::Record({Opt(i % 7 != 0, AvroValue::Int(static_cast<int32_t>(19000 + i)))}),
      AvroValue::Long(i == 1 ? INT64_MAX : i * 1000 + 1),
      AvroValue::Long(4096 + i * 17),
      Opt(i % 4 != 0, AvroValue::Array(std::move(column_sizes))),
      Opt(i % 3 != 0,
          AvroValue::Array({AvroValue::Record({AvroValue::Int(1), AvroValue::Bytes(bound)})})),
      Opt(i % 10 == 3, AvroValue::Bytes("")),
      Opt(true, AvroValue::Array({AvroValue::Long(4), AvroValue::Long(4 + i)})),
      Opt(i % 2 == 1, AvroValue::Int(0)),
  });
  return AvroValue::Record({
      AvroValue::Int(static_cast<int32_t>(i % 3)),
      Opt(i % 5 != 0, AvroValue::Long(i == 2 ? INT64_MIN : 1000000000000 + i)),
      Opt(i % 2 == 1, AvroValue::Long(i)),
      Opt(i % 2 == 1, AvroValue::Long(i)),
      std::move(data_file),
  });
}

Status Write(const std::string& path, const std::string& codec_name, int64_t count) {
  FLOE_ASSIGN_OR_RETURN(Codec codec, CodecFromName(codec_name));
  FLOE_ASSIGN_OR_RETURN(AvroSchema schema, ParseSchema(kManifestEntrySchema));
  ContainerWriterOptions options;
  options.codec = codec;
  options.metadata = {
      {"schema",
       R"({"type":"struct","schema-id":0,"fields":[{"id":1,"name":"id","required":true,"type":"long"}]})"},
      {"schema-id", "0"},
      {"partition-spec", R"([{"name":"day","transform":"day","source-id":1,"field-id":1000}])"},
      {"partition-spec-id", "0"},
      {"format-version", "2"},
      {"content", "data"},
  };
  FLOE_ASSIGN_OR_RETURN(auto file, storage::LocalFileIO::Default()->OpenWrite(path));
  FLOE_ASSIGN_OR_RETURN(auto writer, ContainerWriter::Open(std::move(file), schema, options));
  for (int64_t i = 0; i < count; ++i) FLOE_RETURN_IF_ERROR(writer->Append(SampleEntry(i)));
  FLOE_ASSIGN_OR_RETURN(int64_t size, writer->Close());
  std::cerr << "wrote " << count << " records, " << size << " bytes\n";
  return Status::OK();
}

Result<std::unique_ptr<ContainerReader>> OpenReader(const std::string& path) {
  FLOE_ASSIGN_OR_RETURN(auto file, storage::LocalFileIO::Default()->OpenRead(path));
  return ContainerReader::Open(std::move(file));
}

Status Read(const std::string& path) {
  FLOE_ASSIGN_OR_RETURN(auto reader, OpenReader(path));
  AvroValue v;
  while (true) {
    FLOE_ASSIGN_OR_RETURN(bool more, reader->Next(&v));
    if (!more) return Status::OK();
    FLOE_ASSIGN_OR_RETURN(Json j, ValueToJson(reader->schema(), reader->schema().root(), v));
    std::cout << j.dump(-1, ' ', false, Json::error_handler_t::replace) << '\n';
  }
}

Status Header(const std::string& path) {
  FLOE_ASSIGN_OR_RETURN(auto reader, OpenReader(path));
  Json j = Json::object();
  for (const auto& [k, v] : reader->metadata()) j[k] = v;
  std::cout << j.dump(-1, ' ', false, Json::error_handler_t::replace) << '\n';
  return Status::OK();
}

int Main(int argc, char** argv) {
  std::string mode = argc > 1 ? argv[1] : "";
  Status st;
  if (mode == "write" && (argc == 4 || argc == 5)) {
    st = Write(argv[2], argv[3], argc == 5 ? std::atoll(argv[4]) : 1000);
  } else if (mode == "read" && argc == 3) {
    st = Read(argv[2]);
  } else if (mode == "header" && argc == 3) {
    st = Header(argv[2]);
  } else {
    std::cerr << "usage: avro_write_sample write PATH CODEC [COUNT] | read PATH | header PATH\n";
    return 2;
  }
  if (!st.ok()) {
    std::cerr << st.ToString() << '\n';
    return 1;
  }
  return 0;
}

}  // namespace
}  // namespace floe::avro

int main(int argc, char** argv) { return floe::avro::Main(argc, argv); }
