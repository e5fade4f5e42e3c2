// FrenchAnalyzer and the unicode helpers: the one text pipeline shared by indexing and querying.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "analysis/french_analyzer.h"
#include "analysis/unicode.h"
#include "test_support.h"
#include "util/error.h"

using namespace quifait;
using quifait::test::project_analyzer;

namespace {

std::vector<std::string> content_words(const FrenchAnalyzer& a, const std::string& text) {
  std::vector<std::string> out;
  for (const auto& t : a.tokenize(text))
    if (!t.stopword) out.push_back(t.word);
  return out;
}

std::string describe(const std::vector<std::string>& v) {
  std::string out = "[";
  for (const auto& s : v) out += (out.size() > 1 ? ", " : "") + s;
  return out + "]";
}

}  // namespace

TEST_CASE("the analyzer keeps exactly the content words of administrative French", "[analyzer]") {
  struct Case {
    const char* text;
    std::vector<std::string> words;  // non-stopword words, lower-cased and accent-folded
  };
  const std::vector<Case> cases = {
      // Elisions, with the straight and the typographic apostrophe.
      {"l'archivage", {"archivage"}},
      {"l\u2019archivage", {"archivage"}},
      {"d'activités", {"activites"}},
      {"d\u2019activités", {"activites"}},
      {"qu'il publie", {"publie"}},
      {"qu\u2019il publie", {"publie"}},
      {"jusqu'au directeur", {"directeur"}},
      {"jusqu\u2019au directeur", {"directeur"}},
      {"lorsqu'elle publie", {"publie"}},
      {"lorsqu\u2019elle publie", {"publie"}},
      {"L'Institut", {"institut"}},
      // Hyphens and dots separate words.
      {"sous-direction", {"sous", "direction"}},
      {"info.gouv.fr", {"info", "gouv", "fr"}},
      // Dotted acronyms are joined back.
      {"I.N.S.E.E.", {"insee"}},
      {"la gestion de l'I.N.S.E.E. et", {"gestion", "insee"}},
      {"INSEE", {"insee"}},
      // Quotes are never part of words.
      {"la division « grands comptes »", {"division", "grands", "comptes"}},
      {"la division «grands comptes»", {"division", "grands", "comptes"}},
      {"la sous-direction \" centre d'enquêtes \"", {"sous", "direction", "centre", "enquetes"}},
      {"le département \u201cRédaction\u201d", {"departement", "redaction"}},
      // Capitals and accents.
      {"LE DÉPARTEMENT DE L'OFFRE ÉDITORIALE", {"departement", "offre", "editoriale"}},
      {"Qui est responsable de la paie ?", {"responsable", "paie"}},
      {"", {}},
      {"  ; , « » ", {}},
  };
  const FrenchAnalyzer& a = project_analyzer();
  for (const auto& c : cases) {
    INFO("text: " << c.text);
    auto got = content_words(a, c.text);
    INFO("got: " << describe(got) << " expected: " << describe(c.words));
    CHECK(got == c.words);
  }
}

TEST_CASE("elided articles are split from the word with both apostrophes and flagged as stopwords", "[analyzer]") {
  const FrenchAnalyzer& a = project_analyzer();
  for (const char* text : {"l'archivage", "l\u2019archivage"}) {
    INFO(text);
    auto toks = a.tokenize(text);
    REQUIRE(toks.size() == 2);
    CHECK(toks[0].word == "l");
    CHECK(toks[0].stopword);
    CHECK(toks[1].word == "archivage");
    CHECK_FALSE(toks[1].stopword);
    CHECK(a.content_stems(text) == a.content_stems("archivage"));
  }
  for (const char* elided : {"d'", "qu'", "jusqu'", "lorsqu'", "puisqu'", "s'", "n'", "c'"}) {
    std::string text = std::string(elided) + "organisation";
    INFO(text);
    auto toks = a.tokenize(text);
    REQUIRE(toks.size() == 2);
    CHECK(toks[0].stopword);
    CHECK(a.content_stems(text) == a.content_stems("organisation"));
  }
  CHECK(FrenchAnalyzer::is_elision("jusqu"));
  CHECK(FrenchAnalyzer::is_elision("lorsqu"));
  CHECK_FALSE(FrenchAnalyzer::is_elision("archivage"));
}

