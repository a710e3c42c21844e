// Where a `boxcopy login` is kept between runs: the kernel keyring when it
// works, else a 0600 file in the state folder, or nowhere (--token-store none).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/entra/access_token.h"
#include "auth/login_settings.h"

namespace box::auth {

enum class TokenStoreKind { keyring, file, none };

// Parses keyring, file or none (any case).
std::optional<TokenStoreKind> parse_token_store_kind(std::string_view text);
const char* to_string(TokenStoreKind kind);

// A persisted login: the settings that renew it and the current token.
struct StoredLogin {
  LoginSettings settings;  // secrets are kept only by the keyring store
  entra::AccessToken token;
};

// Returns the JSON text of a login. Without include_secrets the client secret
// and certificate password are left out.
std::string serialize_login(const StoredLogin& login, bool include_secrets);

// Parses serialize_login output and registers its tokens and secrets. Throws box::Error (input).
StoredLogin parse_login(std::string_view text, const std::string& origin);

class TokenStore {
 public:
  virtual ~TokenStore() = default;
  virtual TokenStoreKind kind() const = 0;
  // Names the place for `login status`, e.g. "file /home/u/.boxcopy/oauth-token.json (mode 0600)".
  virtual std::string location() const = 0;
  // Throws box::Error (environment or local_io) when the login cannot be kept.
  virtual void save(const StoredLogin& login) = 0;
  virtual std::optional<StoredLogin> load() = 0;
  // Returns true when a stored login was removed.
  virtual bool remove() = 0;
};

// Receives one-line notices, such as the keyring falling back to the file.
using NoticeSink = std::function<void(const std::string&)>;

// Opens the store chosen by `choice`, else by BOXCOPY_TOKEN_STORE, else the
// automatic one: the keyring, falling back to the file when add_key or keyctl
// fail (EPERM under seccomp, ENOSYS, no usable keyring). Throws box::Error
// (usage) for an invalid BOXCOPY_TOKEN_STORE.
std::unique_ptr<TokenStore> open_token_store(std::optional<TokenStoreKind> choice, NoticeSink notice);

// A login found in one of the persistent stores, and where.
struct FoundLogin {
  TokenStoreKind kind;
  std::string location;
  StoredLogin login;
};

// Removes the logins kept in the keyring and in the file, except in the store
// of kind `kept`, so that an older login cannot hide or outlive a new one. A
// keyring that cannot be reached contains no login to remove. Returns the
// locations that held a login. Throws box::Error (local_io) when the file
// exists but cannot be removed.
std::vector<std::string> remove_other_logins(TokenStoreKind kept);

// Returns the login kept in the keyring or in the file, whichever is not of
// kind `used`, or nullopt. A keyring that cannot be reached counts as empty.
std::optional<FoundLogin> find_other_login(TokenStoreKind used);

// Returns the path of the file store: <state_dir>/oauth-token.json.
std::string token_file_path();

// Returns the keyring key description: "boxcopy-oauth-token:<state_dir>", so
// that separate state folders keep separate logins.
std::string keyring_key_name();

}  // namespace box::auth
