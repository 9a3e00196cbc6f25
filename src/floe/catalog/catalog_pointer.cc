#include "floe/catalog/catalog_pointer.h"

namespace floe::catalog {
namespace {

class CatalogPointer final : public iceberg::MetadataPointer {
 public:
  CatalogPointer(Catalog* c, std::string bucket, std::string ns, std::string table, std::string warehouse)
      : c_(c), bucket_(std::move(bucket)), ns_(std::move(ns)), table_(std::move(table)), warehouse_(std::move(warehouse)) {}

  Result<std::string> Current() override {
    FLOE_ASSIGN_OR_RETURN(TableEntry e, c_->GetTable(bucket_, ns_, table_));
    return e.metadata_location;
  }

  Status Swap(const std::string& expected, const std::string& next) override {
    if (expected.empty()) {
      auto created = c_->CreateTable(bucket_, ns_, table_, next, warehouse_);
      if (created.status().code() == StatusCode::kAlreadyExists) return Aborted(created.status().message());
      FLOE_RETURN_IF_ERROR(created.status());
    } else {
      FLOE_RETURN_IF_ERROR(
          c_->SwapMetadataLocation(bucket_, ns_, table_, SwapExpectation{expected, std::nullopt}, next).status());
    }
    // The catalog is the commit point; the hint only helps folder-scanning
    // readers, so failing to write it does not fail the committed swap.
    (void)iceberg::WriteVersionHint(next);
    return Status::OK();
  }

 private:
  Catalog* c_;
  std::string bucket_, ns_, table_, warehouse_;
};

}  // namespace

std::unique_ptr<iceberg::MetadataPointer> NewCatalogPointer(Catalog* catalog, std::string bucket, std::string ns,
                                                            std::string table, std::string warehouse_location) {
  return std::make_unique<CatalogPointer>(catalog, std::move(bucket), std::move(ns), std::move(table),
                                          std::move(warehouse_location));
}

}  // namespace floe::catalog
