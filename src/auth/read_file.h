// Reads a whole small file (a key, a token, a stored login) into memory.
#pragma once

#include <optional>
#include <string>

namespace box::auth {

// Returns the file's bytes, or nullopt with errno set when it cannot be opened or read.
std::optional<std::string> read_whole_file(const std::string& path);

}  // namespace box::auth
