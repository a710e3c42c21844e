// `boxcopy login`, `boxcopy login status` and `boxcopy logout`, with AzCopy's
// flags, and the hook that lets other commands use the stored login.
#include <cctype>
#include <chrono>
#include <ctime>
#include <iostream>
#include <mutex>
#include <vector>

#include "auth/entra/jwt.h"
#include "auth/oauth_session.h"
#include "boxcopy/commands.h"
#include "common/error.h"
#include "storage/credential_for_url.h"

namespace box::cli {
namespace {

struct LoginFlags {
  std::string login_type;
  std::string tenant_id;
  std::string aad_endpoint;
  std::string application_id;
  std::string certificate_path;
  std::string identity_client_id;
  std::string identity_resource_id;
  bool service_principal = false;  // deprecated: --login-type spn
  bool identity = false;           // deprecated: --login-type msi
  std::string token_store;
};

std::optional<auth::TokenStoreKind> parse_store_flag(const std::string& value) {
  if (value.empty()) {
    return std::nullopt;
  }
  auto kind = auth::parse_token_store_kind(value);
  if (!kind) {
    throw Error(ErrorKind::usage, "invalid --token-store '" + value + "': use keyring, file or none");
  }
  return kind;
}

void print_notice(const std::string& text) { std::cerr << text << std::endl; }

auth::LoginMethod resolve_method(const LoginFlags& flags, const CommandContext& context) {
  std::optional<auth::LoginMethod> method;
  if (!flags.login_type.empty()) {
    method = auth::parse_login_method(flags.login_type);
    if (!method) {
      throw Error(ErrorKind::usage, "invalid --login-type '" + flags.login_type +
                                        "': use device, spn, msi, workload or azcli");
    }
  }
  const auto apply_deprecated = [&](bool set, auth::LoginMethod implied, const char* flag) {
    if (!set) {
      return;
    }
    context.print(MessageType::warning, std::string(flag) + " is deprecated; use --login-type " +
                                            auth::to_string(implied) + " instead");
    if (method && *method != implied) {
      throw Error(ErrorKind::usage, std::string(flag) + " conflicts with --login-type " + flags.login_type);
    }
    method = implied;
  };
  apply_deprecated(flags.service_principal, auth::LoginMethod::spn, "--service-principal");
  apply_deprecated(flags.identity, auth::LoginMethod::msi, "--identity");
  return method.value_or(auth::LoginMethod::device);
}

auth::LoginSettings settings_from_flags(const LoginFlags& flags, const CommandContext& context) {
  auth::LoginSettings settings;
  settings.method = resolve_method(flags, context);
  if (!flags.aad_endpoint.empty()) {
    settings.authority_flag = flags.aad_endpoint;
  }
  settings.tenant = flags.tenant_id;
  settings.application_id = flags.application_id;
  settings.certificate_path = flags.certificate_path;
  settings.identity_client_id = flags.identity_client_id;
  settings.identity_resource_id = flags.identity_resource_id;
  auth::complete_settings(settings);
  return settings;
}

std::string format_utc(auth::entra::Clock::time_point time) {
  const std::time_t seconds = auth::entra::Clock::to_time_t(time);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%d %H:%M:%S UTC", &parts);
  return text;
}

void run_login(const LoginFlags& flags, CommandContext& context) {
  const auth::LoginSettings settings = settings_from_flags(flags, context);
  auto store = auth::open_token_store(parse_store_flag(flags.token_store), print_notice);
  const auto print_device_message = [&](const std::string& message) { context.print_plain(message); };
  const auth::LoginResult result = auth::login(context.http_client(), settings, *store, print_device_message);
  context.print(MessageType::info, "Login succeeded (" + std::string(auth::to_string(settings.method)) +
                                       "); the token expires " +
                                       auth::describe_expiry(result.stored.token.expires_on,
                                                             auth::entra::Clock::now()) +
                                       ". Token kept in: " + store->location());
  for (const auto& location : result.replaced) {
    context.print(MessageType::info, "Removed the older login from: " + location);
  }
}

// The signed-in user or application, from the token's own claims when it has them.
std::string token_subject(const std::string& token) {
  const auto claims = auth::entra::read_jwt_claims(token);
  for (const char* name : {"upn", "unique_name", "preferred_username", "appid", "oid"}) {
    if (claims.contains(name) && claims[name].is_string()) {
      return std::string(name) + " " + claims[name].get<std::string>();
    }
  }
  return {};
}

// `login status --tenant` and `--endpoint`: only the values, one a line, for scripts.
void print_status_values(const auth::LoginSettings& settings, bool only_tenant, bool only_endpoint,
                         CommandContext& context) {
  if (only_tenant) {
    context.print_plain(settings.tenant);
  }
  if (only_endpoint) {
    context.print_plain(settings.authority);
  }
}

// The first line of `login status`: logged in, or expired and how to renew.
// An expired login that cannot be renewed without the user exits with 1.
void print_status_summary(const auth::StoredLogin& stored, CommandContext& context) {
  const auto now = auth::entra::Clock::now();
  if (now < stored.token.expires_on) {
    context.print_plain("You are logged in.");
    return;
  }
  if (const auto problem = auth::unrenewable_expiry(context.http_client(), stored)) {
    std::string text = *problem;
    text.front() = static_cast<char>(std::toupper(static_cast<unsigned char>(text.front())));
    context.print_plain(text + ".");
    context.exit_code = kExitFailure;
    return;
  }
  context.print_plain("You are logged in. The token " + auth::describe_expiry(stored.token.expires_on, now) +
                      "; the next command renews it.");
}

void run_status(const std::string& store_flag, bool only_tenant, bool only_endpoint, CommandContext& context) {
  const auto store_choice = parse_store_flag(store_flag);
  auto store = auth::open_token_store(store_choice, print_notice);
  const auto stored = store->load();
  if (!stored) {
    context.print_plain("You are not logged in. Run `boxcopy login` to sign in.");
    context.exit_code = kExitFailure;
    return;
  }
  const auth::LoginSettings& settings = stored->settings;
  if (only_tenant || only_endpoint) {
    print_status_values(settings, only_tenant, only_endpoint, context);
    return;
  }

  print_status_summary(*stored, context);
  context.print_plain("Method: " + std::string(auth::to_string(settings.method)));
  context.print_plain("Tenant ID: " + (settings.tenant.empty() ? std::string("(default)") : settings.tenant));
  // Managed identity and Azure CLI do not talk to the authority.
  if (settings.method != auth::LoginMethod::msi && settings.method != auth::LoginMethod::azcli) {
    context.print_plain("Active directory endpoint: " + settings.authority);
  }
  std::string identity = auth::describe_identity(settings);
  if (const std::string subject = token_subject(stored->token.token); !subject.empty()) {
    identity += "; token for " + subject;
  }
  context.print_plain("Identity: " + identity);
  context.print_plain("Token expires: " + format_utc(stored->token.expires_on) + " (" +
                      auth::describe_expiry(stored->token.expires_on, auth::entra::Clock::now()) + ")");
  context.print_plain("Token kept in: " + store->location());

  // An older version could leave a login in each store; commands use the one shown above.
  if (const auto other = auth::find_other_login(store->kind())) {
    context.print_plain("Also kept: another login (" + std::string(auth::to_string(other->login.settings.method)) +
                        ") in " + other->location + (store_choice ? "" : ", which commands do not use") +
                        ". Run `boxcopy logout` to remove both, then `boxcopy login` again.");
  }
}

// Removes the login from every store that can be reached, so that no older
// login takes over after a logout.
void run_logout(const std::string& store_flag, CommandContext& context) {
  auto store = auth::open_token_store(parse_store_flag(store_flag), print_notice);
  std::vector<std::string> removed;
  if (store->remove()) {
    removed.push_back(store->location());
  }
  for (const auto& location : auth::remove_other_logins(store->kind())) {
    removed.push_back(location);
  }
  if (removed.empty()) {
    context.print(MessageType::info, "There was no stored login to remove.");
  }
  for (const auto& location : removed) {
    context.print(MessageType::info, "Logged out: removed the stored login from " + location + ".");
  }
}

// Lets copy, list, make and remove use the stored login or AZCOPY_AUTO_LOGIN_TYPE.
// The credential is created once and shared, so one token serves every URL.
void install_oauth_provider(CommandContext& context) {
  storage::set_oauth_provider([&context](const storage::BlobUrl&) -> std::shared_ptr<auth::Credential> {
    static std::mutex mutex;
    static bool loaded = false;
    static std::shared_ptr<auth::Credential> credential;
    std::lock_guard lock(mutex);
    if (!loaded) {
      auth::OAuthOptions options;
      for (const auto& entry : context.trusted_microsoft_suffixes) {
        options.trusted_suffixes += entry + ";";
      }
      options.notice = print_notice;
      credential = auth::load_oauth_credential(context.http_client(), options);
      loaded = true;
    }
    return credential;
  });
}

}  // namespace

void register_login_commands(CLI::App& app, CommandContext& context) {
  auto flags = std::make_shared<LoginFlags>();
  CLI::App* login = app.add_subcommand("login", "Sign in to Microsoft Entra ID and keep the token for later commands");
  login->add_option("--login-type", flags->login_type,
                    "Sign-in method: device (default), spn, msi, workload or azcli, in any case");
  login->add_option("--tenant-id", flags->tenant_id,
                    "Microsoft Entra tenant ID or domain; default 'common' for device code");
  login->add_option("--aad-endpoint", flags->aad_endpoint,
                    "Authority URL, default https://login.microsoftonline.com (or AZCOPY_ACTIVE_DIRECTORY_ENDPOINT, "
                    "AZURE_AUTHORITY_HOST)");
  login->add_option("--application-id", flags->application_id,
                    "Application (client) ID of the service principal or the workload identity");
  login->add_option("--certificate-path", flags->certificate_path,
                    "PEM or PFX file with the service principal's certificate and key; its password comes from "
                    "AZCOPY_SPA_CERT_PASSWORD");
  login->add_option("--identity-client-id", flags->identity_client_id, "Client ID of a user-assigned managed identity");
  login->add_option("--identity-resource-id", flags->identity_resource_id,
                    "Azure resource ID of a user-assigned managed identity");
  login->add_flag("--service-principal", flags->service_principal, "Deprecated: use --login-type spn");
  login->add_flag("--identity", flags->identity, "Deprecated: use --login-type msi");
  login->add_option("--token-store", flags->token_store,
                    "Where to keep the login: keyring, file or none (default: keyring, else file; or "
                    "BOXCOPY_TOKEN_STORE)");
  auto status_store = std::make_shared<std::string>();
  auto only_tenant = std::make_shared<bool>(false);
  auto only_endpoint = std::make_shared<bool>(false);
  CLI::App* status = login->add_subcommand("status", "Show the stored login: method, tenant, identity, expiry, store");
  status->add_flag("--tenant", *only_tenant, "Print only the tenant ID of the stored login");
  status->add_flag("--endpoint", *only_endpoint,
                   "Print only the authority (active directory endpoint) of the stored login");
  status->add_option("--token-store", *status_store, "Where to look: keyring, file or none");
  status->callback([=, &context] { run_status(*status_store, *only_tenant, *only_endpoint, context); });
  // CLI11 runs the parent's callback after a subcommand's; `login status` must not sign in.
  login->callback([flags, status, &context] {
    if (!status->parsed()) {
      run_login(*flags, context);
    }
  });

  auto logout_store = std::make_shared<std::string>();
  CLI::App* logout = app.add_subcommand("logout", "Remove the stored login from the keyring and the token file");
  logout->add_option("--token-store", *logout_store,
                     "Report a keyring that cannot be reached as an error (keyring); the login is removed from "
                     "every store in any case");
  logout->callback([=, &context] { run_logout(*logout_store, context); });

  install_oauth_provider(context);
}

}  // namespace box::cli
