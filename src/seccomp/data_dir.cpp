// Location of boxfit's data files.
#include "seccomp/data_dir.h"

#include <cstdlib>

namespace box::seccomp {

std::filesystem::path data_dir() {
  if (const char* from_env = std::getenv("BOXFIT_DATA_DIR"); from_env != nullptr && *from_env != '\0') {
    return from_env;
  }
  return BOXCOPY_DATA_DIR;
}

}  // namespace box::seccomp
