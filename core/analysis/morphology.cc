#include "analysis/morphology.h"

#include <hunspell/hunspell.hxx>

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
      if (has_field(an, "po:nom")) a.noun = true;
      if (has_field(an, "po:adj")) a.adjective = true;
      if (has_field(an, "po:ppas")) a.past_participle = true;
      if (has_field(an, "po:ppre")) a.present_participle = true;
      if (has_field(an, "po:infi")) a.infinitive = true;
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

}  // namespace quifait