TEST_CASE("the modifier-letter apostrophe splits an elision like ' and ’ do", "[analyzer]") {
  // french_analyzer.h: "apostrophes (' ’ ʼ) ... separate words".
  const FrenchAnalyzer& a = project_analyzer();
  auto toks = a.tokenize("l\u02BCarchivage");
  REQUIRE(toks.size() == 2);
  CHECK(toks[0].stopword);
  CHECK(toks[1].word == "archivage");
}

TEST_CASE("stopwords of the list are flagged and still counted in positions", "[analyzer]") {
  const FrenchAnalyzer& a = project_analyzer();
  struct Case {
    const char* word;
    bool stopword;
  };
  const std::vector<Case> cases = {{"le", true},       {"de", true},        {"qui", true},      {"que", true},
                                   {"la", true},       {"des", true},       {"Le", true},       {"QUI", true},
                                   {"département", false}, {"archivage", false}, {"immobilier", false}, {"paie", false}};
  for (const auto& c : cases) {
    INFO(c.word);
    auto toks = a.tokenize(c.word);
    REQUIRE(toks.size() == 1);
    CHECK(toks[0].stopword == c.stopword);
  }
  auto toks = a.tokenize("qui gère le parc immobilier");
  REQUIRE(toks.size() == 5);
  for (unsigned i = 0; i < toks.size(); ++i) CHECK(toks[i].position == i);
  CHECK(a.content_stems("qui gère le parc immobilier").size() == 3);
}

TEST_CASE("a stopword list given to the constructor is accent-folded and sorted back", "[analyzer]") {
  FrenchAnalyzer a({"été", "Zéro", "alors"});
  CHECK(a.is_stopword("ete"));
  CHECK(a.is_stopword("zero"));
  CHECK_FALSE(a.is_stopword("archivage"));
  auto toks = a.tokenize("Été");
  REQUIRE(toks.size() == 1);
  CHECK(toks[0].stopword);
  auto list = a.stopword_list();
  CHECK(std::is_sorted(list.begin(), list.end()));
  CHECK(std::find(list.begin(), list.end(), "ete") != list.end());
  CHECK(std::find(list.begin(), list.end(), "l") != list.end());  // elisions are always stopwords
  // A copy analyses like the original.
  FrenchAnalyzer copy(a);
  CHECK(copy.content_stems("Été alors archivage") == a.content_stems("Été alors archivage"));
}

TEST_CASE("a missing stopword file is an error naming the file", "[analyzer]") {
  const std::string path = "/nonexistent/quifait/stopwords-fr.txt";
  CHECK_THROWS_AS(FrenchAnalyzer::from_stopword_file(path), QuifaitError);
  CHECK_THROWS_WITH(FrenchAnalyzer::from_stopword_file(path), Catch::Contains(path));
}

TEST_CASE("accented and accent-free spellings and inflections meet on one stem", "[analyzer]") {
  const FrenchAnalyzer& a = project_analyzer();
  const std::vector<std::vector<std::string>> groups = {
      {"gère", "gere", "gérer", "GÈRE", "Gerer"},
      {"éditoriale", "editoriale", "Éditoriale", "EDITORIALE", "éditorial"},
      {"école", "ecole", "ÉCOLE", "écoles"},
      {"rémunération", "remuneration", "rémunérations"},
      {"département", "departement", "départements", "DÉPARTEMENT"},
  };
  for (const auto& group : groups) {
    auto first = a.content_stems(group[0]);
    REQUIRE(first.size() == 1);
    for (const auto& w : group) {
      INFO(group[0] << " vs " << w);
      CHECK(a.content_stems(w) == first);
    }
    // Stems are accent-folded: plain ASCII for these words.
    CHECK(unicode::fold(first[0]) == first[0]);
  }
}

