// boxcopy list URL: lists the blobs of a container, a virtual folder or a
// whole account in `azcopy list`'s format ("INFO: name;  Content Length: 1.00 KiB").
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <memory>
#include <string>
#include <vector>

#include "boxcopy/commands.h"
#include "common/error.h"
#include "storage/blob_client.h"
#include "storage/credential_for_url.h"
#include "transfer/name_filter.h"

namespace box::cli {
namespace {

struct ListFlags {
  std::string url;
  bool machine_readable = false;
  bool running_tally = false;
  bool mega_units = false;
  std::string properties;
};

// AzCopy's --properties names, in the order it documents them.
constexpr const char* kPropertyNames[] = {"LastModifiedTime", "VersionId",     "BlobType",      "BlobAccessTier",
                                          "ContentType",      "ContentEncoding", "ContentMD5",  "LeaseState",
                                          "LeaseDuration",    "LeaseStatus",   "ArchiveStatus"};

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// Returns the requested properties in their canonical spelling. Names match
// case-insensitively; an unknown name is a usage error that lists the valid ones.
std::vector<std::string> parse_properties(const std::string& text) {
  std::vector<std::string> out;
  for (const std::string& name : transfer::split_patterns(text)) {
    const auto* found = std::find_if(std::begin(kPropertyNames), std::end(kPropertyNames),
                                     [&](const char* known) { return iequals(known, name); });
    if (found == std::end(kPropertyNames)) {
      std::string valid;
      for (const char* known : kPropertyNames) {
        valid += (valid.empty() ? "" : ", ") + std::string(known);
      }
      throw Error(ErrorKind::usage, "invalid value '" + name + "' in --properties; valid names: " + valid);
    }
    out.emplace_back(*found);
  }
  return out;
}

// Formats a size as AzCopy does: two decimals and binary units ("1.00 KiB"),
// or decimal units ("1.02 KB") with --mega-units.
std::string format_size(std::uint64_t bytes, bool mega_units) {
  static constexpr const char* kBinary[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  static constexpr const char* kDecimal[] = {"B", "KB", "MB", "GB", "TB", "PB", "EB"};
  const double base = mega_units ? 1000.0 : 1024.0;
  double value = static_cast<double>(bytes);
  std::size_t unit = 0;
  while (value / base >= 1 && unit < 6) {
    value /= base;
    ++unit;
  }
  char text[48];
  std::snprintf(text, sizeof text, "%.2f %s", value, mega_units ? kDecimal[unit] : kBinary[unit]);
  return text;
}

// Formats a time as Go's time.String() prints a UTC time, which AzCopy uses.
std::string format_time(storage::Clock::time_point time) {
  const std::time_t seconds = storage::Clock::to_time_t(time);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char text[40];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S +0000 UTC", &parts);
  return text;
}

std::string property_value(const storage::BlobItem& item, const std::string& name) {
  if (name == "LastModifiedTime") return format_time(item.last_modified);
  if (name == "VersionId") return item.version_id;
  if (name == "BlobType") return item.blob_type;
  if (name == "BlobAccessTier") return item.access_tier;
  if (name == "ContentType") return item.content_type;
  if (name == "ContentEncoding") return item.content_encoding;
  if (name == "ContentMD5") return item.content_md5;
  if (name == "LeaseState") return item.lease_state;
  if (name == "LeaseDuration") return item.lease_duration;
  if (name == "LeaseStatus") return item.lease_status;
  return item.archive_status;
}

class Lister {
 public:
  Lister(const ListFlags& flags, CommandContext& context)
      : flags_(flags), properties_(parse_properties(flags.properties)), context_(context) {}

  // Prints one blob. `display_name` is the name relative to the listed
  // folder, prefixed with the container for an account listing.
  void print_item(const storage::BlobItem& item, const std::string& display_name) {
    std::string line = display_name + "; ";
    for (const std::string& name : properties_) {
      line += name + ": " + property_value(item, name) + "; ";
    }
    line += " Content Length: " + size_text(item.size);
    context_.print(MessageType::info, line);
    ++file_count_;
    total_bytes_ += item.size;
  }

  // Prints every blob under the prefix, page by page.
  void list_prefix(storage::BlobClient& client, const storage::BlobUrl& container, const std::string& prefix,
                   const std::string& display_prefix) {
    std::string marker;
    do {
      const storage::ListPage page = client.list_blobs(container, prefix, {}, marker);
      for (const storage::BlobItem& item : page.items) {
        print_item(item, display_prefix + item.name.substr(prefix.size()));
      }
      marker = page.next_marker;
    } while (!marker.empty());
  }

  void print_tally() {
    if (!flags_.running_tally) {
      return;
    }
    context_.print(MessageType::info, "");
    context_.print(MessageType::info, "File count: " + std::to_string(file_count_));
    context_.print(MessageType::info, "Total file size: " + size_text(total_bytes_));
  }

 private:
  std::string size_text(std::uint64_t bytes) const {
    return flags_.machine_readable ? std::to_string(bytes) : format_size(bytes, flags_.mega_units);
  }

  const ListFlags& flags_;
  const std::vector<std::string> properties_;
  CommandContext& context_;
  std::uint64_t file_count_ = 0;
  std::uint64_t total_bytes_ = 0;
};

void list_account(storage::BlobClient& client, const storage::BlobUrl& account, Lister& lister) {
  std::string marker;
  do {
    const storage::ContainerPage page = client.list_containers(account, marker);
    for (const std::string& name : page.names) {
      storage::BlobUrl container = account;
      container.container = name;
      lister.list_prefix(client, container, "", name + "/");
    }
    marker = page.next_marker;
  } while (!marker.empty());
}

void run_list(const ListFlags& flags, CommandContext& context) {
  const storage::BlobUrl url = parse_url_argument(flags.url, "list");
  Lister lister(flags, context);
  storage::BlobClient client(context.http_client(), storage::credential_for_url(url));

  if (url.container.empty()) {
    list_account(client, url, lister);
  } else if (url.blob_path.empty() || url.blob_path.back() == '/') {
    lister.list_prefix(client, url, url.blob_path, "");
  } else if (const auto properties = client.get_properties(url, url.blob_path)) {
    // A single blob prints under its own name, as the last segment of the URL.
    storage::BlobItem item;
    item.name = url.blob_path;
    item.size = properties->size;
    item.content_md5 = properties->content_md5;
    item.last_modified = properties->last_modified;
    item.content_type = properties->content_type;
    item.blob_type = properties->blob_type;
    lister.print_item(item, url.blob_path.substr(url.blob_path.rfind('/') + 1));
  } else {
    // No blob of that name: list it as a virtual folder.
    lister.list_prefix(client, url, url.blob_path + "/", "");
  }
  lister.print_tally();
}

}  // namespace

void register_list_command(CLI::App& app, CommandContext& context) {
  auto flags = std::make_shared<ListFlags>();
  CLI::App* command = app.add_subcommand("list", "List the blobs of a container, virtual folder or account");
  command->alias("ls");
  command->add_option("url", flags->url, "Account, container or virtual folder URL")->required();
  command->add_flag("--machine-readable", flags->machine_readable, "Print sizes in bytes");
  command->add_flag("--running-tally", flags->running_tally, "Print the number of blobs and their total size");
  command->add_flag("--mega-units", flags->mega_units, "Print sizes in units of 1000 (KB, MB) instead of 1024");
  command->add_option("--properties", flags->properties,
                      "Extra properties to print, separated by ';': LastModifiedTime, VersionId, BlobType, "
                      "BlobAccessTier, ContentType, ContentEncoding, ContentMD5, LeaseState, LeaseDuration, "
                      "LeaseStatus, ArchiveStatus");
  command->callback([flags, &context] { run_list(*flags, context); });
}

}  // namespace box::cli
