// boxfit run: runs a program under a profile and reports each call the profile denies.

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "boxfit/command_support.h"
#include "boxfit/commands.h"
#include "seccomp/abi_names.h"
#include "seccomp/sandbox.h"
#include "trace/command_path.h"

namespace box::boxfit {
namespace {

// Prints the first denial of each (ABI, system call, reason) as it happens and counts the repeats, so that a
// program that retries a call does not flood standard error.
class DenialReport {
 public:
  void add(const seccomp::DeniedCall& call) {
    const Key key{call.abi, call.number, call.verdict.reason};
    const auto [entry, first] = counts_.try_emplace(key, 0);
    ++entry->second;
    if (!first) return;
    order_.push_back(key);
    names_[key] = call.verdict.syscall;
    std::fprintf(stderr, "boxfit: DENIED %s [%s %d] pid %d: %s\n", call.verdict.syscall.c_str(),
                 std::string(seccomp::abi_name(call.abi)).c_str(), call.number, static_cast<int>(call.pid),
                 call.verdict.reason.c_str());
  }

  // Prints one line for each denial that repeated, in the order of first occurrence.
  void print_repeats() const {
    for (const auto& key : order_) {
      const std::uint64_t count = counts_.at(key);
      if (count < 2) continue;
      std::fprintf(stderr, "boxfit: %s [%s %d] denied %llu times; only the first is shown\n", names_.at(key).c_str(),
                   std::string(seccomp::abi_name(std::get<0>(key))).c_str(), std::get<1>(key),
                   static_cast<unsigned long long>(count));
    }
  }

  std::size_t distinct() const { return order_.size(); }

 private:
  using Key = std::tuple<seccomp::Abi, int, std::string>;
  std::map<Key, std::uint64_t> counts_;
  std::map<Key, std::string> names_;
  std::vector<Key> order_;
};

std::string denied_text(std::size_t total, std::size_t distinct) {
  std::string text = std::to_string(total) + (total == 1 ? " denied call" : " denied calls");
  if (distinct < total) text += " (" + std::to_string(distinct) + " distinct)";
  return text;
}

struct RunOptions {
  ProfileOptions profile;
  std::vector<std::string> command;
};

int run_program(const RunOptions& options) {
  if (options.command.empty()) throw UsageError("missing command: boxfit run --profile NAME -- CMD...");
  const std::string path = trace::find_command(options.command[0]);
  const LoadedProfile loaded = load_and_resolve(options.profile);

  DenialReport report;
  const auto result = seccomp::run_under_profile(loaded.resolved, path, options.command,
                                                 [&report](const seccomp::DeniedCall& call) { report.add(call); });
  report.print_repeats();

  const std::string denied = denied_text(result.denied.size(), report.distinct());
  if (result.signal) {
    std::fprintf(stderr, "boxfit: %s was killed by signal %d (%s); %s\n", options.command[0].c_str(), *result.signal,
                 strsignal(*result.signal), denied.c_str());
  } else {
    std::fprintf(stderr, "boxfit: %s exited with status %d; %s\n", options.command[0].c_str(), result.exit_code,
                 denied.c_str());
  }
  return result.exit_code;
}

}  // namespace

void register_run_command(CLI::App& app) {
  auto options = std::make_shared<RunOptions>();
  CLI::App* command = app.add_subcommand("run", "Run a program under a profile, reporting each denied call; "
                                                "exit with the program's status");
  add_profile_options(*command, options->profile);
  command->add_option("command", options->command, "Program and arguments, after --");
  command->callback([options] { finish(run_program(*options)); });
}

}  // namespace box::boxfit
