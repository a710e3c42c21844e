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
      : ProfileError(Message{}, json_path, json_path.empty() ? problem : json_path + ": " + problem) {}
  const std::string& json_path() const { return json_path_; }

  // Returns this error with the profile file named first: "invalid profile 'FILE': PATH: problem".
  ProfileError in_file(const std::string& file) const {
    return ProfileError(Message{}, json_path_, "invalid profile '" + file + "': " + what());
  }

 private:
  struct Message {};
  ProfileError(Message, const std::string& json_path, const std::string& message)
      : std::runtime_error(message), json_path_(json_path) {}

  std::string json_path_;
};

// A data file (syscall table, built-in profile) that is missing or cannot be read.
class DataError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace box::seccomp
