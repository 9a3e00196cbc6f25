// The S3 read API over general buckets (path style), kept as directories
// <buckets_root>/<bucket>/<key> (storage::ObjectStore writes them):
//   GET  /{bucket}?list-type=2   ListObjectsV2 (prefix, delimiter, max-keys,
//                                continuation-token, start-after, encoding-type=url)
//   GET  /{bucket}               ListObjects (marker)
//   GET  /{bucket}?location      GetBucketLocation
//   HEAD /{bucket}               HeadBucket
//   GET  /{bucket}/{key}         GetObject (single Range → 206), ETag = MD5 of the bytes
//   HEAD /{bucket}/{key}         HeadObject
// Errors are S3 XML errors (NoSuchBucket, NoSuchKey, InvalidArgument,
// InvalidRange, AccessDenied for writes). Keys that cannot be paths ("..", ".",
// empty segments, backslashes, NUL) are rejected with InvalidArgument.
// Registered last: it takes any GET/HEAD/PUT/DELETE path the other APIs leave,
// so bucket names equal to their first path segments are not reachable.
#pragma once

#include "floe/server/context.h"

namespace httplib {
class Server;
}

namespace floe::server {

void RegisterS3Api(httplib::Server* server, const ServerContext* context);

}  // namespace floe::server