TEST_CASE("a word whose accent-free form stems differently keeps that stem as alt_stem", "[analyzer]") {
  const FrenchAnalyzer& a = project_analyzer();
  auto accented = a.tokenize("sécurité");
  auto plain = a.tokenize("securite");
  REQUIRE(accented.size() == 1);
  REQUIRE(plain.size() == 1);
  CHECK(accented[0].word == "securite");
  CHECK(accented[0].lower == "sécurité");
  // Whichever stems the two spellings get, indexing stem + alt_stem of the accented text
  // must cover the stem of the accent-free question word.
  CHECK((accented[0].stem == plain[0].stem || accented[0].alt_stem == plain[0].stem));
  if (accented[0].stem != plain[0].stem) CHECK_FALSE(accented[0].alt_stem.empty());
  CHECK(accented[0].alt_stem != accented[0].stem);
  // No alt_stem when there is nothing to fold, or when both forms stem alike.
  CHECK(plain[0].alt_stem.empty());
  CHECK(a.tokenize("archivage")[0].alt_stem.empty());
  auto gere = a.tokenize("gère");
  CHECK((gere[0].alt_stem.empty() || gere[0].alt_stem != gere[0].stem));
}

TEST_CASE("dotted acronyms are joined and analyse like the plain acronym", "[analyzer]") {
  const FrenchAnalyzer& a = project_analyzer();
  const std::string text = "la comptabilité de l'I.N.S.E.E. est tenue";
  auto toks = a.tokenize(text);
  auto it = std::find_if(toks.begin(), toks.end(), [](const Token& t) { return t.word == "insee"; });
  REQUIRE(it != toks.end());
  CHECK(text.substr(it->begin, it->end - it->begin).rfind("I.N.S.E.E", 0) == 0);
  CHECK_FALSE(it->stopword);
  // The question "INSEE" must find a text that writes "I.N.S.E.E." (same stems on both sides).
  CHECK(a.content_stems("I.N.S.E.E.") == a.content_stems("INSEE"));
  CHECK(a.content_stems("I.N.S.E.E.") == a.content_stems("insee"));
  // A single capital followed by a dot is not an acronym.
  auto words = content_words(a, "M. Dupont");
  CHECK(std::find(words.begin(), words.end(), "dupont") != words.end());
  CHECK(std::find(words.begin(), words.end(), "mdupont") == words.end());
}

TEST_CASE("token byte offsets point at the surface text", "[analyzer]") {
  const FrenchAnalyzer& a = project_analyzer();
  const std::vector<std::string> texts = {
      "Le département d\u2019activités « Rédaction » gère l'archivage.",
      "  ÉCOLE   nationale — sous-direction ; info.gouv.fr",
      "Œuvre éditée à l'Institut, jusqu'au 31 décembre",
  };
  for (const auto& text : texts) {
    INFO(text);
    unsigned previous_end = 0;
    for (const auto& t : a.tokenize(text)) {
      REQUIRE(t.begin < t.end);
      REQUIRE(t.end <= text.size());
      CHECK(t.begin >= previous_end);
      CHECK(unicode::lower(text.substr(t.begin, t.end - t.begin)) == t.lower);
      CHECK(unicode::fold(t.lower) == t.word);
      previous_end = static_cast<unsigned>(t.end);
    }
  }
  auto toks = a.tokenize("Le département d\u2019activités");
  REQUIRE(toks.size() == 4);
  CHECK(toks[1].begin == 3);
  CHECK(toks[1].end == 3 + std::string("département").size());
  CHECK(toks[3].lower == "activités");
}

TEST_CASE("capitalised words are flagged and lower-cased", "[analyzer]") {
  const FrenchAnalyzer& a = project_analyzer();
  auto toks = a.tokenize("Le Département de la Communication ÉDITORIALE");
  REQUIRE(toks.size() == 6);
  const std::vector<bool> capitalised = {true, true, false, false, true, true};
  for (size_t i = 0; i < toks.size(); ++i) {
    INFO(toks[i].lower);
    CHECK(toks[i].capitalised == capitalised[i]);
    CHECK(toks[i].lower == unicode::lower(toks[i].lower));
  }
  CHECK(toks[5].lower == "éditoriale");
  CHECK(toks[5].word == "editoriale");
}

