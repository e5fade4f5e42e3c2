// quifait: the one French text-analysis pipeline, shared by indexing and querying.
//
// FrenchAnalyzer turns UTF-8 text into tokens:
//   1. words are runs of letters/digits (ICU character classes); apostrophes
//      (' ’ ʼ), hyphens, dots and other punctuation separate words, so
//      "l'archivage" -> [l] [archivage], "sous-direction" -> [sous] [direction],
//      "info.gouv.fr" -> [info] [gouv] [fr];
//   2. dotted acronyms are joined back: "I.N.S.E.E." -> [insee];
//   3. elided articles (l' d' j' m' n' s' t' c' qu' jusqu' lorsqu' puisqu' quoiqu')
//      and words of the stopword list are flagged `stopword`;
//   4. each word is lower-cased and stemmed with Xapian's French Snowball
//      stemmer, then accents are folded (stem first: Snowball relies on accents),
//      so "gère"/"gere", "éditoriale"/"editoriale" and "école"/"ecole" meet; where the
//      stem of the accent-free word differs ("sécurité"/"securite"), it is kept as alt_stem.
// The indexer and the searcher both use this class, configured with the
// stopword list that the index stores, so the two sides cannot drift apart.
//
// Thread safety: an instance caches stems and owns a Xapian::Stem; use one
// instance per thread (construction is cheap: copy an existing one).
#pragma once
#include <xapian.h>

#include <memory>
#include <deque>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace quifait {

struct Token {
  std::string lower;   // lower-cased surface form, accents kept ("éditoriale")
  std::string word;    // lower-cased, accent-folded surface form ("editoriale")
  std::string stem;    // Snowball stem of `lower`, accent-folded ("editorial")
  // Stem of the accent-free word when it differs: Snowball removes "-ité" but not "-ite",
  // so "sécurité" -> "secur" while a user's "securite" -> "securit". Indexing both lets
  // questions typed without accents match. Empty when equal to `stem`.
  std::string alt_stem;
  size_t begin = 0;    // byte offsets of the surface form in the analysed text
  size_t end = 0;
  unsigned position = 0;  // ordinal of the word in the text (stopwords count)
  bool stopword = false;
  bool capitalised = false;  // first letter upper-case in the text
};

// A token as FrenchAnalyzer::scan reports it: the same fields as Token, as views into the
// analyser's memo and the text. Valid only during the callback that receives it.
struct TokenView {
  std::string_view lower, word, stem, alt_stem;
  size_t begin = 0, end = 0;
  unsigned position = 0;
  bool stopword = false;
  bool capitalised = false;
};

class FrenchAnalyzer {
 public:
  // The version of the tokens this class makes: bump it with any change that gives other
  // tokens, stems or positions for the same text, so that older indexes are refused
  // (index/index_reader.h, analyzer_fingerprint) instead of silently missing words.
  static constexpr const char* kPipelineVersion = "fr-2026.12";

  // REQUIRES: `stopwords` are lower-case words; they are folded here.
  explicit FrenchAnalyzer(const std::vector<std::string>& stopwords);

  // Reads a stopword list: one word per line, '#' starts a comment.
  // Throws QuifaitError naming the file when it cannot be read.
  static FrenchAnalyzer from_stopword_file(const std::string& path);

  FrenchAnalyzer(const FrenchAnalyzer& other);
  FrenchAnalyzer& operator=(const FrenchAnalyzer&) = delete;

  // Every word of `text` in order, stopwords included and flagged.
  // REQUIRES: `text` is valid UTF-8 (see unicode::sanitize for untrusted input).
  std::vector<Token> tokenize(std::string_view text) const;
  // The same tokens, one call of `visit(const TokenView&)` each, in order, without building
  // strings: for the hot loops (indexing a passage, highlighting evidence).
  // REQUIRES: as tokenize; `visit` does not call back into this analyser.
  template <class Visit>
  void scan(std::string_view text, Visit&& visit) const {
    scan_impl(text, [](void* v, const TokenView& t) { (*static_cast<std::remove_reference_t<Visit>*>(v))(t); }, &visit);
  }

  // The first letters of a set of stems, for scan_candidates.
  class Initials {
   public:
    // REQUIRES: stems as this analyser makes them (lower-case, accents folded).
    template <class Stems>
    explicit Initials(const Stems& stems) {
      for (const auto& s : stems)
        if (!s.empty()) add(static_cast<unsigned char>(s[0]));
    }
    void add(unsigned char first_byte) {
      if (first_byte < 0x80) ascii_[first_byte] = true;
    }
    // False only when no word starting with this byte can have one of the stems.
    bool may_start(unsigned char first_byte) const {
      if (first_byte >= 0x80) return true;  // "É…", "œ…": folded only by the analysis itself
      return ascii_[first_byte | (first_byte >= 'A' && first_byte <= 'Z' ? 0x20 : 0)];
    }

   private:
    bool ascii_[128] = {};
  };
  // As scan, but only the tokens that can have a stem starting with one of `initials`: a word
  // whose first letter starts none of them is skipped without being analysed. Sound because the
  // French Snowball stemmer only rewrites a word's ending (its regions R1, R2 and RV all start
  // after the first letter), so a stem starts with its word's first letter, accents folded.
  // Highlighting and excerpts look for a few stems in long passages: most words are skipped.
  // REQUIRES: as scan.
  template <class Visit>
  void scan_candidates(std::string_view text, const Initials& initials, Visit&& visit) const {
    scan_impl(text, [](void* v, const TokenView& t) { (*static_cast<std::remove_reference_t<Visit>*>(v))(t); }, &visit,
              &initials);
  }

  // Stems of the non-stopword words, in order.
  std::vector<std::string> content_stems(std::string_view text) const;

  // The stretch of `text` whose words, accent-folded, are the words of `folded_part` (the last
  // such stretch), as typed: the question parser works on folded text, but the dictionary and
  // the thesaurus need the words with their capitals and accents ("Ukraine", "crèche").
  // Returns `folded_part` itself when no stretch of `text` matches it.
  // REQUIRES: both are valid UTF-8.
  std::string as_typed(std::string_view text, std::string_view folded_part) const;

  // Stem of one lower-cased word (accents kept), accent-folded.
  const std::string& stem(const std::string& lower_word) const;

  bool is_stopword(const std::string& folded_word) const { return stopwords_.count(folded_word) > 0; }
  static bool is_elision(const std::string& folded_word);

  // The folded stopword list, sorted: what the index stores so that queries use the same list.
  std::vector<std::string> stopword_list() const;

 private:
  std::unordered_set<std::string> stopwords_;
  mutable Xapian::Stem stemmer_;
  mutable std::unordered_map<std::string, std::string> stem_cache_;
  // Everything tokenize derives from a word's exact surface form, memoised (evidence passages are
  // analysed again at every question that shows them).
  struct WordInfo {
    std::string lower, word, stem, alt_stem;  // alt_stem: stem of `word` when it differs
    bool capitalised = false, elision = false, stopword = false, single_char = false;
  };
  // Keyed by views into word_keys_ (a deque: its strings never move), so that a lookup, done
  // for every word of every evidence passage, builds no string.
  mutable std::unordered_map<std::string_view, WordInfo> word_cache_;
  mutable std::deque<std::string> word_keys_;
  const WordInfo& word_info(std::string_view surface) const;
  void scan_impl(std::string_view text, void (*call)(void*, const TokenView&), void* visitor,
                 const Initials* initials = nullptr) const;
};

}  // namespace quifait
