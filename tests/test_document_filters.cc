// Document filters (issue 13): an organisation text given as HTML, DOCX or PDF gives the same
// tree as its .md form. The test files are made here from real texts of tests/data: HTML with
// pandoc, PDF by printing that HTML with Chromium, DOCX with pandoc. Then the filters' own
// behaviour, table-driven, and the errors a user sees for a bad file.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "analysis/unicode.h"
#include "corpus/document_filters.h"
#include "corpus/reader.h"
#include "corpus/structure.h"
#include "corpus/tree_eval.h"
#include "index/index_reader.h"
#include "test_support.h"
#include "util/error.h"

using namespace quifait;
using quifait::test::TempDir;
namespace fs = std::filesystem;

namespace {

// The tree of a corpus as a gold tree: parents by name, as tests/data/*/units.json.
std::vector<GoldUnit> as_gold(const OrgTree& tree) {
  std::map<std::string, std::string> names;
  for (const auto& u : tree.units) names[u.id] = u.name;
  std::vector<GoldUnit> gold;
  for (const auto& u : tree.units) gold.push_back({u.org, u.name, u.parent_id.empty() ? "" : names[u.parent_id], u.aliases});
  return gold;
}

// A one-document corpus of `file`, with the manifest entry `entry` (org, org_name, title).
void write_manifest(const fs::path& dir, const std::string& file, nlohmann::json entry) {
  entry["file"] = file;
  test::write_file(dir / "corpus.json", nlohmann::json({{"documents", {entry}}}).dump());
}

// The manifest entry of a text of tests/data ("arretes/x.md": tests/data/arretes-manifest.json
// or tests/data/arretes-dev/manifest.json).
nlohmann::json manifest_entry(const std::string& relative) {
  std::string dir = relative.substr(0, relative.find('/'));
  std::string file = relative.substr(relative.find('/') + 1);
  std::string manifest = dir == "arretes" ? "arretes-manifest.json" : dir + "/manifest.json";
  nlohmann::json m = nlohmann::json::parse(test::read_file(test::test_data(manifest)));
  for (const auto& e : m["documents"]) {
    if (e["file"] == file) return e;
  }
  throw std::runtime_error(relative + " has no entry in tests/data/" + manifest);
}

void run_or_fail(const std::string& command) {
  auto r = test::run_command(command);
  INFO(command << "\n" << r.err);
  REQUIRE(r.exit_code == 0);
}

// The real texts converted: organisation arrêtés of three ministries and decades, with "1°",
// "a)", roman sections, "―" items and lettered items between them.
const char* const kTexts[] = {
    "arretes-dev/arrete-2009-11-17-mccb0922688a-culture-dgp.md",
    "arretes-dev/arrete-2013-10-30-into1325339a-outremer-dgom.md",
    "arretes-dev/arrete-2002-04-30-ecop0200330a-douanes-bureaux.md",
};

}  // namespace

TEST_CASE("an arrêté given as HTML, DOCX or PDF gives the same tree as its Markdown form", "[filters][slow]") {
  for (const char* relative : kTexts) {
    TempDir tmp("filters");
    std::string md = test::test_data(relative);
    fs::path work = tmp.path() / "work";
    fs::create_directories(work);
    // CommonMark: "II." stays the text's roman section, not a list pandoc would renumber.
    run_or_fail("pandoc -f commonmark -t html5 -s --metadata pagetitle=doc " + test::shell_quote(md) + " -o " +
                test::shell_quote((work / "doc.html").string()));
    run_or_fail("pandoc -f commonmark -t docx " + test::shell_quote(md) + " -o " + test::shell_quote((work / "doc.docx").string()));
    run_or_fail("chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer --user-data-dir=" +
                test::shell_quote((tmp.path() / "chromium").string()) + " --print-to-pdf=" +
                test::shell_quote((work / "doc.pdf").string()) + " " + test::shell_quote((work / "doc.html").string()));

    fs::path md_dir = tmp.path() / "md";
    fs::create_directories(md_dir);
    fs::copy_file(md, md_dir / "doc.md");
    write_manifest(md_dir, "doc.md", manifest_entry(relative));
    OrgTree reference = load_corpus(md_dir.string());
    REQUIRE(reference.units.size() >= 10);
    std::vector<GoldUnit> gold = as_gold(reference);

    for (std::string type : {"html", "docx", "pdf"}) {
      fs::path dir = tmp.path() / type;
      fs::create_directories(dir);
      fs::copy_file(work / ("doc." + type), dir / ("doc." + type));
      write_manifest(dir, "doc." + type, manifest_entry(relative));
      OrgTree tree = load_corpus(dir.string());
      TreeScore s = score_tree(tree.units, gold);
      std::string report;
      for (const auto& l : s.missing) report += "\n  " + l;
      for (const auto& l : s.wrong_parent) report += "\n  " + l;
      for (const auto& l : s.extras) report += "\n  " + l;
      INFO(relative << " as " << type << ": F1 " << s.f1 << " (" << reference.units.size() << " units)" << report);
      CHECK(s.f1 == Approx(1.0));
      // The text is there too, not only the names: about as many passages as the Markdown.
      CHECK(tree.passages.size() >= reference.passages.size() * 9 / 10);
    }
  }
}

