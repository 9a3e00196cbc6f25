#include "floe/app/endpoint.h"

#include <httplib.h>

#include <cstdio>

namespace floe::app {

std::unique_ptr<httplib::Client> ConnectEndpoint(const std::string& endpoint, int read_timeout_s) {
  if (endpoint.rfind("http://", 0) != 0 && endpoint.rfind("https://", 0) != 0) {
    std::fprintf(stderr,
                 "floe: --endpoint must start with http:// or https:// (for example "
                 "http://127.0.0.1:9099), got '%s'\n",
                 endpoint.c_str());
    return nullptr;
  }
  auto client = std::make_unique<httplib::Client>(endpoint);
  if (!client->is_valid()) {
    std::fprintf(stderr, "floe: cannot use endpoint '%s'\n", endpoint.c_str());
    return nullptr;
  }
  client->set_connection_timeout(5, 0);
  client->set_read_timeout(read_timeout_s, 0);
  client->set_keep_alive(true);
  return client;
}

}  // namespace floe::app
