#include "auth/token_store.h"

#include <fcntl.h>
#include <keyutils.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "auth/entra/authority.h"
#include "auth/read_file.h"
#include "common/error.h"
#include "common/redact.h"
#include "common/state_dir.h"

namespace box::auth {
namespace {

constexpr int kFormatVersion = 1;

long long to_epoch(entra::Clock::time_point time) {
  return std::chrono::duration_cast<std::chrono::seconds>(time.time_since_epoch()).count();
}

entra::Clock::time_point from_epoch(long long seconds) {
  return entra::Clock::time_point(std::chrono::seconds(seconds));
}

// Raised inside this file when the kernel keyring cannot be used at all.
struct KeyringUnavailable {
  std::string operation;
  int error_number;
  std::string describe() const { return operation + ": " + std::strerror(error_number); }
};

class KeyringStore : public TokenStore {
 public:
  TokenStoreKind kind() const override { return TokenStoreKind::keyring; }
  std::string location() const override { return "kernel keyring (user keyring, key '" + keyring_key_name() + "')"; }

  void save(const StoredLogin& login) override {
    const std::string data = serialize_login(login, true);
    const key_serial_t id =
        add_key("user", keyring_key_name().c_str(), data.data(), data.size(), KEY_SPEC_USER_KEYRING);
    if (id < 0) {
      throw KeyringUnavailable{"add_key", errno};
    }
    // Readable by the owning user without possession, so a new session
    // (another shell, a cron job) can find it; nobody else gets any access.
    if (keyctl_setperm(id, KEY_POS_ALL | KEY_USR_ALL) != 0) {
      throw KeyringUnavailable{"keyctl_setperm", errno};
    }
  }

  std::optional<StoredLogin> load() override {
    const auto id = find();
    if (!id) {
      return std::nullopt;
    }
    void* buffer = nullptr;
    const long length = keyctl_read_alloc(*id, &buffer);
    if (length < 0) {
      throw KeyringUnavailable{"keyctl_read", errno};
    }
    const std::string text(static_cast<const char*>(buffer), static_cast<std::size_t>(length));
    std::free(buffer);
    return parse_login(text, location());
  }

  bool remove() override {
    const auto id = find();
    if (!id) {
      return false;
    }
    if (keyctl_invalidate(*id) != 0 && keyctl_unlink(*id, KEY_SPEC_USER_KEYRING) != 0) {
      throw KeyringUnavailable{"keyctl_invalidate", errno};
    }
    return true;
  }

 private:
  // Returns the key id, nullopt when there is no such key; throws
  // KeyringUnavailable when the keyring itself cannot be searched.
  std::optional<key_serial_t> find() const {
    const long id = keyctl_search(KEY_SPEC_USER_KEYRING, "user", keyring_key_name().c_str(), 0);
    if (id >= 0) {
      return static_cast<key_serial_t>(id);
    }
    if (errno == ENOKEY || errno == EKEYEXPIRED || errno == EKEYREVOKED) {
      return std::nullopt;
    }
    throw KeyringUnavailable{"keyctl_search", errno};
  }
};

class FileStore : public TokenStore {
 public:
  TokenStoreKind kind() const override { return TokenStoreKind::file; }
  std::string location() const override { return "file " + token_file_path() + " (mode 0600)"; }

  void save(const StoredLogin& login) override {
    const std::string path = token_file_path();
    const std::string data = serialize_login(login, false);
    const std::string temp = path + ".tmp." + std::to_string(getpid());

    // temp file, fsync, rename, fsync of the folder: a crash leaves either
    // the old login or the new one, never a truncated file.
    const int fd = open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
      throw system_error("creating", temp, errno);
    }
    const bool written = fchmod(fd, 0600) == 0 && write_all(fd, data) && fsync(fd) == 0;
    const int saved_errno = errno;
    close(fd);
    if (!written) {
      unlink(temp.c_str());
      throw system_error("writing", temp, saved_errno);
    }
    if (rename(temp.c_str(), path.c_str()) != 0) {
      const int rename_errno = errno;
      unlink(temp.c_str());
      throw system_error("renaming to", path, rename_errno);
    }
    sync_folder(path.substr(0, path.rfind('/')));
  }

  std::optional<StoredLogin> load() override {
    const std::string path = token_file_path();
    const auto text = read_whole_file(path);
    if (!text) {
      if (errno == ENOENT) {
        return std::nullopt;
      }
      throw system_error("reading", path, errno);
    }
    return parse_login(*text, path);
  }

  bool remove() override {
    const std::string path = token_file_path();
    if (unlink(path.c_str()) == 0) {
      return true;
    }
    if (errno == ENOENT) {
      return false;
    }
    throw system_error("removing", path, errno);
  }

