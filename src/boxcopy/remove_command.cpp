// boxcopy remove URL: deletes a blob, or with --recursive every blob under a
// virtual folder or in a container, as `azcopy remove` does.
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <memory>
#include <string>
#include <vector>

#include "boxcopy/commands.h"
#include "common/error.h"
#include "common/log.h"
#include "common/redact.h"
#include "common/state_dir.h"
#include "storage/blob_client.h"
#include "storage/credential_for_url.h"
#include "transfer/copy_job.h"
#include "transfer/job_report.h"
#include "transfer/name_filter.h"
#include "transfer/work_pool.h"

namespace box::cli {
namespace {

// Deletes run on this many threads; each sends one request at a time.
constexpr unsigned kDeleteWorkers = 16;

struct RemoveFlags {
  std::string url;
  bool recursive = false;
  std::string include_pattern;
  std::string exclude_pattern;
  bool dry_run = false;
};

struct Target {
  std::string name;
  std::uint64_t size = 0;
};

std::string last_segment(const std::string& name) {
  const auto slash = name.rfind('/', name.size() > 1 ? name.size() - 2 : 0);
  return slash == std::string::npos ? name : name.substr(slash + 1);
}

// Lists every blob under the prefix that passes the filter. Any listing error
// propagates before a single delete is sent, so a failed or partial listing
// never leads to a partial removal.
std::vector<Target> list_targets(storage::BlobClient& client, const storage::BlobUrl& container,
                                 const std::string& prefix, const transfer::NameFilter& filter) {
  std::vector<Target> targets;
  std::string marker;
  do {
    const storage::ListPage page = client.list_blobs(container, prefix, {}, marker);
    for (const storage::BlobItem& item : page.items) {
      if (filter.accepts(last_segment(item.name))) {
        targets.push_back({item.name, item.size});
      }
    }
    marker = page.next_marker;
  } while (!marker.empty());
  return targets;
}

// Returns true when at least one blob has a name starting with the prefix.
bool prefix_has_blobs(storage::BlobClient& client, const storage::BlobUrl& container, const std::string& prefix) {
  return !client.list_blobs(container, prefix, {}, {}, 1).items.empty();
}

// Finds what the URL names: the blob itself, or with --recursive everything
// under the container or virtual folder. Throws box::Error (usage) when a
// folder is given without --recursive.
std::vector<Target> find_targets(storage::BlobClient& client, const storage::BlobUrl& url, const RemoveFlags& flags,
                                 const transfer::NameFilter& filter) {
  const std::string& path = url.blob_path;
  const bool names_folder = path.empty() || path.back() == '/';
  if (!names_folder) {
    if (const auto properties = client.get_properties(url, path)) {
      return {Target{path, properties->size}};
    }
  }
  const std::string prefix = names_folder ? path : path + "/";
  if (!flags.recursive) {
    if (names_folder || prefix_has_blobs(client, url, prefix)) {
      throw Error(ErrorKind::usage, "'" + redact_url(url.resource_url()) +
                                        "' is a container or virtual folder; add --recursive to remove every blob "
                                        "under it");
    }
    throw Error(ErrorKind::service, "blob '" + path + "' not found in container '" + url.container +
                                        "'; check the name, which is case-sensitive");
  }
  return list_targets(client, url, prefix, filter);
}

void delete_one(storage::BlobClient& client, const storage::BlobUrl& url, const Target& target,
                transfer::JobCounters& counters) {
  const std::string source = redact_url(url.blob_url(target.name));
  try {
    if (client.delete_blob(url, target.name)) {
      spdlog::info("removed {}", source);
      counters.add_completed();
    } else {
      spdlog::info("skipped {}: it was already deleted", source);
      counters.add_skipped({source, "", "Skipped (already deleted)", target.size, 404, "BlobNotFound"});
    }
  } catch (const storage::ServiceError& error) {
    spdlog::error("failed to remove {}: {}", source, error.what());
    counters.add_failed({source, "", "Failed", target.size, error.status(), error.what()}, 0);
  } catch (const Error& error) {
    spdlog::error("failed to remove {}: {}", source, error.what());
    counters.add_failed({source, "", "Failed", target.size, 0, error.what()}, 0);
  }
}

void print_dry_run(const CommandContext& context, const storage::BlobUrl& url, const Target& target) {
  const std::string source = redact_url(url.blob_url(target.name));
  if (context.output_type == OutputType::json) {
    const nlohmann::json content = {{"EntityType", "File"}, {"FromTo", "BlobTrash"}, {"Source", source}};
    context.print(MessageType::dry_run, content.dump());
  } else {
    context.print_plain("DRYRUN: remove " + source);
  }
}

void start_job_log(CommandContext& context, const std::string& job_id) {
  const auto file_level = parse_log_level(context.log_level);
  const std::string log_path = log_dir() + "/" + job_id + ".log";
  context.start_job_logging(log_path, file_level.value_or(spdlog::level::info));
  if (context.output_type == OutputType::text) {
    context.print_plain("\nJob " + job_id + " has started\nLog file is located at: " + log_path + "\n");
  } else {
    context.print(MessageType::info, nlohmann::json{{"JobID", job_id}, {"LogFileLocation", log_path}}.dump());
  }
}

void run_remove(const RemoveFlags& flags, CommandContext& context) {
  const storage::BlobUrl url = parse_url_argument(flags.url, "remove");
  if (url.container.empty()) {
    throw Error(ErrorKind::usage, "'" + redact_url(flags.url) +
                                      "' is an account URL; remove deletes blobs, so give a container, folder or "
                                      "blob URL");
  }
  const transfer::NameFilter filter(flags.include_pattern, flags.exclude_pattern);
  storage::BlobClient client(context.http_client(), storage::credential_for_url(url));

  // Targets are found before the job starts, so a usage error (a folder
  // without --recursive) or a failed listing ends the command without a job.
  const std::vector<Target> targets = find_targets(client, url, flags, filter);
  const std::string job_id = transfer::new_job_id();
  start_job_log(context, job_id);
  spdlog::info("job {}: remove {} (recursive: {}): {} blobs", job_id, redact_url(url.resource_url()),
               flags.recursive, targets.size());

  if (flags.dry_run) {
    for (const Target& target : targets) {
      print_dry_run(context, url, target);
    }
    return;
  }

  transfer::JobCounters counters(job_id);
  for (const Target& target : targets) {
    counters.add_found(target.size);
  }
  {
    transfer::WorkPool pool(kDeleteWorkers, 4 * kDeleteWorkers);
    for (const Target& target : targets) {
      pool.submit_file([&client, &url, &target, &counters] { delete_one(client, url, target, counters); });
    }
    pool.wait_idle();
  }

  const transfer::JobSummary summary = counters.snapshot(true);
  spdlog::info("job {}: {}", job_id, transfer::job_status(summary));
  if (context.output_type == OutputType::json) {
    context.print(MessageType::end_of_job, transfer::summary_json(summary).dump());
  } else {
    context.print_plain(transfer::format_summary_text(summary));
  }
  context.exit_code = summary.failed > 0 ? kExitFailure : kExitSuccess;
}

}  // namespace

void register_remove_command(CLI::App& app, CommandContext& context) {
  auto flags = std::make_shared<RemoveFlags>();
  CLI::App* command = app.add_subcommand("remove", "Delete a blob, or every blob under a folder with --recursive");
  command->alias("rm");
  command->add_option("url", flags->url, "Blob, virtual folder or container URL")->required();
  command->add_flag("--recursive", flags->recursive, "Delete every blob under the container or virtual folder");
  command->add_option("--include-pattern", flags->include_pattern,
                      "Delete only blobs whose name (last segment) matches one of these ';'-separated patterns "
                      "(* ? [...])");
  command->add_option("--exclude-pattern", flags->exclude_pattern,
                      "Keep blobs whose name (last segment) matches one of these ';'-separated patterns");
  command->add_flag("--dry-run", flags->dry_run, "Print what would be deleted without deleting anything");
  command->callback([flags, &context] { run_remove(*flags, context); });
}

}  // namespace box::cli
