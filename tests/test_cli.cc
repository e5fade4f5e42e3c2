// The quifait executable: index, ask, search, units, export, errors and exit codes.
#include <catch2/catch.hpp>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "index/index_reader.h"
#include "test_support.h"

using quifait::test::CommandResult;
using quifait::test::run_command;
using quifait::test::shell_quote;
using quifait::test::TempDir;
namespace fs = std::filesystem;

namespace {

std::string bin() { return shell_quote(QUIFAIT_BINARY); }

// An index of the bundled corpus built with the CLI itself, once for this file.
struct CliFixture {
  TempDir dir{"cli"};
  std::string db = dir / "index";
  CommandResult build;
  CliFixture() {
    build = run_command(bin() + " index --quiet --corpus " + shell_quote(QUIFAIT_CORPUS_DIR) + " --db " + shell_quote(db));
  }
};

CliFixture& cli() {
  static CliFixture f;
  return f;
}

std::string db_arg() { return " --db " + shell_quote(cli().db); }

nlohmann::json parse_json(const CommandResult& r) {
  INFO("stdout: " << r.out.substr(0, 2000) << "\nstderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  nlohmann::json j;
  REQUIRE_NOTHROW(j = nlohmann::json::parse(r.out));
  return j;
}

}  // namespace

TEST_CASE("quifait index builds an index of the bundled corpus quietly", "[cli]") {
  REQUIRE(std::filesystem::exists(QUIFAIT_BINARY));
  const CommandResult& r = cli().build;
  INFO("stderr: " << r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out.empty());
  CHECK(r.err.empty());  // --quiet
  CHECK_NOTHROW(quifait::open_index(cli().db));
}

TEST_CASE("quifait ask --json prints the answer contract", "[cli]") {
  auto r = run_command(bin() + " ask --json" + db_arg() + " " + shell_quote("Qui gère le parc immobilier ?"));
  nlohmann::json j = parse_json(r);
  INFO(j.dump(1));
  CHECK(j["query"] == "Qui gère le parc immobilier ?");
  CHECK(j["intent"] == "responsibility");
  CHECK(j["confident"].is_boolean());
  REQUIRE(j["answers"].is_array());
  REQUIRE_FALSE(j["answers"].empty());
  for (const auto& a : j["answers"]) {
    const auto& u = a["unit"];
    for (const char* key : {"id", "name", "type", "org"}) CHECK(u[key].is_string());
    REQUIRE(u["path"].is_array());
    REQUIRE_FALSE(u["path"].empty());
    CHECK(u["path"][0] == u["org"]);
    CHECK(u["path"].back() == u["name"]);
    CHECK(a["score"].is_number());
    REQUIRE(a["evidence"].is_array());
    for (const auto& e : a["evidence"])
      for (const char* key : {"passage_id", "doc", "text", "highlighted"}) CHECK(e[key].is_string());
  }
  CHECK_THAT(j["answers"][0]["evidence"][0]["highlighted"].get<std::string>(), Catch::Contains("<mark>"));
}

TEST_CASE("quifait ask without --json prints the unit and its evidence", "[cli]") {
  auto r = run_command(bin() + " ask" + db_arg() + " " + shell_quote("qui s'occupe de la communication de crise ?"));
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("crise"));
  CHECK(r.out.find("<mark>") == std::string::npos);
  CHECK(r.out.find("\033[") == std::string::npos);  // no terminal escapes when stdout is a file
}

TEST_CASE("quifait ask refuses an empty question with a message on stderr", "[cli]") {
  for (const std::string& q : {std::string("''"), std::string("'   '"), std::string("")}) {
    auto r = run_command(bin() + " ask --json" + db_arg() + " " + q);
    INFO("question argument [" << q << "] stdout: " << r.out << "\nstderr: " << r.err);
    CHECK(r.exit_code != 0);
    CHECK_FALSE(r.err.empty());
    CHECK(r.out.empty());
  }
}

