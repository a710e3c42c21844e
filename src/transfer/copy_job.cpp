#include "transfer/copy_job.h"

#include <openssl/rand.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "common/cancel.h"
#include "common/redact.h"
#include "common/state_dir.h"
#include "transfer/job_context.h"
#include "transfer/local_files.h"
#include "transfer/path_mapping.h"

namespace box::transfer {
namespace {

// Failures beyond this many reach only the log file, not stderr.
constexpr std::uint64_t kFailuresOnStderr = 20;

bool ends_with_slash(const std::string& text) { return !text.empty() && text.back() == '/'; }

// Returns the folder or file name the source contributes to destination
// paths; "." and trailing slashes resolve to the real folder name.
std::string source_name_of(const std::string& local_path) {
  const std::string name = last_segment(local_path);
  if (name.empty() || name == "." || name == ".." || name == "/") {
    std::error_code ignored;
    const auto absolute = std::filesystem::weakly_canonical(local_path, ignored);
    return absolute.filename().string();
  }
  return name;
}

TransferDetail enumeration_failure(const std::string& source, const std::string& destination) {
  TransferDetail detail;
  detail.source = source;
  detail.destination = destination;
  return detail;
}

// True when the destination path names an existing virtual directory, so
// that a single file goes inside it, as AzCopy does.
// A credential that may not list (a write-only SAS) makes the path a blob name.
bool is_virtual_directory(JobContext& job, const std::string& blob_path) {
  try {
    const auto page = job.client.list_blobs(job.options.remote, blob_path + "/", "", "", 1);
    return !page.items.empty();
  } catch (const std::exception& error) {
    spdlog::info("cannot list '{}/' to check for a virtual directory, so it is used as the blob name: {}", blob_path,
                 error.what());
    return false;
  }
}

// After cancellation, enumeration stops (the throw ends the walk or listing)
// and queued files return without starting, so they count as not started.
void schedule_upload(JobContext& job, UploadItem item) {
  throw_if_cancelled();
  job.counters.add_found(item.size);
  if (job.options.dry_run) {
    job.reporter.dry_run(item.local_path, redact_url(job.options.remote.blob_url(item.blob_name)));
    return;
  }
  job.pool.submit_file([&job, item = std::move(item)]() mutable {
    if (!cancel_requested()) {
      upload_file(job, std::move(item));
    }
  });
}

void schedule_download(JobContext& job, DownloadItem item) {
  throw_if_cancelled();
  job.counters.add_found(item.size);
  if (job.options.dry_run) {
    job.reporter.dry_run(redact_url(job.options.remote.blob_url(item.blob_name)), item.local_path);
    return;
  }
  job.pool.submit_file([&job, item = std::move(item)]() mutable {
    if (!cancel_requested()) {
      download_file(job, std::move(item));
    }
  });
}

void handle_local_entry(JobContext& job, LocalEntry&& entry, const std::string& destination, bool as_subdir,
                        const std::string& source_name) {
  const CopyOptions& options = job.options;
  // Entries the patterns exclude are neither copied nor counted as skipped;
  // a folder that cannot be read (EntryKind::error) is reported whatever its name.
  if (entry.kind != EntryKind::error && !options.filter.accepts(last_segment(entry.relative_path))) {
    return;
  }
  const std::string blob_name =
      upload_blob_name(destination, true, source_name, entry.relative_path, true, as_subdir);
  switch (entry.kind) {
    case EntryKind::symlink_skipped:
      job.counters.add_symlink_skipped();
      spdlog::info("skipped symbolic link '{}'", entry.path);
      return;
    case EntryKind::special:
      job.counters.add_special_file_skipped();
      spdlog::info("skipped '{}': not a regular file (a FIFO, socket or device)", entry.path);
      return;
    case EntryKind::broken_symlink:
    case EntryKind::error:
      job.counters.add_found(0);
      job.fail(enumeration_failure(entry.path, redact_url(options.remote.blob_url(blob_name))), entry.error, 0);
      return;
    case EntryKind::file:
      break;
  }
  schedule_upload(job, UploadItem{entry.path, blob_name, entry.size, entry.mtime});
}

// Creates the destination container if it is missing, as AzCopy does. An
// unreachable endpoint fails the job here, before any file is tried.
void ensure_container(JobContext& job) {
  if (job.options.dry_run) {
    return;
  }
  const storage::BlobUrl& remote = job.options.remote;
  try {
    job.client.create_container(remote);
  } catch (const Error& error) {
    if (error.kind() == ErrorKind::network) {
      throw Error(ErrorKind::network, "cannot reach " + redact_url(remote.service_base) + " to create container '" +
                                          remote.container + "': " + error.what() +
                                          "; check the URL and that the service is running");
    }
    // A SAS scoped to a container often may not create one; the uploads then show the real error.
    spdlog::debug("could not create the container (it may exist already): {}", error.what());
  }
}

void enumerate_upload(JobContext& job) {
  const CopyOptions& options = job.options;
  struct stat info {};
  if (stat(options.local_path.c_str(), &info) != 0) {
    throw system_error("reading the source", options.local_path, errno);
  }
  const std::string& destination = options.remote.blob_path;
  const std::string source_name = source_name_of(options.local_path);

  if (S_ISREG(info.st_mode)) {
    if (options.source_contents_only) {
      throw Error(ErrorKind::usage, "'" + options.local_path + "/*' is not valid: '" + options.local_path +
                                        "' is a file, not a folder");
    }
    ensure_container(job);
    const bool destination_is_directory =
        destination.empty() || ends_with_slash(destination) || is_virtual_directory(job, destination);
    const std::string blob_name =
        upload_blob_name(destination, destination_is_directory, source_name, "", false, options.as_subdir);
    schedule_upload(job, UploadItem{options.local_path, blob_name, static_cast<std::uint64_t>(info.st_size),
                                    info.st_mtim});
    return;
  }
  if (!S_ISDIR(info.st_mode)) {
    throw Error(ErrorKind::input, "'" + options.local_path + "' is not a regular file or folder");
  }
  if (!options.recursive && !options.source_contents_only) {
    throw Error(ErrorKind::usage, "'" + options.local_path +
                                      "' is a folder: add --recursive to copy it, or end it with /* to copy only "
                                      "the files directly in it");
  }
  const bool as_subdir = options.as_subdir && !options.source_contents_only;
  ensure_container(job);
  walk_folder(options.local_path, WalkOptions{options.recursive, options.follow_symlinks},
              [&](LocalEntry&& entry) { handle_local_entry(job, std::move(entry), destination, as_subdir, source_name); });
}

bool local_is_directory(const std::string& path) {
  struct stat info {};
  return stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
}

// Lists one page of the source container. A missing container becomes one
// error naming it, instead of a failed listing of a prefix.
storage::ListPage list_source(JobContext& job, const std::string& prefix, std::string_view delimiter,
                              std::string_view marker, int max_results = 0) {
  const storage::BlobUrl& remote = job.options.remote;
  try {
    return job.client.list_blobs(remote, prefix, delimiter, marker, max_results);
  } catch (const storage::ServiceError& error) {
    if (error.error_code() != "ContainerNotFound") {
      throw;
    }
    throw Error(ErrorKind::input, "container '" + remote.container + "' not found at " +
                                      redact_url(remote.service_base) + " (404 ContainerNotFound, request id " +
                                      error.request_id() + "); check the container name");
  }
}

// Throws the error for a source URL whose blob path names no blob: the
// container is missing, the path is a virtual directory that needs
// --recursive, or nothing of that name exists.
[[noreturn]] void raise_missing_source(JobContext& job) {
  const storage::BlobUrl& remote = job.options.remote;
  const auto page = list_source(job, remote.blob_path + "/", "", "", 1);
  if (!page.items.empty()) {
    throw Error(ErrorKind::input, "'" + remote.blob_path + "' in container '" + remote.container +
                                      "' is a virtual directory, not a blob; to copy it add --recursive, or end "
                                      "the URL with /* to copy only the blobs directly in it");
  }
  throw Error(ErrorKind::input, "blob '" + remote.blob_path + "' not found in container '" + remote.container +
                                    "'; check the name (blob names are case-sensitive)");
}

// Downloads a single blob when the URL names one. Returns false when it does not.
bool try_single_blob(JobContext& job) {
  const CopyOptions& options = job.options;
  const std::string& blob_path = options.remote.blob_path;
  if (blob_path.empty() || ends_with_slash(blob_path) || options.source_contents_only) {
    return false;
  }
  const auto properties = job.client.get_properties(options.remote, blob_path);
  if (!properties) {
    return false;
  }
  const std::string name = last_segment(blob_path);
  const bool destination_is_directory = local_is_directory(options.local_path) || ends_with_slash(options.local_path);
  if (const auto reason = unsafe_name_reason(name); reason && destination_is_directory) {
    throw Error(ErrorKind::input, "the blob name '" + blob_path + "' cannot be used as a local file name: " + *reason);
  }
  DownloadItem item;
  item.blob_name = blob_path;
  item.local_path = download_local_path(options.local_path, destination_is_directory, name, "", false, true);
  item.size = properties->size;
  item.content_md5 = properties->content_md5;
  item.last_modified = properties->last_modified;
  schedule_download(job, std::move(item));
  return true;
}

void handle_listed_blob(JobContext& job, const storage::BlobItem& blob, const std::string& prefix,
                        const std::string& source_name, bool as_subdir) {
  const CopyOptions& options = job.options;
  const std::string relative = blob.name.substr(prefix.size());
  if (blob.size == 0 && ends_with_slash(blob.name)) {
    spdlog::debug("skipped folder marker blob '{}'", blob.name);
    return;
  }
  if (const auto reason = unsafe_name_reason(relative)) {
    job.counters.add_found(blob.size);
    TransferDetail detail = enumeration_failure(redact_url(options.remote.blob_url(blob.name)), options.local_path);
    detail.size = blob.size;
    job.fail(detail,
             "the blob name '" + blob.name + "' would be written outside '" + options.local_path + "' (" + *reason +
                 "); download it on its own to a file path of your choice",
             0);
    return;
  }
  if (!options.filter.accepts(last_segment(relative))) {
    return;
  }
  DownloadItem item;
  item.blob_name = blob.name;
  item.local_path = download_local_path(options.local_path, true, source_name, relative, true, as_subdir);
  item.size = blob.size;
  item.content_md5 = blob.content_md5;
  item.last_modified = blob.last_modified;
  schedule_download(job, std::move(item));
}

void enumerate_download(JobContext& job) {
  const CopyOptions& options = job.options;
  if (options.remote.container.empty()) {
    throw Error(ErrorKind::usage, "the source URL names no container; copying a whole account is not supported");
  }
  if (try_single_blob(job)) {
    return;
  }
  const std::string& blob_path = options.remote.blob_path;
  if (!options.recursive && !options.source_contents_only) {
    if (!blob_path.empty() && !ends_with_slash(blob_path)) {
      raise_missing_source(job);
    }
    // A container or folder URL without --recursive: no request was sent.
    throw Error(ErrorKind::usage, "'" + redact_url(options.remote.resource_url()) +
                                      "' names a container or virtual directory; to copy it add --recursive, or "
                                      "end the URL with /* to copy only the blobs directly in it");
  }
  const std::string prefix = blob_path.empty() || ends_with_slash(blob_path) ? blob_path : blob_path + "/";
  const std::string source_name = blob_path.empty() ? options.remote.container : last_segment(blob_path);
  const bool as_subdir = options.as_subdir && !options.source_contents_only;
  if (local_is_directory(options.local_path) == false && !options.dry_run) {
    make_dirs(options.local_path, 0777);
  }

  std::string marker;
  std::uint64_t listed = 0;
  do {
    const auto page = list_source(job, prefix, options.recursive ? "" : "/", marker);
    for (const auto& blob : page.items) {
      if (!blob.is_prefix) {
        ++listed;
        handle_listed_blob(job, blob, prefix, source_name, as_subdir);
      }
    }
    marker = page.next_marker;
  } while (!marker.empty());
  if (listed == 0) {
    throw Error(ErrorKind::input, "no blobs found under '" + redact_url(options.remote.blob_url(prefix)) +
                                      "'; check the container name and path");
  }
}

// Calls reporter.progress every 2 seconds, as AzCopy reports, until stopped.
class ProgressTicker {
 public:
  explicit ProgressTicker(JobContext& job) : job_(job), thread_([this] { run(); }) {}
  ~ProgressTicker() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }

