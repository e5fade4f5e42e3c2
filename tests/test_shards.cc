// An index split into shards (index/shards.h): per-org indexes built independently, listed in a
// Xapian stub file, locally ("auto PATH") and through Xapian's remote backend on loopback
// ("remote 127.0.0.1:PORT", served by xapian-tcpsrv of Debian's xapian-tools). They must answer
// exactly as one index of the same texts, notice a rebuilt shard, and survive a shard server
// that restarts.
#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <thread>

#include "index/index_reader.h"
#include "index/replica.h"
#include "index/shards.h"
#include "qa/answerer.h"
#include "qa/eval.h"
#include "search/searcher.h"
#include "server/http_server.h"
#include "test_support.h"
#include "util/error.h"

using namespace quifait;
using quifait::test::TempDir;
namespace fs = std::filesystem;

namespace {

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  socklen_t len = sizeof a;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
    ::close(fd);
    return 0;
  }
  ::close(fd);
  return ntohs(a.sin_port);
}

bool accepts(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<uint16_t>(port));
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(fd);
  return ok;
}

// xapian-tcpsrv serving one index on a loopback port, stopped on destruction.
struct TcpShard {
  std::string path;
  int port = 0;
  pid_t pid = -1;
  explicit TcpShard(std::string index, int fixed_port = 0) : path(std::move(index)), port(fixed_port ? fixed_port : free_port()) { start(); }
  void start() {
    pid = ::fork();
    if (pid == 0) {
      // Its own process group: xapian-tcpsrv signals its group when it stops its connection
      // children, which must not reach this test.
      ::setpgid(0, 0);
      std::freopen("/dev/null", "w", stdout);  // its children report each closed connection
      std::freopen("/dev/null", "w", stderr);
      std::string p = std::to_string(port);
      ::execlp("xapian-tcpsrv", "xapian-tcpsrv", "--quiet", "--interface", "127.0.0.1", "--port", p.c_str(), path.c_str(),
               static_cast<char*>(nullptr));
      ::_exit(127);
    }
    for (int i = 0; i < 500 && !accepts(port); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    INFO("xapian-tcpsrv (Debian package xapian-tools, installed by scripts/setup.sh) must serve " << path << " on port " << port);
    REQUIRE(accepts(port));
  }
  void stop() {
    if (pid <= 0) return;
    ::kill(-pid, SIGTERM);  // the server and its connection children
    ::waitpid(pid, nullptr, 0);
    pid = -1;
    // xapian-tcpsrv forks one child per connection: wait until nothing listens.
    for (int i = 0; i < 200 && accepts(port); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ~TcpShard() { stop(); }
  std::string stub_line() const { return "remote 127.0.0.1:" + std::to_string(port) + "\n"; }
};

// Builds `corpus` into `db` with the term list (a shard that can be served remotely).
void build_shard(const std::string& corpus, const std::string& db) {
  BuildOptions o;
  o.corpus_dir = corpus;
  o.db_path = db;
  o.termlist = true;
  build_index(o);
}

// The bundled corpus and the four real arrêtés: one index of all the texts, and one index per
// org (seven, built with --termlist), listed in a local stub and in a stub of remote shards.
struct ShardedCorpus {
  TempDir dir{"shards"};
  std::string one = dir / "one";
  std::string local_stub = dir / "local.stub";
  std::string remote_stub = dir / "remote.stub";
  std::string gold = dir / "gold.json";
  std::vector<std::unique_ptr<TcpShard>> servers;

  ShardedCorpus() {
    fs::path all = dir / "all";
    fs::create_directories(all);
    test::make_combined_corpus(all, true, true);
    test::build_test_index(all.string(), one);
    auto manifest = nlohmann::json::parse(test::read_file(all / "corpus.json"));
    std::map<std::string, nlohmann::json> by_org;
    for (const auto& d : manifest["documents"]) by_org[d["org"].get<std::string>()].push_back(d);
    std::string local, remote;
    for (const auto& [org, docs] : by_org) {
      fs::path corpus = dir / ("corpus-" + org);
      fs::create_directories(corpus);
      for (const auto& d : docs) fs::copy_file(all / d["file"].get<std::string>(), corpus / d["file"].get<std::string>());
      test::write_file(corpus / "corpus.json", nlohmann::json{{"documents", docs}}.dump());
      std::string shard = dir / ("shard-" + org);
      build_shard(corpus.string(), shard);
      local += "auto shard-" + org + "\n";  // relative to the stub's folder
      servers.push_back(std::make_unique<TcpShard>(shard));
      remote += servers.back()->stub_line();
    }
    test::write_file(local_stub, "# one local index per org\n" + local);
    test::write_file(remote_stub, remote);
    nlohmann::json units = nlohmann::json::array();
    for (const char* g : {"seed-units.json", "arretes-expected-units.json"}) {
      nlohmann::json tree = nlohmann::json::parse(test::read_file(test::test_data(g)));  // outlives the loop
      for (const auto& u : tree["units"]) units.push_back(u);
    }
    test::write_file(gold, nlohmann::json{{"units", units}}.dump());
  }
};

ShardedCorpus& sharded() {
  static ShardedCorpus s;
  return s;
}

// Two one-text shards in `dir`: idx-a (org AAA, a budget bureau), idx-b (org BBB, a purchasing bureau).
void build_two_shards(const TempDir& dir) {
  test::write_corpus(dir / "a", {{"a.txt", "AAA", "Agence a", "Le bureau du budget prépare le budget de l'agence."}});
  test::write_corpus(dir / "b", {{"b.txt", "BBB", "Office b", "Le bureau des achats passe les marchés de l'office."}});
  build_shard(dir / "a", dir / "idx-a");
  build_shard(dir / "b", dir / "idx-b");
}

std::vector<std::string> top_units(Answerer& answerer, const std::string& question) {
  std::vector<std::string> out;
  AnswerSet a = answerer.ask(question);
  for (size_t i = 0; i < a.answers.size() && i < 5; ++i) out.push_back(a.answers[i].unit_key);
  return out;
}

}  // namespace

TEST_CASE("a stub file lists local and remote shards, relative paths from its folder and nested stubs", "[shards]") {
  TempDir dir("stub");
  test::write_file(dir / "inner.stub", "auto b\n");
  test::write_file(dir / "front.stub", "# front node\n\nauto a\nremote 10.0.0.7:33333\nremote ssh h xapian-progsrv /srv/i\nauto inner.stub\n");
  std::vector<ShardSpec> shards = read_stub(dir / "front.stub");
  REQUIRE(shards.size() == 4);
  CHECK(shards[0].kind == ShardSpec::Kind::kLocal);
  CHECK(shards[0].path == (dir.path() / "a").string());
  CHECK(shards[1].kind == ShardSpec::Kind::kTcp);
  CHECK(shards[1].host == "10.0.0.7");
  CHECK(shards[1].port == 33333);
  CHECK(shards[2].kind == ShardSpec::Kind::kProgram);
  CHECK(shards[2].program == "ssh");
  CHECK(shards[2].args == "h xapian-progsrv /srv/i");
  CHECK(shards[3].path == (dir.path() / "b").string());
  test::write_file(dir / "loop.stub", "auto loop.stub\n");
  CHECK_THROWS_WITH(read_stub(dir / "loop.stub"), Catch::Contains("nested more than 8 deep"));
}

TEST_CASE("per-org shards, local or remote, answer every question exactly as one index", "[shards][quality]") {
  ShardedCorpus& s = sharded();
  Searcher one(s.one), local(s.local_stub), remote(s.remote_stub);
  Answerer a_one(one), a_local(local), a_remote(remote);
  CHECK(local.passage_count() == one.passage_count());
  CHECK(remote.passage_count() == one.passage_count());
  CHECK(remote.catalog().units().size() == one.catalog().units().size());
  CHECK(remote.catalog().orgs().size() == one.catalog().orgs().size());
  std::vector<GoldUnit> gold = load_gold_tree(s.gold);
  for (const char* set : {"questions-dev.jsonl", "questions-arretes.jsonl", "questions-seeds-paraphrase.jsonl"}) {
    INFO(set);
    std::string file = test::test_data(set);
    EvalReport r_one = evaluate_file(a_one, one.catalog(), file, nullptr, &gold);
    EvalReport r_local = evaluate_file(a_local, local.catalog(), file, nullptr, &gold);
    EvalReport r_remote = evaluate_file(a_remote, remote.catalog(), file, nullptr, &gold);
    CHECK(r_one.errors == 0);
    CHECK(r_local.summary() == r_one.summary());
    CHECK(r_remote.summary() == r_one.summary());
    REQUIRE(r_remote.outcomes.size() == r_one.outcomes.size());
    for (size_t i = 0; i < r_one.outcomes.size(); ++i) {
      INFO(r_one.outcomes[i].id);
      CHECK(r_remote.outcomes[i].confidence == Approx(r_one.outcomes[i].confidence).margin(1e-9));
      CHECK(r_local.outcomes[i].confidence == Approx(r_one.outcomes[i].confidence).margin(1e-9));
    }
    for (const auto& line : test::lines_of(test::read_file(file))) {
      std::string q = nlohmann::json::parse(line)["q"].get<std::string>();
      INFO(q);
      std::vector<std::string> expected = top_units(a_one, q);
      CHECK(top_units(a_local, q) == expected);
      CHECK(top_units(a_remote, q) == expected);
    }
  }
}

TEST_CASE("search over shards gives the hits and facets of one index", "[shards]") {
  ShardedCorpus& s = sharded();
  Searcher one(s.one), remote(s.remote_stub), local(s.local_stub);
  for (const char* q : {"gestion du personnel", "budget", "statistiques régionales", "immobilier"}) {
    INFO(q);
    SearchOptions options;
    SearchResults a = one.search(q, options), b = remote.search(q, options), c = local.search(q, options);
    CHECK(b.total == a.total);
    CHECK(b.org_facets == a.org_facets);
    CHECK(b.type_facets == a.type_facets);
    CHECK(c.org_facets == a.org_facets);
    CHECK_FALSE(a.org_facets.empty());
    REQUIRE(b.hits.size() == a.hits.size());
    for (size_t i = 0; i < a.hits.size(); ++i) {
      CHECK(b.hits[i].passage_id == a.hits[i].passage_id);
      CHECK(b.hits[i].weight == Approx(a.hits[i].weight).margin(1e-9));
    }
  }
  // Spelling repair reads the shards' merged tables, as one index reads its own.
  AnalysedQuery typo_one = one.analyse("gestoin du budjet"), typo_remote = remote.analyse("gestoin du budjet");
  CHECK(typo_one.corrected);
  CHECK(typo_remote.corrected_text == typo_one.corrected_text);
}

TEST_CASE("an index version changes when a local or a remote shard is rebuilt", "[shards]") {
  TempDir dir("shard-version");
  build_two_shards(dir);
  test::write_file(dir / "local.stub", "auto idx-a\nauto idx-b\n");
  TcpShard server(dir / "idx-b");
  test::write_file(dir / "remote.stub", "auto idx-a\n" + server.stub_line());
  std::string local_before = index_version(dir / "local.stub"), remote_before = index_version(dir / "remote.stub", 0);
  CHECK(index_version(dir / "local.stub") == local_before);
  CHECK(version_path(local_before) == fs::canonical(dir / "local.stub").string());
  std::this_thread::sleep_for(std::chrono::milliseconds(5));  // build stamps are in milliseconds
  build_shard(dir / "b", dir / "idx-b");
  CHECK(index_version(dir / "local.stub") != local_before);
  CHECK(index_version(dir / "remote.stub", 0) != remote_before);
}

TEST_CASE("a shard built without --termlist cannot be served remotely, and the message says how to build it", "[shards]") {
  TempDir dir("no-termlist");
  test::write_corpus(dir / "c", {{"c.txt", "CCC", "Agence c", "Le bureau du courrier distribue les plis."}});
  test::build_test_index(dir / "c", dir / "idx");
  TcpShard server(dir / "idx");
  test::write_file(dir / "remote.stub", server.stub_line());
  CHECK_THROWS_WITH(open_index(dir / "remote.stub"), Catch::Contains("quifait index --termlist"));
}

TEST_CASE("a server on remote shards picks up a rebuilt shard and reconnects to a restarted one", "[shards][server]") {
  TempDir dir("shard-serve");
  build_two_shards(dir);
  TcpShard shard_a(dir / "idx-a"), shard_b(dir / "idx-b");
  test::write_file(dir / "front.stub", shard_a.stub_line() + shard_b.stub_line());
  std::FILE* log = std::tmpfile();
  server::ServerOptions options;
  options.db_path = dir / "front.stub";
  options.port = 0;
  options.threads = 2;
  options.cache_bytes = 0;
  options.access_log = log;
  server::HttpServer http(options);
  int port = http.bind();
  std::thread thread([&] { http.run(); });
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(10);
  auto ask = [&](const std::string& q) -> nlohmann::json {
    auto res = client.Get("/api/ask", httplib::Params{{"q", q}}, httplib::Headers{});
    if (!res) return {{"status", 0}};
    nlohmann::json j = nlohmann::json::parse(res->body, nullptr, false);
    j["status"] = res->status;
    return j;
  };
  auto first_unit = [&](const nlohmann::json& j) -> std::string {
    if (!j.contains("answers") || j["answers"].empty()) return "";
    return j["answers"][0]["unit"]["name"].get<std::string>();
  };
  CHECK(first_unit(ask("qui passe les marchés")) == "bureau des achats");
  CHECK(first_unit(ask("qui distribue le courrier")) != "bureau du courrier");

  // A ministry rebuilds its shard with a new text: the front node sees its build stamp change.
  test::write_corpus(dir / "b", {{"b.txt", "BBB", "Office b", "Le bureau des achats passe les marchés de l'office."},
                                 {"b2.txt", "BBB", "Office b", "Le bureau du courrier distribue les plis de l'office."}});
  build_shard(dir / "b", dir / "idx-b");
  std::string seen;
  for (int i = 0; i < 60 && seen != "bureau du courrier"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    seen = first_unit(ask("qui distribue le courrier"));
  }
  CHECK(seen == "bureau du courrier");

  // A shard server restarts: its connections die; requests are answered once it is back.
  shard_a.stop();
  nlohmann::json down = ask("qui prépare le budget");
  CHECK(down["status"] == 503);  // said, not crashed
  shard_a.start();
  nlohmann::json back;
  for (int i = 0; i < 50; ++i) {
    back = ask("qui prépare le budget");
    if (back["status"] == 200) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  CHECK(back["status"] == 200);
  CHECK(first_unit(back) == "bureau du budget");
  http.stop();
  thread.join();
  std::fclose(log);
}

TEST_CASE("a replica follows its master by copying each new generation, and is not copied twice", "[shards][replica]") {
  TempDir dir("replica");
  test::write_corpus(dir / "m", {{"a.txt", "AAA", "Agence a", "Le bureau du budget prépare le budget de l'agence."}});
  test::build_test_index(dir / "m", dir / "master");
  ReplicaResult first = replicate_index(dir / "master", dir / "replica");
  CHECK(first.copied);
  CHECK(first.bytes > 0);
  CHECK(fs::canonical(dir / "replica").filename() == fs::canonical(dir / "master").filename());
  {
    Searcher replica(dir / "replica");
    Answerer answerer(replica);
    CHECK(top_units(answerer, "qui prépare le budget") == std::vector<std::string>{"aaa/bureau-du-budget"});
  }
  std::string version = index_version(dir / "replica");
  CHECK_FALSE(replicate_index(dir / "master", dir / "replica").copied);
  CHECK(index_version(dir / "replica") == version);

  test::write_corpus(dir / "m", {{"a.txt", "AAA", "Agence a", "Le bureau du budget prépare le budget de l'agence."},
                                 {"b.txt", "AAA", "Agence a", "Le bureau du courrier distribue les plis de l'agence."}});
  test::build_test_index(dir / "m", dir / "master");
  ReplicaResult second = replicate_index(dir / "master", dir / "replica");
  CHECK(second.copied);
  CHECK(index_version(dir / "replica") != version);
  Searcher replica(dir / "replica");
  Answerer answerer(replica);
  CHECK(top_units(answerer, "qui distribue les plis").front() == "aaa/bureau-du-courrier");
  // The replica keeps its previous generation (a reader may hold it) and no other.
  size_t generations = 0;
  for (const auto& e : fs::directory_iterator(dir / "replica.d"))
    generations += e.path().filename().string().rfind("gen-", 0) == 0;
  CHECK(generations == 2);
  CHECK_THROWS_WITH(replicate_index(dir / "absent", dir / "replica"), Catch::Contains("no index at"));
}
