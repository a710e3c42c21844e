// boxcopy make URL: creates a container, as `azcopy make` does.
#include <memory>
#include <string>

#include "boxcopy/commands.h"
#include "common/error.h"
#include "common/redact.h"
#include "storage/blob_client.h"
#include "storage/credential_for_url.h"

namespace box::cli {
namespace {

// Checks the service's container naming rules locally, so a typo fails with
// exit code 2 before any request: 3 to 63 characters, lower-case letters,
// digits and hyphens, starting and ending with a letter or digit, no "--".
// "$root" and "$web" are the service's special containers.
void check_container_name(const std::string& name) {
  if (name == "$root" || name == "$web") {
    return;
  }
  const auto is_lower_alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  bool valid = name.size() >= 3 && name.size() <= 63 && is_lower_alnum(name.front()) && is_lower_alnum(name.back()) &&
               name.find("--") == std::string::npos;
  for (const char c : name) {
    valid = valid && (is_lower_alnum(c) || c == '-');
  }
  if (!valid) {
    throw Error(ErrorKind::usage, "invalid container name '" + name +
                                      "': use 3 to 63 lower-case letters, digits and single hyphens, starting and "
                                      "ending with a letter or digit");
  }
}

void run_make(const std::string& url_text, CommandContext& context) {
  const storage::BlobUrl url = parse_url_argument(url_text, "make");
  if (url.container.empty() || !url.blob_path.empty()) {
    throw Error(ErrorKind::usage, "'" + redact_url(url_text) +
                                      "' is not a container URL; make creates containers, so give "
                                      "https://ACCOUNT.blob.core.windows.net/CONTAINER");
  }
  check_container_name(url.container);

  storage::BlobClient client(context.http_client(), storage::credential_for_url(url));
  if (!client.create_container(url)) {
    throw Error(ErrorKind::service, "container '" + url.container + "' already exists in account '" + url.account +
                                        "'; nothing was changed");
  }
  context.print(MessageType::info, "Successfully created the resource.");
}

}  // namespace

void register_make_command(CLI::App& app, CommandContext& context) {
  auto url = std::make_shared<std::string>();
  CLI::App* command = app.add_subcommand("make", "Create a container");
  command->add_option("url", *url, "Container URL, e.g. https://ACCOUNT.blob.core.windows.net/CONTAINER")
      ->required();
  command->callback([url, &context] { run_make(*url, context); });
}

}  // namespace box::cli
