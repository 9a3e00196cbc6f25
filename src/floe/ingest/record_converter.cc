#include "floe/ingest/record_converter.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <unordered_map>
#include <variant>

#include "floe/base/base64.h"
#include "floe/base/civil_time.h"
#include "floe/base/uuid.h"
#include "floe/iceberg/parquet_schema.h"
#include "floe/ingest/flat_json.h"

namespace floe::ingest {
namespace {

using iceberg::TypeId;
using nlohmann::json;
using parquet::ColumnVector;

struct Null {};
using Cell = std::variant<Null, bool, int32_t, int64_t, float, double, std::string>;

// Collects a record's top-level members with one SAX pass: scalars as JSON
// values, nested values as empty placeholders of their kind, and the original
// text of every floating-point number (decimals must not pass through double).
class TopLevelHandler final : public json::json_sax_t {
 public:
  struct Member {
    json value;
    std::string number_text;  // set for floating-point numbers
  };
  std::unordered_map<std::string, Member> members;
  json::value_t root = json::value_t::discarded;
  std::string error;

  bool null() override { return Put(json(nullptr)); }
  bool boolean(bool v) override { return Put(json(v)); }
  bool number_integer(number_integer_t v) override { return Put(json(v)); }
  bool number_unsigned(number_unsigned_t v) override { return Put(json(v)); }
  bool number_float(number_float_t v, const string_t& text) override {
    if (depth_ == 1) {
      Member& m = members[key_];
      m.value = json(v);
      m.number_text = text;
      return true;
    }
    return Put(json(v));
  }
  bool string(string_t& v) override { return Put(json(std::move(v))); }
  bool binary(binary_t&) override { return Put(json(nullptr)); }
  bool start_object(std::size_t) override { return Open(json::value_t::object); }
  bool end_object() override { return Close(); }
  bool start_array(std::size_t) override { return Open(json::value_t::array); }
  bool end_array() override { return Close(); }
  bool key(string_t& k) override {
    if (depth_ == 1) key_ = k;
    return true;
  }
  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception&) override {
    error = "record is not valid JSON (at byte " + std::to_string(position) + ")";
    return false;
  }

 private:
  bool Put(json v) {
    if (depth_ == 0) root = v.type();
    if (depth_ == 1) members[key_] = Member{std::move(v), {}};
    return true;
  }
  bool Open(json::value_t kind) {
    if (depth_ == 0) root = kind;
    if (depth_ == 1) members[key_] = Member{json(kind), {}};
    ++depth_;
    return true;
  }
  bool Close() {
    --depth_;
    return true;
  }
  int depth_ = 0;
  std::string key_;
};

std::string Describe(const json& v) {
  switch (v.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::boolean:
      return "a boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
      return "an integer";
    case json::value_t::number_float:
      return "a number";
    case json::value_t::string:
      return "a string";
    case json::value_t::array:
      return "an array";
    case json::value_t::object:
      return "an object";
    default:
      return "a value";
  }
}

Status Mismatch(const iceberg::NestedField& f, const json& v, const char* expected) {
  return InvalidArgument("field \"" + f.name + "\" (" + f.type.ToString() + ") expects " +
                         expected + ", got " + Describe(v));
}

Result<double> ToDouble(const iceberg::NestedField& f, const json& v) {
  if (v.is_number()) return v.get<double>();
  if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    if (s == "NaN") return std::numeric_limits<double>::quiet_NaN();
    if (s == "Infinity") return std::numeric_limits<double>::infinity();
    if (s == "-Infinity") return -std::numeric_limits<double>::infinity();
  }
  return Mismatch(f, v, "a number (or \"NaN\", \"Infinity\", \"-Infinity\")");
}

Result<int64_t> ToInt64(const iceberg::NestedField& f, const json& v) {
  if (v.is_number_integer() && !v.is_number_unsigned()) return v.get<int64_t>();
  if (v.is_number_unsigned()) {
    uint64_t u = v.get<uint64_t>();
    if (u > static_cast<uint64_t>(INT64_MAX)) {
      return InvalidArgument("field \"" + f.name + "\": " + std::to_string(u) +
                             " is out of range for long");
    }
    return static_cast<int64_t>(u);
  }
  return Mismatch(f, v, "an integer");
}

std::string DecimalBytes(__int128 unscaled, int32_t width) {
  std::string out(static_cast<size_t>(width), '\0');
  for (int32_t i = width - 1; i >= 0; --i) {
    out[static_cast<size_t>(i)] = static_cast<char>(static_cast<uint8_t>(unscaled & 0xFF));
    unscaled >>= 8;  // arithmetic shift keeps the sign
  }
  return out;
}

