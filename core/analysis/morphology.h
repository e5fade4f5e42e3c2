// quifait: French word classes from hunspell-fr (Dicollecte's dictionary, Debian package
// hunspell-fr), through libhunspell's morphological analysis.
//
// Dicollecte tags every form with its lemma (st:gérer) and its classes (po:v1 … po:v3 verbs,
// po:ipre present indicative, po:3sg, po:nom, po:adj, po:ppas, po:prep …). The extractor asks
// one question of a word: can it be the finite verb that ends a unit's name ("Le bureau du
// contentieux défend …"), or is it a noun or an adjective that continues it? That replaces a
// hand-typed verb list.
//
// Thread safety: analyse() may be called from any thread (a mutex guards hunspell and the memo).
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace quifait {

struct WordAnalysis {
  bool known = false;          // the dictionary has the form
  bool finite_verb = false;    // 3rd person of a finite tense (indicative, subjunctive, conditional)
  bool auxiliary = false;      // a finite form of être or avoir
  bool noun = false;
  bool adjective = false;      // adjectives and past participles used as adjectives
  bool past_participle = false;
  bool present_participle = false;
  bool infinitive = false;
  bool function_word = false;  // a grammatical word (po:mg): article, preposition, conjunction, pronoun
  bool adverb = false;         // po:adv: "également", "notamment", "ailleurs"
  std::vector<std::string> verb_lemmas;  // "comprendre" for "comprennent"
  std::vector<std::string> noun_lemmas;  // "déménagement" for "déménagements"
  std::vector<std::string> adjective_lemmas;  // "bancaire" for "bancaires"
  std::vector<std::string> lemmas;       // every reading's lemma: "détenu", "détenir" for "détenus"
};

class Morphology {
 public:
  // hunspell-fr from QUIFAIT_HUNSPELL_DIR or /usr/share/hunspell (fr.aff + fr.dic), loaded once.
  // Throws QuifaitError saying which package to install when the dictionary is missing.
  static const Morphology& standard();
  // REQUIRES: both files exist. Throws QuifaitError otherwise.
  Morphology(const std::string& aff_path, const std::string& dic_path);
  ~Morphology();

  // The classes of one word as written (case kept: hunspell handles capitals). Memoised.
  WordAnalysis analyse(std::string_view word) const;
  // Is the word French as the dictionary knows it ("traduit", "police", "pompiers": yes; "immobilie",
  // "linsee": no)? What spelling repair asks before touching a word.
  bool knows(std::string_view word) const { return analyse(word).known; }
  // Has the word a verb reading whose lemma is `lemma`?
  bool has_verb_lemma(std::string_view word, std::string_view lemma) const;
  // The dictionary's spellings of a lower-case word typed with or without its accents: {word}
  // when the dictionary knows it; else the forms it knows that differ only by accents on a, e,
  // i, o, u, c ("gere" -> "gère", "géré"; "creche" -> "crèche"), at most kMaxSpellings; else
  // none. Questions are often typed without accents; the dictionary's words have them. A word
  // with more than kMaxAccentForms accented forms to try (each a dictionary lookup, about a
  // microsecond) is only looked up as typed. Memoised.
  std::vector<std::string> spellings(std::string_view lower_word) const;
  static constexpr size_t kMaxSpellings = 4;
  static constexpr size_t kMaxAccentForms = 512;
  // Is `word` the infinitive of a verb ("gérer": yes; "gère", "gestion": no)?
  bool is_infinitive(std::string_view word) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace quifait
