// Unit ranking mechanics on small invented corpora: word pairs (proximity), the passage -> unit
// table, and units found beyond the passages of a dominant unit.
#include <catch2/catch.hpp>

#include <random>
#include <set>
#include <string>
#include <vector>

#include "index/index_reader.h"
#include "index/passage_units.h"
#include "index/schema.h"
#include "qa/answerer.h"
#include "search/searcher.h"
#include "test_support.h"

using namespace quifait;
using quifait::test::DocSpec;
using quifait::test::TempDir;

namespace {

std::string unit_named(const Catalog& catalog, const std::string& name) {
  for (const auto& u : catalog.units())
    if (quifait::test::score_norm(u.name) == quifait::test::score_norm(name)) return u.id;
  return "";
}

// The name of the first answer's unit (its key when the org answers).
std::string first_answer(Answerer& answerer, const Catalog& catalog, const std::string& question, size_t max_answers) {
  AnswerSet a = answerer.ask(question, max_answers);
  REQUIRE_FALSE(a.answers.empty());
  CHECK(a.answers.size() <= max_answers);  // a unit credited takes a place, it does not add one
  const Unit* u = catalog.unit(a.answers.front().unit_key);
  return u ? u->name : a.answers.front().unit_key;
}

// A question and the unit that must answer it first.
struct FirstAnswerRow {
  const char* question;
  const char* first;
};

std::string unit_names(const Catalog& catalog, const std::vector<UnitScore>& units) {
  std::string out;
  for (const auto& u : units) {
    const Unit* unit = catalog.unit(u.unit_key);
    out += (unit ? unit->name : u.unit_key) + " (" + std::to_string(u.score) + ")\n";
  }
  return out;
}

// Two units with the same two words: one has them next to each other, in a longer passage
// (which BM25's length normalisation penalises), the other apart in a shorter one.
const char* kProximityDoc =
    "# Article 1\n\n"
    "L'Office des essais comprend le bureau des jardins et le bureau des routes.\n\n"
    "Le bureau des jardins assure la gestion du parc, l'entretien des allées, des bassins, des serres, des pelouses "
    "et des massifs, la taille des arbres, l'arrosage des plantations et le ramassage des feuilles mortes.\n\n"
    "Le bureau des routes assure la gestion des ponts et du parc automobile.\n";

// A corpus of one document in `dir`, indexed; returns the index path.
std::string index_document(const TempDir& dir, const DocSpec& doc) {
  quifait::test::write_corpus(dir / "corpus", {doc});
  quifait::test::build_test_index(dir / "corpus", dir / "index");
  return dir / "index";
}

// The proximity corpus, indexed once for the tests that read it.
const std::string& proximity_index() {
  static TempDir dir("ranking-pairs");
  static const std::string db = index_document(dir, {"office.md", "OE", "Office des essais", kProximityDoc});
  return db;
}

}  // namespace

TEST_CASE("question words next to each other in a passage outweigh the same words apart", "[ranking]") {
  Searcher searcher(proximity_index());
  const Catalog& catalog = searcher.catalog();
  std::string gardens = unit_named(catalog, "bureau des jardins");
  std::string roads = unit_named(catalog, "bureau des routes");
  REQUIRE(!gardens.empty());
  REQUIRE(!roads.empty());

  auto units = searcher.rank_units(searcher.analyse("gestion du parc"), RankOptions{});
  INFO(unit_names(catalog, units));
  REQUIRE(units.size() >= 2);
  CHECK(units[0].unit_key == gardens);

  // Control: one of the two words alone prefers the shorter passage, so the pair decided above.
  auto one_word = searcher.rank_units(searcher.analyse("gestion"), RankOptions{});
  INFO(unit_names(catalog, one_word));
  REQUIRE(!one_word.empty());
  CHECK(one_word[0].unit_key == roads);

  // In the other order the words are not a pair of the text.
  auto reversed = searcher.rank_units(searcher.analyse("parc gestion"), RankOptions{});
  INFO(unit_names(catalog, reversed));
  REQUIRE(!reversed.empty());
  CHECK(reversed[0].unit_key == roads);
}

TEST_CASE("word pair terms filter without changing a passage's length", "[ranking]") {
  OpenIndex index = open_index(proximity_index());
  Xapian::Database& db = index.db;
  // "gestion du parc": two positions apart; "parc ... entretien" too; "gestion ... ponts" is a
  // pair, "gestion ... parc" in the roads passage is not (other words between).
  const std::string gestion_parc = std::string(schema::kBodyPair) + "gestion parc";
  CHECK(db.get_termfreq(gestion_parc) == 1);
  CHECK(db.get_termfreq(std::string(schema::kBodyPair) + "gestion pont") == 1);
  CHECK(db.get_termfreq(std::string(schema::kBodyPair) + "parc gestion") == 0);
  for (auto post = db.postlist_begin(gestion_parc); post != db.postlist_end(gestion_parc); ++post) {
    CHECK(post.get_wdf() == 0);
    // The passage length is the sum of its terms' wdf; the pair terms add nothing. (The index
    // has no term list table: the passage's terms are found through the posting lists.)
    Xapian::termcount sum = 0, pairs = 0;
    for (auto term = db.allterms_begin(); term != db.allterms_end(); ++term) {
      auto p = db.postlist_begin(*term);
      p.skip_to(*post);
      if (p == db.postlist_end(*term) || *p != *post) continue;
      sum += p.get_wdf();
      if ((*term).rfind(schema::kBodyPair, 0) == 0) ++pairs;
    }
    CHECK(pairs >= 3);
    CHECK(db.get_doclength(*post) == sum);
  }
}

