// An HTTP client for a floe server named by --endpoint.
#pragma once

#include <memory>
#include <string>

namespace httplib {
class Client;
}

namespace floe::app {

// A client for `endpoint` (http:// or https://) with a 5 s connect timeout and
// `read_timeout_s` to wait for answers; nullptr after printing why to stderr.
std::unique_ptr<httplib::Client> ConnectEndpoint(const std::string& endpoint, int read_timeout_s);

}  // namespace floe::app
