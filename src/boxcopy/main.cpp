// boxcopy: an AzCopy v10-compatible command line for Azure Blob Storage.
// Parses global flags, hands over to one subcommand, and maps the outcome to
// AzCopy's exit codes (0 success, 1 failure, 2 invalid command line).

// GCC 12 at -O2 reports a null dereference inside CLI11 2.1.2's
// detail::split as inlined here; the string it points at is never null.
#pragma GCC diagnostic ignored "-Wnull-dereference"

#include <CLI/CLI.hpp>
#include <malloc.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "boxcopy/commands.h"
#include "common/cancel.h"
#include "common/closest_match.h"
#include "common/error.h"
#include "common/log.h"
#include "common/redact.h"
#include "doctor/checks.h"
#include "transfer/name_filter.h"

namespace {

using box::cli::CommandContext;

// Global flags that take a value as the next argument; used to find the
// command word when parsing failed.
const std::vector<std::string> kGlobalValueFlags = {"--log-level", "--output-type", "--trusted-microsoft-suffixes",
                                                    "--cap-mbps"};

void add_global_flags(CLI::App& app, CommandContext& context) {
  app.add_option("--log-level", context.log_level,
                 "Level of the job log file: DEBUG, INFO, WARNING, ERROR, PANIC or NONE (default INFO)")
      ->check([](const std::string& value) {
        return box::parse_log_level(value) ? std::string()
                                           : "invalid value '" + value +
                                                 "': use DEBUG, INFO, WARNING, ERROR, PANIC or NONE";
      });
  app.add_option_function<std::string>(
         "--output-type",
         [&context](const std::string& value) {
           context.output_type = value == "json" ? box::cli::OutputType::json : box::cli::OutputType::text;
         },
         "Format of the output: text (default) or json (one JSON object per line)")
      ->check(CLI::IsMember({"text", "json"}, CLI::ignore_case));
  app.add_option_function<std::string>(
      "--trusted-microsoft-suffixes",
      [&context](const std::string& value) { context.trusted_microsoft_suffixes = box::transfer::split_patterns(value); },
      "Extra ';'-separated domain suffixes to which Entra ID tokens may be sent");
  app.add_option_function<double>(
      "--cap-mbps",
      [](double value) {
        spdlog::warn("--cap-mbps {} is accepted for AzCopy compatibility but not enforced", value);
      },
      "Accepted for AzCopy compatibility; not enforced");
}

std::vector<std::string> flag_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::Option* option : app.get_options()) {
    for (const std::string& name : option->get_lnames()) {
      names.push_back("--" + name);
    }
    for (const std::string& name : option->get_snames()) {
      names.push_back("-" + name);
    }
  }
  return names;
}

std::vector<std::string> command_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* command : app.get_subcommands([](const CLI::App*) { return true; })) {
    names.push_back(command->get_name());
    for (const std::string& alias : command->get_aliases()) {
      names.push_back(alias);
    }
  }
  return names;
}

// Returns the index in argv of the first argument that is neither a flag nor
// a global flag's value, or argc when there is none.
int command_word_index(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.rfind('-', 0) != 0) {
      return i;
    }
    if (std::find(kGlobalValueFlags.begin(), kGlobalValueFlags.end(), arg) != kGlobalValueFlags.end()) {
      ++i;
    }
  }
  return argc;
}

// Returns the commands that were parsed, outermost first: {login, status}.
std::vector<const CLI::App*> parsed_commands(const CLI::App& app) {
  std::vector<const CLI::App*> chain;
  for (const CLI::App* current = &app;;) {
    const std::vector<CLI::App*> children = current->get_subcommands();
    if (children.empty()) {
      return chain;
    }
    current = children.front();
    chain.push_back(current);
  }
}

// Returns the index in argv of the first argument that looks like a flag but
// is none of `known` ("--name" or "--name=value"), or argc when there is none.
int unknown_flag_index(const std::vector<std::string>& known, int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--") {
      break;
    }
    // "-" alone is a path, and "-5" a negative number.
    if (arg.size() < 2 || arg[0] != '-' || std::isdigit(static_cast<unsigned char>(arg[1]))) {
      continue;
    }
    if (std::find(known.begin(), known.end(), arg.substr(0, arg.find('='))) == known.end()) {
      return i;
    }
  }
  return argc;
}

// Builds the message for an unknown flag. It never shows the argument that
// follows, which may be the value of a secret mistyped as a flag.
std::string unknown_flag_message(const std::string& name, const std::vector<std::string>& flags,
                                 const std::string& help) {
  std::string message = "unknown flag '" + name + "'";
  if (const std::string suggestion = box::closest_match(name, flags); !suggestion.empty()) {
    message += "; did you mean '" + suggestion + "'?";
  }
  std::string lower = name;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (lower.find("secret") != std::string::npos || lower.find("password") != std::string::npos) {
    message += "; secrets are read only from the environment variables AZCOPY_SPA_CLIENT_SECRET and "
               "AZCOPY_SPA_CERT_PASSWORD, never from flags";
  }
  return message + (message.back() == '?' ? "" : ".") + " Run '" + help + "' for the list of flags.";
}

