#include "floe/app/query_shell.h"

#include <editline/readline.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>

namespace floe::app {
namespace {

bool Blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

constexpr char kHelp[] =
    "Statements end with ';' and may span lines. Besides SELECT, EXPLAIN and WITH:\n"
    "  SET snapshot_only = true|false   read only committed snapshots (or also fresh rows)\n"
    "  .format table|csv|json|ndjson    how results print\n"
    "  .help                            this text\n"
    "  .quit                            leave (or Ctrl-D)\n";

// A dot command; false when the shell should end.
bool DotCommand(const std::string& line, QuerySession* session, bool* ok) {
  std::string cmd = Trim(line);
  *ok = true;
  if (cmd == ".quit" || cmd == ".exit" || cmd == "\\q") return false;
  if (cmd == ".help") {
    std::fputs(kHelp, stderr);
  } else if (cmd.rfind(".format", 0) == 0) {
    std::string f = Trim(cmd.substr(7));
    if (f == "table" || f == "csv" || f == "json" || f == "ndjson") {
      session->args().format = f;
    } else {
      std::fprintf(stderr, "usage: .format table|csv|json|ndjson\n");
      *ok = false;
    }
  } else {
    std::fprintf(stderr, "unknown command %s; .help lists them\n", cmd.c_str());
    *ok = false;
  }
  return true;
}

std::string HistoryPath() {
  const char* home = std::getenv("HOME");
  return home ? std::string(home) + "/.floe_history" : std::string();
}

// Feeds the shell line by line: dot commands at the start of a statement,
// SQL until ';'.
class LineFeeder {
 public:
  LineFeeder(QuerySession* session, bool record_history)
      : session_(session), history_(record_history) {}

  // False when the shell should end.
  bool Feed(const std::string& line) {
    if (Blank(pending_) && (Trim(line).rfind('.', 0) == 0 || Trim(line) == "\\q")) {
      if (history_) add_history(line.c_str());
      bool ok;
      bool go_on = DotCommand(line, session_, &ok);
      if (!ok) status_ = 1;
      return go_on;
    }
    if (Blank(line) && Blank(pending_)) return true;
    pending_ += line + "\n";
    for (const auto& s : TakeStatements(&pending_)) {
      if (history_) add_history((s + ";").c_str());
      if (!session_->Run(s)) status_ = 1;
    }
    if (Blank(pending_)) pending_.clear();
    return true;
  }
  // Runs a last statement that lacks its ';'.
  void Finish() {
    if (!Blank(pending_)) Feed(";");
  }
  bool continuing() const { return !Blank(pending_); }
  int status() const { return status_; }

 private:
  QuerySession* session_;
  bool history_;
  std::string pending_;
  int status_ = 0;
};

int Interactive(QuerySession* session) {
  std::string history = HistoryPath();
  using_history();
  stifle_history(1000);
  if (!history.empty()) read_history(history.c_str());
  std::fprintf(stderr, "floe SQL shell (%s). End statements with ';'; .help for commands.\n",
               session->args().endpoint.empty() ? session->args().data.c_str()
                                                : session->args().endpoint.c_str());
  LineFeeder feeder(session, true);
  while (true) {
    char* raw = readline(feeder.continuing() ? "  ...> " : "floe> ");
    if (raw == nullptr) break;  // Ctrl-D
    std::string line(raw);
    std::free(raw);
    if (!feeder.Feed(line)) break;
  }
  if (!history.empty()) write_history(history.c_str());
  std::fputc('\n', stderr);
  return feeder.status();
}

int Piped(QuerySession* session) {
  LineFeeder feeder(session, false);
  std::string line;
  bool go_on = true;
  while (go_on && std::getline(std::cin, line)) go_on = feeder.Feed(line);
  if (go_on) feeder.Finish();
  return feeder.status();
}

}  // namespace

std::vector<std::string> TakeStatements(std::string* text) {
  std::vector<std::string> out;
  const std::string& t = *text;
  size_t start = 0;
  char quote = 0;
  bool line_comment = false, block_comment = false;
  bool content = false;  // more than blanks and comments since `start`
  for (size_t i = 0; i < t.size(); ++i) {
    char c = t[i];
    if (line_comment) {
      if (c == '\n') line_comment = false;
    } else if (block_comment) {
      if (c == '*' && i + 1 < t.size() && t[i + 1] == '/') {
        block_comment = false;
        ++i;
      }
    } else if (quote != 0) {
      if (c == quote) quote = 0;  // a doubled quote reopens on the next character
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '-' && i + 1 < t.size() && t[i + 1] == '-') {
      line_comment = true;
    } else if (c == '/' && i + 1 < t.size() && t[i + 1] == '*') {
      block_comment = true;
    } else if (c == ';') {
      if (content) out.push_back(Trim(t.substr(start, i - start)));
      start = i + 1;
      content = false;
    } else if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
      content = true;
    }
    if (quote != 0) content = true;
  }
  text->erase(0, start);
  return out;
}

int RunShell(QuerySession* session) {
  return isatty(STDIN_FILENO) ? Interactive(session) : Piped(session);
}

}  // namespace floe::app
