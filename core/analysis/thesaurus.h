// quifait: French synonyms from Debian's mythes-fr (the LibreOffice thesaurus), read through
// libmythes.
//
// synonyms("ordinateur") -> {"calculateur", "machine", "PC", …}: every single-word synonym of
// every meaning, in the thesaurus's order (the most central first), lower-cased. The searcher
// keeps only those the index holds and weighs them below the words typed (search/searcher.h).
//
// Thread safety: synonyms() may be called from any thread (libmythes reads its data file
// through one FILE*; a mutex guards it, and answers are memoised).
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace quifait {

class Thesaurus {
 public:
  // mythes-fr from QUIFAIT_MYTHES_DIR or /usr/share/mythes (thes_fr.idx + thes_fr.dat), loaded
  // once. Throws QuifaitError saying which package to install when it is missing.
  static const Thesaurus& standard();
  Thesaurus(const std::string& idx_path, const std::string& dat_path);
  ~Thesaurus();

  std::vector<std::string> synonyms(std::string_view lower_word) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace quifait
