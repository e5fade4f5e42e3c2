#include "analysis/admin_lexicon.h"

#include <algorithm>
#include <mutex>
#include <nlohmann/json.hpp>

#include "analysis/unicode.h"
#include "util/paths.h"
#include "util/error.h"

namespace quifait {

int UnitType::rank_of(const std::string& folded_name) const {
  for (const auto& [prefix, r] : rank_when)
    if (folded_name.rfind(prefix, 0) == 0) return r;
  return rank;
}

namespace {

std::vector<std::string> strings(const nlohmann::json& j, const char* key, const std::string& name) {
  std::vector<std::string> out;
  if (!j.contains(key)) return out;
  if (!j.at(key).is_array()) throw QuifaitError(name + ": \"" + key + "\" must be a list of strings");
  for (const auto& v : j.at(key)) {
    if (!v.is_string()) throw QuifaitError(name + ": \"" + key + "\" must be a list of strings");
    out.push_back(unicode::lower(unicode::nfc(v.get<std::string>())));
  }
  return out;
}

}  // namespace

AdminLexicon AdminLexicon::from_json(const std::string& json_text, const std::string& name) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(json_text);
  } catch (const nlohmann::json::exception& e) {
    throw QuifaitError(name + ": not valid JSON (" + e.what() + ")");
  }
  if (!j.is_object() || !j.contains("unit_types") || !j["unit_types"].is_array() || j["unit_types"].empty())
    throw QuifaitError(name + ": needs a non-empty \"unit_types\" list");
  AdminLexicon lex;
  try {
    for (const auto& t : j["unit_types"]) {
      UnitType u;
      u.singular = unicode::lower(t.at("singular").get<std::string>());
      u.plural = unicode::lower(t.at("plural").get<std::string>());
      u.gender = t.value("gender", std::string("m")) == "f" ? 'f' : 'm';
      u.rank = t.value("rank", 3);
      u.needs_complement = t.value("needs_complement", false);
      u.names_a_task = t.value("names_a_task", false);
      if (t.contains("rank_when"))
        for (auto& [k, v] : t["rank_when"].items()) u.rank_when[unicode::fold(k)] = v.get<int>();
      lex.types_.push_back(std::move(u));
    }
    for (const auto& u : lex.types_) {
      for (bool plural : {false, true}) {
        const std::string& w = plural ? u.plural : u.singular;
        lex.type_words_[w] = {&u, plural};
        lex.type_words_[unicode::fold(w)] = {&u, plural};
      }
    }
    const std::pair<WordClass, const char*> classes[] = {
        {WordClass::kNameAdjective, "name_adjectives"}, {WordClass::kArticle, "articles"},
        {WordClass::kDemonstrative, "demonstratives"}, {WordClass::kDeterminer, "determiners"},
        {WordClass::kGenitive, "genitives"}, {WordClass::kContractedArticle, "contracted_articles"},
        {WordClass::kPreposition, "prepositions"}, {WordClass::kConjunction, "conjunctions"},
        {WordClass::kNumeral, "numerals"}, {WordClass::kSubjectPronoun, "subject_pronouns"},
        {WordClass::kObjectPronoun, "object_pronouns"}, {WordClass::kRelative, "relatives"},
        {WordClass::kNameStopper, "name_stoppers"}, {WordClass::kNameEnder, "name_enders"},
        {WordClass::kChargeWord, "charge_words"}, {WordClass::kEnAdverbial, "en_adverbials"},
        {WordClass::kAbbreviation, "abbreviations"}, {WordClass::kElision, "elisions"},
        {WordClass::kCompositionOpener, "composition_openers"}, {WordClass::kQuestionUnitWord, "question_unit_words"}};
    for (const auto& [c, key] : classes) {
      auto& set = lex.classes_[static_cast<int>(c)];
      auto& folded = lex.folded_classes_[static_cast<int>(c)];
      for (const auto& w : strings(j, key, name)) {
        set.insert(w);
        folded.insert(unicode::fold(w));
      }
    }
    if (j.contains("composition_frames"))
      for (const auto& f : j["composition_frames"]) {
        CompositionFrame cf;
        cf.lemma = f.at("lemma").get<std::string>();
        cf.reflexive = f.value("reflexive", false);
        cf.participle = f.value("participle", false);
        cf.objects_need_type = f.value("objects_need_type", false);
        cf.then = strings(f, "then", name);
        lex.composition_.push_back(std::move(cf));
      }
    if (j.contains("attachment_frames"))
      for (const auto& f : j["attachment_frames"]) {
        AttachmentFrame af;
        af.words = strings(f, "words", name);
        af.then = strings(f, "then", name);
        af.opens_sentence = f.value("opens_sentence", false);
        lex.attachment_.push_back(std::move(af));
      }
    if (j.contains("roles"))
      for (const auto& r : j["roles"]) {
        Role role;
        role.words = strings(r, "words", name);
        role.unit_type = unicode::lower(r.at("unit").get<std::string>());
        lex.roles_.push_back(std::move(role));
      }
    lex.cross_refs_ = strings(j, "cross_references", name);
    lex.organised_cues_ = strings(j, "organised_unit_cues", name);
    lex.org_itself_ = strings(j, "org_itself", name);
    if (j.contains("closing_formulas"))
      for (const auto& f : strings(j, "closing_formulas", name)) lex.closing_formulas_.push_back(unicode::fold(f));
    if (j.contains("support_frames"))
      for (const auto& f : strings(j, "support_frames", name)) lex.support_frames_.push_back(unicode::fold(f));
  } catch (const nlohmann::json::exception& e) {
    throw QuifaitError(name + ": malformed entry (" + e.what() + ")");
  }
  return lex;
}

