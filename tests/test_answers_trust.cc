// Answers a citizen can trust: ambiguity said aloud, an org's composition, list headers that are
// not evidence, French words not "repaired", one answer JSON with suggestions for CLI and HTTP.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "qa/answerer.h"
#include "search/searcher.h"
#include "search/suggester.h"
#include "test_support.h"

using namespace quifait;
using quifait::test::TempDir;

namespace {

struct TrustFixture {
  TempDir dir{"trust"};
  std::unique_ptr<Searcher> searcher;
  std::unique_ptr<Answerer> answerer;
  TrustFixture() {
    quifait::test::write_corpus(
        dir.path(),
        {{"alpha.txt", "ALPHA", "Agence alpha",
          "Le secrétariat général comprend :\n- le bureau du budget ;\n- le bureau des achats.\n\n"
          "Le bureau du budget prépare le budget de l'agence.\n\n"
          "Le bureau des achats passe les marchés publics de l'agence.\n\n"
          "La direction des études conduit les études statistiques."},
         {"beta.txt", "BETA", "Office beta",
          "Le secrétariat général comprend :\n- le bureau des ressources humaines.\n\n"
          "Le bureau des ressources humaines gère les carrières et le traitement des agents de l'office."}});
    quifait::test::build_test_index(dir.str(), dir / "index");
    searcher = std::make_unique<Searcher>(dir / "index");
    answerer = std::make_unique<Answerer>(*searcher);
  }
};

TrustFixture& fixture() {
  static TrustFixture f;
  return f;
}

std::string first_name(const AnswerSet& a, const Catalog& c) {
  return a.answers.empty() ? "" : unit_ref_json(a.answers.front().unit_key, c)["name"].get<std::string>();
}

}  // namespace

TEST_CASE("a unit name two orgs share is answered with both candidates, not a silent pick", "[answers][trust]") {
  TrustFixture& f = fixture();
  AnswerSet a = f.answerer->ask("Que comprend le secrétariat général ?");
  CHECK(a.ambiguous);
  CHECK_FALSE(a.confident);
  REQUIRE(a.answers.size() == 2);
  std::set<std::string> orgs;
  for (const auto& ans : a.answers) orgs.insert(unit_ref_json(ans.unit_key, f.searcher->catalog())["org"].get<std::string>());
  CHECK(orgs == std::set<std::string>{"ALPHA", "BETA"});
  UnitNameIndex names(f.searcher->catalog(), f.searcher->analyzer());
  add_suggestions(a, names, f.searcher->catalog());
  nlohmann::json j = answer_to_json(a, f.searcher->catalog());
  CHECK(j["ambiguous"] == true);
  REQUIRE(j["suggestions"].size() == 2);  // the candidates, to choose from
  // Naming the org settles it.
  AnswerSet named = f.answerer->ask("Que comprend le secrétariat général de l'office beta ?");
  CHECK_FALSE(named.ambiguous);
  CHECK(named.confident);
  CHECK(first_name(named, f.searcher->catalog()) == "bureau des ressources humaines");
}

TEST_CASE("'que comprend' an org answers with the org's top-level units", "[answers][trust]") {
  TrustFixture& f = fixture();
  AnswerSet a = f.answerer->ask("que comprend ALPHA ?");
  CHECK(a.confident);
  std::set<std::string> names;
  for (const auto& ans : a.answers) names.insert(unit_ref_json(ans.unit_key, f.searcher->catalog())["name"].get<std::string>());
  CHECK(names == std::set<std::string>{"secrétariat général", "direction des études"});
}

TEST_CASE("a list header with nothing after its colon is not evidence", "[answers][trust]") {
  TrustFixture& f = fixture();
  AnswerSet a = f.answerer->ask("Quelles sont les missions du secrétariat général de l'agence alpha ?");
  for (const auto& ans : a.answers)
    for (const auto& e : ans.evidence) {
      INFO(e.passage.text);
      CHECK(e.passage.text.find("comprend :") == std::string::npos);
    }
}