Result<Cell> Convert(const iceberg::NestedField& f, const json& v, const std::string& number_text) {
  const iceberg::PrimitiveType& t = f.type.primitive();
  switch (t.id) {
    case TypeId::kBoolean:
      if (!v.is_boolean()) return Mismatch(f, v, "true or false");
      return Cell(v.get<bool>());
    case TypeId::kInt: {
      FLOE_ASSIGN_OR_RETURN(int64_t x, ToInt64(f, v));
      if (x < INT32_MIN || x > INT32_MAX) {
        return InvalidArgument("field \"" + f.name + "\": " + std::to_string(x) +
                               " is out of range for int");
      }
      return Cell(static_cast<int32_t>(x));
    }
    case TypeId::kLong: {
      FLOE_ASSIGN_OR_RETURN(int64_t x, ToInt64(f, v));
      return Cell(x);
    }
    case TypeId::kFloat: {
      FLOE_ASSIGN_OR_RETURN(double x, ToDouble(f, v));
      if (std::isfinite(x) && std::fabs(x) > std::numeric_limits<float>::max()) {
        return InvalidArgument("field \"" + f.name + "\": value is out of range for float");
      }
      return Cell(static_cast<float>(x));
    }
    case TypeId::kDouble: {
      FLOE_ASSIGN_OR_RETURN(double x, ToDouble(f, v));
      return Cell(x);
    }
    case TypeId::kString:
      if (!v.is_string()) return Mismatch(f, v, "a string");
      return Cell(v.get<std::string>());
    case TypeId::kBinary:
    case TypeId::kFixed: {
      if (!v.is_string()) return Mismatch(f, v, "a base64 string");
      auto bytes = Base64Decode(v.get_ref<const std::string&>());
      if (!bytes.ok()) return bytes.status().WithContext("field \"" + f.name + "\"");
      if (t.id == TypeId::kFixed && static_cast<int32_t>(bytes->size()) != t.length) {
        return InvalidArgument("field \"" + f.name + "\" (" + t.ToString() + ") needs exactly " +
                               std::to_string(t.length) + " bytes, got " +
                               std::to_string(bytes->size()));
      }
      return Cell(std::move(*bytes));
    }
    case TypeId::kUuid: {
      if (!v.is_string()) return Mismatch(f, v, "a UUID string");
      auto u = Uuid::Parse(v.get_ref<const std::string&>());
      if (!u.ok()) return u.status().WithContext("field \"" + f.name + "\"");
      return Cell(std::string(reinterpret_cast<const char*>(u->bytes.data()), 16));
    }
    case TypeId::kDate: {
      if (v.is_number_integer()) {
        FLOE_ASSIGN_OR_RETURN(int64_t d, ToInt64(f, v));
        if (d < INT32_MIN || d > INT32_MAX)
          return InvalidArgument("field \"" + f.name + "\": date out of range");
        return Cell(static_cast<int32_t>(d));
      }
      if (!v.is_string()) return Mismatch(f, v, "a date string YYYY-MM-DD");
      auto d = ParseDate(v.get_ref<const std::string&>());
      if (!d.ok()) return d.status().WithContext("field \"" + f.name + "\"");
      return Cell(*d);
    }
    case TypeId::kTime: {
      if (!v.is_string()) return Mismatch(f, v, "a time string HH:MM:SS[.ffffff]");
      auto t2 = ParseTime(v.get_ref<const std::string&>());
      if (!t2.ok()) return t2.status().WithContext("field \"" + f.name + "\"");
      return Cell(*t2);
    }
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz: {
      if (v.is_number_integer()) {
        FLOE_ASSIGN_OR_RETURN(int64_t micros, ToInt64(f, v));
        return Cell(micros);
      }
      if (!v.is_string()) return Mismatch(f, v, "an ISO-8601 timestamp string or microseconds");
      bool had_zone = false;
      auto ts = ParseTimestamp(v.get_ref<const std::string&>(), &had_zone);
      if (!ts.ok()) return ts.status().WithContext("field \"" + f.name + "\"");
      if (t.id == TypeId::kTimestamp && had_zone) {
        return InvalidArgument(
            "field \"" + f.name +
            "\" (timestamp) takes a timestamp without a zone; use timestamptz for zoned values");
      }
      if (t.id == TypeId::kTimestampTz && !had_zone) {
        return InvalidArgument("field \"" + f.name +
                               "\" (timestamptz) needs a zone such as Z or +01:00");
      }
      return Cell(*ts);
    }
    case TypeId::kDecimal: {
      std::string text;
      if (v.is_string()) {
        text = v.get<std::string>();
      } else if (v.is_number_integer()) {
        text = v.dump();
      } else if (v.is_number_float()) {
        text = number_text;
      } else {
        return Mismatch(f, v, "a decimal string or number");
      }
      auto d = ParseDecimal(text, t.precision, t.scale);
      if (!d.ok()) return d.status().WithContext("field \"" + f.name + "\"");
      if (t.precision <= 9) return Cell(static_cast<int32_t>(*d));
      if (t.precision <= 18) return Cell(static_cast<int64_t>(*d));
      return Cell(DecimalBytes(*d, iceberg::DecimalRequiredBytes(t.precision)));
    }
  }
  return Internal("unhandled Iceberg type");
}

