// corpus/reader.h: manifests, document text and blocks.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "corpus/reader.h"
#include "test_support.h"
#include "util/error.h"

using namespace quifait;
using quifait::test::TempDir;
using quifait::test::write_file;

namespace {

struct ExpectedBlock {
  BlockKind kind;
  std::string text;
  const char* label = nullptr;  // nullptr: not checked
  int level = -1;               // -1: not checked
};

const char* kind_name(BlockKind k) {
  switch (k) {
    case BlockKind::kHeading: return "heading";
    case BlockKind::kParagraph: return "paragraph";
    case BlockKind::kListItem: return "list item";
  }
  return "?";
}

std::string describe(const std::vector<Block>& blocks) {
  std::string out;
  for (const auto& b : blocks)
    out += std::string("\n  ") + kind_name(b.kind) + " level=" + std::to_string(b.level) + " label=[" + b.label + "] line=" +
           std::to_string(b.line) + " text=[" + b.text + "]";
  return out;
}

constexpr BlockKind H = BlockKind::kHeading;
constexpr BlockKind P = BlockKind::kParagraph;
constexpr BlockKind L = BlockKind::kListItem;

void check_blocks(const std::string& text, const std::vector<ExpectedBlock>& expected) {
  auto blocks = parse_blocks(text);
  INFO("input: " << text);
  INFO("blocks:" << describe(blocks));
  REQUIRE(blocks.size() == expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    INFO("block " << i);
    CHECK(blocks[i].kind == expected[i].kind);
    CHECK(blocks[i].text == expected[i].text);
    if (expected[i].label) CHECK(blocks[i].label == expected[i].label);
    if (expected[i].level >= 0) CHECK(blocks[i].level == expected[i].level);
  }
}

}  // namespace

