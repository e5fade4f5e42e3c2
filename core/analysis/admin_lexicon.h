// quifait: the lexicon of French administrative language (lexicon/administration.json).
//
// One table of what the extractor, the question parser and the answerer know about the way
// French administrations describe themselves: unit types (singular, plural, gender, rank),
// articles, determiners and prepositions, the words that end a unit's name, composition frames
// ("comprend", "est composé(e) de", "outre …"), attachment frames ("est rattaché(e) à", "placé(e)
// auprès de", "relève de"), roles that stand for units ("directeur" -> direction) and
// cross-reference phrases. Word classes that a dictionary knows (finite verbs, nouns,
// adjectives) come from hunspell-fr through morphology.h, not from here.
//
// Words are looked up lower-cased with accents kept ("à" is a preposition, "a" is not); unit
// types are looked up accent-folded too, since texts drop accents on capitals ("Departement").
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace quifait {

struct UnitType {
  std::string singular;  // "sous-direction": the type a unit carries
  std::string plural;
  char gender = 'm';     // 'm' or 'f'
  int rank = 3;          // 1 directs 2, which directs 3, ...: used only where no sentence states a parent
  std::map<std::string, int> rank_when;  // folded name prefix -> rank ("secretariat general" -> 1)
  bool needs_complement = false;  // a bare mention ("le cabinet") is not a unit declaration
  bool names_a_task = false;      // also an activity: "la mission de la direction" is not a unit

  int rank_of(const std::string& folded_name) const;
};

struct TypeWord {
  const UnitType* type = nullptr;
  bool plural = false;
};

// A frame whose verb is identified by its hunspell lemma ("comprendre" for comprend/comprennent).
struct CompositionFrame {
  std::string lemma;
  bool reflexive = false;        // "se compose de"
  bool participle = false;       // "est composée de": the past participle
  std::vector<std::string> then; // what must follow the verb (empty: anything); multiword allowed
  bool objects_need_type = false;  // "dirige les services suivants": objects must be unit mentions
};

struct AttachmentFrame {
  std::vector<std::string> words;  // the attaching word as written (lower case)
  std::vector<std::string> then;   // what must follow before the parent's mention
  bool opens_sentence = false;     // "Auprès du directeur est placée …": the frame starts the sentence
};

struct Role {
  std::vector<std::string> words;  // "chef du bureau", lower case
  std::string unit_type;           // the unit type it heads ("direction générale" = type + adjective)
};

enum class WordClass {
  kNameAdjective, kArticle, kDemonstrative, kDeterminer, kGenitive, kContractedArticle, kPreposition,
  kConjunction, kNumeral, kSubjectPronoun, kObjectPronoun, kRelative, kNameStopper, kNameEnder, kChargeWord,
  kEnAdverbial, kAbbreviation, kElision, kCompositionOpener, kQuestionUnitWord,
};

class AdminLexicon {
 public:
  // The lexicon of the data directory (lexicon/administration.json under data_dir()), loaded once.
  // Throws QuifaitError naming the file when it is missing or malformed.
  static const AdminLexicon& standard();
  // Throws QuifaitError naming `name` and what is wrong.
  static AdminLexicon from_json(const std::string& json_text, const std::string& name);
  AdminLexicon(AdminLexicon&&) = default;  // TypeWord points into types_: moves keep it, copies would not
  AdminLexicon(const AdminLexicon&) = delete;
  AdminLexicon& operator=(const AdminLexicon&) = delete;

  // "bureaux" -> {bureau, plural}; "Departement" and "département" alike. nullptr: not a unit type.
  const TypeWord* type_word(std::string_view word) const;
  const std::vector<UnitType>& unit_types() const { return types_; }
  const UnitType* unit_type(std::string_view singular) const;

  // Is the lower-cased word (accents kept) of this class?
  bool is(WordClass c, std::string_view lower_word) const;
  // Every word of the class, lower case.
  const std::unordered_set<std::string>& words(WordClass c) const;
  // The same words folded (unicode::fold: no accents), built once at load: what text already
  // folded is compared with.
  const std::unordered_set<std::string>& folded_words(WordClass c) const;

  const std::vector<CompositionFrame>& composition_frames() const { return composition_; }
  const std::vector<AttachmentFrame>& attachment_frames() const { return attachment_; }
  const std::vector<Role>& roles() const { return roles_; }
  const std::vector<std::string>& cross_references() const { return cross_refs_; }
  const std::vector<std::string>& organised_unit_cues() const { return organised_cues_; }
  const std::vector<std::string>& org_itself() const { return org_itself_; }
  // Does the text hold one of the closing formulas of a text ("… est chargé de l'exécution du
  // présent arrêté, qui sera publié au Journal officiel …")? Such a passage says who executes
  // the text, not what a unit does. The formulas name the text's own kind ("du présent arrêté"),
  // so that "l'exécution du présent programme" is a mission. Compared folded.
  bool is_closing_formula(std::string_view text) const;
  // Phrases by which a unit says it helps another with a task ("apporte son concours au bureau
  // X pour …", "en appui de la sous-direction Y"): the unit named next is the one that does it.
  // Folded.
  const std::vector<std::string>& support_frames() const { return support_frames_; }

 private:
  AdminLexicon() = default;
  std::vector<UnitType> types_;
  std::unordered_map<std::string, TypeWord> type_words_;  // lower and folded forms
  std::unordered_map<int, std::unordered_set<std::string>> classes_, folded_classes_;
  std::vector<CompositionFrame> composition_;
  std::vector<AttachmentFrame> attachment_;
  std::vector<Role> roles_;
  std::vector<std::string> cross_refs_, organised_cues_, org_itself_;
  std::vector<std::string> closing_formulas_;  // folded
  std::vector<std::string> support_frames_;    // folded
};

}  // namespace quifait
