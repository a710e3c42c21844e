// Options and steps that several boxfit subcommands share.
#include "boxfit/command_support.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "boxfit/trace_input.h"
#include "seccomp/abi_names.h"
#include "seccomp/builtin_profiles.h"
#include "seccomp/capabilities.h"
#include "seccomp/kernel_version.h"

namespace box::boxfit {

void add_profile_options(CLI::App& command, ProfileOptions& options) {
  command.add_option("--profile", options.profile, "Built-in profile name (docker, podman, containerd, ...) or file")
      ->required();
  command.add_option("--cap-add", options.cap_add, "Capability added to the runtime's default set (or ALL)");
  command.add_option("--cap-drop", options.cap_drop, "Capability dropped from the runtime's default set (or ALL)");
  command.add_option("--arch", options.arch, "Host architecture: x86_64 or aarch64 (default: this host)");
  command.add_option("--kernel", options.kernel, "Host kernel version X.Y for minKernel rules (default: this host)");
  command.add_option("--runtime", options.runtime,
                     "Runtime whose default capabilities apply: docker, podman or containerd "
                     "(default: the built-in profile's runtime, else docker)");
  command.add_flag("--no-enosys-stub", options.no_enosys_stub,
                   "Do not model runc's ENOSYS for numbers above the highest the profile names (runc < 1.0, crun)");
}

void add_input_options(CLI::App& command, InputOptions& options) {
  command.add_option("--from", options.from, "Trace JSON written by `boxfit trace -o`; repeat to merge traces");
  command.add_option("command", options.command, "Program and arguments to trace, after --");
}

LoadedProfile load_and_resolve(const ProfileOptions& options) {
  LoadedProfile loaded{seccomp::load_profile(options.profile), {}};

  seccomp::Runtime runtime = seccomp::Runtime::docker;
  if (const auto* builtin = seccomp::find_builtin_profile(options.profile)) runtime = builtin->runtime;
  if (!options.runtime.empty()) {
    const auto parsed = seccomp::parse_runtime(options.runtime);
    if (!parsed) throw UsageError("--runtime: unknown runtime \"" + options.runtime + "\"; use docker, podman or containerd");
    runtime = *parsed;
  }

  seccomp::ResolveOptions resolve_options;
  resolve_options.native_abi = seccomp::host_abi();
  if (!options.arch.empty()) {
    const auto parsed = seccomp::parse_abi(options.arch);
    if (!parsed) throw UsageError("--arch: unknown architecture \"" + options.arch + "\"; use x86_64 or aarch64");
    resolve_options.native_abi = *parsed;
  }
  resolve_options.kernel = seccomp::host_kernel_version();
  if (!options.kernel.empty()) {
    const auto parsed = seccomp::parse_kernel_version(options.kernel);
    if (!parsed) throw UsageError("--kernel: invalid version \"" + options.kernel + "\"; use X.Y, such as 5.15");
    resolve_options.kernel = *parsed;
  }
  resolve_options.capabilities =
      seccomp::apply_capability_changes(seccomp::default_capabilities(runtime), options.cap_add, options.cap_drop);

  loaded.resolved = seccomp::resolve(loaded.profile, resolve_options);
  if (options.no_enosys_stub) loaded.resolved.enosys_above.clear();
  return loaded;
}

seccomp::ObservedProgram observe_program(const InputOptions& input, const seccomp::ResolvedProfile* resolved,
                                         bool enforce) {
  if (!input.from.empty() && !input.command.empty()) throw UsageError("give either --from TRACE.json or -- CMD, not both");
  if (input.from.empty() && input.command.empty()) throw UsageError("missing input: give --from TRACE.json or -- CMD...");
  if (!input.command.empty()) return trace_live(input.command, resolved, enforce);
  return read_traces(input.from);
}

void finish(int code) {
  if (code != kExitFits) throw CLI::RuntimeError(code);
}

namespace {

std::string count_text(std::uint64_t count) { return "x" + std::to_string(count); }

std::string args_text(const seccomp::SyscallArgs& args) {
  std::string text = "(";
  for (std::size_t i = 0; i < args.size(); ++i) {
    char number[24];
    std::snprintf(number, sizeof number, "%s0x%llx", i == 0 ? "" : ", ", static_cast<unsigned long long>(args[i]));
    text += number;
  }
  return text + ")";
}

}  // namespace

std::string format_denial(const seccomp::Denial& denial) {
  std::string line = "DENIED  " + denial.name;
  if (denial.args) line += args_text(*denial.args);
  line += " [" + std::string(seccomp::abi_name(denial.abi)) + " " + std::to_string(denial.number) + "] " +
          count_text(denial.count) + ": " + denial.verdict.reason;
  if (denial.glibc_fallback) {
    line += "; denied with ENOSYS, and glibc falls back to " + *denial.glibc_fallback + ", so this usually works";
  }
  return line;
}

std::string to_single_line(const nlohmann::ordered_json& value) {
  if (value.is_object()) {
    std::string text = "{";
    bool first = true;
    for (const auto& [key, member] : value.items()) {
      text += (first ? "" : ", ") + nlohmann::ordered_json(key).dump() + ": " + to_single_line(member);
      first = false;
    }
    return text + "}";
  }
  if (value.is_array()) {
    std::string text = "[";
    for (std::size_t i = 0; i < value.size(); ++i) text += (i == 0 ? "" : ", ") + to_single_line(value.at(i));
    return text + "]";
  }
  return value.dump();
}

void write_file_atomically(const std::string& path, const std::string& text) {
  const std::filesystem::path target{path};
  const auto folder = target.has_parent_path() ? target.parent_path() : std::filesystem::path{"."};
  std::string temporary = (folder / ("." + target.filename().string() + ".XXXXXX")).string();
  const int fd = mkstemp(temporary.data());
  if (fd < 0) throw UsageError("cannot write " + path + ": " + std::strerror(errno));

  const char* data = text.data();
  std::size_t left = text.size();
  while (left > 0) {
    const ssize_t written = ::write(fd, data, left);
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) {
      const int saved = errno;
      ::close(fd);
      std::filesystem::remove(temporary);
      throw UsageError("cannot write " + path + ": " + std::strerror(saved));
    }
    data += written;
    left -= static_cast<std::size_t>(written);
  }
  ::fchmod(fd, 0644);
  ::close(fd);
  std::filesystem::rename(temporary, target);
}

}  // namespace box::boxfit