void AppendCell(const Cell& c, ColumnVector* col) {
  std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, Null>)
          col->AppendNull();
        else if constexpr (std::is_same_v<T, bool>)
          col->AppendBool(x);
        else if constexpr (std::is_same_v<T, int32_t>)
          col->AppendInt32(x);
        else if constexpr (std::is_same_v<T, int64_t>)
          col->AppendInt64(x);
        else if constexpr (std::is_same_v<T, float>)
          col->AppendFloat(x);
        else if constexpr (std::is_same_v<T, double>)
          col->AppendDouble(x);
        else
          col->AppendBytes(x);
      },
      c);
}

}  // namespace

Result<__int128> ParseDecimal(std::string_view text, int precision, int scale) {
  auto bad = [&](const std::string& why) {
    return InvalidArgument("invalid decimal \"" + std::string(text) + "\" for decimal(" +
                           std::to_string(precision) + "," + std::to_string(scale) + "): " + why);
  };
  size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) negative = text[i++] == '-';
  std::string digits;
  int frac = 0;
  bool seen_point = false, any = false;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c >= '0' && c <= '9') {
      digits.push_back(c);
      any = true;
      if (seen_point) ++frac;
    } else if (c == '.' && !seen_point) {
      seen_point = true;
    } else {
      break;
    }
  }
  if (!any) return bad("not a number");
  int exponent = 0;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    auto r = std::from_chars(text.data() + i, text.data() + text.size(), exponent);
    if (r.ec != std::errc() || r.ptr == text.data() + i) return bad("bad exponent");
    if (text[i] == '+') return bad("bad exponent");
    i = static_cast<size_t>(r.ptr - text.data());
    if (exponent > 100 || exponent < -100) return bad("exponent out of range");
  }
  if (i != text.size()) return bad("unexpected characters");
  frac -= exponent;
  // Drop trailing fractional zeros beyond the scale ("1.50" fits scale 1).
  while (frac > scale && !digits.empty() && digits.back() == '0') {
    digits.pop_back();
    --frac;
  }
  if (frac > scale) return bad("more than " + std::to_string(scale) + " fractional digits");
  for (; frac < scale; ++frac) digits.push_back('0');
  size_t first = digits.find_first_not_of('0');
  std::string_view significant =
      first == std::string::npos ? std::string_view() : std::string_view(digits).substr(first);
  if (static_cast<int>(significant.size()) > precision)
    return bad("more than " + std::to_string(precision) + " digits");
  __int128 value = 0;
  for (char c : significant) value = value * 10 + (c - '0');
  return negative ? -value : value;
}

std::string FormatDecimal(__int128 unscaled, int scale) {
  bool negative = unscaled < 0;
  unsigned __int128 mag = negative ? -static_cast<unsigned __int128>(unscaled)
                                   : static_cast<unsigned __int128>(unscaled);
  std::string digits;
  do {
    digits.push_back(static_cast<char>('0' + static_cast<int>(mag % 10)));
    mag /= 10;
  } while (mag != 0);
  while (static_cast<int>(digits.size()) <= scale) digits.push_back('0');
  std::string out = negative ? "-" : "";
  for (size_t k = digits.size(); k-- > 0;) {
    out.push_back(digits[k]);
    if (scale > 0 && k == static_cast<size_t>(scale)) out.push_back('.');
  }
  return out;
}

Result<RecordConverter> RecordConverter::Make(iceberg::Schema schema) {
  for (const auto& f : schema.fields()) {
    if (f.type.is_nested()) {
      return InvalidArgument("field \"" + f.name +
                             "\": nested columns cannot be written to Parquet yet");
    }
  }
  FLOE_ASSIGN_OR_RETURN(parquet::Schema ps, iceberg::ToParquetSchema(schema));
  RecordConverter c(std::move(schema), std::move(ps));
  for (size_t i = 0; i < c.schema_.fields().size(); ++i)
    c.field_index_.emplace(c.schema_.fields()[i].name, static_cast<int>(i));
  return c;
}

