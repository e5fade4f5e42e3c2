// Morphological families from hunspell-fr and lexicon/families.json: a question's verb meets the
// text's action noun ("qui gère" / "la gestion"), and the other way round.
#include <catch2/catch.hpp>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "analysis/word_families.h"
#include "qa/answerer.h"
#include "search/searcher.h"
#include "test_support.h"
#include "util/error.h"
#include "util/paths.h"

using namespace quifait;
using quifait::test::TempDir;

namespace {

bool contains(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

std::string describe(const std::vector<std::string>& v) {
  std::string out = "[";
  for (const auto& s : v) out += (out.size() > 1 ? ", " : "") + s;
  return out + "]";
}

}  // namespace

TEST_CASE("a verb form reaches its action noun and a noun its verb, where Snowball does not conflate them", "[families]") {
  struct Row {
    const char* word;
    const char* relative;
  };
  const Row rows[] = {
      {"gère", "gestion"},        {"gère", "gérer"},           {"suit", "suivi"},          {"achète", "achat"},
      {"produit", "production"},  {"traduit", "traduction"},   {"défend", "défense"},      {"dépanne", "dépannage"},
      {"coordonne", "coordination"}, {"dirige", "direction"},  {"répond", "réponse"},      {"vend", "vente"},
      {"gestion", "gérer"},       {"achats", "acheter"},       {"suivi", "suivre"},        {"coordination", "coordonner"},
      {"traduction", "traduire"}, {"défense", "défendre"},
  };
  for (const Row& row : rows) {
    std::vector<std::string> got = WordFamilies::standard().relatives(row.word);
    INFO(row.word << " -> " << describe(got));
    CHECK(contains(got, row.relative));
    CHECK_FALSE(contains(got, row.word));
  }
}

TEST_CASE("words of no verb family, and words the dictionary does not know, have no relatives", "[families]") {
  for (const char* word : {"parc", "immobilier", "ordinateur", "insee", "xqzvw", "", "de"}) {
    INFO(word << " -> " << describe(WordFamilies::standard().relatives(word)));
    CHECK(WordFamilies::standard().relatives(word).empty());
  }
}

TEST_CASE("every example of lexicon/families.json is derived by its suffix pair and checked by hunspell-fr", "[families]") {
  nlohmann::json j = nlohmann::json::parse(quifait::test::read_file(data_dir() + "/lexicon/families.json"));
  REQUIRE(j.at("verb_noun_suffixes").size() >= 30);
  for (const auto& pair : j.at("verb_noun_suffixes")) {
    // "organiser organisation, former formation": verb and noun by twos.
    std::string examples = pair.at("examples").get<std::string>();
    std::replace(examples.begin(), examples.end(), ',', ' ');
    std::istringstream in(examples);
    std::string verb, noun;
    size_t seen = 0;
    while (in >> verb >> noun) {
      ++seen;
      INFO(pair.at("verb").get<std::string>() << " / " << pair.at("noun").get<std::string>() << ": " << verb << " -> " << noun);
      CHECK(contains(WordFamilies::standard().nouns_of(verb), noun));
      CHECK(contains(WordFamilies::standard().verbs_of(noun), verb));
    }
    CHECK(seen >= 1);
  }
}

TEST_CASE("every noun-adjective example of lexicon/families.json is derived by its pair both ways", "[families]") {
  nlohmann::json j = nlohmann::json::parse(quifait::test::read_file(data_dir() + "/lexicon/families.json"));
  REQUIRE(j.at("noun_adjective_suffixes").size() >= 10);
  for (const auto& pair : j.at("noun_adjective_suffixes")) {
    std::string examples = pair.at("examples").get<std::string>();
    std::replace(examples.begin(), examples.end(), ',', ' ');
    std::istringstream in(examples);
    std::string noun, adjective;
    size_t seen = 0;
    while (in >> noun >> adjective) {
      ++seen;
      INFO(pair.at("noun").get<std::string>() << " / " << pair.at("adjective").get<std::string>() << ": " << noun << " -> " << adjective);
      CHECK(contains(WordFamilies::standard().adjectives_of(noun), adjective));
      CHECK(contains(WordFamilies::standard().nouns_of_adjective(adjective), noun));
    }
    CHECK(seen >= 1);
  }
  // Inflected forms reach the other class; a word of neither pair has none.
  CHECK(contains(WordFamilies::standard().relational("banques"), "bancaire"));
  CHECK(contains(WordFamilies::standard().relational("douanières"), "douane"));
  CHECK(WordFamilies::standard().relational("parc").empty());
  CHECK_FALSE(contains(WordFamilies::standard().relatives("banques"), "bancaire"));  // not a verb family
}

TEST_CASE("a noun the index lacks finds the text's relational adjective, a noun it holds does not", "[families][answers]") {
  TempDir dir{"relational"};
  quifait::test::write_corpus(
      dir.path(), {{"tresor.txt", "TRES", "Direction test",
                    "Le bureau de la réglementation prépare la réglementation bancaire et la réglementation "
                    "des assurances.\n\n"
                    "Le bureau des douanes suit les droits de douane."}});
  quifait::test::build_test_index(dir.str(), dir / "index");
  Searcher searcher(dir / "index");
  auto expanded_to = [&](const std::string& q, const std::string& stem) {
    AnalysedQuery a = searcher.analyse(q);
    return std::any_of(a.expansions.begin(), a.expansions.end(),
                       [&](const Expansion& e) { return e.family && e.to == std::vector<std::string>{stem}; });
  };
  CHECK(expanded_to("réglementation des banques", searcher.analyzer().stem("bancaire")));
  // "douane" is in the texts: matched as typed, not also as "douanier".
  CHECK_FALSE(expanded_to("droits de douane", searcher.analyzer().stem("douanier")));
  Answerer answerer(searcher);
  AnswerSet a = answerer.ask("Qui prépare les règles des banques ?", 3);
  REQUIRE_FALSE(a.answers.empty());
  CHECK(searcher.catalog().unit(a.answers[0].unit_key)->name == "bureau de la réglementation");
}

TEST_CASE("a malformed families file is an error that names the file", "[families]") {
  CHECK_THROWS_WITH(WordFamilies::pairs_from_json("{", "families.json"), Catch::Contains("families.json"));
  CHECK_THROWS_WITH(WordFamilies::pairs_from_json(R"({"verb_noun_suffixes": [{"verb": "er"}]})", "f.json"),
                    Catch::Contains("f.json"));
  CHECK_THROWS_WITH(WordFamilies::pairs_from_json(R"({"verb_noun_suffixes": [{"verb": "", "noun": "age"}]})", "f.json"),
                    Catch::Contains("needs a \"verb\" and a \"noun\""));
  CHECK(WordFamilies::pairs_from_json(R"({"verb_noun_suffixes": [{"verb": "er", "noun": "age"}]})", "f.json").size() == 1);
  CHECK_THROWS_WITH(WordFamilies::adjective_pairs_from_json(R"({"noun_adjective_suffixes": [{"noun": "que"}]})", "f.json"),
                    Catch::Contains("f.json"));
  CHECK(WordFamilies::adjective_pairs_from_json(R"({"verb_noun_suffixes": []})", "f.json").empty());
}

TEST_CASE("a question's verb finds the unit whose text names the activity by its noun", "[families][answers]") {
  TempDir dir{"families"};
  quifait::test::write_corpus(
      dir.path(),
      {{"agence.txt", "AGENCE", "Agence test",
        "La direction comprend :\n- le bureau de la logistique ;\n- le bureau des traductions.\n\n"
        "Le bureau de la logistique est chargé de la gestion du parc automobile et des locaux.\n\n"
        "Le bureau des traductions assure la traduction des documents officiels.\n\n"
        "La direction assure le suivi du parc automobile."}});
  quifait::test::build_test_index(dir.str(), dir / "index");
  Searcher searcher(dir / "index");

  AnalysedQuery q = searcher.analyse("gère parc automobile");
  bool gestion = std::any_of(q.expansions.begin(), q.expansions.end(), [](const Expansion& e) {
    return e.family && e.to == std::vector<std::string>{"gestion"};
  });
  CHECK(gestion);
  // A relative the index does not hold is not searched ("gérance").
  for (const auto& e : q.expansions)
    for (const auto& s : e.to) CHECK(searcher.stem_df(s) > 0);

  Answerer answerer(searcher);
  AnswerSet a = answerer.ask("Qui gère le parc automobile ?", 3);
  REQUIRE_FALSE(a.answers.empty());
  CHECK(searcher.catalog().unit(a.answers[0].unit_key)->name == "bureau de la logistique");
  AnswerSet t = answerer.ask("Qui traduit les documents officiels ?", 3);
  REQUIRE_FALSE(t.answers.empty());
  CHECK(searcher.catalog().unit(t.answers[0].unit_key)->name == "bureau des traductions");
}

TEST_CASE("a word typed without its accents is spelled as the dictionary writes it", "[families][morphology]") {
  struct Row {
    const char* typed;
    std::vector<std::string> some_spellings;
  };
  const Row rows[] = {
      {"gere", {"gère"}},     {"creche", {"crèche"}}, {"detenus", {"détenus"}},
      {"gère", {"gère"}},     {"parc", {"parc"}},     {"ecole", {"école"}},
  };
  for (const Row& row : rows) {
    std::vector<std::string> got = Morphology::standard().spellings(row.typed);
    INFO(row.typed << " -> " << describe(got));
    CHECK(got.size() <= Morphology::kMaxSpellings);
    for (const auto& s : row.some_spellings) CHECK(contains(got, s));
  }
  for (const char* word : {"xqzvw", "immobiler", "linsee", ""}) {
    INFO(word << " -> " << describe(Morphology::standard().spellings(word)));
    CHECK(Morphology::standard().spellings(word).empty());
  }
  // Too many accentable letters to try every form: looked up as typed only.
  CHECK(Morphology::standard().spellings("eeeeeeeeeeee").empty());
}

TEST_CASE("a French word the index lacks in this form is searched as its accented form or its lemma", "[families][answers]") {
  TempDir dir{"lemmas"};
  quifait::test::write_corpus(
      dir.path(),
      {{"sante.txt", "SANTE", "Direction test",
        "La direction comprend :\n- le bureau de la santé du détenu ;\n- le bureau des crèches.\n\n"
        "Le bureau de la santé du détenu organise les soins en milieu pénitentiaire.\n\n"
        "Le bureau des crèches gère les places en crèche des agents."}});
  quifait::test::build_test_index(dir.str(), dir / "index");
  Searcher searcher(dir / "index");
  // "détenus" (plural) is not in the text and Snowball keeps its "s": the lemma "détenu" is.
  AnalysedQuery q = searcher.analyse("detenus");
  REQUIRE(q.words.size() == 1);
  CHECK(q.words[0].df > 0);
  CHECK_FALSE(q.words[0].french_unindexed);
  CHECK_FALSE(q.corrected);  // the same word: nothing to tell the user

  Answerer answerer(searcher);
  AnswerSet a = answerer.ask("qui soigne les detenus ?", 3);
  REQUIRE_FALSE(a.answers.empty());
  CHECK(searcher.catalog().unit(a.answers[0].unit_key)->name == "bureau de la santé du détenu");
}

TEST_CASE("the thesaurus is looked up by the word's lemma and never proposes a unit type", "[families][thesaurus]") {
  TempDir dir{"thesaurus-lemmas"};
  quifait::test::write_corpus(
      dir.path(),
      {{"fisc.txt", "FISC", "Direction test",
        "La direction comprend :\n- le bureau de l'impôt sur le revenu ;\n- la cellule pénitentiaire.\n\n"
        "Le bureau de l'impôt sur le revenu prépare la législation de l'impôt.\n\n"
        "La cellule pénitentiaire suit la détention."}});
  quifait::test::build_test_index(dir.str(), dir / "index");
  Searcher searcher(dir / "index");
  auto expands_to = [](const AnalysedQuery& q, const std::string& stem) {
    return std::any_of(q.expansions.begin(), q.expansions.end(), [&](const Expansion& e) {
      return e.thesaurus && e.to == std::vector<std::string>{stem};
    });
  };
  // "taxes" has no entry of its own in mythes-fr; its lemma "taxe" has "impôt".
  AnalysedQuery taxes = searcher.analyse("taxes");
  CHECK(expands_to(taxes, searcher.analyzer().stem("impôt")));
  // "prison" -> "détention", not the unit type "cellule" (a kind of unit in these texts).
  AnalysedQuery prison = searcher.analyse("prison");
  CHECK(expands_to(prison, searcher.analyzer().stem("détention")));
  CHECK_FALSE(expands_to(prison, searcher.analyzer().stem("cellule")));
}
