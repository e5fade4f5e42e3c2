// quifait: the synonym lexicon (lexicon/synonymes.txt), stored in Xapian's synonym table.
//
// File format, one rule per line ('#' starts a comment):
//   site web = site internet = portail      equivalent expressions (every direction)
//   bâtiments => immobilier, patrimoine     everyday words => administrative words
//   locaux -> immobilier, bâtiments          the typed word is searched ONLY as these: for
//                                            everyday words whose stem collides with other
//                                            vocabulary (Snowball: locaux/locales -> "local").
//                                            Keyed on the typed word, not its stem.
// Expressions are analysed with FrenchAnalyzer, so a rule written "gérer" matches "gère",
// "gestion" is its own rule. At index time install() writes every rule to the database's
// synonym table, keyed by the space-joined stems ("sit web" -> "sit internet"); at query
// time Searcher reads them back with Database::synonyms_begin, so the lexicon used is
// always the one the index was built with.
#pragma once
#include <xapian.h>

#include <string>
#include <utility>
#include <vector>

#include "analysis/french_analyzer.h"

namespace quifait {

class Lexicon {
 public:
  // Throws QuifaitError naming the file when it cannot be read, and the file and line of a
  // malformed rule.
  static Lexicon from_file(const std::string& path);
  static Lexicon from_text(const std::string& text, const std::string& name);

  // Writes the rules to db's synonym table; returns the number of (key, synonym) pairs.
  size_t install(Xapian::WritableDatabase& db, const FrenchAnalyzer& analyzer) const;

  // Stem key of an expression: "Site Web" -> "sit web".
  static std::string key(const FrenchAnalyzer& analyzer, const std::string& expression);

  // Synonym-table key of a replacement rule for a typed (folded) word.
  static std::string replacement_key(const std::string& folded_word) { return "=" + folded_word; }

  const std::vector<std::pair<std::string, std::string>>& rules() const { return rules_; }

 private:
  std::vector<std::pair<std::string, std::string>> rules_;         // (from, to) surface expressions
  std::vector<std::pair<std::string, std::string>> replacements_;  // (word, to)
};

}  // namespace quifait