 private:
  void run() {
    std::uint64_t previous_bytes = 0;
    auto previous_time = std::chrono::steady_clock::now();
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, std::chrono::seconds(2), [this] { return stopping_; })) {
      const JobSummary summary = job_.counters.snapshot(false);
      const auto now = std::chrono::steady_clock::now();
      const double seconds = std::chrono::duration<double>(now - previous_time).count();
      const double delta = static_cast<double>(summary.bytes_transferred) - static_cast<double>(previous_bytes);
      job_.reporter.progress(summary, seconds > 0 ? std::max(0.0, delta) / seconds : 0.0);
      previous_bytes = summary.bytes_transferred;
      previous_time = now;
    }
  }

  JobContext& job_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

// Prints one line for all skipped symbolic links and one for all special
// files; the job log names each of them.
void warn_skipped_entries(const JobSummary& summary) {
  if (summary.symlinks_skipped == 1) {
    spdlog::warn("1 symbolic link skipped (named in the job log; use --follow-symlinks to copy its target)");
  } else if (summary.symlinks_skipped > 1) {
    spdlog::warn("{} symbolic links skipped (listed in the job log; use --follow-symlinks to copy their targets)",
                 summary.symlinks_skipped);
  }
  if (summary.special_files_skipped > 0) {
    spdlog::warn("{} FIFOs, sockets or devices skipped (listed in the job log); only regular files are copied",
                 summary.special_files_skipped);
  }
}

}  // namespace

