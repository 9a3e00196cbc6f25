#include "floe/ingest/stream_config.h"

#include <cctype>

namespace floe::ingest {
namespace {

using iceberg::Json;

std::string Str(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Status CheckRange(const Json& j, const char* key, int64_t lo, int64_t hi,
                  const std::string& where) {
  auto it = j.find(key);
  if (it == j.end()) return Status::OK();
  if (!it->is_number_integer()) return InvalidArgument(where + "." + key + " must be an integer.");
  int64_t v = it->get<int64_t>();
  if (v < lo || v > hi) {
    return InvalidArgument(where + "." + key + " must be between " + std::to_string(lo) + " and " +
                           std::to_string(hi) + ", got " + std::to_string(v) + ".");
  }
  return Status::OK();
}

bool ValidTableName(const std::string& s) {
  if (s.empty() || s.size() > 255) return false;
  for (char c : s) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_')) return false;
  }
  return true;
}

Status ParseDestination(const Json& d, StreamConfig* c) {
  const std::string where = "IcebergDestinationConfiguration";
  if (!d.is_object()) return InvalidArgument(where + " must be an object.");
  for (const char* key : {"RoleARN", "CatalogConfiguration", "S3Configuration"}) {
    if (!d.contains(key)) return InvalidArgument(where + "." + key + " is required.");
  }
  const Json& catalog = d["CatalogConfiguration"];
  std::string catalog_arn = Str(catalog, "CatalogARN");
  if (catalog_arn.rfind("arn:", 0) != 0 || catalog_arn.find(":glue:") == std::string::npos) {
    return InvalidArgument(
        where +
        ".CatalogConfiguration.CatalogARN must be a Glue catalog ARN such as "
        "arn:aws:glue:us-east-1:000000000000:catalog/s3tablescatalog/<table-bucket>.");
  }
  const std::string marker = ":catalog/s3tablescatalog/";
  size_t at = catalog_arn.find(marker);
  if (at != std::string::npos) c->table_bucket = catalog_arn.substr(at + marker.size());

  if (d.contains("BufferingHints")) {
    const Json& b = d["BufferingHints"];
    FLOE_RETURN_IF_ERROR(CheckRange(b, "SizeInMBs", 1, 128, where + ".BufferingHints"));
    FLOE_RETURN_IF_ERROR(CheckRange(b, "IntervalInSeconds", 0, 900, where + ".BufferingHints"));
    if (b.contains("SizeInMBs")) c->buffer_bytes = b["SizeInMBs"].get<int64_t>() << 20;
    if (b.contains("IntervalInSeconds"))
      c->interval_seconds = b["IntervalInSeconds"].get<int64_t>();
  }
  if (d.contains("RetryOptions")) {
    FLOE_RETURN_IF_ERROR(
        CheckRange(d["RetryOptions"], "DurationInSeconds", 0, 7200, where + ".RetryOptions"));
    if (d["RetryOptions"].contains("DurationInSeconds")) {
      c->retry_seconds = d["RetryOptions"]["DurationInSeconds"].get<int64_t>();
    }
  }
  if (d.contains("S3BackupMode")) {
    std::string mode = Str(d, "S3BackupMode");
    if (mode != "FailedDataOnly" && mode != "AllData") {
      return InvalidArgument(where + ".S3BackupMode must be FailedDataOnly or AllData.");
    }
  }
  const Json& s3 = d["S3Configuration"];
  std::string bucket_arn = Str(s3, "BucketARN");
  const std::string s3_prefix = "arn:aws:s3:::";
  if (bucket_arn.rfind(s3_prefix, 0) != 0 || bucket_arn.size() == s3_prefix.size()) {
    return InvalidArgument(where +
                           ".S3Configuration.BucketARN must look like arn:aws:s3:::<bucket>.");
  }
  c->error_bucket = bucket_arn.substr(s3_prefix.size());
  c->error_prefix = Str(s3, "ErrorOutputPrefix");

  if (d.contains("DestinationTableConfigurationList")) {
    const Json& list = d["DestinationTableConfigurationList"];
    if (!list.is_array())
      return InvalidArgument(where + ".DestinationTableConfigurationList must be a list.");
    for (const Json& t : list) {
      DestinationTable dt;
      dt.database = Str(t, "DestinationDatabaseName");
      dt.table = Str(t, "DestinationTableName");
      dt.error_prefix = Str(t, "S3ErrorOutputPrefix");
      if (!ValidTableName(dt.database) || !ValidTableName(dt.table)) {
        return InvalidArgument(
            "DestinationDatabaseName and DestinationTableName are required and must match "
            "[a-zA-Z0-9._]{1,255}.");
      }
      if (t.contains("UniqueKeys") && t["UniqueKeys"].is_array()) {
        for (const Json& k : t["UniqueKeys"])
          dt.unique_keys.push_back(k.is_string() ? k.get<std::string>() : "");
      }
      c->tables.push_back(std::move(dt));
    }
  }
  if (d.contains("ProcessingConfiguration")) {
    const Json& pc = d["ProcessingConfiguration"];
    bool enabled = !pc.contains("Enabled") || pc["Enabled"] == true;
    if (enabled && pc.contains("Processors") && pc["Processors"].is_array()) {
      for (const Json& p : pc["Processors"]) {
        std::string type = Str(p, "Type");
        if (type == "Lambda") {
          return InvalidArgument(
              "Lambda processors are not supported by floe; route records with a "
              "MetadataExtraction processor (JQ-1.6 query) instead.");
        }
        if (type != "MetadataExtraction" || !p.contains("Parameters")) continue;
        for (const Json& param : p["Parameters"]) {
          if (Str(param, "ParameterName") == "MetadataExtractionQuery")
            c->routing_query = Str(param, "ParameterValue");
        }
      }
    }
  }
  if (c->tables.empty() && c->routing_query.empty()) {
    return InvalidArgument(
        where +
        " needs a DestinationTableConfigurationList entry or a MetadataExtraction "
        "processor that routes records to tables.");
  }
  c->destination = d;
  return Status::OK();
}

}  // namespace

Status ValidateStreamName(const std::string& name) {
  bool ok = !name.empty() && name.size() <= 64;
  for (char ch : name) {
    if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '.' || ch == '-'))
      ok = false;
  }
  if (ok) return Status::OK();
  return InvalidArgument(
      "1 validation error detected: Value '" + name +
      "' at 'deliveryStreamName' failed to satisfy constraint: Member must satisfy regular "
      "expression pattern: [a-zA-Z0-9_.-]+ and have length between 1 and 64");
}

