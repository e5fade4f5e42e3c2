#include "search/highlight.h"

namespace quifait {
namespace {

void append_escaped(std::string& out, const char* p, const char* end, bool escape) {
  if (!escape) {
    out.append(p, end);
    return;
  }
  const char* run = p;
  for (; p < end; ++p) {
    const char* entity;
    switch (*p) {
      case '&': entity = "&amp;"; break;
      case '<': entity = "&lt;"; break;
      case '>': entity = "&gt;"; break;
      case '"': entity = "&quot;"; break;
      case '\'': entity = "&#39;"; break;
      default: continue;
    }
    out.append(run, p);
    out.append(entity);
    run = p + 1;
  }
  out.append(run, end);
}

std::string mark(const FrenchAnalyzer& analyzer, const std::string& text, const std::unordered_set<std::string>& stems,
                 const std::string& open, const std::string& close, bool escape) {
  std::string out;
  out.reserve(text.size() + text.size() / 8 + 32);
  const char* base = text.data();
  size_t cursor = 0;
  bool open_mark = false;
  std::string key;
  auto has = [&](std::string_view stem) {
    key.assign(stem);
    return stems.count(key) > 0;
  };
  analyzer.scan(text, [&](const TokenView& t) {
    bool hit = !t.stopword && (has(t.stem) || (!t.alt_stem.empty() && has(t.alt_stem)));
    bool gap_is_space = true;
    for (size_t i = cursor; i < t.begin; ++i)
      if (base[i] != ' ') {
        gap_is_space = false;
        break;
      }
    if (open_mark && (!hit || !gap_is_space)) {
      out += close;
      open_mark = false;
    }
    append_escaped(out, base + cursor, base + t.begin, escape);
    if (hit && !open_mark) {
      out += open;
      open_mark = true;
    }
    append_escaped(out, base + t.begin, base + t.end, escape);
    cursor = t.end;
  });
  if (open_mark) out += close;
  append_escaped(out, base + cursor, base + text.size(), escape);
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
