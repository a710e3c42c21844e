// Parser for Docker-format and OCI seccomp profiles.
#include "seccomp/profile.h"

#include <array>
#include <limits>
#include <utility>

#include "seccomp/errors.h"

namespace box::seccomp {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::array<std::pair<std::string_view, Action>, 9> kActionNames = {{
    {"SCMP_ACT_KILL", Action::kill_thread},
    {"SCMP_ACT_KILL_THREAD", Action::kill_thread},
    {"SCMP_ACT_KILL_PROCESS", Action::kill_process},
    {"SCMP_ACT_TRAP", Action::trap},
    {"SCMP_ACT_ERRNO", Action::errno_ret},
    {"SCMP_ACT_NOTIFY", Action::user_notif},
    {"SCMP_ACT_TRACE", Action::trace},
    {"SCMP_ACT_LOG", Action::log},
    {"SCMP_ACT_ALLOW", Action::allow},
}};

constexpr std::array<std::pair<std::string_view, CompareOp>, 7> kOpNames = {{
    {"SCMP_CMP_NE", CompareOp::ne},
    {"SCMP_CMP_LT", CompareOp::lt},
    {"SCMP_CMP_LE", CompareOp::le},
    {"SCMP_CMP_EQ", CompareOp::eq},
    {"SCMP_CMP_GE", CompareOp::ge},
    {"SCMP_CMP_GT", CompareOp::gt},
    {"SCMP_CMP_MASKED_EQ", CompareOp::masked_eq},
}};

// Linux system calls take at most 6 arguments.
constexpr unsigned kMaxArguments = 6;

std::string type_name(const Json& value) { return value.type_name(); }

// A JSON value together with its path, for messages.
struct Node {
  const Json& value;
  std::string path;

  [[noreturn]] void fail(const std::string& problem) const { throw ProfileError(path, problem); }

  bool has(const char* key) const { return value.contains(key) && !value.at(key).is_null(); }
  Node at(const char* key) const { return {value.at(key), path.empty() ? key : path + "." + key}; }
  Node at(std::size_t index) const { return {value.at(index), path + "[" + std::to_string(index) + "]"}; }

  void expect_object() const {
    if (!value.is_object()) fail("expected an object, found " + type_name(value));
  }
  void expect_array() const {
    if (!value.is_array()) fail("expected an array, found " + type_name(value));
  }
  std::string string() const {
    if (!value.is_string()) fail("expected a string, found " + type_name(value));
    return value.get<std::string>();
  }
  std::uint64_t unsigned_number(std::uint64_t max = std::numeric_limits<std::uint64_t>::max()) const {
    if (!value.is_number_unsigned() || value.get<std::uint64_t>() > max) {
      fail("expected an integer from 0 to " + std::to_string(max) + ", found " + value.dump());
    }
    return value.get<std::uint64_t>();
  }
  std::vector<std::string> strings() const {
    expect_array();
    std::vector<std::string> result;
    for (std::size_t i = 0; i < value.size(); ++i) result.push_back(at(i).string());
    return result;
  }
};

Action parse_action_node(const Node& node) {
  const std::string name = node.string();
  if (auto action = parse_action(name)) return *action;
  node.fail("unknown action \"" + name + "\"");
}

std::optional<unsigned> parse_errno(const Node& parent, const char* key) {
  if (!parent.has(key)) return std::nullopt;
  // The kernel stores the errno in the low 16 bits of the filter's return value (SECCOMP_RET_DATA).
  return static_cast<unsigned>(parent.at(key).unsigned_number(0xFFFF));
}

ArgCondition parse_arg(const Node& node) {
  node.expect_object();
  ArgCondition condition;
  if (!node.has("index")) node.fail("missing \"index\"");
  condition.index = static_cast<unsigned>(node.at("index").unsigned_number(kMaxArguments - 1));
  if (!node.has("value")) node.fail("missing \"value\"");
  condition.value = node.at("value").unsigned_number();
  if (node.has("valueTwo")) condition.value_two = node.at("valueTwo").unsigned_number();
  if (!node.has("op")) node.fail("missing \"op\"");
  const Node op = node.at("op");
  const std::string op_text = op.string();
  const auto parsed = parse_op(op_text);
  if (!parsed) op.fail("unknown operator \"" + op_text + "\"");
  condition.op = *parsed;
  return condition;
}

RuleFilter parse_filter(const Node& node) {
  node.expect_object();
  RuleFilter filter;
  if (node.has("caps")) filter.caps = node.at("caps").strings();
  if (node.has("arches")) filter.arches = node.at("arches").strings();
  if (node.has("minKernel")) {
    const Node min_kernel = node.at("minKernel");
    const std::string text = min_kernel.string();
    if (!text.empty()) {
      filter.min_kernel = parse_kernel_version(text);
      if (!filter.min_kernel) min_kernel.fail("invalid kernel version \"" + text + "\", expected \"X.Y\" such as \"4.8\"");
    }
  }
  return filter;
}

Rule parse_rule(const Node& node) {
  node.expect_object();
  Rule rule;
  const bool has_name = node.has("name");
  const bool has_names = node.has("names") && !node.value.at("names").empty();
  if (has_name && has_names) node.fail("both \"name\" and \"names\" are set; use one of them");
  if (has_name) rule.names.push_back(node.at("name").string());
  if (has_names) rule.names = node.at("names").strings();
  if (rule.names.empty()) node.fail("missing \"names\"");
  for (std::size_t i = 0; i < rule.names.size(); ++i) {
    if (rule.names[i].empty()) node.at("names").at(i).fail("empty system call name");
  }

  if (!node.has("action")) node.fail("missing \"action\"");
  rule.action = parse_action_node(node.at("action"));
  rule.errno_ret = parse_errno(node, "errnoRet");

  if (node.has("args")) {
    const Node args = node.at("args");
    args.expect_array();
    for (std::size_t i = 0; i < args.value.size(); ++i) rule.args.push_back(parse_arg(args.at(i)));
  }
  if (node.has("includes")) rule.includes = parse_filter(node.at("includes"));
  if (node.has("excludes")) rule.excludes = parse_filter(node.at("excludes"));
  return rule;
}

std::vector<ArchMapEntry> parse_arch_map(const Node& node) {
  node.expect_array();
  std::vector<ArchMapEntry> entries;
  for (std::size_t i = 0; i < node.value.size(); ++i) {
    const Node entry = node.at(i);
    entry.expect_object();
    if (!entry.has("architecture")) entry.fail("missing \"architecture\"");
    ArchMapEntry parsed{entry.at("architecture").string(), {}};
    if (entry.has("subArchitectures")) parsed.sub_arches = entry.at("subArchitectures").strings();
    entries.push_back(std::move(parsed));
  }
  return entries;
}

void parse_seccomp_object(const Node& node, Profile& profile) {
  node.expect_object();
  if (!node.has("defaultAction")) node.fail("missing \"defaultAction\"; set it, for example to \"SCMP_ACT_ERRNO\"");
  profile.default_action = parse_action_node(node.at("defaultAction"));
  profile.default_errno_ret = parse_errno(node, "defaultErrnoRet");
  if (node.has("architectures")) profile.architectures = node.at("architectures").strings();
  if (node.has("archMap")) profile.arch_map = parse_arch_map(node.at("archMap"));
  if (!profile.architectures.empty() && !profile.arch_map.empty()) {
    node.at("archMap").fail("both \"architectures\" and \"archMap\" are set; use one of them");
  }
  if (node.has("syscalls")) {
    const Node syscalls = node.at("syscalls");
    syscalls.expect_array();
    for (std::size_t i = 0; i < syscalls.value.size(); ++i) profile.syscalls.push_back(parse_rule(syscalls.at(i)));
  }
}

}  // namespace

