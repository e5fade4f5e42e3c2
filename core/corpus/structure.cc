#include "corpus/structure.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "analysis/admin_lexicon.h"
#include "analysis/morphology.h"
#include "analysis/unicode.h"
#include "corpus/document_filters.h"
#include "util/error.h"

namespace quifait {
namespace {

// ---------------------------------------------------------------------------------------
// A light lexer for structure: words (hyphenated words kept whole, elided articles as "l'"),
// quotes and punctuation, with byte offsets into the sentence text.

enum class Kind { kWord, kQuote, kPunct };

struct Lex {
  Kind kind;
  std::string text;  // surface
  std::string f;     // folded (lower, no accents); elided words end with '\''
  size_t begin, end;
  bool upper = false;
  std::string l = {};  // lower case, accents kept ("à" is not "a"): what the lexicon is keyed on
};

bool is_word_cp(UChar32 c) {
  if (unicode::is_apostrophe(static_cast<char32_t>(c))) return false;  // ICU counts U+02BC as a letter
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  if (u_isalnum(c)) return true;
  int8_t t = u_charType(c);
  return t == U_NON_SPACING_MARK || t == U_COMBINING_SPACING_MARK || c == 0x00B0;
}

bool is_quote_cp(UChar32 c) { return c == '"' || c == 0x00AB || c == 0x00BB || c == 0x201C || c == 0x201D || c == 0x201E; }

const std::unordered_set<std::string>& elided_words();  // the lexicon's elisions, folded

std::vector<Lex> lex(const std::string& text) {
  std::vector<Lex> out;
  const auto* p = reinterpret_cast<const uint8_t*>(text.data());
  int32_t n = static_cast<int32_t>(text.size());
  int32_t i = 0;
  while (i < n) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c <= 0 || c == ' ' || c == '\n' || c == '\t') continue;
    if (is_word_cp(c)) {
      int32_t end = i;
      // Words run over letters and internal hyphens ("sous-direction", "celle-ci").
      while (end < n) {
        int32_t k = end;
        UChar32 d;
        U8_NEXT(p, k, n, d);
        if (d > 0 && is_word_cp(d)) {
          end = k;
          continue;
        }
        if (d == '-' || d == 0x2010 || d == 0x2011) {
          int32_t k2 = k;
          UChar32 e;
          if (k2 < n) {
            U8_NEXT(p, k2, n, e);
            if (e > 0 && is_word_cp(e)) {
              end = k2;
              continue;
            }
          }
        }
        break;
      }
      Lex w{Kind::kWord, text.substr(static_cast<size_t>(start), static_cast<size_t>(end - start)), "",
            static_cast<size_t>(start), static_cast<size_t>(end)};
      w.f = unicode::fold(w.text);
      w.l = unicode::lower(w.text);
      w.upper = u_isupper(c);
      // Elision: "l'", "d'", "qu'" become their own token ending with an apostrophe.
      if (end < n) {
        int32_t k = end;
        UChar32 a;
        U8_NEXT(p, k, n, a);
        if (a > 0 && unicode::is_apostrophe(static_cast<char32_t>(a)) && elided_words().count(w.f)) {
          w.text = text.substr(static_cast<size_t>(start), static_cast<size_t>(k - start));
          w.f += '\'';
          w.l += '\'';
          w.end = static_cast<size_t>(k);
          end = k;
        }
      }
      out.push_back(std::move(w));
      i = end;
      continue;
    }
    if (unicode::is_apostrophe(static_cast<char32_t>(c))) continue;
    Lex t{is_quote_cp(c) ? Kind::kQuote : Kind::kPunct, text.substr(static_cast<size_t>(start), static_cast<size_t>(i - start)),
          "", static_cast<size_t>(start), static_cast<size_t>(i)};
    t.f = t.text;
    t.l = t.text;
    out.push_back(std::move(t));
  }
  return out;
}

bool is_punct(const Lex& t, const char* s) { return t.kind == Kind::kPunct && t.text == s; }
// Sentence boundaries: '.', '!', '?' followed by an upper-case word, a quote or the end,
// unless the dot closes a single letter (I.N.S.E.E., M.) or a common abbreviation.
std::vector<std::pair<size_t, size_t>> split_sentences(const std::vector<Lex>& toks) {
  static const std::unordered_set<std::string> abbreviations = {"art", "cf", "etc", "ex", "no", "mm", "mme", "st", "p"};
  std::vector<std::pair<size_t, size_t>> out;
  size_t start = 0;
  for (size_t i = 0; i < toks.size(); ++i) {
    const Lex& t = toks[i];
    bool stop = t.kind == Kind::kPunct && (t.text == "." || t.text == "!" || t.text == "?" || t.text == "\u2026");
    if (!stop) continue;
    if (t.text == "." && i > 0 && toks[i - 1].kind == Kind::kWord &&
        (unicode::length(toks[i - 1].text) == 1 || abbreviations.count(toks[i - 1].f)) && i + 1 < toks.size() &&
        toks[i + 1].begin == t.end)
      continue;
    // "Le bureau A/1. - Politique générale du personnel": a dash after the dot continues a title.
    if (t.text == "." && i + 1 < toks.size() && toks[i + 1].kind == Kind::kPunct &&
        (toks[i + 1].text == "-" || toks[i + 1].text == "\u2015" || toks[i + 1].text == "\u2013"))
      continue;
    bool next_ok = i + 1 == toks.size() || toks[i + 1].kind == Kind::kQuote || (toks[i + 1].kind == Kind::kWord && toks[i + 1].upper) ||
                   (toks[i + 1].kind == Kind::kPunct && toks[i + 1].text != "," && toks[i + 1].text != ";");
    if (t.text == "." && i > 0 && toks[i - 1].kind == Kind::kWord && unicode::length(toks[i - 1].text) == 1 && toks[i - 1].upper &&
        i + 1 < toks.size() && toks[i + 1].kind == Kind::kWord && !toks[i + 1].upper)
      next_ok = false;
    if (!next_ok) continue;
    out.emplace_back(start, i + 1);
    start = i + 1;
  }
  if (start < toks.size()) out.emplace_back(start, toks.size());
  return out;
}

// ---------------------------------------------------------------------------------------
// Vocabulary of administrative French: lexicon/administration.json (admin_lexicon.h) for the
// administrative words, hunspell-fr (morphology.h) for verbs, nouns and adjectives. The sets
// below are the lexicon's classes in folded form, since the lexer compares folded words.

const AdminLexicon& lexicon() { return AdminLexicon::standard(); }
const Morphology& morphology() { return Morphology::standard(); }

struct TypeEntry {
  std::string type;
  bool plural;
};

const std::unordered_map<std::string, TypeEntry>& type_words() {
  static const std::unordered_map<std::string, TypeEntry> m = [] {
    std::unordered_map<std::string, TypeEntry> out;
    for (const auto& t : lexicon().unit_types()) {
      out[unicode::fold(t.singular)] = {t.singular, false};
      out[unicode::fold(t.plural)] = {t.singular, true};
    }
    return out;
  }();
  return m;
}

int type_rank(const std::string& type, const std::string& name_folded) {
  const UnitType* t = lexicon().unit_type(type);
  return t ? t->rank_of(name_folded) : 3;
}

// The folded words of one lexicon class (the lexicon is keyed on lower case, accents kept).
const std::unordered_set<std::string>& folded(WordClass c) { return lexicon().folded_words(c); }

// The extractor asks these on every token: one lookup of the lexicon's set each.
template <WordClass C>
const std::unordered_set<std::string>& cached() {
  static const auto& s = folded(C);
  return s;
}
const std::unordered_set<std::string>& elided_words() { return cached<WordClass::kElision>(); }
const std::unordered_set<std::string>& type_adjectives() { return cached<WordClass::kNameAdjective>(); }
const std::unordered_set<std::string>& articles() { return cached<WordClass::kArticle>(); }
const std::unordered_set<std::string>& determiners() { return cached<WordClass::kDeterminer>(); }
const std::unordered_set<std::string>& en_adverbials() { return cached<WordClass::kEnAdverbial>(); }
const std::unordered_set<std::string>& prepositions() { return cached<WordClass::kPreposition>(); }
const std::unordered_set<std::string>& name_stoppers() {
  static const std::unordered_set<std::string> s = [] {
    std::unordered_set<std::string> out = folded(WordClass::kNameStopper);
    for (const auto& w : folded(WordClass::kNameEnder)) out.insert(w);
    return out;
  }();
  return s;
}

// Can the word be the finite verb of the sentence, whatever follows? Auxiliaries (est, sont, a)
// always; other verbs only when the dictionary gives them no noun or adjective reading.
bool is_verb(const Lex& x) {
  if (x.kind != Kind::kWord) return false;
  // avoir; "à" is the preposition, and "A" opening a sentence is "À" without its accent ("A ce
  // titre, il …"), as texts often write capitals.
  if (x.text == "a") return true;
  if (x.text == "A") return false;
  WordAnalysis a = morphology().analyse(x.text);
  if (a.auxiliary) return true;
  return a.finite_verb && !a.noun && !a.adjective;
}

// A word that is a finite verb as well as a noun or adjective ("relève", "pratique") is the verb
// when what follows opens its object: "La cellule pratique les contrôles", or when it is
// coordinated with a verb: "La sous-direction … conduit ou coordonne l'évaluation", "pratique et
// contrôle les essais". `t[k]` is the word; the tokens up to `end` follow it.
bool is_verb_before(const std::vector<Lex>& t, size_t k, size_t end) {
  const Lex& x = t[k];
  if (is_verb(x)) return true;
  if (x.kind != Kind::kWord || !morphology().analyse(x.text).finite_verb) return false;
  const Lex* next = k + 1 < end ? &t[k + 1] : nullptr;
  // "participe à …", "veille au …": the preposition of the verb's object. "traite de l'état
  // civil", "dispose des crédits" too, unless an article or a preposition makes the word a noun
  // ("le bureau de la traite des êtres humains", "du contrôle des").
  bool after_noun_marker = k > 0 && t[k - 1].kind == Kind::kWord &&
                           (articles().count(t[k - 1].f) || prepositions().count(t[k - 1].f) || determiners().count(t[k - 1].f));
  bool opens_object = next && next->kind == Kind::kWord &&
                      (determiners().count(next->f) || next->l == "à" || next->l == "au" || next->l == "aux" ||
                       (!after_noun_marker && (next->l == "de" || next->l == "du" || next->l == "des" || next->l == "d'")));
  if (opens_object) return true;
  bool coordinated = next && k + 2 < end && next->kind == Kind::kWord && lexicon().is(WordClass::kConjunction, next->f) &&
                     !morphology().analyse(t[k + 2].text).auxiliary;
  return coordinated && is_verb_before(t, k + 2, end);
}

// A frame's word sequence, lexed once ("sous l'autorité de" -> sous | l' | autorité | de).
const std::vector<std::vector<std::string>>& lexed(const std::vector<std::string>& seqs) {
  static std::mutex mutex;
  static std::map<const void*, std::vector<std::vector<std::string>>> cache;
  std::lock_guard<std::mutex> lock(mutex);
  auto it = cache.find(&seqs);
  if (it != cache.end()) return it->second;
  std::vector<std::vector<std::string>> out;
  for (const auto& seq : seqs) {
    std::vector<std::string> words;
    for (const auto& x : lex(seq)) words.push_back(x.l);
    out.push_back(std::move(words));
  }
  return cache.emplace(&seqs, std::move(out)).first->second;
}

// One past the longest of `seqs` that starts at k (k itself when `seqs` is empty), or 0.
size_t match_any(const std::vector<Lex>& t, size_t k, size_t e, const std::vector<std::string>& seqs) {
  if (seqs.empty()) return k;
  size_t best = 0;
  for (const auto& words : lexed(seqs)) {
    size_t j = k;
    bool ok = !words.empty();
    for (const auto& w : words) {
      if (j >= e || t[j].l != w) {
        ok = false;
        break;
      }
      ++j;
    }
    if (ok) best = std::max(best, j);
  }
  return best;
}

// An attachment frame of the lexicon at token i ("rattachée à", "placé auprès du", "relevant de",
// a sentence opening "Auprès du directeur …"): where the parent's mention starts, or 0.
size_t attachment_at(const std::vector<Lex>& t, size_t s, size_t i, size_t e, bool* opens) {
  if (t[i].kind != Kind::kWord) return 0;
  for (const auto& f : lexicon().attachment_frames()) {
    if (std::find(f.words.begin(), f.words.end(), t[i].l) == f.words.end()) continue;
    if (f.opens_sentence && i != s) continue;
    size_t after = match_any(t, i + 1, e, f.then);
    if (!after) continue;
    *opens = f.opens_sentence;
    // A contracted article ("au", "du", "aux") is the mention's own article.
    const std::string& last = t[after - 1].l;
    if (after > i + 1 && lexicon().is(WordClass::kContractedArticle, last)) --after;
    return after;
  }
  return 0;
}


