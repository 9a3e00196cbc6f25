// Avro schema resolution (spec "Schema Resolution"): reads data written with a
// WRITER schema as values shaped by a READER schema. This is how one read
// schema accepts Iceberg v1 and v2 manifests from Java, PyIceberg and floe.
//
// Rules: record fields match by name or by a reader field's aliases; writer
// fields the reader lacks are skipped; reader fields the writer lacks take the
// reader's default (no default: Make fails). Promotions int→long→float→double,
// int→float/double, long→float/double, string↔bytes. A writer union picks, per
// branch, the first reader union branch that matches exactly, else the first
// that matches by promotion; a non-union writer is read into the matching reader
// union branch; a writer union read as a non-union reader works for the
// branches that match, and data in another branch is an error when met. Named
// types match by unqualified name or the reader's aliases (see
// ResolveOptions::match_names); fixed also by size. Enum symbols the reader
// lacks map to the reader's enum default, else are an error when met.
#pragma once

#include <string>
#include <vector>

#include "floe/format/avro/encoding.h"
#include "floe/format/avro/schema.h"
#include "floe/format/avro/value.h"

namespace floe::avro {

struct ResolveOptions {
  // When false, records, enums and fixed match whatever their names (writers
  // disagree on Iceberg's synthetic record names such as r102).
  bool match_names = true;
};

class Resolver {
 public:
  // InvalidArgument when no datum of `writer` can be read as `reader`.
  static Result<Resolver> Make(const AvroSchema& writer, const AvroSchema& reader,
                               ResolveOptions options = {});

  const AvroSchema& writer() const { return writer_; }
  const AvroSchema& reader() const { return reader_; }

  // Decodes one datum written with the writer schema, shaped as the reader's
  // root. DataLoss on corrupt input; InvalidArgument when the datum uses a
  // writer branch or enum symbol the reader cannot represent.
  Result<AvroValue> Decode(Decoder* in) const;

 private:
  enum class Action {
    kSame,
    kPromote,
    kRecord,
    kEnum,
    kArray,
    kMap,
    kWriterUnion,
    kReaderUnion,
    kError
  };
  struct Step {
    Action action = Action::kSame;
    int writer = -1;
    int reader = -1;
    // kRecord: per writer field, the reader field index (-1: skip) and its step.
    std::vector<int> field_targets;
    std::vector<int> field_steps;
    std::vector<std::pair<int, AvroValue>> defaults;  // reader field index, value
    std::vector<int> enum_map;                        // kEnum: writer symbol → reader, -1
    int inner = -1;                 // kArray/kMap items; kReaderUnion branch value
    int reader_branch = -1;         // kReaderUnion
    std::vector<int> branch_steps;  // kWriterUnion, per writer branch
    std::string error;              // kError
  };
  friend class ResolverBuilder;

  Result<AvroValue> Run(int step, Decoder* in) const;
  Result<AvroValue> RunStep(const Step& step, Decoder* in) const;

  AvroSchema writer_;
  AvroSchema reader_;
  std::vector<Step> steps_;
  int root_ = 0;
};

}  // namespace floe::avro