TEST_CASE("the HTML filter keeps the text a reader sees and nothing else", "[filters]") {
  struct Row {
    const char* what;
    std::string html;
    std::string text;
  };
  std::vector<Row> rows = {
      {"headings become '#' lines, paragraphs blocks",
       "<html><body><h1>Arrêté du 1er mars</h1><h2>Article 1</h2><p>La direction comprend :</p></body></html>",
       "# Arrêté du 1er mars\n\n## Article 1\n\nLa direction comprend :"},
      {"script, style, navigation, header and footer are dropped",
       "<body><header>Légifrance</header><nav><a>Accueil</a></nav><script>var x=1;</script><style>p{}</style>"
       "<main><p>Le bureau A assure la paie.</p></main><footer>Mentions légales</footer></body>",
       "Le bureau A assure la paie."},
      {"a bullet list keeps its items, with the text's own dash when it has one",
       "<ul><li>le bureau A ;</li><li>― le bureau B.</li></ul>", "- le bureau A ;\n\n― le bureau B."},
      {"an ordered list keeps its numbering style",
       "<ol type=\"I\" start=\"2\"><li>― La sous-direction X conduit.</li></ol><ol type=\"a\"><li>le bureau C ;</li></ol>",
       "II. ― La sous-direction X conduit.\n\na) le bureau C ;"},
      {"whitespace collapses as a browser renders it, and <br> breaks a line",
       "<p>Le   bureau\n  du budget<br>prépare le budget.</p>", "Le bureau du budget\nprépare le budget."},
      {"entities and a page with no declared charset are read as UTF-8",
       "<p>Sous-direction des march&eacute;s &amp; de l&#8217;achat public</p>", "Sous-direction des marchés & de l’achat public"},
      {"a page declaring ISO-8859-1 is decoded from it",
       "<html><head><meta charset=\"iso-8859-1\"></head><body><p>Minist\xe8re</p></body></html>", "Ministère"},
      {"broken markup is recovered", "<p>Le bureau <b>A</p><p>assure", "Le bureau A\n\nassure"},
  };
  for (const auto& r : rows) {
    INFO(r.what);
    CHECK(html_to_text(r.html) == r.text);
  }
}

namespace {

// A page of `pdftotext -bbox-layout` output with one line per entry (top, height, words).
struct Line {
  double top, height;
  std::string text;
};
std::string bbox_page(const std::vector<Line>& lines) {
  std::string x = "<page width=\"612\" height=\"792\"><flow><block>";
  for (const auto& l : lines) {
    // A line's width in points, as a proportional font gives it, near enough.
    x += "<line xMin=\"72\" xMax=\"" + std::to_string(72 + 6 * unicode::length(l.text)) + "\" yMin=\"" + std::to_string(l.top) + "\">";
    size_t pos = 0;
    while (pos <= l.text.size()) {
      size_t sp = l.text.find(' ', pos);
      if (sp == std::string::npos) sp = l.text.size();
      x += "<word yMin=\"" + std::to_string(l.top) + "\" yMax=\"" + std::to_string(l.top + l.height) + "\">" +
           l.text.substr(pos, sp - pos) + "</word>";
      pos = sp + 1;
    }
    x += "</line>";
  }
  return x + "</block></flow></page>";
}
std::string bbox_doc(const std::vector<std::vector<Line>>& pages) {
  std::string x = "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><doc>";
  for (const auto& p : pages) x += bbox_page(p);
  return x + "</doc></body></html>";
}

}  // namespace

