#include "search/highlight.h"

namespace quifait {
namespace {

std::string mark(const FrenchAnalyzer& analyzer, const std::string& text, const std::unordered_set<std::string>& stems,
                 const std::string& open, const std::string& close, bool escape) {
  auto esc = [&](const std::string& s) { return escape ? html_escape(s) : s; };
  std::string out;
  size_t cursor = 0;
  bool open_mark = false;
  for (const Token& t : analyzer.tokenize(text)) {
    bool hit = !t.stopword && (stems.count(t.stem) || (!t.alt_stem.empty() && stems.count(t.alt_stem)));
    std::string gap = text.substr(cursor, t.begin - cursor);
    bool gap_is_space = gap.find_first_not_of(' ') == std::string::npos;
    if (open_mark && (!hit || !gap_is_space)) {
      out += close;
      open_mark = false;
    }
    out += esc(gap);
    if (hit && !open_mark) {
      out += open;
      open_mark = true;
    }
    out += esc(text.substr(t.begin, t.end - t.begin));
    cursor = t.end;
  }
  if (open_mark) out += close;
  out += esc(text.substr(cursor));
  return out;
}

}  // namespace

std::string html_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size() + 16);
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

std::string highlight(const FrenchAnalyzer& analyzer, const std::string& text, const std::unordered_set<std::string>& stems) {
  return mark(analyzer, text, stems, "<mark>", "</mark>", true);
}

std::string ansi_highlight(const FrenchAnalyzer& analyzer, const std::string& text, const std::unordered_set<std::string>& stems) {
  return mark(analyzer, text, stems, "\033[1;33m", "\033[0m", false);
}

}  // namespace quifait
