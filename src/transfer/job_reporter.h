// What a copy job tells its user while it runs. The command line implements
// this for AzCopy's text and JSON output; the engine never prints directly.
#pragma once

#include <string_view>

#include "transfer/job_report.h"

namespace box::transfer {

// Answers to --overwrite=prompt, as AzCopy offers them.
enum class OverwriteAnswer { yes, no, yes_to_all, no_to_all };

class JobReporter {
 public:
  virtual ~JobReporter() = default;

  // A notice for the user ("INFO: ..." in text mode, an Info message in JSON).
  virtual void info(std::string_view text) = 0;
  // One planned transfer of a --dry-run job.
  virtual void dry_run(std::string_view source, std::string_view destination) = 0;
  // Called about every second while the job runs.
  virtual void progress(const JobSummary& summary, double throughput_bytes_per_second) = 0;
  // Asks whether to replace an existing destination. Called from one thread at a time.
  virtual OverwriteAnswer prompt_overwrite(std::string_view destination) = 0;
};

}  // namespace box::transfer
