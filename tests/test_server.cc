// The HTTP server end to end: a real HttpServer on a free loopback port, queried with
// httplib's client. Covers every endpoint, the error cases, the security headers, static
// files that must not escape web/, the index switch during a rebuild, the access log and
// the `quifait serve` process (signals, bad index).
#include <httplib.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <memory>
#include <set>
#include <thread>

#include "index/index_reader.h"
#include "qa/answerer.h"
#include "server/compression.h"
#include "server/http_server.h"
#include "server/request_params.h"
#include "server/response_cache.h"
#include "test_support.h"
#include "util/error.h"

using namespace quifait;
using nlohmann::json;
using quifait::test::DocSpec;
using quifait::test::TempDir;
namespace fs = std::filesystem;

namespace {

// An invented organisation, in the style of an organisation decree.
const char* kOrg = "APU";
const char* kOrgName = "Agence des parcs urbains";
const char* kDocOrganisation =
    "# Article 1\n\n"
    "L'Agence des parcs urbains comprend la direction des jardins et la direction de l'administration.\n\n"
    "# Article 2\n\n"
    "La direction des jardins comprend :\n"
    "\u2015 le département des plantations ;\n"
    "\u2015 le département de l'arrosage et des fontaines.\n\n"
    "Le département des plantations assure l'entretien des massifs fleuris et la taille des arbres d'alignement. "
    "Il organise les campagnes de plantation.\n\n"
    "Le département de l'arrosage et des fontaines assure la gestion des réseaux d'arrosage et l'entretien des "
    "fontaines publiques.\n\n"
    "# Article 3\n\n"
    "La direction de l'administration comprend le bureau du budget et le bureau des ressources humaines.\n\n"
    "Le bureau du budget prépare le budget de l'agence et suit les marchés publics.\n\n"
    "Le bureau des ressources humaines assure le recrutement des jardiniers et la formation des agents.\n";
const char* kDocHostile =
    "# Article 4\n\n"
    "La cellule « <script>alert(1)</script> » assure la veille sur les \"><img src=x onerror=alert(2)> "
    "balises des jardins.\n";

std::vector<DocSpec> base_corpus() {
  return {{"apu-organisation.txt", kOrg, kOrgName, kDocOrganisation, "Arrêté d'organisation de l'APU",
           "https://www.example.org/textes/apu-organisation", "2021-03-04"},
          {"apu-hostile.txt", kOrg, kOrgName, kDocHostile, "Note de veille"}};
}

// Percent-encodes everything but unreserved characters, as a browser's encodeURIComponent.
std::string enc(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

// A corpus, its index, and a server on a free loopback port, stopped on destruction.
struct ServerFixture {
  TempDir dir{"srv"};
  std::string corpus = dir / "corpus";
  std::string db = dir / "index";
  std::string web = dir / "web";
  std::unique_ptr<server::HttpServer> http;
  std::thread thread;
  int port = 0;
  std::FILE* log = nullptr;

  explicit ServerFixture(server::ServerOptions options = {}, std::vector<DocSpec> docs = base_corpus()) {
    test::write_corpus(corpus, docs);
    test::build_test_index(corpus, db);
    test::write_file(fs::path(web) / "index.html", "<!doctype html><title>quifait</title><p>page</p>\n");
    test::write_file(fs::path(web) / "app.js", "console.log('ok');\n");
    std::string big;
    for (int i = 0; i < 400; ++i) big += "function f" + std::to_string(i) + "() { return 'réponse " + std::to_string(i) + "'; }\n";
    test::write_file(fs::path(web) / "big.js", big);
    test::write_file(dir / "secret.txt", "SECRET-OUTSIDE-WEB\n");
    fs::create_symlink(dir / "secret.txt", fs::path(web) / "link.txt");
    log = std::tmpfile();
    options.db_path = db;
    options.web_dir = web;
    options.port = 0;
    options.access_log = log;
    http = std::make_unique<server::HttpServer>(options);
    port = http->bind();
    thread = std::thread([this] { http->run(); });
    for (int i = 0; i < 200 && !get("/healthz"); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ~ServerFixture() {
    http->stop();
    thread.join();
    std::fclose(log);
  }

  httplib::Result get(const std::string& target, const httplib::Headers& headers = {}) const {
    httplib::Client client("127.0.0.1", port);
    client.set_url_encode(false);
    client.set_connection_timeout(5);
    client.set_read_timeout(30);
    return client.Get(target.c_str(), headers);
  }
  json get_json(const std::string& target, int expected_status = 200) const {
    auto res = get(target);
    REQUIRE(res);
    INFO(target << " -> " << res->status << " " << res->body);
    REQUIRE(res->status == expected_status);
    REQUIRE(res->get_header_value("Content-Type").find("application/json") == 0);
    return json::parse(res->body);
  }
  // The log once it holds `lines` lines, or after a second: a line is written just after its
  // response is sent, so the last one may need a moment.
  std::string access_log_after(size_t lines) const {
    std::string log = access_log();
    for (int i = 0; i < 100 && static_cast<size_t>(std::count(log.begin(), log.end(), '\n')) < lines; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      log = access_log();
    }
    return log;
  }
  std::string access_log() const {
    std::fflush(log);
    std::rewind(log);
    std::string out;
    char buf[4096];
    while (size_t n = std::fread(buf, 1, sizeof buf, log)) out.append(buf, n);
    return out;
  }
};

std::vector<std::string> names_of(const json& answers) {
  std::vector<std::string> out;
  for (const auto& a : answers) out.push_back(a["unit"]["name"]);
  return out;
}

}  // namespace

TEST_CASE("healthz reports the index the server answers from", "[server]") {
  ServerFixture s;
  json h = s.get_json("/healthz");
  CHECK(h["status"] == "ok");
  OpenIndex index = open_index(s.db);
  CHECK(h["passages"] == index.db.get_doccount());
  CHECK(h["units"] == index.catalog->units().size());
  CHECK(h["orgs"] == 1);
  CHECK(h["generation"].get<std::string>().rfind("gen-", 0) == 0);
  CHECK(h.dump().find(s.dir.str()) == std::string::npos);  // no filesystem path leaks
}

TEST_CASE("/api/ask answers with the DESIGN.md contract and the same answers as the library", "[server]") {
  ServerFixture s;
  std::string question = "Qui s'occupe de la taille des arbres ?";
  json a = s.get_json("/api/ask?q=" + enc(question));
  CHECK(a["query"] == question);
  CHECK(a["intent"] == "responsibility");
  CHECK(a["confident"] == true);
  REQUIRE(!a["answers"].empty());
  const json& best = a["answers"][0];
  CHECK(best["unit"]["name"] == "département des plantations");
  CHECK(best["unit"]["type"] == "département");
  CHECK(best["unit"]["org"] == "APU");
  CHECK(best["unit"]["path"] == json({"APU", "direction des jardins", "département des plantations"}));
  REQUIRE(!best["evidence"].empty());
  const json& ev = best["evidence"][0];
  CHECK(ev["highlighted"].get<std::string>().find("<mark>taille</mark>") != std::string::npos);
  CHECK(ev["text"].get<std::string>().find("<mark>") == std::string::npos);
  CHECK(ev["doc"] == "apu-organisation");
  CHECK(ev["doc_title"] == "Arrêté d'organisation de l'APU");
  CHECK(!a.contains("suggestions"));

  // Same ranking as the library (what `quifait ask --json` prints).
  Searcher searcher(s.db);
  Answerer answerer(searcher);
  json lib = answer_to_json(answerer.ask(question), searcher.catalog());
  CHECK(names_of(a["answers"]) == names_of(lib["answers"]));
}

TEST_CASE("/api/ask handles every intent and the plus-for-space form encoding", "[server]") {
  ServerFixture s;
  json comp = s.get_json("/api/ask?q=que+comprend+la+direction+des+jardins+%3F");
  CHECK(comp["intent"] == "composition");
  CHECK(names_of(comp["answers"]) ==
        std::vector<std::string>{"département des plantations", "département de l'arrosage et des fontaines"});
  json parent = s.get_json("/api/ask?q=" + enc("De quelle direction dépend le bureau du budget ?"));
  CHECK(parent["intent"] == "parent");
  REQUIRE(!parent["answers"].empty());
  CHECK(parent["answers"][0]["unit"]["name"] == "direction de l'administration");
}

TEST_CASE("/api/ask is not confident and suggests units when nothing answers", "[server]") {
  ServerFixture s;
  json a = s.get_json("/api/ask?q=" + enc("Qui délivre les passeports biométriques ?"));
  CHECK(a["confident"] == false);
  REQUIRE(a.contains("suggestions"));
  CHECK(a["suggestions"].is_array());
  // Words shared with unit names lead to those units.
  json b = s.get_json("/api/ask?q=" + enc("Qui vérifie les fontaines du Pôle Nord ?"));
  if (!b["confident"].get<bool>()) {
    std::set<std::string> suggested;
    for (const auto& x : b["suggestions"]) suggested.insert(x["text"]);
    CHECK(suggested.count("département de l'arrosage et des fontaines"));
  }
}

TEST_CASE("/api/search pages passages with facets by org and unit type and filters on them", "[server]") {
  ServerFixture s;
  json all = s.get_json("/api/search?q=" + enc("entretien") + "&page_size=1");
  CHECK(all["total"] == 2);
  CHECK(all["page"] == 1);
  CHECK(all["page_size"] == 1);
  REQUIRE(all["hits"].size() == 1);
  CHECK(all["facets"]["org"]["APU"] == 2);
  CHECK(all["facets"]["type"]["département"] == 2);  // the type as written, accents kept
  json page2 = s.get_json("/api/search?q=" + enc("entretien") + "&page_size=1&page=2");
  REQUIRE(page2["hits"].size() == 1);
  CHECK(page2["hits"][0]["passage_id"] != all["hits"][0]["passage_id"]);
  json page3 = s.get_json("/api/search?q=" + enc("entretien") + "&page_size=1&page=3");
  CHECK(page3["hits"].empty());

  json bureau = s.get_json("/api/search?q=" + enc("budget") + "&type=" + enc("bureau"));
  REQUIRE(!bureau["hits"].empty());
  for (const auto& h : bureau["hits"]) CHECK(h["unit"]["type"] == "bureau");
  json accents = s.get_json("/api/search?q=" + enc("entretien") + "&type=" + enc("département"));
  CHECK(accents["total"] == 2);
  json other_org = s.get_json("/api/search?q=" + enc("entretien") + "&org=XYZ");
  CHECK(other_org["total"] == 0);
  CHECK(other_org["hits"].empty());
  const json& h = all["hits"][0];
  for (const char* key : {"passage_id", "doc", "doc_title", "section", "unit", "text", "highlighted", "score"})
    CHECK(h.contains(key));
}

TEST_CASE("/api/units gives the tree and /api/units/{id} one unit with path, children and missions", "[server]") {
  ServerFixture s;
  json tree = s.get_json("/api/units");
  OpenIndex index = open_index(s.db);
  CHECK(tree == json::parse(index.catalog->to_json().dump()));

  std::string id;
  for (const auto& u : tree["units"])
    if (u["name"] == "direction des jardins") id = u["id"];
  REQUIRE(!id.empty());
  REQUIRE(id.find('/') != std::string::npos);
  json page = s.get_json("/api/units/" + id);  // the id's slash as is
  CHECK(page == s.get_json("/api/units/" + enc(id)));  // or encoded, as encodeURIComponent does
  CHECK(page["unit"]["name"] == "direction des jardins");
  CHECK(page["unit"]["path"] == json({"APU", "direction des jardins"}));
  CHECK(page["parent"]["type"] == "organisation");
  CHECK(names_of(json::array({{{"unit", page["children"][0]}}, {{"unit", page["children"][1]}}})) ==
        std::vector<std::string>{"département des plantations", "département de l'arrosage et des fontaines"});
  REQUIRE(!page["passages"].empty());
  CHECK(page["passages"][0]["text"].get<std::string>().find("direction des jardins comprend") != std::string::npos);
  REQUIRE(page["documents"].size() == 1);
  CHECK(page["documents"][0]["file"] == "apu-organisation.txt");
  CHECK(page["documents"][0]["title"] == "Arrêté d'organisation de l'APU");

  std::string plantations;
  for (const auto& u : tree["units"])
    if (u["name"] == "département des plantations") plantations = u["id"];
  json leaf = s.get_json("/api/units/" + enc(plantations));
  CHECK(leaf["parent"]["name"] == "direction des jardins");
  CHECK(leaf["children"].empty());
  CHECK(leaf["passages"][0]["text"].get<std::string>().find("taille des arbres") != std::string::npos);

  json org = s.get_json("/api/units/apu");  // the org itself
  CHECK(org["unit"]["type"] == "organisation");
  std::set<std::string> top;
  for (const auto& c : org["children"]) top.insert(c["name"]);
  CHECK(top.count("direction des jardins"));
  CHECK(top.count("direction de l'administration"));
  CHECK(org["parent"].is_null());
  CHECK(s.get_json("/api/units/APU") == org);  // the org code as written

  json missing = s.get_json("/api/units/apu/pas-une-unite", 404);
  CHECK(missing.contains("error"));
}

TEST_CASE("/api/suggest completes unit names without accents and the last typed word", "[server]") {
  ServerFixture s;
  json u = s.get_json("/api/suggest?q=" + enc("dep plant"));
  REQUIRE(!u["suggestions"].empty());
  CHECK(u["suggestions"][0]["text"] == "département des plantations");
  CHECK(u["suggestions"][0]["kind"] == "unit");
  CHECK(u["suggestions"][0]["id"].get<std::string>().rfind("apu/", 0) == 0);

  json t = s.get_json("/api/suggest?q=" + enc("recrut"));
  bool completed = false;
  for (const auto& x : t["suggestions"]) completed |= x["kind"] == "term" && x["text"] == "recrutement";
  CHECK(completed);

  json limited = s.get_json("/api/suggest?q=" + enc("d") + "&limit=1");
  CHECK(limited["suggestions"].size() <= 1);
  json empty = s.get_json("/api/suggest?q=");
  CHECK(empty["suggestions"].empty());
  json nothing = s.get_json("/api/suggest?q=" + enc("zzzzqqq"));
  CHECK(nothing["suggestions"].empty());
}

TEST_CASE("bad requests get 400 with a JSON error and the server keeps serving", "[server]") {
  ServerFixture s;
  std::string ok_question(500, 'a');
  std::string long_question(501, 'a');
  struct Case {
    std::string target;
    int status;
  };
  std::vector<Case> cases = {
      {"/api/ask", 400},
      {"/api/ask?q=", 400},
      {"/api/ask?q=budget&exact=2", 400},
      {"/api/ask?q=%20%20%09", 400},
      {"/api/ask?q=" + long_question, 400},
      {"/api/ask?q=" + ok_question, 200},
      {"/api/ask?q=%FF%FEqui", 400},  // invalid UTF-8
      {"/api/ask?q=%C3", 400},        // truncated UTF-8
      {"/api/search", 400},
      {"/api/search?q=budget&page=0", 400},
      {"/api/search?q=budget&page=-1", 400},
      {"/api/search?q=budget&page=abc", 400},
      {"/api/search?q=budget&page=99999999999999999999", 400},
      {"/api/search?q=budget&page=1001", 400},
      {"/api/search?q=budget&page_size=0", 400},
      {"/api/search?q=budget&page_size=51", 400},
      {"/api/search?q=budget&org=%FF", 400},
      {"/api/search?q=budget&page=1000", 200},
      {"/api/suggest?q=a&limit=0", 400},
      {"/api/suggest?q=" + long_question, 400},
      {"/api/units/%01", 400},
      {"/api/units/%FF", 400},
      {"/api/nope", 404},
      {"/api/ask?q=%00%00", 400},  // NUL bytes: no text here contains them
      {"/api/ask?q=" + enc("\u202Equi\u200F g\u0300\u0300\u0300\u0300ere ?"), 200},  // bidi marks, combining marks
  };
  for (const auto& c : cases) {
    auto res = s.get(c.target);
    REQUIRE(res);
    INFO(c.target.substr(0, 80) << " -> " << res->status << " " << res->body.substr(0, 200));
    CHECK(res->status == c.status);
    json body = json::parse(res->body);
    if (c.status != 200) {
      CHECK(body.contains("error"));
      CHECK(body["error"].get<std::string>().find(s.dir.str()) == std::string::npos);
    }
  }
  CHECK(s.get_json("/healthz")["status"] == "ok");
}

TEST_CASE("hostile corpus text comes back escaped, with only <mark> added", "[server]") {
  ServerFixture s;
  json a = s.get_json("/api/search?q=" + enc("veille balises"));
  REQUIRE(!a["hits"].empty());
  for (const auto& h : a["hits"]) {
    std::string hl = h["highlighted"];
    CHECK(hl.find("<script") == std::string::npos);
    CHECK(hl.find("<img") == std::string::npos);
    CHECK(hl.find("&lt;script&gt;") != std::string::npos);
    // Remove the marks: no '<' may remain.
    std::string rest = hl;
    for (const std::string tag : {"<mark>", "</mark>"})
      for (size_t p; (p = rest.find(tag)) != std::string::npos;) rest.erase(p, tag.size());
    CHECK(rest.find('<') == std::string::npos);
  }
  // A query with markup is echoed as JSON data only.
  auto res = s.get("/api/ask?q=" + enc("\"><img src=x onerror=alert(1)>"));
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->get_header_value("Content-Type").find("application/json") == 0);
}

TEST_CASE("the web page is served with a strict policy and nothing outside web/ is reachable", "[server]") {
  ServerFixture s;
  auto page = s.get("/");
  REQUIRE(page);
  CHECK(page->status == 200);
  CHECK(page->body.find("<p>page</p>") != std::string::npos);
  CHECK(page->get_header_value("Content-Type") == "text/html; charset=utf-8");
  std::string csp = page->get_header_value("Content-Security-Policy");
  CHECK(csp.find("default-src 'self'") != std::string::npos);
  CHECK(csp.find("script-src 'self'") != std::string::npos);
  CHECK(csp.find("unsafe-inline") == std::string::npos);
  CHECK(page->get_header_value("X-Content-Type-Options") == "nosniff");
  CHECK(s.get("/?q=" + enc("qui gère le budget ?"))->body == page->body);  // deep links serve the page
  auto js = s.get("/app.js");
  REQUIRE(js);
  CHECK(js->status == 200);
  CHECK(js->get_header_value("Content-Type").find("text/javascript") == 0);

  for (std::string target : {"/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/%2e%2e%2fsecret.txt",
                             "/link.txt", "/./../secret.txt", "//secret.txt", "/web/../../secret.txt"}) {
    auto res = s.get(target);
    REQUIRE(res);
    INFO(target);
    CHECK(res->status >= 400);
    CHECK(res->body.find("SECRET-OUTSIDE-WEB") == std::string::npos);
  }
}

TEST_CASE("other methods get 405 and CORS stays off unless an origin is allowed", "[server]") {
  {
    ServerFixture s;
    httplib::Client client("127.0.0.1", s.port);
    auto post = client.Post("/api/ask", "q=x", "application/x-www-form-urlencoded");
    REQUIRE(post);
    CHECK(post->status == 405);
    CHECK(json::parse(post->body).contains("error"));
    auto res = s.get("/api/ask?q=budget", {{"Origin", "https://evil.example"}});
    REQUIRE(res);
    CHECK(!res->has_header("Access-Control-Allow-Origin"));
  }
  {
    server::ServerOptions options;
    options.allow_origin = "https://intranet.example";
    ServerFixture s(options);
    auto allowed = s.get("/api/ask?q=budget", {{"Origin", "https://intranet.example"}});
    REQUIRE(allowed);
    CHECK(allowed->get_header_value("Access-Control-Allow-Origin") == "https://intranet.example");
    auto other = s.get("/api/ask?q=budget", {{"Origin", "https://evil.example"}});
    REQUIRE(other);
    CHECK(!other->has_header("Access-Control-Allow-Origin"));
  }
}

TEST_CASE("malformed HTTP and oversized headers are refused without stopping the server", "[server]") {
  ServerFixture s;
  auto raw = [&](const std::string& bytes) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(s.port));
    inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    REQUIRE(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    timeval tv{5, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    shutdown(fd, SHUT_WR);
    std::string reply;
    char buf[4096];
    for (ssize_t n; (n = recv(fd, buf, sizeof buf, 0)) > 0;) reply.append(buf, static_cast<size_t>(n));
    close(fd);
    return reply;
  };
  std::string garbage = raw(std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03garbage\r\n\r\n", 22));
  CHECK((garbage.empty() || garbage.rfind("HTTP/1.1 400", 0) == 0));
  std::string huge_header = raw("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n");
  CHECK((huge_header.empty() || huge_header.rfind("HTTP/1.1 4", 0) == 0));
  std::string huge_uri = raw("GET /api/ask?q=" + std::string(10000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK((huge_uri.empty() || huge_uri.rfind("HTTP/1.1 4", 0) == 0));
  CHECK(huge_uri.find("aaaaaaaaaa") == std::string::npos);  // the error does not echo the request
  CHECK(s.get_json("/healthz")["status"] == "ok");
}

TEST_CASE("every request writes one access-log line", "[server]") {
  ServerFixture s;
  s.get("/api/ask?q=budget");
  s.get("/api/nope");
  s.get("/api/ask?q=%0D%0Afake-line");
  std::string log = s.access_log_after(4);
  CHECK(log.find("\"GET /api/ask?q=budget\" 200") != std::string::npos);
  CHECK(log.find("\"GET /api/nope\" 404") != std::string::npos);
  CHECK(log.find("\nfake-line") == std::string::npos);  // a query cannot forge a log line
  size_t lines = 0;
  for (char c : log) lines += c == '\n';
  CHECK(lines >= 4);  // the fixture's /healthz probe and the three above
}

TEST_CASE("a rebuilt index is picked up without a restart and no request fails meanwhile", "[server]") {
  ServerFixture s;
  CHECK(s.get_json("/api/ask?q=" + enc("qui entretient les serres tropicales ?"))["confident"] == false);

  std::atomic<bool> done{false};
  std::atomic<int> requests{0}, failures{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < 4; ++c) {
    clients.emplace_back([&] {
      httplib::Client client("127.0.0.1", s.port);
      client.set_url_encode(false);
      while (!done) {
        auto res = client.Get(("/api/ask?q=" + enc("qui assure l'entretien des fontaines ?")).c_str());
        ++requests;
        if (!res || res->status != 200) ++failures;
      }
    });
  }
  auto docs = base_corpus();
  for (int round = 0; round < 3; ++round) {
    docs.push_back({"apu-serres-" + std::to_string(round) + ".txt", kOrg, kOrgName,
                    "# Article " + std::to_string(10 + round) +
                        "\n\nLa mission des serres assure l'entretien des serres tropicales et la culture des "
                        "orchidées.\n"});
    test::write_corpus(s.corpus, docs);
    test::build_test_index(s.corpus, s.db);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  done = true;
  for (auto& t : clients) t.join();
  CHECK(requests > 0);
  CHECK(failures == 0);
  json after = s.get_json("/api/ask?q=" + enc("qui entretient les serres tropicales ?"));
  REQUIRE(!after["answers"].empty());
  CHECK(after["answers"][0]["unit"]["name"] == "mission des serres");
}

TEST_CASE("the server refuses to start on a missing or corrupt index, with the reason", "[server]") {
  TempDir dir("srv-bad");
  server::ServerOptions options;
  options.db_path = dir / "nowhere";
  options.access_log = nullptr;
  CHECK_THROWS_WITH(server::HttpServer(options), Catch::Contains("no index at"));
  fs::create_directories(dir / "corrupt");
  test::write_file(fs::path(dir / "corrupt") / "iamglass", "not a database");
  options.db_path = dir / "corrupt";
  CHECK_THROWS_AS(server::HttpServer(options), IndexError);
}

TEST_CASE("request parameters are validated by pure functions", "[server]") {
  using namespace quifait::server;
  auto p = search_params(parse_query_string("q=+budget+&page=2&page_size=5&org=APU&type=bureau&_=123"));
  CHECK(p.q == "budget");
  CHECK(p.options.page == 2);
  CHECK(p.options.page_size == 5);
  CHECK(p.options.org == "APU");
  CHECK(p.options.type == "bureau");
  CHECK(ask_params(parse_query_string("q=a&q=b")).q == "a");  // the first value wins
  CHECK(ask_params(parse_query_string("q=qui+g%C3%A8re")).q == "qui gère");
  CHECK_THROWS_AS(ask_params(parse_query_string("x=1")), BadRequest);
  CHECK(suggest_params(parse_query_string("")).q.empty());
  CHECK_THROWS_AS(unit_id_param(""), BadRequest);
  CHECK(unit_id_param("apu/bureau-du-budget") == "apu/bureau-du-budget");
}

TEST_CASE("quifait serve prints its address, serves, and stops cleanly on SIGTERM and SIGINT", "[server][cli]") {
  TempDir dir("serve-cli");
  test::write_corpus(dir / "corpus", base_corpus());
  test::build_test_index(dir / "corpus", dir / "index");
  for (int sig : {SIGTERM, SIGINT}) {
    int out[2];
    REQUIRE(pipe(out) == 0);
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      dup2(out[1], 1);
      int devnull = open("/dev/null", O_WRONLY);
      dup2(devnull, 2);
      close(out[0]);
      execl(QUIFAIT_BINARY, QUIFAIT_BINARY, "serve", "--port", "0", "--db", (dir / "index").c_str(), (char*)nullptr);
      _exit(127);
    }
    close(out[1]);
    std::string first;
    char c;
    while (read(out[0], &c, 1) == 1 && c != '\n') first.push_back(c);
    close(out[0]);
    INFO(first);
    REQUIRE(first.rfind("quifait: listening on http://127.0.0.1:", 0) == 0);
    int port = std::stoi(first.substr(first.rfind(':') + 1));
    httplib::Client client("127.0.0.1", port);
    auto res = client.Get("/healthz");
    REQUIRE(res);
    CHECK(res->status == 200);
    kill(pid, sig);
    int status = 0;
    waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
  }
}

TEST_CASE("quifait serve exits non-zero with a clear message on a missing index or a bad option", "[server][cli]") {
  TempDir dir("serve-bad");
  auto r = test::run_command(std::string(QUIFAIT_BINARY) + " serve --port 0 --db " + test::shell_quote(dir / "none"));
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("no index at") != std::string::npos);
  auto bad_port = test::run_command(std::string(QUIFAIT_BINARY) + " serve --port 99999");
  CHECK(bad_port.exit_code == 2);
  CHECK(bad_port.err.find("--port") != std::string::npos);
}

TEST_CASE("the response cache returns what was stored and evicts the least recently used", "[server]") {
  server::ResponseCache cache(16 * 1000, 1);  // one shard of 16 kB; bodies up to 2 kB are kept
  std::string body(900, 'x');
  cache.put("a", body + "a");
  cache.put("b", body + "b");
  REQUIRE(cache.get("a"));
  CHECK(*cache.get("a") == body + "a");
  CHECK(!cache.get("zz"));
  for (int i = 0; i < 40; ++i) {
    cache.put("k" + std::to_string(i), body);
    cache.get("a");  // keep "a" recently used
  }
  CHECK(cache.get("a"));
  CHECK(!cache.get("b"));  // evicted
  CHECK(cache.entries() <= 17);
  cache.put("huge", std::string(5000, 'h'));  // over a shard's budget / 8: not kept
  CHECK(!cache.get("huge"));
  server::ResponseCache off(0);
  off.put("a", "1");
  CHECK(!off.get("a"));
}

TEST_CASE("static files carry an ETag, Last-Modified and Vary, and a matching If-None-Match gets a 304", "[server]") {
  ServerFixture s;
  auto first = s.get("/");
  REQUIRE(first);
  REQUIRE(first->status == 200);
  std::string etag = first->get_header_value("ETag");
  CHECK(etag.size() > 2);
  CHECK(etag.front() == '"');
  CHECK_FALSE(first->get_header_value("Last-Modified").empty());
  CHECK(first->get_header_value("Vary") == "Accept-Encoding");
  CHECK(first->get_header_value("Cache-Control") == "no-cache");
  auto again = s.get("/", {{"If-None-Match", etag}});
  REQUIRE(again);
  CHECK(again->status == 304);
  CHECK(again->body.empty());
  auto other = s.get("/", {{"If-None-Match", "\"not-this-one\""}});
  REQUIRE(other);
  CHECK(other->status == 200);
  CHECK(other->body == first->body);
}

TEST_CASE("content coding follows the client's Accept-Encoding, q-values included", "[server]") {
  struct Row {
    const char* accept;
    server::ContentCoding coding;
  };
  const Row rows[] = {
      {"br, gzip", server::ContentCoding::kBrotli},        {"gzip, deflate, br", server::ContentCoding::kBrotli},
      {"gzip", server::ContentCoding::kGzip},              {"br;q=0, gzip", server::ContentCoding::kGzip},
      {"gzip;q=0.5, br;q=0.2", server::ContentCoding::kGzip}, {"*", server::ContentCoding::kBrotli},
      {"gzip;q=0, *;q=0.3", server::ContentCoding::kBrotli}, {"identity", server::ContentCoding::kIdentity},
      {"", server::ContentCoding::kIdentity},              {"deflate", server::ContentCoding::kIdentity},
      {"BR", server::ContentCoding::kBrotli},              {"br;q=0, gzip;q=0", server::ContentCoding::kIdentity},
  };
  for (const auto& r : rows) {
    INFO("Accept-Encoding: " << r.accept);
    CHECK(server::negotiate(r.accept) == r.coding);
  }
}

TEST_CASE("static files are compressed once at start and API answers once per cached response", "[server]") {
  ServerFixture s;
  httplib::Client raw("127.0.0.1", s.port);
  raw.set_decompress(false);
  for (std::string target : {"/big.js", "/api/ask?q=qui%20pr%C3%A9pare%20le%20budget", "/api/units"}) {
    auto plain = s.get(target, {{"Accept-Encoding", "identity"}});
    REQUIRE(plain);
    REQUIRE(plain->status == 200);
    CHECK_FALSE(plain->has_header("Content-Encoding"));
    CHECK(plain->get_header_value("Vary") == "Accept-Encoding");
    for (std::string coding : {"br", "gzip"}) {
      INFO(target << " in " << coding);
      auto coded = raw.Get(target.c_str(), {{"Accept-Encoding", coding}});
      REQUIRE(coded);
      CHECK(coded->status == 200);
      CHECK(coded->get_header_value("Content-Encoding") == coding);
      CHECK(coded->body.size() < plain->body.size());
      CHECK(coded->get_header_value("ETag") == plain->get_header_value("ETag"));
      // httplib's client decodes it back to the very bytes of the identity response.
      auto decoded = s.get(target, {{"Accept-Encoding", coding}});
      REQUIRE(decoded);
      CHECK(decoded->body == plain->body);
    }
  }
  // A tiny file is not worth it: sent as it is whatever the client takes.
  auto tiny = raw.Get("/app.js", {{"Accept-Encoding", "br, gzip"}});
  REQUIRE(tiny);
  CHECK_FALSE(tiny->has_header("Content-Encoding"));
  CHECK(tiny->body == "console.log('ok');\n");
}

TEST_CASE("an API answer carries an ETag of the index generation and a revalidation gets a 304", "[server]") {
  ServerFixture s;
  auto first = s.get("/api/ask?q=qui%20pr%C3%A9pare%20le%20budget");
  REQUIRE(first);
  REQUIRE(first->status == 200);
  std::string etag = first->get_header_value("ETag");
  REQUIRE(etag.size() > 2);
  CHECK(first->get_header_value("Cache-Control") == "private, no-cache");
  auto again = s.get("/api/ask?q=qui%20pr%C3%A9pare%20le%20budget", {{"If-None-Match", etag}});
  REQUIRE(again);
  CHECK(again->status == 304);
  CHECK(again->body.empty());
  CHECK(again->get_header_value("ETag") == etag);
  auto other = s.get("/api/ask?q=qui%20assure%20le%20recrutement", {{"If-None-Match", etag}});
  REQUIRE(other);
  CHECK(other->status == 200);
  CHECK(other->get_header_value("ETag") != etag);
  // A unit page and the tree too; an unknown unit is a 404 with no ETag.
  auto units = s.get("/api/units");
  REQUIRE(units);
  auto units_again = s.get("/api/units", {{"If-None-Match", units->get_header_value("ETag")}});
  REQUIRE(units_again);
  CHECK(units_again->status == 304);
  auto missing = s.get("/api/units/nope%2Fnothing");
  REQUIRE(missing);
  CHECK(missing->status == 404);
  CHECK_FALSE(missing->has_header("ETag"));
}

TEST_CASE("a POST with no body gets 405 like any other POST", "[server]") {
  ServerFixture s;
  httplib::Client client("127.0.0.1", s.port);
  for (std::string target : {"/api/ask", "/", "/api/search"}) {
    INFO(target);
    auto empty = client.Post(target.c_str());
    REQUIRE(empty);
    CHECK(empty->status == 405);
    CHECK(empty->get_header_value("Allow") == "GET, HEAD");
    CHECK(json::parse(empty->body).contains("error"));
  }
}

TEST_CASE("evidence links to its document, whose page has every passage in order with its unit", "[server]") {
  ServerFixture s;
  json answer = s.get_json("/api/ask?q=" + enc("qui prépare le budget ?"));
  REQUIRE_FALSE(answer["answers"].empty());
  const json& evidence = answer["answers"][0]["evidence"][0];
  CHECK(evidence["doc_url"] == "https://www.example.org/textes/apu-organisation");
  CHECK(evidence["doc_date"] == "2021-03-04");
  std::string doc = evidence["doc"], cited = evidence["passage_id"];

  json page = s.get_json("/api/documents/" + enc(doc));
  CHECK(page["document"]["id"] == doc);
  CHECK(page["document"]["title"] == "Arrêté d'organisation de l'APU");
  CHECK(page["document"]["url"] == "https://www.example.org/textes/apu-organisation");
  CHECK(page["document"]["org_name"] == kOrgName);
  CHECK(page["truncated"] == false);
  const json& passages = page["passages"];
  REQUIRE(passages.size() >= 5);
  bool found = false;
  int last = -1;
  for (const auto& p : passages) {
    std::string id = p["passage_id"];
    int n = std::stoi(id.substr(id.find('#') + 1));
    CHECK(n > last);  // text order
    last = n;
    CHECK(p["unit"]["path"].is_array());
    if (id == cited) {
      found = true;
      CHECK_THAT(p["text"].get<std::string>(), Catch::Contains("budget"));
      CHECK(p["unit"]["name"] == "bureau du budget");
    }
  }
  CHECK(found);
  // A unit page lists its documents with their url; an unknown or malformed id is refused.
  json unit = s.get_json("/api/units/" + enc(answer["answers"][0]["unit"]["id"].get<std::string>()));
  CHECK(unit["documents"][0]["url"] == "https://www.example.org/textes/apu-organisation");
  CHECK(s.get_json("/api/documents/nothing-here", 404)["error"] == "no document with this id");
  CHECK(s.get_json("/api/documents/a%01b", 400).contains("error"));
}

TEST_CASE("search as you type: partial=1 matches the last word as a prefix, finished words are unchanged", "[server]") {
  ServerFixture s;
  CHECK(s.get_json("/api/search?q=" + enc("fonta"))["total"] == 0);
  json partial = s.get_json("/api/search?partial=1&q=" + enc("fonta"));
  REQUIRE(partial["total"].get<int>() >= 1);
  CHECK_THAT(partial["hits"][0]["highlighted"].get<std::string>(), Catch::Contains("<mark>fontaines</mark>"));
  // Earlier words are searched as usual, and a word followed by a space is finished.
  json two = s.get_json("/api/search?partial=1&q=" + enc("arrosage fonta"));
  CHECK(two["total"].get<int>() >= 1);
  json finished = s.get_json("/api/search?partial=1&q=" + enc("budget "));
  json plain = s.get_json("/api/search?q=" + enc("budget"));
  CHECK(finished["total"] == plain["total"]);
  // Two letters are too few to complete; the flag is 0 or 1.
  CHECK(s.get_json("/api/search?partial=1&q=fo")["total"] == 0);
  CHECK(s.get_json("/api/search?partial=yes&q=fonta", 400).contains("error"));
}

TEST_CASE("the access log keeps a keyed hash of the client address unless told otherwise", "[server]") {
  auto log_of = [](server::ClientAddressLogging mode) {
    server::ServerOptions options;
    options.client_address = mode;
    ServerFixture s(options);
    s.get("/api/ask?q=budget");
    s.get("/api/units");
    return test::lines_of(s.access_log_after(3));
  };
  auto hashed = log_of(server::ClientAddressLogging::kHashed);
  REQUIRE(hashed.size() >= 3);
  std::set<std::string> clients;
  for (const auto& line : hashed) {
    CHECK(line.find("127.0.0.1") == std::string::npos);
    REQUIRE(line.rfind("h:", 0) == 0);
    clients.insert(line.substr(0, line.find(' ')));
    CHECK(line.find(' ') == 2 + 16);
  }
  CHECK(clients.size() == 1);  // one client, one hash over the run
  auto full = log_of(server::ClientAddressLogging::kFull);
  REQUIRE_FALSE(full.empty());
  CHECK(full[0].rfind("127.0.0.1 ", 0) == 0);
  auto off = log_of(server::ClientAddressLogging::kOff);
  REQUIRE_FALSE(off.empty());
  CHECK(off[0].rfind("- ", 0) == 0);
  // A restart draws a new key: the same client gets another hash.
  auto again = log_of(server::ClientAddressLogging::kHashed);
  REQUIRE_FALSE(again.empty());
  CHECK(again[0].substr(0, 18) != hashed[0].substr(0, 18));
}