TEST_CASE("parse_blocks recognises headings, paragraphs and list items", "[reader]") {
  struct Case {
    const char* name;
    std::string text;
    std::vector<ExpectedBlock> blocks;
  };
  const std::vector<Case> cases = {
      {"markdown heading", "# Article 8\n", {{H, "Article 8", "", 1}}},
      {"markdown heading then paragraph",
       "# Article 3\n\nLe secrétariat général prépare les programmes d'action.\n",
       {{H, "Article 3", "", 1}, {P, "Le secrétariat général prépare les programmes d'action."}}},
      {"short numbered line without final period is a heading",
       "3. Le département chargé de la veille et de l’analyse\n",
       {{H, "Le département chargé de la veille et de l’analyse", "3", 2}}},
      {"numbered sentence is a paragraph",
       "4. Le département assure la diffusion des publications et la gestion du site internet de l’agence.\n",
       {{P, "Le département assure la diffusion des publications et la gestion du site internet de l’agence.", "4"}}},
      {"roman section gives a level-3 heading then a paragraph",
       "II. \u2015 Le département de l'action régionale assure la coordination des directions régionales.\n",
       {{H, "", "II", 3}, {P, "Le département de l'action régionale assure la coordination des directions régionales."}}},
      {"roman section with a hyphen", "IV. - Les cellules sont rattachées au directeur.\n",
       {{H, "", "IV", 3}, {P, "Les cellules sont rattachées au directeur."}}},
      {"roman section marker alone", "III.\n", {{H, "", "III", 3}}},
      {"list items with every bullet",
       "La division comprend :\n"
       "\u2015 la section des études ;\n"
       "\u2022 la section des enquêtes ;\n"
       "- la section de la diffusion ;\n"
       "-la section des méthodes ;\n"
       "1° le bureau du budget ;\n"
       "a) le bureau du courrier.\n",
       {{P, "La division comprend :"},
        {L, "la section des études ;", ""},
        {L, "la section des enquêtes ;", ""},
        {L, "la section de la diffusion ;", ""},
        {L, "la section des méthodes ;", ""},
        {L, "le bureau du budget ;", "1°"},
        {L, "le bureau du courrier.", "a"}}},
      {"indented bullets", "  \u2022 la direction ;\n  \u2022 les cellules ;\n",
       {{L, "la direction ;"}, {L, "les cellules ;"}}},
      {"hard-wrapped PDF lines are joined into one paragraph",
       "Pour chaque thème, des actions d’amélioration sont retenues dans\n"
       "les feuilles de route de l’agence et des services statistiques des\n"
       "SSM. Ces actions sont issues du plan d’actions européen construit\n"
       "suite aux recommandations des pairs lors de la troisième revue.\n",
       {{P,
         "Pour chaque thème, des actions d’amélioration sont retenues dans les feuilles de route de l’agence et des "
         "services statistiques des SSM. Ces actions sont issues du plan d’actions européen construit suite aux "
         "recommandations des pairs lors de la troisième revue."}}},
      {"wrapped lines with no final punctuation at all",
       "La stratégie qualité de l’agence s’appuie sur quatre axes et\n"
       "Chaque axe est découpé en thèmes introduits par un court texte\n"
       "rappelant le contexte et les enjeux de la statistique publique\n",
       {{P,
         "La stratégie qualité de l’agence s’appuie sur quatre axes et Chaque axe est découpé en thèmes introduits par "
         "un court texte rappelant le contexte et les enjeux de la statistique publique"}}},
      {"blank lines separate paragraphs",
       "Le bureau A gère le courrier.\n\nLe bureau B gère les archives.\n",
       {{P, "Le bureau A gère le courrier."}, {P, "Le bureau B gère les archives."}}},
      {"footnote markers are removed and both apostrophes kept",
       "La mise en œuvre de la qualité1 du SSP s’appuie sur l'expérience des services.\n",
       {{P, "La mise en œuvre de la qualité du SSP s’appuie sur l'expérience des services."}}},
      {"numbers that are not footnotes stay", "Le plan 2022-2027 prévoit 3 niveaux et 12 actions.\n",
       {{P, "Le plan 2022-2027 prévoit 3 niveaux et 12 actions."}}},
      {"plain short line is a heading", "Organisation\n\nLe service comprend la direction.\n",
       {{H, "Organisation", "", 2}, {P, "Le service comprend la direction."}}},
      {"empty text gives no block", "", {}},
      {"blank lines only give no block", "\n\n   \n", {}},
  };
  for (const auto& c : cases) {
    SECTION(c.name) { check_blocks(c.text, c.blocks); }
  }
}

TEST_CASE("blocks carry the line where they start", "[reader]") {
  const std::string text =
      "# Article 1\n"                                    // 1
      "\n"                                               // 2
      "Le service comprend :\n"                          // 3
      "\u2022 la direction ;\n"                          // 4
      "\u2022 le secrétariat général.\n"                 // 5
      "\n"                                               // 6
      "Le secrétariat général assure la gestion des\n"   // 7
      "moyens de l'agence et coordonne les achats.\n";   // 8
  auto blocks = parse_blocks(text);
  INFO(describe(blocks));
  REQUIRE(blocks.size() == 5);
  CHECK(blocks[0].line == 1);
  CHECK(blocks[1].line == 3);
  CHECK(blocks[2].line == 4);
  CHECK(blocks[3].line == 5);
  CHECK(blocks[4].line == 7);
  CHECK(blocks[4].text == "Le secrétariat général assure la gestion des moyens de l'agence et coordonne les achats.");
}

TEST_CASE("parse_blocks never throws and keeps every word of arbitrary text", "[reader]") {
  const std::vector<std::string> texts = {
      "#\n##\n# \n", "-\n--\n- \n", "1.\n1°\na)\n", "\u2015\n\u2022\n", "I.\nII. \u2015\n", "«\n»\n\"\n",
      std::string(5000, 'a'), "x\n\n\n\ny", "\u00A0\u202F\n",
  };
  for (const auto& t : texts) {
    INFO(t.substr(0, 40));
    CHECK_NOTHROW(parse_blocks(t));
  }
  auto blocks = parse_blocks("x\n\n\n\ny");
  REQUIRE(blocks.size() == 2);
  CHECK(blocks[0].text == "x");
  CHECK(blocks[1].text == "y");
}

