#include "floe/iceberg/table_update.h"

#include <algorithm>

namespace floe::iceberg {
namespace {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

Status Failed(const std::string& what) { return Aborted("commit requirement failed: " + what); }

std::optional<int64_t> RefSnapshot(const TableMetadata& md, const std::string& ref) {
  auto it = md.refs.find(ref);
  if (it != md.refs.end()) return it->second.snapshot_id;
  if (ref == kMainBranch) return md.current_snapshot_id;
  return std::nullopt;
}

// Applies one update, tracking the ids added so far for the "-1" shorthand.
class Applier {
 public:
  Applier(TableMetadata md, int64_t now_ms) : md_(std::move(md)), now_ms_(now_ms) {}

  Status operator()(const AssignUuid& u) {
    if (!md_.table_uuid.empty() && md_.table_uuid != u.uuid) {
      return InvalidArgument("cannot change the table uuid from " + md_.table_uuid + " to " + u.uuid);
    }
    md_.table_uuid = u.uuid;
    return Status::OK();
  }
  Status operator()(const UpgradeFormatVersion& u) {
    if (u.format_version > kFormatVersion) {
      return InvalidArgument("format-version " + std::to_string(u.format_version) + " is not supported");
    }
    if (u.format_version < md_.format_version) return InvalidArgument("cannot downgrade the format version");
    md_.format_version = u.format_version;
    return Status::OK();
  }
  Status operator()(const AddSchema& u) {
    for (const auto& s : md_.schemas) {
      if (s.SameSchema(u.schema)) {
        last_schema_ = s.schema_id();
        return Status::OK();
      }
    }
    int32_t id = 0;
    for (const auto& s : md_.schemas) id = std::max(id, s.schema_id() + 1);
    FLOE_ASSIGN_OR_RETURN(Schema schema, Schema::Make(id, u.schema.fields(), u.schema.identifier_field_ids()));
    md_.last_column_id = std::max({md_.last_column_id, u.last_column_id.value_or(0), schema.HighestFieldId()});
    md_.schemas.push_back(std::move(schema));
    last_schema_ = id;
    return Status::OK();
  }
  Status operator()(const SetCurrentSchema& u) {
    int32_t id = u.schema_id == -1 ? last_schema_.value_or(-1) : u.schema_id;
    if (!md_.SchemaById(id)) return InvalidArgument("set-current-schema: no schema " + std::to_string(u.schema_id));
    md_.current_schema_id = id;
    return Status::OK();
  }
  Status operator()(const AddPartitionSpec& u) {
    for (const auto& s : md_.partition_specs) {
      if (s.SameFields(u.spec)) {
        last_spec_ = s.spec_id();
        return Status::OK();
      }
    }
    if (!md_.CurrentSchema()) return InvalidArgument("add-spec needs a current schema first");
    FLOE_RETURN_IF_ERROR(u.spec.Validate(*md_.CurrentSchema()));
    int32_t id = 0;
    for (const auto& s : md_.partition_specs) id = std::max(id, s.spec_id() + 1);
    md_.partition_specs.emplace_back(id, u.spec.fields());
    md_.last_partition_id = std::max(md_.last_partition_id, u.spec.LastAssignedFieldId());
    last_spec_ = id;
    return Status::OK();
  }
  Status operator()(const SetDefaultSpec& u) {
    int32_t id = u.spec_id == -1 ? last_spec_.value_or(-1) : u.spec_id;
    if (!md_.SpecById(id)) return InvalidArgument("set-default-spec: no partition spec " + std::to_string(u.spec_id));
    md_.default_spec_id = id;
    return Status::OK();
  }
  Status operator()(const AddSortOrder& u) {
    for (const auto& o : md_.sort_orders) {
      if (o.fields() == u.sort_order.fields()) {
        last_order_ = o.order_id();
        return Status::OK();
      }
    }
    if (u.sort_order.IsUnsorted()) {
      md_.sort_orders.push_back(SortOrder::Unsorted());
      last_order_ = kUnsortedOrderId;
      return Status::OK();
    }
    if (!md_.CurrentSchema()) return InvalidArgument("add-sort-order needs a current schema first");
    FLOE_RETURN_IF_ERROR(u.sort_order.Validate(*md_.CurrentSchema()));
    int32_t id = 1;
    for (const auto& o : md_.sort_orders) id = std::max(id, o.order_id() + 1);
    FLOE_ASSIGN_OR_RETURN(SortOrder order, SortOrder::Make(*md_.CurrentSchema(), id, u.sort_order.fields()));
    md_.sort_orders.push_back(std::move(order));
    last_order_ = id;
    return Status::OK();
  }
  Status operator()(const SetDefaultSortOrder& u) {
    int32_t id = u.sort_order_id == -1 ? last_order_.value_or(-1) : u.sort_order_id;
    if (!md_.SortOrderById(id)) {
      return InvalidArgument("set-default-sort-order: no sort order " + std::to_string(u.sort_order_id));
    }
    md_.default_sort_order_id = id;
    return Status::OK();
  }
  Status operator()(const AddSnapshot& u) {
    const Snapshot& s = u.snapshot;
    if (md_.SnapshotById(s.snapshot_id)) {
      return InvalidArgument("snapshot " + std::to_string(s.snapshot_id) + " already exists");
    }
    if (md_.format_version >= 2 && s.sequence_number <= md_.last_sequence_number) {
      return InvalidArgument("snapshot " + std::to_string(s.snapshot_id) + " has sequence number " +
                             std::to_string(s.sequence_number) + ", not above the table's " +
                             std::to_string(md_.last_sequence_number));
    }
    md_.snapshots.push_back(s);
    md_.last_sequence_number = std::max(md_.last_sequence_number, s.sequence_number);
    added_snapshots_.push_back(s.snapshot_id);
    return Status::OK();
  }
  Status operator()(const SetSnapshotRef& u) {
    const Snapshot* snap = md_.SnapshotById(u.ref.snapshot_id);
    if (!snap) {
      return InvalidArgument("ref " + u.ref_name + " points at unknown snapshot " + std::to_string(u.ref.snapshot_id));
    }
    auto existing = md_.refs.find(u.ref_name);
    if (existing != md_.refs.end() && existing->second.type != u.ref.type) {
      return InvalidArgument("ref " + u.ref_name + " cannot change between branch and tag");
    }
    md_.refs[u.ref_name] = u.ref;
    if (u.ref_name == kMainBranch && md_.current_snapshot_id != u.ref.snapshot_id) {
      md_.current_snapshot_id = u.ref.snapshot_id;
      bool added_here = std::count(added_snapshots_.begin(), added_snapshots_.end(), u.ref.snapshot_id) > 0;
      md_.snapshot_log.push_back({added_here ? snap->timestamp_ms : now_ms_, u.ref.snapshot_id});
    }
    return Status::OK();
  }
  Status operator()(const RemoveSnapshots& u) {
    auto removed = [&](int64_t id) { return std::count(u.snapshot_ids.begin(), u.snapshot_ids.end(), id) > 0; };
    std::erase_if(md_.snapshots, [&](const Snapshot& s) { return removed(s.snapshot_id); });
    std::erase_if(md_.snapshot_log, [&](const SnapshotLogEntry& e) { return removed(e.snapshot_id); });
    for (auto it = md_.refs.begin(); it != md_.refs.end();) {
      it = removed(it->second.snapshot_id) ? md_.refs.erase(it) : std::next(it);
    }
    if (md_.current_snapshot_id && removed(*md_.current_snapshot_id)) md_.current_snapshot_id.reset();
    return Status::OK();
  }
  Status operator()(const RemoveSnapshotRef& u) {
    md_.refs.erase(u.ref_name);
    if (u.ref_name == kMainBranch) md_.current_snapshot_id.reset();
    return Status::OK();
  }
  Status operator()(const SetLocation& u) {
    std::string loc = u.location;
    while (!loc.empty() && loc.back() == '/') loc.pop_back();
    if (loc.empty()) return InvalidArgument("set-location needs a location");
    md_.location = std::move(loc);
    return Status::OK();
  }
  Status operator()(const SetProperties& u) {
    for (const auto& [k, v] : u.updates) {
      auto it = std::find_if(md_.properties.begin(), md_.properties.end(), [&](const auto& p) { return p.first == k; });
      if (it != md_.properties.end()) {
        it->second = v;
      } else {
        md_.properties.emplace_back(k, v);
      }
    }
    return Status::OK();
  }
  Status operator()(const RemoveProperties& u) {
    std::erase_if(md_.properties, [&](const auto& p) {
      return std::count(u.removals.begin(), u.removals.end(), p.first) > 0;
    });
    return Status::OK();
  }

