// The Amazon Data Firehose API (JSON 1.1, Firehose_20150804): POST / with
// X-Amz-Target. Control plane (Create/Describe/List/Delete delivery streams,
// tags) and data plane (PutRecord, PutRecordBatch) over ingest::StreamManager.
#pragma once

#include "floe/ingest/stream_manager.h"
#include "floe/server/context.h"

namespace httplib {
class Server;
}

namespace floe::server {

void RegisterFirehoseApi(httplib::Server* server, const ServerContext* context,
                         ingest::StreamManager* streams);

}  // namespace floe::server
