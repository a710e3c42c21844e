// Where boxcopy keeps its state: ~/.boxcopy by default (BOXCOPY_STATE_DIR
// overrides), with logs and job plans movable by AzCopy's variables.
#pragma once

#include <string>

namespace box {

// Returns the state folder, creating it with mode 0700 if it does not exist.
// BOXCOPY_STATE_DIR, else $HOME/.boxcopy. Throws box::Error (local_io) when it cannot be created.
std::string state_dir();

// Returns the folder for job logs: AZCOPY_LOG_LOCATION, else <state_dir>/logs. Created if missing.
std::string log_dir();

// Returns the folder for job plan files: AZCOPY_JOB_PLAN_LOCATION, else <state_dir>/plans. Created if missing.
std::string job_plan_dir();

// Creates a folder and its parents with the given mode. Throws box::Error (local_io).
void make_dirs(const std::string& path, unsigned mode);

}  // namespace box
