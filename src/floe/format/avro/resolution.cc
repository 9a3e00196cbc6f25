#include "floe/format/avro/resolution.h"

#include <algorithm>
#include <map>

#include "floe/format/avro/value_json.h"

namespace floe::avro {

namespace {

// Promotions the spec allows, writer type → reader type.
bool Promotes(AvroType w, AvroType r) {
  switch (w) {
    case AvroType::kInt:
      return r == AvroType::kLong || r == AvroType::kFloat || r == AvroType::kDouble;
    case AvroType::kLong:
      return r == AvroType::kFloat || r == AvroType::kDouble;
    case AvroType::kFloat:
      return r == AvroType::kDouble;
    case AvroType::kString:
      return r == AvroType::kBytes;
    case AvroType::kBytes:
      return r == AvroType::kString;
    default:
      return false;
  }
}

std::string Describe(const AvroNode& n) {
  return n.full_name.empty() ? std::string(AvroTypeName(n.type))
                             : std::string(AvroTypeName(n.type)) + " " + n.full_name;
}

}  // namespace

class ResolverBuilder {
 public:
  ResolverBuilder(Resolver* r, ResolveOptions options) : r_(r), options_(options) {}

  Result<int> Build(int w, int r, int depth) {
    if (depth > kMaxSchemaDepth)
      return InvalidArgument("avro resolution: schema nested too deeply");
    auto key = std::make_pair(w, r);
    if (auto it = memo_.find(key); it != memo_.end()) return it->second;
    int index = static_cast<int>(r_->steps_.size());
    r_->steps_.emplace_back();
    memo_[key] = index;
    Resolver::Step step;
    step.writer = w;
    step.reader = r;
    FLOE_RETURN_IF_ERROR(Fill(&step, depth));
    r_->steps_[static_cast<size_t>(index)] = std::move(step);
    return index;
  }

 private:
  using Action = Resolver::Action;

  const AvroNode& W(int i) const { return r_->writer_.node(i); }
  const AvroNode& R(int i) const { return r_->reader_.node(i); }

  bool NamesMatch(const AvroNode& w, const AvroNode& r) const {
    if (!options_.match_names || w.name == r.name) return true;
    return std::any_of(r.aliases.begin(), r.aliases.end(), [&](const std::string& a) {
      return a == w.full_name || a.substr(a.rfind('.') + 1) == w.name;
    });
  }

  // Whether writer node w and non-union reader node r match without promotion.
  bool Exact(const AvroNode& w, const AvroNode& r) const {
    if (w.type != r.type) return false;
    switch (w.type) {
      case AvroType::kRecord:
      case AvroType::kEnum:
        return NamesMatch(w, r);
      case AvroType::kFixed:
        return w.size == r.size && NamesMatch(w, r);
      default:
        return true;
    }
  }

  // The first reader union branch matching writer node w, exact before promoted.
  int PickBranch(const AvroNode& w, const AvroNode& reader_union) const {
    const auto& b = reader_union.branches;
    for (size_t i = 0; i < b.size(); ++i) {
      if (Exact(w, R(b[i]))) return static_cast<int>(i);
    }
    for (size_t i = 0; i < b.size(); ++i) {
      if (Promotes(w.type, R(b[i]).type)) return static_cast<int>(i);
    }
    return -1;
  }

  int ErrorStep(std::string message) {
    Resolver::Step step;
    step.action = Action::kError;
    step.error = std::move(message);
    r_->steps_.push_back(std::move(step));
    return static_cast<int>(r_->steps_.size() - 1);
  }