// ---------------------------------------------------------------------------------------
// Unit mentions.

struct Mention {
  size_t article = 0;  // first token (article or type)
  size_t type_tok = 0;
  size_t end = 0;      // one past the last token of the name
  std::string type;
  bool plural = false;
  bool bare = false;   // type (+ adjectives) only, no qualifier
  bool demonstrative = false;
  std::string name;
  std::vector<std::string> aliases;
};

bool is_type_at(const std::vector<Lex>& t, size_t i, size_t end) {
  return i < end && t[i].kind == Kind::kWord && type_words().count(t[i].f);
}

std::string lower_first(std::string s) {
  if (s.empty()) return s;
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  int32_t i = 0;
  UChar32 c;
  U8_NEXT(p, i, static_cast<int32_t>(s.size()), c);
  if (c <= 0 || !u_isupper(c)) return s;
  // Keep acronyms ("INSEE") and proper nouns after the first word intact: only the first letter.
  UChar32 next = 0;
  if (i < static_cast<int32_t>(s.size())) {
    int32_t k = i;
    U8_NEXT(p, k, static_cast<int32_t>(s.size()), next);
  }
  if (next > 0 && u_isupper(next)) return s;
  std::string out = unicode::lower(s.substr(0, static_cast<size_t>(i)));
  return out + s.substr(static_cast<size_t>(i));
}

std::string span_text(const std::string& text, const std::vector<Lex>& t, size_t from, size_t to) {
  if (from >= to) return "";
  return text.substr(t[from].begin, t[to - 1].end - t[from].begin);
}

bool is_singular_type_at(const std::vector<Lex>& t, size_t i, size_t end) {
  return is_type_at(t, i, end) && !type_words().at(t[i].f).plural;
}

bool is_adjective_only(const Lex& x) {
  if (x.kind != Kind::kWord || x.upper) return false;
  WordAnalysis a = morphology().analyse(x.text);
  return a.adjective && !a.past_participle;
}

size_t parse_chain(const std::vector<Lex>& t, size_t k, size_t end, bool in_charge_phrase, bool after_noun = false,
                   bool qualified = false);

// At a comma after an adjective: ", ADJ (, ADJ)* et ADJ" continues the name. One past the last
// adjective, or 0 when the run is not closed by "et ADJ" (then the comma ends the name).
size_t adjective_enumeration_end(const std::vector<Lex>& t, size_t k, size_t end) {
  if (k == 0 || !is_adjective_only(t[k - 1])) return 0;
  size_t j = k;
  while (j + 1 < end && is_punct(t[j], ",") && is_adjective_only(t[j + 1])) j += 2;
  if (j == k || j + 1 >= end || t[j].f != "et") return 0;
  if (is_adjective_only(t[j + 1])) return j + 2;
  // "des personnels administratifs, techniques et d'encadrement".
  if (t[j + 1].f == "de" || t[j + 1].f == "d'" || t[j + 1].f == "du" || t[j + 1].f == "des") {
    size_t after = parse_chain(t, j + 2, end, false);
    return after > j + 2 ? after : 0;
  }
  return 0;
}

bool is_bare_noun(const Lex& x) {
  if (x.kind != Kind::kWord || x.upper || articles().count(x.f) || prepositions().count(x.f) || is_verb(x)) return false;
  WordAnalysis a = morphology().analyse(x.text);
  return a.noun && !a.past_participle && !a.present_participle;
}

// At a comma inside a name: ", NOUN … (, NOUN …)* et NOUN …" that runs to the end of the
// declaration ("pôle prospective, modélisation de la demande et évaluation ;") continues the
// name. Each element starts with a noun without an article ("et les …", ", le bureau …" are
// other phrases). One past the last element, or 0.
size_t noun_enumeration_end(const std::vector<Lex>& t, size_t k, size_t end) {
  size_t j = k, elements = 0;
  while (j + 1 < end && (is_punct(t[j], ",") || t[j].f == "et") && is_bare_noun(t[j + 1])) {
    size_t after = parse_chain(t, j + 2, end, false, true);
    j = std::max(after, j + 2);
    ++elements;
  }
  if (elements == 0) return 0;
  // Closed by "et" (the elements' own complements may hold it: "… de la demande et évaluation"),
  // or at least two elements ("planification, exercices, retour d'expérience").
  bool closed = elements >= 2;
  for (size_t i = k; i < j; ++i) closed = closed || t[i].f == "et";
  if (!closed) return 0;
  // The run must end the declaration: the item's end, its punctuation, or ", chargé de …".
  bool ends = j >= end || (t[j].kind == Kind::kPunct && (t[j].text == ";" || t[j].text == "." || t[j].text == ":")) ||
              (is_punct(t[j], ",") && j + 1 < end &&
               (lexicon().is(WordClass::kChargeWord, t[j + 1].l) || lexicon().is(WordClass::kRelative, t[j + 1].l)));
  return ends ? j : 0;
}

// Consumes a noun-phrase complement from position k: (article)? noun (adjective)* ((de|et|,de …) …)*.
// Returns one past the last noun/adjective consumed, or k when nothing was consumed.
// `qualified`: the type has an adjective ("état-major opérationnel"), so a unit named after it is
// part of the name ("… du service du commissariat des armées"), not the owner of a task.
size_t parse_chain(const std::vector<Lex>& t, size_t k, size_t end, bool in_charge_phrase, bool after_noun,
                   bool qualified) {
  bool expect_noun = !after_noun;
  bool article_after_preposition = false;  // the complement being read opened "PREP ARTICLE …"
  size_t last = k;
  size_t consumed = 0;
  while (k < end && consumed < 24) {
    const Lex& x = t[k];
    if (expect_noun) {
      // "pour ce qui concerne": a demonstrative after a preposition opens a clause, not a name.
      if (x.kind == Kind::kWord && folded(WordClass::kDemonstrative).count(x.f)) break;
      if (x.kind == Kind::kWord) {
        if (articles().count(x.f) && x.f != "un" && x.f != "une") {
          if (k > 0 && prepositions().count(t[k - 1].f)) article_after_preposition = true;
          ++k;
          continue;
        }
        if (prepositions().count(x.f)) {
          article_after_preposition = false;
          ++k;
          continue;
        }
        ++k;
        ++consumed;
        last = k;
        expect_noun = false;
        continue;
      }
      if (x.kind == Kind::kQuote) {
        size_t close = k + 1;
        while (close < end && t[close].kind != Kind::kQuote) ++close;
        if (close >= end) break;
        k = close + 1;
        last = k;
        expect_noun = false;
        continue;
      }
      break;
    }
    // After a noun.
    if (x.kind == Kind::kPunct) {
      if (x.text == "(" && k + 2 < end && t[k + 1].kind == Kind::kWord && t[k + 1].upper && is_punct(t[k + 2], ")")) {
        k += 3;
        last = k;
        continue;
      }
      // "des archives, de la documentation et du patrimoine": an enumeration inside the name.
      if (x.text == "," && k + 1 < end && t[k + 1].kind == Kind::kWord &&
          (t[k + 1].f == "de" || t[k + 1].f == "du" || t[k + 1].f == "des" || t[k + 1].f == "d'")) {
        ++k;
        expect_noun = true;
        continue;
      }
      // "des politiques agricoles, rurales et maritimes": adjectives enumerated up to "et ADJ".
      if (x.text == ",") {
        size_t run = adjective_enumeration_end(t, k, end);
        if (!run) run = noun_enumeration_end(t, k, end);
        if (run) {
          k = run;
          last = k;
          continue;
        }
      }
      break;
    }
    if (x.kind == Kind::kQuote) break;
    const std::string& w = x.f;
    if (x.text == "a" || x.text == "A") break;  // the verb avoir ("a pour mission"); "à" is the preposition
    if (prepositions().count(w) || w == "sur") {
      // "mission du département": a unit of another unit is no longer this name.
      // A capitalised type word is a proper name ("de l'Agence française de développement").
      if (!qualified && k + 2 < end && articles().count(t[k + 1].f) && is_singular_type_at(t, k + 2, end) && !t[k + 2].upper) break;
      if (!qualified && w == "du" && is_singular_type_at(t, k + 1, end) && !t[k + 1].upper) break;
      ++k;
      expect_noun = true;
      continue;
    }
    if (w == "et" || w == "ou") {
      static const std::unordered_set<std::string> numerals = {"un", "une", "deux", "trois", "quatre", "cinq", "six",
                                                               "sept", "huit", "neuf", "dix", "plusieurs"};
      if (k + 1 < end && numerals.count(t[k + 1].f)) break;
      // "et le bureau …" is another unit; "des biens et services culturels" is one name.
      if (k + 1 < end && articles().count(t[k + 1].f) && is_type_at(t, k + 2, end)) break;
      // "le bureau du cabinet et les hauts fonctionnaires": an article after "et" opens another
      // noun phrase, unless it parallels the article of the complement before ("sur l'emploi et
      // les revenus"); otherwise names coordinate through a preposition ("et de la …").
      if (k + 1 < end && articles().count(t[k + 1].f) && !article_after_preposition) break;
      if (k + 1 < end && (t[k + 1].kind == Kind::kWord || t[k + 1].kind == Kind::kQuote)) {
        ++k;
        expect_noun = true;
        continue;
      }
      break;
    }
    if (w == "en") {
      if (k + 1 < end && t[k + 1].kind == Kind::kWord && !en_adverbials().count(t[k + 1].f) && !is_verb(t[k + 1]) &&
          !is_type_at(t, k + 1, end) &&
          !articles().count(t[k + 1].f)) {
        ++k;
        expect_noun = true;
        continue;
      }
      break;
    }
    if (in_charge_phrase && articles().count(w) && w != "un" && w != "une" && k > 0) {
      const std::string& prev = t[k - 1].f;
      bool infinitive = prev.size() > 3 && (prev.compare(prev.size() - 2, 2, "er") == 0 || prev.compare(prev.size() - 2, 2, "ir") == 0 ||
                                             prev.compare(prev.size() - 2, 2, "re") == 0);
      if (infinitive) {
        ++k;
        expect_noun = true;
        continue;
      }
    }
    if (name_stoppers().count(w) || articles().count(w)) break;
    // "Le bureau du courrier enregistre les plis": the dictionary's finite verb ends the name, and
    // so does an attachment frame ("Le bureau des retraites relève de …").
    if (is_verb_before(t, k, end)) break;
    bool opens = false;
    if (attachment_at(t, static_cast<size_t>(-1), k, end, &opens)) break;
    if (x.kind == Kind::kWord) {
      ++k;
      ++consumed;
      last = k;
      continue;
    }
    break;
  }
  return last;
}

// Types that are also the name of an activity: "la mission de la direction" is the direction's
// task, "la direction du bureau" its management; "le secrétariat de la direction" is a unit.
bool names_a_task(const std::string& type) {
  const UnitType* t = lexicon().unit_type(type);
  return t && t->names_a_task;
}

bool is_dash(const Lex& t) {
  return t.kind == Kind::kPunct && (t.text == "-" || t.text == "\u2015" || t.text == "\u2013" || t.text == "\u2014");
}

// "A", "C1", "A/1": a unit code right after its type. One past it, or 0.
size_t unit_code_end(const std::vector<Lex>& t, size_t j, size_t end) {
  auto is_code = [](const std::string& w) {
    if (w.empty() || w.size() > 3) return false;
    bool letter = false;
    for (char c : w) {
      if (c >= 'A' && c <= 'Z') letter = true;
      else if (!(c >= '0' && c <= '9')) return false;
    }
    return letter || w.size() <= 2;
  };
  if (j >= end || t[j].kind != Kind::kWord || !is_code(t[j].text)) return 0;
  if (!(t[j].text[0] >= 'A' && t[j].text[0] <= 'Z')) return 0;
  size_t k = j + 1;
  if (k + 1 < end && is_punct(t[k], "/") && t[k].begin == t[j].end && t[k + 1].kind == Kind::kWord && t[k + 1].begin == t[k].end &&
      is_code(t[k + 1].text))
    k += 2;
  // A capitalised word after a one-letter code is a name ("la sous-direction A comprend" is a code,
  // "le bureau A Paris" is not a thing texts write).
  return k;
}

// "de", "du", "des", "d'" (the lexicon's genitives) at k.
bool genitive_at(const std::vector<Lex>& t, size_t k, size_t end) {
  return k < end && t[k].kind == Kind::kWord && folded(WordClass::kGenitive).count(t[k].f);
}

