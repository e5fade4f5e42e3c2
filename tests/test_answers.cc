// End to end on a small invented corpus: build_index, open_index, Searcher, Answerer, JSON contract.
#include <catch2/catch.hpp>

#include <algorithm>
#include <memory>
#include <set>
#include <unordered_map>
#include <unordered_set>
#include <string>
#include <vector>

#include "analysis/unicode.h"
#include "index/index_builder.h"
#include "index/index_reader.h"
#include "qa/answerer.h"
#include "search/highlight.h"
#include "search/searcher.h"
#include "test_support.h"
#include "util/error.h"

using namespace quifait;
using quifait::test::DocSpec;
using quifait::test::TempDir;

namespace {

// An invented organisation, written for these tests in the style of an organisation decree.
const char* kOrg = "ANF";
const char* kOrgName = "Agence nationale des fréquences";

const char* kDocGeneral =
    "# Article 1\n"
    "\n"
    "L'Agence nationale des fréquences comprend la direction de l'administration générale, la direction technique et "
    "le département de la communication.\n"
    "\n"
    "# Article 2\n"
    "\n"
    "La direction de l'administration générale comprend :\n"
    "\u2015 le département des ressources humaines ;\n"
    "\u2015 le département des affaires immobilières et de la logistique ;\n"
    "\u2015 le bureau du budget et de la comptabilité.\n"
    "\n"
    "Le département des ressources humaines assure le recrutement des agents, la gestion des carrières et la "
    "rémunération des personnels. Il prépare les concours et organise la formation continue.\n"
    "\n"
    "Le département des affaires immobilières et de la logistique assure la gestion du parc immobilier de l'agence, "
    "l'entretien des bâtiments et les achats de fournitures. Il organise les déménagements des services.\n"
    "\n"
    "Le bureau du budget et de la comptabilité prépare le budget de l'agence et tient la comptabilité générale.\n";

const char* kDocTechnique =
    "# Article 3\n"
    "\n"
    "La direction technique comprend :\n"
    "\u2015 la division « contrôle du spectre » ;\n"
    "\u2015 la division « planification des fréquences » ;\n"
    "\u2015 la division « systèmes d'information ».\n"
    "\n"
    "La division « contrôle du spectre » assure la surveillance des émissions radioélectriques et instruit les "
    "plaintes pour brouillage. Elle exploite les stations de mesure.\n"
    "\n"
    "La division « planification des fréquences » élabore le tableau national de répartition des bandes de "
    "fréquences et prépare les conférences internationales.\n"
    "\n"
    "La division « systèmes d'information » administre les serveurs, le réseau et les matériels informatiques ; elle "
    "assure l'assistance aux utilisateurs.\n";

const char* kDocCommunication =
    "# Article 4\n"
    "\n"
    "Le département de la communication assure les relations avec la presse et la publication du site internet de "
    "l'agence. Il répond aux demandes d'information du public.\n"
    "\n"
    "Il édite la lettre <script>alert(\"x\")</script> & le rapport annuel de l'agence.\n";

std::vector<DocSpec> test_docs() {
  return {{"anf-general.txt", kOrg, kOrgName, kDocGeneral},
          {"anf-technique.txt", kOrg, kOrgName, kDocTechnique},
          {"anf-communication.md", kOrg, kOrgName, kDocCommunication}};
}

// One index of the invented corpus, built once for the whole file.
struct Fixture {
  TempDir dir{"answers"};
  std::string corpus = dir / "corpus";
  std::string db = dir / "index";
  BuildStats stats;
  std::unique_ptr<Searcher> searcher;
  std::unique_ptr<Answerer> answerer;
  Fixture() {
    quifait::test::write_corpus(corpus, test_docs());
    stats = quifait::test::build_test_index(corpus, db);
    searcher = std::make_unique<Searcher>(db);
    answerer = std::make_unique<Answerer>(*searcher);
  }
};

Fixture& fixture() {
  static Fixture f;
  return f;
}

std::string unit_id_named(const std::string& name) {
  for (const auto& u : fixture().searcher->catalog().units())
    if (quifait::test::score_norm(u.name) == quifait::test::score_norm(name)) return u.id;
  return "";
}

std::string describe(const AnswerSet& a) {
  std::string out = "intent=" + std::string(intent_name(a.intent)) + " confident=" + (a.confident ? "true" : "false");
  for (const auto& ans : a.answers) {
    const Unit* u = fixture().searcher->catalog().unit(ans.unit_key);
    out += "\n  " + (u ? u->name : ans.unit_key) + " score=" + std::to_string(ans.score) +
           " coverage=" + std::to_string(ans.coverage);
  }
  return out;
}

std::string first_unit(const AnswerSet& a) { return a.answers.empty() ? std::string("(none)") : a.answers.front().unit_key; }

}  // namespace