Result<StreamConfig> ParseCreateRequest(const Json& body, const std::string& region,
                                        const std::string& account_id, double now_seconds) {
  if (!body.is_object()) return InvalidArgument("The request body must be a JSON object.");
  StreamConfig c;
  c.name = Str(body, "DeliveryStreamName");
  FLOE_RETURN_IF_ERROR(ValidateStreamName(c.name));
  c.arn = "arn:aws:firehose:" + region + ":" + account_id + ":deliverystream/" + c.name;
  c.create_timestamp = now_seconds;
  if (body.contains("DeliveryStreamType")) {
    c.type = Str(body, "DeliveryStreamType");
    if (c.type != "DirectPut") {
      return InvalidArgument("DeliveryStreamType " + c.type +
                             " is not supported by floe; use DirectPut.");
    }
  }
  static const char* kOther[] = {"S3DestinationConfiguration",
                                 "ExtendedS3DestinationConfiguration",
                                 "RedshiftDestinationConfiguration",
                                 "ElasticsearchDestinationConfiguration",
                                 "AmazonopensearchserviceDestinationConfiguration",
                                 "SplunkDestinationConfiguration",
                                 "HttpEndpointDestinationConfiguration",
                                 "AmazonOpenSearchServerlessDestinationConfiguration",
                                 "SnowflakeDestinationConfiguration"};
  for (const char* key : kOther) {
    if (body.contains(key)) {
      return InvalidArgument(std::string(key) +
                             " is not supported by floe; use IcebergDestinationConfiguration.");
    }
  }
  if (!body.contains("IcebergDestinationConfiguration")) {
    return InvalidArgument(
        "IcebergDestinationConfiguration is required: floe delivers to Iceberg tables.");
  }
  FLOE_RETURN_IF_ERROR(ParseDestination(body["IcebergDestinationConfiguration"], &c));
  if (body.contains("DeliveryStreamEncryptionConfigurationInput")) {
    c.encryption = body["DeliveryStreamEncryptionConfigurationInput"];
    std::string kt = Str(c.encryption, "KeyType");
    if (kt != "AWS_OWNED_CMK" && kt != "CUSTOMER_MANAGED_CMK") {
      return InvalidArgument(
          "DeliveryStreamEncryptionConfigurationInput.KeyType must be AWS_OWNED_CMK or "
          "CUSTOMER_MANAGED_CMK.");
    }
    c.encrypted = true;
  }
  if (body.contains("Tags")) {
    const Json& tags = body["Tags"];
    if (!tags.is_array() || tags.size() > 50)
      return InvalidArgument("Tags must be a list of at most 50 tags.");
    for (const Json& t : tags) c.tags.emplace_back(Str(t, "Key"), Str(t, "Value"));
  }
  return c;
}

