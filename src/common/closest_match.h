// "Did you mean" suggestions for mistyped commands and options, by edit distance.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace box {

// Returns the Levenshtein distance: the number of single-character insertions, deletions and substitutions.
std::size_t edit_distance(const std::string& a, const std::string& b);

// Returns the closest candidate, or an empty string when none is close enough
// to be a likely typo (at most 2 edits, or a third of the word for long words).
std::string closest_match(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace box
