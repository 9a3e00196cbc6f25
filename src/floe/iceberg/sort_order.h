// Sort orders (spec "Sorting"): the order writers should sort data files in.
// Order id 0 is reserved for the unsorted order, which has no fields.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "floe/base/status.h"
#include "floe/iceberg/schema.h"
#include "floe/iceberg/transforms.h"

namespace floe::iceberg {

inline constexpr int32_t kUnsortedOrderId = 0;
inline constexpr int32_t kInitialSortOrderId = 1;

enum class SortDirection { kAsc, kDesc };
enum class NullOrder { kNullsFirst, kNullsLast };

// "asc"/"desc" and "nulls-first"/"nulls-last".
std::string_view SortDirectionToString(SortDirection d);
std::optional<SortDirection> ParseSortDirection(std::string_view text);
std::string_view NullOrderToString(NullOrder n);
std::optional<NullOrder> ParseNullOrder(std::string_view text);

struct SortField {
  Transform transform;
  int32_t source_id = 0;
  SortDirection direction = SortDirection::kAsc;
  // Java's default: nulls first when ascending, last when descending.
  NullOrder null_order = NullOrder::kNullsFirst;

  bool operator==(const SortField&) const = default;
};

class SortOrder {
 public:
  // The unsorted order: id 0, no fields.
  SortOrder() = default;
  // Unchecked, as read from metadata; see Validate() and Make().
  SortOrder(int32_t order_id, std::vector<SortField> fields)
      : order_id_(order_id), fields_(std::move(fields)) {}
  static Result<SortOrder> Make(const Schema& schema, int32_t order_id,
                                std::vector<SortField> fields);
  static SortOrder Unsorted() { return SortOrder(); }

  int32_t order_id() const { return order_id_; }
  const std::vector<SortField>& fields() const { return fields_; }
  bool IsUnsorted() const { return fields_.empty(); }

  // Order id 0 exactly when there are no fields; each source is a primitive
  // column of `schema`, not inside a list or map, and its transform accepts it.
  Status Validate(const Schema& schema) const;
  // Same fields; the order id is ignored.
  bool SameOrder(const SortOrder& other) const { return fields_ == other.fields_; }
  bool operator==(const SortOrder&) const = default;

 private:
  int32_t order_id_ = kUnsortedOrderId;
  std::vector<SortField> fields_;
};

}  // namespace floe::iceberg
