// Where each source file lands, with AzCopy v10's rules: a folder source
// becomes a sub-folder (or blob prefix) of the destination unless it ends in
// "/*" or --as-subdir=false, and a file copied into a folder keeps its name.
// Names are kept byte for byte; nothing here parses or encodes URLs.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace box::transfer {

// Joins path pieces with single '/' separators, skipping empty pieces.
// A leading '/' of the first piece is kept.
std::string join_path(std::string_view first, std::string_view second, std::string_view third = {});

// Returns the last '/'-separated segment, ignoring trailing slashes
// ("a/b/" -> "b", "file" -> "file").
std::string last_segment(std::string_view path);

// Returns the blob name for one uploaded file.
// `destination` is the blob path inside the container (decoded, may be empty);
// `destination_is_directory` is true for a container, a path ending in '/',
// or an existing virtual directory. `source_name` is the file or folder name
// of the source, `relative_path` the file's path below a folder source
// ('/'-separated, empty for a single file).
std::string upload_blob_name(std::string_view destination, bool destination_is_directory, std::string_view source_name,
                             std::string_view relative_path, bool source_is_directory, bool as_subdir);

// Returns why a blob name (relative to the copied prefix) cannot be written
// below the destination folder: a leading '/', a '..' or '.' segment, an empty
// segment, a backslash or a NUL byte. Returns nullopt when the name is safe.
std::optional<std::string> unsafe_name_reason(std::string_view relative_name);

// Returns the local path for one downloaded blob. `destination` is the local
// path given on the command line; `destination_is_directory` is true when it
// is an existing folder or ends in '/'. `source_name` is the blob's own name
// for a single blob, or the container or virtual-directory name for a prefix
// source; `relative_name` is the blob name below that prefix (empty for a
// single blob). The caller checks `relative_name` with unsafe_name_reason first.
std::string download_local_path(std::string_view destination, bool destination_is_directory,
                                std::string_view source_name, std::string_view relative_name,
                                bool source_is_directory, bool as_subdir);

}  // namespace box::transfer