JobContext::JobContext(const CopyOptions& job_options, storage::BlobClient& blob_client, JobReporter& job_reporter,
                       std::string id)
    : options(job_options),
      client(blob_client),
      reporter(job_reporter),
      job_id(std::move(id)),
      counters(job_id),
      budget(job_options.buffer_bytes),
      pool(job_options.concurrency, 2 * static_cast<std::size_t>(job_options.concurrency)) {}

bool JobContext::confirm_overwrite(const std::string& destination) {
  std::lock_guard lock(prompt_mutex_);
  if (overwrite_all_) {
    return *overwrite_all_;
  }
  switch (reporter.prompt_overwrite(destination)) {
    case OverwriteAnswer::yes:
      return true;
    case OverwriteAnswer::no:
      return false;
    case OverwriteAnswer::yes_to_all:
      overwrite_all_ = true;
      return true;
    case OverwriteAnswer::no_to_all:
      overwrite_all_ = false;
      return false;
  }
  return false;
}

void JobContext::fail(TransferDetail detail, const std::exception& error, std::uint64_t bytes_counted) {
  if (const auto* service = dynamic_cast<const storage::ServiceError*>(&error)) {
    detail.error_code = service->status();
  }
  fail(std::move(detail), std::string(error.what()), bytes_counted);
}

