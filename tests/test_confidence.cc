// qa/confidence.h: the fitted confidence, and how far it can be trusted on questions it was not
// fitted on (tests/data/questions-calibration-heldout-b.jsonl over tests/data/heldout-b, -c over heldout-c).
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "corpus/tree_eval.h"
#include "qa/answerer.h"
#include "qa/confidence.h"
#include "qa/eval.h"
#include "search/searcher.h"
#include "test_support.h"
#include "util/error.h"

using namespace quifait;
using quifait::test::TempDir;

TEST_CASE("a confidence model file names its features, and a bad one is refused with its name", "[confidence]") {
  CHECK_THROWS_WITH(ConfidenceModel::from_json("{", "m.json"), Catch::Contains("m.json"));
  CHECK_THROWS_WITH(ConfidenceModel::from_json(R"({"features":["shoe size"],"weights":[1],"bias":0,"threshold":0.5})", "m.json"),
                    Catch::Contains("unknown feature"));
  CHECK_THROWS_WITH(ConfidenceModel::from_json(R"({"features":["coverage"],"weights":[1,2],"bias":0,"threshold":0.5})", "m.json"),
                    Catch::Contains("same length"));
  ConfidenceModel m = ConfidenceModel::from_json(
      R"({"features":["coverage","unindexed_french"],"weights":[4,-4],"means":[0.5,0],"scales":[1,1],"bias":0,"threshold":0.5})", "m");
  ConfidenceSignals low, high, absent;
  low.coverage = 0.2;
  high.coverage = 0.9;
  absent.coverage = 0.9;
  absent.unindexed_french = 0.8;  // "police" in a corpus without police
  CHECK(m.probability(low) < 0.5);
  CHECK(m.probability(high) > 0.5);
  CHECK(m.probability(absent) < m.probability(high));
}

TEST_CASE("the shipped confidence model loads and weighs coverage up and missing French words down", "[confidence]") {
  const ConfidenceModel& m = ConfidenceModel::standard();
  ConfidenceSignals base;
  base.coverage = 0.6;
  base.margin = 0.3;
  base.words = 3;
  ConfidenceSignals covered = base, missing = base;
  covered.coverage = 1.0;
  missing.unindexed_french = 0.7;
  CHECK(m.probability(covered) > m.probability(base));
  CHECK(m.probability(missing) < m.probability(base));
  CHECK(m.threshold() > 0.0);
  CHECK(m.threshold() < 1.0);
}

// The held-out splits were written by separate readers from the texts of tests/data/heldout-b
// (2011-2012), tests/data/heldout-c (1991, 2009; written after the model's signals were chosen)
// and tests/data/heldout-d (1991, 2012, 2013; written on 2026-12-02, second session, after the
// opening-verb signal; its misses then led to the closing-formula filter and three extractor
// mechanisms) and never fitted on (one miss of c, k056, then led to Answerer::credit_named_unit, which left its
// confident answers as they were). Floors are the figures measured when the model was fitted
// (lexicon/confidence.json "reliability_heldout_per_set", refitted on 2026-12-02, third session,
// after the untyped attached unit, the ministry named inside a question, the single-passage
// share of coverage and the support phrases: b 28 confident answers all right, 0.78 of in-scope
// questions confident; c 27 of 29 right, 0.81; d 30 of 31 right, 0.83, 9 of 10 out-of-scope
// questions rejected), less a question's worth: they guard against regressions. Pooled, the
// three sets are held to the issue's bars: confident precision 0.95 (measured 0.966, 85 of 88),
// 80 % of in-scope questions confident (0.806, 87 of 108) and 95 % of out-of-scope ones
// rejected (0.967, 29 of 30). The threshold is the least-cost one among those where the fitted
// split's precision reaches 0.95; see docs/confidence.md.
struct HeldOutSet {
  const char* texts;
  const char* questions;
  double min_precision, min_coverage, min_rejection;
};
const HeldOutSet kHeldOutSets[] = {
    {"heldout-b", "questions-calibration-heldout-b.jsonl", 0.96, 0.75, 0.9},
    {"heldout-c", "questions-calibration-heldout-c.jsonl", 0.89, 0.77, 0.9},
    {"heldout-d", "questions-calibration-heldout-d.jsonl", 0.93, 0.80, 0.8},
};
// The issue's bars for the held-out split.
constexpr double kPooledMinPrecision = 0.95, kPooledMinCoverage = 0.80, kPooledMinRejection = 0.95;

