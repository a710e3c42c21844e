#include "auth/entra/azure_cli.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <ctime>
#include <vector>

#include "common/error.h"
#include "common/redact.h"

extern char** environ;

namespace box::auth::entra {
namespace {

struct CommandOutput {
  int exit_code = -1;
  std::string out;
  std::string err;
};

void check_tenant(const std::string& tenant) {
  const bool safe = std::all_of(tenant.begin(), tenant.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '.' || c == '-';
  });
  if (!safe) {
    throw Error(ErrorKind::usage, "invalid tenant '" + tenant + "': use a tenant ID or a domain name");
  }
}

// Reads both pipes until the child closes them or the deadline passes.
void drain_pipes(int out_fd, int err_fd, CommandOutput& result, std::chrono::steady_clock::time_point deadline,
                 pid_t pid) {
  std::vector<pollfd> fds = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
  char buffer[4096];
  while (fds[0].fd >= 0 || fds[1].fd >= 0) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      kill(pid, SIGKILL);
      throw Error(ErrorKind::auth, "`az account get-access-token` did not finish in time");
    }
    if (poll(fds.data(), fds.size(), static_cast<int>(left.count())) < 0 && errno != EINTR) {
      break;
    }
    for (std::size_t i = 0; i < fds.size(); ++i) {
      if (fds[i].fd < 0 || (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) {
        continue;
      }
      const ssize_t n = read(fds[i].fd, buffer, sizeof(buffer));
      if (n <= 0) {
        close(fds[i].fd);
        fds[i].fd = -1;
      } else {
        (i == 0 ? result.out : result.err).append(buffer, static_cast<std::size_t>(n));
      }
    }
  }
}

CommandOutput run_az(const std::vector<std::string>& args, std::chrono::seconds timeout) {
  int out_pipe[2];
  int err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0 || pipe2(err_pipe, O_CLOEXEC) != 0) {
    throw Error(ErrorKind::environment, "cannot create a pipe for the Azure CLI");
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], STDERR_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);

  std::vector<char*> argv;
  for (const auto& arg : args) {
    argv.push_back(const_cast<char*>(arg.c_str()));
  }
  argv.push_back(nullptr);
  pid_t pid = -1;
  const int spawn_error = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (spawn_error != 0) {
    close(out_pipe[0]);
    close(err_pipe[0]);
    throw Error(ErrorKind::auth, "cannot run the Azure CLI (`az`): it is not installed or not on PATH");
  }

  CommandOutput result;
  try {
    drain_pipes(out_pipe[0], err_pipe[0], result, std::chrono::steady_clock::now() + timeout, pid);
  } catch (...) {
    waitpid(pid, nullptr, 0);
    throw;
  }
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

// Parses "2024-01-31 17:05:09.000000", a local time without a zone.
std::optional<Clock::time_point> parse_local_time(const std::string& text) {
  std::tm parts{};
  if (!strptime(text.c_str(), "%Y-%m-%d %H:%M:%S", &parts)) {
    return std::nullopt;
  }
  parts.tm_isdst = -1;
  const std::time_t seconds = std::mktime(&parts);
  if (seconds == -1) {
    return std::nullopt;
  }
  return Clock::from_time_t(seconds);
}

}  // namespace

AccessToken parse_azure_cli_output(const std::string& output) {
  const auto json = nlohmann::json::parse(output, nullptr, false);
  if (json.is_discarded() || !json.is_object() || !json.contains("accessToken") || !json["accessToken"].is_string()) {
    throw Error(ErrorKind::auth, "`az account get-access-token` printed no accessToken");
  }
  AccessToken token;
  token.acquired_on = Clock::now();
  token.token = json["accessToken"].get<std::string>();
  register_secret(token.token);

  // expires_on (seconds since the epoch, Azure CLI 2.54 and later) is exact;
  // expiresOn is local time and the only field older versions print.
  const auto expires_on = json.find("expires_on");
  if (expires_on != json.end() && expires_on->is_number_integer()) {
    token.expires_on = Clock::time_point(std::chrono::seconds(expires_on->get<long long>()));
  } else if (expires_on != json.end() && expires_on->is_string()) {
    token.expires_on = Clock::time_point(std::chrono::seconds(std::stoll(expires_on->get<std::string>())));
  } else if (json.contains("expiresOn") && json["expiresOn"].is_string()) {
    const auto local = parse_local_time(json["expiresOn"].get<std::string>());
    if (!local) {
      throw Error(ErrorKind::auth, "`az account get-access-token` printed an unreadable expiresOn");
    }
    token.expires_on = *local;
  } else {
    throw Error(ErrorKind::auth, "`az account get-access-token` printed no expiry");
  }
  return token;
}

AzureCliSource::AzureCliSource(std::string tenant, std::chrono::seconds timeout)
    : tenant_(std::move(tenant)), timeout_(timeout) {
  check_tenant(tenant_);
}

AccessToken AzureCliSource::acquire(const std::string& tenant) {
  const std::string& effective_tenant = tenant.empty() ? tenant_ : tenant;
  check_tenant(effective_tenant);
  std::vector<std::string> args = {"az", "account", "get-access-token", "--resource", "https://storage.azure.com",
                                   "--output", "json"};
  if (!effective_tenant.empty()) {
    args.insert(args.end(), {"--tenant", effective_tenant});
  }
  const CommandOutput result = run_az(args, timeout_);
  if (result.exit_code != 0) {
    std::string detail = redact_text(result.err.substr(0, 300));
    while (!detail.empty() && std::isspace(static_cast<unsigned char>(detail.back()))) {
      detail.pop_back();
    }
    throw Error(ErrorKind::auth, "`az account get-access-token` failed with exit code " +
                                     std::to_string(result.exit_code) + ": " + detail +
                                     " (run `az login` first)");
  }
  return parse_azure_cli_output(result.out);
}

}  // namespace box::auth::entra
