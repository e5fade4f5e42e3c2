#include "search/suggester.h"

#include <algorithm>
#include <unordered_set>

namespace quifait {
namespace {

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

Suggestion unit_suggestion(const Unit& u) { return {u.name, "unit", u.id, u.org, u.type}; }

}  // namespace

UnitNameIndex::UnitNameIndex(const Catalog& catalog, const FrenchAnalyzer& analyzer) : units_(catalog.units()) {
  for (size_t i = 0; i < units_.size(); ++i) {
    std::vector<std::string> texts{units_[i].name};
    texts.insert(texts.end(), units_[i].aliases.begin(), units_[i].aliases.end());
    for (const auto& text : texts) {
      Name n{i, text, {}, {}};
      for (const Token& t : analyzer.tokenize(text)) {
        n.words.push_back(t.word);
        if (!t.stopword) n.stems.push_back(t.stem);
      }
      names_.push_back(std::move(n));
    }
  }
}

std::vector<Suggestion> UnitNameIndex::complete(const std::string& typed, const FrenchAnalyzer& analyzer,
                                                size_t limit) const {
  // Stopwords are skipped, except the word being typed: "mission de l'a" may be on its
  // way to "l'accès", and "aux" may be the start of "auxiliaire".
  std::vector<std::string> wanted;
  auto tokens = analyzer.tokenize(typed);
  for (size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    bool being_typed = i + 1 == tokens.size() && t.end == typed.size();
    if (FrenchAnalyzer::is_elision(t.word) && !being_typed) continue;
    if (t.stopword && !being_typed) continue;
    wanted.push_back(t.word);
  }
  bool content = false;
  for (const Token& t : tokens) content |= !t.stopword;
  if (!content || wanted.empty() || limit == 0) return {};

  struct Hit {
    size_t name;
    size_t first;  // position of the first typed word's match in the name
  };
  std::vector<Hit> hits;
  for (size_t n = 0; n < names_.size(); ++n) {
    const auto& words = names_[n].words;
    size_t first = words.size();
    bool all = true;
    for (size_t w = 0; w < wanted.size() && all; ++w) {
      auto it = std::find_if(words.begin(), words.end(), [&](const std::string& x) { return starts_with(x, wanted[w]); });
      if (it == words.end()) all = false;
      else if (w == 0) first = static_cast<size_t>(it - words.begin());
    }
    if (all) hits.push_back({n, first});
  }
  std::stable_sort(hits.begin(), hits.end(), [&](const Hit& a, const Hit& b) {
    if (a.first != b.first) return a.first < b.first;
    return names_[a.name].words.size() < names_[b.name].words.size();
  });
  std::vector<Suggestion> out;
  std::unordered_set<size_t> seen;
  for (const Hit& h : hits) {
    if (out.size() >= limit) break;
    if (!seen.insert(names_[h.name].unit).second) continue;  // an alias of a unit already listed
    Suggestion s = unit_suggestion(units_[names_[h.name].unit]);
    s.text = names_[h.name].text;
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<Suggestion> UnitNameIndex::related(const std::vector<std::string>& stems, size_t limit) const {
  std::unordered_set<std::string> wanted(stems.begin(), stems.end());
  std::vector<std::pair<size_t, size_t>> scored;  // (shared words, name)
  for (size_t n = 0; n < names_.size(); ++n) {
    size_t shared = 0;
    for (const auto& s : names_[n].stems) shared += wanted.count(s);
    if (shared) scored.push_back({shared, n});
  }
  std::stable_sort(scored.begin(), scored.end(), [](auto& a, auto& b) { return a.first > b.first; });
  std::vector<Suggestion> out;
  std::unordered_set<size_t> seen;
  for (auto& [shared, n] : scored) {
    if (out.size() >= limit) break;
    if (seen.insert(names_[n].unit).second) out.push_back(unit_suggestion(units_[names_[n].unit]));
  }
  return out;
}

std::vector<Suggestion> complete_terms(const Xapian::Database& db, const std::string& typed,
                                       const FrenchAnalyzer& analyzer, size_t limit) {
  auto tokens = analyzer.tokenize(typed);
  if (tokens.empty() || limit == 0) return {};
  const Token& last = tokens.back();
  // Only complete a word still being typed: the text ends with it.
  if (last.end != typed.size() || last.word.size() < 2) return {};
  std::vector<std::pair<Xapian::doccount, std::string>> words;
  constexpr size_t kScanned = 400;  // bounds the work per keystroke on a huge vocabulary
  Xapian::TermIterator it = db.spellings_begin();
  it.skip_to(last.word);
  for (size_t scanned = 0; it != db.spellings_end() && scanned < kScanned; ++it, ++scanned) {
    std::string w = *it;
    if (!starts_with(w, last.word)) break;
    if (w != last.word) words.push_back({it.get_termfreq(), w});
  }
  std::stable_sort(words.begin(), words.end(), [](auto& a, auto& b) { return a.first > b.first; });
  std::vector<Suggestion> out;
  std::string head = typed.substr(0, last.begin);
  for (auto& [freq, w] : words) {
    if (out.size() >= limit) break;
    out.push_back({head + w, "term", "", "", ""});
  }
  return out;
}

}  // namespace quifait
