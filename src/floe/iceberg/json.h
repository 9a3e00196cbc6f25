// JSON forms of the Iceberg model (spec Appendix C) as nlohmann JSON values, for
// embedding in table metadata, manifests and REST messages. Output keeps the
// spec's key order (ordered_json). Readers reject wrong JSON types and report
// which member was wrong; unknown members are ignored.
#pragma once

#include <nlohmann/json.hpp>

#include "floe/base/status.h"
#include "floe/iceberg/partition_spec.h"
#include "floe/iceberg/schema.h"
#include "floe/iceberg/sort_order.h"

namespace floe::iceberg {

using Json = nlohmann::ordered_json;

// A type: a primitive as a string ("decimal(9,2)"), nested types as objects.
Result<Type> TypeFromJson(const Json& json);
Json TypeToJson(const Type& type);

// {"type":"struct","schema-id":..,"identifier-field-ids":[..],"fields":[..]};
// a missing schema-id reads as 0. Field defaults (v3) are ignored.
Result<Schema> SchemaFromJsonValue(const Json& json);
Json SchemaToJsonValue(const Schema& schema);

// {"spec-id":..,"fields":[{"name","transform","source-id","field-id"}]}. Also
// accepts the bare field list of v1 (`partition-spec`, manifest metadata); v1
// fields without "field-id" get 1000, 1001, ... in order.
Result<PartitionSpec> PartitionSpecFromJsonValue(const Json& json);
Json PartitionSpecToJsonValue(const PartitionSpec& spec);
// Only the "fields" list, as the manifest's `partition-spec` metadata holds it.
Json PartitionFieldsToJsonValue(const PartitionSpec& spec);

// {"order-id":..,"fields":[{"transform","source-id","direction","null-order"}]}.
Result<SortOrder> SortOrderFromJsonValue(const Json& json);
Json SortOrderToJsonValue(const SortOrder& order);

}  // namespace floe::iceberg
