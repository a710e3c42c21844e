// Reader for boxfit trace JSON.
#include "seccomp/trace_input.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "seccomp/abi_names.h"
#include "seccomp/errors.h"
#include "seccomp/syscall_table.h"

namespace box::seccomp {
namespace {

using Json = nlohmann::json;

const Json& member(const Json& object, const char* key, const std::string& path) {
  if (!object.is_object() || !object.contains(key)) throw ProfileError(path, std::string("missing \"") + key + "\"");
  return object.at(key);
}

std::uint64_t unsigned_at(const Json& value, const std::string& path) {
  if (!value.is_number_unsigned()) throw ProfileError(path, "expected an unsigned integer, found " + value.dump());
  return value.get<std::uint64_t>();
}

SyscallArgs parse_args(const Json& args, const std::string& path) {
  if (!args.is_array() || args.size() != 6) throw ProfileError(path, "expected an array of 6 integers");
  SyscallArgs values{};
  for (std::size_t i = 0; i < 6; ++i) values[i] = unsigned_at(args.at(i), path + "[" + std::to_string(i) + "]");
  return values;
}

ObservedSyscall parse_syscall(Abi abi, const Json& entry, const std::string& path) {
  ObservedSyscall call;
  call.abi = abi;
  call.number = static_cast<int>(unsigned_at(member(entry, "number", path), path + ".number"));
  call.count = unsigned_at(member(entry, "count", path), path + ".count");
  if (const auto name = entry.find("name"); name != entry.end() && name->is_string()) call.name = name->get<std::string>();
  if (call.name.empty()) {
    const auto name = syscall_table(abi).name(call.number);
    call.name = name ? std::string(*name) : "syscall " + std::to_string(call.number);
  }
  if (entry.contains("arg_sets")) {
    const Json& sets = entry.at("arg_sets");
    for (std::size_t i = 0; i < sets.size(); ++i) {
      const std::string set_path = path + ".arg_sets[" + std::to_string(i) + "]";
      call.arg_sets.emplace_back(parse_args(member(sets.at(i), "args", set_path), set_path + ".args"),
                                 unsigned_at(member(sets.at(i), "count", set_path), set_path + ".count"));
    }
  }
  call.arg_sets_truncated = entry.value("arg_sets_truncated", false);
  return call;
}

}  // namespace

ObservedProgram parse_trace(std::string_view text) {
  Json document;
  try {
    document = Json::parse(text);
  } catch (const Json::parse_error& error) {
    throw ProfileError("", "invalid JSON at byte " + std::to_string(error.byte) + ": " + error.what());
  }
  if (!document.is_object() || document.value("format", "") != "boxfit-trace") {
    throw ProfileError("format", "not a boxfit trace (expected \"format\": \"boxfit-trace\")");
  }
  if (document.value("version", 0) != 1) throw ProfileError("version", "unsupported trace version; expected 1");

  ObservedProgram program;
  if (document.contains("command")) program.command = document.at("command").get<std::vector<std::string>>();
  const Json& abis = member(document, "abis", "");
  for (const auto& [abi_text, abi_entry] : abis.items()) {
    const std::string path = "abis." + abi_text;
    const auto abi = parse_abi(abi_text);
    if (!abi) throw ProfileError(path, "unknown ABI \"" + abi_text + "\"");
    const Json& syscalls = member(abi_entry, "syscalls", path);
    for (std::size_t i = 0; i < syscalls.size(); ++i) {
      program.syscalls.push_back(parse_syscall(*abi, syscalls.at(i), path + ".syscalls[" + std::to_string(i) + "]"));
    }
  }
  return program;
}

ObservedProgram read_trace_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw ProfileError("", "cannot read trace file " + path);
  std::ostringstream text;
  text << file.rdbuf();
  try {
    return parse_trace(text.str());
  } catch (const ProfileError& error) {
    throw ProfileError(error.json_path(), std::string(error.what()).substr(
                                              error.json_path().empty() ? 0 : error.json_path().size() + 2) +
                                              " (in " + path + ")");
  }
}

void merge_observed(ObservedProgram& into, const ObservedProgram& more) {
  if (into.command.empty()) into.command = more.command;
  for (const auto& call : more.syscalls) {
    auto same = std::find_if(into.syscalls.begin(), into.syscalls.end(),
                             [&](const ObservedSyscall& known) { return known.abi == call.abi && known.number == call.number; });
    if (same == into.syscalls.end()) {
      into.syscalls.push_back(call);
      continue;
    }
    same->count += call.count;
    same->arg_sets_truncated = same->arg_sets_truncated || call.arg_sets_truncated;
    for (const auto& [args, count] : call.arg_sets) {
      auto tuple = std::find_if(same->arg_sets.begin(), same->arg_sets.end(),
                                [&](const auto& known) { return known.first == args; });
      if (tuple == same->arg_sets.end()) {
        same->arg_sets.emplace_back(args, count);
      } else {
        tuple->second += count;
      }
    }
  }
}

}  // namespace box::seccomp