// One past a run of adverbs at k ("également", "notamment", "en outre", "par ailleurs"), or k.
size_t adverbs_end(const std::vector<Lex>& t, size_t k, size_t end) {
  auto adverb = [&](size_t i) { return i < end && t[i].kind == Kind::kWord && morphology().analyse(t[i].text).adverb; };
  while (k < end) {
    if (adverb(k)) ++k;
    else if ((t[k].f == "en" || t[k].f == "par") && adverb(k + 1)) k += 2;
    else break;
  }
  return k;
}

// The type of the unit that "du TYPE" / "de la TYPE" / "de l'TYPE" at k opens (a singular type
// word, not capitalised: "de l'Agence …" is a proper name), or "".
std::string coordinated_type_at(const std::vector<Lex>& t, size_t k, size_t end) {
  if (k >= end || t[k].kind != Kind::kWord) return "";
  size_t j = k + 1;
  if (t[k].f == "de" && j < end && articles().count(t[j].f) && t[j].f != "les") ++j;
  else if (t[k].f != "du") return "";
  if (!is_singular_type_at(t, j, end) || t[j].upper) return "";
  return type_words().at(t[j].f).type;
}

// Parses a unit mention starting at token i: [article|au|aux|du] [quote] TYPE ...
std::optional<Mention> parse_mention(const std::string& text, const std::vector<Lex>& t, size_t i, size_t end,
                                     bool article_optional) {
  if (i >= end) return std::nullopt;
  Mention m;
  m.article = i;
  size_t k = i;
  if (t[k].kind == Kind::kWord) {
    const std::string& a = t[k].f;
    if (articles().count(a) || a == "au" || a == "aux" || a == "du" || a == "des") {
      ++k;
    } else if (a == "ce" || a == "cet" || a == "cette" || a == "ces") {
      m.demonstrative = true;
      ++k;
    } else if (!article_optional) {
      return std::nullopt;
    }
  }
  // "la " mission de suivi … "": the quoted name starts with the type word.
  if (k < end && t[k].kind == Kind::kQuote && is_type_at(t, k + 1, end)) {
    size_t close = k + 2;
    while (close < end && t[close].kind != Kind::kQuote) ++close;
    if (close >= end) return std::nullopt;
    const TypeEntry& tw = type_words().at(t[k + 1].f);
    m.type_tok = k + 1;
    m.type = tw.type;
    m.plural = tw.plural;
    m.end = close + 1;
    m.name = lower_first(unicode::nfc(span_text(text, t, k + 1, close)));
    return m;
  }
  if (!is_type_at(t, k, end)) return std::nullopt;
  const TypeEntry& tw = type_words().at(t[k].f);
  m.type_tok = k;
  m.type = tw.type;
  m.plural = tw.plural;
  size_t j = k + 1;
  while (j < end && t[j].kind == Kind::kWord && type_adjectives().count(t[j].f)) ++j;
  size_t name_end = j;
  if (m.demonstrative) {
    m.end = j;
    m.bare = true;
    return m;
  }
  if (j < end && t[j].kind == Kind::kQuote) {
    size_t close = j + 1;
    while (close < end && t[close].kind != Kind::kQuote) ++close;
    if (close < end) name_end = close + 1;
  } else if (size_t code_end = unit_code_end(t, j, end)) {
    // "la sous-direction A (Ressources humaines, …)", "le bureau A/1. - Politique générale du
    // personnel": a code names the unit; a parenthesis or a dashed title after it is part of the
    // name as first written, the code alone an alias.
    name_end = code_end;
    m.aliases.push_back(lower_first(unicode::nfc(span_text(text, t, k, code_end))));
    if (name_end < end && is_punct(t[name_end], "(")) {
      size_t close = name_end + 1;
      while (close < end && close < name_end + 30 && !is_punct(t[close], ")")) ++close;
      if (close < end && is_punct(t[close], ")")) name_end = close + 1;
    } else {
      size_t d = name_end;
      if (d < end && is_punct(t[d], ".")) ++d;
      if (d + 1 < end && is_dash(t[d])) {
        size_t stop = d + 1;
        while (stop < end && !(t[stop].kind == Kind::kPunct && (t[stop].text == ":" || t[stop].text == ";"))) ++stop;
        while (stop > d + 1 && t[stop - 1].kind == Kind::kPunct && t[stop - 1].text != ")") --stop;
        if (stop > d + 1) name_end = stop;
      }
    }
  } else if (j < end && t[j].kind == Kind::kWord && t[j].upper && !is_verb(t[j]) && !articles().count(t[j].f) &&
             t[j].f != "de" && t[j].f != "du" && t[j].f != "des" && t[j].f != "d'") {
    name_end = j;
    while (name_end < end && t[name_end].kind == Kind::kWord && t[name_end].upper && !is_verb(t[name_end])) ++name_end;
    // "la sous-direction Afrique subsaharienne": the proper noun's own complements.
    size_t after = parse_chain(t, name_end, end, false, true);
    if (after > name_end) name_end = after;
  } else if (j + 1 < end && t[j].kind == Kind::kWord &&
             (t[j].f == "charge" || t[j].f == "chargee" || t[j].f == "charges" || t[j].f == "chargees")) {
    size_t after = parse_chain(t, j + 2, end, true);
    if (after > j + 2 && (t[j + 1].f == "de" || t[j + 1].f == "du" || t[j + 1].f == "des" || t[j + 1].f == "d'")) name_end = after;
  } else if (j + 1 < end && t[j].kind == Kind::kWord && t[j].f == "en" && t[j + 1].f == "charge") {
    size_t after = parse_chain(t, j + 3, end, true);
    if (after > j + 3) name_end = after;
  } else if (j < end && t[j].kind == Kind::kWord && !t[j].upper && !is_verb(t[j]) && !name_stoppers().count(t[j].f) &&
             !articles().count(t[j].f) && !prepositions().count(t[j].f) && t[j].f != "et" && t[j].f != "ou" &&
             t[j].f != "en" && !type_words().count(t[j].f)) {
    // "le pôle achats", "la division informatique": a noun or adjective right after the type.
    size_t after = parse_chain(t, j, end, false, true, is_adjective_only(t[j]));
    if (after > j) name_end = after;
  } else if (j < end && t[j].kind == Kind::kWord && prepositions().count(t[j].f) && t[j].text != "a" && t[j].text != "A") {
    // "la mission de la direction": the mission of another unit, not a name. After an adjective
    // the unit named is part of the name: "la direction centrale du service du commissariat".
    bool of_unit = (j + 2 < end && articles().count(t[j + 1].f) && is_singular_type_at(t, j + 2, end)) ||
                   (t[j].f == "du" && is_singular_type_at(t, j + 1, end));
    if (of_unit && j == k + 1 && names_a_task(tw.type)) return std::nullopt;
    size_t after = parse_chain(t, j + 1, end, false, false, j > k + 1);
    if (after > j + 1) name_end = after;
  }
  // "composée de la sous-direction A et de la sous-direction B", ", du bureau C": a unit of the
  // same type coordinated through the composition's preposition is another unit, not part of
  // this name ("bureau des certifications et du service public de formation" keeps its name).
  for (size_t i = j; i + 2 < name_end; ++i)
    if ((t[i].f == "et" || is_punct(t[i], ",")) && coordinated_type_at(t, i + 1, end) == tw.type) {
      name_end = i;
      break;
    }
  m.bare = name_end == j;
  m.end = name_end;
  m.name = lower_first(unicode::nfc(span_text(text, t, k, name_end)));
  // "la sous-direction des services d'incendie de la direction des sapeurs-pompiers": the name
  // stops before the unit it belongs to; the whole wording is kept as an alias.
  if (!m.bare && name_end + 1 < end && prepositions().count(t[name_end].f) &&
      ((t[name_end].f == "du" && is_singular_type_at(t, name_end + 1, end)) ||
       (name_end + 2 < end && articles().count(t[name_end + 1].f) && is_singular_type_at(t, name_end + 2, end)))) {
    size_t whole = parse_chain(t, name_end + 1, end, false, false, true);
    if (whole > name_end + 2) m.aliases.push_back(lower_first(unicode::nfc(span_text(text, t, k, whole))));
  }
  // Apposition: "le département Rédaction, chargé de la production des contenus".
  if (!m.bare && name_end + 2 < end && is_punct(t[name_end], ",") &&
      (t[name_end + 1].f == "charge" || t[name_end + 1].f == "chargee") &&
      (t[name_end + 2].f == "de" || t[name_end + 2].f == "du" || t[name_end + 2].f == "des" || t[name_end + 2].f == "d'")) {
    size_t after = parse_chain(t, name_end + 3, end, true);
    if (after > name_end + 3) {
      m.aliases.push_back(lower_first(unicode::nfc(span_text(text, t, k, after))));
      m.aliases.push_back(lower_first(unicode::nfc(t[k].text + " " + span_text(text, t, name_end + 1, after))));
      m.end = after;
    }
  }
  return m;
}

// Content key of a unit name: its folded words minus the type word, function words and
// "chargé de", so that variants of one name meet.
std::set<std::string> name_key(const std::string& name) {
  static const std::unordered_set<std::string> skip = {"le", "la", "les", "l'", "de", "du", "des", "d'", "et", "a", "au",
                                                       "aux", "en", "charge", "chargee", "charges", "chargees", "un", "une"};
  std::set<std::string> key;
  auto toks = lex(name);
  bool first_type_skipped = false;
  for (const auto& t : toks) {
    if (t.kind != Kind::kWord) continue;
    if (!first_type_skipped && type_words().count(t.f)) {
      first_type_skipped = true;
      continue;
    }
    if (skip.count(t.f)) continue;
    key.insert(t.f);
  }
  return key;
}

// `slack`: how many more content words the longer name may have ("mission de la coordination
// interministérielle" and "… des politiques de jeunesse" in one text).
bool keys_match(const std::set<std::string>& a, const std::set<std::string>& b, size_t slack = 1) {
  if (a == b) return true;
  const auto& small = a.size() < b.size() ? a : b;
  const auto& large = a.size() < b.size() ? b : a;
  if (small.size() < 2 || large.size() - small.size() > slack) return false;
  return std::includes(large.begin(), large.end(), small.begin(), small.end());
}

// ---------------------------------------------------------------------------------------
// The extractor.

constexpr int kOrgOwner = -1;
constexpr int kNoParent = -3;  // declared, parent not stated
constexpr int kAnyParent = -4;  // resolving a name whatever its parent

struct UnitMeta {
  std::set<std::string> key;
  std::vector<std::set<std::string>> alias_keys;
  bool parent_known = false;
  bool generic = false;  // named by its type (and adjectives) only: "direction centrale"
  int implicit_parent = kOrgOwner;
  int rank = 3;
};

class Extractor {
 public:
  OrgTree run(const std::vector<ParsedDocument>& documents) {
    for (const auto& doc : documents) process_document(doc);
    finish();
    return std::move(tree_);
  }

  // Streaming: every passage goes to `sink` once its document is done (a passage can only
  // grow, by list items, until then), and the tree keeps none.
  void set_sink(std::function<void(Passage&&)> sink) { sink_ = std::move(sink); }
  void add(const ParsedDocument& doc) {
    process_document(doc);
    flush_passages();
    doc_ = nullptr;
  }
  OrgTree finish_streaming() {
    flush_passages();
    finish();
    return std::move(tree_);
  }

 private:
  OrgTree tree_;
  std::vector<UnitMeta> meta_;
  std::map<std::string, std::vector<int>> org_units_;  // org -> unit indices
  std::unordered_map<std::string, int> ids_;
  // Dedup: hashes (64-bit) of org + normalised text, so memory does not grow with the text.
  std::unordered_set<size_t> seen_text_;
  // Near-duplicates: the shingles of the last kNearDupWindow passages of each owner, computed
  // once (a passage is final once the next one starts; the last one is recomputed if it grew).
  struct Shingled {
    size_t seq;          // passage ordinal in the whole corpus
    size_t text_size;    // size of the text the shingles were computed from
    std::vector<size_t> shingles;  // sorted, unique
  };
  static constexpr size_t kNearDupWindow = 30;
  std::unordered_map<std::string, std::vector<Shingled>> recent_by_owner_;
  size_t passages_emitted_ = 0;  // passages handed to sink_ (tree_.passages holds the rest)
  std::function<void(Passage&&)> sink_;
  int next_order_ = 0;