TEST_CASE("a French word the corpus lacks is not repaired into another word", "[answers][trust]") {
  TrustFixture& f = fixture();
  // "traduit" is French (hunspell-fr knows it): no "trait", no "traitement".
  AnswerSet a = f.answerer->ask("qui traduit les documents");
  CHECK_FALSE(a.analysed.corrected);
  bool flagged = false;
  for (const auto& w : a.analysed.words) flagged = flagged || w.french_unindexed;
  CHECK(flagged);
  // A typo is still repaired.
  AnswerSet typo = f.answerer->ask("qui prépare le budjet");
  CHECK(typo.analysed.corrected);
  CHECK(first_name(typo, f.searcher->catalog()) == "bureau du budget");
}

TEST_CASE("a French word is not split into a glued elision and a word of the corpus", "[answers][trust]") {
  TrustFixture& f = fixture();
  // "sports" is not "s'ports"; "lagence" is still "l'agence".
  AnswerSet a = f.answerer->ask("qui s'occupe des sports");
  CHECK_FALSE(a.analysed.corrected);
  for (const auto& w : a.analysed.words)
    if (w.stem == "sport") CHECK(w.french_unindexed);
  for (auto [q, unit] : std::vector<std::pair<const char*, const char*>>{
           {"qui passe les marchés publics de lagence", "bureau des achats"}, {"qui prépare le budget de lagence", "bureau du budget"}}) {
    INFO(q);
    AnswerSet glued = f.answerer->ask(q);
    CHECK(glued.analysed.corrected);
    CHECK(first_name(glued, f.searcher->catalog()) == unit);
  }
}

TEST_CASE("a question placed in a ministry the index does not hold is never answered confidently", "[answers][trust]") {
  TrustFixture& f = fixture();
  AnswerSet held = f.answerer->ask("Qui passe les marchés publics de l'agence alpha ?");
  REQUIRE_FALSE(held.answers.empty());
  CHECK(held.unindexed_org.empty());
  // The same words, placed in a ministry no indexed text is about: the first unit would be
  // another org's.
  AnswerSet elsewhere = f.answerer->ask("Qui passe les marchés publics au ministère des sports ?");
  CHECK(elsewhere.unindexed_org == "sports");
  CHECK_FALSE(elsewhere.confident);
  CHECK(elsewhere.confidence == 0.0);
  CHECK(answer_to_json(elsewhere, f.searcher->catalog())["unindexed_org"] == "sports");
}

TEST_CASE("a proper noun is not repaired into a word of the corpus, typed with or without its capital", "[answers][trust]") {
  TempDir corpus("proper-noun-corpus");
  quifait::test::write_corpus(
      corpus.path(), {{"europe.txt", "EUR", "Direction de l'Europe",
                       "La sous-direction de la Russie et de l'Europe orientale suit les relations avec la Russie.\n\n"
                       "Le bureau de la politique urbaine suit les questions d'aménagement urbain."}});
  TempDir db("proper-noun-db");
  quifait::test::build_test_index(corpus.str(), db / "index");
  Searcher searcher(db / "index");
  Answerer answerer(searcher);
  // Before, the parser's folded focus reached hunspell as "ukraine", which it does not know,
  // and the spelling table turned it into "urbaine".
  for (const char* q : {"Qui suit les relations avec la Russie et l'Ukraine ?", "qui suit les relations avec la russie et l'ukraine"}) {
    INFO(q);
    AnswerSet a = answerer.ask(q);
    CHECK_FALSE(a.analysed.corrected);
    CHECK(first_name(a, searcher.catalog()) == "sous-direction de la Russie et de l'Europe orientale");
  }
}

