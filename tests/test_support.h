// quifait tests: shared helpers (temporary directories, files, small corpora, commands).
#pragma once
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "analysis/french_analyzer.h"
#include "analysis/unicode.h"
#include "index/index_builder.h"

namespace quifait::test {

namespace fs = std::filesystem;

// A fresh directory under the system temp dir, removed with everything in it on destruction.
class TempDir {
 public:
  explicit TempDir(const std::string& tag = "t") {
    static std::atomic<unsigned> counter{0};
    std::random_device rd;
    for (int attempt = 0; attempt < 100; ++attempt) {
      fs::path p = fs::temp_directory_path() /
                   ("quifait-test-" + tag + "-" + std::to_string(getpid()) + "-" + std::to_string(counter++) + "-" +
                    std::to_string(rd() % 1000000));
      std::error_code ec;
      if (fs::create_directory(p, ec) && !ec) {
        path_ = p;
        return;
      }
    }
    throw std::runtime_error("cannot create a temporary directory");
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const fs::path& path() const { return path_; }
  std::string str() const { return path_.string(); }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

inline void write_file(const fs::path& path, const std::string& bytes) {
  if (path.has_parent_path()) fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw std::runtime_error("cannot write " + path.string());
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

inline std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

// One document of a test corpus.
struct DocSpec {
  std::string file;
  std::string org;
  std::string org_name;
  std::string text;
  std::string title = "";
  std::string url = "";
  std::string date = "";
};

// Writes corpus.json and every document into `dir`.
inline void write_corpus(const fs::path& dir, const std::vector<DocSpec>& docs) {
  nlohmann::json manifest = {{"documents", nlohmann::json::array()}};
  for (const auto& d : docs) {
    manifest["documents"].push_back(
        {{"file", d.file}, {"org", d.org}, {"org_name", d.org_name}, {"title", d.title.empty() ? d.file : d.title},
         {"source", "tests"}, {"date", d.date}});
    if (!d.url.empty()) manifest["documents"].back()["url"] = d.url;
    write_file(dir / d.file, d.text);
  }
  write_file(dir / "corpus.json", manifest.dump(1));
}

// The path of a file of tests/data. A test whose data is missing fails here, never skips.
inline std::string test_data(const std::string& relative) {
  fs::path p = fs::path(QUIFAIT_TEST_DATA) / relative;
  std::error_code ec;
  if (!fs::exists(p, ec)) throw std::runtime_error("test data missing: " + p.string() + " (it is part of the repository)");
  return p.string();
}

// Copies the *.md texts of tests/data/<dir> and its manifest (`manifest`, a file of tests/data)
// into `dst` as a corpus. Returns the number of documents. Throws when the data is missing.
inline size_t make_real_corpus(const fs::path& dst, const std::string& dir, const std::string& manifest) {
  auto m = nlohmann::json::parse(read_file(test_data(manifest)));
  for (const auto& e : m["documents"]) {
    std::string file = e["file"].get<std::string>();
    fs::copy_file(test_data(dir + "/" + file), dst / file, fs::copy_options::overwrite_existing);
  }
  write_file(dst / "corpus.json", m.dump(1));
  return m["documents"].size();
}

// Copies the bundled corpus into `dst` and, when `with_arretes`, adds the four real arrêtés of
// tests/data/arretes with the entries of tests/data/arretes-manifest.json.
// Returns the number of documents.
inline size_t make_combined_corpus(const fs::path& dst, bool with_seeds, bool with_arretes) {
  nlohmann::json manifest = {{"documents", nlohmann::json::array()}};
  if (with_seeds) {
    fs::path src = QUIFAIT_CORPUS_DIR;
    auto seeds = nlohmann::json::parse(read_file(src / "corpus.json"));
    for (const auto& e : seeds["documents"]) {
      std::string file = e["file"].get<std::string>();
      fs::copy_file(src / file, dst / file, fs::copy_options::overwrite_existing);
      manifest["documents"].push_back(e);
    }
  }
  if (with_arretes) {
    fs::path src = fs::path(test_data("arretes"));
    auto arretes = nlohmann::json::parse(read_file(test_data("arretes-manifest.json")));
    for (const auto& e : arretes["documents"]) {
      std::string file = e["file"].get<std::string>();
      fs::copy_file(src / file, dst / file, fs::copy_options::overwrite_existing);
      manifest["documents"].push_back(e);
    }
  }
  write_file(dst / "corpus.json", manifest.dump(1));
  return manifest["documents"].size();
}

// Builds an index of `corpus_dir` at `db_path` with the project's stopwords and lexicon.
inline BuildStats build_test_index(const std::string& corpus_dir, const std::string& db_path) {
  BuildOptions options;
  options.corpus_dir = corpus_dir;
  options.db_path = db_path;
  return build_index(options);
}

// The analyzer configured like the index (project stopword list).
inline const FrenchAnalyzer& project_analyzer() {
  static const FrenchAnalyzer analyzer = FrenchAnalyzer::from_stopword_file(data_dir() + "/stopwords/fr.txt");
  return analyzer;
}

// Single-quotes `s` for /bin/sh.
inline std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += "'\\''";
    else out.push_back(c);
  }
  return out + "'";
}

struct CommandResult {
  int exit_code = -1;  // exit status, or 128+signal
  std::string out;
  std::string err;
};

// Runs `command` with /bin/sh, stdin from /dev/null, capturing stdout and stderr.
inline CommandResult run_command(const std::string& command) {
  TempDir tmp("cmd");
  std::string out_path = tmp / "stdout", err_path = tmp / "stderr";
  std::string full = "( " + command + " ) </dev/null >" + shell_quote(out_path) + " 2>" + shell_quote(err_path);
  int status = std::system(full.c_str());
  CommandResult r;
  if (status != -1 && WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  else if (status != -1 && WIFSIGNALED(status)) r.exit_code = 128 + WTERMSIG(status);
  std::error_code ec;
  if (fs::exists(out_path, ec)) r.out = read_file(out_path);
  if (fs::exists(err_path, ec)) r.err = read_file(err_path);
  return r;
}

// Splits text into its non-empty lines.
inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(line);
  return out;
}

// Name normalisation of shared/eval/score.py: no accents, lower case, quotes and other
// punctuation -> space, leading article (le/la/les/l) dropped. Written here independently of the
// product's eval_normalise so that the two check each other.
inline std::string score_norm(const std::string& name) {
  std::string f = unicode::fold(name);  // lower case, no accents, ligatures expanded
  std::vector<std::string> words;
  std::string cur;
  for (unsigned char c : f) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      cur.push_back(static_cast<char>(c));
    } else if (!cur.empty()) {
      words.push_back(cur);
      cur.clear();
    }
  }
  if (!cur.empty()) words.push_back(cur);
  size_t start = 0;
  while (start < words.size() && (words[start] == "le" || words[start] == "la" || words[start] == "les" || words[start] == "l"))
    ++start;
  std::string out;
  for (size_t i = start; i < words.size(); ++i) out += (out.empty() ? "" : " ") + words[i];
  return out;
}

}  // namespace quifait::test
