// boxfit: checks a program's system calls against container seccomp profiles, patches and generates profiles,
// and runs a program under a profile.
#include <algorithm>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "boxfit/command_support.h"
#include "boxfit/trace_input.h"
#include "boxfit/commands.h"
#include "common/closest_match.h"
#include "seccomp/errors.h"
#include "trace/error.h"

namespace {

// Returns the option names of a command as they are typed: "--profile", "-o".
std::vector<std::string> option_names(const CLI::App& command) {
  std::vector<std::string> names;
  for (const CLI::Option* option : command.get_options()) {
    for (const std::string& name : option->get_lnames()) names.push_back("--" + name);
    for (const std::string& name : option->get_snames()) names.push_back("-" + name);
  }
  return names;
}

// Returns the first option word after the command word and before "--" that the command does not define, or "".
std::string find_unknown_option(const CLI::App& command, int argc, char** argv) {
  const std::vector<std::string> known = option_names(command);
  int index = 1;
  while (index < argc && command.get_name() != argv[index]) ++index;
  for (++index; index < argc; ++index) {
    const std::string word = argv[index];
    if (word == "--") break;
    if (word.size() < 2 || word[0] != '-') continue;
    // "--name=value" and "-ovalue" carry their value in the same word.
    const std::string name = word[1] == '-' ? word.substr(0, word.find('=')) : word.substr(0, 2);
    if (std::find(known.begin(), known.end(), name) == known.end()) return name;
  }
  return {};
}

std::vector<std::string> command_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* command : app.get_subcommands([](const CLI::App*) { return true; })) {
    names.push_back(command->get_name());
  }
  return names;
}

// Returns the first word that is not an option: the command name the user typed, or "".
std::string command_word(int argc, char** argv) {
  for (int index = 1; index < argc; ++index) {
    if (argv[index][0] != '-') return argv[index];
  }
  return {};
}

std::string suggestion_text(const std::string& word, const std::vector<std::string>& candidates,
                            const std::string& otherwise) {
  const std::string suggestion = box::closest_match(word, candidates);
  return suggestion.empty() ? otherwise : "did you mean '" + suggestion + "'?";
}

// Builds the one-line message for an invalid command line, with a "did you mean" suggestion for a mistyped
// command or option.
std::string usage_message(const CLI::App& app, const CLI::ParseError& error, int argc, char** argv) {
  const std::vector<CLI::App*> parsed = app.get_subcommands();
  if (parsed.empty()) {
    const std::string word = command_word(argc, argv);
    const std::vector<std::string> commands = command_names(app);
    const std::string list = "use check, patch, generate, run, resolve or trace";
    if (word.empty()) return "missing command; " + list;
    if (std::find(commands.begin(), commands.end(), word) == commands.end()) {
      return "unknown command '" + word + "'; " + suggestion_text(word, commands, list);
    }
    return error.what();
  }

  const CLI::App& command = *parsed.front();
  const std::string help = "run 'boxfit " + command.get_name() + " --help'";
  const std::string unknown = find_unknown_option(command, argc, argv);
  if (!unknown.empty()) {
    // A one-letter option is within two edits of every other one, so only long options get a suggestion.
    const std::string otherwise = help + " for the options";
    return "unknown option '" + unknown + "' for " + command.get_name() + "; " +
           (unknown.size() > 2 ? suggestion_text(unknown, option_names(command), otherwise) : otherwise);
  }
  return std::string(error.what()) + "; " + help + " for usage";
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"boxfit: fit a program to a container runtime's seccomp profile"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "boxfit " BOXFIT_VERSION);
  box::boxfit::register_check_command(app);
  box::boxfit::register_patch_command(app);
  box::boxfit::register_generate_command(app);
  box::boxfit::register_run_command(app);
  box::boxfit::register_resolve_command(app);
  box::boxfit::register_trace_command(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForAllHelp& help) {
    return app.exit(help);
  } catch (const CLI::RuntimeError& request) {
    return request.get_exit_code();
  } catch (const CLI::ParseError& error) {
    if (error.get_exit_code() == 0) return app.exit(error);  // --version
    std::fprintf(stderr, "boxfit: %s\n", usage_message(app, error, argc, argv).c_str());
    return box::boxfit::kExitUsage;
  } catch (const box::trace::TraceError& error) {
    std::fprintf(stderr, "boxfit: %s\n", error.what());
    return box::boxfit::exit_code_for(error);
  } catch (const box::seccomp::ProfileError& error) {
    std::fprintf(stderr, "boxfit: %s\n", error.what());
    return box::boxfit::kExitUsage;
  } catch (const box::boxfit::UsageError& error) {
    std::fprintf(stderr, "boxfit: %s\n", error.what());
    return box::boxfit::kExitUsage;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "boxfit: %s\n", error.what());
    return box::boxfit::kExitEnvironment;
  }
  return box::boxfit::kExitFits;
}