TEST_CASE("decomposed accents behave like precomposed ones after unicode::nfc", "[analyzer][unicode]") {
  const FrenchAnalyzer& a = project_analyzer();
  const std::string decomposed = "e\xCC\x81" "cole e\xCC\x81" "ditoriale ge\xCC\x80re";  // e + U+0301, e + U+0300
  const std::string precomposed = "école éditoriale gère";
  CHECK(unicode::nfc(decomposed) == precomposed);
  CHECK(unicode::nfc(precomposed) == precomposed);
  CHECK(a.content_stems(unicode::nfc(decomposed)) == a.content_stems(precomposed));
  auto toks = a.tokenize(unicode::nfc(decomposed));
  REQUIRE(toks.size() == 3);
  CHECK(toks[0].lower == "école");
  CHECK(toks[0].word == "ecole");
  // Folding drops the combining marks even without normalisation.
  CHECK(unicode::fold(decomposed) == "ecole editoriale gere");
}

TEST_CASE("unicode lower and fold keep or remove accents as documented", "[unicode]") {
  struct Case {
    const char* text;
    const char* lower;
    const char* folded;
  };
  const std::vector<Case> cases = {
      {"Éditoriale", "éditoriale", "editoriale"},
      {"Œuvre Éditée", "œuvre éditée", "oeuvre editee"},
      {"CŒUR ÇA", "cœur ça", "coeur ca"},
      {"Ex æquo", "ex æquo", "ex aequo"},
      {"INSEE « Info »", "insee « info »", "insee « info »"},
      {"", "", ""},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    CHECK(unicode::lower(c.text) == c.lower);
    CHECK(unicode::fold(c.text) == c.folded);
  }
  CHECK(unicode::length("éàü") == 3);
  CHECK(unicode::length("abc") == 3);
  CHECK(unicode::length("") == 0);
  for (char32_t c : {U'\'', U'\u2019', U'\u02BC', U'\u2018'}) CHECK(unicode::is_apostrophe(c));
  for (char32_t c : {U'a', U'-', U'"', U'\u00AB'}) CHECK_FALSE(unicode::is_apostrophe(c));
}

TEST_CASE("invalid UTF-8 and NUL bytes are located by first_invalid_utf8", "[unicode]") {
  struct Case {
    std::string bytes;
    std::optional<size_t> offset;
  };
  const std::vector<Case> cases = {
      {"", std::nullopt},
      {"plain ascii", std::nullopt},
      {"éditoriale « x » \u2019", std::nullopt},
      {"ab\xff" "cd", 2},
      {"\xc3", 0},                      // truncated sequence at the end
      {"a\xc3(", 1},                    // bad continuation byte
      {"ok \xc0\xaf", 3},               // overlong encoding of '/'
      {"\xed\xa0\x80", 0},              // UTF-16 surrogate
      {std::string("ab\0c", 4), 2},     // NUL byte
      {"caf\xc3\xa9\xe9", 5},          // valid é then a Latin-1 é
  };
  for (const auto& c : cases) {
    INFO("case of " << c.bytes.size() << " bytes");
    auto got = unicode::first_invalid_utf8(c.bytes);
    CHECK(got.has_value() == c.offset.has_value());
    if (got && c.offset) CHECK(*got == *c.offset);
  }
}

