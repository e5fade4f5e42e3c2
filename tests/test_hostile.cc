// Hostile text (issue 6): corpus documents and questions with <script>, "><img onerror=…>,
// invalid UTF-8, NUL bytes, a 1 MB line, right-to-left marks and floods of combining characters.
// The outcome asked for: escaped output (a `highlighted` string carries no tag but <mark>), no
// crash, bounded time, clear errors. Times are printed, not asserted: the inputs are large
// enough that quadratic behaviour would take minutes instead of the seconds printed.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "analysis/unicode.h"
#include "corpus/reader.h"
#include "corpus/structure.h"
#include "fuzz/fuzz_support.h"
#include "index/index_reader.h"
#include "qa/answerer.h"
#include "qa/question.h"
#include "search/highlight.h"
#include "search/searcher.h"
#include "test_support.h"
#include "util/error.h"

using namespace quifait;
using quifait::test::TempDir;
namespace fs = std::filesystem;

namespace {

const std::string kScript = "<script>alert(\"x\")</script>";
const std::string kImg = "\"><img src=x onerror=alert(1)>";
const std::string kRlm = "\u200f", kLrm = "\u200e", kRlo = "\u202e", kPdf = "\u202c";

std::string combining_flood(size_t n) {
  std::string s = "e";
  for (size_t i = 0; i < n; ++i) s += "\u0301";
  return s;
}

// About `bytes` bytes of French on one line (no newline), with numbered parks to search for.
std::string megabyte_line(size_t bytes) {
  std::string s = "La cellule des grands volumes assure ";
  for (int i = 0; s.size() < bytes; ++i) s += "la gestion du parc numéro " + std::to_string(i) + ", ";
  return s + "et le reste.";
}

// The page's HTML invariant (only <mark> tags, escaped quotes and entities): the fuzzers' check.
using quifait::fuzz::only_mark_tags;

// A string literal with its NUL bytes.
template <size_t N>
std::string bytes(const char (&s)[N]) {
  return std::string(s, N - 1);
}

class Timer {
 public:
  explicit Timer(std::string what) : what_(std::move(what)), start_(std::chrono::steady_clock::now()) {}
  ~Timer() {
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    std::fprintf(stderr, "hostile: %-60s %8.3f s\n", what_.c_str(), s);
  }

 private:
  std::string what_;
  std::chrono::steady_clock::time_point start_;
};

// Every highlighted string of an answer (or search) JSON is escaped; the JSON is valid UTF-8.
void check_json_escaped(const nlohmann::json& j) {
  std::string dumped;
  REQUIRE_NOTHROW(dumped = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::strict));
  if (j.contains("answers"))
    for (const auto& a : j["answers"])
      for (const auto& e : a["evidence"]) {
        INFO(e["highlighted"].get<std::string>().substr(0, 300));
        CHECK(only_mark_tags(e["highlighted"].get<std::string>()));
      }
  if (j.contains("hits"))
    for (const auto& h : j["hits"]) {
      INFO(h["highlighted"].get<std::string>().substr(0, 300));
      CHECK(only_mark_tags(h["highlighted"].get<std::string>()));
    }
}

