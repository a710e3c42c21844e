// Live tracing when boxfit is built without the tracer (src/trace): every live request fails with a hint.
#include <stdexcept>

#include "boxfit/live_trace.h"

namespace box::boxfit {

seccomp::ObservedProgram trace_live(const std::vector<std::string>&, const seccomp::ResolvedProfile*, bool) {
  throw std::runtime_error("this boxfit was built without the tracer, so `-- CMD` is not available; "
                           "pass a trace with --from TRACE.json");
}

}  // namespace box::boxfit
