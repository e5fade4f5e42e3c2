// quifait fuzzers: small helpers shared by the targets (temp dirs, invariant checks); the
// tests use the same invariant checks (tests/test_hostile.cc).
#pragma once
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "analysis/unicode.h"

namespace quifait::fuzz {

// A violated invariant: print it and abort, which libFuzzer reports as a crash with the input saved.
#define FUZZ_CHECK(cond)                                                                      \
  do {                                                                                        \
    if (!(cond)) {                                                                            \
      std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond);       \
      std::abort();                                                                           \
    }                                                                                         \
  } while (0)

// A private directory for the whole fuzzing process, removed at exit.
inline const std::string& scratch_dir() {
  static const std::string dir = [] {
    std::string tmpl = (std::filesystem::temp_directory_path() / "quifait-fuzz-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) {
      std::perror("mkdtemp");
      std::abort();
    }
    static std::string keep = tmpl;
    std::atexit([] {
      std::error_code ec;
      std::filesystem::remove_all(keep, ec);
    });
    return tmpl;
  }();
  return dir;
}

inline void write_bytes(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

inline bool valid_utf8(std::string_view s) { return !unicode::first_invalid_utf8(s).has_value(); }

// HTML produced by the highlighter: the only tags are <mark> and </mark>, every other '<', '>'
// and '"' is escaped, and every '&' starts an entity.
inline bool only_mark_tags(const std::string& html) {
  for (size_t i = 0; i < html.size(); ++i) {
    char c = html[i];
    if (c == '<') {
      if (html.compare(i, 6, "<mark>") == 0) i += 5;
      else if (html.compare(i, 7, "</mark>") == 0) i += 6;
      else return false;
    } else if (c == '>' || c == '"' || c == '\'') {
      return false;
    } else if (c == '&') {
      bool entity = html.compare(i, 5, "&amp;") == 0 || html.compare(i, 4, "&lt;") == 0 || html.compare(i, 4, "&gt;") == 0 ||
                    html.compare(i, 6, "&quot;") == 0 || html.compare(i, 5, "&#39;") == 0;
      if (!entity) return false;
    }
  }
  return true;
}

}  // namespace quifait::fuzz
