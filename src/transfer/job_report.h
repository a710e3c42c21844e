// Job counters and AzCopy v10's report formats: the progress line, the final
// "Job <id> summary" block, and the JSON objects that --output-type json
// carries in MessageContent for Progress and EndOfJob messages.
#pragma once

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace box::transfer {

// One failed or skipped transfer, as AzCopy lists it in the JSON summary.
struct TransferDetail {
  std::string source;       // local path or redacted URL
  std::string destination;  // local path or redacted URL
  std::string status;       // "Failed" or "Skipped..."
  std::uint64_t size = 0;
  long error_code = 0;      // HTTP status for service errors, else 0
  std::string error_message;
};

// A consistent copy of the counters at one moment.
struct JobSummary {
  std::string job_id;
  std::chrono::steady_clock::duration elapsed{};
  bool complete = false;               // false while transfers are still running
  std::uint64_t total_transfers = 0;   // files found so far (completed + failed + skipped + pending)
  std::uint64_t completed = 0;
  std::uint64_t failed = 0;
  std::uint64_t skipped = 0;
  std::uint64_t symlinks_skipped = 0;       // not counted in total_transfers, as in AzCopy
  std::uint64_t special_files_skipped = 0;  // FIFOs, sockets, devices
  std::uint64_t bytes_transferred = 0;      // payload bytes moved so far, retries not counted twice
  std::uint64_t bytes_expected = 0;         // sizes of all files found so far
  std::uint64_t interrupted = 0;            // transfers stopped half-way by cancellation
  int cancel_signal = 0;                    // SIGINT or SIGTERM when the job was cancelled, else 0
  std::vector<TransferDetail> failed_transfers;
  std::vector<TransferDetail> skipped_transfers;
};

// Thread-safe counters that workers update as transfers finish.
class JobCounters {
 public:
  explicit JobCounters(std::string job_id);

  void add_found(std::uint64_t bytes);
  void add_bytes(std::uint64_t bytes);  // progress inside a transfer
  void add_completed();
  void add_failed(TransferDetail detail, std::uint64_t bytes_already_counted);
  void add_skipped(TransferDetail detail);
  void add_symlink_skipped();
  void add_special_file_skipped();
  void add_interrupted();

  JobSummary snapshot(bool complete) const;

 private:
  std::string job_id_;
  std::chrono::steady_clock::time_point start_;
  std::atomic<std::uint64_t> total_{0}, completed_{0}, failed_{0}, skipped_{0};
  std::atomic<std::uint64_t> symlinks_{0}, special_{0}, interrupted_{0};
  std::atomic<std::uint64_t> bytes_done_{0}, bytes_expected_{0};
  mutable std::mutex details_mutex_;
  std::vector<TransferDetail> failed_details_;
  std::vector<TransferDetail> skipped_details_;
};

// Returns AzCopy's final job status: Completed, CompletedWithSkipped,
// CompletedWithErrors, CompletedWithErrorsAndSkipped, or Failed when every
// transfer failed. "InProgress" while the job runs, "Cancelled" after a signal.
std::string job_status(const JobSummary& summary);

// Returns the line printed for a cancelled job, e.g. "job ID cancelled by
// signal SIGINT; 3 files done, 2 interrupted, 45 not started".
std::string format_cancel_line(const JobSummary& summary);

// Returns the text block AzCopy prints at the end of a job, starting with a
// blank line and "Job <id> summary".
std::string format_summary_text(const JobSummary& summary);

// Returns the one-line progress text for a terminal ("42.0 %, 3 Done, ...").
// `throughput_bytes_per_second` is measured by the caller over its interval.
std::string format_progress_line(const JobSummary& summary, double throughput_bytes_per_second);

// Returns the summary as AzCopy's ListJobSummaryResponse JSON (counts as strings).
nlohmann::json summary_json(const JobSummary& summary);

}  // namespace box::transfer
