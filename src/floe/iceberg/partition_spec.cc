#include "floe/iceberg/partition_spec.h"

#include <algorithm>
#include <set>
#include <utility>

namespace floe::iceberg {
Result<PartitionSpec> PartitionSpec::Make(const Schema& schema, int32_t spec_id,
                                          std::vector<PartitionField> fields) {
  PartitionSpec spec(spec_id, std::move(fields));
  FLOE_RETURN_IF_ERROR(spec.Validate(schema));
  return spec;
}

bool PartitionSpec::IsUnpartitioned() const {
  return std::all_of(fields_.begin(), fields_.end(), [](const PartitionField& f) {
    return f.transform.kind() == Transform::Kind::kVoid;
  });
}

int32_t PartitionSpec::LastAssignedFieldId() const {
  int32_t last = kUnpartitionedLastAssignedId;
  for (const auto& f : fields_) last = std::max(last, f.field_id);
  return last;
}

Status PartitionSpec::Validate(const Schema& schema) const {
  std::set<int32_t> ids;
  std::set<std::string> names;
  std::set<std::pair<int32_t, std::string>> sourced;
  for (const auto& f : fields_) {
    std::string what = "partition field \"" + f.name + "\"";
    if (f.name.empty()) {
      return InvalidArgument("partition field " + std::to_string(f.field_id) + " has no name");
    }
    if (!ids.insert(f.field_id).second) {
      return InvalidArgument("duplicate partition field id " + std::to_string(f.field_id));
    }
    if (!names.insert(f.name).second) {
      return InvalidArgument("duplicate partition field name \"" + f.name + "\"");
    }
    if (const NestedField* same = schema.FindFieldByName(f.name)) {
      bool identity_of_it =
          f.transform.kind() == Transform::Kind::kIdentity && same->id == f.source_id;
      if (!identity_of_it && f.transform.kind() != Transform::Kind::kVoid) {
        return InvalidArgument(what + " has the name of a schema column but is not its identity");
      }
    }
    // Void fields stand for dropped partitions; their source may be gone.
    if (f.transform.kind() == Transform::Kind::kVoid) continue;
    const NestedField* source = schema.FindField(f.source_id);
    if (source == nullptr) {
      return InvalidArgument(what + ": source column " + std::to_string(f.source_id) +
                             " is not in the schema");
    }
    if (!source->type.is_primitive()) {
      return InvalidArgument(what + ": cannot partition by non-primitive column " +
                             std::to_string(f.source_id));
    }
    if (schema.IsInsideListOrMap(f.source_id)) {
      return InvalidArgument(what + ": source column " + std::to_string(f.source_id) +
                             " is inside a list or map");
    }
    if (f.transform.kind() == Transform::Kind::kUnknown) {
      return InvalidArgument(what + ": unknown transform \"" + f.transform.ToString() + "\"");
    }
    if (!f.transform.CanTransform(source->type)) {
      return InvalidArgument(what + ": transform " + f.transform.ToString() +
                             " cannot be applied to " + source->type.ToString());
    }
    if (!sourced.emplace(f.source_id, f.transform.ToString()).second) {
      return InvalidArgument(what + " repeats transform " + f.transform.ToString() + " of column " +
                             std::to_string(f.source_id));
    }
  }
  return Status::OK();
}

Result<Type> PartitionSpec::PartitionType(const Schema& schema) const {
  std::vector<NestedField> out;
  for (const auto& f : fields_) {
    const NestedField* source = schema.FindField(f.source_id);
    Type result;
    if (source != nullptr) {
      auto r = f.transform.ResultType(source->type);
      if (!r.ok()) return r.status().WithContext("partition field \"" + f.name + "\"");
      result = *r;
    } else if (f.transform.kind() != Transform::Kind::kVoid) {
      return InvalidArgument("partition field \"" + f.name + "\": source column " +
                             std::to_string(f.source_id) + " is not in the schema");
    }
    // A void field whose source was dropped keeps a placeholder type; its
    // values are always null.
    out.push_back(NestedField{f.field_id, f.name, false, std::move(result), ""});
  }
  return Type::Struct(std::move(out));
}

int32_t LastPartitionId(const std::vector<PartitionSpec>& specs) {
  int32_t last = kUnpartitionedLastAssignedId;
  for (const auto& s : specs) last = std::max(last, s.LastAssignedFieldId());
  return last;
}

std::string DefaultPartitionName(std::string_view source_name, const Transform& transform) {
  std::string name(source_name);
  switch (transform.kind()) {
    case Transform::Kind::kIdentity:
      return name;
    case Transform::Kind::kBucket:
      return name + "_bucket";
    case Transform::Kind::kTruncate:
      return name + "_trunc";
    case Transform::Kind::kYear:
      return name + "_year";
    case Transform::Kind::kMonth:
      return name + "_month";
    case Transform::Kind::kDay:
      return name + "_day";
    case Transform::Kind::kHour:
      return name + "_hour";
    case Transform::Kind::kVoid:
      return name + "_null";
    case Transform::Kind::kUnknown:
      break;
  }
  return name + "_" + transform.ToString();
}

PartitionSpecBuilder::PartitionSpecBuilder(Schema schema, int32_t spec_id,
                                           int32_t last_assigned_field_id)
    : schema_(std::move(schema)), spec_id_(spec_id), last_id_(last_assigned_field_id) {}

PartitionSpecBuilder& PartitionSpecBuilder::Add(std::string_view source_name, Transform transform,
                                                std::string name) {
  if (!error_.ok()) return *this;
  const NestedField* source = schema_.FindFieldByName(source_name);
  if (source == nullptr) {
    error_ =
        InvalidArgument("cannot partition by unknown column \"" + std::string(source_name) + "\"");
    return *this;
  }
  if (name.empty()) name = DefaultPartitionName(source_name, transform);
  fields_.push_back(PartitionField{source->id, ++last_id_, std::move(name), transform});
  return *this;
}

PartitionSpecBuilder& PartitionSpecBuilder::Identity(std::string_view s, std::string name) {
  return Add(s, Transform::Identity(), std::move(name));
}
PartitionSpecBuilder& PartitionSpecBuilder::Bucket(std::string_view s, int32_t n,
                                                   std::string name) {
  if (n <= 0 && error_.ok()) error_ = InvalidArgument("bucket count must be positive");
  return Add(s, Transform::Bucket(n), std::move(name));
}
PartitionSpecBuilder& PartitionSpecBuilder::Truncate(std::string_view s, int32_t w,
                                                     std::string name) {
  if (w <= 0 && error_.ok()) error_ = InvalidArgument("truncate width must be positive");
  return Add(s, Transform::Truncate(w), std::move(name));
}
PartitionSpecBuilder& PartitionSpecBuilder::Year(std::string_view s, std::string name) {
  return Add(s, Transform::Year(), std::move(name));
}
PartitionSpecBuilder& PartitionSpecBuilder::Month(std::string_view s, std::string name) {
  return Add(s, Transform::Month(), std::move(name));
}
PartitionSpecBuilder& PartitionSpecBuilder::Day(std::string_view s, std::string name) {
  return Add(s, Transform::Day(), std::move(name));
}
PartitionSpecBuilder& PartitionSpecBuilder::Hour(std::string_view s, std::string name) {
  return Add(s, Transform::Hour(), std::move(name));
}
PartitionSpecBuilder& PartitionSpecBuilder::Void(std::string_view s, std::string name) {
  return Add(s, Transform::Void(), std::move(name));
}

Result<PartitionSpec> PartitionSpecBuilder::Build() const {
  if (!error_.ok()) return error_;
  return PartitionSpec::Make(schema_, spec_id_, fields_);
}

}  // namespace floe::iceberg