TEST_CASE("the invented corpus is indexed with its units and passages", "[answers]") {
  Fixture& f = fixture();
  CHECK(f.stats.documents == 3);
  CHECK(f.stats.units >= 9);
  CHECK(f.stats.passages >= 8);
  CHECK(f.stats.synonyms > 0);
  const Catalog& catalog = f.searcher->catalog();
  REQUIRE(catalog.orgs().size() == 1);
  CHECK(catalog.orgs()[0].code == kOrg);
  CHECK(catalog.orgs()[0].name == kOrgName);
  for (const char* name : {"direction de l'administration générale", "direction technique", "département de la communication",
                           "département des ressources humaines", "département des affaires immobilières et de la logistique",
                           "bureau du budget et de la comptabilité", "division « contrôle du spectre »",
                           "division « planification des fréquences »", "division « systèmes d'information »"}) {
    INFO(name);
    CHECK_FALSE(unit_id_named(name).empty());
  }
  CHECK(f.searcher->passage_count() == f.stats.passages);
}

TEST_CASE("a responsibility question ranks the unit that does it first, with highlighted evidence", "[answers]") {
  Fixture& f = fixture();
  AnswerSet a = f.answerer->ask("Qui gère le parc immobilier ?");
  INFO(describe(a));
  CHECK(a.intent == Intent::kResponsibility);
  CHECK(a.confident);
  REQUIRE_FALSE(a.answers.empty());
  CHECK(first_unit(a) == unit_id_named("département des affaires immobilières et de la logistique"));
  REQUIRE_FALSE(a.answers[0].evidence.empty());
  const Evidence& e = a.answers[0].evidence[0];
  CHECK_THAT(e.highlighted, Catch::Contains("<mark>"));
  CHECK_THAT(e.highlighted, Catch::Contains("</mark>"));
  CHECK_THAT(e.passage.text, Catch::Contains("parc immobilier"));
  CHECK(e.passage.org == kOrg);
  CHECK(e.passage.unit_key == first_unit(a));
  // Scores are ranked best first.
  for (size_t i = 1; i < a.answers.size(); ++i) CHECK(a.answers[i - 1].score >= a.answers[i].score);
}

TEST_CASE("everyday words reach the administrative wording through the lexicon", "[answers]") {
  struct Case {
    const char* question;
    const char* unit;
  };
  const std::vector<Case> cases = {
      {"qui s'occupe des locaux ?", "département des affaires immobilières et de la logistique"},
      {"qui s'occupe de la paie ?", "département des ressources humaines"},
      {"à qui s'adresser pour une question de salaire ?", "département des ressources humaines"},
      {"qui gère les ordinateurs ?", "division « systèmes d'information »"},
      {"qui s'occupe des journalistes ?", "département de la communication"},
  };
  Fixture& f = fixture();
  for (const auto& c : cases) {
    AnswerSet a = f.answerer->ask(c.question);
    INFO(c.question << " -> " << describe(a));
    CHECK(first_unit(a) == unit_id_named(c.unit));
  }
}

TEST_CASE("a question the corpus does not answer is not confident", "[answers]") {
  Fixture& f = fixture();
  for (const char* q : {"qui délivre les permis de chasse ?", "qui organise les élections municipales ?"}) {
    AnswerSet a = f.answerer->ask(q);
    INFO(q << " -> " << describe(a));
    CHECK_FALSE(a.confident);
  }
}

