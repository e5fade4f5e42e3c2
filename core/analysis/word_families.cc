#include "analysis/word_families.h"

#include <algorithm>
#include <mutex>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "analysis/unicode.h"
#include "util/error.h"
#include "util/paths.h"

namespace quifait {

struct WordFamilies::Impl {
  std::vector<SuffixPair> pairs;
  std::vector<AdjectivePair> adjective_pairs;
  const Morphology& morphology;
  std::mutex mutex;
  std::unordered_map<std::string, std::vector<std::string>> memo;
  Impl(std::vector<SuffixPair> p, std::vector<AdjectivePair> a, const Morphology& m)
      : pairs(std::move(p)), adjective_pairs(std::move(a)), morphology(m) {}
};

namespace {

bool ends_with(const std::string& s, const std::string& end) {
  return s.size() > end.size() && s.compare(s.size() - end.size(), end.size(), end) == 0;
}

void add(std::vector<std::string>& out, const std::string& w) {
  if (std::find(out.begin(), out.end(), w) == out.end()) out.push_back(w);
}

constexpr size_t kMinRootBytes = 1;  // "g" of gérer / gestion, "s" of suivre / suivi
constexpr size_t kMaxMemoised = 100000;

}  // namespace

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

std::vector<std::string> WordFamilies::adjectives_of(const std::string& noun) const {
  std::vector<std::string> out;
  for (const auto& p : impl_->adjective_pairs) {
    if (!ends_with(noun, p.noun) || noun.size() - p.noun.size() < kMinRootBytes) continue;
    std::string adjective = noun.substr(0, noun.size() - p.noun.size()) + p.adjective;
    WordAnalysis a = impl_->morphology.analyse(adjective);
    if (std::find(a.adjective_lemmas.begin(), a.adjective_lemmas.end(), adjective) != a.adjective_lemmas.end()) add(out, adjective);
  }
  return out;
}

std::vector<std::string> WordFamilies::nouns_of_adjective(const std::string& adjective) const {
  std::vector<std::string> out;
  for (const auto& p : impl_->adjective_pairs) {
    if (!ends_with(adjective, p.adjective) || adjective.size() - p.adjective.size() < kMinRootBytes) continue;
    std::string noun = adjective.substr(0, adjective.size() - p.adjective.size()) + p.noun;
    WordAnalysis a = impl_->morphology.analyse(noun);
    if (std::find(a.noun_lemmas.begin(), a.noun_lemmas.end(), noun) != a.noun_lemmas.end()) add(out, noun);
  }
  return out;
}

WordFamilies::~WordFamilies() = default;

std::vector<std::string> WordFamilies::nouns_of(const std::string& infinitive) const {
  std::vector<std::string> out;
  for (const auto& p : impl_->pairs) {
    if (!ends_with(infinitive, p.verb) || infinitive.size() - p.verb.size() < kMinRootBytes) continue;
    std::string noun = infinitive.substr(0, infinitive.size() - p.verb.size()) + p.noun;
    WordAnalysis a = impl_->morphology.analyse(noun);
    if (std::find(a.noun_lemmas.begin(), a.noun_lemmas.end(), noun) != a.noun_lemmas.end()) add(out, noun);
  }
  return out;
}

std::vector<std::string> WordFamilies::verbs_of(const std::string& noun) const {
  std::vector<std::string> out;
  for (const auto& p : impl_->pairs) {
    if (!ends_with(noun, p.noun) || noun.size() - p.noun.size() < kMinRootBytes) continue;
    std::string verb = noun.substr(0, noun.size() - p.noun.size()) + p.verb;
    if (impl_->morphology.is_infinitive(verb)) add(out, verb);
  }
  return out;
}

std::vector<std::string> WordFamilies::relatives(std::string_view lower_word) const {
  std::string key(lower_word);
  {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    if (auto it = impl_->memo.find(key); it != impl_->memo.end()) return it->second;
  }
  std::vector<std::string> out;
  // A word typed without its accents ("gere") is looked up as the dictionary spells it.
  for (const std::string& spelling : impl_->morphology.spellings(key)) {
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
  out.erase(std::remove(out.begin(), out.end(), key), out.end());
  std::lock_guard<std::mutex> lock(impl_->mutex);
  if (impl_->memo.size() < kMaxMemoised) impl_->memo.emplace(key, out);
  return out;
}

std::vector<std::string> WordFamilies::relational(std::string_view lower_word) const {
  const std::string key = std::string("\x01") + std::string(lower_word);  // its own entries in the memo
  {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    if (auto it = impl_->memo.find(key); it != impl_->memo.end()) return it->second;
  }
  std::vector<std::string> out;
  for (const std::string& spelling : impl_->morphology.spellings(std::string(lower_word))) {
    WordAnalysis a = impl_->morphology.analyse(spelling);
    for (const auto& noun : a.noun_lemmas)
      for (const auto& adjective : adjectives_of(noun)) add(out, adjective);
    for (const auto& adjective : a.adjective_lemmas)
      for (const auto& noun : nouns_of_adjective(adjective)) add(out, noun);
  }
  out.erase(std::remove(out.begin(), out.end(), std::string(lower_word)), out.end());
  std::lock_guard<std::mutex> lock(impl_->mutex);
  if (impl_->memo.size() < kMaxMemoised) impl_->memo.emplace(key, out);
  return out;
}

}  // namespace quifait
