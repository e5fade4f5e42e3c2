// qa/confidence.h: the fitted confidence, and how far it can be trusted on questions it was not
// fitted on (tests/data/questions-calibration-heldout.jsonl over tests/data/heldout).
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

namespace {

struct Reliability {
  size_t confident = 0, confident_right = 0, in_scope = 0, in_scope_confident = 0, out_of_scope = 0, rejected = 0;
};

}  // namespace

// The held-out split was written by a separate reader and never fitted on. Floors are the
// figures measured when the model was fitted (lexicon/confidence.json "reliability_heldout"),
// less a question's worth: they guard against regressions. The issue's targets (precision 0.95
// with 80 % of in-scope questions confident) are not reached yet; see docs/confidence.md.
TEST_CASE("on held-out questions confident answers stay mostly right and out-of-scope ones are rejected", "[confidence][quality]") {
  TempDir corpus("heldout-corpus");
  quifait::test::make_real_corpus(corpus.path(), "heldout", "heldout/manifest.json");
  TempDir db("heldout-db");
  quifait::test::build_test_index(corpus.str(), db / "index");
  Searcher searcher(db / "index");
  Answerer answerer(searcher);
  std::vector<GoldUnit> gold = load_gold_tree(quifait::test::test_data("heldout/units.json"));
  std::ifstream in(quifait::test::test_data("questions-calibration-heldout.jsonl"));
  Reliability r;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    auto q = nlohmann::json::parse(line);
    AnswerSet a = answerer.ask(q["q"].get<std::string>());
    if (a.intent != Intent::kResponsibility && a.intent != Intent::kSearch) continue;
    bool in_scope = q["intent"] != "none";
    bool right = false;
    if (!a.answers.empty()) {
      nlohmann::json unit = unit_ref_json(a.answers.front().unit_key, searcher.catalog());
      for (const auto& g : q["gold"]) {
        std::string want = eval_normalise(g["name"].get<std::string>());
        for (const auto& u : gold) {
          if (u.org != g["org"].get<std::string>()) continue;
          bool is_gold = eval_normalise(u.name) == want;
          for (const auto& al : u.aliases) is_gold = is_gold || eval_normalise(al) == want;
          if (!is_gold) continue;
          bool named = eval_normalise(unit["name"].get<std::string>()) == eval_normalise(u.name);
          for (const auto& al : u.aliases) named = named || eval_normalise(unit["name"].get<std::string>()) == eval_normalise(al);
          right = right || (named && unit["org"] == g["org"]);
        }
      }
    }
    INFO(q["id"].get<std::string>() << " confidence " << a.confidence << " right " << right);
    CHECK(a.confidence >= 0.0);
    CHECK(a.confidence <= 1.0);
    CHECK(a.confident == (a.confidence >= ConfidenceModel::standard().threshold()));
    if (in_scope) {
      ++r.in_scope;
      r.in_scope_confident += a.confident;
    } else {
      ++r.out_of_scope;
      r.rejected += !a.confident;
    }
    if (a.confident) {
      ++r.confident;
      r.confident_right += right;
    }
  }
  double precision = r.confident ? static_cast<double>(r.confident_right) / static_cast<double>(r.confident) : 1.0;
  double in_scope_confident = static_cast<double>(r.in_scope_confident) / static_cast<double>(r.in_scope);
  double rejected = static_cast<double>(r.rejected) / static_cast<double>(r.out_of_scope);
  WARN("held-out: confident precision " << precision << " (" << r.confident << " confident), in-scope confident "
                                          << in_scope_confident << ", out-of-scope rejected " << rejected);
  REQUIRE(r.in_scope >= 20);
  REQUIRE(r.out_of_scope >= 8);
  CHECK(precision >= 0.62);
  CHECK(in_scope_confident >= 0.55);
  CHECK(rejected >= 0.9);
}
