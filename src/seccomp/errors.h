// Exceptions of the seccomp library: invalid profiles and missing or broken data files.
#pragma once

#include <stdexcept>
#include <string>

namespace box::seccomp {

// An invalid profile or option. what() reads "PATH: problem" where PATH is the JSON path,
// for example `syscalls[12].args[0].op: unknown operator "SCMP_CMP_FOO"`.
class ProfileError : public std::runtime_error {
 public:
  ProfileError(const std::string& json_path, const std::string& problem)
      : std::runtime_error(json_path.empty() ? problem : json_path + ": " + problem), json_path_(json_path) {}
  const std::string& json_path() const { return json_path_; }

 private:
  std::string json_path_;
};

// A data file (syscall table, built-in profile) that is missing or cannot be read.
class DataError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace box::seccomp
