#include "http/url.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace box::http {
namespace {

TEST(ParseUrl, EmulatorStyle) {
  const Url url = parse_url("http://127.0.0.1:10000/devstoreaccount1/c/dir/a%20b.txt?sv=1&sig=x");
  EXPECT_EQ(url.scheme, "http");
  EXPECT_EQ(url.host, "127.0.0.1");
  ASSERT_TRUE(url.port.has_value());
  EXPECT_EQ(*url.port, 10000);
  EXPECT_EQ(url.path, "/devstoreaccount1/c/dir/a%20b.txt");
  EXPECT_EQ(url.query, "sv=1&sig=x");
  EXPECT_EQ(url.str(), "http://127.0.0.1:10000/devstoreaccount1/c/dir/a%20b.txt?sv=1&sig=x");
}

TEST(ParseUrl, Ipv6Literal) {
  const Url url = parse_url("https://[::1]:8443/acct/c");
  EXPECT_EQ(url.host, "[::1]");
  EXPECT_EQ(url.bare_host(), "::1");
  EXPECT_EQ(*url.port, 8443);
}

TEST(ParseUrl, NoPortNoPath) {
  const Url url = parse_url("HTTPS://Acct.Blob.Core.Windows.Net");
  EXPECT_EQ(url.scheme, "https");
  EXPECT_FALSE(url.port.has_value());
  EXPECT_EQ(url.path, "");
  EXPECT_EQ(url.bare_host(), "acct.blob.core.windows.net");
}

TEST(ParseUrl, InvalidInputs) {
  for (const char* text : {"/local/path", "ftp://host/x", "http://", "http://h:99999/", "http://h:ab/",
                           "http://user@h/", "http://[::1/x"}) {
    EXPECT_THROW(parse_url(text), Error) << text;
  }
}

TEST(ParseUrl, ErrorHidesSignature) {
  try {
    parse_url("ftp://h/c?sig=topsecret");
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(std::string(error.what()).find("topsecret"), std::string::npos) << error.what();
    EXPECT_EQ(error.kind(), ErrorKind::usage);
  }
}

TEST(PercentEncode, ReservedCharacters) {
  const struct {
    const char* input;
    bool keep_slash;
    const char* expected;
  } cases[] = {
      {"a b", false, "a%20b"},         {"#?%+;&", false, "%23%3F%25%2B%3B%26"},
      {"dir/file", true, "dir/file"},  {"dir/file", false, "dir%2Ffile"},
      {"A-z_0.9~", false, "A-z_0.9~"}, {"\xC3\xA9", false, "%C3%A9"},
      {"..", true, ".."},              {"", true, ""},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(percent_encode(c.input, c.keep_slash), c.expected) << c.input;
  }
}

TEST(PercentDecode, RoundTrip) {
  const std::string name = "we#ird ?%+;& n\xC3\xA9me/sub";
  EXPECT_EQ(percent_decode(percent_encode(name, true)), name);
}

TEST(PercentDecode, Malformed) {
  EXPECT_THROW(percent_decode("%G1"), Error);
  EXPECT_THROW(percent_decode("abc%2"), Error);
}

TEST(ParseQuery, DecodedPairs) {
  const auto pairs = parse_query("a=1&b=x%2By&flag&&c=");
  ASSERT_EQ(pairs.size(), 4u);
  EXPECT_EQ(pairs[1].second, "x+y");
  EXPECT_EQ(pairs[2].first, "flag");
  EXPECT_EQ(pairs[2].second, "");
  EXPECT_EQ(query_value("a=1&sig=abc", "sig").value_or(""), "abc");
  EXPECT_FALSE(query_value("a=1", "sig").has_value());
}

}  // namespace
}  // namespace box::http
