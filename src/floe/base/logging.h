// Minimal leveled logging to stderr for operators, not for data: nothing a caller
// relies on is ever carried only by a log line.
//
//   FLOE_LOG(kInfo) << "flushed " << n << " records to " << path;
//
// writes one line, in a single write(2) so concurrent lines never interleave:
//
//   2024-05-01T12:34:56.789Z INFO delivery_loop.cc:42] flushed 12 records to ...
//
// The level argument is one of kDebug, kInfo, kWarning, kError; the spellings
// LogLevel::kInfo and floe::LogLevel::kInfo are accepted too. Stream arguments are
// not evaluated when the level is disabled. The minimum level comes from the
// environment variable FLOE_LOG_LEVEL (debug, info, warning or error, any case)
// at first use, defaults to info, and can be changed at any time by SetLogLevel().
// FLOE_LOG_FORMAT=json writes each line as a JSON object instead, for log shippers.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>

namespace floe {

enum class LogLevel { kDebug, kInfo, kWarning, kError };

// Messages below `level` are dropped. Thread-safe.
void SetLogLevel(LogLevel level);
LogLevel GetLogLevel();
bool ShouldLog(LogLevel level);

// "DEBUG", "INFO", "WARNING" or "ERROR".
std::string_view LogLevelName(LogLevel level);
// Parses a level name, ignoring case; "warn" is accepted for kWarning.
std::optional<LogLevel> ParseLogLevel(std::string_view text);

namespace internal {

// One log line without the trailing newline; `file` is reduced to its base name.
// Exposed for tests.
std::string FormatLogLine(int64_t unix_micros, LogLevel level, const char* file, int line,
                          std::string_view message);

// The same as one JSON object: {"time","level","source","message"}; used when
// the environment variable FLOE_LOG_FORMAT is "json".
std::string FormatJsonLogLine(int64_t unix_micros, LogLevel level, const char* file, int line,
                              std::string_view message);
// Collects one message and writes it to stderr when destroyed.
class LogMessage {
 public:
  LogMessage(LogLevel level, const char* file, int line)
      : level_(level), file_(file), line_(line) {}
  LogMessage(const LogMessage&) = delete;
  LogMessage& operator=(const LogMessage&) = delete;
  ~LogMessage();

  std::ostream& stream() { return stream_; }

 private:
  LogLevel level_;
  const char* file_;
  int line_;
  std::ostringstream stream_;
};

// Turns the streaming expression into void so FLOE_LOG fits both arms of ?:.
struct LogMessageVoidify {
  void operator&(std::ostream&) {}
};

// The scope FLOE_LOG's argument is looked up in, so that kInfo, LogLevel::kInfo and
// floe::LogLevel::kInfo all name the same level.
namespace log_level_scope {
namespace floe = ::floe;
using LogLevel = ::floe::LogLevel;
inline constexpr LogLevel kDebug = LogLevel::kDebug;
inline constexpr LogLevel kInfo = LogLevel::kInfo;
inline constexpr LogLevel kWarning = LogLevel::kWarning;
inline constexpr LogLevel kError = LogLevel::kError;
}  // namespace log_level_scope

}  // namespace internal
}  // namespace floe

#define FLOE_INTERNAL_LOG_LEVEL(level) ::floe::internal::log_level_scope::level

#define FLOE_LOG(level)                                                                      \
  !::floe::ShouldLog(FLOE_INTERNAL_LOG_LEVEL(level))                                         \
      ? (void)0                                                                              \
      : ::floe::internal::LogMessageVoidify() &                                              \
            ::floe::internal::LogMessage(FLOE_INTERNAL_LOG_LEVEL(level), __FILE__, __LINE__) \
                .stream()
