// What `floe query` and its shell share: where statements run (in process over
// a data directory, or on a server through POST /api/query), the output
// format, and session settings.
#pragma once

#include <memory>
#include <string>

namespace httplib {
class Client;
}

namespace floe::app {

struct QueryArgs {
  std::string data = "./floe-data";
  std::string endpoint;  // when set, statements run on that server
  std::string bucket;
  std::string format = "table";
  int threads = 0;
  int64_t memory_limit_mb = 2048;
  bool snapshot_only = false;
  bool quiet = false;  // no row count and time on stderr
  std::string sql;
};

class QuerySession {
 public:
  explicit QuerySession(QueryArgs args);
  ~QuerySession();

  // Checks the arguments; prints the problem to stderr and returns false.
  bool Init();
  // Runs one statement (or a session command such as SET snapshot_only =
  // true), printing the result on stdout and the row count and time on
  // stderr in table format; on failure prints the error to stderr and
  // returns false.
  bool Run(const std::string& sql);

  QueryArgs& args() { return args_; }

 private:
  bool RunLocal(const std::string& sql);
  bool RunRemote(const std::string& sql);
  // SET name = value: true when `sql` was one (*ok tells whether it applied).
  bool TrySet(const std::string& sql, bool* ok);

  QueryArgs args_;
  std::unique_ptr<httplib::Client> http_;
};

}  // namespace floe::app