TEST_CASE("a composition question returns the children in document order", "[answers]") {
  Fixture& f = fixture();
  AnswerSet a = f.answerer->ask("que comprend la direction technique ?");
  INFO(describe(a));
  CHECK(a.intent == Intent::kComposition);
  CHECK(a.confident);
  CHECK(a.resolved_unit == unit_id_named("direction technique"));
  std::vector<std::string> got;
  for (const auto& ans : a.answers) got.push_back(ans.unit_key);
  CHECK(got == std::vector<std::string>{unit_id_named("division « contrôle du spectre »"),
                                        unit_id_named("division « planification des fréquences »"),
                                        unit_id_named("division « systèmes d'information »")});

  AnswerSet b = f.answerer->ask("quels départements composent la direction de l'administration générale ?");
  INFO(describe(b));
  CHECK(b.intent == Intent::kComposition);
  REQUIRE(b.answers.size() >= 2);
  CHECK(b.answers[0].unit_key == unit_id_named("département des ressources humaines"));
  CHECK(b.answers[1].unit_key == unit_id_named("département des affaires immobilières et de la logistique"));
}

TEST_CASE("a parent question returns the parent first", "[answers]") {
  Fixture& f = fixture();
  struct Case {
    const char* question;
    const char* parent;
  };
  const std::vector<Case> cases = {
      {"de quelle direction dépend la division « contrôle du spectre » ?", "direction technique"},
      {"à quelle direction est rattaché le bureau du budget et de la comptabilité ?", "direction de l'administration générale"},
      {"de quelle direction depend le departement des ressources humaines", "direction de l'administration générale"},
  };
  for (const auto& c : cases) {
    AnswerSet a = f.answerer->ask(c.question);
    INFO(c.question << " -> " << describe(a));
    CHECK(a.intent == Intent::kParent);
    CHECK(first_unit(a) == unit_id_named(c.parent));
  }
}

TEST_CASE("a missions question returns the unit first with its passages", "[answers]") {
  Fixture& f = fixture();
  AnswerSet a = f.answerer->ask("quelles sont les missions du département de la communication ?");
  INFO(describe(a));
  CHECK(a.intent == Intent::kMissions);
  CHECK(a.confident);
  REQUIRE_FALSE(a.answers.empty());
  CHECK(first_unit(a) == unit_id_named("département de la communication"));
  REQUIRE_FALSE(a.answers[0].evidence.empty());
  CHECK_THAT(a.answers[0].evidence[0].passage.text, Catch::Contains("relations avec la presse"));

  AnswerSet b = f.answerer->ask("que fait la division « planification des fréquences » ?");
  INFO(describe(b));
  CHECK(b.intent == Intent::kMissions);
  CHECK(first_unit(b) == unit_id_named("division « planification des fréquences »"));
}

TEST_CASE("capitals and missing accents give the same first unit", "[answers]") {
  Fixture& f = fixture();
  struct Case {
    const char* plain;
    const char* shouted;
  };
  const std::vector<Case> cases = {
      {"Qui gère le parc immobilier ?", "QUI GERE LE PARC IMMOBILIER"},
      {"qui s'occupe de la rémunération des personnels ?", "QUI S OCCUPE DE LA REMUNERATION DES PERSONNELS"},
      {"qui élabore le tableau de répartition des bandes de fréquences ?",
       "qui elabore le tableau de repartition des bandes de frequences"},
  };
  for (const auto& c : cases) {
    AnswerSet a = f.answerer->ask(c.plain);
    AnswerSet b = f.answerer->ask(c.shouted);
    INFO(c.plain << " -> " << describe(a));
    INFO(c.shouted << " -> " << describe(b));
    REQUIRE_FALSE(a.answers.empty());
    CHECK(first_unit(a) == first_unit(b));
    CHECK(a.confident == b.confident);
  }
}

