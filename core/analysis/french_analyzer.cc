#include "analysis/french_analyzer.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <fstream>

#include "analysis/unicode.h"
#include "analysis/admin_lexicon.h"
#include "util/error.h"

namespace quifait {
namespace {

// The elided words of lexicon/administration.json ("l", "qu", "jusqu"), folded.
const std::unordered_set<std::string>& elisions() {
  static const std::unordered_set<std::string> set = [] {
    std::unordered_set<std::string> out;
    for (const auto& w : AdminLexicon::standard().words(WordClass::kElision)) out.insert(unicode::fold(w));
    return out;
  }();
  return set;
}

bool is_word_char(UChar32 c) {
  // ASCII first: most characters of French text, and no ASCII apostrophe is alphanumeric.
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  if (unicode::is_apostrophe(static_cast<char32_t>(c))) return false;  // ICU counts U+02BC as a letter
  if (u_isalnum(c)) return true;
  int8_t type = u_charType(c);
  return type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK;
}

bool is_upper_start(std::string_view s) {
  if (s.empty()) return false;
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  int32_t i = 0;
  UChar32 c;
  U8_NEXT(p, i, static_cast<int32_t>(s.size()), c);
  return c > 0 && u_isupper(c);
}

}  // namespace

FrenchAnalyzer::FrenchAnalyzer(const std::vector<std::string>& stopwords) : stemmer_("french") {
  for (const auto& w : stopwords) {
    if (!w.empty()) stopwords_.insert(unicode::fold(w));
  }
  for (const auto& e : elisions()) stopwords_.insert(e);
}

FrenchAnalyzer::FrenchAnalyzer(const FrenchAnalyzer& other)
    : stopwords_(other.stopwords_), stemmer_("french") {}

FrenchAnalyzer FrenchAnalyzer::from_stopword_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw QuifaitError("cannot read the stopword list " + path);
  std::vector<std::string> words;
  std::string line;
  while (std::getline(in, line)) {
    auto hash = line.find('#');
    if (hash != std::string::npos) line.erase(hash);
    auto b = line.find_first_not_of(" \t\r");
    auto e = line.find_last_not_of(" \t\r");
    if (b == std::string::npos) continue;
    words.push_back(unicode::lower(line.substr(b, e - b + 1)));
  }
  return FrenchAnalyzer(words);
}

bool FrenchAnalyzer::is_elision(const std::string& folded_word) { return elisions().count(folded_word) > 0; }

std::vector<std::string> FrenchAnalyzer::stopword_list() const {
  std::vector<std::string> out(stopwords_.begin(), stopwords_.end());
  std::sort(out.begin(), out.end());
  return out;
}

const std::string& FrenchAnalyzer::stem(const std::string& lower_word) const {
  auto it = stem_cache_.find(lower_word);
  if (it != stem_cache_.end()) return it->second;
  if (stem_cache_.size() > 200000) stem_cache_.clear();  // bound memory on huge vocabularies
  std::string stemmed = unicode::fold(stemmer_(lower_word));
  return stem_cache_.emplace(lower_word, std::move(stemmed)).first->second;
}

const FrenchAnalyzer::WordInfo& FrenchAnalyzer::word_info(std::string_view surface) const {
  auto it = word_cache_.find(surface);
  if (it != word_cache_.end()) return it->second;
  if (word_cache_.size() > 100000) {  // bound memory on huge vocabularies
    word_cache_.clear();
    word_keys_.clear();
  }
  WordInfo w;
  w.lower = unicode::lower(surface);
  w.word = unicode::fold(w.lower);
  w.capitalised = is_upper_start(surface);
  w.elision = is_elision(w.word);
  w.stopword = is_stopword(w.word);
  w.single_char = unicode::length(w.lower) == 1;
  w.stem = stem(w.lower);
  if (w.word != w.lower) {
    const std::string& alt = stem(w.word);
    if (alt != w.stem) w.alt_stem = alt;
  }
  std::string_view key = word_keys_.emplace_back(surface);
  return word_cache_.emplace(key, std::move(w)).first->second;
}

