#include "analysis/word_families.h"

#include <algorithm>
#include <mutex>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "analysis/unicode.h"
#include "util/error.h"
#include "util/paths.h"

namespace quifait {

namespace {

bool ends_with(const std::string& s, const std::string& end) {
  return s.size() > end.size() && s.compare(s.size() - end.size(), end.size(), end) == 0;
}

void add(std::vector<std::string>& out, const std::string& w) {
  if (std::find(out.begin(), out.end(), w) == out.end()) out.push_back(w);
}

bool has(const std::vector<std::string>& v, const std::string& w) { return std::find(v.begin(), v.end(), w) != v.end(); }

constexpr size_t kMinRootBytes = 1;  // "g" of gérer / gestion, "s" of suivre / suivi
constexpr size_t kMaxMemoised = 100000;

// For every pair whose `from` ending ends `word` (past a root of kMinRootBytes), the word with
// that ending replaced by the pair's `to` ending, kept when `keep` accepts it (the dictionary
// knows it in the class it must have).
template <class Pair, class Keep>
std::vector<std::string> derive(const std::string& word, const std::vector<Pair>& pairs, std::string Pair::*from,
                                std::string Pair::*to, Keep keep) {
  std::vector<std::string> out;
  for (const Pair& p : pairs) {
    const std::string& ending = p.*from;
    if (!ends_with(word, ending) || word.size() - ending.size() < kMinRootBytes) continue;
    std::string candidate = word.substr(0, word.size() - ending.size()) + p.*to;
    if (keep(candidate)) add(out, candidate);
  }
  return out;
}

}  // namespace

struct WordFamilies::Impl {
  std::vector<SuffixPair> pairs;
  std::vector<AdjectivePair> adjective_pairs;
  const Morphology& morphology;
  std::mutex mutex;
  std::unordered_map<std::string, std::vector<std::string>> memo;
  Impl(std::vector<SuffixPair> p, std::vector<AdjectivePair> a, const Morphology& m)
      : pairs(std::move(p)), adjective_pairs(std::move(a)), morphology(m) {}

