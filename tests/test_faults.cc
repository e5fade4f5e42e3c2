// Faults (issue 6): the indexer killed midway, an unwritable target, a full disk, two builds at
// once, a missing/empty/corrupt index at start (ask and serve), a manifest escaping the corpus.
// Every case checks the same two things: the previous index still opens and answers, and the
// error says what happened (and the process exits non-zero, never by a signal).
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "index/index_builder.h"
#include "index/index_reader.h"
#include "index/schema.h"
#include "qa/answerer.h"
#include "search/searcher.h"
#include "test_support.h"
#include "util/error.h"

using namespace quifait;
using quifait::test::TempDir;
namespace fs = std::filesystem;

namespace {

// ---------------------------------------------------------------------------------------
// Processes.

struct Child {
  pid_t pid = -1;
  std::string out_path, err_path;
};

// Starts QUIFAIT_BINARY with `args`, stdout/stderr to files in `dir`; `setup` runs in the child
// before exec (resource limits, signal dispositions).
Child spawn(const std::vector<std::string>& args, const TempDir& dir, const std::function<void()>& setup = {}) {
  static int counter = 0;
  Child c;
  c.out_path = dir / ("child-" + std::to_string(counter) + ".out");
  c.err_path = dir / ("child-" + std::to_string(counter++) + ".err");
  std::vector<std::string> argv_s = {QUIFAIT_BINARY};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  c.pid = fork();
  REQUIRE(c.pid >= 0);
  if (c.pid == 0) {
    int in = open("/dev/null", O_RDONLY);
    int out = open(c.out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = open(c.err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in < 0 || out < 0 || err < 0) _exit(127);
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    if (setup) setup();
    std::vector<char*> argv;
    for (auto& a : argv_s) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  return c;
}

struct Outcome {
  bool exited = false;
  int code = -1;    // exit status when exited
  int signal = 0;   // signal when killed
  std::string out, err;
};

Outcome wait_child(const Child& c) {
  int status = 0;
  REQUIRE(waitpid(c.pid, &status, 0) == c.pid);
  Outcome o;
  o.exited = WIFEXITED(status);
  o.code = o.exited ? WEXITSTATUS(status) : -1;
  o.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  o.out = quifait::test::read_file(c.out_path);
  o.err = quifait::test::read_file(c.err_path);
  return o;
}

Outcome run(const std::vector<std::string>& args, const TempDir& dir, const std::function<void()>& setup = {}) {
  return wait_child(spawn(args, dir, setup));
}

// A process that must fail cleanly: a non-zero exit (not a signal, not a sanitizer abort),
// a message on stderr naming the command, nothing on stdout.
void check_clean_failure(const Outcome& o, const std::string& command) {
  INFO("exit=" << o.code << " signal=" << o.signal << "\nstdout: " << o.out.substr(0, 500) << "\nstderr: " << o.err);
  CHECK(o.exited);
  CHECK(o.code != 0);
  CHECK(o.signal == 0);
  CHECK(o.err.find("AddressSanitizer") == std::string::npos);
  CHECK(o.err.find("runtime error") == std::string::npos);
  CHECK_THAT(o.err, Catch::Contains("quifait " + command + ":"));
}

// ---------------------------------------------------------------------------------------
// Corpora and indexes.

const char* kSmallText =
    "# Article 1\n\n"
    "La direction de l'administration comprend :\n"
    "\u2015 le bureau du courrier ;\n"
    "\u2015 le bureau des archives.\n\n"
    "Le bureau du courrier assure la réception des plis et la distribution du courrier.\n\n"
    "Le bureau des archives assure la conservation des dossiers anciens.\n";

void write_small_corpus(const std::string& dir) {
  quifait::test::write_corpus(dir, {{"a.txt", "ORG", "Organisme de test", kSmallText}});
}

// A corpus big enough that indexing it takes a moment (thousands of passages of varied words).
void write_big_corpus(const std::string& dir, size_t documents, size_t paragraphs) {
  static const std::vector<std::string> nouns = {
      "budget",   "courrier",  "archives", "recrutement", "formation", "paie",      "marchés",  "contentieux",
      "achats",   "logistique", "réseau",  "statistique", "enquêtes",  "diffusion", "presse",   "publications",
      "carrières", "concours", "immobilier", "sécurité",  "santé",     "retraites", "subventions", "contrôle",
      "audit",    "qualité",   "données",  "méthodes",    "studios",   "crise",     "veille",   "traduction"};
  static const std::vector<std::string> verbs = {"assure", "gère", "pilote", "coordonne", "prépare", "instruit",
                                                 "élabore", "suit", "conduit", "organise"};
  std::mt19937 rng(42);
  std::vector<quifait::test::DocSpec> docs;
  for (size_t d = 0; d < documents; ++d) {
    std::string text = "# Article " + std::to_string(d + 1) + "\n\nLa direction numéro " + std::to_string(d) +
                       " comprend :\n";
    for (size_t b = 0; b < 4; ++b)
      text += "\u2015 le bureau " + nouns[(d + b) % nouns.size()] + " " + std::to_string(d) + (b == 3 ? ".\n" : " ;\n");
    text += "\n";
    for (size_t p = 0; p < paragraphs; ++p) {
      text += "Le bureau " + nouns[(d + p % 4) % nouns.size()] + " " + std::to_string(d) + " " +
              verbs[rng() % verbs.size()] + " ";
      for (int w = 0; w < 18; ++w) text += nouns[rng() % nouns.size()] + (w % 5 == 4 ? ", " : " ");
      text += "et le dossier " + std::to_string(rng() % 100000) + ".\n\n";
    }
    docs.push_back({"doc-" + std::to_string(d) + ".txt", "BIG", "Organisme de charge", text});
  }
  quifait::test::write_corpus(dir, docs);
}

// The generation directories (gen-*) of an index.
std::set<std::string> generations_of(const std::string& db) {
  std::set<std::string> out;
  std::error_code ec;
  for (auto& e : fs::directory_iterator(db + ".d", ec)) {
    std::string name = e.path().filename().string();
    if (name.rfind("gen-", 0) == 0) out.insert(name);
  }
  return out;
}

// The small corpus's index still opens and answers from the generation it was built into.
void check_small_index_serves(const std::string& db, const std::string& generation) {
  CHECK(current_generation(db) == generation);
  OpenIndex index = open_index(db);
  CHECK(index.generation == generation);
  Searcher searcher(db);
  Answerer answerer(searcher);
  AnswerSet a = answerer.ask("qui assure la conservation des dossiers ?");
  REQUIRE_FALSE(a.answers.empty());
  const Unit* u = searcher.catalog().unit(a.answers.front().unit_key);
  REQUIRE(u);
  CHECK(u->name == "bureau des archives");
}

bool is_root() { return geteuid() == 0; }

// A small tmpfs mounted for the test (root with CAP_SYS_ADMIN only); unmounted on destruction.
class Tmpfs {
 public:
  Tmpfs(const std::string& path, const std::string& size) : path_(path) {
    fs::create_directories(path);
    mounted_ = ::mount("tmpfs", path.c_str(), "tmpfs", 0, ("size=" + size + ",mode=0755").c_str()) == 0;
    if (!mounted_) why_ = std::strerror(errno);
  }
  ~Tmpfs() {
    if (mounted_) ::umount2(path_.c_str(), MNT_DETACH);
  }
  bool mounted() const { return mounted_; }
  const std::string& why() const { return why_; }
  bool remount_read_only() {
    return ::mount("tmpfs", path_.c_str(), "tmpfs", MS_REMOUNT | MS_RDONLY, nullptr) == 0;
  }

 private:
  std::string path_, why_;
  bool mounted_ = false;
};

}  // namespace

// ---------------------------------------------------------------------------------------

TEST_CASE("an indexer killed midway leaves the previous index serving; the next build cleans up", "[faults]") {
  TempDir dir("killed");
  std::string small = dir / "small", big = dir / "big", db = dir / "index";
  write_small_corpus(small);
  REQUIRE(run({"index", "--quiet", "--corpus", small, "--db", db}, dir).code == 0);
  std::string generation = current_generation(db);
  REQUIRE_FALSE(generation.empty());
  std::string generation_name = fs::path(generation).filename().string();
  write_big_corpus(big, 150, 40);

  // Kill while the new generation is being written (as soon as its directory appears), then at
  // a few fixed moments (reading the corpus, writing, committing).
  int killed_while_writing = 0;
  for (int delay_ms : {-1, 50, 300, 900}) {
    Child c = spawn({"index", "--quiet", "--corpus", big, "--db", db}, dir);
    auto start = std::chrono::steady_clock::now();
    bool finished = false;
    while (true) {
      int status = 0;
      if (waitpid(c.pid, &status, WNOHANG) == c.pid) {
        finished = true;
        break;
      }
      auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
      bool writing = generations_of(db).size() > 1 + static_cast<size_t>(killed_while_writing);
      if ((delay_ms < 0 && writing) || (delay_ms >= 0 && elapsed >= delay_ms) || elapsed > 60000) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    if (finished) {
      // The build won the race: it must have switched cleanly. Rebuild the small corpus to restart.
      WARN("the build finished before the kill at " << delay_ms << " ms: the corpus indexes too fast here");
      REQUIRE(run({"index", "--quiet", "--corpus", small, "--db", db}, dir).code == 0);
      generation = current_generation(db);
      generation_name = fs::path(generation).filename().string();
      continue;
    }
    bool writing_now = generations_of(db).size() > 1 + static_cast<size_t>(killed_while_writing);
    REQUIRE(kill(c.pid, SIGKILL) == 0);
    Outcome o = wait_child(c);
    CHECK(o.signal == SIGKILL);
    if (writing_now) ++killed_while_writing;
    INFO("killed after " << delay_ms << " ms, while writing: " << writing_now);
    // The link still points to the complete previous generation, which answers.
    check_small_index_serves(db, generation);
  }
  CHECK(killed_while_writing >= 1);
  // Partial generations of the killed builds are still there (harmless: nothing points to them).
  CHECK(generations_of(db).count(generation_name) == 1);

  // The next build succeeds, switches, and removes the killed builds' leftovers: only the new
  // generation and the previous one (which readers may still hold open) remain.
  auto start = std::chrono::steady_clock::now();
  Outcome full = run({"index", "--corpus", big, "--db", db}, dir);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  INFO("stderr: " << full.err);
  REQUIRE(full.code == 0);
  std::fprintf(stderr, "faults: the big corpus indexes in %.2f s (%s)\n", secs, full.err.substr(0, full.err.find('\n')).c_str());
  std::string fresh = current_generation(db);
  CHECK(fresh != generation);
  CHECK(generations_of(db) == std::set<std::string>{generation_name, fs::path(fresh).filename().string()});
  for (auto& e : fs::directory_iterator(dir.path()))
    CHECK(e.path().filename().string().find("index.new-") == std::string::npos);
  Searcher searcher(db);
  CHECK(searcher.passage_count() > 1000);
}

TEST_CASE("a build into an unwritable place fails with a clear error and keeps the previous index", "[faults]") {
  TempDir dir("unwritable");
  std::string small = dir / "small", db = dir / "index";
  write_small_corpus(small);
  quifait::test::build_test_index(small, db);
  std::string generation = current_generation(db);
  // The second build has different content, so serving the old generation is visible.
  std::string changed = dir / "changed";
  quifait::test::write_corpus(changed, {{"b.txt", "ORG", "Organisme", "Le bureau des concours organise les épreuves.\n"}});

  SECTION("the target is below a regular file (ENOTDIR, even for root)") {
    quifait::test::write_file(dir.path() / "afile", "not a directory\n");
    std::string bad_db = dir / "afile/index";
    CHECK_THROWS_AS(quifait::test::build_test_index(changed, bad_db), IndexError);
    CHECK_THROWS_WITH(quifait::test::build_test_index(changed, bad_db),
                      Catch::Contains("cannot create") && Catch::Contains("Not a directory"));
    Outcome o = run({"index", "--quiet", "--corpus", changed, "--db", bad_db}, dir);
    check_clean_failure(o, "index");
    CHECK_THAT(o.err, Catch::Contains("afile/index.d"));
  }
  SECTION("the generations directory is read-only (chmod 0555; skipped as root)") {
    if (is_root()) {
      WARN("running as root: chmod does not stop root, the read-only tmpfs section covers this case");
    } else {
      fs::permissions(db + ".d", fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                                     fs::perms::group_exec | fs::perms::others_read | fs::perms::others_exec);
      Outcome o = run({"index", "--quiet", "--corpus", changed, "--db", db}, dir);
      fs::permissions(db + ".d", fs::perms::owner_all, fs::perm_options::add);
      check_clean_failure(o, "index");
      CHECK_THAT(o.err, Catch::Contains("ermission denied"));
    }
  }
  SECTION("the file system is read-only (a tmpfs remounted ro; root only)") {
    Tmpfs tmpfs(dir / "mnt", "8m");
    if (!tmpfs.mounted()) {
      WARN("cannot mount a tmpfs here (" << tmpfs.why() << "): read-only file system case skipped");
    } else {
      std::string ro_db = dir / "mnt/index";
      quifait::test::build_test_index(small, ro_db);
      std::string ro_generation = current_generation(ro_db);
      REQUIRE(tmpfs.remount_read_only());
      Outcome o = run({"index", "--quiet", "--corpus", changed, "--db", ro_db}, dir);
      check_clean_failure(o, "index");
      CHECK_THAT(o.err, Catch::Contains("Read-only file system"));
      check_small_index_serves(ro_db, ro_generation);
    }
  }
  check_small_index_serves(db, generation);
}

TEST_CASE("a full disk fails the build with a clear error and keeps the previous index", "[faults]") {
  TempDir dir("diskfull");
  std::string small = dir / "small", big = dir / "big", db = dir / "index";
  write_small_corpus(small);
  write_big_corpus(big, 20, 20);

  SECTION("a file size limit (RLIMIT_FSIZE: writes fail with EFBIG)") {
    quifait::test::build_test_index(small, db);
    std::string generation = current_generation(db);
    for (rlim_t limit : {rlim_t(4096), rlim_t(64 * 1024)}) {
      Outcome o = run({"index", "--quiet", "--corpus", big, "--db", db}, dir, [limit] {
        signal(SIGXFSZ, SIG_IGN);
        struct rlimit rl = {limit, limit};
        setrlimit(RLIMIT_FSIZE, &rl);
      });
      INFO("limit " << limit);
      check_clean_failure(o, "index");
      CHECK_THAT(o.err, Catch::Contains("File too large") || Catch::Contains("disk full"));
      check_small_index_serves(db, generation);
      // The failed generation was removed.
      CHECK(generations_of(db) == std::set<std::string>{fs::path(generation).filename().string()});
    }
  }
  SECTION("a real full file system (a 1 MB tmpfs; root only)") {
    Tmpfs tmpfs(dir / "mnt", "1m");
    if (!tmpfs.mounted()) {
      WARN("cannot mount a tmpfs here (" << tmpfs.why() << "): ENOSPC case skipped, RLIMIT_FSIZE covers it");
    } else {
      std::string full_db = dir / "mnt/index";
      quifait::test::build_test_index(small, full_db);
      std::string generation = current_generation(full_db);
      // Fill the file system, leaving a few blocks.
      {
        std::string filler = dir / "mnt/filler";
        int fd = open(filler.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        REQUIRE(fd >= 0);
        std::string block(4096, 'x');
        while (write(fd, block.data(), block.size()) == static_cast<ssize_t>(block.size())) {
        }
        close(fd);
        fs::resize_file(filler, fs::file_size(filler) > 16384 ? fs::file_size(filler) - 16384 : 0);
      }
      Outcome o = run({"index", "--quiet", "--corpus", big, "--db", full_db}, dir);
      check_clean_failure(o, "index");
      CHECK_THAT(o.err, Catch::Contains("No space left on device") || Catch::Contains("disk full"));
      check_small_index_serves(full_db, generation);
      // Once there is room again, the same build succeeds.
      fs::remove(dir / "mnt/filler");
      Outcome again = run({"index", "--quiet", "--corpus", small, "--db", full_db}, dir);
      INFO("stderr: " << again.err);
      CHECK(again.code == 0);
    }
  }
}

TEST_CASE("a second build of the same index while one runs is refused; the first completes", "[faults]") {
  TempDir dir("concurrent");
  std::string small = dir / "small", big = dir / "big", db = dir / "index";
  write_small_corpus(small);
  write_big_corpus(big, 150, 40);
  quifait::test::build_test_index(small, db);
  Child c = spawn({"index", "--quiet", "--corpus", big, "--db", db}, dir);
  // Wait until the first build is writing (it holds the lock from then on).
  bool writing = false;
  for (int i = 0; i < 60000 && !writing; ++i) {
    writing = generations_of(db).size() > 1;
    if (!writing) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  if (!writing) {
    WARN("the first build never started writing");
  } else {
    try {
      quifait::test::build_test_index(small, db);
      WARN("the first build finished before the second started: the lock was not exercised");
    } catch (const IndexError& e) {
      CHECK_THAT(e.what(), Catch::Contains("another `quifait index` or `quifait replicate` is writing"));
    }
  }
  Outcome o = wait_child(c);
  INFO("stderr: " << o.err);
  CHECK(o.code == 0);
  Searcher searcher(db);
  CHECK(searcher.passage_count() > 1000);
}

TEST_CASE("quifait ask and serve refuse a missing, empty or corrupt index with a message and exit 1", "[faults]") {
  TempDir dir("badindex");
  std::string small = dir / "small";
  write_small_corpus(small);
  // A good index to damage in various ways.
  auto fresh_index = [&](const std::string& name) {
    std::string db = dir / name;
    quifait::test::build_test_index(small, db);
    return db;
  };
  // Rewrites one metadata key of an index. quifait indexes have no term list table, which
  // Xapian 1.4 cannot open for writing: the generation is replaced by one (without passages,
  // with a term list) holding the same metadata but for `key`.
  auto set_metadata = [&](const std::string& db, const std::string& key, const std::string& value) {
    std::string gen = current_generation(db);
    std::map<std::string, std::string> metadata;
    {
      Xapian::Database r(gen);
      for (auto it = r.metadata_keys_begin(); it != r.metadata_keys_end(); ++it) metadata[*it] = r.get_metadata(*it);
    }
    REQUIRE(metadata.count(key));
    metadata[key] = value;
    fs::remove_all(gen);
    Xapian::WritableDatabase w(gen, Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
    for (const auto& [k, v] : metadata) w.set_metadata(k, v);
    w.commit();
  };

  struct Case {
    std::string name;
    std::string db;
    std::string message;  // part of the message
  };
  std::vector<Case> cases;
  cases.push_back({"missing", dir / "absent", "no index at"});
  fs::create_directories(dir.path() / "empty-dir");
  cases.push_back({"empty directory", dir / "empty-dir", "cannot open the index"});
  quifait::test::write_file(dir.path() / "empty-file", "");
  cases.push_back({"empty file", dir / "empty-file", "not a quifait index"});
  quifait::test::write_file(dir.path() / "odd.stub", "# shards\nflint /srv/old-index\n");
  cases.push_back({"a stub file with a line of an unknown kind", dir / "odd.stub", "odd.stub:2: unknown database type 'flint'"});
  quifait::test::write_file(dir.path() / "missing-shard.stub", "auto absent-index\n");
  cases.push_back({"a stub file naming a shard that does not exist", dir / "missing-shard.stub", "cannot open shard 1 (auto "});
  quifait::test::write_file(dir.path() / "bad-port.stub", "remote 127.0.0.1:99999\n");
  cases.push_back({"a stub file with a bad port", dir / "bad-port.stub", "bad port '99999'"});
  fs::create_symlink("absent.d/gen-1", dir.path() / "dangling");
  cases.push_back({"dangling link", dir / "dangling", "no index at"});
  quifait::test::write_file(dir.path() / "garbage/iamglass", std::string(100, '\x7f'));
  quifait::test::write_file(dir.path() / "garbage/postlist.glass", std::string(8192, '\x42'));
  cases.push_back({"garbage files", dir / "garbage", "cannot open the index"});
  {
    std::string db = fresh_index("truncated-version");
    fs::resize_file(current_generation(db) + "/iamglass", 7);
    cases.push_back({"truncated version file", db, "rebuild it"});
  }
  {
    std::string db = fresh_index("no-tables");
    for (const char* table : {"postlist.glass", "termlist.glass", "docdata.glass"})
      fs::remove(current_generation(db) + "/" + table);
    cases.push_back({"tables removed", db, "index"});
  }
  {
    std::string db = fresh_index("zeroed-tables");
    for (const char* table : {"postlist.glass", "termlist.glass", "position.glass", "docdata.glass"}) {
      std::string p = current_generation(db) + "/" + table;
      if (!fs::exists(p)) continue;
      size_t size = fs::file_size(p);
      quifait::test::write_file(p, std::string(size, '\0'));
    }
    cases.push_back({"zeroed tables", db, "index"});
  }
  {
    std::string db = fresh_index("bad-tree");
    set_metadata(db, schema::kMetaTree, "{\"orgs\": [1, 2");
    cases.push_back({"corrupt tree metadata", db, "corrupt tree"});
  }
  {
    std::string db = fresh_index("other-format");
    set_metadata(db, schema::kMetaFormat, "999");
    cases.push_back({"another format version", db, "format 999"});
  }
  {
    std::string db = fresh_index("other-analyzer");
    set_metadata(db, schema::kMetaAnalyzer, "0123456789abcdef");
    cases.push_back({"built by another analyser", db, "another version of the text analysis"});
  }
  {
    std::string db = fresh_index("format-2");
    set_metadata(db, schema::kMetaFormat, "2");
    cases.push_back({"an index of format 2, from an earlier quifait", db, "has index format 2, this quifait reads 3; rebuild it"});
  }
  {
    std::string db = fresh_index("no-format");
    set_metadata(db, schema::kMetaFormat, "");
    cases.push_back({"no format marker", db, "not a quifait index"});
  }

  for (const Case& c : cases) {
    SECTION(c.name) {
      // The library: an IndexError (never another exception, never a crash).
      try {
        Searcher s(c.db);
        Answerer a(s);
        a.ask("qui assure la conservation des dossiers ?");
        // Damage only visible when reading a table: the query itself must then fail cleanly.
      } catch (const IndexError& e) {
        CHECK_THAT(e.what(), Catch::Contains(c.message));
      } catch (const Xapian::Error& e) {
        // Corruption found while searching (past open_index): the front ends catch it.
        INFO("Xapian error while searching: " << e.get_description());
        CHECK(c.message == "index");
      }
      Outcome ask = run({"ask", "--db", c.db, "qui assure la conservation des dossiers ?"}, dir);
      check_clean_failure(ask, "ask");
      CHECK(ask.code == 1);
      CHECK(ask.out.empty());
      CHECK_THAT(ask.err, Catch::Contains(c.message));

      // serve: refuses to start (within the timeout: it must not start listening and hang).
      Child serve = spawn({"serve", "--db", c.db, "--port", "0", "--quiet"}, dir, [] { alarm(60); });
      Outcome o = wait_child(serve);
      check_clean_failure(o, "serve");
      CHECK(o.code == 1);
      CHECK(o.out.find("listening") == std::string::npos);
      CHECK_THAT(o.err, Catch::Contains(c.message));
    }
  }
}

TEST_CASE("quifait index refuses a manifest that points outside the corpus directory", "[faults]") {
  TempDir dir("escape");
  std::string corpus = dir / "corpus", db = dir / "index";
  write_small_corpus(corpus);
  quifait::test::build_test_index(corpus, db);
  std::string generation = current_generation(db);
  quifait::test::write_file(dir.path() / "secret.txt", "Le bureau secret assure la garde du secret.\n");
  fs::create_symlink("/etc/passwd", dir.path() / "corpus/passwd.txt");
  fs::create_symlink("../secret.txt", dir.path() / "corpus/link-out.txt");

  for (const std::string file : {"../../etc/passwd", "../secret.txt", "/etc/passwd", "sub/../../secret.txt",
                                 "passwd.txt", "link-out.txt"}) {
    DYNAMIC_SECTION("file " << file) {
      nlohmann::json manifest = {{"documents",
                                  {{{"file", "a.txt"}, {"org", "ORG"}}, {{"file", file}, {"org", "EVIL"}}}}};
      quifait::test::write_file(dir.path() / "corpus/corpus.json", manifest.dump());
      Outcome o = run({"index", "--quiet", "--corpus", corpus, "--db", db}, dir);
      check_clean_failure(o, "index");
      CHECK_THAT(o.err, Catch::Contains(file) && Catch::Contains("inside the corpus directory"));
      CHECK(o.err.find("root:") == std::string::npos);  // nothing of /etc/passwd is echoed
      check_small_index_serves(db, generation);
      CHECK(generations_of(db).size() == 1);  // nothing written
    }
  }
}
