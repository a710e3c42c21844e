// --include-pattern and --exclude-pattern: ';'-separated glob patterns that
// AzCopy v10 matches against the file name only (the last path segment).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace box::transfer {

// Matches `name` against a glob as Go's path.Match does, which AzCopy uses:
// '*' is any run of characters, '?' one character, [abc], [a-z] and [^a-z]
// are character classes, and '\' makes the next character literal.
// Matching is byte-wise, so a multi-byte UTF-8 character counts as several
// characters for '?'. Throws box::Error (usage) on a malformed class.
bool glob_match(std::string_view pattern, std::string_view name);

class NameFilter {
 public:
  NameFilter() = default;
  // Each argument is the raw flag value: patterns separated by ';', empty ones ignored.
  // Throws box::Error (usage) naming a malformed pattern.
  NameFilter(const std::string& include_patterns, const std::string& exclude_patterns);

  // True when the file name matches an include pattern (or there are none)
  // and matches no exclude pattern.
  bool accepts(std::string_view file_name) const;

 private:
  std::vector<std::string> include_;
  std::vector<std::string> exclude_;
};

// Splits a ';'-separated list, dropping empty entries.
std::vector<std::string> split_patterns(const std::string& text);

}  // namespace box::transfer