  TableMetadata Take() && { return std::move(md_); }

 private:
  TableMetadata md_;
  int64_t now_ms_;
  std::optional<int32_t> last_schema_, last_spec_, last_order_;
  std::vector<int64_t> added_snapshots_;
};

}  // namespace

Status CheckRequirements(const TableMetadata* base, const std::vector<TableRequirement>& requirements) {
  for (const auto& req : requirements) {
    if (std::holds_alternative<AssertCreate>(req)) {
      if (base) return Failed("the table already exists");
      continue;
    }
    if (!base) return Failed("the table does not exist");
    const TableMetadata& md = *base;
    Status st = std::visit(
        Overloaded{
            [](const AssertCreate&) { return Status::OK(); },
            [&](const AssertTableUuid& r) {
              return md.table_uuid == r.uuid ? Status::OK()
                                             : Failed("table uuid is " + md.table_uuid + ", expected " + r.uuid);
            },
            [&](const AssertRefSnapshotId& r) {
              std::optional<int64_t> now = RefSnapshot(md, r.ref);
              if (now == r.snapshot_id) return Status::OK();
              auto show = [](std::optional<int64_t> v) { return v ? std::to_string(*v) : std::string("none"); };
              return Failed("branch " + r.ref + " is at snapshot " + show(now) + ", expected " + show(r.snapshot_id));
            },
            [&](const AssertLastAssignedFieldId& r) {
              return md.last_column_id == r.last_assigned_field_id
                         ? Status::OK()
                         : Failed("last assigned field id is " + std::to_string(md.last_column_id) + ", expected " +
                                  std::to_string(r.last_assigned_field_id));
            },
            [&](const AssertCurrentSchemaId& r) {
              return md.current_schema_id == r.current_schema_id
                         ? Status::OK()
                         : Failed("current schema id is " + std::to_string(md.current_schema_id) + ", expected " +
                                  std::to_string(r.current_schema_id));
            },
            [&](const AssertLastAssignedPartitionId& r) {
              return md.last_partition_id == r.last_assigned_partition_id
                         ? Status::OK()
                         : Failed("last assigned partition id is " + std::to_string(md.last_partition_id) +
                                  ", expected " + std::to_string(r.last_assigned_partition_id));
            },
            [&](const AssertDefaultSpecId& r) {
              return md.default_spec_id == r.default_spec_id
                         ? Status::OK()
                         : Failed("default spec id is " + std::to_string(md.default_spec_id) + ", expected " +
                                  std::to_string(r.default_spec_id));
            },
            [&](const AssertDefaultSortOrderId& r) {
              return md.default_sort_order_id == r.default_sort_order_id
                         ? Status::OK()
                         : Failed("default sort order id is " + std::to_string(md.default_sort_order_id) +
                                  ", expected " + std::to_string(r.default_sort_order_id));
            },
        },
        req);
    FLOE_RETURN_IF_ERROR(st);
  }
  return Status::OK();
}

Result<TableMetadata> ApplyUpdates(const TableMetadata& base, const std::vector<TableUpdate>& updates,
                                   int64_t now_ms) {
  Applier applier(base, now_ms);
  for (const auto& u : updates) FLOE_RETURN_IF_ERROR(std::visit(applier, u));
  TableMetadata md = std::move(applier).Take();
  md.last_updated_ms = std::max(now_ms, base.last_updated_ms);
  FLOE_RETURN_IF_ERROR(md.Validate());
  return md;
}

}  // namespace floe::iceberg
