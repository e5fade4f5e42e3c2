// fuzz_analyzer: arbitrary bytes through the French analyzer, the Unicode helpers and the
// highlighter.
//
// Checks: first_invalid_utf8 agrees with sanitize (sanitized text is valid UTF-8, and valid
// text without control characters is unchanged); lower/fold/nfc keep text valid; tokens cover
// increasing, in-bounds byte ranges with increasing positions; the highlighter's output has no
// tag other than <mark>/</mark> and no unescaped quote, '>' or stray '&'; excerpts are valid
// UTF-8, bounded, and pieces of the text; the analyzer does
// not crash on invalid UTF-8 either (defence in depth: the contract asks callers to sanitize).
#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "analysis/french_analyzer.h"
#include "analysis/unicode.h"
#include "fuzz_support.h"
#include "index/index_builder.h"
#include "search/highlight.h"

using namespace quifait;

namespace {

const FrenchAnalyzer& analyzer() {
  static const FrenchAnalyzer a = FrenchAnalyzer::from_stopword_file(data_dir() + "/stopwords/fr.txt");
  return a;
}

void check_tokens(const std::vector<Token>& tokens, size_t text_size) {
  size_t last_end = 0;
  unsigned last_position = 0;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    FUZZ_CHECK(t.begin < t.end && t.end <= text_size);
    FUZZ_CHECK(t.begin >= last_end);
    if (i > 0) FUZZ_CHECK(t.position > last_position);
    last_end = t.end;
    last_position = t.position;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view raw(reinterpret_cast<const char*>(data), size);
  const FrenchAnalyzer& base = analyzer();
  FrenchAnalyzer an(base);  // a fresh stem cache per input keeps runs reproducible

  auto bad = unicode::first_invalid_utf8(raw);
  std::string clean = unicode::sanitize(raw);
  FUZZ_CHECK(fuzz::valid_utf8(clean));
  if (!bad) FUZZ_CHECK(unicode::length(clean) == unicode::length(raw));

  std::string nfc = unicode::nfc(clean);
  FUZZ_CHECK(fuzz::valid_utf8(nfc));
  std::string lower = unicode::lower(nfc);
  std::string folded = unicode::fold(nfc);
  FUZZ_CHECK(fuzz::valid_utf8(lower));
  FUZZ_CHECK(fuzz::valid_utf8(folded));

  std::vector<Token> tokens = an.tokenize(nfc);
  check_tokens(tokens, nfc.size());
  for (const Token& t : tokens) {
    FUZZ_CHECK(fuzz::valid_utf8(t.stem));
    FUZZ_CHECK(fuzz::valid_utf8(t.word));
  }
  an.content_stems(folded);

  // Highlight the text with the stems of its own first words: marks appear, tags stay escaped.
  std::unordered_set<std::string> stems;
  for (size_t i = 0; i < tokens.size() && i < 4; ++i) stems.insert(tokens[i].stem);
  std::string html = highlight(an, nfc, stems);
  FUZZ_CHECK(fuzz::only_mark_tags(html));
  FUZZ_CHECK(fuzz::only_mark_tags(html_escape(std::string(raw))));

  // Excerpts of the same text (small windows, so that short inputs are cut too): valid UTF-8,
  // bounded, and the text between the ellipses is a piece of the text.
  std::unordered_map<std::string, double> weights;
  for (size_t i = 0; i < tokens.size() && i < 4; ++i) weights[tokens[i].stem] = 1.0 + static_cast<double>(i);
  const std::string lead = "… ", tail = " …";
  for (size_t max_bytes : {size_t(8), size_t(64), size_t(300)}) {
    std::string cut = excerpt(an, nfc, weights, max_bytes);
    FUZZ_CHECK(fuzz::valid_utf8(cut));
    if (nfc.size() <= max_bytes) {
      FUZZ_CHECK(cut == nfc);
      continue;
    }
    FUZZ_CHECK(cut.size() <= max_bytes + lead.size() + tail.size());
    // Without the ellipses (a piece of a piece is still a piece), it is part of the text.
    std::string inner = cut;
    if (inner.compare(0, lead.size(), lead) == 0) inner.erase(0, lead.size());
    if (inner.size() >= tail.size() && inner.compare(inner.size() - tail.size(), tail.size(), tail) == 0)
      inner.erase(inner.size() - tail.size());
    FUZZ_CHECK(nfc.find(inner) != std::string::npos);
  }

  // Invalid bytes straight into the analyzer must not crash it either.
  check_tokens(an.tokenize(raw), raw.size());
  return 0;
}
