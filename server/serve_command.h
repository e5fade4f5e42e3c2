// quifait serve: the HTTP server (JSON API + web page). Returns the exit code.
#pragma once

namespace quifait {
int run_serve_command(int argc, char** argv);
}
