// quifait: building the Xapian index from a corpus directory.
//
// build_index(options) reads the corpus (reader + structure extractor), analyses every
// passage with FrenchAnalyzer, and writes a new Xapian database. The database at
// options.db_path is switched atomically: `db_path` is a symbolic link to a generation
// directory (`<db_path>.d/gen-N`); a new generation is written, committed, then the link
// is replaced with rename(2). A failed run (bad corpus, full disk, crash) leaves the
// previous index serving.
//
// Returns the counts on success; throws CorpusError (bad corpus: nothing is written) or
// IndexError (cannot write the database; the message says where and why).
#pragma once
#include <functional>
#include <string>
#include "util/paths.h"  // data_dir(), which the builder reads stopwords and lexicon from

namespace quifait {

struct BuildOptions {
  std::string corpus_dir;
  std::string db_path;
  std::string stopwords_file;  // default: <data dir>/stopwords/fr.txt
  std::string synonyms_file;   // default: <data dir>/lexicon/synonymes.txt
  // Keep Xapian's term list table: required to serve the index as a remote shard
  // (xapian-tcpsrv, xapian-progsrv) or to replicate it with xapian-replicate; about a third more
  // disk (docs/scale-out.md). A single node does without it.
  bool termlist = false;
  std::function<void(size_t done, size_t total)> progress;  // may be empty
};

struct BuildStats {
  size_t documents = 0;
  size_t units = 0;
  size_t passages = 0;
  size_t synonyms = 0;
  std::string generation_path;
};

BuildStats build_index(const BuildOptions& options);


}  // namespace quifait
