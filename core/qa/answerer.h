// quifait: answering a question with ranked units and highlighted evidence.
//
// Answerer::ask(question) validates the question (BadRequest when empty, over
// kMaxQuestionChars characters, or not UTF-8), parses it (qa/question.h), then:
//   responsibility - ranks units by their passages' evidence (Searcher::rank_units),
//                    filtered to the orgs the question names when that leaves answers,
//                    then orders them by score = 0.5 × coverage + 0.5 × weight / best weight;
//   missions       - resolves the unit named (tolerating variants) and returns it with its
//                    passages as evidence;
//   composition    - the resolved unit's children, in document order;
//   parent         - the resolved unit's parent first, then the further ancestors.
// `confidence` is the probability that the first unit is right, from signals of the match
// (coverage of the question's idf weight, French words the corpus lacks, margin …) through the
// fitted model of qa/confidence.h; `confident` is confidence >= the model's threshold, or, for
// missions/composition/parent, whether the unit named was found.
//
// An Answerer borrows a Searcher: same threading rule (one per thread).
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <unordered_map>
#include <string>
#include <vector>

#include "qa/confidence.h"
#include "search/suggester.h"
#include "qa/question.h"
#include "search/searcher.h"

namespace quifait {

constexpr size_t kMaxQuestionChars = 500;
constexpr double kConfidenceThreshold = 0.5;
// Evidence and search hits longer than this (bytes) are shown as an excerpt around the first
// matching word (search/highlight.h: excerpt); 99% of passages are shorter.
constexpr size_t kMaxEvidenceBytes = 2000;

struct Evidence {
  PassageRecord passage;
  std::string highlighted;  // HTML-escaped, <mark> around matches
};

struct Answer {
  std::string unit_key;  // unit id, or org key when the org itself answers
  double score = 0;
  double coverage = 0;   // share of the question's weight the evidence covers
  bool rarest_covered = false;  // the question's rarest word is in the evidence
  double weight = 0;     // retrieval weight (responsibility questions)
  std::vector<Evidence> evidence;
};

struct AnswerSet {
  std::string query;
  Intent intent = Intent::kResponsibility;
  bool confident = false;
  double confidence = 0;  // P(the first unit is right), qa/confidence.h; 1/0 for a unit named
  ConfidenceSignals signals;  // what `confidence` was computed from (responsibility questions)
  std::vector<Answer> answers;
  ParsedQuestion parsed;
  AnalysedQuery analysed;
  std::string resolved_unit;  // missions/composition/parent: the unit the question names
  // responsibility: the unit the question places itself in ("qui organise les déménagements
  // à la direction X ?"); the answers are X or units under it. Empty: the whole index.
  std::string scope_unit;
  AnalysedQuery unscoped;  // with scope_unit: the whole focus analysed, for when the scope finds nothing
  // "… au ministère de X": the indexed org X names (org_of_context), empty when none does;
  // context_checked once it has been looked for.
  std::string context_org;
  bool context_checked = false;
  // The org context when no indexed org answers to it ("sports" in "… au ministère des
  // sports"): the answer would be another org's unit, so it is never confident.
  std::string unindexed_org;
  // "Que comprend le secrétariat général ?" with one in each of two orgs: the question names
  // several units equally well; `answers` are those candidates and `confident` is false.
  bool ambiguous = false;
  // "Qui est le directeur de l'INSEE ?" asks for a person, whom the texts do not name:
  // `answers` are the unit the role heads (the org itself for its director), never confident.
  bool asks_person = false;
  // Where to look when not confident: units whose names share the question's words, else the
  // weak candidates (add_suggestions).
  std::vector<Suggestion> suggestions;
};

class Answerer {
 public:
  explicit Answerer(Searcher& searcher) : searcher_(searcher) {}

  // `repair` false: the question's words are searched as typed (Searcher::analyse).
  AnswerSet ask(const std::string& question, size_t max_answers = 5, bool repair = true);

  // The unit a text names ("la division « grands comptes »"), or empty when none fits.
  // Exposed for tests and for the suggest endpoint.
  // `prefer_parents` breaks ties towards units that have sub-units (composition questions).
  std::string resolve_unit(const std::string& text, const std::vector<std::string>& orgs, const std::string& type_hint,
                           bool prefer_parents = false);
  // Every unit that fits the text best (ties within 0.01), best first; empty when none fits.
  // `as_written`: the text with its capitals (the question, when `text` is its lower-cased
  // subject), where a one-letter code is looked for ("la sous-direction D"); default `text`.
  std::vector<std::string> resolve_units(const std::string& text, const std::vector<std::string>& orgs,
                                         const std::string& type_hint, bool prefer_parents = false,
                                         const std::string& as_written = "", double* best_score = nullptr);

 private:
  // The unit a responsibility question places itself in, and the focus without it; empty
  // when none (unit_scope) — and the unit with everything under it (subtree).
  std::pair<std::string, std::string> unit_scope(const std::string& focus, const std::vector<std::string>& orgs);
  std::vector<std::string> subtree(const std::string& unit_id) const;
  // Looks once for the indexed org the question's "… au ministère de X" names: sets
  // out.context_org, or out.unindexed_org (X as typed) when no org answers to it.
  // REQUIRES: out.parsed.org_context is not empty.
  void resolve_org_context(AnswerSet& out);

