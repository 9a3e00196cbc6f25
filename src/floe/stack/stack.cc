#include "floe/stack/stack.h"

namespace floe::stack {

const std::string& ReferenceStackText() {
  static const std::string text = R"(# floe's reference pipeline (floe up without --stack).
stack: floe-demo
table_bucket: floe-demo-tables
tables:
  - namespace: firehosetos3demo
    name: firehosetos3demo
    schema:
      - {name: sensor_id, type: string}
      - {name: timestamp, type: long}
      - {name: location, type: string}
      - {name: temperature, type: double}
      - {name: humidity, type: double}
      - {name: pressure, type: double}
streams:
  - name: floe-demo-stream
    tables: [firehosetos3demo.firehosetos3demo]
    buffering: {size_mib: 5, interval_seconds: 300}
    retry_seconds: 300
    error_bucket: floe-demo-errors
    error_prefix: errors/
generators:
  - name: iot-generator
    stream: floe-demo-stream
    schedule: rate(1 minute)
    records: 10000
    rate: 200
    log_retention_days: 1
)";
  return text;
}

iceberg::Json SchemaJson(const Table& t) {
  iceberg::Json fields = iceberg::Json::array();
  int id = 1;
  for (const auto& c : t.columns) {
    fields.push_back({{"id", id++}, {"name", c.name}, {"required", c.required}, {"type", c.type}});
  }
  return {{"type", "struct"}, {"schema-id", 0}, {"fields", fields}};
}

}  // namespace floe::stack
