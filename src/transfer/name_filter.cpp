#include "transfer/name_filter.h"

#include <algorithm>

#include "common/error.h"

namespace box::transfer {
namespace {

Error malformed(std::string_view pattern) {
  return Error(ErrorKind::usage, "invalid pattern '" + std::string(pattern) +
                                     "': unterminated character class or trailing '\\'");
}

// Matches one character class starting after '[' at pattern[pos]. Sets `pos`
// past the closing ']' and returns whether `c` is in the class.
bool match_class(std::string_view pattern, std::size_t& pos, unsigned char c) {
  bool negated = false;
  if (pos < pattern.size() && pattern[pos] == '^') {
    negated = true;
    ++pos;
  }
  bool matched = false;
  bool first = true;
  while (true) {
    if (pos >= pattern.size()) {
      throw malformed(pattern);
    }
    if (pattern[pos] == ']' && !first) {
      ++pos;
      break;
    }
    first = false;
    const auto read_char = [&]() -> unsigned char {
      if (pattern[pos] == '\\') {
        ++pos;
        if (pos >= pattern.size()) {
          throw malformed(pattern);
        }
      }
      return static_cast<unsigned char>(pattern[pos++]);
    };
    const unsigned char low = read_char();
    unsigned char high = low;
    if (pos + 1 < pattern.size() && pattern[pos] == '-' && pattern[pos + 1] != ']') {
      ++pos;
      high = read_char();
    }
    if (low <= c && c <= high) {
      matched = true;
    }
  }
  return matched != negated;
}

// Checks that every class is closed and no '\' ends the pattern, so that a
// malformed pattern fails even when matching stops early.
void validate(std::string_view pattern) {
  for (std::size_t pos = 0; pos < pattern.size();) {
    if (pattern[pos] == '\\') {
      if (pos + 1 >= pattern.size()) {
        throw malformed(pattern);
      }
      pos += 2;
    } else if (pattern[pos] == '[') {
      ++pos;
      match_class(pattern, pos, 0);
    } else {
      ++pos;
    }
  }
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view name) {
  validate(pattern);
  // Iterative matching with backtracking to the most recent '*'.
  std::size_t p = 0;
  std::size_t n = 0;
  std::size_t star_p = std::string_view::npos;
  std::size_t star_n = 0;
  while (n < name.size()) {
    bool advanced = false;
    if (p < pattern.size()) {
      const char token = pattern[p];
      if (token == '*') {
        star_p = ++p;
        star_n = n;
        continue;
      }
      std::size_t next = p + 1;
      bool ok = false;
      if (token == '?') {
        ok = true;
      } else if (token == '[') {
        ok = match_class(pattern, next, static_cast<unsigned char>(name[n]));
      } else if (token == '\\') {
        ok = pattern[p + 1] == name[n];
        next = p + 2;
      } else {
        ok = token == name[n];
      }
      if (ok) {
        p = next;
        ++n;
        advanced = true;
      }
    }
    if (!advanced) {
      if (star_p == std::string_view::npos) {
        return false;
      }
      p = star_p;
      n = ++star_n;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') {
    ++p;
  }
  return p == pattern.size();
}

std::vector<std::string> split_patterns(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = std::min(text.find(';', start), text.size());
    if (end > start) {
      out.push_back(text.substr(start, end - start));
    }
    start = end + 1;
  }
  return out;
}

NameFilter::NameFilter(const std::string& include_patterns, const std::string& exclude_patterns)
    : include_(split_patterns(include_patterns)), exclude_(split_patterns(exclude_patterns)) {
  for (const auto& pattern : include_) {
    validate(pattern);
  }
  for (const auto& pattern : exclude_) {
    validate(pattern);
  }
}

bool NameFilter::accepts(std::string_view file_name) const {
  const auto matches = [file_name](const std::string& pattern) { return glob_match(pattern, file_name); };
  if (!include_.empty() && std::none_of(include_.begin(), include_.end(), matches)) {
    return false;
  }
  return std::none_of(exclude_.begin(), exclude_.end(), matches);
}

}  // namespace box::transfer
