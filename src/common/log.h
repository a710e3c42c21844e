// Logging set-up: one spdlog default logger whose messages pass redact_text
// before they reach the log file or stderr, so no sink ever sees a secret.
#pragma once

#include <spdlog/spdlog.h>

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace box {

// Receives a console message (already redacted) instead of stderr.
using ConsoleWriter = std::function<void(spdlog::level::level_enum level, std::string_view text)>;

struct LogSettings {
  std::optional<std::string> file_path;                 // no file log when empty
  spdlog::level::level_enum file_level = spdlog::level::info;
  spdlog::level::level_enum stderr_level = spdlog::level::warn;
  // When set, console messages go here instead of stderr, e.g. as JSON lines on stdout.
  ConsoleWriter console_writer;
};

// Replaces the default logger. Safe to call again (for example once a job id is known).
void setup_logging(const LogSettings& settings);

// Parses AzCopy's --log-level values (DEBUG, INFO, WARNING, ERROR, PANIC, FATAL, NONE),
// case-insensitively. Returns nullopt for anything else.
std::optional<spdlog::level::level_enum> parse_log_level(const std::string& text);

}  // namespace box
