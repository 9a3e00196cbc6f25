// libFuzzer target: any byte string handed to the Parquet reader must yield a
// clean error or data, never a crash, a leak or an out-of-bounds access.
#include <cstddef>
#include <cstdint>
#include <string>

#include "floe/format/parquet/file_reader.h"
#include "floe/format/parquet/scan.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using floe::parquet::FileReader;
  auto file = floe::storage::NewStringFile("fuzz", std::string(reinterpret_cast<const char*>(data), size));
  auto reader = FileReader::Open(std::shared_ptr<floe::storage::RandomAccessFile>(std::move(file)));
  if (!reader.ok()) return 0;
  const FileReader& r = **reader;
  (void)r.schema().ToString();
  for (int g = 0; g < r.num_row_groups(); ++g) {
    for (size_t c = 0; c < r.schema().columns().size(); ++c) {
      auto column = r.OpenColumn(g, static_cast<int>(c));
      if (!column.ok()) continue;
      floe::parquet::ColumnVector v(r.schema().columns()[c].physical);
      // Stream in bounded batches so a file that claims billions of rows
      // cannot exhaust memory in the harness itself.
      for (int batches = 0; batches < 64; ++batches) {
        v.Clear();
        auto n = (*column)->Next(1 << 16, &v);
        if (!n.ok() || *n == 0) break;
      }
    }
  }
  return 0;
}
