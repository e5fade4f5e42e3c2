#include "util/paths.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "util/error.h"

#ifndef QUIFAIT_SOURCE_DIR
#define QUIFAIT_SOURCE_DIR "."
#endif
#ifndef QUIFAIT_DEFAULT_DB
#define QUIFAIT_DEFAULT_DB "build/index"
#endif
#ifndef QUIFAIT_INSTALLED_DB
#define QUIFAIT_INSTALLED_DB "/var/lib/quifait/index"
#endif

namespace fs = std::filesystem;

namespace quifait {
namespace {

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v && *v ? v : "";
}

// <exe>/../share/quifait when it is an installed data directory, else "".
const std::string& installed_data_dir() {
  static const std::string dir = [] {
    std::error_code ec;
    fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (ec) return std::string();
    fs::path share = exe.parent_path().parent_path() / "share" / "quifait";
    return fs::is_regular_file(share / "lexicon" / "administration.json", ec) ? share.string() : std::string();
  }();
  return dir;
}

}  // namespace

bool installed() { return !installed_data_dir().empty(); }

std::string data_dir() {
  if (std::string d = env("QUIFAIT_DATA_DIR"); !d.empty()) return d;
  if (installed()) return installed_data_dir();
  return QUIFAIT_SOURCE_DIR;
}

std::string web_dir() {
  if (std::string d = env("QUIFAIT_WEB_DIR"); !d.empty()) return d;
  return data_dir() + "/web";
}

std::string default_db_path() {
  if (std::string d = env("QUIFAIT_DB"); !d.empty()) return d;
  return installed() ? QUIFAIT_INSTALLED_DB : QUIFAIT_DEFAULT_DB;
}

std::string read_data_file(const std::string& relative, const std::string& what) {
  std::string path = data_dir() + "/" + relative;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw QuifaitError("cannot read " + what + " " + path + " (set QUIFAIT_DATA_DIR to the directory that holds lexicon/)");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace quifait