  Searcher& searcher_;
  // The stems of one name (or alias) of a unit: all of them, and those that are not a unit
  // type's word ("bureau", "sous", "direction"), which resolution compares.
  struct NameStems {
    std::set<std::string> all, content;
  };
  std::unordered_map<std::string, std::vector<NameStems>> name_stems_;  // unit id -> its name and aliases

  // Which units (indexes into Catalog::units()) a resolution can name: by a content stem of a
  // name or alias, by a code alias, or by a name of type words only ("le cabinet").
  struct UnitsByName {
    std::unordered_map<std::string, std::vector<size_t>> by_stem;
    std::vector<size_t> coded, type_words_only;
  };
  std::optional<UnitsByName> units_by_name_;
  // Unit id -> its name folded, for credit_named_unit (the catalog is fixed for the Searcher's life).
  std::unordered_map<std::string, std::string> folded_names_;
  const UnitsByName& units_by_name();
  std::unordered_map<std::string, size_t> units_naming_;  // stem -> number of units whose names contain it
  std::unordered_map<std::string, std::set<std::string>> org_words_;  // org code -> stems of its name and code
  const std::set<std::string>& org_words_of(const std::string& org_code);

  const std::vector<NameStems>& names_of(const Unit& unit);
  size_t units_naming(const std::string& stem);
  std::set<std::string> stems_with_alternatives(const std::string& text) const;
  // For each unit (its passages), the share of the question's idf weight its passages cover.
  // `rarest` (when given) receives, per unit, whether it holds the question's rarest word.
  std::vector<double> coverage(const AnalysedQuery& q, const std::vector<const std::vector<PassageRecord>*>& units,
                               std::vector<bool>* rarest = nullptr) const;
  void set_confidence(AnswerSet& out) const;
  // The first answer's best passage may name another unit that explains every question word it
  // matches ("… comprennent, outre le bureau du personnel et des moyens …" for "qui gère le
  // personnel et les moyens ?"): that unit, under the first answer (or of its org when the org
  // itself answers), then answers first, with the passage as its evidence. Nothing changes when
  // the passage's matches fall outside the names it holds, or two such names tie.
  // At most max_answers answers are left. Returns whether a unit was moved first.
  bool credit_named_unit(AnswerSet& out, size_t max_answers);
  // The first answer's best passage may say that the unit helps another with the question's
  // task ("Apporte son concours au bureau « assistance juridique » pour l'administration des
  // prises maritimes"): in a clause holding one of the lexicon's support phrases and one of the
  // question's words, the unit of the same org named right after the phrase answers first.
  // Two different units so named, or none, move nothing. Returns whether a unit was moved.
  bool credit_supported_unit(AnswerSet& out, size_t max_answers);
  // Puts `unit` first with the first answer's best passage as its first evidence, and the
  // first answer's score, coverage and weight (the passage is why it answers).
  void answer_first(AnswerSet& out, const Unit& unit, size_t max_answers);
  // The stems of `q` (its words, and the expansions that stand for a word fully) found in
  // `text`, without those of `org`'s name, once each in question order.
  std::vector<std::string> asked_stems_in(const AnalysedQuery& q, const std::vector<std::string>& text,
                                          const Org& org) const;
  Answer make_answer(const std::string& unit_key, const std::vector<PassageRecord>& passages, const AnalysedQuery& q,
                     size_t max_evidence);
  // The org a ministry named in passing points to ("du ministère du travail" -> the org
  // whose name has the word, else whose passages use it at least twice as often as any
  // other org's), or empty.
  std::string org_of_context(const std::string& word);
  void answer_responsibility(AnswerSet& out, size_t max_answers);
  // The org a text names by its code or full name ("l'INSEE"), or nullptr.
  const Org* org_named(const std::string& text) const;
  void answer_about_unit(AnswerSet& out, size_t max_answers);
  void answer_person(AnswerSet& out);
};

// Fills `answers.suggestions` when the answer is not confident: units whose names share the
// question's words (names.related), else the first three candidates. The CLI and the server
// both call it, so `quifait ask --json` and /api/ask return the same JSON.
void add_suggestions(AnswerSet& answers, const UnitNameIndex& names, const Catalog& catalog);

// The answer contract (docs/api.md): {"query","intent","confident","confidence","answers":[…]},
// plus "corrected" when words were repaired, "signals" for ranked answers, "ambiguous" with the
// candidates as answers, and "suggestions" when not confident.
nlohmann::json answer_to_json(const AnswerSet& answers, const Catalog& catalog);
// The internal search box's JSON: {"query","total","page","page_size","corrected"?,
// "facets":{"org":{…},"type":{…}},"hits":[{"passage_id","doc","section","unit":{…},"text","highlighted"}]}.
nlohmann::json search_to_json(const std::string& query, const SearchOptions& options, const SearchResults& results,
                              const Searcher& searcher);
// {"id","name","type","org","path"} for a unit id or an org key.
nlohmann::json unit_ref_json(const std::string& unit_key, const Catalog& catalog);

}  // namespace quifait
