#include "floe/base/logging.h"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <mutex>

#include "floe/base/clock.h"

namespace floe {
namespace {

LogLevel InitialLevel() {
  const char* env = std::getenv("FLOE_LOG_LEVEL");
  if (env == nullptr || *env == '\0') return LogLevel::kInfo;
  std::optional<LogLevel> level = ParseLogLevel(env);
  if (!level) {
    std::fprintf(stderr, "floe: ignoring unknown FLOE_LOG_LEVEL=%s, using info\n", env);
    return LogLevel::kInfo;
  }
  return *level;
}

// Read at first use rather than at static initialization, so the environment a
// test or embedding program sets before its first log line is honoured.
std::atomic<LogLevel>& LevelSlot() {
  static std::atomic<LogLevel> level(InitialLevel());
  return level;
}

const char* BaseName(const char* path) {
  const char* slash = std::strrchr(path, '/');
  return slash == nullptr ? path : slash + 1;
}

// Writes all of `text` to stderr. The mutex keeps lines whole even where a single
// write(2) could be split (regular files without O_APPEND, partial writes).
void WriteToStderr(std::string_view text) {
  static std::mutex mu;
  std::lock_guard<std::mutex> lock(mu);
  while (!text.empty()) {
    ssize_t n = ::write(STDERR_FILENO, text.data(), text.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return;  // Nowhere left to report a failure to log.
    }
    text.remove_prefix(static_cast<size_t>(n));
  }
}

}  // namespace

void SetLogLevel(LogLevel level) { LevelSlot().store(level, std::memory_order_relaxed); }

LogLevel GetLogLevel() { return LevelSlot().load(std::memory_order_relaxed); }

bool ShouldLog(LogLevel level) { return level >= GetLogLevel(); }

std::string_view LogLevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "DEBUG";
    case LogLevel::kInfo:
      return "INFO";
    case LogLevel::kWarning:
      return "WARNING";
    case LogLevel::kError:
      return "ERROR";
  }
  return "UNKNOWN";
}

std::optional<LogLevel> ParseLogLevel(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  if (lower == "debug") return LogLevel::kDebug;
  if (lower == "info") return LogLevel::kInfo;
  if (lower == "warning" || lower == "warn") return LogLevel::kWarning;
  if (lower == "error") return LogLevel::kError;
  return std::nullopt;
}

namespace internal {

std::string FormatLogLine(int64_t unix_micros, LogLevel level, const char* file, int line,
                          std::string_view message) {
  int64_t millis = unix_micros / 1000;
  if (unix_micros % 1000 < 0) --millis;
  std::time_t seconds = static_cast<std::time_t>(millis / 1000);
  int64_t millis_part = millis % 1000;
  if (millis_part < 0) {
    millis_part += 1000;
    --seconds;
  }
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char prefix[64];
  std::snprintf(prefix, sizeof(prefix), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(millis_part));
  std::string out(prefix);
  out += LogLevelName(level);
  out += ' ';
  out += BaseName(file);
  out += ':';
  out += std::to_string(line);
  out += "] ";
  out += message;
  return out;
}

std::string FormatJsonLogLine(int64_t unix_micros, LogLevel level, const char* file, int line,
                              std::string_view message) {
  // The text line starts with the time; reuse its formatting.
  std::string text = FormatLogLine(unix_micros, level, file, line, "");
  std::string out = "{\"time\":\"" + text.substr(0, text.find(' ')) + "\",\"level\":\"";
  out += LogLevelName(level);
  out += "\",\"source\":\"";
  out += BaseName(file);
  out += ':' + std::to_string(line) + "\",\"message\":\"";
  for (unsigned char c : message) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += "\"}";
  return out;
}

namespace {
bool JsonFormat() {
  static const bool json = [] {
    const char* env = std::getenv("FLOE_LOG_FORMAT");
    return env != nullptr && std::strcmp(env, "json") == 0;
  }();
  return json;
}
}  // namespace

LogMessage::~LogMessage() {
  const int64_t now = SystemClock::Default()->NowMicros();
  std::string text = JsonFormat() ? FormatJsonLogLine(now, level_, file_, line_, stream_.str())
                                  : FormatLogLine(now, level_, file_, line_, stream_.str());
  text += '\n';
  WriteToStderr(text);
}

}  // namespace internal
}  // namespace floe
