#include "trace/command_path.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "trace/error.h"

namespace box::trace {
namespace {

// Returns 0 when execve could run `path`, else the errno it would fail with (ENOENT, ENOTDIR, EACCES...).
int executable_error(const std::string& path) {
  struct stat info {};
  if (stat(path.c_str(), &info) != 0) return errno;
  if (!S_ISREG(info.st_mode)) return EACCES;
  if (access(path.c_str(), X_OK) != 0) return errno;
  return 0;
}

std::string search_path() {
  if (const char* path = std::getenv("PATH")) return path;
  std::string fallback(confstr(_CS_PATH, nullptr, 0), '\0');
  confstr(_CS_PATH, fallback.data(), fallback.size());
  if (!fallback.empty()) fallback.pop_back();  // the terminating NUL that confstr counts
  return fallback;
}

TraceError not_found(const std::string& name) {
  return TraceError(TraceError::Kind::command_not_found, "command not found: '" + name + "'; check the name and PATH");
}

TraceError not_runnable(const std::string& name, const std::string& file, int error) {
  return TraceError(TraceError::Kind::command_not_runnable,
                    "cannot execute '" + name + "': '" + file + "' is not executable: " + std::strerror(error));
}

}  // namespace

std::string find_command(const std::string& name) {
  if (name.empty()) throw not_found(name);
  if (name.find('/') != std::string::npos) {
    const int error = executable_error(name);
    if (error == 0) return name;
    if (error == ENOENT || error == ENOTDIR) throw not_found(name);
    throw not_runnable(name, name, error);
  }

  // Like execvp, an entry whose file exists but cannot be run is skipped, and reported only when no later
  // entry has a runnable file.
  const std::string folders = search_path();
  std::string denied_file;
  int denied_error = 0;
  std::size_t start = 0;
  for (;;) {
    const std::size_t end = folders.find(':', start);
    const std::size_t length = (end == std::string::npos ? folders.size() : end) - start;
    std::string candidate = length == 0 ? std::string(".") : folders.substr(start, length);
    candidate.append("/").append(name);
    const int error = executable_error(candidate);
    if (error == 0) return candidate;
    if (error != ENOENT && error != ENOTDIR && denied_file.empty()) {
      denied_file = candidate;
      denied_error = error;
    }
    if (end == std::string::npos) break;
    start = end + 1;
  }
  if (!denied_file.empty()) throw not_runnable(name, denied_file, denied_error);
  throw not_found(name);
}

}  // namespace box::trace