  Status Fill(Resolver::Step* step, int depth) {
    const AvroNode& w = W(step->writer);
    const AvroNode& r = R(step->reader);
    if (w.type == AvroType::kUnion) {
      step->action = Action::kWriterUnion;
      for (int wb : w.branches) {
        FLOE_ASSIGN_OR_RETURN(int sub, BranchStep(wb, step->reader, depth));
        step->branch_steps.push_back(sub);
      }
      return Status::OK();
    }
    if (r.type == AvroType::kUnion) {
      int rb = PickBranch(w, r);
      if (rb < 0) {
        return InvalidArgument("avro resolution: writer " + Describe(w) +
                               " matches no branch of the reader union");
      }
      step->action = Action::kReaderUnion;
      step->reader_branch = rb;
      FLOE_ASSIGN_OR_RETURN(step->inner,
                            Build(step->writer, r.branches[static_cast<size_t>(rb)], depth + 1));
      return Status::OK();
    }
    if (!Exact(w, r)) {
      if (Promotes(w.type, r.type)) {
        step->action = Action::kPromote;
        return Status::OK();
      }
      return InvalidArgument("avro resolution: writer " + Describe(w) + " cannot be read as " +
                             Describe(r));
    }
    switch (w.type) {
      case AvroType::kArray:
      case AvroType::kMap: {
        step->action = w.type == AvroType::kArray ? Action::kArray : Action::kMap;
        FLOE_ASSIGN_OR_RETURN(step->inner, Build(w.items, r.items, depth + 1));
        return Status::OK();
      }
      case AvroType::kEnum:
        step->action = Action::kEnum;
        for (const auto& sym : w.symbols) {
          auto it = std::find(r.symbols.begin(), r.symbols.end(), sym);
          step->enum_map.push_back(it != r.symbols.end() ? static_cast<int>(it - r.symbols.begin())
                                                         : r.enum_default.value_or(-1));
        }
        return Status::OK();
      case AvroType::kRecord:
        step->action = Action::kRecord;
        return FillRecord(step, w, r, depth);
      default:
        step->action = Action::kSame;
        return Status::OK();
    }
  }

  // A step for writer union branch wb read as reader node r (union or not);
  // an error step when nothing matches, since the branch may never occur.
  Result<int> BranchStep(int wb, int r, int depth) {
    const AvroNode& w = W(wb);
    const AvroNode& rn = R(r);
    if (rn.type == AvroType::kUnion) {
      if (PickBranch(w, rn) < 0) {
        return ErrorStep("writer union branch " + Describe(w) + " matches no reader branch");
      }
      return Build(wb, r, depth + 1);
    }
    if (!Exact(w, rn) && !Promotes(w.type, rn.type)) {
      return ErrorStep("writer union branch " + Describe(w) + " cannot be read as " + Describe(rn));
    }
    return Build(wb, r, depth + 1);
  }

  Status FillRecord(Resolver::Step* step, const AvroNode& w, const AvroNode& r, int depth) {
    std::vector<bool> matched(r.fields.size(), false);
    for (const auto& wf : w.fields) {
      int target = r.FieldIndex(wf.name);
      for (size_t i = 0; target < 0 && i < r.fields.size(); ++i) {
        const auto& al = r.fields[i].aliases;
        if (std::find(al.begin(), al.end(), wf.name) != al.end()) target = static_cast<int>(i);
      }
      int sub = -1;
      if (target >= 0) {
        if (matched[static_cast<size_t>(target)]) {
          return InvalidArgument("avro resolution: two writer fields map to reader field " +
                                 r.fields[static_cast<size_t>(target)].name);
        }
        matched[static_cast<size_t>(target)] = true;
        auto built = Build(wf.type, r.fields[static_cast<size_t>(target)].type, depth + 1);
        if (!built.ok()) return built.status().WithContext(r.full_name + "." + wf.name);
        sub = *built;
      }
      step->field_targets.push_back(target);
      step->field_steps.push_back(sub);
    }
    for (size_t i = 0; i < r.fields.size(); ++i) {
      if (matched[i]) continue;
      const AvroField& f = r.fields[i];
      if (!f.default_value) {
        return InvalidArgument("avro resolution: reader field " + r.full_name + "." + f.name +
                               " is not written and has no default");
      }
      FLOE_ASSIGN_OR_RETURN(AvroValue v,
                            ValueFromDefaultJson(r_->reader_, f.type, *f.default_value));
      step->defaults.emplace_back(static_cast<int>(i), std::move(v));
    }
    return Status::OK();
  }

