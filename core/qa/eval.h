// quifait: measuring answer quality on a question file (`quifait eval`, and the tests
// that guard quality).
//
// A question file is JSON lines {"id","q","intent","gold":[{"org","name"}]} as in
// shared/eval/dev.jsonl. Scoring follows shared/eval/score.py: responsibility, missions
// and parent score the reciprocal rank of the first gold unit in the top 5; composition
// scores the F1 between returned and gold units; "none" is right when the answer is not
// confident or empty. A unit matches a gold entry when, within the same org, one of its
// names (name or alias) equals the gold name after lower-casing, removing accents,
// quotes, punctuation and a leading article.
// Throws QuifaitError when the file cannot be read or a line does not parse (naming it).
#pragma once
#include <ostream>
#include <string>

#include "corpus/tree_eval.h"
#include "qa/answerer.h"

namespace quifait {

// One question as it was answered: what the confidence model is fitted on
// (scripts/fit-confidence.py reads these through `quifait eval --outcomes FILE`).
struct QuestionOutcome {
  std::string id, set_intent;   // the question's id and its labelled intent ("none": out of scope)
  Intent answered_as = Intent::kResponsibility;
  bool first_right = false;     // the first unit is gold (never for an out-of-scope question)
  bool confident = false;
  double confidence = 0;
  ConfidenceSignals signals;    // meaningful for ranked answers (responsibility, search)
};

struct EvalReport {
  size_t questions = 0, ranked = 0, hit1 = 0, hit3 = 0, none_total = 0, none_ok = 0, errors = 0;
  double rr_sum = 0, composition_sum = 0, score_sum = 0, score = 0;
  size_t composition_n = 0;
  // Trust (docs/confidence.md): confident answers to ranked questions (responsibility, missions,
  // parent) and to out-of-scope ones; right when the first unit is gold (never for out of scope).
  size_t confident = 0, confident_right = 0, ranked_confident = 0;
  std::vector<QuestionOutcome> outcomes;  // one per question answered without error, in file order
  double confident_precision() const { return confident ? static_cast<double>(confident_right) / static_cast<double>(confident) : 1.0; }
  std::string summary() const;
};

// Normalised name used for matching ("Le département « X »" -> "departement x").
std::string eval_normalise(const std::string& name);

// `units` (optional): a gold tree whose aliases also name its units, as score.py's --units does
// (a question's gold "département X" then matches a unit named "département X (DIM)").
EvalReport evaluate_file(Answerer& answerer, const Catalog& catalog, const std::string& path, std::ostream* verbose,
                         const std::vector<GoldUnit>* units = nullptr);

}  // namespace quifait
