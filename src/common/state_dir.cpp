#include "common/state_dir.h"

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include "common/error.h"

namespace box {
namespace {

std::string env_or_empty(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

std::string home_dir() {
  std::string home = env_or_empty("HOME");
  if (home.empty()) {
    if (const passwd* entry = getpwuid(getuid())) {
      home = entry->pw_dir;
    }
  }
  if (home.empty()) {
    throw Error(ErrorKind::environment, "cannot find the home folder; set HOME or BOXCOPY_STATE_DIR");
  }
  return home;
}

}  // namespace

void make_dirs(const std::string& path, unsigned mode) {
  // One stat settles a folder that exists, as it does for all but the first file a download
  // writes into it. A mkdir on each part of the path would lock every parent folder.
  struct stat existing {};
  if (stat(path.c_str(), &existing) == 0 && S_ISDIR(existing.st_mode)) {
    return;
  }
  std::string partial;
  std::size_t pos = 0;
  while (pos != std::string::npos) {
    pos = path.find('/', pos + 1);
    partial = path.substr(0, pos);
    if (partial.empty()) {
      continue;
    }
    if (mkdir(partial.c_str(), mode) != 0 && errno != EEXIST) {
      throw system_error("creating folder", partial, errno);
    }
  }
  struct stat info {};
  if (stat(path.c_str(), &info) != 0 || !S_ISDIR(info.st_mode)) {
    throw Error(ErrorKind::local_io, "'" + path + "' exists but is not a folder");
  }
}

std::string state_dir() {
  std::string dir = env_or_empty("BOXCOPY_STATE_DIR");
  if (dir.empty()) {
    dir = home_dir() + "/.boxcopy";
  }
  make_dirs(dir, 0700);
  return dir;
}

std::string log_dir() {
  std::string dir = env_or_empty("AZCOPY_LOG_LOCATION");
  if (dir.empty()) {
    dir = state_dir() + "/logs";
  }
  make_dirs(dir, 0700);
  return dir;
}

std::string job_plan_dir() {
  std::string dir = env_or_empty("AZCOPY_JOB_PLAN_LOCATION");
  if (dir.empty()) {
    dir = state_dir() + "/plans";
  }
  make_dirs(dir, 0700);
  return dir;
}

}  // namespace box
