#include "floe/query/format.h"

#include <cmath>

namespace floe::query {

Result<OutputFormat> ParseOutputFormat(const std::string& name) {
  if (name == "table") return OutputFormat::kTable;
  if (name == "csv") return OutputFormat::kCsv;
  if (name == "json") return OutputFormat::kJson;
  if (name == "ndjson") return OutputFormat::kNdjson;
  return InvalidArgument("unknown output format '" + name + "' (use table, csv, json or ndjson)");
}

Json ValueToJson(const Value& v) {
  if (v.is_null) return nullptr;
  switch (v.type) {
    case DataType::kBoolean:
      return v.i != 0;
    case DataType::kInteger:
    case DataType::kBigint:
      return v.i;
    case DataType::kDouble:
      return std::isfinite(v.d) ? Json(v.d) : Json(nullptr);
    default:
      return FormatValue(v);
  }
}

namespace {

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  return out + "\"";
}

// Display width in code points (good enough for aligned columns).
size_t Width(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

std::string FormatResult(const QueryResult& r, OutputFormat format) {
  std::string out;
  size_t ncol = r.names.size();
  if (format == OutputFormat::kCsv) {
    for (size_t k = 0; k < ncol; ++k) out += (k ? "," : "") + CsvField(r.names[k]);
    out += "\n";
    for (const auto& c : r.chunks) {
      for (int64_t row = 0; row < c.rows; ++row) {
        for (size_t k = 0; k < ncol; ++k) {
          Value v = c.columns[k].Get(row);
          out += (k ? "," : "") + (v.is_null ? std::string() : CsvField(FormatValue(v)));
        }
        out += "\n";
      }
    }
    return out;
  }
  if (format == OutputFormat::kJson || format == OutputFormat::kNdjson) {
    Json all = Json::array();
    for (const auto& c : r.chunks) {
      for (int64_t row = 0; row < c.rows; ++row) {
        Json obj = Json::object();
        for (size_t k = 0; k < ncol; ++k) obj[r.names[k]] = ValueToJson(c.columns[k].Get(row));
        if (format == OutputFormat::kNdjson) {
          out += obj.dump() + "\n";
        } else {
          all.push_back(std::move(obj));
        }
      }
    }
    if (format == OutputFormat::kJson) out = all.dump(1) + "\n";
    return out;
  }
  // Aligned table: header, a rule, then rows; numbers right-aligned.
  std::vector<std::vector<std::string>> cells;
  std::vector<size_t> width(ncol);
  for (size_t k = 0; k < ncol; ++k) width[k] = Width(r.names[k]);
  for (const auto& c : r.chunks) {
    for (int64_t row = 0; row < c.rows; ++row) {
      std::vector<std::string> line;
      for (size_t k = 0; k < ncol; ++k) {
        line.push_back(FormatValue(c.columns[k].Get(row)));
        width[k] = std::max(width[k], Width(line.back()));
      }
      cells.push_back(std::move(line));
    }
  }
  auto pad = [&](const std::string& s, size_t k, bool right) {
    std::string fill(width[k] - Width(s), ' ');
    return right ? fill + s : s + fill;
  };
  for (size_t k = 0; k < ncol; ++k) out += (k ? " | " : "") + pad(r.names[k], k, false);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  out += "\n";
  for (size_t k = 0; k < ncol; ++k) out += (k ? "-+-" : "") + std::string(width[k], '-');
  out += "\n";
  for (const auto& line : cells) {
    for (size_t k = 0; k < ncol; ++k)
      out += (k ? " | " : "") + pad(line[k], k, IsNumeric(r.types[k]));
    while (!out.empty() && out.back() == ' ') out.pop_back();
    out += "\n";
  }
  return out;
}

}  // namespace floe::query
