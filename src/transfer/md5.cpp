#include "transfer/md5.h"

#include <string_view>

#include "auth/base64.h"
#include "common/error.h"

namespace box::transfer {

Md5::Md5() : context_(EVP_MD_CTX_new(), EVP_MD_CTX_free) {
  if (!context_) {
    throw Error(ErrorKind::internal, "cannot initialize MD5");
  }
  reset();
}

void Md5::update(const char* data, std::size_t size) { EVP_DigestUpdate(context_.get(), data, size); }

void Md5::reset() {
  if (EVP_DigestInit_ex(context_.get(), EVP_md5(), nullptr) != 1) {
    throw Error(ErrorKind::internal, "cannot initialize MD5");
  }
}

std::string Md5::base64_digest() {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_length = 0;
  EVP_DigestFinal_ex(context_.get(), digest, &digest_length);
  return auth::base64_encode(std::string_view(reinterpret_cast<const char*>(digest), digest_length));
}

}  // namespace box::transfer