 private:
  static bool write_all(int fd, const std::string& data) {
    std::size_t done = 0;
    while (done < data.size()) {
      const ssize_t n = write(fd, data.data() + done, data.size() - done);
      if (n < 0 && errno == EINTR) {
        continue;
      }
      if (n <= 0) {
        return false;
      }
      done += static_cast<std::size_t>(n);
    }
    return true;
  }

  static void sync_folder(const std::string& folder) {
    const int fd = open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
      fsync(fd);
      close(fd);
    }
  }
};

class NoStore : public TokenStore {
 public:
  TokenStoreKind kind() const override { return TokenStoreKind::none; }
  std::string location() const override { return "not kept (--token-store none)"; }
  void save(const StoredLogin&) override {}
  std::optional<StoredLogin> load() override { return std::nullopt; }
  bool remove() override { return false; }
};

// An explicit --token-store keyring: keyring failures become errors.
class StrictKeyringStore : public KeyringStore {
 public:
  void save(const StoredLogin& login) override { run([&] { KeyringStore::save(login); }); }
  std::optional<StoredLogin> load() override {
    std::optional<StoredLogin> result;
    run([&] { result = KeyringStore::load(); });
    return result;
  }
  bool remove() override {
    bool removed = false;
    run([&] { removed = KeyringStore::remove(); });
    return removed;
  }

 private:
  template <typename Action>
  static void run(Action action) {
    try {
      action();
    } catch (const KeyringUnavailable& failure) {
      std::string message = "the kernel keyring is not usable (" + failure.describe() + ")";
      if (failure.error_number == EPERM || failure.error_number == ENOSYS) {
        // Container runtimes deny these calls because the keyring is not namespaced.
        message += ": a seccomp profile denies the keyring syscalls, as the default profiles of Docker, "
                   "Podman and containerd do; use --token-store file, or run with a profile that allows "
                   "add_key and keyctl (boxfit patch --profile docker -- boxcopy login ...)";
      } else {
        message += "; use --token-store file instead";
      }
      throw Error(ErrorKind::environment, message);
    }
  }
};

// The default: the keyring, or the file when the keyring does not work.
class AutomaticStore : public TokenStore {
 public:
  explicit AutomaticStore(NoticeSink notice) : notice_(std::move(notice)) {}

  TokenStoreKind kind() const override { return using_file_ ? TokenStoreKind::file : TokenStoreKind::keyring; }
  std::string location() const override { return using_file_ ? file_.location() : keyring_.location(); }

  void save(const StoredLogin& login) override {
    if (!using_file_) {
      try {
        keyring_.save(login);
        file_.remove();  // an older file login would shadow nothing but would linger on disk
        return;
      } catch (const KeyringUnavailable& failure) {
        fall_back(failure);
      }
    }
    file_.save(login);
  }

  std::optional<StoredLogin> load() override {
    if (!using_file_) {
      try {
        if (auto login = keyring_.load()) {
          return login;
        }
      } catch (const KeyringUnavailable& failure) {
        fall_back(failure, false);
      }
    }
    auto login = file_.load();
    if (login) {
      using_file_ = true;
    }
    return login;
  }

  bool remove() override {
    bool removed = false;
    try {
      removed = keyring_.remove();
    } catch (const KeyringUnavailable&) {
      // Nothing can be in a keyring that cannot be reached; the file may still exist.
    }
    return file_.remove() || removed;
  }

 private:
  void fall_back(const KeyringUnavailable& failure, bool announce = true) {
    using_file_ = true;
    if (announce && notice_) {
      notice_("notice: the kernel keyring is not usable (" + failure.describe() + "); keeping the login in " +
              token_file_path() + " (mode 0600) instead");
    }
  }

  NoticeSink notice_;
  KeyringStore keyring_;
  FileStore file_;
  bool using_file_ = false;
};

nlohmann::json settings_to_json(const LoginSettings& settings, bool include_secrets) {
  nlohmann::json json = {{"method", to_string(settings.method)},
                         {"authority", settings.authority},
                         {"tenant", settings.tenant},
                         {"application_id", settings.application_id},
                         {"certificate_path", settings.certificate_path},
                         {"identity_client_id", settings.identity_client_id},
                         {"identity_resource_id", settings.identity_resource_id},
                         {"federated_token_file", settings.federated_token_file}};
  if (include_secrets) {
    json["client_secret"] = settings.client_secret;
    json["certificate_password"] = settings.certificate_password;
  }
  return json;
}

