// A copy job from local files to Blob Storage or back: enumeration of the
// source, a bounded worker pool, and the final counts.
#pragma once

#include <string>

#include "storage/blob_client.h"
#include "transfer/copy_options.h"
#include "transfer/job_report.h"
#include "transfer/job_reporter.h"

namespace box::transfer {

// Returns a new random (version 4) UUID for a job, e.g. "3b241101-e2bb-4255-8caf-4136c566a962".
std::string new_job_id();

// Runs the job and returns its final summary; per-file failures are counted
// there, not thrown. After SIGINT or SIGTERM (see common/cancel.h) it stops
// early and returns a summary whose cancel_signal is set. Throws box::Error when the job cannot run at all: the
// source does not exist, a folder is given without --recursive (usage), or
// listing the source container fails.
JobSummary run_copy_job(const CopyOptions& options, storage::BlobClient& client, JobReporter& reporter,
                        const std::string& job_id);

}  // namespace box::transfer