TEST_CASE("resolve_unit tolerates variants of a unit's name", "[answers]") {
  Fixture& f = fixture();
  struct Case {
    const char* text;
    const char* unit;  // "" when nothing must resolve
  };
  const std::vector<Case> cases = {
      {"le département des ressources humaines", "département des ressources humaines"},
      {"département chargé des ressources humaines", "département des ressources humaines"},
      {"la division contrôle du spectre", "division « contrôle du spectre »"},
      {"division \"controle du spectre\"", "division « contrôle du spectre »"},
      {"le departement des affaires immobilieres", "département des affaires immobilières et de la logistique"},
      {"la direction technique", "direction technique"},
      {"le bureau des permis de chasse", ""},
  };
  for (const auto& c : cases) {
    std::string got = f.answerer->resolve_unit(c.text, {}, "");
    INFO(c.text << " -> [" << got << "]");
    CHECK(got == (std::string(c.unit).empty() ? std::string() : unit_id_named(c.unit)));
  }
  // An org filter that excludes the unit's org resolves nothing.
  CHECK(f.answerer->resolve_unit("la direction technique", {"AUTRE"}, "").empty());
}

TEST_CASE("HTML in the corpus is escaped in highlighted evidence", "[answers]") {
  Fixture& f = fixture();
  AnswerSet a = f.answerer->ask("qui édite le rapport annuel et la lettre ?");
  INFO(describe(a));
  bool seen = false;
  for (const auto& ans : a.answers)
    for (const auto& e : ans.evidence) {
      CHECK(e.highlighted.find("<script") == std::string::npos);
      CHECK(e.highlighted.find("</script") == std::string::npos);
      if (e.passage.text.find("<script>") != std::string::npos) {
        seen = true;
        CHECK_THAT(e.highlighted, Catch::Contains("&lt;script&gt;"));
        CHECK_THAT(e.highlighted, Catch::Contains("&amp;"));
      }
    }
  CHECK(seen);
  // The JSON view carries the same escaped text, the plain text stays plain.
  auto j = answer_to_json(a, f.searcher->catalog());
  for (const auto& ans : j["answers"])
    for (const auto& e : ans["evidence"]) CHECK(e["highlighted"].get<std::string>().find("<script") == std::string::npos);
}

TEST_CASE("highlight escapes HTML and marks only matching words", "[answers]") {
  const FrenchAnalyzer& an = quifait::test::project_analyzer();
  std::unordered_set<std::string> stems;
  for (const auto& s : an.content_stems("archivage immobilier")) stems.insert(s);
  std::string h = highlight(an, "l'archivage du parc <b>immobilier</b> & \"co\"", stems);
  CHECK(h.find("<b>") == std::string::npos);
  CHECK_THAT(h, Catch::Contains("&lt;b&gt;"));
  CHECK_THAT(h, Catch::Contains("&amp;"));
  CHECK_THAT(h, Catch::Contains("<mark>archivage</mark>"));
  CHECK_THAT(h, Catch::Contains("<mark>immobilier</mark>"));
  CHECK(h.find("<mark>parc") == std::string::npos);
  CHECK(html_escape("<a href=\"x\">&</a>").find_first_of("<>\"") == std::string::npos);
  // Neighbouring marked words share one mark.
  std::unordered_set<std::string> both;
  for (const auto& s : an.content_stems("parc immobilier")) both.insert(s);
  CHECK_THAT(highlight(an, "la gestion du parc immobilier", both), Catch::Contains("<mark>parc immobilier</mark>"));
}