void FrenchAnalyzer::scan_impl(std::string_view text, void (*call)(void*, const TokenView&), void* visitor,
                               const Initials* initials) const {
  struct Raw {
    size_t begin, end;
    bool followed_by_apostrophe;
  };
  std::vector<Raw> raw;
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  int32_t length = static_cast<int32_t>(text.size());
  int32_t i = 0;
  bool in_word = false;
  size_t word_begin = 0;
  while (i < length) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, length, c);
    bool word_char = c > 0 && is_word_char(c);
    if (word_char && !in_word) {
      // A combining mark cannot start a word.
      if (c >= 0x80) {
        int8_t type = u_charType(c);
        if (type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK) continue;
      }
      in_word = true;
      word_begin = static_cast<size_t>(start);
    } else if (!word_char && in_word) {
      in_word = false;
      raw.push_back({word_begin, static_cast<size_t>(start), c > 0 && unicode::is_apostrophe(static_cast<char32_t>(c))});
    }
  }
  if (in_word) raw.push_back({word_begin, text.size(), false});

  unsigned position = 0;
  std::string joined, joined_word;
  for (size_t r = 0; r < raw.size(); ++r) {
    size_t begin = raw[r].begin, end = raw[r].end;
    if (initials && !initials->may_start(static_cast<unsigned char>(text[begin]))) {
      ++position;
      continue;
    }
    const WordInfo& info = word_info(text.substr(begin, end - begin));
    // Dotted acronym: single letters each followed by '.', e.g. I.N.S.E.E.
    if (info.single_char && end < text.size() && text[end] == '.' && r + 1 < raw.size() &&
        raw[r + 1].begin == end + 1 && raw[r + 1].end - raw[r + 1].begin <= 2 &&
        unicode::length(text.substr(raw[r + 1].begin, raw[r + 1].end - raw[r + 1].begin)) == 1) {
      size_t j = r;
      joined.clear();
      while (j < raw.size() && unicode::length(text.substr(raw[j].begin, raw[j].end - raw[j].begin)) == 1 &&
             (j == r || raw[j].begin == raw[j - 1].end + 1) && raw[j].end < text.size() && text[raw[j].end] == '.') {
        joined += unicode::lower(text.substr(raw[j].begin, raw[j].end - raw[j].begin));
        ++j;
      }
      if (j - r >= 2) {
        TokenView t;
        joined_word = unicode::fold(joined);
        t.lower = joined;
        t.word = joined_word;
        t.stem = stem(joined);  // the same stem as the plain acronym "INSEE"
        t.begin = begin;
        t.end = raw[j - 1].end + 1;
        t.position = position++;
        t.capitalised = true;
        t.stopword = false;
        call(visitor, t);
        r = j - 1;
        continue;
      }
    }
    TokenView t;
    t.word = info.word;
    t.capitalised = info.capitalised;
    t.begin = begin;
    t.end = end;
    t.position = position++;
    t.stopword = (raw[r].followed_by_apostrophe && info.elision) || info.stopword;
    t.stem = t.stopword ? info.word : info.stem;
    if (!t.stopword) t.alt_stem = info.alt_stem;
    t.lower = info.lower;
    call(visitor, t);
  }
}

std::string FrenchAnalyzer::as_typed(std::string_view text, std::string_view folded_part) const {
  std::vector<Token> whole = tokenize(text), part = tokenize(folded_part);
  if (part.empty() || part.size() > whole.size()) return std::string(folded_part);
  for (size_t start = whole.size() - part.size() + 1; start-- > 0;) {
    bool same = true;
    for (size_t k = 0; k < part.size() && same; ++k) same = whole[start + k].word == part[k].word;
    if (same) {
      size_t begin = whole[start].begin, end = whole[start + part.size() - 1].end;
      return std::string(text.substr(begin, end - begin));
    }
  }
  return std::string(folded_part);
}

std::vector<Token> FrenchAnalyzer::tokenize(std::string_view text) const {
  std::vector<Token> tokens;
  scan(text, [&](const TokenView& v) {
    Token t;
    t.lower = v.lower;
    t.word = v.word;
    t.stem = v.stem;
    t.alt_stem = v.alt_stem;
    t.begin = v.begin;
    t.end = v.end;
    t.position = v.position;
    t.stopword = v.stopword;
    t.capitalised = v.capitalised;
    tokens.push_back(std::move(t));
  });
  return tokens;
}



std::vector<std::string> FrenchAnalyzer::content_stems(std::string_view text) const {
  std::vector<std::string> out;
  for (auto& t : tokenize(text)) {
    if (!t.stopword) out.push_back(std::move(t.stem));
  }
  return out;
}

}  // namespace quifait
