// The S3 Tables control plane (REST-JSON, s3tables 2018-05-10): table buckets,
// namespaces, tables, metadata locations, maintenance and encryption settings.
#pragma once

#include "floe/server/context.h"

namespace httplib {
class Server;
}

namespace floe::server {

void RegisterS3TablesApi(httplib::Server* server, const ServerContext* context);

}  // namespace floe::server