// A corpus where every hostile string appears in unit names and passages.
struct HostileIndex {
  TempDir dir{"hostile"};
  std::string corpus = dir / "corpus", db = dir / "index";
  std::unique_ptr<Searcher> searcher;
  std::unique_ptr<Answerer> answerer;
  HostileIndex() {
    std::string markup =
        "# Article 1\n\n"
        "La direction des balises comprend :\n"
        "\u2015 le bureau « " + kScript + " » ;\n"
        "\u2015 la division « " + kImg + " ».\n\n"
        "Le bureau « " + kScript + " » assure la gestion des balises " + kScript + " & des scripts.\n\n"
        "La division « " + kImg + " » instruit les plaintes " + kImg + " pour injection.\n\n"
        "Le bureau des marques assure la relecture des <mark>faux marquages</mark> et des &lt;entités&gt;.\n";
    std::string bidi =
        "# Article 2\n\n"
        "Le bureau de la p" + kRlm + "aie assure la paie" + kLrm + " des agents " + kRlo + "et les primes" + kPdf + ".\n\n"
        "La cellule des accents " + combining_flood(10000) + " assure la normalisation des accents.\n\n"
        "La cellule " + combining_flood(3) + "tonnante assure la veille des signes combinants.\n";
    std::string big = "# Article 3\n\n" + megabyte_line(1 << 20) + "\n";
    quifait::test::write_corpus(corpus, {{"balises.txt", "HOST", "Organisme hostile", markup},
                                         {"bidi.txt", "HOST", "Organisme hostile", bidi},
                                         {"grand.txt", "HOST", "Organisme hostile", big}});
    {
      Timer t("index: markup, bidi marks, 10k combining marks, 1 MB line");
      quifait::test::build_test_index(corpus, db);
    }
    searcher = std::make_unique<Searcher>(db);
    answerer = std::make_unique<Answerer>(*searcher);
  }
};

HostileIndex& hostile() {
  static HostileIndex h;
  return h;
}

const std::vector<std::string>& hostile_questions() {
  static const std::vector<std::string> q = {
      "qui assure la gestion des balises ?",
      "qui gère " + kScript + " ?",
      kImg,
      "qui gère la <mark>paie</mark> ?",
      "qui instruit les plaintes " + kImg + " pour injection",
      "qui g" + kRlm + "ère la pa" + kLrm + "ie des agents ?",
      kRlo + "qui gère les primes ?" + kPdf,
      "qui assure la normalisation des accents " + combining_flood(300),
      combining_flood(450),
      "qui assure la gestion du parc numéro 777 ?",
      "que comprend la direction des balises ?",
      "de quelle direction dépend le bureau « " + kScript + " » ?",
      "quelles sont les missions de la division « " + kImg + " » ?",
      "&amp; &lt;script&gt; &#39; &quot;",
      // Found by fuzz_ask: "Ç" folds to "c", which looked like an elided "c'" glued to an
      // indexed word, and the repair cut "ç" in half, leaving invalid UTF-8 in the JSON.
      "e<\u00C7script>ementdes za",
      "\u00C7script",
  };
  return q;
}

}  // namespace

TEST_CASE("hostile corpus text is indexed and every highlighted evidence is escaped", "[hostile]") {
  HostileIndex& h = hostile();
  const Catalog& catalog = h.searcher->catalog();
  // The units were read despite the markup in their names (kept as plain text: JSON escapes it,
  // the page must insert it as text).
  bool script_unit = false;
  for (const auto& u : catalog.units()) {
    if (u.name.find("<script>") != std::string::npos) script_unit = true;
    CHECK_FALSE(unicode::first_invalid_utf8(u.name));
  }
  CHECK(script_unit);

  size_t evidence_with_markup = 0;
  for (const auto& q : hostile_questions()) {
    INFO("question: " << q.substr(0, 200));
    AnswerSet a;
    {
      Timer t("ask: " + std::to_string(q.size()) + " bytes");
      REQUIRE_NOTHROW(a = h.answerer->ask(q));
    }
    for (const auto& ans : a.answers)
      for (const auto& e : ans.evidence) {
        INFO("highlighted: " << e.highlighted.substr(0, 300));
        CHECK(only_mark_tags(e.highlighted));
        if (e.passage.text.find('<') != std::string::npos) {
          ++evidence_with_markup;
          CHECK_THAT(e.highlighted, Catch::Contains("&lt;"));
        }
      }
    check_json_escaped(answer_to_json(a, catalog));
    SearchResults r;
    {
      Timer t("search: " + std::to_string(q.size()) + " bytes");
      r = h.searcher->search(q, SearchOptions{});
    }
    check_json_escaped(search_to_json(q, SearchOptions{}, r, *h.searcher));
  }
  CHECK(evidence_with_markup > 0);

  // The 1 MB line was indexed as searchable text.
  AnswerSet park = h.answerer->ask("qui assure la gestion du parc numéro 777 ?");
  REQUIRE_FALSE(park.answers.empty());
  // Its evidence is an excerpt: where the question's words are, not the whole megabyte.
  const Evidence& e = park.answers.front().evidence.front();
  CHECK_THAT(e.passage.text, Catch::Contains("numéro 777,"));
  CHECK(e.passage.text.size() <= kMaxEvidenceBytes + 16);
  CHECK_THAT(e.highlighted, Catch::Contains("numéro 777</mark>"));
  CHECK(answer_to_json(park, catalog).dump().size() < 50000);
  SearchResults hits = h.searcher->search("parc numéro 777", SearchOptions{});
  REQUIRE_FALSE(hits.hits.empty());
  CHECK(search_to_json("parc numéro 777", SearchOptions{}, hits, *h.searcher).dump().size() < 100000);
  // The flood of combining marks did not stop the words after it from being found.
  AnswerSet accents = h.answerer->ask("qui assure la normalisation des accents ?");
  REQUIRE_FALSE(accents.answers.empty());
  const Unit* u = catalog.unit(accents.answers.front().unit_key);
  REQUIRE(u);
  CHECK_THAT(u->name, Catch::StartsWith("cellule des accents"));
}

