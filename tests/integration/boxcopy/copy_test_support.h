// Helpers for the copy command's tests: run the real boxcopy binary against
// the shared Azurite, build local trees, and compare folders byte for byte.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "storage/blob_client.h"
#include "support/process.h"

namespace box::testing {

// Runs boxcopy with the Azurite development account in
// AZURE_STORAGE_CONNECTION_STRING and a private state folder.
ProcessResult run_boxcopy(const std::vector<std::string>& args, const std::string& state_dir,
                          const std::map<std::string, std::string>& extra_env = {}, const std::string& input = {});

// Starts boxcopy in the background with the same environment as run_boxcopy;
// its stdout and stderr go to `output_path`.
std::unique_ptr<BackgroundProcess> start_boxcopy(const std::vector<std::string>& args, const std::string& state_dir,
                                                 const std::string& output_path,
                                                 const std::map<std::string, std::string>& extra_env = {});

// Returns a container name unique to this process, e.g. "copy-rt-1234-0".
std::string unique_container(const std::string& stem);

// Returns the URL of a container (and optional path) on the shared Azurite.
std::string container_url(const std::string& container, const std::string& path = {});

// A BlobClient for the shared Azurite with the development account's Shared Key.
storage::BlobClient& azurite_client();
storage::BlobUrl azurite_container(const std::string& container);

void write_file(const std::string& path, const std::string& content);
std::string read_file(const std::string& path);
// Returns deterministic bytes that differ per seed.
std::string pattern_data(std::size_t size, unsigned seed);

// Returns every regular file below root: relative path -> content.
std::map<std::string, std::string> read_tree(const std::string& root);

// Returns the value after "<label>: " in boxcopy's text summary, or "" when absent.
std::string summary_value(const std::string& output, const std::string& label);

// Returns the names of all blobs in the container.
std::vector<std::string> list_blob_names(const std::string& container);

}  // namespace box::testing