TEST_CASE("the PDF filter rebuilds paragraphs, headings and words from the page layout", "[filters]") {
  SECTION("a wider gap starts a paragraph, a larger font a heading, a hyphen at a line end is undone") {
    std::string text = pdf_layout_to_text(bbox_doc({{
        {50, 28, "Article 2"},
        {100, 14, "Le bureau de la ges-"},
        {118, 14, "tion du personnel assure la paie des agents de la sous-"},
        {136, 14, "direction."},
        {166, 14, "Il prépare le budget."},
    }}));
    CHECK(text == "# Article 2\n\nLe bureau de la gestion du personnel assure la paie des agents de la sous-direction.\n\nIl prépare le budget.\n");
  }
  SECTION("running headers, page numbers and page breaks do not cut the text") {
    // Page 1 ends in mid-sentence, page 2 ends on a short line (a heading), page 3 goes on.
    const char* bodies[3][2] = {{"La direction comprend le bureau A, qui assure la paie", "des agents, et le bureau B, qui assure le budget de"},
                                {"la direction et le suivi des dépenses de l'État.", "Le bureau C/2. - Communication"},
                                {"Il assure la communication de la direction.", ""}};
    std::vector<std::vector<Line>> pages;
    for (int p = 0; p < 3; ++p) {
      std::vector<Line> page = {{20, 10, "JOURNAL OFFICIEL DE LA RÉPUBLIQUE FRANÇAISE"}, {100, 14, bodies[p][0]}};
      if (*bodies[p][1]) page.push_back({130, 14, bodies[p][1]});
      page.push_back({700, 10, std::to_string(p + 1) + "/3"});
      pages.push_back(page);
    }
    pages[0][2].top = 118;  // the same paragraph: the body's leading
    std::string text = pdf_layout_to_text(bbox_doc(pages));
    CHECK(text.find("JOURNAL") == std::string::npos);
    CHECK(text.find("/3") == std::string::npos);
    auto blocks = parse_blocks(text);
    REQUIRE(blocks.size() == 3);
    CHECK(blocks[0].text ==
          "La direction comprend le bureau A, qui assure la paie des agents, et le bureau B, qui assure le budget de la "
          "direction et le suivi des dépenses de l'État.");
    CHECK(blocks[1].text == "Le bureau C/2. - Communication");
    CHECK(blocks[2].text == "Il assure la communication de la direction.");
  }
}

TEST_CASE("a document no filter can read gets an error naming the file, and the previous index is kept", "[filters]") {
  TempDir tmp("filters-bad");
  fs::path corpus = tmp.path() / "corpus";
  test::write_corpus(corpus, {{"a.md", "ORG", "Organisation", "# Organisation\n\nLe bureau A assure la paie des agents.\n"}});
  std::string db = (tmp.path() / "index").string();
  test::build_test_index(corpus.string(), db);

  struct Row {
    const char* what;
    std::string file;
    std::string bytes;
    std::string message;
  };
  std::vector<Row> rows = {
      {"a corrupt PDF", "b.pdf", "%PDF-1.4 this is not a PDF", "b.pdf: pdftotext could not read it"},
      {"a corrupt DOCX", "b.docx", "PK\x03\x04 not a zip", "b.docx: pandoc could not read it"},
      {"an HTML page with no text", "b.html", "<html><script>x()</script></html>", "b.html: no text found in this html file"},
      {"a type no filter reads", "b.odt", "bytes", "(b.odt): no filter reads this type of file"},
  };
  for (const auto& r : rows) {
    INFO(r.what);
    test::write_corpus(corpus, {{"a.md", "ORG", "Organisation", "# Organisation\n\nLe bureau A assure la paie des agents.\n"},
                                {r.file, "ORG", "Organisation", r.bytes}});
    try {
      test::build_test_index(corpus.string(), db);
      FAIL("the build should have failed");
    } catch (const CorpusError& e) {
      CHECK_THAT(e.what(), Catch::Contains(r.message));
    }
    fs::remove(corpus / r.file);
    OpenIndex index = open_index(db);
    CHECK(index.catalog->units().size() == 1);
  }
}

TEST_CASE("a filter whose program is missing names the Debian package to install", "[filters]") {
  TempDir tmp("filters-path");
  fs::path pdf = tmp.path() / "a.pdf";
  test::write_file(pdf, "%PDF-1.4");
  const char* old_path = std::getenv("PATH");
  std::string saved = old_path ? old_path : "";
  setenv("PATH", tmp.str().c_str(), 1);
  std::string message;
  try {
    read_document(pdf.string(), "a.pdf");
  } catch (const CorpusError& e) {
    message = e.what();
  }
  setenv("PATH", saved.c_str(), 1);
  CHECK_THAT(message, Catch::Contains("a.pdf") && Catch::Contains("pdftotext") && Catch::Contains("poppler-utils"));
}