TEST_CASE("quifait ask with a data directory that lacks the lexicon says which file and exits 1, no crash", "[cli]") {
  quifait::test::TempDir empty("no-data");
  auto r = run_command("QUIFAIT_DATA_DIR=" + shell_quote(empty.str()) + " " + bin() + " ask --json" + db_arg() +
                       " 'qui gère le parc immobilier'");
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("lexicon/administration.json") != std::string::npos);
  CHECK(r.err.find("QUIFAIT_DATA_DIR") != std::string::npos);
  CHECK(r.err.find("terminate") == std::string::npos);
  CHECK(r.out.empty());
}

TEST_CASE("quifait units --json has the orgs and the units of the tree", "[cli]") {
  nlohmann::json j = parse_json(run_command(bin() + " units --json" + db_arg()));
  REQUIRE(j["orgs"].is_array());
  REQUIRE(j["units"].is_array());
  std::set<std::string> orgs, ids;
  for (const auto& o : j["orgs"]) {
    CHECK(o["name"].is_string());
    orgs.insert(o["code"].get<std::string>());
  }
  for (const char* code : {"INSEE", "SIG", "SSP"}) CHECK(orgs.count(code) == 1);
  CHECK(j["units"].size() >= 30);
  for (const auto& u : j["units"]) ids.insert(u["id"].get<std::string>());
  for (const auto& u : j["units"]) {
    for (const char* key : {"id", "name", "type", "org", "doc"}) CHECK(u[key].is_string());
    CHECK(u["aliases"].is_array());
    CHECK(orgs.count(u["org"].get<std::string>()) == 1);
    if (!u["parent"].is_null()) CHECK(ids.count(u["parent"].get<std::string>()) == 1);
  }
}

TEST_CASE("quifait export prints one JSON object per passage", "[cli]") {
  auto r = run_command(bin() + " export" + db_arg());
  INFO("stderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  auto lines = quifait::test::lines_of(r.out);
  auto index = quifait::open_index(cli().db);
  CHECK(lines.size() == index.db.get_doccount());
  std::set<std::string> ids;
  for (const auto& line : lines) {
    INFO(line);
    nlohmann::json j;
    REQUIRE_NOTHROW(j = nlohmann::json::parse(line));
    for (const char* key : {"passage_id", "doc", "org", "text"}) CHECK(j[key].is_string());
    const auto& u = j["unit"];
    for (const char* key : {"id", "name", "type"}) CHECK(u[key].is_string());
    REQUIRE(u["path"].is_array());
    REQUIRE_FALSE(u["path"].empty());
    CHECK(u["path"][0] == j["org"]);
    CHECK(ids.insert(j["passage_id"].get<std::string>()).second);
  }
}

TEST_CASE("quifait search --json has hits and facets", "[cli]") {
  nlohmann::json j = parse_json(run_command(bin() + " search --json" + db_arg() + " " + shell_quote("ressources humaines")));
  INFO(j.dump(1).substr(0, 3000));
  REQUIRE(j["hits"].is_array());
  REQUIRE_FALSE(j["hits"].empty());
  REQUIRE(j["facets"].is_object());
  CHECK(j["facets"]["org"].is_object());
  CHECK(j["facets"]["type"].is_object());
  CHECK(j["facets"]["org"].contains("INSEE"));
  CHECK(j["total"].get<long>() >= static_cast<long>(j["hits"].size()));
  for (const auto& h : j["hits"]) {
    for (const char* key : {"passage_id", "doc", "text", "highlighted"}) CHECK(h[key].is_string());
    CHECK(h["unit"]["id"].is_string());
  }
  // --org filters the hits.
  nlohmann::json sig = parse_json(run_command(bin() + " search --json --org SIG" + db_arg() + " " + shell_quote("communication")));
  REQUIRE_FALSE(sig["hits"].empty());
  for (const auto& h : sig["hits"]) CHECK(h["unit"]["org"] == "SIG");
}

TEST_CASE("an unknown option exits with status 2 naming the option", "[cli]") {
  for (const char* command : {"ask", "search", "units", "export", "index"}) {
    auto r = run_command(bin() + " " + command + " --no-such-option" + db_arg() + " x");
    INFO(command << " stderr: " << r.err);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("--no-such-option"));
  }
  auto r = run_command(bin() + " no-such-command");
  CHECK(r.exit_code == 2);
  CHECK_FALSE(r.err.empty());
}

