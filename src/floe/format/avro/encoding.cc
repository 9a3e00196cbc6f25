#include "floe/format/avro/encoding.h"

#include <cstring>

#include "floe/base/coding.h"

namespace floe::avro {

namespace {

using Kind = AvroValue::Kind;

Status KindMismatch(const AvroNode& node, const AvroValue& value) {
  return InvalidArgument("expected " + std::string(AvroTypeName(node.type)) + ", got " +
                         std::string(AvroValueKindName(value.kind())));
}

Status Encode(const AvroSchema& schema, int index, const AvroValue& value, std::string* out,
              int depth) {
  if (depth > kMaxValueDepth) return InvalidArgument("value nested too deeply");
  const AvroNode& node = schema.node(index);
  if (static_cast<int>(value.kind()) != static_cast<int>(node.type)) {
    return KindMismatch(node, value);
  }
  switch (node.type) {
    case AvroType::kNull:
      return Status::OK();
    case AvroType::kBoolean:
      out->push_back(value.boolean() ? 1 : 0);
      return Status::OK();
    case AvroType::kInt:
      WriteLong(value.int_value(), out);
      return Status::OK();
    case AvroType::kLong:
      WriteLong(value.long_value(), out);
      return Status::OK();
    case AvroType::kFloat: {
      uint32_t bits;
      float f = value.float_value();
      std::memcpy(&bits, &f, 4);
      PutFixed32(out, bits);
      return Status::OK();
    }
    case AvroType::kDouble: {
      uint64_t bits;
      double d = value.double_value();
      std::memcpy(&bits, &d, 8);
      PutFixed64(out, bits);
      return Status::OK();
    }
    case AvroType::kBytes:
    case AvroType::kString:
      WriteBytes(value.bytes(), out);
      return Status::OK();
    case AvroType::kFixed:
      if (static_cast<int64_t>(value.bytes().size()) != node.size) {
        return InvalidArgument("fixed " + node.full_name + " needs " + std::to_string(node.size) +
                               " bytes, got " + std::to_string(value.bytes().size()));
      }
      out->append(value.bytes());
      return Status::OK();
    case AvroType::kEnum:
      if (value.enum_index() < 0 ||
          static_cast<size_t>(value.enum_index()) >= node.symbols.size()) {
        return InvalidArgument("enum index " + std::to_string(value.enum_index()) +
                               " out of range for " + node.full_name);
      }
      WriteLong(value.enum_index(), out);
      return Status::OK();
    case AvroType::kUnion: {
      int b = value.union_branch();
      if (b < 0 || static_cast<size_t>(b) >= node.branches.size()) {
        return InvalidArgument("union branch " + std::to_string(b) + " out of range");
      }
      WriteLong(b, out);
      return Encode(schema, node.branches[static_cast<size_t>(b)], value.union_value(), out,
                    depth + 1);
    }
    case AvroType::kArray:
    case AvroType::kMap: {
      const auto& items = value.children();
      if (!items.empty()) {
        WriteLong(static_cast<int64_t>(items.size()), out);
        for (size_t i = 0; i < items.size(); ++i) {
          if (node.type == AvroType::kMap) WriteBytes(value.map_keys()[i], out);
          Status st = Encode(schema, node.items, items[i], out, depth + 1);
          if (!st.ok()) return st.WithContext("[" + std::to_string(i) + "]");
        }
      }
      WriteLong(0, out);
      return Status::OK();
    }
    case AvroType::kRecord: {
      if (value.children().size() != node.fields.size()) {
        return InvalidArgument("record " + node.full_name + " has " +
                               std::to_string(node.fields.size()) + " fields, value has " +
                               std::to_string(value.children().size()));
      }
      for (size_t i = 0; i < node.fields.size(); ++i) {
        Status st = Encode(schema, node.fields[i].type, value.children()[i], out, depth + 1);
        if (!st.ok()) return st.WithContext(node.fields[i].name);
      }
      return Status::OK();
    }
  }
  return Internal("unknown avro type");
}

Status Truncated() { return DataLoss("avro: truncated or malformed datum"); }

// Decodes an array or map of node `node`; `map` decides whether keys precede items.
Result<AvroValue> DecodeBlocks(const AvroSchema& schema, const AvroNode& node, Decoder* in) {
  bool map = node.type == AvroType::kMap;
  int64_t min_item = MinEncodedSize(schema, node.items) + (map ? 1 : 0);
  std::vector<AvroValue> items;
  std::vector<std::pair<std::string, AvroValue>> entries;
  while (true) {
    FLOE_ASSIGN_OR_RETURN(int64_t count, in->ReadBlockCount(min_item, nullptr));
    if (count == 0) break;
    for (int64_t i = 0; i < count; ++i) {
      std::string key;
      if (map) FLOE_RETURN_IF_ERROR(in->ReadBytes(&key));
      FLOE_ASSIGN_OR_RETURN(AvroValue v, DecodeValue(schema, node.items, in));
      if (map) {
        entries.emplace_back(std::move(key), std::move(v));
      } else {
        items.push_back(std::move(v));
      }
    }
  }
  return map ? AvroValue::Map(std::move(entries)) : AvroValue::Array(std::move(items));
}

Result<AvroValue> DecodeNode(const AvroSchema& schema, const AvroNode& node, Decoder* in) {
  switch (node.type) {
    case AvroType::kNull:
      return AvroValue::Null();
    case AvroType::kBoolean: {
      FLOE_ASSIGN_OR_RETURN(bool b, in->ReadBoolean());
      return AvroValue::Boolean(b);
    }
    case AvroType::kInt: {
      FLOE_ASSIGN_OR_RETURN(int32_t v, in->ReadInt());
      return AvroValue::Int(v);
    }
    case AvroType::kLong: {
      FLOE_ASSIGN_OR_RETURN(int64_t v, in->ReadLong());
      return AvroValue::Long(v);
    }
    case AvroType::kFloat: {
      FLOE_ASSIGN_OR_RETURN(float v, in->ReadFloat());
      return AvroValue::Float(v);
    }
    case AvroType::kDouble: {
      FLOE_ASSIGN_OR_RETURN(double v, in->ReadDouble());
      return AvroValue::Double(v);
    }
    case AvroType::kBytes:
    case AvroType::kString: {
      std::string s;
      FLOE_RETURN_IF_ERROR(in->ReadBytes(&s));
      return node.type == AvroType::kBytes ? AvroValue::Bytes(std::move(s))
                                           : AvroValue::String(std::move(s));
    }
    case AvroType::kFixed: {
      std::string s;
      FLOE_RETURN_IF_ERROR(in->ReadFixed(static_cast<size_t>(node.size), &s));
      return AvroValue::Fixed(std::move(s));
    }
    case AvroType::kEnum: {
      FLOE_ASSIGN_OR_RETURN(int32_t i, in->ReadInt());
      if (i < 0 || static_cast<size_t>(i) >= node.symbols.size()) {
        return DataLoss("avro: enum index " + std::to_string(i) + " out of range");
      }
      return AvroValue::Enum(i);
    }
    case AvroType::kUnion: {
      FLOE_ASSIGN_OR_RETURN(int64_t b, in->ReadLong());
      if (b < 0 || static_cast<uint64_t>(b) >= node.branches.size()) {
        return DataLoss("avro: union branch " + std::to_string(b) + " out of range");
      }
      FLOE_ASSIGN_OR_RETURN(AvroValue v,
                            DecodeValue(schema, node.branches[static_cast<size_t>(b)], in));
      return AvroValue::Union(static_cast<int>(b), std::move(v));
    }
    case AvroType::kArray:
    case AvroType::kMap:
      return DecodeBlocks(schema, node, in);
    case AvroType::kRecord: {
      std::vector<AvroValue> fields;
      fields.reserve(node.fields.size());
      for (const auto& f : node.fields) {
        FLOE_ASSIGN_OR_RETURN(AvroValue v, DecodeValue(schema, f.type, in));
        fields.push_back(std::move(v));
      }
      return AvroValue::Record(std::move(fields));
    }
  }
  return Internal("unknown avro type");
}

Status SkipString(Decoder* in) {
  FLOE_ASSIGN_OR_RETURN(int64_t n, in->ReadLong());
  if (n < 0) return DataLoss("avro: negative length");
  return in->Skip(static_cast<uint64_t>(n));
}

Status SkipNode(const AvroSchema& schema, const AvroNode& node, Decoder* in) {
  switch (node.type) {
    case AvroType::kNull:
      return Status::OK();
    case AvroType::kBoolean:
      return in->Skip(1);
    case AvroType::kInt:
    case AvroType::kEnum:
      return in->ReadInt().status();
    case AvroType::kLong:
      return in->ReadLong().status();
    case AvroType::kFloat:
      return in->Skip(4);
    case AvroType::kDouble:
      return in->Skip(8);
    case AvroType::kFixed:
      return in->Skip(static_cast<uint64_t>(node.size));
    case AvroType::kBytes:
    case AvroType::kString:
      return SkipString(in);
    case AvroType::kUnion: {
      FLOE_ASSIGN_OR_RETURN(int64_t b, in->ReadLong());
      if (b < 0 || static_cast<uint64_t>(b) >= node.branches.size()) {
        return DataLoss("avro: union branch " + std::to_string(b) + " out of range");
      }
      return SkipValue(schema, node.branches[static_cast<size_t>(b)], in);
    }
    case AvroType::kArray:
    case AvroType::kMap: {
      bool map = node.type == AvroType::kMap;
      int64_t min_item = MinEncodedSize(schema, node.items) + (map ? 1 : 0);
      while (true) {
        int64_t byte_size = -1;
        FLOE_ASSIGN_OR_RETURN(int64_t count, in->ReadBlockCount(min_item, &byte_size));
        if (count == 0) return Status::OK();
        if (byte_size >= 0) {
          FLOE_RETURN_IF_ERROR(in->Skip(static_cast<uint64_t>(byte_size)));
          continue;
        }
        for (int64_t i = 0; i < count; ++i) {
          if (map) FLOE_RETURN_IF_ERROR(SkipString(in));
          FLOE_RETURN_IF_ERROR(SkipValue(schema, node.items, in));
        }
      }
    }
    case AvroType::kRecord:
      for (const auto& f : node.fields) FLOE_RETURN_IF_ERROR(SkipValue(schema, f.type, in));
      return Status::OK();
  }
  return Internal("unknown avro type");
}

}  // namespace

void WriteLong(int64_t v, std::string* out) { PutVarint64(out, ZigZagEncode64(v)); }

void WriteBytes(std::string_view v, std::string* out) {
  WriteLong(static_cast<int64_t>(v.size()), out);
  out->append(v);
}

Status EncodeValue(const AvroSchema& schema, int node, const AvroValue& value, std::string* out) {
  return Encode(schema, node, value, out, 0);
}

Result<int64_t> Decoder::ReadLong() {
  uint64_t v;
  if (!GetVarint64(&p_, end_, &v)) return Truncated();
  return ZigZagDecode64(v);
}

Result<int32_t> Decoder::ReadInt() {
  FLOE_ASSIGN_OR_RETURN(int64_t v, ReadLong());
  if (v < INT32_MIN || v > INT32_MAX) return DataLoss("avro: int out of range");
  return static_cast<int32_t>(v);
}

Result<bool> Decoder::ReadBoolean() {
  if (p_ == end_) return Truncated();
  uint8_t b = *p_++;
  if (b > 1) return DataLoss("avro: boolean byte " + std::to_string(b));
  return b == 1;
}

Result<float> Decoder::ReadFloat() {
  if (remaining() < 4) return Truncated();
  uint32_t bits = DecodeFixed32(p_);
  p_ += 4;
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

Result<double> Decoder::ReadDouble() {
  if (remaining() < 8) return Truncated();
  uint64_t bits = DecodeFixed64(p_);
  p_ += 8;
  double d;
  std::memcpy(&d, &bits, 8);
  return d;
}

Status Decoder::ReadBytes(std::string* out) {
  FLOE_ASSIGN_OR_RETURN(int64_t n, ReadLong());
  if (n < 0) return DataLoss("avro: negative length");
  return ReadFixed(static_cast<uint64_t>(n), out);
}

Status Decoder::ReadFixed(size_t n, std::string* out) {
  if (n > remaining()) return Truncated();
  out->assign(reinterpret_cast<const char*>(p_), n);
  p_ += n;
  return Status::OK();
}

Status Decoder::Skip(uint64_t n) {
  if (n > remaining()) return Truncated();
  p_ += n;
  return Status::OK();
}

Result<int64_t> Decoder::ReadBlockCount(int64_t min_item_bytes, int64_t* byte_size) {
  FLOE_ASSIGN_OR_RETURN(int64_t count, ReadLong());
  int64_t size = -1;
  if (count < 0) {
    if (count == INT64_MIN) return DataLoss("avro: bad block count");
    count = -count;
    FLOE_ASSIGN_OR_RETURN(size, ReadLong());
    if (size < 0 || static_cast<uint64_t>(size) > remaining()) {
      return DataLoss("avro: bad block byte size");
    }
  }
  if (byte_size != nullptr) *byte_size = size;
  if (min_item_bytes > 0) {
    if (static_cast<uint64_t>(count) > remaining() / static_cast<uint64_t>(min_item_bytes)) {
      return DataLoss("avro: block count " + std::to_string(count) + " exceeds the input");
    }
  } else {
    if (count > limits_.max_empty_items - empty_items_) {
      return DataLoss("avro: too many empty items (" + std::to_string(count) + ")");
    }
    empty_items_ += count;
  }
  return count;
}

Status Decoder::Enter() {
  if (++depth_ > limits_.max_depth) {
    --depth_;
    return DataLoss("avro: datum nested deeper than " + std::to_string(limits_.max_depth));
  }
  return Status::OK();
}

Result<AvroValue> DecodeValue(const AvroSchema& schema, int node, Decoder* in) {
  FLOE_RETURN_IF_ERROR(in->Enter());
  auto result = DecodeNode(schema, schema.node(node), in);
  in->Leave();
  return result;
}

Status SkipValue(const AvroSchema& schema, int node, Decoder* in) {
  FLOE_RETURN_IF_ERROR(in->Enter());
  Status st = SkipNode(schema, schema.node(node), in);
  in->Leave();
  return st;
}

int64_t MinEncodedSize(const AvroSchema& schema, int node) {
  return schema.node(node).may_encode_empty ? 0 : 1;
}

}  // namespace floe::avro