const AdminLexicon& AdminLexicon::standard() {
  static const AdminLexicon* lexicon = [] {
    const char* relative = "lexicon/administration.json";
    return new AdminLexicon(from_json(read_data_file(relative, "the administrative lexicon"), data_dir() + "/" + relative));
  }();
  return *lexicon;
}

const TypeWord* AdminLexicon::type_word(std::string_view word) const {
  auto it = type_words_.find(std::string(word));
  if (it != type_words_.end()) return &it->second;
  std::string folded = unicode::fold(word);
  it = type_words_.find(folded);
  return it == type_words_.end() ? nullptr : &it->second;
}

const UnitType* AdminLexicon::unit_type(std::string_view singular) const {
  for (const auto& t : types_)
    if (t.singular == singular) return &t;
  return nullptr;
}

const std::unordered_set<std::string>& AdminLexicon::words(WordClass c) const {
  static const std::unordered_set<std::string> none;
  auto it = classes_.find(static_cast<int>(c));
  return it == classes_.end() ? none : it->second;
}

const std::unordered_set<std::string>& AdminLexicon::folded_words(WordClass c) const {
  static const std::unordered_set<std::string> none;
  auto it = folded_classes_.find(static_cast<int>(c));
  return it == folded_classes_.end() ? none : it->second;
}

bool AdminLexicon::is(WordClass c, std::string_view lower_word) const {
  auto it = classes_.find(static_cast<int>(c));
  return it != classes_.end() && it->second.count(std::string(lower_word)) > 0;
}

bool AdminLexicon::is_closing_formula(std::string_view text) const {
  if (closing_formulas_.empty()) return false;
  // Folding every passage of a large corpus costs; the formulas all hold one of these.
  if (text.find("cution") == std::string_view::npos && text.find("pplication") == std::string_view::npos &&
      text.find("CUTION") == std::string_view::npos && text.find("PPLICATION") == std::string_view::npos)
    return false;
  std::string folded = unicode::fold(text);
  return std::any_of(closing_formulas_.begin(), closing_formulas_.end(),
                     [&](const std::string& f) { return folded.find(f) != std::string::npos; });
}

}  // namespace quifait