TEST_CASE("an answer carries a confidence between 0 and 1 and its signals in the JSON", "[answers][trust]") {
  TrustFixture& f = fixture();
  AnswerSet right = f.answerer->ask("qui passe les marchés publics ?");
  CHECK(right.confident);
  CHECK(right.confidence >= ConfidenceModel::standard().threshold());
  AnswerSet away = f.answerer->ask("qui gère les parcs nationaux et les pompiers ?");
  CHECK_FALSE(away.confident);
  CHECK(away.confidence < right.confidence);
  nlohmann::json j = answer_to_json(right, f.searcher->catalog());
  REQUIRE(j.contains("confidence"));
  CHECK(j["confidence"].get<double>() <= 1.0);
  REQUIRE(j.contains("signals"));
  CHECK(j["signals"].contains("coverage"));
  CHECK_FALSE(j.contains("suggestions"));  // confident: nothing to suggest
}

namespace {

// The name of the first unit answered; the question must have an answer that is a unit.
std::string first_unit_name(Answerer& answerer, Searcher& searcher, const std::string& question) {
  AnswerSet a = answerer.ask(question);
  REQUIRE_FALSE(a.answers.empty());
  const Unit* u = searcher.catalog().unit(a.answers.front().unit_key);
  REQUIRE(u);
  return u->name;
}

}  // namespace

TEST_CASE("a unit named by its code in a question is that unit, not another with the same digit", "[answers][trust]") {
  TempDir corpus("codes-corpus");
  quifait::test::make_real_corpus(corpus.path(), "arretes-dev", "arretes-dev/manifest.json");
  TempDir db("codes-db");
  quifait::test::build_test_index(corpus.str(), db / "index");
  Searcher searcher(db / "index");
  Answerer answerer(searcher);
  struct Row {
    const char* question;
    const char* unit_name_starts;
  };
  const Row rows[] = {
      {"Que fait le bureau D/3 de la douane ?", "bureau D/3"},
      {"quelles sont les missions du bureau A/3 ?", "bureau A/3"},
      {"quelles sont les missions du bureau C3", "bureau du droit processuel et du droit social (C3)"},
      {"de qui dépend le bureau D/3 ?", "sous-direction D"},
      {"quelles sont les missions de la sous-direction D ?", "sous-direction D"},
      // The elided "d'" is no code D, and a lower-case "a" after a type word is the verb.
      {"De quelle direction dépend la sous-direction d'Océanie ?", "direction d'Asie et d'Océanie"},
  };
  for (const auto& r : rows) {
    INFO(r.question);
    CHECK_THAT(first_unit_name(answerer, searcher, r.question), Catch::StartsWith(r.unit_name_starts));
  }
}

TEST_CASE("a question placed in a unit ('à la direction X') is answered by X or a unit under it", "[answers][trust]") {
  TempDir corpus("scope-corpus");
  quifait::test::write_corpus(
      corpus.path(),
      {{"agence.txt", "APU", "Agence des parcs urbains",
        "# Article 1\n\nL'Agence des parcs urbains comprend la direction des jardins et la direction des fontaines.\n\n"
        "# Article 2\n\nLa direction des jardins comprend le bureau des moyens et le bureau des plantations.\n\n"
        "Le bureau des moyens prépare le budget et organise les déménagements des équipes.\n\n"
        "Le bureau des plantations assure la taille des arbres.\n\n"
        "# Article 3\n\nLa direction des fontaines comprend la cellule logistique et le bureau des bassins.\n\n"
        "La cellule logistique prépare le budget, organise les déménagements et gère les véhicules de la direction.\n\n"
        "Le bureau des bassins assure l'entretien des fontaines.\n"}});
  TempDir db("scope-db");
  quifait::test::build_test_index(corpus.str(), db / "index");
  Searcher searcher(db / "index");
  Answerer answerer(searcher);
  struct Row {
    const char* question;
    const char* first_unit;
  };
  const Row rows[] = {
      {"Qui organise les déménagements à la direction des jardins ?", "bureau des moyens"},
      {"Qui organise les déménagements à la direction des fontaines ?", "cellule logistique"},
      {"qui prépare le budget au sein de la direction des jardins", "bureau des moyens"},
      // No unit under the one named says it: searched everywhere, as without the scope.
      {"Qui gère les véhicules à la direction des jardins ?", "cellule logistique"},
  };
  for (const auto& r : rows) {
    INFO(r.question);
    CHECK(first_unit_name(answerer, searcher, r.question) == r.first_unit);
  }
}

