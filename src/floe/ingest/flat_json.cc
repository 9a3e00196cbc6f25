#include "floe/ingest/flat_json.h"

#include <charconv>
#include <cmath>

#include "floe/base/utf8.h"

namespace floe::ingest {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool Hex4(std::string_view s, size_t at, uint32_t* v) {
  if (at + 4 > s.size()) return false;
  *v = 0;
  for (size_t k = at; k < at + 4; ++k) {
    char c = s[k];
    uint32_t d;
    if (c >= '0' && c <= '9')
      d = c - '0';
    else if (c >= 'a' && c <= 'f')
      d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F')
      d = c - 'A' + 10;
    else
      return false;
    *v = (*v << 4) | d;
  }
  return true;
}

class Scanner {
 public:
  Scanner(std::string_view s, std::string* scratch) : s_(s), scratch_(scratch) {}

  void Skip() {
    while (i_ < s_.size() && IsSpace(s_[i_])) ++i_;
  }
  bool Eat(char c) {
    Skip();
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  bool AtEnd() {
    Skip();
    return i_ == s_.size();
  }
  char Peek() {
    Skip();
    return i_ < s_.size() ? s_[i_] : '\0';
  }

  // A string at i_ (the opening quote); escapes decoded into scratch.
  bool String(std::string_view* out) {
    if (i_ >= s_.size() || s_[i_] != '"') return false;
    size_t start = ++i_;
    bool high = false;
    while (i_ < s_.size()) {
      unsigned char c = static_cast<unsigned char>(s_[i_]);
      if (c == '"') {
        if (!high || IsValidUtf8(s_.substr(start, i_ - start))) {
          *out = s_.substr(start, i_ - start);
          ++i_;
          return true;
        }
        return false;
      }
      if (c == '\\') return Escaped(start, out);
      if (c < 0x20) return false;
      if (c >= 0x80) high = true;
      ++i_;
    }
    return false;
  }

  bool Number(FlatMember* m) {
    size_t start = i_;
    if (i_ < s_.size() && s_[i_] == '-') ++i_;
    if (i_ >= s_.size() || !IsDigit(s_[i_])) return false;
    if (s_[i_] == '0') {
      ++i_;
    } else {
      while (i_ < s_.size() && IsDigit(s_[i_])) ++i_;
    }
    bool is_float = false;
    if (i_ < s_.size() && s_[i_] == '.') {
      is_float = true;
      ++i_;
      if (i_ >= s_.size() || !IsDigit(s_[i_])) return false;
      while (i_ < s_.size() && IsDigit(s_[i_])) ++i_;
    }
    if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      is_float = true;
      ++i_;
      if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) ++i_;
      if (i_ >= s_.size() || !IsDigit(s_[i_])) return false;
      while (i_ < s_.size() && IsDigit(s_[i_])) ++i_;
    }
    m->text = s_.substr(start, i_ - start);
    const char* b = m->text.data();
    const char* e = b + m->text.size();
    if (is_float) {
      auto r = std::from_chars(b, e, m->d);
      if (r.ec != std::errc() || r.ptr != e || !std::isfinite(m->d)) return false;
      m->kind = FlatMember::Kind::kFloat;
    } else {
      auto r = std::from_chars(b, e, m->i);
      if (r.ec != std::errc() || r.ptr != e) return false;  // beyond int64: the full parser decides
      m->kind = FlatMember::Kind::kInt;
    }
    return true;
  }

  bool Word(std::string_view w) {
    if (s_.substr(i_, w.size()) != w) return false;
    i_ += w.size();
    return true;
  }

 private:
  bool Escaped(size_t start, std::string_view* out) {
    size_t from = scratch_->size();
    scratch_->append(s_.data() + start, i_ - start);
    while (i_ < s_.size()) {
      char c = s_[i_];
      if (c == '"') {
        ++i_;
        std::string_view decoded(scratch_->data() + from, scratch_->size() - from);
        if (!IsValidUtf8(decoded)) {
          return false;
        }
        *out = decoded;
        return true;
      }
      if (static_cast<unsigned char>(c) < 0x20) return false;
      if (c != '\\') {
        scratch_->push_back(c);
        ++i_;
        continue;
      }
      if (++i_ >= s_.size()) return false;
      char e = s_[i_++];
      switch (e) {
        case '"':
          scratch_->push_back('"');
          break;
        case '\\':
          scratch_->push_back('\\');
          break;
        case '/':
          scratch_->push_back('/');
          break;
        case 'b':
          scratch_->push_back('\b');
          break;
        case 'f':
          scratch_->push_back('\f');
          break;
        case 'n':
          scratch_->push_back('\n');
          break;
        case 'r':
          scratch_->push_back('\r');
          break;
        case 't':
          scratch_->push_back('\t');
          break;
        case 'u': {
          uint32_t cp;
          if (!Hex4(s_, i_, &cp)) return false;
          i_ += 4;
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            uint32_t lo;
            if (i_ + 6 > s_.size() || s_[i_] != '\\' || s_[i_ + 1] != 'u' ||
                !Hex4(s_, i_ + 2, &lo) || lo < 0xDC00 || lo > 0xDFFF) {
              return false;
            }
            i_ += 6;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return false;
          }
          AppendUtf8(cp, scratch_);
          break;
        }
        default:
          return false;
      }
    }
    return false;
  }

  std::string_view s_;
  std::string* scratch_;
  size_t i_ = 0;
};

}  // namespace

bool ScanFlatObject(std::string_view s, std::vector<FlatMember>* members, std::string* scratch) {
  members->clear();
  scratch->clear();
  scratch->reserve(s.size());  // decoded strings never grow: views stay valid
  Scanner sc(s, scratch);
  if (!sc.Eat('{')) return false;
  if (sc.Eat('}')) return sc.AtEnd();
  while (true) {
    FlatMember m;
    sc.Skip();
    if (!sc.String(&m.key)) return false;
    if (!sc.Eat(':')) return false;
    char c = sc.Peek();
    if (c == '"') {
      if (!sc.String(&m.text)) return false;
      m.kind = FlatMember::Kind::kString;
    } else if (c == '-' || IsDigit(c)) {
      if (!sc.Number(&m)) return false;
    } else if (c == 't') {
      if (!sc.Word("true")) return false;
      m.kind = FlatMember::Kind::kTrue;
    } else if (c == 'f') {
      if (!sc.Word("false")) return false;
      m.kind = FlatMember::Kind::kFalse;
    } else if (c == 'n') {
      if (!sc.Word("null")) return false;
      m.kind = FlatMember::Kind::kNull;
    } else {
      return false;  // nested, or not JSON
    }
    members->push_back(m);
    if (sc.Eat(',')) continue;
    if (sc.Eat('}')) return sc.AtEnd();
    return false;
  }
}

}  // namespace floe::ingest
