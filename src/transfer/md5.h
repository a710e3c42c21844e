// Incremental MD5 over OpenSSL's EVP interface, for Content-MD5 checks.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include <openssl/evp.h>

namespace box::transfer {

class Md5 {
 public:
  // Throws box::Error (internal) when OpenSSL cannot provide MD5.
  Md5();

  void update(const char* data, std::size_t size);
  // Starts over, discarding the bytes hashed so far.
  void reset();
  // Returns the base64 digest of the bytes hashed since the last reset.
  std::string base64_digest();

 private:
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> context_;
};

}  // namespace box::transfer
