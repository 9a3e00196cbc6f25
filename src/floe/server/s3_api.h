// The S3 read API over general buckets (path style): ListObjectsV2, GetObject,
// HeadObject over <buckets_root>/<bucket>/<key>. Registered last: it matches
// any GET/HEAD path the other APIs leave.
#pragma once

#include "floe/server/context.h"

namespace httplib {
class Server;
}

namespace floe::server {

void RegisterS3Api(httplib::Server* server, const ServerContext* context);

}  // namespace floe::server