Profile parse_profile(std::string_view text, const std::string& source) {
  Profile profile;
  profile.source = source;
  try {
    profile.document = Json::parse(text);
  } catch (const Json::parse_error& error) {
    throw ProfileError("", "invalid JSON at byte " + std::to_string(error.byte) + ": " + error.what());
  }

  const Node root{profile.document, ""};
  root.expect_object();
  if (root.value.contains("linux")) {
    // An OCI runtime config (config.json): the profile is linux.seccomp.
    const Node linux_node = root.at("linux");
    linux_node.expect_object();
    if (!linux_node.has("seccomp")) linux_node.fail("missing \"seccomp\"");
    profile.seccomp_pointer = "/linux/seccomp";
    profile.path_prefix = "linux.seccomp.";
    parse_seccomp_object(linux_node.at("seccomp"), profile);
  } else {
    parse_seccomp_object(root, profile);
  }
  return profile;
}

std::string_view action_name(Action action) {
  switch (action) {
    case Action::kill_process: return "SCMP_ACT_KILL_PROCESS";
    case Action::kill_thread: return "SCMP_ACT_KILL_THREAD";
    case Action::trap: return "SCMP_ACT_TRAP";
    case Action::errno_ret: return "SCMP_ACT_ERRNO";
    case Action::user_notif: return "SCMP_ACT_NOTIFY";
    case Action::trace: return "SCMP_ACT_TRACE";
    case Action::log: return "SCMP_ACT_LOG";
    case Action::allow: return "SCMP_ACT_ALLOW";
  }
  return "SCMP_ACT_UNKNOWN";
}

std::optional<Action> parse_action(std::string_view name) {
  for (const auto& [text, action] : kActionNames) {
    if (text == name) return action;
  }
  return std::nullopt;
}

std::string_view op_name(CompareOp op) {
  for (const auto& [text, value] : kOpNames) {
    if (value == op) return text;
  }
  return "SCMP_CMP_UNKNOWN";
}

std::optional<CompareOp> parse_op(std::string_view name) {
  for (const auto& [text, op] : kOpNames) {
    if (text == name) return op;
  }
  return std::nullopt;
}

bool condition_holds(const ArgCondition& condition, std::uint64_t argument) {
  switch (condition.op) {
    case CompareOp::ne: return argument != condition.value;
    case CompareOp::lt: return argument < condition.value;
    case CompareOp::le: return argument <= condition.value;
    case CompareOp::eq: return argument == condition.value;
    case CompareOp::ge: return argument >= condition.value;
    case CompareOp::gt: return argument > condition.value;
    case CompareOp::masked_eq: return (argument & condition.value) == condition.value_two;
  }
  return false;
}

}  // namespace box::seccomp
