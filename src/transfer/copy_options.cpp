#include "transfer/copy_options.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <stdexcept>
#include <thread>

#include "common/error.h"

namespace box::transfer {
namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

std::string env_value(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

}  // namespace

Direction parse_from_to(const std::string& text) {
  const std::string value = lower(text);
  if (value == "localblob") {
    return Direction::upload;
  }
  if (value == "bloblocal") {
    return Direction::download;
  }
  throw Error(ErrorKind::usage, "invalid value '" + text + "' for --from-to: copy supports LocalBlob and BlobLocal");
}

OverwriteMode parse_overwrite_mode(const std::string& text) {
  const std::string value = lower(text);
  if (value == "true") return OverwriteMode::always;
  if (value == "false") return OverwriteMode::never;
  if (value == "ifsourcenewer") return OverwriteMode::if_source_newer;
  if (value == "prompt") return OverwriteMode::prompt;
  throw Error(ErrorKind::usage,
              "invalid value '" + text + "' for --overwrite: use true, false, ifSourceNewer or prompt");
}

Md5Check parse_md5_check(const std::string& text) {
  const std::string value = lower(text);
  if (value == "nocheck") return Md5Check::no_check;
  if (value == "logonly") return Md5Check::log_only;
  if (value == "failifdifferent") return Md5Check::fail_if_different;
  if (value == "failifdifferentormissing") return Md5Check::fail_if_different_or_missing;
  throw Error(ErrorKind::usage, "invalid value '" + text +
                                    "' for --check-md5: use NoCheck, LogOnly, FailIfDifferent or "
                                    "FailIfDifferentOrMissing");
}

unsigned concurrency_from_environment() {
  const std::string text = env_value("AZCOPY_CONCURRENCY_VALUE");
  if (!text.empty() && lower(text) != "auto") {
    std::size_t used = 0;
    long value = 0;
    try {
      value = std::stol(text, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != text.size() || value < 1 || value > 3000) {
      throw Error(ErrorKind::usage, "invalid AZCOPY_CONCURRENCY_VALUE '" + text +
                                        "': expected a whole number from 1 to 3000, or AUTO");
    }
    return static_cast<unsigned>(value);
  }
  const unsigned cpus = std::max(1U, std::thread::hardware_concurrency());
  if (cpus <= 4) {
    return 32;
  }
  return std::min(16 * cpus, 300U);
}

std::uint64_t buffer_budget_from_environment() {
  const std::string text = env_value("AZCOPY_BUFFER_GB");
  if (text.empty()) {
    return 256ULL << 20;
  }
  std::size_t used = 0;
  double gibibytes = 0;
  try {
    gibibytes = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || !std::isfinite(gibibytes) || gibibytes <= 0 || gibibytes > 1024) {
    throw Error(ErrorKind::usage, "invalid AZCOPY_BUFFER_GB '" + text +
                                      "': expected a number of GiB greater than 0, such as 0.5");
  }
  return static_cast<std::uint64_t>(gibibytes * static_cast<double>(1ULL << 30));
}

}  // namespace box::transfer