Json StreamToJson(const StreamConfig& c) {
  Json j;
  j["DeliveryStreamName"] = c.name;
  j["DeliveryStreamType"] = c.type;
  j["IcebergDestinationConfiguration"] = c.destination;
  if (!c.encryption.is_null()) j["DeliveryStreamEncryptionConfigurationInput"] = c.encryption;
  Json tags = Json::array();
  for (const auto& [k, v] : c.tags) tags.push_back({{"Key", k}, {"Value", v}});
  j["Tags"] = tags;
  j["floe.version"] = c.version;
  j["floe.createTimestamp"] = c.create_timestamp;
  return j;
}

Result<StreamConfig> StreamFromJson(const Json& stored, const std::string& region,
                                    const std::string& account_id) {
  double created = stored.value("floe.createTimestamp", 0.0);
  Json request = stored;
  request.erase("floe.version");
  request.erase("floe.createTimestamp");
  FLOE_ASSIGN_OR_RETURN(StreamConfig c, ParseCreateRequest(request, region, account_id, created));
  c.version = stored.value("floe.version", int64_t{1});
  return c;
}

Json DescribeStream(const StreamConfig& c, const std::string& status) {
  Json d = c.destination;
  // S3DestinationDescription requires these; fill Firehose's defaults.
  Json s3 = d.contains("S3Configuration") ? d["S3Configuration"] : Json::object();
  if (!s3.contains("BufferingHints"))
    s3["BufferingHints"] = {{"SizeInMBs", 5}, {"IntervalInSeconds", 300}};
  if (!s3.contains("CompressionFormat")) s3["CompressionFormat"] = "UNCOMPRESSED";
  if (!s3.contains("EncryptionConfiguration"))
    s3["EncryptionConfiguration"] = {{"NoEncryptionConfig", "NoEncryption"}};
  d.erase("S3Configuration");
  d["S3DestinationDescription"] = s3;
  d["BufferingHints"] = {{"SizeInMBs", c.buffer_bytes >> 20},
                         {"IntervalInSeconds", c.interval_seconds}};
  d["RetryOptions"] = {{"DurationInSeconds", c.retry_seconds}};
  if (!d.contains("S3BackupMode")) d["S3BackupMode"] = "FailedDataOnly";
  Json desc;
  desc["DeliveryStreamName"] = c.name;
  desc["DeliveryStreamARN"] = c.arn;
  desc["DeliveryStreamStatus"] = status;
  desc["DeliveryStreamType"] = c.type;
  desc["VersionId"] = std::to_string(c.version);
  desc["CreateTimestamp"] = c.create_timestamp;
  desc["LastUpdateTimestamp"] = c.create_timestamp;
  Json enc = {{"Status", c.encrypted ? "ENABLED" : "DISABLED"}};
  if (c.encrypted) {
    enc["KeyType"] = c.encryption.value("KeyType", "AWS_OWNED_CMK");
    if (c.encryption.contains("KeyARN")) enc["KeyARN"] = c.encryption["KeyARN"];
  }
  desc["DeliveryStreamEncryptionConfiguration"] = enc;
  desc["Source"] = {{"DirectPutSourceDescription", {{"ThroughputHintInMBs", 5}}}};
  desc["Destinations"] = Json::array(
      {{{"DestinationId", "destinationId-000000000001"}, {"IcebergDestinationDescription", d}}});
  desc["HasMoreDestinations"] = false;
  return desc;
}

}  // namespace floe::ingest