TEST_CASE("a question asking for a person answers the unit the role heads, never confidently", "[answers][trust]") {
  TrustFixture f;
  // The director of an org heads the org itself.
  AnswerSet director = f.answerer->ask("Qui est le directeur de l'agence alpha ?", 5);
  CHECK(director.asks_person);
  CHECK_FALSE(director.confident);
  CHECK(director.confidence == 0.0);
  REQUIRE(director.answers.size() == 1);
  CHECK(director.answers[0].unit_key == Catalog::org_key("ALPHA"));
  // A role of a named unit: that unit.
  AnswerSet chief = f.answerer->ask("qui est le chef du bureau des achats", 5);
  CHECK(chief.asks_person);
  CHECK_FALSE(chief.confident);
  REQUIRE_FALSE(chief.answers.empty());
  CHECK(f.searcher->catalog().unit(chief.answers[0].unit_key)->name == "bureau des achats");
  // The secretary general of an org: its secrétariat général, not the org.
  AnswerSet secretary = f.answerer->ask("Qui est le secrétaire général de l'office beta ?", 5);
  REQUIRE(secretary.answers.size() == 1);
  const Unit* sg = f.searcher->catalog().unit(secretary.answers[0].unit_key);
  REQUIRE(sg != nullptr);
  CHECK(sg->name == "secrétariat général");
  CHECK(sg->org == "BETA");
  // A role whose unit does not exist: nothing, rather than a unit of another type.
  AnswerSet none = f.answerer->ask("Qui est le sous-directeur des licornes ?", 5);
  CHECK(none.asks_person);
  CHECK(none.answers.empty());
  // The JSON says so.
  nlohmann::json j = answer_to_json(director, f.searcher->catalog());
  CHECK(j.at("asks_person") == true);
  CHECK(j.at("confident") == false);
}

TEST_CASE("a text's closing formula is never an answer's evidence, and keyword search still finds it", "[answers][trust]") {
  TempDir dir("closing-formula");
  quifait::test::write_corpus(
      dir.path(), {{"gamma.txt", "GAMMA", "Direction gamma",
                    "La direction gamma comprend :\n- le bureau des publications ;\n- le bureau des programmes.\n\n"
                    "Le bureau des publications édite les rapports annuels de la direction.\n\n"
                    "Le bureau des programmes est chargé de l'exécution du présent programme d'investissement.\n\n"
                    "Le directeur gamma est chargé de l'exécution du présent arrêté, qui sera publié au Journal "
                    "officiel de la République française."}});
  quifait::test::build_test_index(dir.str(), dir / "index");
  Searcher searcher(dir / "index");
  Answerer answerer(searcher);
  const std::string formula = "exécution du présent arrêté";
  for (const char* question : {"Qui est chargé de l'exécution des arrêtés publiés au Journal officiel ?",
                               "Quelles sont les missions de la direction gamma ?", "qui publie les rapports",
                               "Quelles sont les missions du bureau des publications ?"}) {
    INFO(question);
    AnswerSet a = answerer.ask(question, 5);
    for (const Answer& answer : a.answers)
      for (const Evidence& e : answer.evidence) CHECK(e.passage.text.find(formula) == std::string::npos);
  }
  // "l'exécution du présent programme" is a mission, not the text's closing formula.
  AnswerSet programme = answerer.ask("Qui exécute le programme d'investissement ?", 5);
  REQUIRE_FALSE(programme.answers.empty());
  CHECK(unit_ref_json(programme.answers.front().unit_key, searcher.catalog())["name"] == "bureau des programmes");
  SearchOptions options;
  SearchResults found = searcher.search("exécution Journal officiel", options);
  REQUIRE_FALSE(found.hits.empty());
  CHECK(found.hits.front().text.find(formula) != std::string::npos);
}