TEST_CASE("read_document_text returns NFC text with LF line ends", "[reader]") {
  TempDir dir("reader");
  write_file(dir.path() / "crlf.txt", "Le bureau A\r\ngère le courrier.\r\n");
  CHECK(read_document_text(dir / "crlf.txt", "crlf.txt") == "Le bureau A\ngère le courrier.\n");
  write_file(dir.path() / "nfd.txt", "e\xCC\x81" "cole de\xCC\x81partementale\n");
  CHECK(read_document_text(dir / "nfd.txt", "nfd.txt") == "école départementale\n");
  // The typographic apostrophe inside a word is the ASCII one (word processors write one, the
  // Journal officiel the other: a unit named both ways is one unit); a closing quote stays.
  write_file(dir.path() / "quotes.txt", "l’archivage et l'archivage « x » ‘y’ \n");
  CHECK(read_document_text(dir / "quotes.txt", "quotes.txt") == "l'archivage et l'archivage « x » ‘y’ \n");
}

TEST_CASE("read_document_text refuses bad files naming the file and line", "[reader]") {
  TempDir dir("reader");
  SECTION("invalid UTF-8 on line 3") {
    write_file(dir.path() / "latin1.txt", "Première ligne.\nDeuxième ligne.\nTroisi\xe8me ligne.\n");
    CHECK_THROWS_AS(read_document_text(dir / "latin1.txt", "latin1.txt"), CorpusError);
    CHECK_THROWS_WITH(read_document_text(dir / "latin1.txt", "latin1.txt"),
                      Catch::Contains("latin1.txt") && Catch::Contains(":3:"));
  }
  SECTION("invalid byte on line 1") {
    write_file(dir.path() / "bad.txt", "\xff\xfe" "abc\n");
    CHECK_THROWS_WITH(read_document_text(dir / "bad.txt", "bad.txt"), Catch::Contains("bad.txt:1:"));
  }
  SECTION("NUL byte on line 2") {
    static const char kNul[] = "Ligne un.\nLigne\0deux.\n";
    write_file(dir.path() / "nul.txt", std::string(kNul, sizeof kNul - 1));
    CHECK_THROWS_AS(read_document_text(dir / "nul.txt", "nul.txt"), CorpusError);
    CHECK_THROWS_WITH(read_document_text(dir / "nul.txt", "nul.txt"), Catch::Contains("nul.txt") && Catch::Contains(":2:"));
  }
  SECTION("empty file") {
    write_file(dir.path() / "empty.txt", "");
    CHECK_THROWS_AS(read_document_text(dir / "empty.txt", "empty.txt"), CorpusError);
    CHECK_THROWS_WITH(read_document_text(dir / "empty.txt", "empty.txt"), Catch::Contains("empty.txt"));
  }
  SECTION("blank file") {
    write_file(dir.path() / "blank.txt", "\n  \n\t\n");
    CHECK_THROWS_AS(read_document_text(dir / "blank.txt", "blank.txt"), CorpusError);
  }
  SECTION("missing file") {
    CHECK_THROWS_AS(read_document_text(dir / "absent.txt", "absent.txt"), CorpusError);
    CHECK_THROWS_WITH(read_document_text(dir / "absent.txt", "absent.txt"), Catch::Contains("absent.txt"));
  }
}

namespace {

const char* kGoodManifest = R"({"documents": [
  {"file": "b.txt", "org": "ORGB", "org_name": "Organisme B", "title": "Titre B", "source": "Source B", "date": "2020-01-02"},
  {"file": "sub/a.md", "org": "ORGA", "org_name": "Organisme A", "title": "Titre A", "source": "", "date": ""}
]})";

