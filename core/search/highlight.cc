#include "search/highlight.h"

#include <algorithm>
#include <cstdint>
#include <unordered_map>
#include <vector>

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
  analyzer.scan_candidates(text, FrenchAnalyzer::Initials(stems), [&](const TokenView& t) {
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

std::string excerpt(const FrenchAnalyzer& analyzer, const std::string& text,
                    const std::unordered_map<std::string, double>& weights, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  // The matching words, each with the index of its stem.
  struct Hit {
    size_t begin;
    uint32_t stem;
  };
  std::vector<Hit> hits;
  std::unordered_map<std::string, uint32_t> stem_ids;
  std::vector<double> stem_weight;
  std::string key;
  std::vector<std::string_view> stems;
  for (const auto& [stem, weight] : weights) stems.push_back(stem);
  analyzer.scan_candidates(text, FrenchAnalyzer::Initials(stems), [&](const TokenView& t) {
    if (t.stopword) return;
    key.assign(t.stem);
    auto w = weights.find(key);
    if (w == weights.end() && !t.alt_stem.empty()) {
      key.assign(t.alt_stem);
      w = weights.find(key);
    }
    if (w == weights.end()) return;
    auto [id, inserted] = stem_ids.emplace(key, static_cast<uint32_t>(stem_ids.size()));
    if (inserted) stem_weight.push_back(w->second);
    hits.push_back({t.begin, id->second});
  });
  // The window where the distinct question words weigh most (the first such), starting a
  // little before its first match so that it reads as a sentence.
  size_t lead = max_bytes / 4, span = max_bytes - lead;
  size_t best_first = 0;
  double best = 0, in_window = 0;
  std::vector<uint32_t> count(stem_ids.size(), 0);
  for (size_t i = 0, j = 0; i < hits.size(); ++i) {
    for (; j < hits.size() && hits[j].begin < hits[i].begin + span; ++j)
      if (count[hits[j].stem]++ == 0) in_window += stem_weight[hits[j].stem];
    if (in_window > best + 1e-9) {
      best = in_window;
      best_first = i;
    }
    if (--count[hits[i].stem] == 0) in_window -= stem_weight[hits[i].stem];
  }
  size_t anchor = hits.empty() ? 0 : hits[best_first].begin;
  size_t begin = anchor < lead ? 0 : anchor - lead;
  size_t end = std::min(text.size(), begin + max_bytes);
  auto on_boundary = [&](size_t i) { return i == 0 || i >= text.size() || (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80; };
  // Move the cuts to spaces (then to character boundaries when a "word" is very long).
  if (begin > 0) {
    size_t space = text.find(' ', begin);
    if (space != std::string::npos && space < begin + 64 && space < end) begin = space + 1;
    while (begin < end && !on_boundary(begin)) ++begin;
  }
  if (end < text.size()) {
    size_t space = text.rfind(' ', end);
    if (space != std::string::npos && space > begin && space + 64 > end) end = space;
    while (end > begin && !on_boundary(end)) --end;
  }
  std::string out;
  out.reserve(end - begin + 8);
  if (begin > 0) out += "… ";
  out.append(text, begin, end - begin);
  if (end < text.size()) out += " …";
  return out;
}

std::string ansi_highlight(const FrenchAnalyzer& analyzer, const std::string& text, const std::unordered_set<std::string>& stems) {
  return mark(analyzer, text, stems, "\033[1;33m", "\033[0m", false);
}

}  // namespace quifait