  // Per-document state.
  const ParsedDocument* doc_ = nullptr;
  std::vector<std::string> org_name_words_;
  int current_ = kOrgOwner;
  // Lists announced by "X comprend :" (or "Sont rattachés à Y :"), innermost last. An item's
  // marker style ("1°", "a", "I", "-") tells which list it belongs to: an item in the style of an
  // outer list closes the inner ones ("1° De la direction X, qui comprend : ― … 2° De la …").
  struct ListFrame {
    int composer;
    std::string style;   // empty until the first item
    std::string header;  // the sentence that announced the list
  };
  std::string list_header_;  // the header of the list whose item is being read
  std::vector<ListFrame> frames_;
  bool in_item_ = false;  // processing a list item: a list it announces nests in the current one
  int title_top_ = kOrgOwner;  // the unit the document's title says it organises
  int last_unit_in_sentence_ = -2;
  bool after_items_ = false;  // the block before this one was a list item  // the last unit a sentence named (for "…, auquel est rattaché …")
  bool first_block_ = false;
  int organising_ = kOrgOwner;
  int doc_top_ = kOrgOwner;
  std::vector<std::pair<int, int>> heading_owners_;  // (level, owner)
  std::vector<std::pair<int, std::string>> heading_path_;
  int passage_counter_ = 0;
  int last_passage_owner_ = -2;
  bool last_passage_open_ = false;  // the last passage can take list items

  std::string org() const { return doc_->info.org; }

  std::string unit_id_for(const std::string& name) {
    std::string base = slugify(org()) + "/" + slugify(name);
    std::string id = base;
    for (int n = 2; ids_.count(id); ++n) id = base + "-" + std::to_string(n);
    return id;
  }

  // The unit a mention names: same org and type, a matching name or alias, this document first.
  // A unit is (org, parent, name): with `parent` given (a list item's composer), a unit of the
  // same name whose parent was stated as another unit is another unit.
  int resolve(const Mention& m, int parent = kAnyParent) {
    auto it = org_units_.find(org());
    if (it == org_units_.end()) return -2;
    std::set<std::string> key = name_key(m.name);
    for (int pass = 0; pass < 2; ++pass) {
      // Before the units of other documents: the unit this one spoke of that a type alone refers to.
      if (pass == 1)
        if (int back = referred_back(m, key, parent); back >= 0) return back;
      for (int idx : it->second) {
        const Unit& u = tree_.units[static_cast<size_t>(idx)];
        if (u.type != m.type) continue;
        if ((pass == 0) != (u.doc == doc_->doc_id)) continue;
        UnitMeta& um = meta_[static_cast<size_t>(idx)];
        bool match = m.bare ? (um.key == key) : (keys_match(um.key, key, pass == 0 ? 2 : 1) && !um.key.empty() == !key.empty());
        for (const auto& ak : um.alias_keys) match = match || (!m.bare && keys_match(ak, key));
        // "Une direction centrale …" then "La direction centrale du service … comprend": the
        // generic first mention is the unit whose full name comes later in the same text.
        bool completes_generic = !match && pass == 0 && um.generic && !m.bare && !um.key.empty() &&
                                 std::includes(key.begin(), key.end(), um.key.begin(), um.key.end());
        if (!match && !completes_generic) continue;
        if (parent != kAnyParent && um.parent_known && tree_.units[static_cast<size_t>(idx)].parent_id != unit_id_or_empty(parent)) {
          // A later, more precise statement ("Le service X comprend : … la sous-direction Y" after
          // the direction's list named Y) moves the unit down; a statement of an ancestor keeps
          // it. Under an unrelated parent the same name is another unit.
          int stated = unit_index(tree_.units[static_cast<size_t>(idx)].parent_id);
          if (parent >= 0 && is_ancestor(stated, parent) && !would_cycle(idx, parent)) {
            tree_.units[static_cast<size_t>(idx)].parent_id = unit_id_or_empty(parent);
          } else if (!(stated >= 0 && is_ancestor(parent, stated))) {
            continue;
          }
        }
        if (completes_generic) {
          Unit& g = tree_.units[static_cast<size_t>(idx)];
          std::string generic_name = g.name;
          g.name = m.name;
          um.key = key;
          um.generic = false;
          add_alias(idx, generic_name);
        }
        return idx;
      }
    }
    return -2;
  }

  // A type alone ("rattachées à la direction", "La sous-direction coordonne …", "placé auprès de
  // cette sous-direction") names the unit of that type this document spoke of last. So does a
  // type with its name adjectives ("La direction générale est chargée …" in the article of the
  // direction générale de l'énergie) when that unit's name opens with those very words and goes
  // on with a preposition or a charge word: not "direction générale adjointe", not "direction
  // de l'administration générale". A list item declares a unit: there the adjectives name it.
  int referred_back(const Mention& m, const std::set<std::string>& key, int parent) const {
    if (!m.bare || (!key.empty() && parent != kAnyParent)) return -2;
    const std::string head = unicode::fold(m.name) + " ";
    for (auto r = recent_.rbegin(); r != recent_.rend(); ++r) {
      const Unit& u = tree_.units[static_cast<size_t>(*r)];
      if (u.type != m.type || u.doc != doc_->doc_id) continue;
      if (key.empty()) return *r;
      std::string name = unicode::fold(u.name);
      if (name.compare(0, head.size(), head) != 0) continue;
      std::string next = name.substr(head.size(), name.find_first_of(" '", head.size()) - head.size());
      if (name.compare(head.size(), 2, "d'") == 0) next = "d'";
      // What follows a type and its adjectives in a full name: "de …", "chargée de …".
      if (prepositions().count(next) || folded(WordClass::kChargeWord).count(next)) return *r;
    }
    return -2;
  }

  // Units in the order this document mentions them (resolved or created), most recent last.
  std::vector<int> recent_;
  void note_mention(int idx) {
    if (idx < 0) return;
    if (!recent_.empty() && recent_.back() == idx) return;
    recent_.push_back(idx);
    if (recent_.size() > 64) recent_.erase(recent_.begin());
  }

  int unit_index(const std::string& id) const {
    if (id.empty()) return kOrgOwner;
    auto it = ids_.find(id);
    return it == ids_.end() ? kOrgOwner : it->second;
  }

  // Is `a` (a unit, or kOrgOwner for the org itself) above `b` in the tree?
  bool is_ancestor(int a, int b) const {
    if (a == kOrgOwner) return b >= 0;
    for (int p = b >= 0 ? unit_index(tree_.units[static_cast<size_t>(b)].parent_id) : kOrgOwner; p >= 0;
         p = unit_index(tree_.units[static_cast<size_t>(p)].parent_id))
      if (p == a) return true;
    return false;
  }

  std::string unit_id_or_empty(int idx) const { return idx >= 0 ? tree_.units[static_cast<size_t>(idx)].id : ""; }

  int create_unit(const Mention& m) {
    Unit u;
    u.name = m.name;
    u.type = m.type;
    u.org = org();
    u.doc = doc_->doc_id;
    u.order = next_order_++;
    u.id = unit_id_for(m.name);
    int idx = static_cast<int>(tree_.units.size());
    ids_[u.id] = idx;
    UnitMeta um;
    um.key = name_key(m.name);
    um.generic = m.bare;
    um.rank = type_rank(u.type, unicode::fold(u.name));
    // Implicit parent: the unit a sentence says is "organisé comme suit" when it ranks above, else
    // the unit the title organises (whatever the ranks: the text is that unit's organisation).
    // Type rank alone never makes a parent: a pôle declared after an unrelated service is not its.
    if (organising_ != kOrgOwner && meta_[static_cast<size_t>(organising_)].rank < um.rank) um.implicit_parent = organising_;
    else if (organising_ == kOrgOwner && title_top_ >= 0) um.implicit_parent = title_top_;
    tree_.units.push_back(std::move(u));
    meta_.push_back(std::move(um));
    org_units_[org()].push_back(idx);
    if (doc_top_ == kOrgOwner && meta_.back().rank == 1 && organising_ == kOrgOwner) doc_top_ = idx;
    add_aliases(idx, m);
    return idx;
  }

  void add_alias(int idx, const std::string& alias) {
    Unit& u = tree_.units[static_cast<size_t>(idx)];
    if (unicode::fold(alias) == unicode::fold(u.name)) return;
    for (const auto& a : u.aliases)
      if (unicode::fold(a) == unicode::fold(alias)) return;
    u.aliases.push_back(alias);
    meta_[static_cast<size_t>(idx)].alias_keys.push_back(name_key(alias));
  }

  void add_aliases(int idx, const Mention& m) {
    add_alias(idx, m.name);
    for (const auto& a : m.aliases) add_alias(idx, a);
  }

  // Finds the unit a mention names, creating it when the mention declares one.
  int resolve_or_create(const Mention& m, bool may_create, bool plural_ok = false, int parent = kAnyParent) {
    if (m.plural && (!plural_ok || m.bare)) return -2;
    int idx = resolve(m, parent);
    if (idx >= 0) {
      // A type alone ("la direction générale" for the direction générale de l'énergie) refers
      // to the unit; it is not another name of it.
      if (!m.bare) add_aliases(idx, m);
      note_mention(idx);
      return idx;
    }
    idx = may_create ? create_unit(m) : -2;
    note_mention(idx);
    return idx;
  }

  bool would_cycle(int child, int parent) const {
    for (int p = parent; p >= 0;) {
      if (p == child) return true;
      const std::string& pid = tree_.units[static_cast<size_t>(p)].parent_id;
      if (pid.empty()) break;
      p = ids_.at(pid);
    }
    return false;
  }

  // A parent a sentence states; `evidence` is that sentence (or the list's announcing one).
  void set_parent(int child, int parent, const std::string& evidence = "") {
    if (child < 0) return;
    UnitMeta& um = meta_[static_cast<size_t>(child)];
    if (um.parent_known) return;
    if (parent >= 0 && (parent == child || would_cycle(child, parent))) return;
    um.parent_known = true;
    Unit& u = tree_.units[static_cast<size_t>(child)];
    u.parent_id = parent >= 0 ? tree_.units[static_cast<size_t>(parent)].id : "";
    u.parent_source = "stated";
    u.parent_evidence = clip(evidence.empty() ? list_header_ : evidence);
  }

  static std::string clip(const std::string& text) {
    if (text.size() <= 300) return text;
    size_t cut = 300;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    return text.substr(0, cut) + "\u2026";
  }

  // Does the org itself start at token i ("le Service d'information du Gouvernement", "l'INSEE", "le SSP")?
  size_t match_org(const std::vector<Lex>& t, size_t i, size_t end) const {
    size_t k = i;
    if (k < end && (articles().count(t[k].f) || t[k].f == "au" || t[k].f == "du")) ++k;
    if (k < end && t[k].kind == Kind::kWord && t[k].f == unicode::fold(doc_->info.org)) return k + 1;
    if (org_name_words_.size() >= 2) {
      size_t j = k;
      for (const auto& w : org_name_words_) {
        while (j < end && (t[j].kind != Kind::kWord || (t[j].f != w && articles().count(t[j].f)))) ++j;
        if (j >= end || t[j].f != w) return 0;
        ++j;
      }
      return j;
    }
    return 0;
  }

  // "l'administration centrale (du ministère …)": the org itself, whatever its name in the manifest.
  size_t match_org_itself(const std::vector<Lex>& t, size_t i, size_t end) const {
    size_t k = i;
    if (k < end && articles().count(t[k].f)) ++k;
    size_t after = match_any(t, k, end, lexicon().org_itself());
    if (!after) return 0;
    // "… du ministère de l'agriculture, de l'alimentation et de la forêt": its complement too.
    if (after < end && (t[after].f == "du" || t[after].f == "de") && after + 1 < end && t[after + 1].f == "ministere")
      after = std::max(after + 2, parse_chain(t, after + 2, end, false, true));
    return after;
  }