void write_good_corpus(const TempDir& dir) {
  write_file(dir.path() / "b.txt", "Le bureau B gère le courrier.\n");
  write_file(dir.path() / "sub" / "a.md", "# Article 1\n\nLe bureau A gère les archives.\n");
  write_file(dir.path() / "corpus.json", kGoodManifest);
}

}  // namespace

TEST_CASE("a good manifest loads with its entries in file order", "[reader]") {
  TempDir dir("manifest");
  write_good_corpus(dir);
  write_file(dir.path() / "README.md", "Notes about this corpus, not a document.\n");
  Manifest m = read_manifest(dir.str());
  REQUIRE(m.documents.size() == 2);
  CHECK(m.documents[0].file == "b.txt");
  CHECK(m.documents[0].org == "ORGB");
  CHECK(m.documents[0].org_name == "Organisme B");
  CHECK(m.documents[0].title == "Titre B");
  CHECK(m.documents[0].source == "Source B");
  CHECK(m.documents[0].date == "2020-01-02");
  CHECK(m.documents[1].file == "sub/a.md");
  CHECK(m.documents[1].org == "ORGA");
}

TEST_CASE("read_manifest refuses a bad corpus with a CorpusError naming the problem", "[reader]") {
  TempDir dir("manifest");
  write_good_corpus(dir);
  struct Case {
    const char* name;
    std::string manifest;
    std::vector<std::string> message_parts;
  };
  const std::vector<Case> cases = {
      {"unparsable JSON", R"({"documents": [ {"file": "b.txt", )", {"corpus.json"}},
      {"not an object of documents", R"([1, 2, 3])", {"corpus.json"}},
      {"entry without file",
       R"({"documents": [{"file": "b.txt", "org": "ORGB"}, {"file": "sub/a.md", "org": "ORGA"}, {"org": "X"}]})",
       {"file"}},
      {"entry without org", R"({"documents": [{"file": "b.txt"}, {"file": "sub/a.md", "org": "ORGA"}]})", {"b.txt", "org"}},
      {"missing file",
       R"({"documents": [{"file": "b.txt", "org": "B"}, {"file": "sub/a.md", "org": "A"}, {"file": "absent.txt", "org": "C"}]})",
       {"absent.txt"}},
      {"file not in the manifest", R"({"documents": [{"file": "b.txt", "org": "ORGB"}]})", {"a.md"}},
      {"path escaping the directory",
       R"({"documents": [{"file": "b.txt", "org": "B"}, {"file": "sub/a.md", "org": "A"}, {"file": "../../etc/passwd", "org": "C"}]})",
       {"../../etc/passwd"}},
      {"absolute path",
       R"({"documents": [{"file": "b.txt", "org": "B"}, {"file": "sub/a.md", "org": "A"}, {"file": "/etc/hostname", "org": "C"}]})",
       {"/etc/hostname"}},
      {"every problem listed at once",
       R"({"documents": [{"file": "b.txt", "org": "B"}, {"file": "absent1.txt", "org": "A"}, {"file": "absent2.txt", "org": "C"}]})",
       {"absent1.txt", "absent2.txt", "a.md"}},
  };
  for (const auto& c : cases) {
    SECTION(c.name) {
      write_file(dir.path() / "corpus.json", c.manifest);
      std::string message;
      try {
        read_manifest(dir.str());
        FAIL("read_manifest accepted: " << c.manifest);
      } catch (const CorpusError& e) {
        message = e.what();
      }
      INFO("message: " << message);
      for (const auto& part : c.message_parts) CHECK_THAT(message, Catch::Contains(part));
    }
  }
}

TEST_CASE("read_manifest refuses a missing directory or a directory without corpus.json", "[reader]") {
  TempDir dir("manifest");
  CHECK_THROWS_AS(read_manifest(dir / "absent"), CorpusError);
  write_file(dir.path() / "a.txt", "Le bureau A gère le courrier.\n");
  CHECK_THROWS_AS(read_manifest(dir.str()), CorpusError);
  CHECK_THROWS_WITH(read_manifest(dir.str()), Catch::Contains("corpus.json"));
}