TEST_CASE("a long passage is shown as an excerpt around the question's words", "[answers]") {
  const FrenchAnalyzer& an = quifait::test::project_analyzer();
  std::unordered_map<std::string, double> stems;
  for (const auto& s : an.content_stems("archivage des dossiers")) stems[s] = 1.0;
  // Short: unchanged.
  CHECK(excerpt(an, "Le bureau assure l'archivage.", stems, 200) == "Le bureau assure l'archivage.");
  // Long: the part with both words (the first "archivage" alone comes earlier), cut between
  // words, with an ellipsis on each side; multi-byte letters everywhere around the cuts.
  std::string filler;
  while (filler.size() < 3000) filler += "éléments généraux ";
  std::string text = "Première mention de l'archivage. " + filler + "Le bureau assure l'archivage des dossiers. " + filler;
  std::string e = excerpt(an, text, stems, 400);
  INFO(e);
  CHECK(e.size() <= 400 + 2 * std::string(" …").size());
  CHECK_THAT(e, Catch::Contains("l'archivage des dossiers"));
  CHECK_THAT(e, Catch::StartsWith("… "));
  CHECK_THAT(e, Catch::EndsWith(" …"));
  CHECK_FALSE(unicode::first_invalid_utf8(e));
  CHECK(e.find(" … ") == std::string::npos);
  std::string inner = e.substr(std::string("… ").size(), e.size() - 2 * std::string("… ").size());
  CHECK(text.find(inner) != std::string::npos);
  // No matching word: the start of the text.
  std::unordered_map<std::string, double> absent = {{"zzz", 1.0}};
  std::string start = excerpt(an, text, absent, 400);
  CHECK_THAT(start, Catch::StartsWith("Première mention"));
  CHECK_THAT(start, Catch::EndsWith(" …"));
  // One unbroken 5,000-byte "word": still cut on a character boundary.
  std::string word;
  while (word.size() < 5000) word += "é";
  std::string cut = excerpt(an, word, stems, 101);
  CHECK_FALSE(unicode::first_invalid_utf8(cut));
  CHECK(cut.size() <= 101 + std::string(" …").size());
  // A rare word outweighs several common ones: the excerpt goes to it.
  std::string common;
  while (common.size() < 3000) common += "les dossiers de l'archivage ";
  std::string rare_text = common + "Le registre des scellés est tenu à part. " + common;
  std::unordered_map<std::string, double> weighted = stems;
  for (const auto& s : an.content_stems("scellés")) weighted[s] = 10.0;
  CHECK_THAT(excerpt(an, rare_text, weighted, 400), Catch::Contains("registre des scellés"));
}

TEST_CASE("unusable questions are refused with BadRequest", "[answers]") {
  Fixture& f = fixture();
  const std::vector<std::string> bad = {
      "", "   ", " \t\n ", std::string(501, 'a'), std::string(300, 'a') + " " + std::string(300, 'b'),
      "qui g\xe8re le parc ?", std::string("qui\0", 4),
  };
  for (const auto& q : bad) {
    INFO("question of " << q.size() << " bytes");
    CHECK_THROWS_AS(f.answerer->ask(q), BadRequest);
  }
  // 500 characters (not bytes) is still accepted.
  std::string long_ok;
  while (quifait::unicode::length(long_ok) + 6 <= 500) long_ok += "gérer ";
  CHECK(long_ok.size() > 500);
  CHECK_NOTHROW(f.answerer->ask(long_ok));
}

TEST_CASE("answer_to_json has the fields of the answer contract", "[answers]") {
  Fixture& f = fixture();
  for (const char* q : {"Qui gère le parc immobilier ?", "que comprend la direction technique ?",
                        "de quelle direction dépend la division « contrôle du spectre » ?"}) {
    AnswerSet a = f.answerer->ask(q);
    nlohmann::json j = answer_to_json(a, f.searcher->catalog());
    INFO(j.dump(1));
    REQUIRE(j.is_object());
    CHECK(j["query"] == a.query);
    CHECK(j["intent"].is_string());
    CHECK(j["intent"] == intent_name(a.intent));
    CHECK(j["confident"].is_boolean());
    REQUIRE(j["answers"].is_array());
    REQUIRE_FALSE(j["answers"].empty());
    for (const auto& ans : j["answers"]) {
      const auto& u = ans["unit"];
      for (const char* key : {"id", "name", "type", "org"}) {
        INFO(key);
        REQUIRE(u.contains(key));
        CHECK(u[key].is_string());
      }
      REQUIRE(u["path"].is_array());
      REQUIRE(u["path"].size() >= 2);
      CHECK(u["path"][0] == kOrg);
      CHECK(u["path"].back() == u["name"]);
      CHECK(u["org"] == kOrg);
      CHECK(ans["score"].is_number());
      REQUIRE(ans["evidence"].is_array());
      for (const auto& e : ans["evidence"]) {
        for (const char* key : {"passage_id", "doc", "text", "highlighted"}) {
          INFO(key);
          REQUIRE(e.contains(key));
          CHECK(e[key].is_string());
        }
      }
    }
  }
  // The parent's path is a prefix of its child's path.
  AnswerSet a = f.answerer->ask("de quelle direction dépend la division « contrôle du spectre » ?");
  auto j = answer_to_json(a, f.searcher->catalog());
  REQUIRE_FALSE(j["answers"].empty());
  auto parent_path = j["answers"][0]["unit"]["path"];
  CHECK(parent_path == nlohmann::json({kOrg, "direction technique"}));
  const Unit* division = f.searcher->catalog().unit(unit_id_named("division « contrôle du spectre »"));
  REQUIRE(division);
  CHECK(f.searcher->catalog().path(*division) ==
        std::vector<std::string>{kOrg, "direction technique", division->name});
}

