#include "floe/server/s3tables_api.h"

#include <httplib.h>

namespace floe::server {

void RegisterS3TablesApi(httplib::Server* server, const ServerContext* context) {}

}  // namespace floe::server
