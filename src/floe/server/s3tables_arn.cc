#include "floe/server/s3tables_arn.h"

#include <cctype>

namespace floe::server {
namespace {

constexpr std::string_view kBucketMarker = "bucket/";
constexpr std::string_view kTableMarker = "/table/";

// Splits "arn:<partition>:s3tables:<region>:<account>:<resource>".
struct ArnParts {
  std::string region, account;
  std::string_view resource;
};

Status BadArn(std::string_view arn, const std::string& why) {
  return InvalidArgument("The specified ARN is not valid: \"" + std::string(arn) + "\" (" + why +
                         "; expected arn:aws:s3tables:<region>:<account>:bucket/<name>)");
}

bool AllOf(std::string_view s, bool (*ok)(char)) {
  for (char c : s) {
    if (!ok(c)) return false;
  }
  return true;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsRegionChar(char c) { return IsDigit(c) || (c >= 'a' && c <= 'z') || c == '-'; }
bool IsNameChar(char c) { return IsRegionChar(c) || c == '_'; }

Result<ArnParts> SplitArn(std::string_view arn) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (int i = 0; i < 5; ++i) {
    size_t colon = arn.find(':', start);
    if (colon == std::string_view::npos) return BadArn(arn, "too few ':'-separated parts");
    parts.push_back(arn.substr(start, colon - start));
    start = colon + 1;
  }
  if (parts[0] != "arn") return BadArn(arn, "it must start with arn:");
  if (parts[1].substr(0, 3) != "aws") return BadArn(arn, "unknown partition");
  if (parts[2] != "s3tables") return BadArn(arn, "the service must be s3tables");
  if (!AllOf(parts[3], IsRegionChar)) return BadArn(arn, "bad region");
  if (parts[4].size() != 12 || !AllOf(parts[4], IsDigit))
    return BadArn(arn, "the account must be 12 digits");
  return ArnParts{std::string(parts[3]), std::string(parts[4]), arn.substr(start)};
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string FormatBucketArn(const std::string& region, const std::string& account,
                            const std::string& bucket) {
  return "arn:aws:s3tables:" + region + ":" + account + ":bucket/" + bucket;
}

std::string FormatTableArn(const std::string& region, const std::string& account,
                           const std::string& bucket, const std::string& table_id) {
  return FormatBucketArn(region, account, bucket) + "/table/" + table_id;
}

Result<BucketArn> ParseBucketArn(std::string_view arn) {
  FLOE_ASSIGN_OR_RETURN(ArnParts p, SplitArn(arn));
  if (p.resource.substr(0, kBucketMarker.size()) != kBucketMarker)
    return BadArn(arn, "the resource must be bucket/<name>");
  std::string_view name = p.resource.substr(kBucketMarker.size());
  if (name.empty() || !AllOf(name, IsRegionChar)) return BadArn(arn, "bad bucket name");
  return BucketArn{p.region, p.account, std::string(name)};
}

Result<TableArn> ParseTableArn(std::string_view arn) {
  FLOE_ASSIGN_OR_RETURN(ArnParts p, SplitArn(arn));
  if (p.resource.substr(0, kBucketMarker.size()) != kBucketMarker) {
    return BadArn(arn, "the resource must be bucket/<name>/table/<id>");
  }
  std::string_view rest = p.resource.substr(kBucketMarker.size());
  size_t mark = rest.find(kTableMarker);
  if (mark == std::string_view::npos) return BadArn(arn, "a table ARN ends in /table/<id>");
  std::string_view name = rest.substr(0, mark);
  std::string_view id = rest.substr(mark + kTableMarker.size());
  if (name.empty() || !AllOf(name, IsRegionChar)) return BadArn(arn, "bad bucket name");
  if (id.empty() || !AllOf(id, IsNameChar)) return BadArn(arn, "bad table id");
  return TableArn{p.region, p.account, std::string(name), std::string(id)};
}

Result<std::string> PercentDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out.push_back(s[i]);
      continue;
    }
    int hi = i + 2 < s.size() ? HexValue(s[i + 1]) : -1;
    int lo = i + 2 < s.size() ? HexValue(s[i + 2]) : -1;
    if (hi < 0 || lo < 0)
      return InvalidArgument("bad percent-escape in \"" + std::string(s) + "\"");
    out.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return out;
}

std::string PercentEncode(std::string_view s) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

Result<std::vector<std::string>> SplitArnPath(std::string_view target) {
  std::string_view path = target.substr(0, target.find('?'));
  std::vector<std::string> segments;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    if (slash > start) {
      FLOE_ASSIGN_OR_RETURN(std::string seg, PercentDecode(path.substr(start, slash - start)));
      segments.push_back(std::move(seg));
    }
    start = slash + 1;
  }
  // Raw-slash form: "arn:...:bucket" followed by the name.
  for (size_t i = 0; i + 1 < segments.size(); ++i) {
    const std::string& s = segments[i];
    if (s.rfind("arn:", 0) == 0 && s.size() > 7 && s.compare(s.size() - 7, 7, ":bucket") == 0) {
      segments[i] += "/" + segments[i + 1];
      segments.erase(segments.begin() + static_cast<std::ptrdiff_t>(i) + 1);
      break;
    }
  }
  return segments;
}

}  // namespace floe::server