std::string string_field(const nlohmann::json& json, const char* name) {
  const auto it = json.find(name);
  return it != json.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

std::optional<TokenStoreKind> parse_token_store_kind(std::string_view text) {
  std::string value(text);
  std::transform(value.begin(), value.end(), value.begin(), [](unsigned char c) { return std::tolower(c); });
  if (value == "keyring") return TokenStoreKind::keyring;
  if (value == "file") return TokenStoreKind::file;
  if (value == "none") return TokenStoreKind::none;
  return std::nullopt;
}

const char* to_string(TokenStoreKind kind) {
  switch (kind) {
    case TokenStoreKind::keyring:
      return "keyring";
    case TokenStoreKind::file:
      return "file";
    case TokenStoreKind::none:
      return "none";
  }
  return "unknown";
}

std::string token_file_path() { return state_dir() + "/oauth-token.json"; }

std::string keyring_key_name() { return "boxcopy-oauth-token:" + state_dir(); }

std::string serialize_login(const StoredLogin& login, bool include_secrets) {
  nlohmann::json json = settings_to_json(login.settings, include_secrets);
  json["version"] = kFormatVersion;
  json["access_token"] = login.token.token;
  json["expires_on"] = to_epoch(login.token.expires_on);
  json["acquired_on"] = to_epoch(login.token.acquired_on);
  json["refresh_token"] = login.token.refresh_token;
  return json.dump(2) + "\n";
}

StoredLogin parse_login(std::string_view text, const std::string& origin) {
  const auto json = nlohmann::json::parse(text, nullptr, false);
  const std::string fix = "; run `boxcopy logout`, then `boxcopy login` again";
  if (json.is_discarded() || !json.is_object()) {
    throw Error(ErrorKind::input, "the stored login in " + origin + " is not valid JSON" + fix);
  }
  if (json.value("version", 0) != kFormatVersion) {
    throw Error(ErrorKind::input, "the stored login in " + origin + " has an unknown format version" + fix);
  }
  const auto method = parse_login_method(string_field(json, "method"));
  if (!method) {
    throw Error(ErrorKind::input, "the stored login in " + origin + " has an unknown method" + fix);
  }

  StoredLogin login;
  LoginSettings& settings = login.settings;
  settings.method = *method;
  settings.authority = string_field(json, "authority");
  settings.tenant = string_field(json, "tenant");
  settings.application_id = string_field(json, "application_id");
  settings.certificate_path = string_field(json, "certificate_path");
  settings.identity_client_id = string_field(json, "identity_client_id");
  settings.identity_resource_id = string_field(json, "identity_resource_id");
  settings.federated_token_file = string_field(json, "federated_token_file");
  settings.client_secret = string_field(json, "client_secret");
  settings.certificate_password = string_field(json, "certificate_password");
  login.token.token = string_field(json, "access_token");
  login.token.refresh_token = string_field(json, "refresh_token");
  login.token.expires_on = from_epoch(json.value("expires_on", 0LL));
  login.token.acquired_on = from_epoch(json.value("acquired_on", 0LL));
  for (const std::string* secret : {&settings.client_secret, &settings.certificate_password, &login.token.token,
                                    &login.token.refresh_token}) {
    register_secret(*secret);
  }
  return login;
}

std::vector<std::string> remove_other_logins(TokenStoreKind kept) {
  std::vector<std::string> removed;
  if (kept != TokenStoreKind::keyring) {
    KeyringStore keyring;
    try {
      if (keyring.remove()) {
        removed.push_back(keyring.location());
      }
    } catch (const KeyringUnavailable&) {
      // Nothing can be kept in a keyring that cannot be reached.
    }
  }
  if (kept != TokenStoreKind::file) {
    FileStore file;
    if (file.remove()) {
      removed.push_back(file.location());
    }
  }
  return removed;
}

std::optional<FoundLogin> find_other_login(TokenStoreKind used) {
  if (used != TokenStoreKind::keyring) {
    KeyringStore keyring;
    try {
      if (auto login = keyring.load()) {
        return FoundLogin{TokenStoreKind::keyring, keyring.location(), std::move(*login)};
      }
    } catch (const KeyringUnavailable&) {
      // An unreachable keyring holds no login that commands could use.
    }
  }
  if (used != TokenStoreKind::file) {
    FileStore file;
    if (auto login = file.load()) {
      return FoundLogin{TokenStoreKind::file, file.location(), std::move(*login)};
    }
  }
  return std::nullopt;
}

std::unique_ptr<TokenStore> open_token_store(std::optional<TokenStoreKind> choice, NoticeSink notice) {
  if (!choice) {
    if (auto value = entra::env_value("BOXCOPY_TOKEN_STORE")) {
      choice = parse_token_store_kind(*value);
      if (!choice) {
        throw Error(ErrorKind::usage, "invalid BOXCOPY_TOKEN_STORE '" + *value + "': use keyring, file or none");
      }
    }
  }
  if (!choice) {
    return std::make_unique<AutomaticStore>(std::move(notice));
  }
  switch (*choice) {
    case TokenStoreKind::keyring:
      return std::make_unique<StrictKeyringStore>();
    case TokenStoreKind::file:
      return std::make_unique<FileStore>();
    case TokenStoreKind::none:
      return std::make_unique<NoStore>();
  }
  throw Error(ErrorKind::internal, "unhandled token store kind");
}

}  // namespace box::auth
