// S3 Tables ARNs and request paths. A table bucket ARN is
// arn:<partition>:s3tables:<region>:<account>:bucket/<name>; a table ARN adds
// /table/<table id>. Clients send the bucket ARN in the path as one
// percent-encoded segment (%3A, %2F); some send it with a raw '/'.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "floe/base/status.h"

namespace floe::server {

struct BucketArn {
  std::string region;
  std::string account;
  std::string bucket;
};

struct TableArn {
  std::string region;
  std::string account;
  std::string bucket;
  std::string table_id;
};

std::string FormatBucketArn(const std::string& region, const std::string& account,
                            const std::string& bucket);
std::string FormatTableArn(const std::string& region, const std::string& account,
                           const std::string& bucket, const std::string& table_id);

// InvalidArgument ("The specified ARN is not valid: ...") unless `arn` has the
// form above. Region and account are returned, not checked.
Result<BucketArn> ParseBucketArn(std::string_view arn);
Result<TableArn> ParseTableArn(std::string_view arn);

// Decodes %XX escapes ('+' stays '+'); InvalidArgument on a bad escape.
Result<std::string> PercentDecode(std::string_view s);
// Encodes everything but unreserved characters (A-Z a-z 0-9 - . _ ~).
std::string PercentEncode(std::string_view s);

// The decoded segments of the path of a raw request target (query dropped).
// A bucket ARN sent with a raw '/' (".../bucket" "name") is joined back into
// one segment, so both forms route alike.
Result<std::vector<std::string>> SplitArnPath(std::string_view target);

}  // namespace floe::server