TEST_CASE("on held-out questions confident answers stay right and out-of-scope ones are rejected", "[confidence][quality]") {
  size_t pooled_confident = 0, pooled_right = 0, pooled_in = 0, pooled_in_confident = 0, pooled_out = 0, pooled_rejected = 0;
  for (const HeldOutSet& set : kHeldOutSets) {
    INFO("held-out set " << set.texts);
    TempDir corpus("heldout-corpus");
    quifait::test::make_real_corpus(corpus.path(), set.texts, std::string(set.texts) + "/manifest.json");
    TempDir db("heldout-db");
    quifait::test::build_test_index(corpus.str(), db / "index");
    Searcher searcher(db / "index");
    Answerer answerer(searcher);
    std::vector<GoldUnit> gold = load_gold_tree(quifait::test::test_data(std::string(set.texts) + "/units.json"));
    // The same evaluator as `quifait eval` and scripts/fit-confidence.py: one notion of "right".
    EvalReport report = evaluate_file(answerer, searcher.catalog(), quifait::test::test_data(set.questions), nullptr, &gold);
    REQUIRE(report.errors == 0);
    size_t confident = 0, right = 0, in_scope = 0, in_scope_confident = 0, out_of_scope = 0, rejected = 0;
    for (const QuestionOutcome& o : report.outcomes) {
      if (o.answered_as != Intent::kResponsibility && o.answered_as != Intent::kSearch) continue;
      INFO(o.id << " confidence " << o.confidence << " right " << o.first_right);
      CHECK(o.confidence >= 0.0);
      CHECK(o.confidence <= 1.0);
      bool out = o.set_intent == "none";
      CHECK_FALSE((out && o.first_right));
      (out ? out_of_scope : in_scope) += 1;
      if (out) rejected += !o.confident;
      else in_scope_confident += o.confident;
      if (o.confident) {
        ++confident;
        right += o.first_right;
      }
    }
    double precision = confident ? static_cast<double>(right) / static_cast<double>(confident) : 1.0;
    double coverage = static_cast<double>(in_scope_confident) / static_cast<double>(in_scope);
    double rejection = static_cast<double>(rejected) / static_cast<double>(out_of_scope);
    WARN(set.texts << ": confident precision " << precision << " (" << confident << " confident), in-scope confident "
                   << coverage << ", out-of-scope rejected " << rejection);
    REQUIRE(in_scope >= 30);
    REQUIRE(out_of_scope >= 8);
    CHECK(precision >= set.min_precision);
    CHECK(coverage >= set.min_coverage);
    CHECK(rejection >= set.min_rejection);
    pooled_confident += confident;
    pooled_right += right;
    pooled_in += in_scope;
    pooled_in_confident += in_scope_confident;
    pooled_out += out_of_scope;
    pooled_rejected += rejected;
  }
  auto share = [](size_t a, size_t b) { return b ? static_cast<double>(a) / static_cast<double>(b) : 1.0; };
  WARN("pooled: confident precision " << share(pooled_right, pooled_confident) << ", in-scope confident "
                                      << share(pooled_in_confident, pooled_in) << ", out-of-scope rejected "
                                      << share(pooled_rejected, pooled_out));
  CHECK(share(pooled_right, pooled_confident) >= kPooledMinPrecision);
  CHECK(share(pooled_in_confident, pooled_in) >= kPooledMinCoverage);
  CHECK(share(pooled_rejected, pooled_out) >= kPooledMinRejection);
}

TEST_CASE("the name signals say how much of the question the first unit's name and its units' names hold", "[confidence]") {
  TempDir dir("name-signals");
  quifait::test::write_corpus(
      dir.path(), {{"dir.txt", "DIRT", "Direction test",
                    "La sous-direction des libertés publiques comprend :\n- le bureau des associations et fondations ;\n"
                    "- le bureau des élections.\n\n"
                    "La sous-direction des libertés publiques assure le contrôle des fondations reconnues d'utilité publique.\n\n"
                    "Le bureau des élections organise les scrutins."}});
  quifait::test::build_test_index(dir.str(), dir / "index");
  Searcher searcher(dir / "index");
  Answerer answerer(searcher);

  AnswerSet parent = answerer.ask("Qui contrôle les fondations reconnues d'utilité publique ?", 3);
  REQUIRE_FALSE(parent.answers.empty());
  REQUIRE(searcher.catalog().unit(parent.answers[0].unit_key)->name == "sous-direction des libertés publiques");
  CHECK(parent.signals.name_coverage > 0.0);  // "publiques"
  CHECK(parent.signals.name_coverage < 0.5);
  CHECK(parent.signals.child_named > 0.0);  // its bureau is named after the fondations
  CHECK(parent.signals.named().count("child_named") == 1);

  AnswerSet named = answerer.ask("Qui organise les élections ?", 3);
  REQUIRE_FALSE(named.answers.empty());
  REQUIRE(searcher.catalog().unit(named.answers[0].unit_key)->name == "bureau des élections");
  CHECK(named.signals.name_coverage > 0.0);
  CHECK(named.signals.child_named == 0.0);  // a bureau has no units under it
}

TEST_CASE("an opening verb the texts do not use is the asker's wording, not an unindexed subject", "[confidence]") {
  TempDir dir("predicate-signal");
  quifait::test::write_corpus(
      dir.path(), {{"dir.txt", "DIRT", "Direction test",
                    "La sous-direction des affaires bancaires assure la tutelle des banques.\n\n"
                    "Le bureau des élections organise les scrutins."}});
  quifait::test::build_test_index(dir.str(), dir / "index");
  Searcher searcher(dir / "index");
  Answerer answerer(searcher);

  // "surveille" is French and in no passage: it is the question's verb, so it counts apart
  // and the focus is "banques", which the first unit's evidence holds.
  AnswerSet verb = answerer.ask("qui surveille les banques", 3);
  REQUIRE_FALSE(verb.answers.empty());
  CHECK(searcher.catalog().unit(verb.answers[0].unit_key)->name == "sous-direction des affaires bancaires");
  CHECK(verb.signals.predicate_unindexed > 0.0);
  CHECK(verb.signals.unindexed_french == 0.0);
  CHECK(verb.signals.focus_covered == 1.0);

  // A reflexive verb with its elided pronoun, typed with a curly apostrophe.
  AnswerSet reflexive = answerer.ask("qui s\u2019intéresse aux banques", 3);
  CHECK(reflexive.signals.predicate_unindexed > 0.0);
  CHECK(reflexive.signals.unindexed_french == 0.0);

  // A verb alone is the whole question ("qui recrute"): it stays an unindexed subject.
  AnswerSet alone = answerer.ask("qui recrute", 3);
  CHECK(alone.signals.predicate_unindexed == 0.0);

  // The same absent word as the object is what the question is about: unindexed, the focus.
  AnswerSet object = answerer.ask("qui s'occupe de la surveillance des banques", 3);
  CHECK(object.signals.predicate_unindexed == 0.0);
  CHECK(object.signals.unindexed_french > 0.0);
  CHECK(object.signals.focus_covered == 0.0);
}