TEST_CASE("unusable hostile questions are refused with a clear BadRequest, quickly", "[hostile]") {
  HostileIndex& h = hostile();
  struct Case {
    std::string name, question, message;
  };
  const std::vector<Case> cases = {
      {"invalid UTF-8", "qui g\xe8re la paie ? \xff\xfe", "not valid UTF-8"},
      {"overlong encoding", "qui g\xc0\xafre", "not valid UTF-8"},
      {"lone surrogate", "qui \xed\xa0\x80 g\xc3\xa8re", "not valid UTF-8"},
      {"NUL byte", bytes("qui g\xc3\xa8re\0 la paie"), "not valid UTF-8"},
      {"10k combining marks", combining_flood(10000), "too long"},
      {"1 MB question", megabyte_line(1 << 20), "too long"},
      {"only control characters", "\x01\x02\x1b[31m\x7f", ""},
      {"only bidi marks and spaces", kRlm + " " + kLrm, ""},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    Timer t("refuse: " + c.name);
    try {
      AnswerSet a = h.answerer->ask(c.question);
      // Bidi marks alone are not "empty" to the validator: then nothing matches, escaped.
      CHECK(c.message.empty());
      check_json_escaped(answer_to_json(a, h.searcher->catalog()));
    } catch (const BadRequest& e) {
      CHECK_THAT(e.what(), Catch::Contains(c.message));
    }
  }
}

TEST_CASE("the question parser and the analyzer stay linear on huge hostile input", "[hostile]") {
  const FrenchAnalyzer& an = quifait::test::project_analyzer();
  Catalog catalog({{"ORG", "Organisme"}}, {});
  const std::vector<std::pair<std::string, std::string>> inputs = {
      {"1 MB line", megabyte_line(1 << 20)},
      {"100k combining marks", combining_flood(100000)},
      {"100k bidi marks", [] {
         std::string s;
         for (int i = 0; i < 100000; ++i) s += kRlm + "a";
         return s;
       }()},
      {"300k of <script>", [] {
         std::string s;
         while (s.size() < 300000) s += kScript + kImg;
         return s;
       }()},
      {"1 MB of apostrophes and dots", [] {
         std::string s;
         while (s.size() < (1 << 20)) s += "l'I.N.S.E.E.d\u2019qu'";
         return s;
       }()},
  };
  for (const auto& [name, text] : inputs) {
    INFO(name);
    std::vector<Token> tokens;
    {
      Timer t("tokenize: " + name);
      tokens = an.tokenize(text);
    }
    std::unordered_set<std::string> stems;
    for (size_t i = 0; i < tokens.size() && i < 3; ++i) stems.insert(tokens[i].stem);
    std::string html;
    {
      Timer t("highlight: " + name);
      html = highlight(an, text, stems);
    }
    CHECK(only_mark_tags(html));
    {
      // The parser is only ever given 500 characters by the Answerer, but must not fall over
      // (std::regex recursion) on more: it looks at a bounded prefix.
      Timer t("parse_question: " + name);
      ParsedQuestion p = parse_question(text, catalog);
      CHECK_FALSE(unicode::first_invalid_utf8(p.focus));
    }
    {
      Timer t("parse_blocks + extract_structure: " + name);
      ParsedDocument doc;
      doc.info = DocumentInfo{"h.txt", "ORG", "Organisme", "", "", "", ""};
      doc.doc_id = "h";
      doc.blocks = parse_blocks(unicode::nfc(unicode::sanitize(text)));
      OrgTree tree = extract_structure({doc});
      for (const auto& p : tree.passages) CHECK_FALSE(unicode::first_invalid_utf8(p.text));
    }
  }
}

