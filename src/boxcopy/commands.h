// The subcommands of boxcopy and the state they share: global flags, the
// HTTP client, and output in AzCopy's text or JSON form.
#pragma once

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/client.h"
#include "storage/blob_url.h"

namespace box::cli {

enum class OutputType { text, json };

// AzCopy's MessageType values for --output-type json lines.
enum class MessageType { info, warning, error, list_object, list_summary, progress, end_of_job, dry_run };

// AzCopy's exit codes: scripts written for AzCopy keep working.
inline constexpr int kExitSuccess = 0;
inline constexpr int kExitFailure = 1;  // a transfer failed or the job could not run
inline constexpr int kExitUsage = 2;    // invalid command line; nothing was started

class CommandContext {
 public:
  // Global flags, filled by CLI11 before a subcommand's callback runs.
  OutputType output_type = OutputType::text;
  std::string log_level = "INFO";
  std::vector<std::string> trusted_microsoft_suffixes;

  // Set by a subcommand that finished but had failures (e.g. some transfers failed).
  int exit_code = kExitSuccess;

  // Returns the process-wide HTTP client, created on first use.
  http::Client& http_client();

  // Writes one message to stdout: "INFO: text" style lines in text mode, one
  // {"TimeStamp","MessageType","MessageContent"} object per line in JSON mode.
  // The text passes redact_text first.
  void print(MessageType type, std::string_view text) const;
  // Writes a text-mode line as-is (no prefix); in JSON mode sends it as an info message.
  void print_plain(std::string_view text) const;

  // Sets up logging for a job: the log file at `log_path` at the --log-level,
  // and warnings and errors on stderr, or with --output-type json as Warning
  // and Error messages on stdout, as AzCopy sends them.
  void start_job_logging(const std::string& log_path, spdlog::level::level_enum file_level) const;

 private:
  std::unique_ptr<http::Client> http_client_;
};

// Parses a command's URL argument. Throws box::Error (usage) naming the
// redacted text when it is not an http(s) Blob Storage URL.
storage::BlobUrl parse_url_argument(const std::string& text, std::string_view command);

// Each subcommand adds itself to the app; its callback throws box::Error on
// failure, which main turns into a one-line message and an exit code.
void register_make_command(CLI::App& app, CommandContext& context);
void register_list_command(CLI::App& app, CommandContext& context);
void register_remove_command(CLI::App& app, CommandContext& context);
void register_copy_command(CLI::App& app, CommandContext& context);  // copy, alias cp
void register_doctor_command(CLI::App& app, CommandContext& context);
// login, login status and logout; also lets the other commands use the stored login.
void register_login_commands(CLI::App& app, CommandContext& context);

}  // namespace box::cli