  // Role words that stand for the unit they head.
  std::optional<int> match_role(const std::vector<Lex>& t, size_t i, size_t end, size_t* role_end) {
    size_t k = i;
    if (k < end && (articles().count(t[k].f) || t[k].f == "au" || t[k].f == "du")) ++k;
    if (k >= end || t[k].kind != Kind::kWord) return std::nullopt;
    if (auto named = titled_unit(t, k, end, role_end)) return named;
    const std::string& w = t[k].f;
    if (w == "directeur" || w == "directrice") {
      // "Auprès du directeur général sont placés …": the title's adjectives are part of it,
      // when no complement names whose director it is ("du directeur général de la
      // concurrence, …" is read as before).
      size_t title_end = k + 1;
      while (title_end < end && t[title_end].kind == Kind::kWord && type_adjectives().count(t[title_end].f)) ++title_end;
      // Only where the sentence goes on with its units ("… général sont placés la …", "… général
      // la cellule …"): before a list (":") the title is read as before.
      if (title_end >= end || prepositions().count(t[title_end].f) ||
          !(is_verb(t[title_end]) || articles().count(t[title_end].f)))
        title_end = k + 1;
      if (role_end) *role_end = title_end;
      for (int candidate : {owner_of_section(), organising_, doc_top_, current_}) {
        if (candidate >= 0 && tree_.units[static_cast<size_t>(candidate)].type == "direction") return candidate;
      }
      auto it = org_units_.find(org());
      if (it != org_units_.end()) {
        for (auto r = it->second.rbegin(); r != it->second.rend(); ++r)
          if (tree_.units[static_cast<size_t>(*r)].type == "direction" && tree_.units[static_cast<size_t>(*r)].doc == doc_->doc_id) return *r;
      }
      return std::nullopt;
    }
    if ((w == "secretaire") && k + 1 < end && (t[k + 1].f == "general" || t[k + 1].f == "generale")) {
      if (role_end) *role_end = k + 2;
      auto it = org_units_.find(org());
      if (it != org_units_.end()) {
        for (int idx : it->second)
          if (unicode::fold(tree_.units[static_cast<size_t>(idx)].name) == "secretariat general") return idx;
      }
      return std::nullopt;
    }
    if (w == "sous-directeur" || w == "sous-directrice") {
      if (role_end) *role_end = k + 1;
      if (current_ >= 0 && tree_.units[static_cast<size_t>(current_)].type == "sous-direction") return current_;
      return std::nullopt;
    }
    return std::nullopt;
  }

  // "au sous-directeur du droit privé", "sous l'autorité du chef du bureau du budget": a head
  // title of the lexicon's roles followed by its unit's name complement names that unit, when
  // the text has declared it (a title names no new unit).
  std::optional<int> titled_unit(const std::vector<Lex>& t, size_t k, size_t end, size_t* role_end) {
    for (const Role& role : lexicon().roles()) {
      size_t after = match_any(t, k, end, role.words);
      if (!after || !genitive_at(t, after, end)) continue;
      size_t complement = parse_chain(t, after, end, false);
      if (complement <= after + 1) continue;
      Mention m;
      m.type = role.unit_type;
      m.name = role.unit_type;
      for (size_t j = after; j < complement; ++j) m.name += (j == after || t[j - 1].text.back() == '\'' ? "" : " ") + t[j].text;
      m.name.insert(role.unit_type.size(), " ");
      int idx = resolve(m);
      if (idx < 0) continue;
      if (role_end) *role_end = complement;
      return idx;
    }
    return std::nullopt;
  }

  // An acronym that a unit of this org carries in its name ("la DAJ" for "direction des affaires
  // juridiques (DAJ)"), after an optional article at k: the unit and the token after it, or
  // {-2, k}. Two units with the same acronym name neither.
  std::pair<int, size_t> unit_by_acronym(const std::vector<Lex>& t, size_t k, size_t end) const {
    size_t j = k;
    if (j < end && (articles().count(t[j].f) || t[j].f == "au" || t[j].f == "du")) ++j;
    if (j >= end || t[j].kind != Kind::kWord || t[j].text.size() < 2) return {-2, k};
    for (unsigned char c : t[j].text)
      if (!(c >= 'A' && c <= 'Z')) return {-2, k};
    auto it = org_units_.find(org());
    if (it == org_units_.end()) return {-2, k};
    const std::string tag = "(" + t[j].text + ")";
    int found = -2;
    for (int idx : it->second) {
      if (tree_.units[static_cast<size_t>(idx)].name.find(tag) == std::string::npos) continue;
      if (found >= 0) return {-2, k};
      found = idx;
    }
    return found >= 0 ? std::make_pair(found, j + 1) : std::make_pair(-2, k);
  }

  // `unit` when its type has `gender`, else the nearest unit above it whose type has it, else `unit`.
  int agreeing_unit(int unit, char gender) const {
    auto gender_of = [&](int idx) {
      const UnitType* type = lexicon().unit_type(tree_.units[static_cast<size_t>(idx)].type);
      return type ? type->gender : 0;
    };
    char own = gender_of(unit);
    if (own == 0 || own == gender) return unit;
    for (int p = unit_index(tree_.units[static_cast<size_t>(unit)].parent_id); p >= 0;
         p = unit_index(tree_.units[static_cast<size_t>(p)].parent_id))
      if (gender_of(p) == gender) return p;
    return unit;
  }

  int owner_of_section() const { return heading_owners_.empty() ? kOrgOwner : heading_owners_.back().second; }

  std::string section() const {
    std::string s;
    for (const auto& [level, text] : heading_path_) {
      if (text.empty()) continue;
      if (!s.empty()) s += " \u203A ";
      s += text;
    }
    return s;
  }

  void add_passage(int owner, const std::string& text, bool list_item) {
    std::string trimmed = text;
    while (!trimmed.empty() && (trimmed.back() == ' ' || trimmed.back() == '\n')) trimmed.pop_back();
    if (trimmed.empty()) return;
    // Items continue the passage that announced them ("… quatre missions principales :").
    if (list_item && last_passage_open_ && last_passage_owner_ == owner && !tree_.passages.empty() &&
        tree_.passages.back().text.size() + trimmed.size() < 1500) {
      tree_.passages.back().text += "\n" + trimmed;
      last_passage_open_ = true;
      return;
    }
    // Repeated paragraphs are stored once per owner: two bureaux may each "assure le suivi budgétaire".
    size_t norm = std::hash<std::string>()(doc_->info.org + "|" + std::to_string(owner) + "|" + unicode::fold(trimmed));
    if (seen_text_.count(norm)) return;
    std::string owner_key = doc_->info.org + "|" + std::to_string(owner);
    std::vector<size_t> mine;
    if (is_near_duplicate(owner_key, trimmed, &mine)) return;
    seen_text_.insert(norm);
    Passage p;
    p.doc = doc_->doc_id;
    p.org = doc_->info.org;
    p.unit_id = owner >= 0 ? tree_.units[static_cast<size_t>(owner)].id : "";
    p.section = section();
    p.text = trimmed;
    p.position = passage_counter_++;
    p.id = doc_->doc_id + "#" + std::to_string(p.position);
    auto& recent = recent_by_owner_[owner_key];
    if (recent.size() >= kNearDupWindow) recent.erase(recent.begin());
    if (mine.empty()) mine = shingles(p.text);
    recent.push_back({passages_emitted_ + tree_.passages.size(), p.text.size(), std::move(mine)});
    tree_.passages.push_back(std::move(p));
    last_passage_owner_ = owner;
    last_passage_open_ = list_item || (!trimmed.empty() && trimmed.back() == ':');
  }

