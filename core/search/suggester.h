// quifait: autocomplete for the search and question boxes.
//
// UnitNameIndex is built once per index generation from the Catalog and is immutable, so
// every server thread shares it. complete(typed) returns the units whose name or alias
// contains every typed word as the beginning of one of its words, compared without case
// or accents ("dep serv gen" -> "département des services généraux"); stopwords typed
// are ignored. Best first: matches at the start of the name, then shorter names, then
// document order. It scans every name: a few microseconds per thousand units, which
// keeps a keystroke on a 6,600-unit tree well under a millisecond.
//
// related(stems) returns units whose names share content words with a question (used to
// suggest where to look when no unit answers with confidence).
//
// complete_terms(db, typed) completes the last typed word from the index's spelling table
// (the accent-folded words of every passage), most frequent first, and returns the whole
// typed text with that word completed.
#pragma once
#include <xapian.h>

#include <string>
#include <vector>

#include "analysis/french_analyzer.h"
#include "index/catalog.h"

namespace quifait {

struct Suggestion {
  std::string text;  // what to show / put in the box
  std::string kind;  // "unit" or "term"
  std::string id, org, type;  // units only
};

class UnitNameIndex {
 public:
  UnitNameIndex(const Catalog& catalog, const FrenchAnalyzer& analyzer);

  std::vector<Suggestion> complete(const std::string& typed, const FrenchAnalyzer& analyzer, size_t limit) const;
  std::vector<Suggestion> related(const std::vector<std::string>& stems, size_t limit) const;

 private:
  struct Name {
    size_t unit;                     // index into units_
    std::string text;                // the name as written
    std::vector<std::string> words;  // folded words, stopwords included
    std::vector<std::string> stems;  // content stems
  };
  std::vector<Unit> units_;
  std::vector<Name> names_;
};

std::vector<Suggestion> complete_terms(const Xapian::Database& db, const std::string& typed,
                                       const FrenchAnalyzer& analyzer, size_t limit);

}  // namespace quifait
