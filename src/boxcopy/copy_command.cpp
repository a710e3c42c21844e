// `boxcopy copy` (alias `cp`): AzCopy v10's copy between local files and
// Blob Storage. Parses and checks the flags, sets up the job log, and prints
// progress and the final summary in text or JSON form.
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>

#include "boxcopy/commands.h"
#include "common/cancel.h"
#include "common/error.h"
#include "common/log.h"
#include "common/redact.h"
#include "common/state_dir.h"
#include "storage/blob_client.h"
#include "storage/credential_for_url.h"
#include "transfer/block_sizing.h"
#include "transfer/copy_job.h"

namespace box::cli {
namespace {

struct CopyFlags {
  std::string source;
  std::string destination;
  std::string from_to;
  bool recursive = false;
  bool as_subdir = true;
  std::string overwrite = "true";
  std::string block_size_mb;
  std::string put_blob_size_mb;
  bool put_md5 = false;
  std::string check_md5 = "FailIfDifferent";
  bool check_length = true;
  bool dry_run = false;
  std::string include_pattern;
  std::string exclude_pattern;
  bool follow_symlinks = false;
  double cap_mbps = 0;
};

bool ends_with(const std::string& text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Removes a trailing "/*" (copy the folder's contents, not the folder). Returns true when there was one.
bool strip_contents_wildcard(std::string& path) {
  if (path == "*") {
    path.clear();
    return true;
  }
  if (ends_with(path, "/*")) {
    path.resize(path.size() - 1);
    return true;
  }
  return false;
}

transfer::Direction infer_direction(const CopyFlags& flags) {
  for (const std::string* argument : {&flags.source, &flags.destination}) {
    if (const auto typo = storage::url_slash_typo(*argument)) {
      throw Error(ErrorKind::usage, *typo);
    }
  }
  const bool source_is_url = storage::looks_like_url(flags.source);
  const bool destination_is_url = storage::looks_like_url(flags.destination);
  if (source_is_url && destination_is_url) {
    throw Error(ErrorKind::usage, "both source and destination are URLs; copying between services is not supported");
  }
  if (!source_is_url && !destination_is_url) {
    throw Error(ErrorKind::usage,
                "neither source nor destination is a Blob Storage URL; one of them must start with https:// or http://");
  }
  const transfer::Direction inferred = source_is_url ? transfer::Direction::download : transfer::Direction::upload;
  if (!flags.from_to.empty() && transfer::parse_from_to(flags.from_to) != inferred) {
    throw Error(ErrorKind::usage, "--from-to " + flags.from_to + " does not match the arguments: the " +
                                      (source_is_url ? "source" : "destination") + " is the URL, so use --from-to " +
                                      (source_is_url ? "BlobLocal" : "LocalBlob"));
  }
  return inferred;
}

// Builds the job settings; every check that can fail before a transfer starts happens here.
transfer::CopyOptions build_options(const CopyFlags& flags) {
  transfer::CopyOptions options;
  options.direction = infer_direction(flags);
  const bool upload = options.direction == transfer::Direction::upload;
  options.local_path = upload ? flags.source : flags.destination;
  options.remote = storage::parse_blob_url(upload ? flags.destination : flags.source);
  if (options.remote.container.empty()) {
    throw Error(ErrorKind::usage, "the URL '" + redact_url(upload ? flags.destination : flags.source) +
                                      "' names no container; add the container name to its path");
  }
  if (upload) {
    options.source_contents_only = strip_contents_wildcard(options.local_path);
  } else {
    options.source_contents_only = strip_contents_wildcard(options.remote.blob_path);
  }
  if (options.local_path.empty()) {
    options.local_path = ".";
  }

  options.recursive = flags.recursive;
  options.as_subdir = flags.as_subdir;
  options.overwrite = transfer::parse_overwrite_mode(flags.overwrite);
  if (!flags.block_size_mb.empty()) {
    options.block_size = transfer::parse_mebibytes("--block-size-mb", flags.block_size_mb, transfer::kMaxBlockSize);
  }
  if (!flags.put_blob_size_mb.empty()) {
    options.put_blob_size =
        transfer::parse_mebibytes("--put-blob-size-mb", flags.put_blob_size_mb, transfer::kMaxPutBlobSize);
  }
  options.put_md5 = flags.put_md5;
  options.check_md5 = transfer::parse_md5_check(flags.check_md5);
  options.check_length = flags.check_length;
  options.dry_run = flags.dry_run;
  options.follow_symlinks = flags.follow_symlinks;
  options.filter = transfer::NameFilter(flags.include_pattern, flags.exclude_pattern);
  options.concurrency = transfer::concurrency_from_environment();
  options.buffer_bytes = transfer::buffer_budget_from_environment();
  if (flags.cap_mbps < 0) {
    throw Error(ErrorKind::usage, "invalid value " + std::to_string(flags.cap_mbps) +
                                      " for --cap-mbps: use a positive number of megabits per second");
  }
  if (options.overwrite == transfer::OverwriteMode::prompt && !options.dry_run && isatty(STDIN_FILENO) == 0) {
    throw Error(ErrorKind::usage,
                "--overwrite=prompt needs a terminal on standard input to ask; use --overwrite true, false or "
                "ifSourceNewer in scripts");
  }
  return options;
}

// Prints the job's messages through CommandContext, serialized across threads.
class CommandReporter : public transfer::JobReporter {
 public:
  explicit CommandReporter(const CommandContext& context)
      : context_(context), progress_on_terminal_(context.output_type == OutputType::text && isatty(STDOUT_FILENO)) {}

  void info(std::string_view text) override {
    std::lock_guard lock(mutex_);
    clear_progress_line();
    context_.print(MessageType::info, text);
  }

  void dry_run(std::string_view source, std::string_view destination) override {
    std::lock_guard lock(mutex_);
    if (context_.output_type == OutputType::json) {
      const nlohmann::json content = {{"EntityType", "File"},
                                      {"FromTo", from_to_},
                                      {"Source", std::string(source)},
                                      {"Destination", std::string(destination)}};
      context_.print(MessageType::dry_run, content.dump());
    } else {
      context_.print_plain("DRYRUN: copy " + std::string(source) + " to " + std::string(destination));
    }
  }

  void progress(const transfer::JobSummary& summary, double throughput) override {
    std::lock_guard lock(mutex_);
    if (context_.output_type == OutputType::json) {
      context_.print(MessageType::progress, transfer::summary_json(summary).dump());
    } else if (progress_on_terminal_) {
      const std::string line = transfer::format_progress_line(summary, throughput);
      std::printf("\r%-*s", static_cast<int>(std::max<std::size_t>(line.size(), last_width_)), line.c_str());
      std::fflush(stdout);
      last_width_ = line.size();
    }
  }

  transfer::OverwriteAnswer prompt_overwrite(std::string_view destination) override {
    std::lock_guard lock(mutex_);
    clear_progress_line();
    while (true) {
      std::printf("%s already exists. Overwrite it? (y)es, (n)o, (a)ll yes, (l) all no: ",
                  std::string(destination).c_str());
      std::fflush(stdout);
      std::string answer;
      if (!std::getline(std::cin, answer)) {
        return transfer::OverwriteAnswer::no_to_all;  // stdin closed: keep every existing file
      }
      if (answer == "y" || answer == "Y") return transfer::OverwriteAnswer::yes;
      if (answer == "n" || answer == "N") return transfer::OverwriteAnswer::no;
      if (answer == "a" || answer == "A") return transfer::OverwriteAnswer::yes_to_all;
      if (answer == "l" || answer == "L") return transfer::OverwriteAnswer::no_to_all;
    }
  }

  void end_of_job(const transfer::JobSummary& summary) {
    std::lock_guard lock(mutex_);
    clear_progress_line();
    if (context_.output_type == OutputType::json) {
      context_.print(MessageType::end_of_job, transfer::summary_json(summary).dump());
    } else {
      context_.print_plain(transfer::format_summary_text(summary));
    }
  }

  void set_from_to(std::string value) { from_to_ = std::move(value); }

 private:
  void clear_progress_line() {
    if (progress_on_terminal_ && last_width_ > 0) {
      std::printf("\r%*s\r", static_cast<int>(last_width_), "");
      std::fflush(stdout);
      last_width_ = 0;
    }
  }

  const CommandContext& context_;
  const bool progress_on_terminal_;
  std::mutex mutex_;
  std::size_t last_width_ = 0;
  std::string from_to_;
};

std::string iso_time_now() {
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  char text[32];
  std::tm utc{};
  gmtime_r(&now, &utc);
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

// Records the job in the job plan folder, so its id, arguments and outcome
// can be looked up after the run. URLs are stored redacted.
void write_job_record(const std::string& job_id, const transfer::CopyOptions& options, const std::string& status,
                      const std::string& log_path) {
  const bool upload = options.direction == transfer::Direction::upload;
  const std::string remote = redact_url(options.remote.resource_url());
  const nlohmann::json record = {{"JobID", job_id},
                                 {"Command", "copy"},
                                 {"FromTo", upload ? "LocalBlob" : "BlobLocal"},
                                 {"Source", upload ? options.local_path : remote},
                                 {"Destination", upload ? remote : options.local_path},
                                 {"JobStatus", status},
                                 {"LogFile", log_path},
                                 {"UpdatedAt", iso_time_now()}};
  const std::string path = job_plan_dir() + "/" + job_id + ".json";
  std::ofstream out(path, std::ios::trunc);
  out << record.dump(2) << "\n";
  if (!out) {
    spdlog::warn("could not write the job record '{}'", path);
  }
}

void run_copy(const CopyFlags& flags, CommandContext& context) {
  const transfer::CopyOptions options = build_options(flags);
  const auto file_level = parse_log_level(context.log_level);
  if (!file_level) {
    throw Error(ErrorKind::usage, "invalid value '" + context.log_level +
                                      "' for --log-level: use DEBUG, INFO, WARNING, ERROR, PANIC or NONE");
  }

  const std::string job_id = transfer::new_job_id();
  const std::string log_path = log_dir() + "/" + job_id + ".log";
  context.start_job_logging(log_path, *file_level);
  if (flags.cap_mbps > 0) {
    spdlog::warn("--cap-mbps {} is accepted for AzCopy compatibility but not enforced", flags.cap_mbps);
  }

  CommandReporter reporter(context);
  const bool upload = options.direction == transfer::Direction::upload;
  reporter.set_from_to(upload ? "LocalBlob" : "BlobLocal");
  if (context.output_type == OutputType::text) {
    context.print_plain("\nJob " + job_id + " has started\nLog file is located at: " + log_path + "\n");
  } else {
    context.print(MessageType::info, nlohmann::json{{"JobID", job_id}, {"LogFileLocation", log_path}}.dump());
  }
  write_job_record(job_id, options, "InProgress", log_path);
  install_cancel_handlers();

  storage::BlobClient client(context.http_client(), storage::credential_for_url(options.remote));
  transfer::JobSummary summary;
  try {
    summary = transfer::run_copy_job(options, client, reporter, job_id);
  } catch (const std::exception& error) {
    // main prints the error on stderr; the job log records it too.
    spdlog::info("job {} could not run: {}", job_id, redact_text(error.what()));
    write_job_record(job_id, options, "Failed", log_path);
    throw;
  }
  write_job_record(job_id, options, transfer::job_status(summary), log_path);
  if (summary.cancel_signal != 0) {
    throw Error(ErrorKind::cancelled, transfer::format_cancel_line(summary));
  }
  if (const std::uint64_t retried = context.http_client().retried_attempts(); retried > http::kRetryWarningsOnStderr) {
    spdlog::warn("{} failed requests were retried in all; the job log lists each one", retried);
  }
  if (!options.dry_run) {
    reporter.end_of_job(summary);
  }
  context.exit_code = summary.failed > 0 ? kExitFailure : kExitSuccess;
}

}  // namespace

void register_copy_command(CLI::App& app, CommandContext& context) {
  auto flags = std::make_shared<CopyFlags>();
  CLI::App* command = app.add_subcommand("copy", "Copy files and folders to or from Azure Blob Storage (AzCopy v10 syntax)");
  command->alias("cp");
  command->add_option("source", flags->source, "Local path or Blob URL to copy from; end a folder with /* for its contents")
      ->required();
  command->add_option("destination", flags->destination, "Local path or Blob URL to copy to")->required();

  command->add_option("--from-to", flags->from_to, "LocalBlob or BlobLocal; inferred from the arguments when omitted");
  command->add_flag("--recursive", flags->recursive, "Copy folders and virtual directories with everything below them");
  command->add_flag("--as-subdir", flags->as_subdir,
                    "Place a folder source as a sub-folder of the destination (default true)");

  command->add_option("--overwrite", flags->overwrite,
                      "What to do when the destination exists: true, false, ifSourceNewer or prompt (default true)");
  command->add_option("--block-size-mb", flags->block_size_mb,
                      "Block size in MiB for uploads and range size for downloads; fractions allowed (default 8, "
                      "grown for files over 50,000 blocks)");
  command->add_option("--put-blob-size-mb", flags->put_blob_size_mb,
                      "Files up to this size in MiB go up in one Put Blob request (default: the block size)");

  command->add_flag("--put-md5", flags->put_md5, "Store each file's MD5 as the blob's Content-MD5");
  command->add_option("--check-md5", flags->check_md5,
                      "How downloads check the blob's Content-MD5: NoCheck, LogOnly, FailIfDifferent (default) or "
                      "FailIfDifferentOrMissing");
  command->add_flag("--check-length", flags->check_length,
                    "Check that each downloaded file has the blob's length (default true)");

  command->add_flag("--dry-run", flags->dry_run, "Print what would be copied without copying anything");
  command->add_option("--include-pattern", flags->include_pattern,
                      "Copy only files whose name matches one of these ';'-separated patterns (* ? [...])");
  command->add_option("--exclude-pattern", flags->exclude_pattern,
                      "Skip files whose name matches one of these ';'-separated patterns (* ? [...])");
  command->add_flag("--follow-symlinks", flags->follow_symlinks,
                    "Copy the targets of symbolic links instead of skipping the links");
  command->add_option("--cap-mbps", flags->cap_mbps, "Accepted for AzCopy compatibility; not enforced");

  command->callback([flags, &context] { run_copy(*flags, context); });
}

}  // namespace box::cli
