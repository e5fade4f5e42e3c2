// Temporary until the server lands (issue: HTTP server); keeps the build whole.
#include "server/serve_command.h"

#include <iostream>

namespace quifait {
int run_serve_command(int, char**) {
  std::cerr << "quifait serve: not built yet in this version\n";
  return 2;
}
}  // namespace quifait
