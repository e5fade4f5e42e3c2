// Answer quality on the question sets: guards against regressions of ranking and extraction.
#include <catch2/catch.hpp>

#include <filesystem>
#include <sstream>
#include <string>

#include "qa/answerer.h"
#include "qa/eval.h"
#include "search/searcher.h"
#include "test_support.h"
#include "util/error.h"

// Floors for the harder question sets (raise them as quality improves).
constexpr double kDevFloor = 0.97;
constexpr double kParaphraseFloor = 0.80;
constexpr double kArretesFloor = 0.90;

using namespace quifait;
using quifait::test::TempDir;
namespace fs = std::filesystem;

namespace {

struct EvalRun {
  EvalReport report;
  std::string misses;
};

EvalRun run_eval(Searcher& searcher, const std::string& questions) {
  Answerer answerer(searcher);
  std::ostringstream verbose;
  EvalRun run;
  run.report = evaluate_file(answerer, searcher.catalog(), questions, &verbose);
  run.misses = verbose.str();
  return run;
}

}  // namespace

TEST_CASE("the dev questions are answered on the bundled corpus", "[quality]") {
  TempDir dir("quality-dev");
  quifait::test::build_test_index(QUIFAIT_CORPUS_DIR, dir / "index");
  Searcher searcher(dir / "index");
  EvalRun run = run_eval(searcher, quifait::test::test_data("questions-dev.jsonl"));
  WARN("dev.jsonl on corpus/: " << run.report.summary());
  INFO("misses:\n" << run.misses);
  CHECK(run.report.questions >= 40);
  CHECK(run.report.errors == 0);
  CHECK(run.report.none_total > 0);
  CHECK(run.report.none_ok == run.report.none_total);
  REQUIRE(run.report.score >= kDevFloor);
}

TEST_CASE("paraphrased and real-arrêté questions stay above their floors on corpus + arrêtés", "[quality]") {
  TempDir dir("quality-all");
  fs::create_directories(dir.path() / "corpus");
  size_t documents = quifait::test::make_combined_corpus(dir.path() / "corpus", true, true);
  BuildStats stats = quifait::test::build_test_index(dir / "corpus", dir / "index");
  CHECK(stats.documents == documents);
  Searcher searcher(dir / "index");

  SECTION("paraphrases of the seed questions") {
    EvalRun run = run_eval(searcher, std::string(QUIFAIT_TEST_DATA) + "/questions-seeds-paraphrase.jsonl");
    WARN("questions-seeds-paraphrase.jsonl on corpus + arrêtés: " << run.report.summary() << " (floor " << kParaphraseFloor
                                                                   << ")");
    INFO("misses:\n" << run.misses);
    CHECK(run.report.errors == 0);
    CHECK(run.report.none_ok == run.report.none_total);
    REQUIRE(run.report.score >= kParaphraseFloor);
  }
  SECTION("questions on the real arrêtés") {
    EvalRun run = run_eval(searcher, std::string(QUIFAIT_TEST_DATA) + "/questions-arretes.jsonl");
    WARN("questions-arretes.jsonl on corpus + arrêtés: " << run.report.summary() << " (floor " << kArretesFloor << ")");
    INFO("misses:\n" << run.misses);
    CHECK(run.report.errors == 0);
    CHECK(run.report.none_ok == run.report.none_total);
    REQUIRE(run.report.score >= kArretesFloor);
  }
  SECTION("the dev questions still hold with more documents in the index") {
    EvalRun run = run_eval(searcher, quifait::test::test_data("questions-dev.jsonl"));
    WARN("dev.jsonl on corpus + arrêtés: " << run.report.summary());
    INFO("misses:\n" << run.misses);
    CHECK(run.report.none_ok == run.report.none_total);
    REQUIRE(run.report.score >= kDevFloor - 0.05);
  }
}

TEST_CASE("eval_normalise compares names like score.py", "[quality]") {
  struct Case {
    const char* in;
    const char* out;
  };
  const std::vector<Case> cases = {
      {"Le département « INSEE Info service »", "departement insee info service"},
      {"la sous-direction \" centre d'enquêtes statistiques \"", "sous direction centre d enquetes statistiques"},
      {"l'unité de gestion", "unite de gestion"},
      {"L\u2019unité de gestion", "unite de gestion"},
      {"Les cellules", "cellules"},
      {"département de l'offre éditoriale", "departement de l offre editoriale"},
      {"", ""},
  };
  for (const auto& c : cases) {
    INFO(c.in);
    CHECK(eval_normalise(c.in) == c.out);
    CHECK(eval_normalise(c.in) == quifait::test::score_norm(c.in));
  }
}

TEST_CASE("evaluate_file refuses an unreadable or malformed question file naming it", "[quality]") {
  TempDir dir("quality-bad");
  std::string corpus = dir / "corpus";
  quifait::test::write_corpus(corpus, {{"a.txt", "ORG", "Organisme", "Le bureau du courrier assure la réception des plis.\n"}});
  quifait::test::build_test_index(corpus, dir / "index");
  Searcher searcher(dir / "index");
  Answerer answerer(searcher);
  CHECK_THROWS_AS(evaluate_file(answerer, searcher.catalog(), dir / "absent.jsonl", nullptr), QuifaitError);
  quifait::test::write_file(dir.path() / "bad.jsonl",
                            "{\"id\": \"1\", \"q\": \"qui reçoit les plis ?\", \"intent\": \"responsibility\", \"gold\": "
                            "[{\"org\": \"ORG\", \"name\": \"bureau du courrier\"}]}\n{not json\n");
  CHECK_THROWS_WITH(evaluate_file(answerer, searcher.catalog(), dir / "bad.jsonl", nullptr),
                    Catch::Contains("bad.jsonl:2"));
  // A well-formed file is scored: one right answer, one "none" question.
  quifait::test::write_file(dir.path() / "good.jsonl",
                            "{\"id\": \"1\", \"q\": \"qui assure la réception des plis ?\", \"intent\": \"responsibility\", "
                            "\"gold\": [{\"org\": \"ORG\", \"name\": \"Le bureau du courrier\"}]}\n"
                            "\n"
                            "{\"id\": \"2\", \"q\": \"qui délivre les permis de chasse ?\", \"intent\": \"none\", \"gold\": []}\n");
  EvalReport r = evaluate_file(answerer, searcher.catalog(), dir / "good.jsonl", nullptr);
  CHECK(r.questions == 2);
  CHECK(r.hit1 == 1);
  CHECK(r.none_total == 1);
  CHECK(r.none_ok == 1);
  CHECK(r.score == Approx(1.0));
  CHECK_THAT(r.summary(), Catch::Contains("score=1.000"));
}
