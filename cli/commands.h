// quifait: the CLI subcommands other than index (indexer/) and serve (server/).
// Each returns the process exit code; errors are thrown as QuifaitError and printed by main.
#pragma once

namespace quifait::cli {
int run_units(int argc, char** argv);
int run_export(int argc, char** argv);
int run_ask(int argc, char** argv);
int run_search(int argc, char** argv);
int run_eval(int argc, char** argv);
int run_eval_units(int argc, char** argv);
int run_text(int argc, char** argv);
int run_replicate(int argc, char** argv);
}  // namespace quifait::cli
