// quifait: how far an answer can be trusted, as a probability fitted on labelled questions.
//
// The answerer measures a few signals for every responsibility question (ConfidenceSignals);
// ConfidenceModel turns them into P(the first unit is right) with a logistic regression whose
// weights, feature names and decision threshold live in a data file (lexicon/confidence.json,
// written by scripts/fit-confidence.py from tests/data question sets; see docs/confidence.md).
// `confident` is probability >= threshold: the threshold was chosen on the fitting split for a
// confident precision of at least 0.95.
//
// Thread safety: a ConfidenceModel is immutable; standard() is loaded once.
#pragma once
#include <map>
#include <string>
#include <vector>

namespace quifait {

struct ConfidenceSignals {
  double coverage = 0;          // share of the question's idf weight the first unit's evidence covers
  double unindexed_french = 0;  // idf share of French words no passage holds ("police"), the opening verb aside
  double predicate_unindexed = 0;  // idf share of the opening verb ("qui surveille …") when no passage holds it
  double unknown = 0;           // idf share of other words no passage holds (unrepaired typos)
  double margin = 0;            // (first - second) / first, of the answers' combined scores; 1 alone
  double focus_covered = 0;     // 1 when the question's rarest word (absent ones count as rarest) is in the first unit's evidence
  double second_coverage = 0;   // coverage of the second unit
  double words = 0;             // content words of the question
  double log_weight = 0;        // log(1 + retrieval weight of the first unit)
  double name_coverage = 0;     // idf share of the question's words in the first unit's own name
  // The most of the question that a unit under the first one (two levels down) has in its name
  // and the first's name has not (idf share): "qui contrôle les fondations ?" answered with a
  // sous-direction whose bureau is "des associations et fondations".
  double child_named = 0;

  // The signals by the names the model file uses.
  std::map<std::string, double> named() const;
};

class ConfidenceModel {
 public:
  // lexicon/confidence.json under data_dir(), loaded once. Throws QuifaitError naming the file.
  static const ConfidenceModel& standard();
  // Throws QuifaitError naming `name` when a feature is unknown or a field missing.
  static ConfidenceModel from_json(const std::string& json_text, const std::string& name);

  double probability(const ConfidenceSignals& s) const;
  double threshold() const { return threshold_; }

 private:
  std::vector<std::string> features_;
  std::vector<double> weights_, means_, scales_;
  double bias_ = 0, threshold_ = 0.5;
};

}  // namespace quifait