TEST_CASE("the passage to unit table names each passage's owning unit", "[ranking]") {
  OpenIndex index = open_index(proximity_index());
  REQUIRE(index.passage_units);
  const PassageUnits& table = *index.passage_units;
  size_t passages = 0;
  for (auto it = index.db.postlist_begin(""); it != index.db.postlist_end(""); ++it) {
    ++passages;
    uint32_t ordinal = table.unit_of(*it);
    REQUIRE(ordinal != PassageUnits::kNoUnit);
    CHECK(table.key(ordinal) == index.db.get_document(*it).get_value(schema::kValueUnit));
  }
  CHECK(passages == index.db.get_doccount());
  CHECK(table.unit_of(index.db.get_lastdocid() + 1) == PassageUnits::kNoUnit);
  CHECK(table.unit_of(0) == PassageUnits::kNoUnit);
}

TEST_CASE("a unit holding all the best passages does not hide the other units", "[ranking]") {
  // One bureau with 260 distinct paragraphs about "subventions" (more than the passages a
  // question's match keeps), and 12 other bureaux that mention them once in a longer text.
  std::mt19937 rng(11);
  const std::vector<std::string> vocabulary = {"associations", "communes", "dossiers", "montants", "versements",
                                               "contrôles",    "bilans",   "projets",  "crédits",  "départements",
                                               "écoles",       "musées",   "théâtres", "clubs",    "villages",
                                               "festivals",    "ateliers", "chantiers", "ports",   "refuges"};
  std::string main_doc = "# Article 1\n\nL'Office des aides comprend le bureau des subventions";
  std::vector<std::string> others;
  for (int i = 0; i < 12; ++i) others.push_back("bureau numéro " + std::to_string(i + 1));
  for (const auto& o : others) main_doc += ", le " + o;
  main_doc += ".\n\n## Le bureau des subventions\n\n";
  for (int p = 0; p < 260; ++p) {
    std::string para = "Les subventions";
    for (int w = 0; w < 6; ++w) para += " " + vocabulary[rng() % vocabulary.size()] + (w % 2 ? " et" : " des");
    main_doc += para + " n° " + std::to_string(p + 1) + " sont instruites.\n\n";
  }
  main_doc += "# Article 2\n\n";
  for (size_t i = 0; i < others.size(); ++i) {
    main_doc += "Le " + others[i] + " tient les registres, classe les archives, répond au courrier, prépare les " +
                "réunions, suit les marchés publics, rédige les comptes rendus et verse parfois des subventions " +
                vocabulary[i] + ".\n\n";
  }
  TempDir dir("ranking-diverse");
  Searcher searcher(index_document(dir, {"aides.md", "OA", "Office des aides", main_doc}));
  const Catalog& catalog = searcher.catalog();
  std::string main_unit = unit_named(catalog, "bureau des subventions");
  REQUIRE(!main_unit.empty());
  REQUIRE(searcher.passages_of(main_unit, 1000).size() > 250);

  RankOptions ten;
  ten.max_units = ten.min_units = 10;
  auto units = searcher.rank_units(searcher.analyse("subventions"), ten);
  INFO(unit_names(catalog, units));
  REQUIRE(units.size() == 10);
  CHECK(units[0].unit_key == main_unit);
  std::set<std::string> distinct;
  for (const auto& u : units) distinct.insert(u.unit_key);
  CHECK(distinct.size() == 10);
  // Each unit's score sums at most a few of its passages.
  CHECK(units[0].passages.size() <= 4);
  // Asking for at least one unit: the best passages hold it, there is no second round (all
  // of them are the main unit's).
  RankOptions one;
  one.max_units = 10;
  one.min_units = 1;
  auto first_round = searcher.rank_units(searcher.analyse("subventions"), one);
  INFO(unit_names(catalog, first_round));
  REQUIRE(first_round.size() == 1);
  CHECK(first_round[0].unit_key == main_unit);
}

