// The file and keyring token stores, in a temporary state folder.
#include <gtest/gtest.h>
#include <keyutils.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "auth/token_store.h"
#include "common/error.h"
#include "support/process.h"

namespace box::auth {
namespace {

class TokenStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    setenv("BOXCOPY_STATE_DIR", (state_.path() + "/state").c_str(), 1);
    unsetenv("BOXCOPY_TOKEN_STORE");
  }
  void TearDown() override { unsetenv("BOXCOPY_STATE_DIR"); }

  static StoredLogin sample() {
    StoredLogin login;
    login.settings.method = LoginMethod::spn;
    login.settings.authority = "https://login.example.test";
    login.settings.tenant = "tenant-1";
    login.settings.application_id = "app-1";
    login.settings.client_secret = "stored-client-secret-value";
    login.settings.certificate_password = "stored-cert-password-value";
    login.token.token = "stored-access-token-value";
    login.token.acquired_on = entra::Clock::time_point(std::chrono::seconds(1700000000));
    login.token.expires_on = entra::Clock::time_point(std::chrono::seconds(1700003600));
    return login;
  }

  static std::string file_text(const std::string& path) {
    std::ifstream file(path);
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
  }

  testing::TempDir state_;
};

TEST_F(TokenStoreTest, FileKeepsNoSecrets) {
  auto store = open_token_store(TokenStoreKind::file, {});
  store->save(sample());
  const std::string path = token_file_path();
  struct stat info {};
  ASSERT_EQ(stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  struct stat folder {};
  ASSERT_EQ(stat((state_.path() + "/state").c_str(), &folder), 0);
  EXPECT_EQ(folder.st_mode & 0777, 0700u);

  const std::string text = file_text(path);
  EXPECT_NE(text.find("stored-access-token-value"), std::string::npos);
  EXPECT_EQ(text.find("stored-client-secret-value"), std::string::npos);
  EXPECT_EQ(text.find("stored-cert-password-value"), std::string::npos);
  // Only the final file remains; the temporary one was renamed.
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(state_.path() + "/state"),
                          std::filesystem::directory_iterator()),
            1);

  const auto loaded = store->load();
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(loaded->settings.method, LoginMethod::spn);
  EXPECT_EQ(loaded->settings.tenant, "tenant-1");
  EXPECT_EQ(loaded->settings.application_id, "app-1");
  EXPECT_EQ(loaded->token.token, "stored-access-token-value");
  EXPECT_EQ(loaded->token.expires_on, sample().token.expires_on);
  EXPECT_TRUE(loaded->settings.client_secret.empty());

  EXPECT_TRUE(store->remove());
  EXPECT_FALSE(store->remove());
  EXPECT_FALSE(store->load().has_value());
}

TEST_F(TokenStoreTest, KeyringKeepsSecrets) {
  if (keyctl_search(KEY_SPEC_USER_KEYRING, "user", "boxcopy-probe-none", 0) < 0 && errno != ENOKEY) {
    GTEST_SKIP() << "the kernel keyring is not usable here: " << std::strerror(errno);
  }
  auto store = open_token_store(TokenStoreKind::keyring, {});
  store->save(sample());
  const auto loaded = store->load();
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(loaded->settings.client_secret, "stored-client-secret-value");
  EXPECT_EQ(loaded->settings.certificate_password, "stored-cert-password-value");
  EXPECT_FALSE(std::filesystem::exists(token_file_path()));
  EXPECT_NE(store->location().find(keyring_key_name()), std::string::npos);
  EXPECT_TRUE(store->remove());
  EXPECT_FALSE(store->load().has_value());
}

TEST_F(TokenStoreTest, NoneKeepsNothing) {
  auto store = open_token_store(TokenStoreKind::none, {});
  store->save(sample());
  EXPECT_FALSE(store->load().has_value());
  EXPECT_FALSE(std::filesystem::exists(token_file_path()));
}

TEST_F(TokenStoreTest, EnvironmentChoosesStore) {
  setenv("BOXCOPY_TOKEN_STORE", "FILE", 1);
  EXPECT_EQ(open_token_store(std::nullopt, {})->kind(), TokenStoreKind::file);
  setenv("BOXCOPY_TOKEN_STORE", "disk", 1);
  EXPECT_THROW(open_token_store(std::nullopt, {}), Error);
  unsetenv("BOXCOPY_TOKEN_STORE");
}

TEST_F(TokenStoreTest, CorruptFileNamesFix) {
  auto store = open_token_store(TokenStoreKind::file, {});
  std::ofstream(token_file_path()) << "{not json";
  try {
    store->load();
    FAIL() << "a corrupt file was accepted";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::input);
    EXPECT_NE(std::string(error.what()).find("boxcopy logout"), std::string::npos);
  }
}

}  // namespace
}  // namespace box::auth