  static std::vector<size_t> shingles(const std::string& text) {
    std::vector<std::string> words;
    for (const auto& t : lex(text))
      if (t.kind == Kind::kWord) words.push_back(t.f);
    std::vector<size_t> out;
    std::hash<std::string> h;
    for (size_t i = 0; i + 2 < words.size(); ++i) out.push_back(h(words[i] + " " + words[i + 1] + " " + words[i + 2]));
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

  // `mine` receives the text's shingles when they were computed (else stays empty).
  bool is_near_duplicate(const std::string& owner_key, const std::string& text, std::vector<size_t>* mine_out) {
    auto it = recent_by_owner_.find(owner_key);
    if (it == recent_by_owner_.end() || text.size() < 80) return false;
    std::vector<size_t> mine = shingles(text);
    if (mine.size() < 5) return false;
    for (auto r = it->second.rbegin(); r != it->second.rend(); ++r) {
      // The passage still in the making may have grown (list items) since its shingles were taken.
      size_t seq = r->seq;
      if (seq >= passages_emitted_ && seq - passages_emitted_ < tree_.passages.size()) {
        const std::string& now = tree_.passages[seq - passages_emitted_].text;
        if (now.size() != r->text_size) {
          r->shingles = shingles(now);
          r->text_size = now.size();
        }
      }
      const auto& other = r->shingles;
      size_t common = 0;
      for (size_t a = 0, b = 0; a < mine.size() && b < other.size();) {
        if (mine[a] < other[b]) ++a;
        else if (other[b] < mine[a]) ++b;
        else { ++common; ++a; ++b; }
      }
      size_t uni = mine.size() + other.size() - common;
      if (uni && static_cast<double>(common) / static_cast<double>(uni) >= 0.8) return true;
    }
    *mine_out = std::move(mine);
    return false;
  }

  void flush_passages() {
    if (!sink_) return;
    passages_emitted_ += tree_.passages.size();
    for (auto& p : tree_.passages) sink_(std::move(p));
    tree_.passages.clear();
  }

  void process_document(const ParsedDocument& doc) {
    doc_ = &doc;
    current_ = kOrgOwner;
    frames_.clear();
    organising_ = kOrgOwner;
    doc_top_ = kOrgOwner;
    title_top_ = kOrgOwner;
    heading_owners_.clear();
    heading_path_.clear();
    passage_counter_ = 0;
    last_passage_owner_ = -2;
    last_passage_open_ = false;
    org_name_words_.clear();
    // The org's name word for word (articles aside), to recognise it as a sentence subject.
    // "Direction des affaires civiles et du sceau (ministère de la justice)": up to a parenthesis.
    for (const auto& t : lex(doc.info.org_name)) {
      if (is_punct(t, "(")) break;
      if (t.kind == Kind::kWord && !articles().count(t.f)) org_name_words_.push_back(t.f);
    }
    if (std::none_of(tree_.orgs.begin(), tree_.orgs.end(), [&](const Org& o) { return o.code == doc.info.org; }))
      tree_.orgs.push_back({doc.info.org, doc.info.org_name});

    first_block_ = true;
    after_items_ = false;
    recent_.clear();
    announced_ = {};
    for (const Block& b : doc.blocks) {
      struct Clear {
        bool& flag;
        ~Clear() { flag = false; }
      } clear{first_block_};
      struct Remember {
        bool& after_items;
        bool item;
        ~Remember() { after_items = item; }
      } remember{after_items_, b.kind == BlockKind::kListItem};
      switch (b.kind) {
        case BlockKind::kHeading: process_heading(b); break;
        case BlockKind::kListItem: process_list_item(b); break;
        case BlockKind::kParagraph:
          // "I. - Une direction centrale …" after "comprend :": a lettered paragraph is an item.
          if (!b.label.empty() && !frames_.empty() &&
              (frames_.back().style.empty() || frames_.back().style == marker_style(b.label)))
            process_list_item(b);
          else process_paragraph(b.text, false);
          break;
      }
    }
  }

  // "Arrêté … portant organisation de la direction générale des outre-mer": the unit a text
  // organises is the first singular unit after an organisation cue of its title; plural mentions
  // ("organisant en bureaux les sous-directions de …") are what it is organised into. A title that
  // organises several ("du secrétariat général et des directions …") or an administration
  // centrale names no single top unit. Returns whether one was found.
  bool find_title_unit(const std::string& text) {
    auto toks = lex(text);
    size_t n = toks.size(), i = 0;
    const auto& cues = lexicon().organised_unit_cues();
    while (i < n && std::find(cues.begin(), cues.end(), toks[i].l) == cues.end()) ++i;
    for (++i; i < n; ++i) {
      auto m = parse_mention(text, toks, i, n, false);
      if (!m) continue;
      if (m->plural) {
        i = std::max(i, m->type_tok);  // "des sous-directions de la direction X": X follows
        continue;
      }
      if (m->end < n && toks[m->end].f == "et") return false;
      int idx = resolve_or_create(*m, true);
      if (idx < 0) return false;
      title_top_ = doc_top_ = idx;
      current_ = idx;
      return true;
    }
    return false;
  }

  void process_heading(const Block& b) {
    int level = b.level;
    while (!heading_owners_.empty() && heading_owners_.back().first >= level) heading_owners_.pop_back();
    while (!heading_path_.empty() && heading_path_.back().first >= level) heading_path_.pop_back();
    std::string label = b.text.empty() ? b.label : b.text;
    heading_path_.emplace_back(level, label);
    last_passage_open_ = false;
    bool section_marker = level >= 3 && b.text.empty();
    // "comprend six bureaux :" then "1. Le bureau des relations avec la presse :" as headings: a
    // heading that names a unit while a list is open is its next item.
    // Only a list whose items are such lines: after "• …" items, a heading starts a new part.
    std::optional<Mention> item;
    if (!section_marker && takes_line_items()) {
      auto toks = lex(b.text);
      item = parse_mention(b.text, toks, 0, toks.size(), true);
      if (item && (item->plural || item->demonstrative || item->bare)) item.reset();
    }
    if (item) {
      while (!heading_owners_.empty() && heading_owners_.back().first >= level) heading_owners_.pop_back();
      int idx = resolve_or_create(*item, true, false, frames_.back().composer);
      if (idx >= 0) {
        frames_.back().style = kLineItems;
        list_header_ = frames_.back().header;
        set_parent(idx, frames_.back().composer);
        heading_owners_.emplace_back(level, idx);
        current_ = idx;
        return;
      }
    }
    if (!section_marker) frames_.clear();
    if (level == 1) {
      organising_ = kOrgOwner;
    }
    if (first_block_ && level == 1 && find_title_unit(b.text)) {
      heading_owners_.emplace_back(level, title_top_);
      return;
    }
    // A heading that names no unit ("Article 3") is owned by the unit the text organises, if any.
    int owner = heading_owners_.empty() ? (title_top_ >= 0 ? title_top_ : kOrgOwner) : heading_owners_.back().second;
    if (section_marker) {
      // A roman section marker ("II. ―") keeps the current unit.
      heading_owners_.emplace_back(level, current_);
      return;
    }
    auto toks = lex(b.text);
    if (match_org(toks, 0, toks.size())) {
      owner = kOrgOwner;
    } else if (auto m = parse_mention(b.text, toks, 0, toks.size(), true); m && !m->plural && !m->demonstrative) {
      int idx = resolve_or_create(*m, true);
      if (idx >= 0) owner = idx;
    } else if (auto m2 = parse_mention(b.text, toks, 0, toks.size(), true); m2 && m2->plural) {
      owner = kOrgOwner;  // "Les cellules": a group heading, owned by the org until a unit is named
    }
    heading_owners_.emplace_back(level, owner);
    current_ = owner;
  }

  // "1°" -> "1°", "12" -> "1", "a" -> "a", "IV" -> "I", "B" -> "A", "" (a dash) -> "-".
  static std::string marker_style(const std::string& label) {
    if (label.empty()) return "-";
    unsigned char c = static_cast<unsigned char>(label[0]);
    bool roman = label.find_first_not_of("IVXLC") == std::string::npos;
    if (c >= '0' && c <= '9') return label.find("\u00B0") != std::string::npos ? "1°" : "1";
    if (roman && label.size() >= 1 && label != "C" && label != "L") return "I";
    if (c >= 'A' && c <= 'Z') return "A";
    if (c >= 'a' && c <= 'z') return "a";
    return label;
  }

  // The list a new item belongs to, by its marker style; nullptr when no list is open.
  ListFrame* frame_for(const std::string& style) {
    if (frames_.empty()) return nullptr;
    if (frames_.back().style.empty()) {
      frames_.back().style = style;
      return &frames_.back();
    }
    if (frames_.back().style == style) return &frames_.back();
    for (size_t k = frames_.size(); k-- > 0;) {
      if (frames_[k].style == style) {
        frames_.resize(k + 1);
        return &frames_.back();
      }
    }
    // Deeper items that no sentence announced (missions under an item): the innermost list's.
    return &frames_.back();
  }

  // The style of a list whose items are headings or lines of their own.
  static constexpr const char* kLineItems = "line";
  bool takes_line_items() const { return line_frame() >= 0; }
  // The innermost open list that takes line items: it has none yet, or only such lines. A list a
  // line item announced itself ("Le département X, constitué : - du pôle …") may lie above it.
  int line_frame() const {
    for (size_t k = frames_.size(); k-- > 0;) {
      if (frames_[k].style.empty() || frames_[k].style == kLineItems) return static_cast<int>(k);
    }
    return -1;
  }
  // Makes the line-item list innermost and returns it. REQUIRES: takes_line_items().
  ListFrame& use_line_frame() {
    frames_.resize(static_cast<size_t>(line_frame()) + 1);
    frames_.back().style = kLineItems;
    return frames_.back();
  }

  void open_list(int composer) {
    if (!in_item_) frames_.clear();
    frames_.push_back({composer, "", clip(sentence_text_)});
  }
  std::string sentence_text_;  // the sentence whose relations are being read

  // A unit mention that opens a list item, "De la direction X, qui comprend :" included.
  std::optional<Mention> item_mention(const std::string& text, const std::vector<Lex>& toks) {
    size_t k = 0;
    // Genitive items after "est composée :" or "constituée par :": "― du bureau …", "De la direction …".
    if (k + 1 < toks.size() && (toks[k].f == "de" || toks[k].f == "d'") && articles().count(toks[k + 1].f)) ++k;
    auto m = parse_mention(text, toks, k, toks.size(), true);
    if (!m || (m->plural && m->bare) || m->demonstrative) return std::nullopt;
    bool complete = m->end >= toks.size() || toks[m->end].kind == Kind::kPunct || is_verb(toks[m->end]) ||
                    lexicon().is(WordClass::kRelative, toks[m->end].l) || lexicon().is(WordClass::kChargeWord, toks[m->end].l) ||
                    toks[m->end].f == "et" || !m->bare;
    if (!complete) return std::nullopt;
    return m;
  }

  // "― le département A ; le département B ; …", "1. L'inspection générale …, le haut
  // fonctionnaire de défense et le bureau du cabinet.": one item listing several units, each
  // after a separator from `from` on, becomes `composer`'s. After a comma or "et", only an
  // entry of a plain enumeration counts: a whole name (it runs to the next separator), not
  // introduced by "de"/"du"/"des" ("…, de la tutelle … et du secrétariat du comité"), with
  // nothing but plain entries since the last unit ("le bureau X, chargé des relations avec … et
  // la mission Y" adds nothing).
  void add_listed_units(const std::string& text, const std::vector<Lex>& toks, size_t from, int composer) {
    auto separator = [&](size_t k) {
      return is_punct(toks[k], ";") || is_punct(toks[k], ",") || is_punct(toks[k], ".") || toks[k].f == "et";
    };
    const std::unordered_set<std::string>& genitives = folded(WordClass::kGenitive);
    // [a, b) holds only separators and plain noun phrases: no verb, participle or charge word,
    // no entry opened by a preposition.
    auto plain = [&](size_t a, size_t b) {
      bool entry_start = true;
      for (size_t j = a; j < b; ++j) {
        if (separator(j)) {
          entry_start = true;
          continue;
        }
        if (toks[j].kind != Kind::kWord) return false;
        if (entry_start && prepositions().count(toks[j].f)) return false;
        entry_start = false;
        if (is_verb(toks[j]) || lexicon().is(WordClass::kChargeWord, toks[j].l)) return false;
        WordAnalysis a = morphology().analyse(toks[j].text);
        if (a.past_participle || a.present_participle) return false;
      }
      return true;
    };
    size_t last_end = from;
    for (size_t k = from; k + 1 < toks.size(); ++k) {
      if (!separator(k)) continue;
      bool semicolon = is_punct(toks[k], ";");
      if (!semicolon && (genitives.count(toks[k + 1].f) || !plain(last_end, k))) continue;
      auto more = parse_mention(text, toks, k + 1, toks.size(), false);
      if (!more || more->plural || more->bare || more->demonstrative) continue;
      bool whole = more->end >= toks.size() || separator(more->end);
      if (!semicolon && !whole) continue;
      int sibling = resolve_or_create(*more, true, false, composer);
      if (sibling >= 0) set_parent(sibling, composer);
      last_end = more->end;
    }
  }

  void process_list_item(const Block& b) {
    auto toks = lex(b.text);
    ListFrame* frame = frame_for(marker_style(b.label));
    if (frame) {
      int composer = frame->composer;
      list_header_ = frame->header;
      sentence_text_ = b.text;
      if (auto m = item_mention(b.text, toks)) {
        int idx = resolve_or_create(*m, true, false, composer);
        if (idx >= 0) {
          set_parent(idx, composer);
          current_ = idx;
          last_passage_open_ = false;
          add_passage(idx, b.text, false);
          last_passage_open_ = true;
          // "…, qui comprend :" announces the item's own list.
          Subject subj;
          subj.kind = Subject::kUnit;
          subj.unit = idx;
          subj.end = m->end;
          in_item_ = true;
          find_relations(b.text, toks, 0, toks.size(), subj);
          in_item_ = false;
          add_listed_units(b.text, toks, m->end, composer);
          return;
        }
      }
      // "1. Le Conseil général des mines, …, le haut fonctionnaire de défense et le bureau du
      // cabinet.": an item whose first entry is no unit may list units after it.
      // Only an item that opens with a named body ("Le Conseil …"), not a mission ("De la …").
      bool opens_with_name = toks.size() > 1 && articles().count(toks[0].f) &&
                             toks[1].kind == Kind::kWord && std::isupper(static_cast<unsigned char>(toks[1].text[0]));
      if (opens_with_name && !is_punct(toks.back(), ":")) add_listed_units(b.text, toks, 0, composer);
      // "1° Relevant directement de la direction centrale :": a header of a nested list.
      Subject none;
      in_item_ = true;
      size_t frames_before = frames_.size();
      find_relations(b.text, toks, 0, toks.size(), none);
      in_item_ = false;
      add_passage(frames_.size() > frames_before ? frames_.back().composer : composer, b.text, true);
      return;
    }
    process_paragraph(b.text, true);
  }

  // Subject of the sentence [s, e): returns the owner, or nullopt when the sentence has none.
  struct Subject {
    enum Kind { kNone, kPronoun, kUnit, kOrg, kGroup } kind = kNone;
    int unit = kOrgOwner;
    size_t end = 0;  // token after the subject
  };

  // "Le sceau de France est rattaché au bureau du droit des personnes. Il exerce …": a unit the
  // lexicon has no type word for. A singular definite noun phrase opening the sentence (a
  // dictionary noun and its qualifier "de …", at most seven tokens with no verb or punctuation)
  // is a unit when the sentence attaches it to another ("est rattaché au", "relève de")
  // and the next sentence speaks of it ("Il …", "Elle …"): attached and with missions of its own,
  // it is organised like a unit. Its type is its head noun. Roles ("le directeur") and units with
  // a type word are read before this.
  std::optional<Mention> attached_unnamed_type(const std::string& text, const std::vector<Lex>& t, size_t s, size_t e) const {
    if (s + 3 >= e || !(t[s].f == "le" || t[s].f == "la" || t[s].f == "l'")) return std::nullopt;
    const Lex& head = t[s + 1];
    if (head.kind != Kind::kWord || type_words().count(head.f)) return std::nullopt;
    WordAnalysis a = morphology().analyse(head.text);
    if (!a.noun || a.finite_verb || a.function_word) return std::nullopt;
    size_t k = s + 2;
    if (!genitive_at(t, k, e)) return std::nullopt;
    bool opens = false;
    for (; k < e && k <= s + 7; ++k) {
      if (t[k].kind != Kind::kWord) return std::nullopt;
      size_t at = k;
      if (is_verb(t[at]) && at + 1 < e && !attachment_at(t, s, at, e, &opens)) ++at;  // "est rattaché"
      if (at + 1 < e && t[at].f == "directement") ++at;
      if (attachment_at(t, s, at, e, &opens) && !opens && k > s + 2) break;
      if (is_verb(t[k])) return std::nullopt;
    }
    if (k >= e || k > s + 7) return std::nullopt;
    // The next sentence must speak of it.
    size_t next = e;
    while (next < t.size() && t[next].kind != Kind::kWord) ++next;
    if (next >= t.size() || !(t[next].f == "il" || t[next].f == "elle")) return std::nullopt;
    Mention m;
    m.article = s;
    m.type_tok = s + 1;
    m.end = k;
    m.type = unicode::lower(head.text);
    m.name = lower_first(unicode::nfc(span_text(text, t, s + 1, k)));
    return m;
  }

  Subject find_subject(const std::string& text, const std::vector<Lex>& t, size_t s, size_t e, bool list_item) {
    auto at = [&](size_t i) -> Subject {
      Subject subj;
      if (i >= e) return subj;
      const std::string& w = t[i].f;
      if (w == "il" || w == "elle" || w == "ils" || w == "elles" || w == "celui-ci" || w == "celle-ci" || w == "son" ||
          w == "sa" || w == "ses" || w == "ceux-ci" || w == "celles-ci") {
        subj.kind = Subject::kPronoun;
        subj.end = i + 1;
        return subj;
      }
      if (size_t oe = match_org_itself(t, i, e)) {
        subj.kind = Subject::kOrg;
        subj.end = oe;
        return subj;
      }
      if (size_t oe = match_org(t, i, e)) {
        // Where the org is the unit the text organises ("La direction générale des outre-mer est
        // composée …" in its own arrêté), the sentence speaks of that unit.
        subj.kind = title_top_ >= 0 ? Subject::kUnit : Subject::kOrg;
        subj.unit = title_top_ >= 0 ? title_top_ : kOrgOwner;
        subj.end = oe;
        return subj;
      }
      size_t role_end = 0;
      if (auto r = match_role(t, i, e, &role_end)) {
        subj.kind = Subject::kUnit;
        subj.unit = *r;
        subj.end = role_end;
        return subj;
      }
      auto m = parse_mention(text, t, i, e, list_item && i == s);
      if (!m && i == s) m = attached_unnamed_type(text, t, s, e);
      if (!m) {
        // "La direction des affaires juridiques (DAJ) … La DAJ élabore …".
        if (auto [unit, after] = unit_by_acronym(t, i, e); unit >= 0) {
          subj.kind = Subject::kUnit;
          subj.unit = unit;
          subj.end = after;
        }
        return subj;
      }
      if (m->demonstrative) {
        subj.kind = Subject::kPronoun;
        subj.end = m->end;
        return subj;
      }
      if (m->plural) {
        subj.kind = Subject::kGroup;
        subj.end = m->end;
        return subj;
      }
      // A declaration needs the name to end cleanly: a verb, punctuation or the end.
      bool clean_end = m->end >= e || t[m->end].kind == Kind::kPunct || is_verb_before(t, m->end, e) ||
                       t[m->end].f == "et" || t[m->end].f == "charge" || t[m->end].f == "chargee" ||
                       t[m->end].f == "n'" || t[m->end].f == "ne" || t[m->end].f == "s'" || t[m->end].f == "se";
      if (m->bare && !clean_end) return subj;
      size_t units_before = tree_.units.size();
      int idx = resolve_or_create(*m, clean_end || !m->bare);
      if (idx < 0) return subj;
      if (tree_.units.size() > units_before && announced_.composer != -2 && m->type == announced_.type)
        set_parent(idx, announced_.composer, announced_.evidence);
      subj.kind = Subject::kUnit;
      subj.unit = idx;
      subj.end = m->end;
      return subj;
    };
    // "Outre A et B, l'administration centrale comprend : …": the subject is after the last comma
    // before the verb, and A and B are its parts too.
    if (lexicon().is(WordClass::kCompositionOpener, t[s].l)) {
      bool organised = false, need_type = false;
      size_t verb = s + 1;
      while (verb < e && !match_composition(t, s, verb, e, &organised, &need_type)) ++verb;
      size_t comma = verb < e ? verb : s;  // no composition verb: not this frame
      while (comma > s && !is_punct(t[comma], ",")) --comma;
      if (verb < e && comma > s) {
        Subject composer = at(comma + 1);
        if (composer.kind == Subject::kUnit || composer.kind == Subject::kOrg) {
          parse_inline_children(text, t, s + 1, comma, composer.kind == Subject::kUnit ? composer.unit : kOrgOwner);
          return composer;
        }
      }
    }
    Subject subj = at(s);
    if (subj.kind != Subject::kNone) return subj;
    if (t[s].kind == Kind::kWord && is_verb(t[s])) return subj;  // "Sont rattachés au directeur, …"
    // "En liaison avec …, le secrétariat …": the subject follows a leading phrase.
    size_t depth_quote = 0;
    // "A cet effet, notamment, elle …": up to three leading phrases.
    int commas = 0;
    for (size_t i = s; i < e && i < s + 40 && commas < 3; ++i) {
      if (t[i].kind == Kind::kQuote) depth_quote ^= 1;
      if (depth_quote == 0 && is_punct(t[i], ",")) {
        ++commas;
        Subject after = at(i + 1);
        if (after.kind != Subject::kNone) return after;
      }
    }
    return subj;
  }

  // Finds the unit referred to after "à", "au", "auprès du" at position i.
  std::pair<int, size_t> parse_reference(const std::string& text, const std::vector<Lex>& t, size_t i, size_t e) {
    size_t k = i;
    if (k < e && t[k].f == "aupres") ++k;
    if (k < e && (t[k].f == "a" || t[k].f == "de")) ++k;
    if (k < e && (t[k].f == "au" || t[k].f == "du" || t[k].f == "aux")) {
      // contraction acts as the article
    }
    size_t role_end = 0;
    if (auto r = match_role(t, k, e, &role_end)) return {*r, role_end};
    if (size_t oe = match_org(t, k, e)) return {kOrgOwner, oe};
    if (auto [unit, after] = unit_by_acronym(t, k, e); unit >= 0) return {unit, after};
    if (auto m = parse_mention(text, t, k, e, false); m && !m->plural) {
      int idx = resolve(*m);
      if (idx >= 0) return {idx, m->end};
      return {-2, m->end};
    }
    return {-2, k};
  }

  size_t match_attachment(const std::vector<Lex>& t, size_t s, size_t i, size_t e, bool* opens) const {
    return attachment_at(t, s, i, e, opens);
  }

  // A composition frame of the lexicon at token i, by the verb's lemma ("comprennent",
  // "composée de", "se compose de", "organisée comme suit"): the first object token, or 0.
  size_t match_composition(const std::vector<Lex>& t, size_t s, size_t i, size_t e, bool* organised, bool* need_type) const {
    if (t[i].kind != Kind::kWord) return 0;
    WordAnalysis a = morphology().analyse(t[i].text);
    if (a.verb_lemmas.empty()) return 0;
    for (const auto& f : lexicon().composition_frames()) {
      if (std::find(a.verb_lemmas.begin(), a.verb_lemmas.end(), f.lemma) == a.verb_lemmas.end()) continue;
      if (f.participle ? !a.past_participle : !(a.finite_verb || a.present_participle)) continue;
      if (f.reflexive && !(i > s && (t[i - 1].f == "se" || t[i - 1].f == "s'"))) continue;
      size_t after = match_any(t, i + 1, e, f.then);
      if (!after) continue;
      *organised = f.lemma == "organiser";
      *need_type = f.objects_need_type;
      size_t objects = i + 1;
      if (objects < e && (t[objects].l == "de" || t[objects].l == "d'" || t[objects].l == "par")) ++objects;
      return objects;
    }
    return 0;
  }

  // "Le bureau A et le bureau B sont rattachés au cabinet": the units coordinated with the subject
  // (from `k`, the subject's end, up to the verb before the attachment word at `verb_end`) are
  // attached to `parent` too. Only a plain coordination qualifies: a relative or an incise
  // ("A, créé auprès de B, est rattaché …") does not name co-subjects.
  void attach_co_subjects(const std::string& text, const std::vector<Lex>& t, size_t k, size_t verb_end, int parent) {
    size_t start = k;
    std::vector<Mention> co;
    while (k + 1 < verb_end && (t[k].f == "et" || is_punct(t[k], ","))) {
      auto m = parse_mention(text, t, k + 1, verb_end, false);
      if (!m || m->plural || m->demonstrative) return;
      k = m->end;
      co.push_back(std::move(*m));
    }
    // Between the last co-subject and the attachment word: the verb, and adverbs ("directement").
    for (size_t j = k; j < verb_end; ++j)
      if (t[j].kind != Kind::kWord || !(is_verb(t[j]) || t[j].f == "directement")) return;
    for (const Mention& m : co) {
      int idx = resolve_or_create(m, true, false, parent >= 0 ? parent : kAnyParent);
      if (idx >= 0) set_parent(idx, parent, span_text(text, t, start, verb_end));
    }
  }

  // Parses "A, B et C" after a composition verb; each unit mention becomes a child of `parent`.
  void parse_inline_children(const std::string& text, const std::vector<Lex>& t, size_t k, size_t e, int parent) {
    while (k < e) {
      if (t[k].kind == Kind::kPunct || t[k].f == "et" || t[k].f == "ainsi") {
        ++k;
        continue;
      }
      // "la sous-direction X, à laquelle est rattaché le service Y": Y is X's.
      if (last_unit_in_sentence_ >= 0 && k + 2 < e) {
        size_t r = k;
        if (t[r].l == "à" && r + 1 < e && lexicon().is(WordClass::kRelative, "à " + t[r + 1].l)) ++r;
        if (lexicon().is(WordClass::kRelative, t[r].l) && r + 2 < e && is_verb(t[r + 1]) && is_attachment_word(t[r + 2])) {
          int owner = last_unit_in_sentence_;
          parse_inline_children(text, t, r + 3, e, owner);
          return;
        }
      }
      // "… et de la sous-direction B": the composition's preposition before the next unit.
      if (t[k].f == "de" && !coordinated_type_at(t, k, e).empty()) ++k;
      // "comprend également le pôle A", "comprend en outre la mission B": adverbs before a unit.
      std::optional<Mention> m;
      if (size_t past = adverbs_end(t, k, e); past > k && (m = parse_mention(text, t, past, e, false))) k = past;
      else m = parse_mention(text, t, k, e, false);
      if (m && !m->plural && !m->demonstrative) {
        int idx = resolve_or_create(*m, true, false, parent >= 0 ? parent : kAnyParent);
        if (idx >= 0 && parent != kNoParent) set_parent(idx, parent);
        if (idx >= 0) last_unit_in_sentence_ = idx;
        k = std::max(m->end, k + 1);
        continue;
      }
      // Skip to the next separator ("trois services : le service …" goes on after the colon).
      while (k < e && !is_punct(t[k], ",") && !is_punct(t[k], ";") && !is_punct(t[k], ":") && t[k].f != "et") ++k;
    }
  }

  // Relations stated by a sentence: composition and attachment. Returns the owner that list
  // items announced by this sentence will have (through open_list).
  void find_relations(const std::string& text, const std::vector<Lex>& t, size_t s, size_t e, const Subject& subj) {
    if (!in_item_) sentence_text_ = span_text(text, t, s, e);
    if (!in_item_) list_header_.clear();
    bool ends_with_colon = e > s && is_punct(t[e - 1], ":");
    int composer = subj.kind == Subject::kUnit ? subj.unit : (subj.kind == Subject::kOrg ? kOrgOwner : -2);
    if (subj.kind == Subject::kPronoun && current_ != -2) composer = current_;
    for (size_t i = std::max(s, subj.end); i < e; ++i) {
      const std::string& w = t[i].f;
      size_t objects = 0;
      bool organised = false, need_type = false, opens = false;
      // "La cellule de conseil … lui est rattachée.": attached to the unit the sentence before spoke of.
      if (i >= s + 2 && subj.kind == Subject::kUnit && lexicon().is(WordClass::kObjectPronoun, t[i - 2].l) &&
          is_verb(t[i - 1]) && is_attachment_word(t[i]) && current_ >= 0 && current_ != subj.unit) {
        set_parent(subj.unit, current_, span_text(text, t, s, e));
        // "L'observatoire de l'énergie et l'observatoire des matières premières lui sont rattachés."
        attach_co_subjects(text, t, subj.end, i - 2, current_);
        return;
      }
      size_t ref = match_attachment(t, s, i, e, &opens);
      if (ref) {
        auto [target, after] = parse_reference(text, t, ref, e);
        bool inverted = t[s].f == "est" || t[s].f == "sont" || (i > s && t[s].f == "directement");
        // "La cellule … lui est rattachée": the unit the previous sentence spoke of.
        bool object_pronoun = i >= s + 2 && lexicon().is(WordClass::kObjectPronoun, t[i - 2].l) && is_verb(t[i - 1]);
        // "…, à laquelle est rattaché le service Y": the unit named just before the relative.
        bool relative = i >= s + 2 && is_verb(t[i - 1]) &&
                        (lexicon().is(WordClass::kRelative, t[i - 2].l) ||
                         (i >= s + 3 && lexicon().is(WordClass::kRelative, t[i - 3].l + " " + t[i - 2].l)));
        if (relative && last_unit_in_sentence_ >= 0) {
          parse_inline_children(text, t, i + 1, e, last_unit_in_sentence_);
          return;
        }
        if (object_pronoun && subj.kind == Subject::kUnit && current_ >= 0 && current_ != subj.unit) {
          set_parent(subj.unit, current_, span_text(text, t, s, e));
          attach_co_subjects(text, t, subj.end, i - 2, current_);
          return;
        }
        if (target == -2) {
          if (inverted) parse_inline_children(text, t, ref, e, kNoParent);
          continue;
        }
        if (opens) {
          // "Auprès du directeur est placée une cellule …": the units after the verb.
          size_t k = after;
          while (k < e && t[k].kind == Kind::kWord && (is_verb(t[k]) || morphology().analyse(t[k].text).past_participle)) ++k;
          if (ends_with_colon && k + 1 >= e) open_list(target);
          else parse_inline_children(text, t, k, e, target);
          return;
        }
        if (inverted || subj.kind == Subject::kNone || subj.kind == Subject::kGroup) {
          // "Sont directement rattachés au directeur : …" / "1° Relevant de la direction centrale :"
          if (ends_with_colon && after + 1 >= e) {
            open_list(target);
          } else {
            parse_inline_children(text, t, after, e, target);
          }
        } else if (subj.kind == Subject::kUnit) {
          set_parent(subj.unit, target, span_text(text, t, s, e));
          attach_co_subjects(text, t, subj.end, i, target);
        }
        return;
      }
      objects = match_composition(t, s, i, e, &organised, &need_type);
      (void)w;
      // "anime le réseau documentaire": a verb that composes only when its object is a unit.
      if (objects && need_type && !ends_with_colon) {
        auto m = parse_mention(text, t, objects, e, false);
        if (!m || m->plural) objects = 0;
      }
      if (!objects) continue;
      if (composer == -2) {
        if (!in_item_) frames_.clear();
        return;
      }
      if (organised) {
        organising_ = composer >= 0 ? composer : organising_;
        if (composer >= 0) open_list(composer);
        return;
      }
      if (need_type && !ends_with_colon) {
        // "dirige le service de presse": only unit mentions are objects of such a verb.
        parse_inline_children(text, t, objects, e, composer);
        return;
      }
      // "comprend, outre A et B qui sont rattachés au ministre : a) …": A and B are the composer's too.
      if (objects + 1 < e && is_punct(t[objects], ",") && lexicon().is(WordClass::kCompositionOpener, t[objects + 1].l)) {
        size_t close = objects + 2;
        while (close < e && !is_punct(t[close], ":") && !(is_punct(t[close], ",") && close + 1 < e && articles().count(t[close + 1].f) == 0 &&
                                                            t[close + 1].kind != Kind::kWord))
          ++close;
        parse_inline_children(text, t, objects + 2, close, composer);
        objects = close;
      }
      // "comprend un bureau X et un centre Y, composé de deux divisions :": the last unit named
      // announces the list.
      size_t second = 0;
      for (size_t k = objects + 1; k + 1 < e && !second; ++k) {
        bool o = false, n = false;
        if (is_punct(t[k - 1], ",") && morphology().analyse(t[k].text).past_participle && match_composition(t, s, k, e, &o, &n))
          second = k;
      }
      size_t objects_end = second ? second - 1 : e;
      // "est composé de trois unités.": units of that type declared next belong to the composer.
      if (objects + 2 <= objects_end && lexicon().is(WordClass::kNumeral, t[objects].l) && is_type_at(t, objects + 1, e) &&
          type_words().at(t[objects + 1].f).plural && !ends_with_colon) {
        announced_ = {composer, type_words().at(t[objects + 1].f).type, span_text(text, t, s, e)};
      }
      if (ends_with_colon && objects + 1 >= objects_end && !second) {
        open_list(composer);
      } else {
        last_unit_in_sentence_ = -2;
        parse_inline_children(text, t, objects, objects_end, composer);
        if (second && last_unit_in_sentence_ >= 0) {
          int inner = last_unit_in_sentence_;
          bool o = false, n = false;
          size_t inner_objects = match_composition(t, s, second, e, &o, &n);
          if (ends_with_colon) open_list(inner);
          else parse_inline_children(text, t, inner_objects, e, inner);
          if (ends_with_colon) frames_.insert(frames_.end() - 1, {composer, "", clip(sentence_text_)});
        } else if (ends_with_colon) {
          open_list(composer);
        }
      }
      return;
    }
  }

  char gender_of(int unit) const {
    if (unit < 0) return 0;
    const UnitType* t = lexicon().unit_type(tree_.units[static_cast<size_t>(unit)].type);
    return t ? t->gender : 0;
  }

  // The unit a pronoun opening the paragraph after a list speaks of. The last item, as a rule
  // ("― le bureau X." then "Il est chargé …"); a unit that announced a list when the pronoun
  // does not agree with the item, or when the sentence goes on composing ("Elle comprend en
  // outre : …"), the outermost such unit first.
  int pronoun_after_list(const std::vector<Lex>& t, size_t s, size_t e) const {
    char g = t[s].f == "il" || t[s].f == "ils" ? 'm' : (t[s].f == "elle" || t[s].f == "elles" ? 'f' : 0);
    bool composes_more = false;
    for (size_t i = s; i + 1 < e; ++i) {
      bool o = false, n = false;
      if (match_composition(t, s, i, e, &o, &n)) {
        for (size_t j = i + 1; j < e && j < i + 4; ++j)
          if (lexicon().is(WordClass::kCompositionOpener, t[j].l)) composes_more = true;
        break;
      }
    }
    bool item_agrees = !g || gender_of(current_) == g;
    if (item_agrees && !composes_more) return current_;
    for (const auto& f : frames_)
      if (!g || gender_of(f.composer) == g) return f.composer;
    return current_;
  }

  static bool is_attachment_word(const Lex& x) {
    for (const auto& f : lexicon().attachment_frames())
      if (!f.opens_sentence && std::find(f.words.begin(), f.words.end(), x.l) != f.words.end()) return true;
    return false;
  }

  // "est composé de trois unités." with no list: the next units of that type declared as sentence
  // subjects are the composer's.
  struct Announced {
    int composer = -2;
    std::string type;
    std::string evidence;
  } announced_;

  void process_paragraph(const std::string& text, bool list_item) {
    auto toks = lex(text);
    auto sentences = split_sentences(toks);
    std::string buffer;
    int buffer_owner = -2;
    auto flush = [&]() {
      if (buffer_owner != -2 && !buffer.empty()) add_passage(buffer_owner, buffer, list_item);
      buffer.clear();
      buffer_owner = -2;
    };
    bool first = true;
    for (auto [s, e] : sentences) {
      if (s >= e) continue;
      Subject subj = find_subject(text, toks, s, e, list_item);
      // "comprend trois bureaux :" then "Le bureau A/1. - Politique générale du personnel" alone on
      // its line: a paragraph that only names a unit is the next item of the open list.
      // "Le département des études économiques, constitué :" on its line announces its own list.
      bool announces = false;
      if (subj.kind == Subject::kUnit && e > s && is_punct(toks[e - 1], ":")) {
        size_t k = subj.end;
        if (k < e && is_punct(toks[k], ",")) ++k;
        if (k < e && lexicon().is(WordClass::kRelative, toks[k].l)) ++k;
        bool o = false, n = false;
        announces = k < e && match_composition(toks, s, k, e, &o, &n) && match_composition(toks, s, k, e, &o, &n) + 1 >= e - 1;
      }
      bool names_only = subj.kind == Subject::kUnit && takes_line_items() && sentences.size() == 1 &&
                        (announces || std::all_of(toks.begin() + static_cast<long>(std::min(subj.end, e)),
                                                  toks.begin() + static_cast<long>(e), [](const Lex& x) { return x.kind == Kind::kPunct; }));
      bool nested_list = false;
      if (names_only && frames_[static_cast<size_t>(line_frame())].composer != subj.unit) {
        ListFrame& frame = use_line_frame();
        list_header_ = frame.header;
        set_parent(subj.unit, frame.composer);
        nested_list = announces;
      } else if (first && subj.kind != Subject::kPronoun && subj.kind != Subject::kNone) {
        frames_.clear();  // a new explicit subject ends any announced list
      }
      if (first && subj.kind == Subject::kNone && !list_item) {
        // A paragraph with no subject and no pronoun keeps the current unit; lists stay open only
        // through pronoun paragraphs.
        bool inverted = toks[s].f == "est" || toks[s].f == "sont";
        if (inverted) frames_.clear();
      }
      // "La direction générale … est composée : 1° … ― … Elle comprend en outre : …": after a list,
      // a pronoun speaks of the unit that announced it, not of the last item.
      if (first && subj.kind == Subject::kPronoun && !list_item && after_items_ && !frames_.empty())
        current_ = pronoun_after_list(toks, s, e);
      // A paragraph whose subject is a noun phrase that names no known unit ("La commission X
      // rédige …") belongs to its heading's (or article's) unit, never silently to the unit the
      // paragraph before spoke of. Adverbial openings ("A cet effet, …") and inverted verbs
      // ("Est rattachée …") still continue it.
      if (first && subj.kind == Subject::kNone && !list_item && !heading_owners_.empty() && s < e &&
          articles().count(toks[s].f) && !match_org(toks, s, e))
        current_ = owner_of_section();
      // "Le bureau des préfectures anime le réseau. Elle assure en outre …": a pronoun whose
      // gender the current unit's type does not have speaks of the nearest unit above it that
      // has it (the bureau's sous-direction). Nothing changes when no unit above agrees.
      if (subj.kind == Subject::kPronoun && subj.end == s + 1 && current_ >= 0 &&
          (toks[s].f == "il" || toks[s].f == "elle"))
        current_ = agreeing_unit(current_, toks[s].f == "elle" ? 'f' : 'm');
      first = false;
      int owner = current_;
      if (subj.kind == Subject::kUnit) owner = subj.unit;
      if (subj.kind == Subject::kOrg) owner = kOrgOwner;
      last_unit_in_sentence_ = subj.kind == Subject::kUnit ? subj.unit : -2;
      if (nested_list) in_item_ = true;
      find_relations(text, toks, s, e, subj);
      in_item_ = false;
      std::string sentence = span_text(text, toks, s, e);
      if (owner != buffer_owner) flush();
      buffer_owner = owner;
      if (!buffer.empty()) buffer += " ";
      buffer += sentence;
      current_ = owner;
    }
    flush();
  }

  void finish() {
    for (size_t i = 0; i < tree_.units.size(); ++i) {
      UnitMeta& um = meta_[i];
      if (um.parent_known) continue;
      // No sentence states this parent: the unit the text organises, or the one above it by type.
      tree_.units[i].parent_source = "inferred";
      if (um.implicit_parent >= 0 && !would_cycle(static_cast<int>(i), um.implicit_parent))
        tree_.units[i].parent_id = tree_.units[static_cast<size_t>(um.implicit_parent)].id;
    }
  }
};

}  // namespace