  Resolver* r_;
  ResolveOptions options_;
  std::map<std::pair<int, int>, int> memo_;
};

Result<Resolver> Resolver::Make(const AvroSchema& writer, const AvroSchema& reader,
                                ResolveOptions options) {
  Resolver r;
  r.writer_ = writer;
  r.reader_ = reader;
  ResolverBuilder builder(&r, options);
  FLOE_ASSIGN_OR_RETURN(r.root_, builder.Build(writer.root(), reader.root(), 0));
  return r;
}

Result<AvroValue> Resolver::Decode(Decoder* in) const { return Run(root_, in); }

Result<AvroValue> Resolver::Run(int step, Decoder* in) const {
  FLOE_RETURN_IF_ERROR(in->Enter());
  auto result = RunStep(steps_[static_cast<size_t>(step)], in);
  in->Leave();
  return result;
}

namespace {

AvroValue Promote(const AvroValue& v, AvroType to) {
  double d = 0;
  switch (v.kind()) {
    case AvroValue::Kind::kInt:
      if (to == AvroType::kLong) return AvroValue::Long(v.int_value());
      d = v.int_value();
      break;
    case AvroValue::Kind::kLong:
      d = static_cast<double>(v.long_value());
      if (to == AvroType::kFloat) return AvroValue::Float(static_cast<float>(v.long_value()));
      break;
    case AvroValue::Kind::kFloat:
      d = v.float_value();
      break;
    case AvroValue::Kind::kString:
      return AvroValue::Bytes(v.bytes());
    case AvroValue::Kind::kBytes:
      return AvroValue::String(v.bytes());
    default:
      break;
  }
  return to == AvroType::kFloat ? AvroValue::Float(static_cast<float>(d)) : AvroValue::Double(d);
}

}  // namespace

Result<AvroValue> Resolver::RunStep(const Step& step, Decoder* in) const {
  switch (step.action) {
    case Action::kSame:
      return DecodeValue(writer_, step.writer, in);
    case Action::kPromote: {
      FLOE_ASSIGN_OR_RETURN(AvroValue v, DecodeValue(writer_, step.writer, in));
      return Promote(v, reader_.node(step.reader).type);
    }
    case Action::kError:
      return InvalidArgument("avro resolution: " + step.error);
    case Action::kReaderUnion: {
      FLOE_ASSIGN_OR_RETURN(AvroValue v, Run(step.inner, in));
      return AvroValue::Union(step.reader_branch, std::move(v));
    }
    case Action::kWriterUnion: {
      FLOE_ASSIGN_OR_RETURN(int64_t b, in->ReadLong());
      if (b < 0 || static_cast<uint64_t>(b) >= step.branch_steps.size()) {
        return DataLoss("avro: union branch " + std::to_string(b) + " out of range");
      }
      return Run(step.branch_steps[static_cast<size_t>(b)], in);
    }
    case Action::kEnum: {
      FLOE_ASSIGN_OR_RETURN(int32_t i, in->ReadInt());
      if (i < 0 || static_cast<size_t>(i) >= step.enum_map.size()) {
        return DataLoss("avro: enum index " + std::to_string(i) + " out of range");
      }
      int target = step.enum_map[static_cast<size_t>(i)];
      if (target < 0) {
        return InvalidArgument("avro resolution: enum symbol " +
                               writer_.node(step.writer).symbols[static_cast<size_t>(i)] +
                               " unknown to the reader");
      }
      return AvroValue::Enum(target);
    }
    case Action::kArray:
    case Action::kMap: {
      bool map = step.action == Action::kMap;
      const AvroNode& w = writer_.node(step.writer);
      int64_t min_item = MinEncodedSize(writer_, w.items) + (map ? 1 : 0);
      std::vector<AvroValue> items;
      std::vector<std::pair<std::string, AvroValue>> entries;
      while (true) {
        FLOE_ASSIGN_OR_RETURN(int64_t count, in->ReadBlockCount(min_item, nullptr));
        if (count == 0) break;
        for (int64_t i = 0; i < count; ++i) {
          std::string key;
          if (map) FLOE_RETURN_IF_ERROR(in->ReadBytes(&key));
          FLOE_ASSIGN_OR_RETURN(AvroValue v, Run(step.inner, in));
          if (map) {
            entries.emplace_back(std::move(key), std::move(v));
          } else {
            items.push_back(std::move(v));
          }
        }
      }
      return map ? AvroValue::Map(std::move(entries)) : AvroValue::Array(std::move(items));
    }
    case Action::kRecord: {
      const AvroNode& w = writer_.node(step.writer);
      std::vector<AvroValue> fields(reader_.node(step.reader).fields.size());
      for (size_t i = 0; i < w.fields.size(); ++i) {
        if (step.field_targets[i] < 0) {
          FLOE_RETURN_IF_ERROR(SkipValue(writer_, w.fields[i].type, in));
          continue;
        }
        FLOE_ASSIGN_OR_RETURN(fields[static_cast<size_t>(step.field_targets[i])],
                              Run(step.field_steps[i], in));
      }
      for (const auto& [i, v] : step.defaults) fields[static_cast<size_t>(i)] = v;
      return AvroValue::Record(std::move(fields));
    }
  }
  return Internal("unknown resolution step");
}

}  // namespace floe::avro