TEST_CASE("a corpus document with invalid UTF-8 or a NUL byte is refused naming the file and line", "[hostile]") {
  TempDir dir("hostile-bytes");
  std::string corpus = dir / "corpus", db = dir / "index";
  quifait::test::write_corpus(corpus, {{"a.txt", "ORG", "Organisme", "Le bureau du courrier assure la réception des plis.\n"}});
  quifait::test::build_test_index(corpus, db);
  std::string generation = current_generation(db);
  struct Case {
    std::string name, bytes, message;
  };
  const std::vector<Case> cases = {
      {"invalid UTF-8", "Ligne un.\nLigne deux.\nLe bureau \xff\xfe assure.\n", "b.txt:3: invalid UTF-8"},
      {"NUL byte", bytes("Ligne un.\nLe bureau\0 assure.\n"), "b.txt:2: a NUL byte"},
      {"Latin-1 text", "Le bureau g\xe8re la r\xe9" "ception.\n", "b.txt:1: invalid UTF-8"},
      {"UTF-16", bytes("\xff\xfeL\0e\0 \0b\0"), "b.txt:1:"},
  };
  for (const auto& c : cases) {
    SECTION(c.name) {
      quifait::test::write_corpus(corpus, {{"a.txt", "ORG", "Organisme", "Le bureau du courrier assure la réception des plis.\n"},
                                           {"b.txt", "ORG", "Organisme", c.bytes}});
      auto r = quifait::test::run_command(quifait::test::shell_quote(QUIFAIT_BINARY) + " index --quiet --corpus " +
                                          quifait::test::shell_quote(corpus) + " --db " + quifait::test::shell_quote(db));
      INFO("stderr: " << r.err);
      CHECK(r.exit_code == 1);
      CHECK_THAT(r.err, Catch::Contains(c.message));
      CHECK(current_generation(db) == generation);
    }
  }
}

TEST_CASE("quifait ask prints escaped JSON for a hostile question and refuses invalid bytes", "[hostile][cli]") {
  HostileIndex& h = hostile();
  std::string bin = quifait::test::shell_quote(QUIFAIT_BINARY);
  for (const std::string& q : {std::string("qui gère ") + kScript + " ?", kImg, "qui g" + kRlm + "ère la paie ?"}) {
    auto r = quifait::test::run_command(bin + " ask --json --db " + quifait::test::shell_quote(h.db) + " " +
                                        quifait::test::shell_quote(q));
    INFO("question: " << q << "\nstderr: " << r.err);
    REQUIRE(r.exit_code == 0);
    nlohmann::json j;
    REQUIRE_NOTHROW(j = nlohmann::json::parse(r.out));
    CHECK(j["query"].get<std::string>().find("<script>") == q.find("<script>"));  // plain text, JSON-escaped
    check_json_escaped(j);
  }
  auto bad = quifait::test::run_command(bin + " ask --db " + quifait::test::shell_quote(h.db) + " \"$(printf 'qui g\\350re')\"");
  INFO("stderr: " << bad.err);
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.err, Catch::Contains("UTF-8"));
}