TEST_CASE("search returns highlighted passages with org and type facets", "[answers]") {
  Fixture& f = fixture();
  SearchOptions options;
  SearchResults r = f.searcher->search("gestion", options);
  REQUIRE_FALSE(r.hits.empty());
  CHECK(r.total >= r.hits.size());
  CHECK(r.org_facets.count(kOrg) == 1);
  CHECK_FALSE(r.type_facets.empty());
  options.type = "division";
  SearchResults only_divisions = f.searcher->search("assure", options);
  for (const auto& h : only_divisions.hits) {
    const Unit* u = f.searcher->catalog().unit(h.unit_key);
    REQUIRE(u);
    CHECK(u->type == "division");
  }
  options.type.clear();
  options.org = "AUTRE";
  CHECK(f.searcher->search("gestion", options).hits.empty());
}

// ---------------------------------------------------------------------------------------
// Index lifecycle.

namespace {

std::set<std::string> unit_names(const OpenIndex& index) {
  std::set<std::string> out;
  for (const auto& u : index.catalog->units()) out.insert(u.name);
  return out;
}

}  // namespace

TEST_CASE("rebuilding an index switches to the new generation", "[answers][index]") {
  TempDir dir("rebuild");
  std::string corpus = dir / "corpus", db = dir / "index";
  quifait::test::write_corpus(corpus, {{"a.txt", "ORG", "Organisme", "Le bureau du courrier assure la réception des plis.\n"}});
  BuildStats first = quifait::test::build_test_index(corpus, db);
  OpenIndex one = open_index(db);
  CHECK(unit_names(one).count("bureau du courrier") == 1);
  CHECK(unit_names(one).count("bureau des archives") == 0);
  CHECK(current_generation(db) == one.generation);
  CHECK(std::filesystem::equivalent(first.generation_path, one.generation));

  quifait::test::write_corpus(corpus, {{"a.txt", "ORG", "Organisme", "Le bureau du courrier assure la réception des plis.\n"},
                                       {"b.txt", "ORG", "Organisme", "Le bureau des archives assure la conservation des dossiers.\n"}});
  BuildStats second = quifait::test::build_test_index(corpus, db);
  CHECK(second.generation_path != first.generation_path);
  OpenIndex two = open_index(db);
  CHECK(two.generation != one.generation);
  CHECK(current_generation(db) == two.generation);
  CHECK(unit_names(two).count("bureau des archives") == 1);
  CHECK(two.db.get_doccount() == second.passages);
  Searcher s(db);
  SearchResults r = s.search("conservation des dossiers", SearchOptions{});
  REQUIRE_FALSE(r.hits.empty());
  CHECK_THAT(r.hits[0].text, Catch::Contains("archives"));
}

TEST_CASE("a failed build leaves the previous index serving", "[answers][index]") {
  TempDir dir("failed");
  std::string corpus = dir / "corpus", db = dir / "index";
  quifait::test::write_corpus(corpus, {{"a.txt", "ORG", "Organisme", "Le bureau du courrier assure la réception des plis.\n"}});
  quifait::test::build_test_index(corpus, db);
  std::string generation = current_generation(db);
  REQUIRE_FALSE(generation.empty());

  SECTION("a document with invalid UTF-8") {
    quifait::test::write_corpus(corpus, {{"a.txt", "ORG", "Organisme", "Le bureau du courrier assure la réception des plis.\n"},
                                         {"b.txt", "ORG", "Organisme", "Le bureau des archives assure la conservation\xff.\n"}});
    CHECK_THROWS_AS(quifait::test::build_test_index(corpus, db), CorpusError);
    CHECK_THROWS_WITH(quifait::test::build_test_index(corpus, db), Catch::Contains("b.txt"));
  }
  SECTION("a manifest that does not parse") {
    quifait::test::write_file(std::filesystem::path(corpus) / "corpus.json", "{ not json");
    CHECK_THROWS_AS(quifait::test::build_test_index(corpus, db), CorpusError);
  }
  SECTION("a missing corpus directory") {
    CHECK_THROWS_AS(quifait::test::build_test_index(dir / "absent", db), CorpusError);
  }
  CHECK(current_generation(db) == generation);
  OpenIndex index = open_index(db);
  CHECK(index.generation == generation);
  CHECK(unit_names(index) == std::set<std::string>{"bureau du courrier"});
  Searcher s(db);
  CHECK_FALSE(s.search("réception des plis", SearchOptions{}).hits.empty());
}

