// Conversions between AvroValue and JSON: field defaults in Avro's JSON default
// encoding (spec "Complex Types / Records": bytes and fixed as strings whose
// code points 0–255 are the bytes, unions by their first — or, as Avro 1.12
// allows, any — branch), and a readable JSON view of a datum for tools and tests.
#pragma once

#include "floe/format/avro/schema.h"
#include "floe/format/avro/value.h"

namespace floe::avro {

// The value of a default `json` for node `node` of `schema`. A record default
// may omit fields that have defaults of their own. Floats also accept the
// strings "NaN", "Infinity" and "-Infinity" (as Java writes them). Errors are
// InvalidArgument.
Result<AvroValue> ValueFromDefaultJson(const AvroSchema& schema, int node, const Json& json);

// A readable view of `value` shaped by node `node` (NOT Avro's JSON encoding):
// records are objects by field name, unions are their branch value, enums their
// symbol, maps objects, bytes and fixed strings of code points 0–255 (one per
// byte, as Avro JSON does), non-finite floats the strings "NaN", "Infinity",
// "-Infinity". InvalidArgument when `value` does not fit the schema.
Result<Json> ValueToJson(const AvroSchema& schema, int node, const AvroValue& value);

}  // namespace floe::avro