TEST_CASE("sanitize replaces bad bytes and control characters and keeps good text", "[unicode]") {
  struct Case {
    std::string in;
    std::string out;
  };
  const std::vector<Case> cases = {
      {"ab\xff" "cd", "ab\uFFFD" "cd"},
      {std::string("a\0b", 3), "a b"},
      {"a\x01" "b\x7f" "c", "a b c"},
      {"ligne\nsuivante\tfin", "ligne\nsuivante\tfin"},
      {"Éditoriale « x » \u2019", "Éditoriale « x » \u2019"},
  };
  for (const auto& c : cases) {
    std::string got = unicode::sanitize(c.in);
    CHECK(got == c.out);
    CHECK_FALSE(unicode::first_invalid_utf8(got).has_value());
  }
  // Whatever the bytes, the result is valid UTF-8 that the analyzer accepts.
  std::string garbage;
  for (int i = 0; i < 256; ++i) garbage.push_back(static_cast<char>(i));
  std::string clean = unicode::sanitize(garbage);
  CHECK_FALSE(unicode::first_invalid_utf8(clean).has_value());
  CHECK_NOTHROW(project_analyzer().tokenize(clean));
}

// scan_candidates skips a word whose first letter starts none of the stems looked for: sound only
// if a stem always starts with its word's first letter (accents folded). Checked on every word of
// the real texts of tests/data, accented, capitalised and elided words included.
TEST_CASE("every stem starts with its word's first letter, so scan_candidates may skip by initial", "[analyzer]") {
  const FrenchAnalyzer& an = project_analyzer();
  size_t words = 0;
  for (const char* dir : {"arretes", "arretes-dev", "heldout", "heldout-b", "heldout-c"}) {
    for (const auto& entry : std::filesystem::directory_iterator(quifait::test::test_data(dir))) {
      if (entry.path().extension() != ".txt" && entry.path().extension() != ".md") continue;
      std::string text = unicode::nfc(unicode::sanitize(quifait::test::read_file(entry.path())));
      an.scan(text, [&](const TokenView& t) {
        if (t.stopword || t.stem.empty()) return;
        ++words;
        INFO("word '" << t.lower << "' stem '" << t.stem << "' alt '" << t.alt_stem << "'");
        std::string first = unicode::fold(unicode::lower(std::string(text.substr(t.begin, t.end - t.begin)))).substr(0, 1);
        CHECK(std::string(t.stem).substr(0, 1) == first);
        if (!t.alt_stem.empty()) CHECK(std::string(t.alt_stem).substr(0, 1) == first);
      });
    }
  }
  CHECK(words > 20000);
}

TEST_CASE("scan_candidates reports exactly the tokens of scan that can have one of the stems", "[analyzer]") {
  const FrenchAnalyzer& an = project_analyzer();
  const std::string text =
      "L'INSEE et l'I.N.S.E.E. gèrent l'Évaluation, les œuvres, 2015 archives ; Élaboration du parc "
      "immobilier de l'État, écoles et Écoles.";
  // The stems of some words of the text (and one of none), as the analyser makes them.
  for (const std::vector<std::string>& words : std::vector<std::vector<std::string>>{
           {"insee"}, {"évaluation", "parc"}, {"œuvres"}, {"2015"}, {"état", "écoles"}, {"zzz"}, {}}) {
    std::vector<std::string> stems;
    for (const auto& w : words) stems.push_back(an.stem(w));
    std::vector<std::pair<size_t, std::string>> all, candidates;
    FrenchAnalyzer::Initials initials(stems);
    an.scan(text, [&](const TokenView& t) {
      bool wanted = std::find(stems.begin(), stems.end(), std::string(t.stem)) != stems.end() ||
                    std::find(stems.begin(), stems.end(), std::string(t.alt_stem)) != stems.end();
      if (wanted) all.emplace_back(t.begin, std::string(t.stem));
    });
    an.scan_candidates(text, initials, [&](const TokenView& t) {
      bool wanted = std::find(stems.begin(), stems.end(), std::string(t.stem)) != stems.end() ||
                    std::find(stems.begin(), stems.end(), std::string(t.alt_stem)) != stems.end();
      if (wanted) candidates.emplace_back(t.begin, std::string(t.stem));
    });
    INFO("stems " << describe(stems));
    CHECK(candidates == all);
    if (!words.empty() && words[0] != "zzz") CHECK_FALSE(all.empty());
  }
}
