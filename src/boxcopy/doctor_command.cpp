// boxcopy doctor [URL] [--destination DIR]: reports what would stop boxcopy in
// this environment, one line per check, with the fix for each problem.
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "auth/token_store.h"
#include "boxcopy/commands.h"
#include "doctor/checks.h"

namespace box::cli {
namespace {

struct DoctorOptions {
  std::string url;
  std::string destination = ".";
};

// Names the store a login would use, following the same rules as `boxcopy login`.
doctor::Finding token_store_finding(const doctor::Finding& keyring) {
  doctor::Finding finding{"token store", doctor::Status::ok, "", ""};
  const char* choice = std::getenv("BOXCOPY_TOKEN_STORE");
  if (choice && *choice) {
    finding.detail = std::string("BOXCOPY_TOKEN_STORE=") + choice;
    return finding;
  }
  if (keyring.status == doctor::Status::ok) {
    finding.detail = "kernel keyring";
    return finding;
  }
  try {
    finding.detail = "file " + auth::token_file_path() + " (the keyring is not usable)";
  } catch (const std::exception& error) {
    finding.status = doctor::Status::problem;
    finding.detail = std::string("no usable store: ") + error.what();
    finding.fix = "set HOME or BOXCOPY_STATE_DIR to a writable folder, or use --token-store none";
  }
  return finding;
}

void run_doctor(const DoctorOptions& options, CommandContext& context) {
  std::vector<doctor::Finding> findings;
  findings.push_back(doctor::check_seccomp());
  findings.push_back(doctor::check_threads());
  const doctor::Finding keyring = doctor::check_keyring();
  findings.push_back(keyring);
  findings.push_back(token_store_finding(keyring));
  findings.push_back(doctor::check_ca_certificates());
  findings.push_back(doctor::check_proxy());
  if (!options.url.empty()) {
    for (auto& finding : doctor::check_endpoint(options.url)) {
      findings.push_back(std::move(finding));
    }
  }
  findings.push_back(doctor::check_free_space(options.destination));

  int problems = 0;
  for (const auto& finding : findings) {
    std::string line = std::string(doctor::to_string(finding.status)) + ": " + finding.check + ": " + finding.detail;
    if (!finding.fix.empty()) {
      line += " (fix: " + finding.fix + ")";
    }
    context.print_plain(line);
    problems += finding.status == doctor::Status::problem ? 1 : 0;
  }
  if (problems > 0) {
    context.exit_code = kExitFailure;
  }
}

}  // namespace

void register_doctor_command(CLI::App& app, CommandContext& context) {
  auto options = std::make_shared<DoctorOptions>();
  CLI::App* command = app.add_subcommand(
      "doctor", "Report what would stop boxcopy here: seccomp, keyring, CA certificates, proxies, clock, network, disk");
  command->add_option("url", options->url,
                      "Storage URL to test DNS, connectivity and clock skew against (no credentials are sent)");
  command->add_option("--destination", options->destination, "Download folder whose free space to report")
      ->capture_default_str();
  command->callback([options, &context] { run_doctor(*options, context); });
}

}  // namespace box::cli