  // compute()'s words, `word` itself left out (the key when no word is given), remembered
  // under `key` while the memo has room.
  template <class Compute>
  std::vector<std::string> memoised(const std::string& key, Compute compute, const std::string& word = "") {
    {
      std::lock_guard<std::mutex> lock(mutex);
      if (auto it = memo.find(key); it != memo.end()) return it->second;
    }
    std::vector<std::string> out = compute();
    const std::string& self = word.empty() ? key : word;
    out.erase(std::remove(out.begin(), out.end(), self), out.end());
    std::lock_guard<std::mutex> lock(mutex);
    if (memo.size() < kMaxMemoised) memo.emplace(key, out);
    return out;
  }
};


std::vector<SuffixPair> WordFamilies::pairs_from_json(const std::string& json_text, const std::string& name) {
  std::vector<SuffixPair> out;
  try {
    nlohmann::json j = nlohmann::json::parse(json_text);
    for (const auto& p : j.at("verb_noun_suffixes")) {
      SuffixPair pair{unicode::nfc(p.at("verb").get<std::string>()), unicode::nfc(p.at("noun").get<std::string>())};
      if (pair.verb.empty() || pair.noun.empty())
        throw QuifaitError(name + ": a suffix pair needs a \"verb\" and a \"noun\" ending");
      out.push_back(std::move(pair));
    }
  } catch (const nlohmann::json::exception& e) {
    throw QuifaitError(name + ": malformed (" + e.what() + "); it needs \"verb_noun_suffixes\": [{\"verb\", \"noun\"}, …]");
  }
  return out;
}

std::vector<AdjectivePair> WordFamilies::adjective_pairs_from_json(const std::string& json_text, const std::string& name) {
  std::vector<AdjectivePair> out;
  try {
    nlohmann::json j = nlohmann::json::parse(json_text);
    if (!j.contains("noun_adjective_suffixes")) return out;
    for (const auto& p : j.at("noun_adjective_suffixes")) {
      AdjectivePair pair{unicode::nfc(p.at("noun").get<std::string>()), unicode::nfc(p.at("adjective").get<std::string>())};
      if (pair.noun.empty() || pair.adjective.empty())
        throw QuifaitError(name + ": a noun-adjective pair needs a \"noun\" and an \"adjective\" ending");
      out.push_back(std::move(pair));
    }
  } catch (const nlohmann::json::exception& e) {
    throw QuifaitError(name + ": malformed (" + e.what() + "); \"noun_adjective_suffixes\" needs [{\"noun\", \"adjective\"}, …]");
  }
  return out;
}

const WordFamilies& WordFamilies::standard() {
  static const WordFamilies* families = [] {
    const char* relative = "lexicon/families.json";
    const std::string text = read_data_file(relative, "the word families"), name = data_dir() + "/" + relative;
    return new WordFamilies(pairs_from_json(text, name), Morphology::standard(), adjective_pairs_from_json(text, name));
  }();
  return *families;
}

WordFamilies::WordFamilies(std::vector<SuffixPair> pairs, const Morphology& morphology, std::vector<AdjectivePair> adjective_pairs)
    : impl_(std::make_unique<Impl>(std::move(pairs), std::move(adjective_pairs), morphology)) {}

WordFamilies::~WordFamilies() = default;

std::vector<std::string> WordFamilies::nouns_of(const std::string& infinitive) const {
  return derive(infinitive, impl_->pairs, &SuffixPair::verb, &SuffixPair::noun,
                [&](const std::string& noun) { return has(impl_->morphology.analyse(noun).noun_lemmas, noun); });
}

std::vector<std::string> WordFamilies::verbs_of(const std::string& noun) const {
  return derive(noun, impl_->pairs, &SuffixPair::noun, &SuffixPair::verb,
                [&](const std::string& verb) { return impl_->morphology.is_infinitive(verb); });
}

std::vector<std::string> WordFamilies::adjectives_of(const std::string& noun) const {
  return derive(noun, impl_->adjective_pairs, &AdjectivePair::noun, &AdjectivePair::adjective,
                [&](const std::string& adjective) { return has(impl_->morphology.analyse(adjective).adjective_lemmas, adjective); });
}

std::vector<std::string> WordFamilies::nouns_of_adjective(const std::string& adjective) const {
  return derive(adjective, impl_->adjective_pairs, &AdjectivePair::adjective, &AdjectivePair::noun,
                [&](const std::string& noun) { return has(impl_->morphology.analyse(noun).noun_lemmas, noun); });
}

std::vector<std::string> WordFamilies::relatives(std::string_view lower_word) const {
  return impl_->memoised(std::string(lower_word), [&] {
    std::vector<std::string> out;
    // A word typed without its accents ("gere") is looked up as the dictionary spells it.
    for (const std::string& spelling : impl_->morphology.spellings(std::string(lower_word))) {
      WordAnalysis a = impl_->morphology.analyse(spelling);
      for (const auto& verb : a.verb_lemmas) {
        add(out, verb);
        for (const auto& n : nouns_of(verb)) add(out, n);
      }
      for (const auto& noun : a.noun_lemmas)
        for (const auto& verb : verbs_of(noun)) {
          add(out, verb);
          for (const auto& n : nouns_of(verb)) add(out, n);
        }
    }
    return out;
  });
}

std::vector<std::string> WordFamilies::relational(std::string_view lower_word) const {
  // "\x01" first: its own entries in the memo.
  return impl_->memoised(std::string("\x01") + std::string(lower_word), [&] {
    std::vector<std::string> out;
    for (const std::string& spelling : impl_->morphology.spellings(std::string(lower_word))) {
      WordAnalysis a = impl_->morphology.analyse(spelling);
      for (const auto& noun : a.noun_lemmas)
        for (const auto& adjective : adjectives_of(noun)) add(out, adjective);
      for (const auto& adjective : a.adjective_lemmas)
        for (const auto& noun : nouns_of_adjective(adjective)) add(out, noun);
    }
    return out;
  }, std::string(lower_word));
}

}  // namespace quifait
