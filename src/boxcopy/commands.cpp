#include "boxcopy/commands.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <mutex>

#include "common/error.h"
#include "common/log.h"
#include "common/redact.h"

namespace box::cli {
namespace {

std::mutex output_mutex;

const char* message_type_name(MessageType type) {
  switch (type) {
    case MessageType::info: return "Info";
    case MessageType::warning: return "Warning";
    case MessageType::error: return "Error";
    case MessageType::list_object: return "ListObject";
    case MessageType::list_summary: return "ListSummary";
    case MessageType::progress: return "Progress";
    case MessageType::end_of_job: return "EndOfJob";
    case MessageType::dry_run: return "Dryrun";
  }
  return "Info";
}

const char* text_prefix(MessageType type) {
  switch (type) {
    case MessageType::info: return "INFO: ";
    case MessageType::warning: return "WARN: ";
    case MessageType::error: return "ERROR: ";
    default: return "";
  }
}

// Returns the current UTC time with microseconds, e.g. "2024-05-01T12:00:00.123456Z".
std::string timestamp_now() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  const auto micros =
      std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count() % 1000000;
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char date[32];
  std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &parts);
  char text[48];
  std::snprintf(text, sizeof text, "%s.%06lldZ", date, static_cast<long long>(micros));
  return text;
}

}  // namespace

http::Client& CommandContext::http_client() {
  if (!http_client_) {
    http_client_ = std::make_unique<http::Client>();
  }
  return *http_client_;
}

void CommandContext::print(MessageType type, std::string_view text) const {
  const std::string safe = redact_text(text);
  std::lock_guard lock(output_mutex);
  if (output_type == OutputType::json) {
    // ordered_json keeps AzCopy's key order: TimeStamp, MessageType, MessageContent.
    const nlohmann::ordered_json line = {
        {"TimeStamp", timestamp_now()}, {"MessageType", message_type_name(type)}, {"MessageContent", safe}};
    std::cout << line.dump() << std::endl;
  } else {
    std::cout << text_prefix(type) << safe << std::endl;
  }
}

void CommandContext::print_plain(std::string_view text) const {
  if (output_type == OutputType::json) {
    print(MessageType::info, text);
    return;
  }
  const std::string safe = redact_text(text);
  std::lock_guard lock(output_mutex);
  std::cout << safe << std::endl;
}

void CommandContext::start_job_logging(const std::string& log_path, spdlog::level::level_enum file_level) const {
  LogSettings settings{log_path, file_level, spdlog::level::warn, {}};
  if (output_type == OutputType::json) {
    settings.console_writer = [this](spdlog::level::level_enum level, std::string_view text) {
      print(level >= spdlog::level::err ? MessageType::error : MessageType::warning, text);
    };
  }
  setup_logging(settings);
}

storage::BlobUrl parse_url_argument(const std::string& text, std::string_view command) {
  if (const auto typo = storage::url_slash_typo(text)) {
    throw Error(ErrorKind::usage, *typo);
  }
  if (!storage::looks_like_url(text)) {
    throw Error(ErrorKind::usage, "'" + redact_url(text) + "' is not a Blob Storage URL; " + std::string(command) +
                                      " needs an http:// or https:// URL such as "
                                      "https://ACCOUNT.blob.core.windows.net/CONTAINER");
  }
  return storage::parse_blob_url(text);
}

}  // namespace box::cli
