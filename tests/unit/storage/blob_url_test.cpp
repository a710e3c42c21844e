#include "storage/blob_url.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace box::storage {
namespace {

struct ParseCase {
  const char* url;
  const char* service_base;
  const char* account;
  const char* container;
  const char* blob_path;
  const char* sas_query;
  bool path_style;
};

TEST(ParseBlobUrl, Styles) {
  const ParseCase cases[] = {
      {"https://acct.blob.core.windows.net/c/dir/file.txt?sv=1&sig=x", "https://acct.blob.core.windows.net", "acct",
       "c", "dir/file.txt", "sv=1&sig=x", false},
      {"https://acct.blob.core.windows.net", "https://acct.blob.core.windows.net", "acct", "", "", "", false},
      {"https://acct.blob.core.windows.net/", "https://acct.blob.core.windows.net", "acct", "", "", "", false},
      {"https://Acct.privatelink.blob.core.windows.net/c/", "https://Acct.privatelink.blob.core.windows.net", "acct",
       "c", "", "", false},
      {"https://acct.blob.core.windows.net:443/c/v/", "https://acct.blob.core.windows.net:443", "acct", "c", "v/", "",
       false},
      {"http://127.0.0.1:10000/devstoreaccount1/c/dir/a%20b.txt", "http://127.0.0.1:10000/devstoreaccount1",
       "devstoreaccount1", "c", "dir/a b.txt", "", true},
      {"http://127.0.0.1:10000/devstoreaccount1", "http://127.0.0.1:10000/devstoreaccount1", "devstoreaccount1", "",
       "", "", true},
      {"http://[::1]:8080/devstoreaccount1/c?sv=1", "http://[::1]:8080/devstoreaccount1", "devstoreaccount1", "c", "",
       "sv=1", true},
      {"http://azurite:10000/devstoreaccount1/c/x", "http://azurite:10000/devstoreaccount1", "devstoreaccount1", "c",
       "x", "", true},
      {"https://10.1.2.3/acct/c/%23%3F%25%2B", "https://10.1.2.3/acct", "acct", "c", "#?%+", "", true},
  };
  for (const auto& test : cases) {
    const BlobUrl url = parse_blob_url(test.url);
    EXPECT_EQ(url.service_base, test.service_base) << test.url;
    EXPECT_EQ(url.account, test.account) << test.url;
    EXPECT_EQ(url.container, test.container) << test.url;
    EXPECT_EQ(url.blob_path, test.blob_path) << test.url;
    EXPECT_EQ(url.sas_query, test.sas_query) << test.url;
    EXPECT_EQ(url.path_style, test.path_style) << test.url;
  }
}

TEST(ParseBlobUrl, InvalidUrls) {
  for (const char* text : {"/local/path", "ftp://acct.blob.core.windows.net/c", "http://127.0.0.1:10000/",
                           "http://127.0.0.1:10000/acct/c/%zz", "https:///c"}) {
    try {
      parse_blob_url(text);
      ADD_FAILURE() << "accepted: " << text;
    } catch (const Error& error) {
      EXPECT_TRUE(error.kind() == ErrorKind::usage || error.kind() == ErrorKind::input) << text;
    }
  }
}

TEST(ParseBlobUrl, ErrorHidesSignature) {
  try {
    parse_blob_url("http://127.0.0.1:10000/?sv=1&sig=TopSecretValue");
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(std::string(error.what()).find("TopSecretValue"), std::string::npos) << error.what();
  }
}

struct EncodeCase {
  const char* name;
  const char* expected_path;  // after the container URL
};

TEST(BlobUrl, EncodesEachSegmentOnce) {
  const BlobUrl base = parse_blob_url("http://127.0.0.1:10000/devstoreaccount1/c");
  const EncodeCase cases[] = {
      {"plain.txt", "plain.txt"},
      {"a#b", "a%23b"},
      {"a?b", "a%3Fb"},
      {"100%", "100%25"},
      {"%2F already encoded", "%252F%20already%20encoded"},
      {"a+b", "a%2Bb"},
      {"a;b&c=d", "a%3Bb%26c%3Dd"},
      {"with space", "with%20space"},
      {" lead and trail ", "%20lead%20and%20trail%20"},
      {".hidden/..dots../trailing.", ".hidden/..dots../trailing."},
      {"dir/sub/file", "dir/sub/file"},
      {"caf\xc3\xa9", "caf%C3%A9"},            // NFC: U+00E9
      {"cafe\xcc\x81", "cafe%CC%81"},          // NFD: e + U+0301, kept as sent
      {"\xe6\x97\xa5\xe6\x9c\xac/x", "%E6%97%A5%E6%9C%AC/x"},
      {"a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p", "a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p"},
      {"~_-.", "~_-."},
  };
  for (const auto& test : cases) {
    EXPECT_EQ(base.blob_url(test.name), std::string("http://127.0.0.1:10000/devstoreaccount1/c/") + test.expected_path)
        << test.name;
  }
}

TEST(BlobUrl, RoundTripsThroughParse) {
  const BlobUrl base = parse_blob_url("https://acct.blob.core.windows.net/photos");
  for (const char* name : {"a#b?c%d+e;f&g h", " x /.y./z ", "cafe\xcc\x81/caf\xc3\xa9", "%41"}) {
    const BlobUrl parsed = parse_blob_url(base.blob_url(name));
    EXPECT_EQ(parsed.container, "photos") << name;
    EXPECT_EQ(parsed.blob_path, name);
  }
}

TEST(BlobUrl, ContainerAndResourceUrls) {
  const BlobUrl url = parse_blob_url("https://acct.blob.core.windows.net/c/dir/?sv=1&sig=s");
  EXPECT_EQ(url.container_url(), "https://acct.blob.core.windows.net/c");
  EXPECT_EQ(url.resource_url(), "https://acct.blob.core.windows.net/c/dir/");
  EXPECT_EQ(url.with_blob_path("").resource_url(), "https://acct.blob.core.windows.net/c");
  EXPECT_EQ(url.with_blob_path("x y").sas_query, "sv=1&sig=s");
}

TEST(LooksLikeUrl, Cases) {
  EXPECT_TRUE(looks_like_url("https://a.blob.core.windows.net"));
  EXPECT_TRUE(looks_like_url("HTTP://127.0.0.1:1/a"));
  EXPECT_FALSE(looks_like_url("/tmp/https://x"));
}

TEST(UrlSlashTypo, Cases) {
  const auto one_slash = url_slash_typo("http:/127.0.0.1:10000/devstoreaccount1/c");
  ASSERT_TRUE(one_slash.has_value());
  EXPECT_NE(one_slash->find("'http:/127.0.0.1:10000/devstoreaccount1/c'"), std::string::npos) << *one_slash;
  EXPECT_NE(one_slash->find("two slashes after 'http:'"), std::string::npos) << *one_slash;
  const auto no_slash = url_slash_typo("HTTPS:acct.blob.core.windows.net/c");
  ASSERT_TRUE(no_slash.has_value());
  EXPECT_NE(no_slash->find("after 'https:'"), std::string::npos) << *no_slash;
  EXPECT_FALSE(url_slash_typo("http://127.0.0.1:10000/a/c").has_value());
  EXPECT_FALSE(url_slash_typo("/tmp/http:/x").has_value());
  EXPECT_FALSE(url_slash_typo("httpdocs/a").has_value());
  EXPECT_FALSE(looks_like_url("relative/dir"));
  EXPECT_FALSE(looks_like_url("http:/missing-slash"));
}

}  // namespace
}  // namespace box::storage