TEST_CASE("opening a missing index says how to build one", "[answers][index]") {
  TempDir dir("missing");
  std::string db = dir / "no-index-here";
  CHECK_THROWS_AS(open_index(db), IndexError);
  CHECK_THROWS_WITH(open_index(db), Catch::Contains("quifait index"));
  CHECK_THROWS_AS(Searcher(db), IndexError);
}

TEST_CASE("opening a directory of garbage files is an IndexError", "[answers][index]") {
  TempDir dir("garbage");
  quifait::test::write_file(dir.path() / "garbage" / "iamchert", "this is not a xapian database");
  quifait::test::write_file(dir.path() / "garbage" / "postlist.glass", std::string(4096, '\x42'));
  quifait::test::write_file(dir.path() / "garbage" / "notes.txt", "hello");
  CHECK_THROWS_AS(open_index(dir / "garbage"), IndexError);
  // An empty directory is not an index either.
  std::filesystem::create_directories(dir.path() / "empty");
  CHECK_THROWS_AS(open_index(dir / "empty"), IndexError);
}

TEST_CASE("build_index refuses to overwrite something that is not an index", "[answers][index]") {
  TempDir dir("overwrite");
  std::string corpus = dir / "corpus";
  quifait::test::write_corpus(corpus, {{"a.txt", "ORG", "Organisme", "Le bureau du courrier assure la réception des plis.\n"}});
  quifait::test::write_file(dir.path() / "precious" / "data.txt", "keep me");
  CHECK_THROWS_AS(quifait::test::build_test_index(corpus, dir / "precious"), IndexError);
  CHECK(quifait::test::read_file(dir.path() / "precious" / "data.txt") == "keep me");
}

TEST_CASE("a ministry named in passing steers the answer to the org whose texts speak of it", "[answers]") {
  TempDir dir("ctx");
  std::string farm =
      "# Article 1\n\nLa direction des affaires générales comprend le bureau des achats et le bureau du personnel.\n\n"
      "Le bureau des achats assure l'achat des ordinateurs et des fournitures des services de l'agriculture.\n\n"
      "Le bureau du personnel gère les agents des services de l'agriculture et de la pêche, et les concours de "
      "l'enseignement agricole relevant de l'agriculture.\n";
  std::string sea =
      "# Article 1\n\nLa direction de l'administration comprend le bureau de l'équipement et le bureau de la paie.\n\n"
      "Le bureau de l'équipement assure l'achat des ordinateurs, des téléphones et des véhicules des services de "
      "la mer.\n\n"
      "Le bureau de la paie assure la rémunération des agents des affaires de la mer et des gens de mer.\n";
  test::write_corpus(dir / "corpus", {{"dag.txt", "DAG", "Direction des affaires générales", farm},
                                      {"dam.txt", "DAM", "Direction de l'administration maritime", sea}});
  test::build_test_index(dir / "corpus", dir / "index");
  Searcher searcher(dir / "index");
  Answerer answerer(searcher);
  auto farm_answer = answerer.ask("Qui achète les ordinateurs du ministère de l'agriculture ?");
  REQUIRE(!farm_answer.answers.empty());
  CHECK(searcher.catalog().unit(farm_answer.answers[0].unit_key)->name == "bureau des achats");
  auto sea_answer = answerer.ask("Qui achète les ordinateurs au ministère de la mer ?");
  REQUIRE(!sea_answer.answers.empty());
  CHECK(searcher.catalog().unit(sea_answer.answers[0].unit_key)->name == "bureau de l'équipement");
}