void JobContext::fail(TransferDetail detail, const std::string& message, std::uint64_t bytes_counted) {
  if (cancel_requested()) {
    // The transfer stopped because of the signal; its temporary file is already removed.
    spdlog::info("stopped '{}' to '{}' after cancellation: {}", detail.source, detail.destination,
                 redact_text(message));
    counters.add_interrupted();
    return;
  }
  detail.status = "Failed";
  detail.error_message = redact_text(message);
  const std::uint64_t count = ++failures_reported_;
  if (count <= kFailuresOnStderr) {
    spdlog::error("failed to copy '{}' to '{}': {}", detail.source, detail.destination, detail.error_message);
    if (count == kFailuresOnStderr) {
      spdlog::warn("further failures are written only to the job log");
    }
  } else {
    spdlog::info("FAILED: '{}' to '{}': {}", detail.source, detail.destination, detail.error_message);
  }
  counters.add_failed(std::move(detail), bytes_counted);
}

void JobContext::skip(TransferDetail detail, const std::string& reason) {
  detail.status = "SkippedEntityAlreadyExists";
  spdlog::info("skipped '{}': {}", detail.destination, reason);
  counters.add_skipped(std::move(detail));
}

std::string new_job_id() {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1) {
    throw Error(ErrorKind::internal, "cannot generate random bytes for a job id");
  }
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0F) | 0x40);  // version 4
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3F) | 0x80);  // RFC 4122 variant
  char text[37];
  std::snprintf(text, sizeof text, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", bytes[0],
                bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8], bytes[9], bytes[10],
                bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]);
  return text;
}

JobSummary run_copy_job(const CopyOptions& options, storage::BlobClient& client, JobReporter& reporter,
                        const std::string& job_id) {
  JobContext job(options, client, reporter, job_id);
  spdlog::info("job {} started: {} '{}' {} '{}', {} parallel requests, buffer budget {} bytes", job_id,
               options.direction == Direction::upload ? "upload from" : "download from",
               options.direction == Direction::upload ? options.local_path : redact_url(options.remote.resource_url()),
               "to",
               options.direction == Direction::upload ? redact_url(options.remote.resource_url()) : options.local_path,
               options.concurrency, options.buffer_bytes);
  {
    std::optional<ProgressTicker> ticker;
    if (!options.dry_run) {
      ticker.emplace(job);
    }
    try {
      if (options.direction == Direction::upload) {
        enumerate_upload(job);
      } else {
        enumerate_download(job);
      }
    } catch (const std::exception& error) {
      // After a signal, whatever stopped the enumeration is the cancellation.
      if (!cancel_requested()) {
        throw;
      }
      spdlog::info("job {}: enumeration stopped: {}", job_id, error.what());
    }
    job.pool.wait_idle();
  }
  JobSummary summary = job.counters.snapshot(true);
  summary.cancel_signal = cancel_signal();
  if (summary.cancel_signal != 0) {
    spdlog::info("{}", format_cancel_line(summary));
    return summary;
  }
  warn_skipped_entries(summary);
  spdlog::info("job {} finished: {}, {} completed, {} failed, {} skipped, {} bytes, peak buffer use {} bytes", job_id,
               job_status(summary), summary.completed, summary.failed, summary.skipped, summary.bytes_transferred,
               job.budget.peak_in_use());
  return summary;
}

}  // namespace box::transfer
