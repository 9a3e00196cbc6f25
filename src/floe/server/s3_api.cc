#include "floe/server/s3_api.h"

#include <httplib.h>

namespace floe::server {

void RegisterS3Api(httplib::Server* server, const ServerContext* context) {}

}  // namespace floe::server
