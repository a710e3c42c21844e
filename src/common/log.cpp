#include "common/log.h"

#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>

#include <algorithm>
#include <mutex>
#include <vector>

#include "common/redact.h"

namespace box {
namespace {

// Forwards each message, with secrets removed, to the wrapped sinks.
class RedactingSink : public spdlog::sinks::base_sink<std::mutex> {
 public:
  explicit RedactingSink(std::vector<spdlog::sink_ptr> sinks) : sinks_(std::move(sinks)) {}

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    const std::string clean = redact_text(std::string_view(msg.payload.data(), msg.payload.size()));
    spdlog::details::log_msg copy(msg.time, msg.source, msg.logger_name, msg.level, clean);
    copy.thread_id = msg.thread_id;
    for (auto& target : sinks_) {
      if (target->should_log(copy.level)) {
        target->log(copy);
      }
    }
  }

  void flush_() override {
    for (auto& target : sinks_) {
      target->flush();
    }
  }

 private:
  std::vector<spdlog::sink_ptr> sinks_;
};

// Hands each message's text to a ConsoleWriter.
class WriterSink : public spdlog::sinks::base_sink<std::mutex> {
 public:
  explicit WriterSink(ConsoleWriter writer) : writer_(std::move(writer)) {}

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    writer_(msg.level, std::string_view(msg.payload.data(), msg.payload.size()));
  }
  void flush_() override {}

 private:
  ConsoleWriter writer_;
};

}  // namespace

void setup_logging(const LogSettings& settings) {
  std::vector<spdlog::sink_ptr> sinks;
  spdlog::sink_ptr console;
  if (settings.console_writer) {
    console = std::make_shared<WriterSink>(settings.console_writer);
  } else {
    console = std::make_shared<spdlog::sinks::stderr_sink_mt>();
    console->set_pattern("%^%l%$: %v");
  }
  console->set_level(settings.stderr_level);
  sinks.push_back(console);

  auto lowest = settings.stderr_level;
  if (settings.file_path) {
    auto file = std::make_shared<spdlog::sinks::basic_file_sink_mt>(*settings.file_path);
    file->set_level(settings.file_level);
    file->set_pattern("%Y/%m/%d %H:%M:%S.%f [%l] [t%t] %v");
    sinks.push_back(file);
    lowest = std::min(lowest, settings.file_level);
  }

  auto redacting = std::make_shared<RedactingSink>(std::move(sinks));
  auto logger = std::make_shared<spdlog::logger>("box", redacting);
  logger->set_level(lowest);
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(logger);
}

std::optional<spdlog::level::level_enum> parse_log_level(const std::string& text) {
  std::string upper(text);
  std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
  if (upper == "DEBUG") return spdlog::level::debug;
  if (upper == "INFO") return spdlog::level::info;
  if (upper == "WARNING" || upper == "WARN") return spdlog::level::warn;
  if (upper == "ERROR") return spdlog::level::err;
  if (upper == "PANIC" || upper == "FATAL") return spdlog::level::critical;
  if (upper == "NONE") return spdlog::level::off;
  return std::nullopt;
}

}  // namespace box
