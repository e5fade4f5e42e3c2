// quifait: one executable, subcommands. Thin: parse, call the library, print.
#include <xapian.h>

#include <cstring>
#include <iostream>

#include "cli/commands.h"
#include "indexer/index_command.h"
#include "server/serve_command.h"
#include "util/error.h"

namespace {

const char* kUsage = R"(quifait: qui fait quoi dans l'administration ?

usage: quifait COMMAND [options]

commands:
  index  --corpus DIR --db DIR        build the index from a corpus directory (atomic switch)
  ask    [--json] [--db DIR] QUESTION  answer a question: which unit does this?
  search [--json] [--db DIR] [--org CODE] [--type TYPE] [--page N] QUERY
                                      keyword search over passages
  units  [--json] [--db DIR]          the organisation tree
  export [--db DIR]                   every passage as JSON lines
  eval   [--db DIR] [--units FILE] FILE.jsonl
                                      hit@1, MRR and no-answer accuracy of a question file
  eval-units [--db DIR | --corpus DIR] [--min F1] [--json] [--quiet] GOLD.json
                                      precision, recall and F1 of the tree's (unit, parent) pairs
                                      against a gold tree; lists misses, wrong parents, extras;
                                      exit 1 when F1 < --min
  serve  [--db DIR] [--port N] [--host ADDR] [--web DIR] [--allow-origin ORIGIN]
         [--threads N] [--cache-mb N] [--access-log FILE|off] [--quiet]
                                      HTTP server: JSON API and web page (port 0: any free port)

The default --db is the index that the README's run command builds.
Run `quifait COMMAND --help` for details.
)";

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") || !std::strcmp(argv[1], "help")) {
    std::cout << kUsage;
    return argc < 2 ? 2 : 0;
  }
  std::string command = argv[1];
  for (int i = 2; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--help") || !std::strcmp(argv[i], "-h")) {
      std::cout << kUsage;
      return 0;
    }
  }
  try {
    if (command == "index") return quifait::run_index_command(argc, argv);
    if (command == "ask") return quifait::cli::run_ask(argc, argv);
    if (command == "search") return quifait::cli::run_search(argc, argv);
    if (command == "units") return quifait::cli::run_units(argc, argv);
    if (command == "export") return quifait::cli::run_export(argc, argv);
    if (command == "eval") return quifait::cli::run_eval(argc, argv);
    if (command == "eval-units") return quifait::cli::run_eval_units(argc, argv);
    if (command == "serve") return quifait::run_serve_command(argc, argv);
    std::cerr << "quifait: unknown command '" << command << "' (see quifait --help)\n";
    return 2;
  } catch (const quifait::BadRequest& e) {
    std::cerr << "quifait " << command << ": " << e.what() << "\n";
    return 2;
  } catch (const quifait::QuifaitError& e) {
    std::cerr << "quifait " << command << ": " << e.what() << "\n";
    return 1;
  } catch (const Xapian::Error& e) {
    std::cerr << "quifait " << command << ": index error: " << e.get_description() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "quifait " << command << ": " << e.what() << "\n";
    return 1;
  }
}
