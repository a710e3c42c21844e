// Location of boxfit's data files (syscall tables, built-in profiles).
#pragma once

#include <filesystem>

namespace box::seccomp {

// Returns $BOXFIT_DATA_DIR when set, else the data/ folder of the source tree the binary was built from.
std::filesystem::path data_dir();

}  // namespace box::seccomp