TEST_CASE("quifait ask on a missing index fails and says how to build one", "[cli]") {
  TempDir dir("cli-missing");
  auto r = run_command(bin() + " ask --db " + shell_quote(dir / "absent") + " " + shell_quote("qui gère les concours ?"));
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  CHECK(r.exit_code != 0);
  CHECK_THAT(r.err, Catch::Contains("quifait index"));
  CHECK(r.out.empty());
}

TEST_CASE("quifait index on a bad corpus fails naming the file and keeps the old index", "[cli]") {
  TempDir dir("cli-bad");
  std::string corpus = dir / "corpus", db = dir / "index";
  quifait::test::write_corpus(corpus, {{"a.txt", "ORG", "Organisme", "Le bureau du courrier assure la réception des plis.\n"}});
  auto ok = run_command(bin() + " index --quiet --corpus " + shell_quote(corpus) + " --db " + shell_quote(db));
  REQUIRE(ok.exit_code == 0);
  quifait::test::write_corpus(corpus, {{"a.txt", "ORG", "Organisme", "Le bureau du courrier assure la réception des plis.\n"},
                                       {"b.txt", "ORG", "Organisme", "Ligne un.\nLigne \xff deux.\n"}});
  auto bad = run_command(bin() + " index --quiet --corpus " + shell_quote(corpus) + " --db " + shell_quote(db));
  INFO("stderr: " << bad.err);
  CHECK(bad.exit_code == 1);
  CHECK_THAT(bad.err, Catch::Contains("b.txt:2:"));
  auto units = parse_json(run_command(bin() + " units --json --db " + shell_quote(db)));
  REQUIRE(units["units"].size() == 1);
  CHECK(units["units"][0]["name"] == "bureau du courrier");
}

TEST_CASE("every command has its own help listing its options, and --version answers", "[cli]") {
  struct Case {
    const char* command;
    std::vector<std::string> options;
  };
  const std::vector<Case> cases = {
      {"index", {"--corpus", "--db", "--stopwords", "--synonyms", "--quiet"}},
      {"ask", {"--json", "--exact", "--max", "--db", "NO_COLOR"}},
      {"search", {"--org", "--type", "--page", "--size", "--json"}},
      {"units", {"--json", "parent_source"}},
      {"export", {"--db"}},
      {"eval", {"--units", "--min", "--verbose"}},
      {"eval-units", {"--corpus", "--min", "--json"}},
      {"serve", {"--port", "--host", "--threads", "--access-log"}},
  };
  for (const auto& c : cases) {
    auto r = run_command(bin() + " " + c.command + " --help");
    INFO(c.command << ": " << r.out);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::StartsWith(std::string("usage: quifait ") + c.command));
    for (const auto& o : c.options) CHECK_THAT(r.out, Catch::Contains(o));
  }
  auto v = run_command(bin() + " --version");
  CHECK(v.exit_code == 0);
  CHECK_THAT(v.out, Catch::StartsWith("quifait "));
}

TEST_CASE("ask --max must be a whole number from 1 to 20", "[cli]") {
  for (const char* bad : {"abc", "0", "21", "-3", "1.5"}) {
    auto r = run_command(bin() + " ask --max " + shell_quote(bad) + db_arg() + " 'qui gère le budget'");
    INFO(bad << ": " << r.err);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("--max"));
  }
  auto ok = run_command(bin() + " ask --json --max 2" + db_arg() + " 'qui gère le parc immobilier'");
  CHECK(parse_json(ok)["answers"].size() <= 2);
}

TEST_CASE("a mistyped --synonyms path fails the build instead of indexing without synonyms", "[cli]") {
  TempDir dir("synonyms");
  auto r = run_command(bin() + " index --quiet --corpus " + shell_quote(QUIFAIT_CORPUS_DIR) + " --db " + shell_quote(dir / "db") +
                       " --synonyms " + shell_quote(dir / "no-such-file.txt"));
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("no-such-file.txt"));
}

