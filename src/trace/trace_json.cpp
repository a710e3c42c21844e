#include "trace/trace_json.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

#include "seccomp/abi_names.h"
#include "trace/error.h"
#include "trace/names.h"

namespace box::trace {
namespace {

using json = nlohmann::ordered_json;

[[noreturn]] void fail(const std::string& path, const std::string& problem) {
  throw TraceError(TraceError::Kind::invalid_trace_file, "invalid trace JSON at " + path + ": " + problem);
}

const json& member(const json& object, const std::string& key, const std::string& path) {
  auto found = object.find(key);
  if (found == object.end()) {
    fail(path, "missing \"" + key + "\"");
  }
  return *found;
}

// Accepts parsed non-negative numbers (stored as unsigned) and in-memory signed ones >= 0.
uint64_t unsigned_value(const json& value, const std::string& path) {
  if (value.is_number_unsigned()) {
    return value.get<uint64_t>();
  }
  if (value.is_number_integer() && value.get<int64_t>() >= 0) {
    return static_cast<uint64_t>(value.get<int64_t>());
  }
  fail(path, "expected a non-negative integer, found " + value.dump());
}

json syscall_to_json(const SyscallStats& stats, bool errors_recorded) {
  json entry = {{"name", stats.name}, {"number", stats.number}, {"count", stats.count}};
  if (errors_recorded) {
    entry["errors"] = json::object();
    for (const auto& [name, count] : stats.errors) {
      entry["errors"][name] = count;
    }
  }
  if (!stats.arg_sets.empty()) {
    json sets = json::array();
    for (const auto& [args, count] : stats.arg_sets) {
      sets.push_back({{"args", args}, {"count", count}});
    }
    entry["arg_sets"] = std::move(sets);
  }
  if (stats.arg_sets_truncated) {
    entry["arg_sets_truncated"] = true;
  }
  return entry;
}

SyscallArgs args_from_json(const json& value, const std::string& path) {
  if (!value.is_array() || value.size() != 6) {
    fail(path, "expected an array of 6 unsigned integers");
  }
  SyscallArgs args{};
  for (std::size_t i = 0; i < args.size(); ++i) {
    args[i] = unsigned_value(value[i], path + "[" + std::to_string(i) + "]");
  }
  return args;
}

void read_errors(const json& entry, const std::string& path, SyscallStats& stats) {
  auto errors = entry.find("errors");
  if (errors == entry.end()) {
    return;
  }
  if (!errors->is_object()) {
    fail(path + ".errors", "expected an object of errno name to count");
  }
  for (const auto& [name, count] : errors->items()) {
    stats.errors[name] = unsigned_value(count, path + ".errors." + name);
  }
}

void read_arg_sets(const json& entry, const std::string& path, SyscallStats& stats) {
  auto sets = entry.find("arg_sets");
  if (sets != entry.end()) {
    if (!sets->is_array()) {
      fail(path + ".arg_sets", "expected an array");
    }
    for (std::size_t i = 0; i < sets->size(); ++i) {
      const std::string set_path = path + ".arg_sets[" + std::to_string(i) + "]";
      const SyscallArgs args = args_from_json(member((*sets)[i], "args", set_path), set_path + ".args");
      stats.arg_sets[args] += unsigned_value(member((*sets)[i], "count", set_path), set_path + ".count");
    }
  }
  auto truncated = entry.find("arg_sets_truncated");
  if (truncated != entry.end()) {
    if (!truncated->is_boolean()) {
      fail(path + ".arg_sets_truncated", "expected true or false");
    }
    stats.arg_sets_truncated = truncated->get<bool>();
  }
}

SyscallStats syscall_from_json(const json& entry, const std::string& path) {
  if (!entry.is_object()) {
    fail(path, "expected an object");
  }
  SyscallStats stats;
  const json& name = member(entry, "name", path);
  if (!name.is_string()) {
    fail(path + ".name", "expected a string");
  }
  stats.name = name.get<std::string>();
  const uint64_t number = unsigned_value(member(entry, "number", path), path + ".number");
  if (number > 0xffff) {
    fail(path + ".number", "syscall number " + std::to_string(number) + " is out of range");
  }
  stats.number = static_cast<int>(number);
  stats.count = unsigned_value(member(entry, "count", path), path + ".count");
  read_errors(entry, path, stats);
  read_arg_sets(entry, path, stats);
  return stats;
}

void read_abis(const json& document, TraceResult& result) {
  const json& abis = member(document, "abis", "$");
  if (!abis.is_object()) {
    fail("$.abis", "expected an object keyed by ABI name");
  }
  for (const auto& [abi_key, abi_value] : abis.items()) {
    const std::string abi_path = "$.abis." + abi_key;
    const auto abi = seccomp::parse_abi(abi_key);
    if (!abi) {
      fail(abi_path, "unknown ABI \"" + abi_key + "\"; expected x86_64, i386, x32 or aarch64");
    }
    const json& syscalls = member(abi_value, "syscalls", abi_path);
    if (!syscalls.is_array()) {
      fail(abi_path + ".syscalls", "expected an array");
    }
    AbiStats& abi_stats = result.abis[*abi];
    for (std::size_t i = 0; i < syscalls.size(); ++i) {
      const std::string path = abi_path + ".syscalls[" + std::to_string(i) + "]";
      SyscallStats stats = syscall_from_json(syscalls[i], path);
      const int number = stats.number;
      if (!abi_stats.emplace(number, std::move(stats)).second) {
        fail(path + ".number", "syscall number " + std::to_string(number) + " appears twice");
      }
    }
  }
}

void read_header(const json& document, TraceResult& result) {
  if (!document.is_object()) {
    fail("$", "expected an object");
  }
  const json& format = member(document, "format", "$");
  if (format != "boxfit-trace") {
    fail("$.format", "expected \"boxfit-trace\", found " + format.dump());
  }
  const uint64_t version = unsigned_value(member(document, "version", "$"), "$.version");
  if (version != kTraceFormatVersion) {
    fail("$.version", "version " + std::to_string(version) + " is not supported; this boxfit reads version " +
                          std::to_string(kTraceFormatVersion));
  }
  auto errors_recorded = document.find("errors_recorded");
  if (errors_recorded != document.end()) {
    if (!errors_recorded->is_boolean()) {
      fail("$.errors_recorded", "expected true or false");
    }
    result.errors_recorded = errors_recorded->get<bool>();
  }
  const json& command = member(document, "command", "$");
  if (!command.is_array()) {
    fail("$.command", "expected an array of strings");
  }
  for (std::size_t i = 0; i < command.size(); ++i) {
    if (!command[i].is_string()) {
      fail("$.command[" + std::to_string(i) + "]", "expected a string");
    }
    result.command.push_back(command[i].get<std::string>());
  }
}

void read_exit_status(const json& document, TraceResult& result) {
  auto signal = document.find("signal");
  if (signal != document.end()) {
    const auto number = signal->is_string() ? parse_signal(signal->get<std::string>()) : std::nullopt;
    if (!number) {
      fail("$.signal", "expected a signal name such as \"SIGSEGV\", found " + signal->dump());
    }
    result.signal = number;
    result.exit_code = 128 + *number;
    return;
  }
  const json& exit_code = member(document, "exit_code", "$");
  const uint64_t value = unsigned_value(exit_code, "$.exit_code");
  if (value > 255) {
    fail("$.exit_code", "expected 0 to 255, found " + std::to_string(value));
  }
  result.exit_code = static_cast<int>(value);
}

}  // namespace

json to_json(const TraceResult& result) {
  json document = {{"format", "boxfit-trace"}, {"version", kTraceFormatVersion}, {"command", result.command}};
  if (result.signal) {
    document["signal"] = signal_name(*result.signal);
  } else {
    document["exit_code"] = result.exit_code;
  }
  if (!result.errors_recorded) {
    document["errors_recorded"] = false;
  }
  json abis = json::object();
  for (const auto& [abi, abi_stats] : result.abis) {
    json syscalls = json::array();
    for (const auto& [number, stats] : abi_stats) {
      syscalls.push_back(syscall_to_json(stats, result.errors_recorded));
    }
    abis[std::string(abi_name(abi))] = {{"syscalls", std::move(syscalls)}};
  }
  document["abis"] = std::move(abis);
  return document;
}

TraceResult from_json(const json& document) {
  TraceResult result;
  read_header(document, result);
  read_exit_status(document, result);
  read_abis(document, result);
  return result;
}

TraceResult read_trace_file(const std::string& path) {
  std::ifstream input(path);
  if (!input) {
    throw TraceError(TraceError::Kind::invalid_trace_file,
                     "cannot open trace file '" + path + "': " + std::strerror(errno));
  }
  try {
    return from_json(json::parse(input));
  } catch (const json::parse_error& error) {
    throw TraceError(TraceError::Kind::invalid_trace_file,
                     "trace file '" + path + "' is not valid JSON: " + error.what());
  } catch (const TraceError& error) {
    throw TraceError(error.kind(), "trace file '" + path + "': " + error.what());
  }
}

void write_trace_file(const std::string& path, const TraceResult& result) {
  const std::string temporary = path + ".tmp." + std::to_string(getpid());
  {
    std::ofstream output(temporary, std::ios::trunc);
    output << to_json(result).dump(2) << '\n';
    output.close();
    if (!output) {
      const int saved_errno = errno;
      std::remove(temporary.c_str());
      throw TraceError(TraceError::Kind::system,
                       "cannot write trace file '" + path + "': " + std::strerror(saved_errno));
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    const int saved_errno = errno;
    std::remove(temporary.c_str());
    throw TraceError(TraceError::Kind::system,
                     "cannot write trace file '" + path + "': " + std::strerror(saved_errno));
  }
}

}  // namespace box::trace
