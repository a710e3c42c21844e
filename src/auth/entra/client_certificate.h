// A client certificate for Microsoft Entra ID sign-in: loaded from PEM or
// PFX (PKCS#12), it signs RS256 client assertions and names itself by thumbprint.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace box::auth::entra {

class ClientCertificate {
 public:
  // Loads the certificate and its RSA private key from one file: PEM with both
  // blocks (the key may be encrypted) or PFX. The password decrypts the key or
  // the PFX. Throws box::Error (input) naming the path when the file cannot be
  // read or decrypted, or holds no RSA key.
  static ClientCertificate load(const std::string& path, const std::optional<std::string>& password);

  // Base64url SHA-1 and SHA-256 digests of the DER certificate (JWT headers x5t and x5t#S256).
  const std::string& x5t() const { return x5t_; }
  const std::string& x5t_s256() const { return x5t_s256_; }

  // Returns the RSASSA-PKCS1-v1_5 SHA-256 signature of data (raw bytes).
  std::string sign_rs256(std::string_view data) const;

 private:
  struct Key;
  std::shared_ptr<Key> key_;
  std::string x5t_;
  std::string x5t_s256_;
};

}  // namespace box::auth::entra
