// quifait: morphological families, a verb and the nouns of its action ("gère" / "gestion",
// "suit" / "suivi", "achète" / "achat"), and a noun and its relational adjective ("banque" /
// "bancaire", "douane" / "douanier"), which the Snowball stemmer does not conflate.
//
// hunspell-fr (Dicollecte, through Morphology) knows each word's class and lemma but not how
// one word derives from another, and no Debian package holds French derivation; the suffix
// pairs that say how are data (lexicon/families.json: "gérer" -> "gestion" is the pair
// érer/estion). A pair only proposes a candidate: it is kept when hunspell-fr knows it in the
// class it must have (an action noun, a verb's infinitive), and the searcher keeps a relative
// only when the index holds it (search/searcher.h).
//
// Thread safety: relatives() may be called from any thread (a mutex guards the memo).
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/morphology.h"

namespace quifait {

struct SuffixPair {
  std::string verb;  // the infinitive's ending: "érer"
  std::string noun;  // the action noun's ending in its place: "estion"
};

struct AdjectivePair {
  std::string noun;       // the noun's ending: "que"
  std::string adjective;  // the adjective's ending in its place: "caire" (banque, bancaire)
};

class WordFamilies {
 public:
  // lexicon/families.json under data_dir() with Morphology::standard(), loaded once. Throws
  // QuifaitError naming the file when it is missing or malformed.
  static const WordFamilies& standard();
  // Parses the JSON of lexicon/families.json; `name` is the file named in errors. Throws
  // QuifaitError on invalid JSON or a pair without both endings.
  static std::vector<SuffixPair> pairs_from_json(const std::string& json_text, const std::string& name);
  // The "noun_adjective_suffixes" of the same file (none when it has no such list). Throws
  // QuifaitError on invalid JSON or a pair without both endings.
  static std::vector<AdjectivePair> adjective_pairs_from_json(const std::string& json_text, const std::string& name);

  // REQUIRES: `morphology` outlives this object.
  WordFamilies(std::vector<SuffixPair> pairs, const Morphology& morphology, std::vector<AdjectivePair> adjective_pairs = {});
  ~WordFamilies();

  // The other members of a word's family, lower-case, the word itself excluded, in the pairs'
  // order: for a verb form, its infinitive and the action nouns of its lemma ("gère" ->
  // "gérer", "gestion"); for a noun, the verbs it is the action of and their other nouns
  // ("gestion" -> "gérer"; "achats" -> "acheter"). A word typed without its accents is read as
  // the dictionary spells it (Morphology::spellings: "gere" -> "gère"). A word of neither class, or one the
  // dictionary does not know, has none. Memoised.
  std::vector<std::string> relatives(std::string_view lower_word) const;
  // A noun's relational adjectives ("banques" -> "bancaire") and an adjective's nouns
  // ("bancaires" -> "banque"), spelled and memoised as relatives() does. Apart from relatives():
  // the searcher uses them only for a word the index lacks, since across word classes the
  // meaning drifts more ("gouvernement" / "gouvernemental").
  std::vector<std::string> relational(std::string_view lower_word) const;

  // The action nouns of a verb's infinitive that the dictionary knows ("gérer" -> "gestion").
  std::vector<std::string> nouns_of(const std::string& infinitive) const;
  // The verbs (infinitives) whose action a noun lemma is ("gestion" -> "gérer").
  std::vector<std::string> verbs_of(const std::string& noun) const;
  // The relational adjectives of a noun lemma that the dictionary knows ("banque" -> "bancaire"),
  // and the nouns of an adjective lemma ("bancaire" -> "banque").
  std::vector<std::string> adjectives_of(const std::string& noun) const;
  std::vector<std::string> nouns_of_adjective(const std::string& adjective) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace quifait