std::string slugify(const std::string& text) {
  std::string folded = unicode::fold(text);
  std::string out;
  bool dash = false;
  for (char c : folded) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (alnum) {
      if (dash && !out.empty()) out.push_back('-');
      out.push_back(c);
      dash = false;
    } else {
      dash = true;
    }
    if (out.size() >= 80) break;
  }
  return out.empty() ? "unit" : out;
}

OrgTree extract_structure(const std::vector<ParsedDocument>& documents) { return Extractor().run(documents); }

std::vector<std::string> document_ids(const std::vector<DocumentInfo>& documents) {
  std::vector<std::string> ids;
  std::set<std::string> seen;
  for (const auto& info : documents) {
    std::string id = std::filesystem::path(info.file).replace_extension().string();
    std::replace(id.begin(), id.end(), '/', ':');
    if (!seen.insert(id).second) id = info.file;
    ids.push_back(id);
  }
  return ids;
}

namespace {

// Reads the manifest's documents in order and hands each parsed one to `use` while none has
// failed; the rest are still read so that the CorpusError thrown at the end lists every bad file.
void read_corpus(const std::string& corpus_dir, const std::function<void(ParsedDocument&&)>& use) {
  Manifest manifest = read_manifest(corpus_dir);
  std::vector<std::string> problems;
  std::vector<std::string> ids = document_ids(manifest.documents);
  for (size_t i = 0; i < manifest.documents.size(); ++i) {
    const DocumentInfo& info = manifest.documents[i];
    try {
      std::string text = read_document((std::filesystem::path(corpus_dir) / info.file).string(), info.file);
      if (!problems.empty()) continue;
      ParsedDocument d;
      d.info = info;
      d.doc_id = ids[i];
      d.blocks = parse_blocks(text);
      use(std::move(d));
    } catch (const CorpusError& e) {
      problems.push_back(e.what());
    }
  }
  if (!problems.empty()) {
    std::string msg = "the corpus in " + corpus_dir + " has " + std::to_string(problems.size()) + " bad document(s):";
    for (const auto& p : problems) msg += "\n  " + p;
    throw CorpusError(msg);
  }
}

}  // namespace

OrgTree load_corpus(const std::string& corpus_dir) {
  std::vector<ParsedDocument> docs;
  read_corpus(corpus_dir, [&](ParsedDocument&& d) { docs.push_back(std::move(d)); });
  return extract_structure(docs);
}

OrgTree load_corpus_streaming(const std::string& corpus_dir, const std::function<void(Passage&&)>& sink) {
  Extractor extractor;
  extractor.set_sink(sink);
  read_corpus(corpus_dir, [&](ParsedDocument&& d) { extractor.add(d); });
  return extractor.finish_streaming();
}

}  // namespace quifait
