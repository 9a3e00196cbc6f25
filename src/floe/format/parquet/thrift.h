// Thrift compact protocol, just enough for parquet.thrift: a writer that emits
// fields in ascending id order and a bounds-checked reader that skips unknown
// fields. Parquet metadata is decoded from untrusted bytes, so the reader limits
// nesting depth and container sizes and never reads past its buffer.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "floe/base/status.h"

namespace floe::parquet::thrift {

enum Type : uint8_t {
  kStop = 0,
  kBoolTrue = 1,
  kBoolFalse = 2,
  kByte = 3,
  kI16 = 4,
  kI32 = 5,
  kI64 = 6,
  kDouble = 7,
  kBinary = 8,
  kList = 9,
  kSet = 10,
  kMap = 11,
  kStruct = 12,
};

class Writer {
 public:
  explicit Writer(std::string* out) : out_(out) {}

  void I32(int16_t id, int32_t v);
  void I64(int16_t id, int64_t v);
  void Bool(int16_t id, bool v);
  void Binary(int16_t id, std::string_view v);
  // Opens a struct-valued field; close it with EndStruct().
  void BeginStruct(int16_t id);
  void EndStruct();
  // Opens a list field of `size` elements of `elem` type. Elements of list<i32>
  // are written with ListI32; struct elements with BeginListStruct/EndStruct.
  void BeginList(int16_t id, Type elem, int32_t size);
  void ListI32(int32_t v);
  void ListBinary(std::string_view v);
  void BeginListStruct();
  // Terminates the top-level struct.
  void Stop();

 private:
  void FieldHeader(int16_t id, Type type);
  std::string* out_;
  int16_t last_id_ = 0;
  std::vector<int16_t> stack_;
};

class Reader {
 public:
  Reader(const uint8_t* data, size_t size) : p_(data), end_(data + size), begin_(data) {}

  // Reads the next field header of the current struct. Sets *type = kStop at its end.
  Status ReadFieldHeader(int16_t* id, Type* type);
  Status ReadI32(Type type, int32_t* v);
  Status ReadI64(Type type, int64_t* v);
  Status ReadBool(Type type, bool* v);
  Status ReadBinary(Type type, std::string* v);
  Status ReadListHeader(Type type, Type* elem, int32_t* size);
  // Elements inside a list (no field header; bools use one byte).
  Status ReadElemI32(Type elem, int32_t* v);
  Status ReadElemBinary(Type elem, std::string* v);
  Status ReadElemBool(Type elem, bool* v);
  // Struct nesting: call BeginStruct before reading a nested struct's fields and
  // EndStruct after its stop byte.
  Status BeginStruct(Type type);
  void EndStruct();
  // Skips a value of `type` (a field's value, or a list element).
  Status Skip(Type type, bool in_list = false);

  size_t position() const { return static_cast<size_t>(p_ - begin_); }

 private:
  Status Varint(uint64_t* v);
  Status Error(const char* what) const;
  const uint8_t* p_;
  const uint8_t* end_;
  const uint8_t* begin_;
  int16_t last_id_ = 0;
  std::vector<int16_t> stack_;
};

}  // namespace floe::parquet::thrift