TEST_CASE("NO_COLOR keeps escape codes out of the output", "[cli]") {
  // `script` gives the command a terminal, where colours are on unless NO_COLOR is set.
  auto has_script = run_command("command -v script");
  if (has_script.exit_code != 0) FAIL("the util-linux `script` command is needed for this test");
  std::string ask = bin() + " ask" + db_arg() + " 'qui gère le parc immobilier'";
  auto coloured = run_command("script -qec " + shell_quote(ask) + " /dev/null");
  auto plain = run_command("NO_COLOR=1 script -qec " + shell_quote(ask) + " /dev/null");
  CHECK(coloured.out.find("\033[") != std::string::npos);
  CHECK(plain.out.find("\033[") == std::string::npos);
  CHECK_THAT(plain.out, Catch::Contains("département des services généraux"));
}

TEST_CASE("finding nothing is an answer: ask and search exit 0 and say so, errors exit 1 or 2", "[cli]") {
  struct Row {
    std::string args;
    int exit_code;
    std::string says;  // in stdout, or in stderr for a failure
  };
  const std::vector<Row> rows = {
      {"ask 'qui gère les sous-marins nucléaires ?'", 0, "Je n'ai pas trouvé"},
      {"ask --json 'qui gère les sous-marins nucléaires ?'", 0, "\"confident\":false"},
      {"search 'xylophone zanzibar'", 0, "0 passage(s)"},
      {"search --json 'xylophone zanzibar'", 0, "\"total\":0"},
      {"search --partial immob", 0, "immobilier"},
      {"search --page 0 budget", 2, "--page"},
      {"ask ''", 2, "empty"},
  };
  for (const auto& r : rows) {
    INFO("quifait " << r.args);
    auto res = run_command(bin() + " " + r.args + db_arg());
    CHECK(res.exit_code == r.exit_code);
    CHECK_THAT(res.exit_code == 0 ? res.out : res.err, Catch::Contains(r.says));
  }
  auto missing = run_command(bin() + " search budget --db /nonexistent/index");
  CHECK(missing.exit_code == 1);
}

TEST_CASE("cmake --install gives a binary that finds its data and serves from any directory", "[cli][install]") {
  TempDir tmp("install");
  std::string prefix = tmp / "prefix";
  auto install = run_command("cmake --install " + shell_quote(QUIFAIT_BUILD_DIR) + " --prefix " + shell_quote(prefix));
  INFO(install.out << install.err);
  REQUIRE(install.exit_code == 0);
  std::string exe = shell_quote(prefix + "/bin/quifait");
  for (const char* file : {"share/quifait/lexicon/administration.json", "share/quifait/stopwords/fr.txt",
                           "share/quifait/web/index.html", "share/quifait/corpus/corpus.json", "share/doc/quifait/LICENSE",
                           "share/doc/quifait/deploy/quifait.service"}) {
    INFO(file);
    CHECK(fs::exists(fs::path(prefix) / file));
  }
  // From another directory, with no QUIFAIT_* variable: the data comes from the prefix.
  std::string env = "cd / && env -u QUIFAIT_DATA_DIR -u QUIFAIT_WEB_DIR -u QUIFAIT_DB ";
  std::string db = shell_quote(tmp / "index");
  auto index = run_command(env + exe + " index --quiet --corpus " + shell_quote(prefix + "/share/quifait/corpus") + " --db " + db);
  INFO(index.err);
  REQUIRE(index.exit_code == 0);
  auto ask = run_command(env + exe + " ask --db " + db + " 'qui gère le parc immobilier ?'");
  CHECK(ask.exit_code == 0);
  CHECK_THAT(ask.out, Catch::Contains("département des services généraux"));
  // Without --db an installed copy looks in <localstatedir>/lib/quifait/index, and says so.
  auto no_db = run_command(env + exe + " units");
  CHECK(no_db.exit_code == 1);
  CHECK_THAT(no_db.err, Catch::Contains("lib/quifait/index"));
  // The server finds the installed page files; QUIFAIT_PORT and QUIFAIT_HOST set the address.
  auto serve = run_command(env + "QUIFAIT_PORT=0 QUIFAIT_HOST=127.0.0.1 timeout -s INT 2 " + exe + " serve --db " + db +
                           " --access-log off");
  CHECK_THAT(serve.out, Catch::StartsWith("quifait: listening on http://127.0.0.1:"));
  CHECK_THAT(serve.err, !Catch::Contains("web page folder"));
}