std::vector<ColumnVector> RecordConverter::NewBatch() const {
  std::vector<ColumnVector> batch;
  for (const auto& c : parquet_schema_.columns()) batch.emplace_back(c.physical);
  return batch;
}

namespace {

// The fast path's value for one field as the full parser would have built it.
json ToJson(const FlatMember& m) {
  switch (m.kind) {
    case FlatMember::Kind::kString:
      return json(std::string(m.text));
    case FlatMember::Kind::kInt:
      return m.i >= 0 ? json(static_cast<uint64_t>(m.i)) : json(m.i);
    case FlatMember::Kind::kFloat:
      return json(m.d);
    case FlatMember::Kind::kTrue:
      return json(true);
    case FlatMember::Kind::kFalse:
      return json(false);
    case FlatMember::Kind::kNull:
      break;
  }
  return json(nullptr);
}

// Converts the common cases without building JSON values; others go through Convert.
Result<Cell> ConvertFlat(const iceberg::NestedField& f, const FlatMember& m) {
  const TypeId id = f.type.primitive().id;
  using K = FlatMember::Kind;
  if (id == TypeId::kLong && m.kind == K::kInt) return Cell(m.i);
  if (id == TypeId::kDouble && m.kind == K::kFloat) return Cell(m.d);
  if (id == TypeId::kDouble && m.kind == K::kInt) return Cell(static_cast<double>(m.i));
  if (id == TypeId::kString && m.kind == K::kString) return Cell(std::string(m.text));
  if (id == TypeId::kBoolean && (m.kind == K::kTrue || m.kind == K::kFalse))
    return Cell(m.kind == K::kTrue);
  if (id == TypeId::kInt && m.kind == K::kInt && m.i >= INT32_MIN && m.i <= INT32_MAX) {
    return Cell(static_cast<int32_t>(m.i));
  }
  return Convert(f, ToJson(m), m.kind == K::kFloat ? std::string(m.text) : std::string());
}

}  // namespace

Status RecordConverter::Append(std::string_view record, std::vector<ColumnVector>* batch) const {
  thread_local std::vector<FlatMember> members;
  thread_local std::string scratch;
  thread_local std::vector<int> slot;
  if (ScanFlatObject(record, &members, &scratch)) {
    const auto& fields = schema_.fields();
    slot.assign(fields.size(), -1);
    for (size_t m = 0; m < members.size(); ++m) {
      auto it = field_index_.find(members[m].key);
      if (it != field_index_.end())
        slot[it->second] = static_cast<int>(m);  // the last duplicate wins
    }
    std::vector<Cell> cells(fields.size());
    for (size_t i = 0; i < fields.size(); ++i) {
      const auto& f = fields[i];
      if (slot[i] < 0 || members[slot[i]].kind == FlatMember::Kind::kNull) {
        if (f.required)
          return InvalidArgument("required field \"" + f.name + "\" is missing or null");
        continue;
      }
      FLOE_ASSIGN_OR_RETURN(cells[i], ConvertFlat(f, members[slot[i]]));
    }
    for (size_t i = 0; i < fields.size(); ++i) AppendCell(cells[i], &(*batch)[i]);
    return Status::OK();
  }
  return AppendParsed(record, batch);
}

Status RecordConverter::AppendParsed(std::string_view record,
                                     std::vector<ColumnVector>* batch) const {
  TopLevelHandler h;
  bool parsed = json::sax_parse(record, &h, json::input_format_t::json, /*strict=*/true,
                                /*ignore_comments=*/false);
  if (!parsed) return InvalidArgument(h.error.empty() ? "record is not valid JSON" : h.error);
  if (h.root != json::value_t::object) {
    return InvalidArgument("record must be a JSON object, got " + Describe(json(h.root)));
  }
  const auto& fields = schema_.fields();
  std::vector<Cell> cells(fields.size());
  for (size_t i = 0; i < fields.size(); ++i) {
    const auto& f = fields[i];
    auto it = h.members.find(f.name);
    if (it == h.members.end() || it->second.value.is_null()) {
      if (f.required)
        return InvalidArgument("required field \"" + f.name + "\" is missing or null");
      continue;
    }
    FLOE_ASSIGN_OR_RETURN(cells[i], Convert(f, it->second.value, it->second.number_text));
  }
  for (size_t i = 0; i < fields.size(); ++i) AppendCell(cells[i], &(*batch)[i]);
  return Status::OK();
}

}  // namespace floe::ingest