// A unit the text only names, in another unit's or the org's passage, answers when its name
// holds every subject word that passage matches; the passage's owner answers when it says the
// thing itself.
TEST_CASE("a unit named in a passage answers for the words of its own name", "[ranking]") {
  TempDir dir("named-unit");
  quifait::test::write_corpus(
      dir.path(),
      {{"tresor.txt", "TRES", "Services centraux de la direction du Trésor",
        "Les services centraux de la direction du Trésor comprennent, outre le bureau du personnel et des moyens "
        "et la mission de contrôle des activités financières, quatre services.\n\n"
        "Le service des affaires internationales comprend le bureau des changes et le bureau des crédits à "
        "l'exportation.\n\n"
        "Le service des affaires internationales assure la gestion des crédits à l'exportation et suit la "
        "balance des paiements."}});
  quifait::test::build_test_index(dir.str(), dir / "index");
  Searcher searcher(dir / "index");
  Answerer answerer(searcher);
  const FirstAnswerRow rows[] = {
      // Only named, in the org's own passage; "direction du Trésor" places the question.
      {"qui gère le personnel et les moyens de la direction du Trésor ?", "bureau du personnel et des moyens"},
      {"Qui s'occupe des activités financières ?", "mission de contrôle des activités financières"},
      // Named in its parent's list, whose only matched words are in the bureau's name.
      {"Qui s'occupe des changes ?", "bureau des changes"},
      // The service's own text says it manages export credits: "gestion" is outside the
      // bureau's name, so the service answers.
      {"Qui assure la gestion des crédits à l'exportation ?", "service des affaires internationales"},
      {"Qui suit la balance des paiements ?", "service des affaires internationales"},
  };
  for (const auto& row : rows) {
    INFO(row.question);
    CHECK(first_answer(answerer, searcher.catalog(), row.question, 2) == row.first);
  }
  // The passage that names the unit is its first evidence.
  AnswerSet a = answerer.ask("Qui s'occupe des changes ?", 2);
  REQUIRE_FALSE(a.answers.empty());
  REQUIRE_FALSE(a.answers[0].evidence.empty());
  CHECK_THAT(a.answers[0].evidence[0].passage.text, Catch::Contains("le bureau des changes"));
}

TEST_CASE("a unit whose one passage holds the whole question covers it more than one whose passages share it out",
          "[ranking]") {
  TempDir dir("single-passage");
  quifait::test::write_corpus(
      dir.path(),
      {{"dir.txt", "DIRT", "Direction test",
        "Le bureau des tutelles exerce la tutelle de l'agence nationale du développement rural.\n\n"
        "Le service des établissements exerce la tutelle des écoles nationales.\n\n"
        "Le service des établissements suit le développement rural des territoires et les agences de l'eau.\n\n"
        "Le bureau des moyens gère les locaux."}});
  quifait::test::build_test_index(dir.str(), dir / "index");
  Searcher searcher(dir / "index");
  Answerer answerer(searcher);
  AnswerSet a = answerer.ask("Qui exerce la tutelle de l'agence nationale du développement rural ?", 3);
  REQUIRE(a.answers.size() >= 2);
  auto coverage_of = [&](const std::string& name) {
    for (const Answer& x : a.answers) {
      const Unit* u = searcher.catalog().unit(x.unit_key);
      if (u && quifait::test::score_norm(u->name) == quifait::test::score_norm(name)) return x.coverage;
    }
    return -1.0;
  };
  const double whole = coverage_of("bureau des tutelles"), scattered = coverage_of("service des établissements");
  REQUIRE(whole >= 0);
  REQUIRE(scattered >= 0);
  CHECK(whole == Approx(1.0));
  CHECK(scattered < whole);
  CHECK(searcher.catalog().unit(a.answers.front().unit_key)->name == "bureau des tutelles");
}

TEST_CASE("a unit that lends its help to another for a task gives the answer to that other unit", "[ranking]") {
  TempDir dir("supported-unit");
  quifait::test::write_corpus(
      dir.path(),
      {{"sca.txt", "SCAT", "Service test",
        "Le service test comprend la sous-direction des métiers, la sous-direction juridique et le bureau de "
        "l'assistance juridique.\n\n"
        "La sous-direction des métiers organise la comptabilité des stocks ; elle apporte son concours au bureau "
        "de l'assistance juridique pour l'administration des prises maritimes ; elle suit les achats.\n\n"
        "La sous-direction juridique assure le règlement des réquisitions avec l'appui de la sous-direction des métiers.\n\n"
        "Le bureau de l'assistance juridique conseille les bases de défense."}});
  quifait::test::build_test_index(dir.str(), dir / "index");
  Searcher searcher(dir / "index");
  Answerer answerer(searcher);
  const FirstAnswerRow rows[] = {
      // The support phrase's clause holds the question: the unit helped answers.
      {"Qui administre les prises maritimes ?", "bureau de l'assistance juridique"},
      // Another clause of the same passage: the unit's own task.
      {"Qui organise la comptabilité des stocks ?", "sous-direction des métiers"},
      // "avec l'appui de" names the helper, not the unit helped: the subject answers.
      {"Qui règle les réquisitions ?", "sous-direction juridique"},
  };
  for (const auto& row : rows) {
    INFO(row.question);
    CHECK(first_answer(answerer, searcher.catalog(), row.question, 3) == row.first);
  }
}
