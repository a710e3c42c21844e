#include "copy_test_support.h"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "auth/shared_key.h"
#include "http/client.h"
#include "support/azurite.h"

namespace box::testing {

namespace {

ProcessOptions boxcopy_options(const std::string& state_dir, const std::map<std::string, std::string>& extra_env) {
  ProcessOptions options;
  options.set_env = {{"AZURE_STORAGE_CONNECTION_STRING", shared_azurite().connection_string()},
                     {"BOXCOPY_STATE_DIR", state_dir}};
  for (const auto& [name, value] : extra_env) {
    options.set_env[name] = value;
  }
  options.unset_env = {"AZCOPY_LOG_LOCATION", "AZCOPY_JOB_PLAN_LOCATION", "AZCOPY_CONCURRENCY_VALUE",
                       "AZCOPY_BUFFER_GB", "ACCOUNT_NAME", "ACCOUNT_KEY", "HTTP_PROXY", "http_proxy"};
  return options;
}

}  // namespace

ProcessResult run_boxcopy(const std::vector<std::string>& args, const std::string& state_dir,
                          const std::map<std::string, std::string>& extra_env, const std::string& input) {
  std::vector<std::string> argv = {BOXCOPY_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  ProcessOptions options = boxcopy_options(state_dir, extra_env);
  options.input = input;
  options.timeout = std::chrono::seconds(600);
  return run_process(argv, options);
}

std::unique_ptr<BackgroundProcess> start_boxcopy(const std::vector<std::string>& args, const std::string& state_dir,
                                                 const std::string& output_path,
                                                 const std::map<std::string, std::string>& extra_env) {
  std::vector<std::string> argv = {BOXCOPY_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return std::make_unique<BackgroundProcess>(argv, boxcopy_options(state_dir, extra_env), output_path);
}

std::string unique_container(const std::string& stem) {
  static std::atomic<int> counter{0};
  return stem + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
}

std::string container_url(const std::string& container, const std::string& path) {
  std::string url = shared_azurite().account_url() + "/" + container;
  if (!path.empty()) {
    url += "/" + path;
  }
  return url;
}

storage::BlobClient& azurite_client() {
  static http::Client http_client;
  static storage::BlobClient client(http_client,
                                    std::make_shared<auth::SharedKeyCredential>(kDevAccount, kDevKey));
  return client;
}

storage::BlobUrl azurite_container(const std::string& container) {
  return storage::parse_blob_url(container_url(container));
}

void write_file(const std::string& path, const std::string& content) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string pattern_data(std::size_t size, unsigned seed) {
  std::string data(size, '\0');
  for (std::size_t i = 0; i < size; ++i) {
    data[i] = static_cast<char>((i * 131 + seed * 7 + (i >> 9)) % 251);
  }
  return data;
}

std::map<std::string, std::string> read_tree(const std::string& root) {
  std::map<std::string, std::string> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (entry.is_regular_file() && !entry.is_symlink()) {
      files[entry.path().lexically_relative(root).string()] = read_file(entry.path().string());
    }
  }
  return files;
}

std::string summary_value(const std::string& output, const std::string& label) {
  const std::string key = "\n" + label + ": ";
  const auto start = output.find(key);
  if (start == std::string::npos) {
    return "";
  }
  const auto value_start = start + key.size();
  return output.substr(value_start, output.find('\n', value_start) - value_start);
}

std::vector<std::string> list_blob_names(const std::string& container) {
  std::vector<std::string> names;
  std::string marker;
  do {
    const auto page = azurite_client().list_blobs(azurite_container(container), "", "", marker);
    for (const auto& item : page.items) {
      names.push_back(item.name);
    }
    marker = page.next_marker;
  } while (!marker.empty());
  return names;
}

}  // namespace box::testing
