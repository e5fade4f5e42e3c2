#include "index/lexicon.h"

#include <fstream>
#include <set>
#include <sstream>

#include "analysis/unicode.h"
#include "util/error.h"

namespace quifait {
namespace {

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r");
  auto e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

std::vector<std::string> split(const std::string& s, const std::string& sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t p = s.find(sep, start);
    std::string part = trim(s.substr(start, p == std::string::npos ? std::string::npos : p - start));
    if (!part.empty()) out.push_back(part);
    if (p == std::string::npos) break;
    start = p + sep.size();
  }
  return out;
}

}  // namespace

Lexicon Lexicon::from_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw QuifaitError("cannot read the synonym lexicon " + path);
  std::stringstream buf;
  buf << in.rdbuf();
  return from_text(buf.str(), path);
}

Lexicon Lexicon::from_text(const std::string& text, const std::string& name) {
  Lexicon lex;
  std::istringstream in(text);
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    auto hash = line.find('#');
    if (hash != std::string::npos) line.erase(hash);
    line = trim(line);
    if (line.empty()) continue;
    auto replace = line.find("->");
    if (replace != std::string::npos) {
      auto from = split(line.substr(0, replace), ",");
      auto to = split(line.substr(replace + 2), ",");
      if (from.empty() || to.empty()) throw QuifaitError(name + ":" + std::to_string(line_no) + ": expected 'word -> words, words'");
      for (const auto& f : from) {
        if (f.find(' ') != std::string::npos)
          throw QuifaitError(name + ":" + std::to_string(line_no) + ": a replacement ('->') takes single words on its left");
        for (const auto& t : to) lex.replacements_.emplace_back(f, t);
      }
      continue;
    }
    auto arrow = line.find("=>");
    if (arrow != std::string::npos) {
      auto from = split(line.substr(0, arrow), ",");
      auto to = split(line.substr(arrow + 2), ",");
      if (from.empty() || to.empty()) throw QuifaitError(name + ":" + std::to_string(line_no) + ": expected 'words => words, words'");
      for (const auto& f : from)
        for (const auto& t : to) lex.rules_.emplace_back(f, t);
      continue;
    }
    auto group = split(line, "=");
    if (group.size() < 2) throw QuifaitError(name + ":" + std::to_string(line_no) + ": expected 'a = b' or 'a => b'");
    for (const auto& a : group)
      for (const auto& b : group)
        if (&a != &b) lex.rules_.emplace_back(a, b);
  }
  return lex;
}

std::string Lexicon::key(const FrenchAnalyzer& analyzer, const std::string& expression) {
  std::string out;
  for (const auto& s : analyzer.content_stems(expression)) {
    if (!out.empty()) out += ' ';
    out += s;
  }
  return out;
}

size_t Lexicon::install(Xapian::WritableDatabase& db, const FrenchAnalyzer& analyzer) const {
  std::set<std::pair<std::string, std::string>> pairs;
  for (const auto& [from, to] : rules_) {
    std::string k = key(analyzer, from), v = key(analyzer, to);
    if (k.empty() || v.empty() || k == v) continue;
    pairs.emplace(k, v);
  }
  for (const auto& [from, to] : replacements_) {
    std::string v = key(analyzer, to);
    if (!v.empty()) pairs.emplace(replacement_key(unicode::fold(from)), v);
  }
  for (const auto& [k, v] : pairs) db.add_synonym(k, v);
  return pairs.size();
}

}  // namespace quifait
