#include "transfer/path_mapping.h"

namespace box::transfer {
namespace {

std::string_view trim_trailing_slashes(std::string_view text) {
  while (text.size() > 1 && text.back() == '/') {
    text.remove_suffix(1);
  }
  return text;
}

std::string_view trim_leading_slashes(std::string_view text) {
  while (!text.empty() && text.front() == '/') {
    text.remove_prefix(1);
  }
  return text;
}

}  // namespace

std::string join_path(std::string_view first, std::string_view second, std::string_view third) {
  std::string out(first == "/" ? first : trim_trailing_slashes(first));
  for (std::string_view piece : {second, third}) {
    piece = trim_trailing_slashes(trim_leading_slashes(piece));
    if (piece.empty()) {
      continue;
    }
    if (!out.empty() && out.back() != '/') {
      out += '/';
    }
    out += piece;
  }
  return out;
}

std::string last_segment(std::string_view path) {
  path = trim_trailing_slashes(path);
  const auto slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

std::string upload_blob_name(std::string_view destination, bool destination_is_directory, std::string_view source_name,
                             std::string_view relative_path, bool source_is_directory, bool as_subdir) {
  if (!source_is_directory) {
    // A container or virtual directory receives the file under its own name;
    // any other destination path is the blob name itself.
    return destination_is_directory ? join_path(destination, source_name) : std::string(destination);
  }
  return join_path(destination, as_subdir ? source_name : std::string_view(), relative_path);
}

std::optional<std::string> unsafe_name_reason(std::string_view relative_name) {
  if (relative_name.empty()) {
    return "the name is empty";
  }
  if (relative_name.front() == '/') {
    return "it starts with '/'";
  }
  if (relative_name.find('\\') != std::string_view::npos) {
    return "it contains a backslash";
  }
  if (relative_name.find('\0') != std::string_view::npos) {
    return "it contains a NUL byte";
  }
  std::size_t start = 0;
  while (start <= relative_name.size()) {
    auto end = relative_name.find('/', start);
    if (end == std::string_view::npos) {
      end = relative_name.size();
    }
    const std::string_view segment = relative_name.substr(start, end - start);
    if (segment == "..") {
      return "it contains a '..' segment";
    }
    if (segment == ".") {
      return "it contains a '.' segment";
    }
    if (segment.empty()) {
      return end == relative_name.size() ? "it ends with '/'" : "it contains an empty segment ('//')";
    }
    start = end + 1;
  }
  return std::nullopt;
}

std::string download_local_path(std::string_view destination, bool destination_is_directory,
                                std::string_view source_name, std::string_view relative_name,
                                bool source_is_directory, bool as_subdir) {
  if (!source_is_directory) {
    return destination_is_directory ? join_path(destination, source_name) : std::string(destination);
  }
  return join_path(destination, as_subdir ? source_name : std::string_view(), relative_name);
}

}  // namespace box::transfer
