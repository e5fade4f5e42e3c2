#include "analysis/morphology.h"

#include <hunspell/hunspell.hxx>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <unordered_map>

#include "util/error.h"

namespace quifait {

struct Morphology::Impl {
  Hunspell hunspell;
  std::mutex mutex;
  std::unordered_map<std::string, WordAnalysis> memo;
  std::unordered_map<std::string, std::vector<std::string>> spellings_memo;
  Impl(const std::string& aff, const std::string& dic) : hunspell(aff.c_str(), dic.c_str()) {}
};

namespace {

bool has_field(const std::string& analysis, const char* field) {
  // Fields are space-separated "po:ipre" tokens; match whole tokens.
  std::string f = field;
  size_t pos = 0;
  while ((pos = analysis.find(f, pos)) != std::string::npos) {
    bool start = pos == 0 || analysis[pos - 1] == ' ';
    size_t end = pos + f.size();
    bool stop = end == analysis.size() || analysis[end] == ' ' || analysis[end] == '!';
    if (start && stop) return true;
    pos = end;
  }
  return false;
}

std::string lemma_of(const std::string& analysis) {
  size_t p = analysis.find("st:");
  if (p == std::string::npos) return "";
  size_t e = analysis.find(' ', p);
  return analysis.substr(p + 3, e == std::string::npos ? std::string::npos : e - p - 3);
}

}  // namespace

Morphology::Morphology(const std::string& aff_path, const std::string& dic_path) {
  if (!std::filesystem::exists(aff_path) || !std::filesystem::exists(dic_path))
    throw QuifaitError("the French dictionary " + aff_path + " / " + dic_path +
                       " is missing: install Debian's hunspell-fr (scripts/setup.sh does)");
  impl_ = std::make_unique<Impl>(aff_path, dic_path);
}

Morphology::~Morphology() = default;

const Morphology& Morphology::standard() {
  static const Morphology* m = [] {
    std::string dir = "/usr/share/hunspell";
    if (const char* env = std::getenv("QUIFAIT_HUNSPELL_DIR"); env && *env) dir = env;
    return new Morphology(dir + "/fr.aff", dir + "/fr.dic");
  }();
  return *m;
}

WordAnalysis Morphology::analyse(std::string_view word) const {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  std::string key(word);
  auto it = impl_->memo.find(key);
  if (it != impl_->memo.end()) return it->second;
  WordAnalysis a;
  // Hunspell works on bounded words; anything long or odd is simply unknown.
  if (!key.empty() && key.size() < 100) {
    // spell() also accepts forms analyze() gives no tags for (compounds, capitalised words).
    if (impl_->hunspell.spell(key)) a.known = true;
    for (const std::string& an : impl_->hunspell.analyze(key)) {
      a.known = true;
      if (std::string lemma = lemma_of(an); !lemma.empty() && std::find(a.lemmas.begin(), a.lemmas.end(), lemma) == a.lemmas.end())
        a.lemmas.push_back(lemma);
      bool verb = an.find("po:v") != std::string::npos;
      bool finite_tense = has_field(an, "po:ipre") || has_field(an, "po:iimp") || has_field(an, "po:ipsi") ||
                          has_field(an, "po:ifut") || has_field(an, "po:cond") || has_field(an, "po:spre") ||
                          has_field(an, "po:simp");
      bool third = has_field(an, "po:3sg") || has_field(an, "po:3pl");
      if (verb && finite_tense && third) {
        a.finite_verb = true;
        std::string lemma = lemma_of(an);
        if (lemma == "être" || lemma == "avoir") a.auxiliary = true;
      }
      if (verb) {
        std::string lemma = lemma_of(an);
        if (!lemma.empty()) a.verb_lemmas.push_back(lemma);
      }
      if (has_field(an, "po:nom")) {
        a.noun = true;
        std::string lemma = lemma_of(an);
        if (!lemma.empty() && std::find(a.noun_lemmas.begin(), a.noun_lemmas.end(), lemma) == a.noun_lemmas.end())
          a.noun_lemmas.push_back(lemma);
      }
      if (has_field(an, "po:adj")) {
        a.adjective = true;
        std::string lemma = lemma_of(an);
        if (!lemma.empty() && std::find(a.adjective_lemmas.begin(), a.adjective_lemmas.end(), lemma) == a.adjective_lemmas.end())
          a.adjective_lemmas.push_back(lemma);
      }
      if (has_field(an, "po:ppas")) a.past_participle = true;
      if (has_field(an, "po:ppre")) a.present_participle = true;
      if (has_field(an, "po:infi")) a.infinitive = true;
      if (has_field(an, "po:mg")) a.function_word = true;
      if (has_field(an, "po:adv")) a.adverb = true;
    }
  }
  if (impl_->memo.size() < 200000) impl_->memo.emplace(std::move(key), a);
  return a;
}

bool Morphology::has_verb_lemma(std::string_view word, std::string_view lemma) const {
  for (const auto& l : analyse(word).verb_lemmas)
    if (l == lemma) return true;
  return false;
}

namespace {

// The accented letters French writes in place of each plain one (UTF-8), the plain one first.
const std::vector<std::string>* accent_options(char c) {
  // ë, ï, ü, ÿ are left out: rare (Noël, maïs, capharnaüm), and each option multiplies the forms to try.
  static const std::vector<std::string> a{"a", "\u00e0", "\u00e2"}, e{"e", "\u00e9", "\u00e8", "\u00ea"},
      i{"i", "\u00ee"}, o{"o", "\u00f4"}, u{"u", "\u00f9", "\u00fb"}, c_{"c", "\u00e7"};
  switch (c) {
    case 'a': return &a;
    case 'e': return &e;
    case 'i': return &i;
    case 'o': return &o;
    case 'u': return &u;
    case 'c': return &c_;
    default: return nullptr;
  }
}

}  // namespace

std::vector<std::string> Morphology::spellings(std::string_view lower_word) const {
  std::string key(lower_word);
  if (key.empty() || key.size() >= 100) return {};
  {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    if (auto it = impl_->spellings_memo.find(key); it != impl_->spellings_memo.end()) return it->second;
  }
  std::vector<std::string> out;
  if (knows(key)) {
    out.push_back(key);
  } else {
    // Only words typed in plain ASCII letters: one that has an accent was typed with its accents.
    std::vector<size_t> slots;
    bool ascii = true;
    size_t combinations = 1;
    for (size_t i = 0; i < key.size(); ++i) {
      if (static_cast<unsigned char>(key[i]) >= 0x80) ascii = false;
      if (const auto* options = accent_options(key[i])) {
        slots.push_back(i);
        combinations = std::min(combinations * options->size(), kMaxAccentForms + 1);
      }
    }
    if (ascii && !slots.empty() && combinations <= kMaxAccentForms) {
      // Every combination of the slots' options, odometer order (the plain word itself, known not
      // to be a word, is the first and skipped).
      std::vector<size_t> choice(slots.size(), 0);
      while (out.size() < kMaxSpellings) {
        size_t k = 0;
        while (k < slots.size() && ++choice[k] == accent_options(key[slots[k]])->size()) choice[k++] = 0;
        if (k == slots.size()) break;
        std::string candidate;
        size_t from = 0;
        for (size_t s = 0; s < slots.size(); ++s) {
          candidate.append(key, from, slots[s] - from);
          candidate += (*accent_options(key[slots[s]]))[choice[s]];
          from = slots[s] + 1;
        }
        candidate.append(key, from, std::string::npos);
        std::lock_guard<std::mutex> lock(impl_->mutex);
        if (impl_->hunspell.spell(candidate)) out.push_back(std::move(candidate));
      }
    }
  }
  std::lock_guard<std::mutex> lock(impl_->mutex);
  if (impl_->spellings_memo.size() < 200000) impl_->spellings_memo.emplace(std::move(key), out);
  return out;
}

bool Morphology::is_infinitive(std::string_view word) const {
  WordAnalysis a = analyse(word);
  return a.infinitive && std::find(a.verb_lemmas.begin(), a.verb_lemmas.end(), word) != a.verb_lemmas.end();
}

}  // namespace quifait
