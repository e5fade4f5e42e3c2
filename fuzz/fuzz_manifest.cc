// fuzz_manifest: arbitrary bytes as corpus/corpus.json.
//
// A scratch corpus directory holds two good documents and, outside it, a "secret" file; the
// bytes become its manifest and read_manifest must either accept it or throw CorpusError.
// Checks: every accepted entry names a regular file inside the corpus directory (never the
// secret next to it, never an absolute path or a '..' escape), and only CorpusError escapes.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

#include "corpus/reader.h"
#include "fuzz_support.h"
#include "util/error.h"

using namespace quifait;
namespace fs = std::filesystem;

namespace {

struct Scratch {
  std::string root = fuzz::scratch_dir();
  std::string corpus = root + "/corpus";
  fs::path canonical;
  Scratch() {
    fs::create_directories(corpus + "/sub");
    fuzz::write_bytes(corpus + "/a.txt", "Le bureau du courrier assure la réception des plis.\n");
    fuzz::write_bytes(corpus + "/sub/b.md", "# Article 1\n\nLa division des archives conserve les dossiers.\n");
    fuzz::write_bytes(root + "/secret.txt", "secret\n");
    canonical = fs::canonical(corpus);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Scratch s;
  fuzz::write_bytes(s.corpus + "/corpus.json", std::string_view(reinterpret_cast<const char*>(data), size));
  try {
    Manifest m = read_manifest(s.corpus);
    for (const DocumentInfo& d : m.documents) {
      fs::path rel(d.file);
      FUZZ_CHECK(!d.file.empty() && !d.org.empty());
      FUZZ_CHECK(!rel.is_absolute());
      fs::path full = fs::canonical(s.canonical / rel);
      auto [a, b] = std::mismatch(s.canonical.begin(), s.canonical.end(), full.begin(), full.end());
      FUZZ_CHECK(a == s.canonical.end());  // inside the corpus directory
      FUZZ_CHECK(fs::is_regular_file(full));
      FUZZ_CHECK(full.filename() != "secret.txt");
    }
  } catch (const CorpusError& e) {
    FUZZ_CHECK(std::string(e.what()).find("corpus") != std::string::npos);
  }
  return 0;
}
