#include "transfer/job_report.h"

#include <cmath>
#include <cstdio>

#include "common/cancel.h"

namespace box::transfer {
namespace {

double minutes(std::chrono::steady_clock::duration elapsed) {
  return std::chrono::duration<double, std::ratio<60>>(elapsed).count();
}

// Formats with at most four decimals and no trailing zeros, as AzCopy's
// ToFixed(minutes, 4) prints through %v ("0.0668", "1").
std::string format_minutes(double value) {
  char text[64];
  std::snprintf(text, sizeof text, "%.4f", std::round(value * 10000) / 10000);
  std::string out(text);
  while (out.back() == '0') {
    out.pop_back();
  }
  if (out.back() == '.') {
    out.pop_back();
  }
  return out;
}

std::string format_bytes(std::uint64_t bytes) {
  static const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes);
  int unit = 0;
  while (value >= 1024 && unit < 4) {
    value /= 1024;
    ++unit;
  }
  char text[64];
  std::snprintf(text, sizeof text, unit == 0 ? "%.0f %s" : "%.1f %s", value, units[unit]);
  return text;
}

std::string format_duration(double seconds) {
  const auto total = static_cast<long long>(seconds);
  char text[64];
  std::snprintf(text, sizeof text, "%02lld:%02lld:%02lld", total / 3600, (total / 60) % 60, total % 60);
  return text;
}

double percent_complete(const JobSummary& summary) {
  if (summary.complete) {
    return 100.0;
  }
  if (summary.bytes_expected > 0) {
    return 100.0 * static_cast<double>(summary.bytes_transferred) / static_cast<double>(summary.bytes_expected);
  }
  const std::uint64_t done = summary.completed + summary.failed + summary.skipped;
  return summary.total_transfers == 0 ? 0.0
                                      : 100.0 * static_cast<double>(done) / static_cast<double>(summary.total_transfers);
}

nlohmann::json detail_json(const TransferDetail& detail) {
  return {{"Src", detail.source},
          {"Dst", detail.destination},
          {"IsFolderProperties", false},
          {"TransferStatus", detail.status},
          {"TransferSize", std::to_string(detail.size)},
          {"ErrorCode", std::to_string(detail.error_code)},
          {"ErrorMessage", detail.error_message}};
}

}  // namespace

JobCounters::JobCounters(std::string job_id)
    : job_id_(std::move(job_id)), start_(std::chrono::steady_clock::now()) {}

void JobCounters::add_found(std::uint64_t bytes) {
  ++total_;
  bytes_expected_ += bytes;
}

void JobCounters::add_bytes(std::uint64_t bytes) { bytes_done_ += bytes; }

void JobCounters::add_completed() { ++completed_; }

void JobCounters::add_failed(TransferDetail detail, std::uint64_t bytes_already_counted) {
  // A failed file's partial bytes leave the progress figures, and its size
  // leaves the expected total, so the percentage still reaches 100.
  bytes_done_ -= bytes_already_counted;
  bytes_expected_ -= detail.size;
  ++failed_;
  std::lock_guard lock(details_mutex_);
  failed_details_.push_back(std::move(detail));
}

void JobCounters::add_skipped(TransferDetail detail) {
  bytes_expected_ -= detail.size;
  ++skipped_;
  std::lock_guard lock(details_mutex_);
  skipped_details_.push_back(std::move(detail));
}

void JobCounters::add_symlink_skipped() { ++symlinks_; }

void JobCounters::add_special_file_skipped() { ++special_; }
void JobCounters::add_interrupted() { ++interrupted_; }

JobSummary JobCounters::snapshot(bool complete) const {
  JobSummary summary;
  summary.job_id = job_id_;
  summary.elapsed = std::chrono::steady_clock::now() - start_;
  summary.complete = complete;
  summary.total_transfers = total_;
  summary.completed = completed_;
  summary.failed = failed_;
  summary.skipped = skipped_;
  summary.symlinks_skipped = symlinks_;
  summary.special_files_skipped = special_;
  summary.interrupted = interrupted_;
  summary.bytes_transferred = bytes_done_;
  summary.bytes_expected = bytes_expected_;
  std::lock_guard lock(details_mutex_);
  summary.failed_transfers = failed_details_;
  summary.skipped_transfers = skipped_details_;
  return summary;
}

std::string job_status(const JobSummary& summary) {
  if (summary.cancel_signal != 0) {
    return "Cancelled";
  }
  if (!summary.complete) {
    return "InProgress";
  }
  const bool failed = summary.failed > 0;
  const bool skipped = summary.skipped > 0;
  if (failed && skipped) {
    return "CompletedWithErrorsAndSkipped";
  }
  if (failed) {
    return summary.completed > 0 ? "CompletedWithErrors" : "Failed";
  }
  return skipped ? "CompletedWithSkipped" : "Completed";
}

