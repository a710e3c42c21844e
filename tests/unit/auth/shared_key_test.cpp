// Shared Key string-to-sign cases. The expected strings were written by hand
// from the "Authorize with Shared Key" page of the Azure Storage REST
// reference: twelve standard header lines, x-ms-* headers lower-cased and
// sorted, then "/account" + the encoded path and the sorted query parameters.
#include "auth/shared_key.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace box::auth {
namespace {

constexpr const char* kDate = "Sun, 11 Oct 2009 21:49:13 GMT";

http::Request make_request(std::string method, std::string url, http::Headers headers) {
  http::Request request;
  request.method = std::move(method);
  request.url = std::move(url);
  request.headers = std::move(headers);
  return request;
}

struct StringToSignCase {
  const char* name;
  http::Request request;
  const char* account;
  const char* expected;
};

std::vector<StringToSignCase> string_to_sign_cases() {
  std::vector<StringToSignCase> cases;
  cases.push_back({"container metadata, production host",
                   make_request("GET", "https://myaccount.blob.core.windows.net/mycontainer?restype=container&comp=metadata&timeout=20",
                                {{"x-ms-date", kDate}, {"x-ms-version", "2009-09-19"}}),
                   "myaccount",
                   "GET\n\n\n\n\n\n\n\n\n\n\n\n"
                   "x-ms-date:Sun, 11 Oct 2009 21:49:13 GMT\nx-ms-version:2009-09-19\n"
                   "/myaccount/mycontainer\ncomp:metadata\nrestype:container\ntimeout:20"});
  cases.push_back({"emulator path names the account twice",
                   make_request("GET", "http://127.0.0.1:10000/devstoreaccount1/photos?restype=container&comp=list",
                                {{"x-ms-version", "2009-09-19"}, {"x-ms-date", kDate}}),
                   "devstoreaccount1",
                   "GET\n\n\n\n\n\n\n\n\n\n\n\n"
                   "x-ms-date:Sun, 11 Oct 2009 21:49:13 GMT\nx-ms-version:2009-09-19\n"
                   "/devstoreaccount1/devstoreaccount1/photos\ncomp:list\nrestype:container"});
  cases.push_back({"account URL without a path",
                   make_request("GET", "https://myaccount.blob.core.windows.net?comp=list", {{"x-ms-date", kDate}}),
                   "myaccount",
                   "GET\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:Sun, 11 Oct 2009 21:49:13 GMT\n/myaccount/\ncomp:list"});

  http::Request put = make_request("PUT", "https://myaccount.blob.core.windows.net/c/dir/a%20b.txt",
                                   {{"Content-MD5", "Q2hlY2sgSW50ZWdyaXR5IQ=="},
                                    {"Content-Type", "text/plain"},
                                    {"X-MS-Blob-Type", "BlockBlob"},
                                    {"x-ms-date", kDate},
                                    {"x-ms-meta-Name", "  padded value  "}});
  put.body = "hello world";
  cases.push_back({"put with body, standard headers and mixed-case x-ms names", put, "myaccount",
                   "PUT\n\n\n11\nQ2hlY2sgSW50ZWdyaXR5IQ==\ntext/plain\n\n\n\n\n\n\n"
                   "x-ms-blob-type:BlockBlob\nx-ms-date:Sun, 11 Oct 2009 21:49:13 GMT\nx-ms-meta-name:padded value\n"
                   "/myaccount/c/dir/a%20b.txt"});

  http::Request streamed = make_request("PUT", "https://myaccount.blob.core.windows.net/c/b?comp=block&blockid=QUFB%2BQ%3D%3D",
                                        {{"x-ms-date", kDate}});
  streamed.body_reader = [](char*, std::size_t, std::uint64_t) { return std::size_t{0}; };
  streamed.body_length = 8388608;
  cases.push_back({"streamed body length and decoded query value", streamed, "myaccount",
                   "PUT\n\n\n8388608\n\n\n\n\n\n\n\n\n"
                   "x-ms-date:Sun, 11 Oct 2009 21:49:13 GMT\n"
                   "/myaccount/c/b\nblockid:QUFB+Q==\ncomp:block"});

  cases.push_back({"empty PUT body gives an empty Content-Length",
                   make_request("PUT", "https://myaccount.blob.core.windows.net/newcontainer?restype=container",
                                {{"x-ms-date", kDate}}),
                   "myaccount",
                   "PUT\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:Sun, 11 Oct 2009 21:49:13 GMT\n"
                   "/myaccount/newcontainer\nrestype:container"});
  cases.push_back({"repeated query parameter values are sorted and comma-joined",
                   make_request("GET", "https://myaccount.blob.core.windows.net/c?restype=container&comp=list&include=snapshots&Include=metadata",
                                {{"x-ms-date", kDate}}),
                   "myaccount",
                   "GET\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:Sun, 11 Oct 2009 21:49:13 GMT\n"
                   "/myaccount/c\ncomp:list\ninclude:metadata,snapshots\nrestype:container"});
  cases.push_back({"range and conditional headers keep their slots",
                   make_request("GET", "https://myaccount.blob.core.windows.net/c/%23hash%3Fq",
                                {{"Range", "bytes=0-99"}, {"If-Match", "\"0x8D\""}, {"x-ms-date", kDate}}),
                   "myaccount",
                   "GET\n\n\n\n\n\n\n\n\"0x8D\"\n\n\nbytes=0-99\n"
                   "x-ms-date:Sun, 11 Oct 2009 21:49:13 GMT\n/myaccount/c/%23hash%3Fq"});
  return cases;
}

TEST(SharedKey, StringToSign) {
  for (const auto& test : string_to_sign_cases()) {
    EXPECT_EQ(shared_key_string_to_sign(test.request, test.account), test.expected) << test.name;
  }
}

TEST(SharedKey, AuthorizationHeader) {
  // The expected signature was computed independently with
  // `openssl dgst -sha256 -mac HMAC` over the same string-to-sign and key.
  const char* key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
  SharedKeyCredential credential("devstoreaccount1", key);
  http::Request request = make_request("GET", "http://127.0.0.1:10000/devstoreaccount1/photos?restype=container&comp=list",
                                       {{"x-ms-date", kDate}, {"x-ms-version", "2009-09-19"}});
  credential.authorize(request);
  const auto header = http::find_header(request.headers, "Authorization");
  ASSERT_TRUE(header.has_value());
  EXPECT_EQ(*header, "SharedKey devstoreaccount1:/kf8L5NxN2ljP3+jRzMm/bdBH6t4BkuNgbD+w33aTiU=");

  // A second call (a retry) replaces the header instead of adding another.
  credential.authorize(request);
  int count = 0;
  for (const auto& [name, value] : request.headers) {
    count += name == "Authorization" ? 1 : 0;
  }
  EXPECT_EQ(count, 1);
}

TEST(SharedKey, InvalidKeyRejected) {
  try {
    SharedKeyCredential credential("acct", "not base64!");
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::auth);
    EXPECT_NE(std::string(error.what()).find("'acct'"), std::string::npos);
    EXPECT_EQ(std::string(error.what()).find("not base64!"), std::string::npos);
  }
}

}  // namespace
}  // namespace box::auth
