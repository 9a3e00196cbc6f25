#include "floe/iceberg/sort_order.h"

namespace floe::iceberg {

std::string_view SortDirectionToString(SortDirection d) {
  return d == SortDirection::kAsc ? "asc" : "desc";
}

std::optional<SortDirection> ParseSortDirection(std::string_view text) {
  if (text == "asc") return SortDirection::kAsc;
  if (text == "desc") return SortDirection::kDesc;
  return std::nullopt;
}

std::string_view NullOrderToString(NullOrder n) {
  return n == NullOrder::kNullsFirst ? "nulls-first" : "nulls-last";
}

std::optional<NullOrder> ParseNullOrder(std::string_view text) {
  if (text == "nulls-first") return NullOrder::kNullsFirst;
  if (text == "nulls-last") return NullOrder::kNullsLast;
  return std::nullopt;
}

Result<SortOrder> SortOrder::Make(const Schema& schema, int32_t order_id,
                                  std::vector<SortField> fields) {
  SortOrder order(order_id, std::move(fields));
  FLOE_RETURN_IF_ERROR(order.Validate(schema));
  return order;
}

Status SortOrder::Validate(const Schema& schema) const {
  if (fields_.empty() != (order_id_ == kUnsortedOrderId)) {
    return InvalidArgument("sort order " + std::to_string(order_id_) +
                           (fields_.empty() ? " has no fields; only order 0 is unsorted"
                                            : " has fields but id 0 is reserved for unsorted"));
  }
  for (const auto& f : fields_) {
    std::string what = "sort field on column " + std::to_string(f.source_id);
    const NestedField* source = schema.FindField(f.source_id);
    if (source == nullptr) return InvalidArgument(what + ": no such column in the schema");
    if (!source->type.is_primitive()) {
      return InvalidArgument(what + ": cannot sort by a non-primitive column");
    }
    if (schema.IsInsideListOrMap(f.source_id)) {
      return InvalidArgument(what + ": the column is inside a list or map");
    }
    if (f.transform.kind() == Transform::Kind::kUnknown) {
      return InvalidArgument(what + ": unknown transform \"" + f.transform.ToString() + "\"");
    }
    if (!f.transform.CanTransform(source->type)) {
      return InvalidArgument(what + ": transform " + f.transform.ToString() +
                             " cannot be applied to " + source->type.ToString());
    }
  }
  return Status::OK();
}

}  // namespace floe::iceberg