std::string format_cancel_line(const JobSummary& summary) {
  const std::uint64_t ended = summary.completed + summary.failed + summary.skipped + summary.interrupted;
  const std::uint64_t not_started = summary.total_transfers - std::min(ended, summary.total_transfers);
  std::string line = "job " + summary.job_id + " cancelled by signal " + signal_name(summary.cancel_signal) + "; " +
                     std::to_string(summary.completed) + " files done, ";
  if (summary.failed > 0) {
    line += std::to_string(summary.failed) + " failed, ";
  }
  if (summary.interrupted > 0) {
    line += std::to_string(summary.interrupted) + " interrupted, ";
  }
  return line + std::to_string(not_started) + " not started";
}

std::string format_summary_text(const JobSummary& summary) {
  std::string out;
  const auto line = [&out](const std::string& label, const std::string& value) {
    out += label + ": " + value + "\n";
  };
  out += "\nJob " + summary.job_id + " summary\n";
  line("Elapsed Time (Minutes)", format_minutes(minutes(summary.elapsed)));
  line("Number of File Transfers", std::to_string(summary.total_transfers));
  line("Number of Folder Property Transfers", "0");
  line("Number of Symlink Transfers", "0");
  line("Total Number of Transfers", std::to_string(summary.total_transfers));
  line("Number of File Transfers Completed", std::to_string(summary.completed));
  line("Number of Folder Transfers Completed", "0");
  line("Number of File Transfers Failed", std::to_string(summary.failed));
  line("Number of Folder Transfers Failed", "0");
  line("Number of File Transfers Skipped", std::to_string(summary.skipped));
  line("Number of Folder Transfers Skipped", "0");
  line("Number of Symbolic Links Skipped", std::to_string(summary.symlinks_skipped));
  line("Number of Hardlinks Converted", "0");
  line("Number of Special Files Skipped", std::to_string(summary.special_files_skipped));
  line("Total Number of Bytes Transferred", std::to_string(summary.bytes_transferred));
  line("Final Job Status", job_status(summary));
  return out;
}

std::string format_progress_line(const JobSummary& summary, double throughput_bytes_per_second) {
  const std::uint64_t done = summary.completed + summary.failed + summary.skipped;
  const std::uint64_t pending = summary.total_transfers - std::min(done, summary.total_transfers);
  const double megabits = throughput_bytes_per_second * 8 / 1e6;
  char text[512];
  std::snprintf(text, sizeof text,
                "%.1f %%, %llu Done, %llu Failed, %llu Pending, %llu Skipped, %llu Total, %s of %s, "
                "2-sec Throughput (Mb/s): %.4g",
                percent_complete(summary), static_cast<unsigned long long>(summary.completed),
                static_cast<unsigned long long>(summary.failed), static_cast<unsigned long long>(pending),
                static_cast<unsigned long long>(summary.skipped),
                static_cast<unsigned long long>(summary.total_transfers),
                format_bytes(summary.bytes_transferred).c_str(), format_bytes(summary.bytes_expected).c_str(),
                megabits);
  std::string out(text);
  if (throughput_bytes_per_second > 0 && summary.bytes_expected > summary.bytes_transferred) {
    const double remaining = static_cast<double>(summary.bytes_expected - summary.bytes_transferred);
    out += ", ETA " + format_duration(remaining / throughput_bytes_per_second);
  }
  return out;
}

nlohmann::json summary_json(const JobSummary& summary) {
  nlohmann::json failed = nlohmann::json::array();
  for (const auto& detail : summary.failed_transfers) {
    failed.push_back(detail_json(detail));
  }
  nlohmann::json skipped = nlohmann::json::array();
  for (const auto& detail : summary.skipped_transfers) {
    skipped.push_back(detail_json(detail));
  }
  char percent[32];
  std::snprintf(percent, sizeof percent, "%.1f", percent_complete(summary));
  return {{"ErrorMsg", ""},
          {"JobID", summary.job_id},
          {"CompleteJobOrdered", true},
          {"JobStatus", job_status(summary)},
          {"TotalTransfers", std::to_string(summary.total_transfers)},
          {"FileTransfers", std::to_string(summary.total_transfers)},
          {"FolderPropertyTransfers", "0"},
          {"SymlinkTransfers", "0"},
          {"TransfersCompleted", std::to_string(summary.completed)},
          {"TransfersFailed", std::to_string(summary.failed)},
          {"TransfersSkipped", std::to_string(summary.skipped)},
          {"SkippedSymlinkCount", std::to_string(summary.symlinks_skipped)},
          {"SkippedSpecialFileCount", std::to_string(summary.special_files_skipped)},
          {"HardlinksConvertedCount", "0"},
          {"BytesOverWire", std::to_string(summary.bytes_transferred)},
          {"TotalBytesTransferred", std::to_string(summary.bytes_transferred)},
          {"TotalBytesEnumerated", std::to_string(summary.bytes_expected)},
          {"TotalBytesExpected", std::to_string(summary.bytes_expected)},
          {"PercentComplete", percent},
          {"ElapsedTimeMinutes", format_minutes(minutes(summary.elapsed))},
          {"FailedTransfers", failed},
          {"SkippedTransfers", skipped}};
}

}  // namespace box::transfer
