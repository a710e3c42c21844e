#include "auth/entra/client_certificate.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "auth/entra/jwt.h"
#include "auth/read_file.h"
#include "common/error.h"

namespace box::auth::entra {
namespace {

struct BioDeleter {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct X509Deleter {
  void operator()(X509* cert) const { X509_free(cert); }
};
struct Pkcs12Deleter {
  void operator()(PKCS12* p12) const { PKCS12_free(p12); }
};
struct MdContextDeleter {
  void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};
using BioPtr = std::unique_ptr<BIO, BioDeleter>;
using X509Ptr = std::unique_ptr<X509, X509Deleter>;

// Returns the first queued OpenSSL error as text and clears the queue.
std::string take_openssl_error() {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) {
    return "unknown OpenSSL error";
  }
  char text[256];
  ERR_error_string_n(code, text, sizeof(text));
  return text;
}

std::string read_certificate_file(const std::string& path) {
  auto content = read_whole_file(path);
  if (!content) {
    throw Error(ErrorKind::input, "cannot read the certificate file '" + path + "' (" + std::strerror(errno) +
                                      "); check --certificate-path or AZCOPY_SPA_CERT_PATH");
  }
  return std::move(*content);
}

int pem_password_callback(char* buffer, int size, int, void* user) {
  const auto* password = static_cast<const std::optional<std::string>*>(user);
  if (!password->has_value()) {
    return -1;
  }
  const int length = std::min<int>(size, static_cast<int>((*password)->size()));
  std::copy_n((*password)->data(), length, buffer);
  return length;
}

std::string digest_der(X509* cert, const EVP_MD* type) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (X509_digest(cert, type, digest, &length) != 1) {
    throw Error(ErrorKind::internal, "X509_digest failed: " + take_openssl_error());
  }
  return base64url_encode(std::string_view(reinterpret_cast<const char*>(digest), length));
}

// Raises the error for a PEM file whose private key could not be read.
// Without a password OpenSSL reports only "interrupted or cancelled" for an
// encrypted key, so the PEM markers decide the message: "ENCRYPTED PRIVATE
// KEY" (PKCS#8) or "Proc-Type: 4,ENCRYPTED" (traditional OpenSSL format).
[[noreturn]] void throw_pem_key_error(const std::string& path, const std::string& content,
                                      const std::optional<std::string>& password) {
  const std::string openssl_error = take_openssl_error();
  const bool encrypted = content.find("ENCRYPTED PRIVATE KEY") != std::string::npos ||
                         content.find("Proc-Type: 4,ENCRYPTED") != std::string::npos;
  if (encrypted && !password) {
    throw Error(ErrorKind::input,
                "the private key in '" + path + "' is encrypted; set AZCOPY_SPA_CERT_PASSWORD to its password");
  }
  if (encrypted) {
    throw Error(ErrorKind::input, "cannot decrypt the private key in '" + path +
                                      "'; check AZCOPY_SPA_CERT_PASSWORD (" + openssl_error + ")");
  }
  throw Error(ErrorKind::input, "the PEM file '" + path + "' has no readable private key: " + openssl_error);
}

}  // namespace

struct ClientCertificate::Key {
  EVP_PKEY* pkey = nullptr;
  ~Key() { EVP_PKEY_free(pkey); }
};

ClientCertificate ClientCertificate::load(const std::string& path, const std::optional<std::string>& password) {
  const std::string content = read_certificate_file(path);
  BioPtr bio(BIO_new_mem_buf(content.data(), static_cast<int>(content.size())));
  auto key = std::make_shared<Key>();
  X509Ptr cert;
  const std::string password_hint = password ? "check AZCOPY_SPA_CERT_PASSWORD" : "set AZCOPY_SPA_CERT_PASSWORD";

  if (content.find("-----BEGIN") != std::string::npos) {
    // PEM: the certificate and the key may come in either order.
    cert.reset(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    BIO_reset(bio.get());
    key->pkey = PEM_read_bio_PrivateKey(bio.get(), nullptr, pem_password_callback,
                                        const_cast<std::optional<std::string>*>(&password));
    if (!cert) {
      throw Error(ErrorKind::input, "the PEM file '" + path + "' has no certificate: " + take_openssl_error());
    }
    if (!key->pkey) {
      throw_pem_key_error(path, content, password);
    }
  } else {
    // NOTE: PFX files encrypted with RC2 or 3DES-era algorithms (older Windows
    // exports) need OpenSSL 3's legacy provider, which is not loaded, so they fail here.
    std::unique_ptr<PKCS12, Pkcs12Deleter> p12(d2i_PKCS12_bio(bio.get(), nullptr));
    X509* raw_cert = nullptr;
    const char* pass = password ? password->c_str() : "";
    if (!p12 || PKCS12_parse(p12.get(), pass, &key->pkey, &raw_cert, nullptr) != 1) {
      throw Error(ErrorKind::input, "cannot read the PFX file '" + path + "' (" + password_hint +
                                        "; PEM and PFX are supported): " + take_openssl_error());
    }
    cert.reset(raw_cert);
    if (!cert || !key->pkey) {
      throw Error(ErrorKind::input, "the PFX file '" + path + "' has no certificate or no private key");
    }
  }

  if (EVP_PKEY_base_id(key->pkey) != EVP_PKEY_RSA) {
    throw Error(ErrorKind::input,
                "the key in '" + path + "' is not an RSA key; Microsoft Entra ID client assertions use RS256");
  }

  ClientCertificate result;
  result.key_ = std::move(key);
  result.x5t_ = digest_der(cert.get(), EVP_sha1());
  result.x5t_s256_ = digest_der(cert.get(), EVP_sha256());
  return result;
}

std::string ClientCertificate::sign_rs256(std::string_view data) const {
  std::unique_ptr<EVP_MD_CTX, MdContextDeleter> context(EVP_MD_CTX_new());
  std::size_t length = 0;
  if (!context || EVP_DigestSignInit(context.get(), nullptr, EVP_sha256(), nullptr, key_->pkey) != 1 ||
      EVP_DigestSign(context.get(), nullptr, &length,
                     reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1) {
    throw Error(ErrorKind::internal, "RS256 signing failed: " + take_openssl_error());
  }
  std::string signature(length, '\0');
  if (EVP_DigestSign(context.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                     reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1) {
    throw Error(ErrorKind::internal, "RS256 signing failed: " + take_openssl_error());
  }
  signature.resize(length);
  return signature;
}

}  // namespace box::auth::entra
