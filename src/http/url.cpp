#include "http/url.h"

#include <algorithm>
#include <cctype>

#include "common/error.h"
#include "common/redact.h"

namespace box::http {

std::string Url::origin() const {
  std::string out = scheme + "://" + host;
  if (port) {
    out += ":" + std::to_string(*port);
  }
  return out;
}

std::string Url::str() const {
  std::string out = origin() + path;
  if (!query.empty()) {
    out += "?" + query;
  }
  return out;
}

std::string Url::bare_host() const {
  std::string out = host;
  if (out.size() >= 2 && out.front() == '[' && out.back() == ']') {
    out = out.substr(1, out.size() - 2);
  }
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

Url parse_url(std::string_view text) {
  const auto invalid = [&](const std::string& why) {
    return Error(ErrorKind::usage, "invalid URL '" + redact_url(text) + "': " + why);
  };
  Url url;
  const auto scheme_end = text.find("://");
  if (scheme_end == std::string_view::npos) {
    throw invalid("expected http:// or https://");
  }
  url.scheme = std::string(text.substr(0, scheme_end));
  std::transform(url.scheme.begin(), url.scheme.end(), url.scheme.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  if (url.scheme != "http" && url.scheme != "https") {
    throw invalid("scheme must be http or https");
  }
  std::string_view rest = text.substr(scheme_end + 3);
  const auto authority_end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, authority_end);
  rest = authority_end == std::string_view::npos ? std::string_view() : rest.substr(authority_end);
  if (authority.empty()) {
    throw invalid("missing host");
  }
  if (authority.find('@') != std::string_view::npos) {
    throw invalid("user information in the URL is not supported");
  }

  std::size_t port_colon = std::string_view::npos;
  if (authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) {
      throw invalid("unterminated IPv6 address");
    }
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') {
        throw invalid("unexpected text after IPv6 address");
      }
      port_colon = close + 1;
    }
  } else {
    port_colon = authority.rfind(':');
  }
  url.host = std::string(authority.substr(0, port_colon));
  if (port_colon != std::string_view::npos) {
    const std::string port_text(authority.substr(port_colon + 1));
    if (port_text.empty() || port_text.size() > 5 ||
        !std::all_of(port_text.begin(), port_text.end(), [](unsigned char c) { return std::isdigit(c); }) ||
        std::stoi(port_text) > 65535) {
      throw invalid("port '" + port_text + "' is not a number from 0 to 65535");
    }
    url.port = std::stoi(port_text);
  }

  const auto fragment = rest.find('#');
  rest = rest.substr(0, fragment);
  const auto query_start = rest.find('?');
  url.path = std::string(rest.substr(0, query_start));
  if (query_start != std::string_view::npos) {
    url.query = std::string(rest.substr(query_start + 1));
  }
  return url;
}

std::string percent_encode(std::string_view text, bool keep_slash) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() * 3 / 2);
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || (keep_slash && c == '/')) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

std::string percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (i + 2 >= text.size() || !std::isxdigit(static_cast<unsigned char>(text[i + 1])) ||
        !std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      throw Error(ErrorKind::input, "malformed percent-encoding in '" + std::string(text) + "'");
    }
    out += static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
    i += 2;
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> parse_query(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> out;
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) {
      continue;
    }
    const auto eq = pair.find('=');
    std::string name = percent_decode(pair.substr(0, eq));
    std::string value = eq == std::string_view::npos ? std::string() : percent_decode(pair.substr(eq + 1));
    out.emplace_back(std::move(name), std::move(value));
  }
  return out;
}

std::optional<std::string> query_value(std::string_view query, std::string_view name) {
  for (auto& [key, value] : parse_query(query)) {
    if (key == name) {
      return value;
    }
  }
  return std::nullopt;
}

}  // namespace box::http
