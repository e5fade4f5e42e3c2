// quifait index --corpus DIR --db DIR: builds the index, with progress on a terminal.
// Returns the process exit code (0 on success); prints errors to stderr.
#pragma once

namespace quifait {
int run_index_command(int argc, char** argv);
}