// Builds the one-line message for an invalid command line, with a
// "did you mean" suggestion for a mistyped command or flag.
std::string usage_message(const CLI::App& app, const CLI::ParseError& error, int argc, char** argv) {
  const std::vector<const CLI::App*> chain = parsed_commands(app);
  std::string help = "boxcopy";
  std::vector<std::string> flags = flag_names(app);
  for (const CLI::App* command : chain) {
    help += " " + command->get_name();
    const std::vector<std::string> own = flag_names(*command);
    flags.insert(flags.end(), own.begin(), own.end());
  }
  help += " --help";
  const int unknown_flag = unknown_flag_index(flags, argc, argv);
  const auto unknown_flag_name = [&] {
    const std::string arg = argv[unknown_flag];
    return arg.substr(0, arg.find('='));
  };

  if (chain.empty()) {
    const int word_index = command_word_index(argc, argv);
    const std::string word = word_index < argc ? argv[word_index] : "";
    const std::vector<std::string> commands = command_names(app);
    if (unknown_flag < word_index) {
      return unknown_flag_message(unknown_flag_name(), flags, help);
    }
    if (word.empty() && dynamic_cast<const CLI::RequiredError*>(&error)) {
      return "missing command: use copy, make, list or remove. Run 'boxcopy --help' for details.";
    }
    if (!word.empty() && std::find(commands.begin(), commands.end(), word) == commands.end()) {
      const std::string suggestion = box::closest_match(word, commands);
      return "unknown command '" + word + "'" + (suggestion.empty() ? "." : "; did you mean '" + suggestion + "'?") +
             " Run '" + help + "' for the list of commands.";
    }
  }

  if (dynamic_cast<const CLI::ExtrasError*>(&error)) {
    if (unknown_flag < argc) {
      return unknown_flag_message(unknown_flag_name(), flags, help);
    }
    const std::string text = error.what();
    const auto colon = text.find(": ");
    const std::string extra = colon == std::string::npos ? text : text.substr(colon + 2, text.find(' ', colon + 2) - colon - 2);
    return "unexpected argument '" + box::redact_url(extra) + "'. Run '" + help + "' for usage.";
  }
  return box::redact_text(error.what()) + ". Run '" + help + "' for usage.";
}

void report_error(const CommandContext& context, const std::string& message) {
  if (context.output_type == box::cli::OutputType::json) {
    context.print(box::cli::MessageType::error, message);
  } else {
    std::cerr << "boxcopy: " << box::redact_text(message) << std::endl;
  }
}

// Maps an error to AzCopy's exit codes. A job cancelled by a signal exits
// with 128 + the signal number, the status a shell reports for such a process.
int exit_code_for(const box::Error& error) {
  switch (error.kind()) {
    case box::ErrorKind::usage:
      return box::cli::kExitUsage;
    case box::ErrorKind::cancelled:
      return 128 + box::cancel_signal();
    default:
      return box::cli::kExitFailure;
  }
}

// glibc gives threads separate malloc arenas (up to 8 per core), and each
// arena keeps the memory freed into it, such as libcurl's receive
// buffers. Four arenas cut the peak RSS of a 1 GiB download with 32 threads
// from about 34 to 26 MiB (/usr/bin/time, 2-core VM, local Azurite) at no
// measurable CPU cost. Two arenas raised the RSS of 1,000 100 KiB uploads by
// about 2 MiB. MALLOC_ARENA_MAX or arena_max in GLIBC_TUNABLES, when set in
// the environment, takes precedence.
void limit_malloc_arenas() {
#ifdef __GLIBC__
  const char* tunables = std::getenv("GLIBC_TUNABLES");
  if (!std::getenv("MALLOC_ARENA_MAX") && !(tunables && std::strstr(tunables, "arena_max"))) {
    mallopt(M_ARENA_MAX, 4);
  }
#endif
}

}  // namespace

int main(int argc, char** argv) {
  limit_malloc_arenas();  // before any thread allocates
  box::setup_logging(box::LogSettings{});  // warnings to stderr until a command opens its job log

  // Every command needs threads (the transfer pool, libcurl's resolver), so a
  // profile that denies clone3 with EPERM is reported before anything starts.
  if (const auto threads = box::doctor::check_threads(); threads.status == box::doctor::Status::problem) {
    std::cerr << "boxcopy: " << threads.detail << "; " << threads.fix << "\n";
    return box::cli::kExitFailure;
  }

  CommandContext context;
  CLI::App app("Copy files to and from Azure Blob Storage with AzCopy v10's commands and flags.", "boxcopy");
  app.require_subcommand(1);
  app.fallthrough();  // global flags may follow the command, as in AzCopy
  app.set_version_flag("--version", "boxcopy 0.1.0");
  add_global_flags(app, context);
  box::cli::register_copy_command(app, context);
  box::cli::register_make_command(app, context);
  box::cli::register_list_command(app, context);
  box::cli::register_remove_command(app, context);
  box::cli::register_login_commands(app, context);
  box::cli::register_doctor_command(app, context);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    if (error.get_exit_code() == 0) {
      return app.exit(error);  // --help and --version
    }
    report_error(context, usage_message(app, error, argc, argv));
    return box::cli::kExitUsage;
  } catch (const box::Error& error) {
    report_error(context, error.what());
    return exit_code_for(error);
  } catch (const std::exception& error) {
    report_error(context, std::string("unexpected error: ") + error.what());
    return box::cli::kExitFailure;
  }
  return context.exit_code;
}
