#include "indexer/index_command.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>

#include "cli/args.h"
#include "index/index_builder.h"
#include "index/index_reader.h"
#include "util/error.h"

namespace quifait {

int run_index_command(int argc, char** argv) {
  auto args = cli::Args::parse(argc, argv, 2, {"quiet", "termlist"}, {"corpus", "db", "stopwords", "synonyms"});
  BuildOptions options;
  options.corpus_dir = args.get("corpus", data_dir() + "/corpus");
  options.db_path = args.get("db", default_db_path());
  options.stopwords_file = args.get("stopwords");
  options.synonyms_file = args.get("synonyms");
  options.termlist = args.has("termlist");
  bool tty = isatty(STDERR_FILENO) && !args.has("quiet");
  if (tty) {
    options.progress = [](size_t done, size_t total) {
      std::fprintf(stderr, "\rindexing passages: %zu/%zu (%d%%)", done, total, total ? static_cast<int>(100 * done / total) : 100);
      if (done == total) std::fprintf(stderr, "\n");
    };
  }
  auto start = std::chrono::steady_clock::now();
  BuildStats stats = build_index(options);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!args.has("quiet")) {
    std::cerr << "indexed " << stats.documents << " documents: " << stats.units << " units, " << stats.passages
              << " passages, " << stats.synonyms << " synonym pairs in " << secs << " s -> " << options.db_path << "\n";
  }
  return 0;
}

}  // namespace quifait
