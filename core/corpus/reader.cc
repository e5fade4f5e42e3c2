#include "corpus/reader.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "analysis/unicode.h"
#include "corpus/document_filters.h"
#include "util/error.h"

namespace fs = std::filesystem;

namespace quifait {
namespace {

std::string trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r')) --e;
  return std::string(s.substr(b, e - b));
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

UChar32 first_code_point(std::string_view s) {
  if (s.empty()) return 0;
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  int32_t i = 0;
  UChar32 c;
  U8_NEXT(p, i, static_cast<int32_t>(s.size()), c);
  return c;
}

UChar32 last_code_point(std::string_view s) {
  if (s.empty()) return 0;
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  int32_t i = static_cast<int32_t>(s.size());
  UChar32 c;
  U8_PREV(p, 0, i, c);
  return c;
}

size_t word_count(std::string_view s) {
  size_t n = 0;
  bool in = false;
  for (char ch : s) {
    bool space = ch == ' ';
    if (!space && !in) ++n;
    in = !space;
  }
  return n;
}

// Bullet characters that open a list item.
const char* const kBullets[] = {"\u2015", "\u2014", "\u2013", "\u2022", "\u00B7", "\u25AA", "\u25E6", "\u2023",
                                "\u25CF", "-", "*"};

enum class Marker { kNone, kMarkdownHeading, kBullet, kEnumeration, kNumbered, kRoman };

struct LineMarker {
  Marker kind = Marker::kNone;
  std::string label;
  std::string rest;
  int level = 0;
};

bool is_roman(std::string_view s) {
  if (s.empty() || s.size() > 6) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return c == 'I' || c == 'V' || c == 'X' || c == 'L' || c == 'C'; });
}

std::string strip_dash(std::string rest) {
  rest = trim(rest);
  for (const char* d : {"\u2015", "\u2014", "\u2013", "-"}) {
    if (starts_with(rest, d)) return trim(rest.substr(std::string_view(d).size()));
  }
  return rest;
}

LineMarker classify_marker(const std::string& t) {
  LineMarker m;
  // Markdown heading.
  size_t hashes = 0;
  while (hashes < t.size() && t[hashes] == '#') ++hashes;
  if (hashes >= 1 && hashes <= 6 && hashes < t.size() && t[hashes] == ' ') {
    m.kind = Marker::kMarkdownHeading;
    m.level = 1;
    m.rest = trim(t.substr(hashes));
    return m;
  }
  // Bullets.
  for (const char* b : kBullets) {
    std::string_view bv(b);
    if (starts_with(t, bv)) {
      std::string rest = trim(t.substr(bv.size()));
      if (bv == "-" || bv == "*") {
        // "-la division" and "- la division" are items; "--" or "-1" are not.
        if (rest.empty() || rest[0] == '-' || rest[0] == '*' || (bv == "*" && t.size() > 1 && t[1] != ' ')) break;
      }
      m.kind = Marker::kBullet;
      m.rest = rest;
      return m;
    }
  }
  // Enumerations "1°", "2º", "a)", "1)".
  size_t digits = 0;
  while (digits < t.size() && t[digits] >= '0' && t[digits] <= '9') ++digits;
  if (digits > 0 && digits <= 3) {
    std::string_view after = std::string_view(t).substr(digits);
    for (const char* deg : {"\u00B0", "\u00BA", ")"}) {
      if (starts_with(after, deg)) {
        m.kind = Marker::kEnumeration;
        m.label = t.substr(0, digits) + (std::string_view(deg) == ")" ? "" : "°");
        m.rest = trim(after.substr(std::string_view(deg).size()));
        return m;
      }
    }
    if (!after.empty() && after[0] == '.' && after.size() > 1 && after[1] == ' ') {
      m.kind = Marker::kNumbered;
      m.label = t.substr(0, digits);
      m.rest = trim(after.substr(1));
      return m;
    }
  }
  if (t.size() >= 3 && t[0] >= 'a' && t[0] <= 'z' && t[1] == ')' && t[2] == ' ') {
    m.kind = Marker::kEnumeration;
    m.label = t.substr(0, 1);
    m.rest = trim(t.substr(2));
    return m;
  }
  // Lettered items "A. ― Le service …", "B. - …", "A) …" (I, V and X stay roman sections).
  if (t.size() >= 4 && t[0] >= 'A' && t[0] <= 'Z' && t[0] != 'I' && t[0] != 'V' && t[0] != 'X' &&
      ((t[1] == '.' && t[2] == ' ' && strip_dash(t.substr(2)) != trim(t.substr(2))) || (t[1] == ')' && t[2] == ' '))) {
    m.kind = Marker::kEnumeration;
    m.label = t.substr(0, 1);
    m.rest = t[1] == ')' ? trim(t.substr(2)) : strip_dash(t.substr(2));
    return m;
  }
  // Roman section "II. ― text" or "II. - text" or "II." alone.
  size_t dot = t.find('.');
  if (dot != std::string::npos && dot > 0 && is_roman(std::string_view(t).substr(0, dot)) &&
      (dot + 1 == t.size() || t[dot + 1] == ' ' || t[dot + 1] == '-' || static_cast<unsigned char>(t[dot + 1]) == 0xE2)) {
    m.kind = Marker::kRoman;
    m.label = t.substr(0, dot);
    m.rest = strip_dash(t.substr(dot + 1));
    return m;
  }
  return m;
}

bool ends_sentence(std::string_view s) {
  std::string t = trim(s);
  // Look through closing quotes and brackets.
  while (!t.empty()) {
    UChar32 c = last_code_point(t);
    if (c == U'»' || c == '"' || c == ')' || c == U'”' || c == ' ') {
      int32_t len = U8_LENGTH(c);
      t.erase(t.size() - static_cast<size_t>(len));
      continue;
    }
    return c == '.' || c == ';' || c == ':' || c == '!' || c == '?' || c == U'…';
  }
  return false;
}

// Removes footnote markers glued to a lower-case word: "qualité1 du" -> "qualité du".
std::string strip_footnote_markers(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  int32_t n = static_cast<int32_t>(s.size());
  int letters = 0;  // lower-case letters just before the current position
  for (int32_t i = 0; i < n;) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c >= '0' && c <= '9' && letters >= 3) {
      int32_t j = i;
      while (j < n && s[static_cast<size_t>(j)] >= '0' && s[static_cast<size_t>(j)] <= '9') ++j;
      bool short_marker = j - start <= 2;
      bool at_boundary = j == n || s[static_cast<size_t>(j)] == ' ' || s[static_cast<size_t>(j)] == ',' ||
                         s[static_cast<size_t>(j)] == '.' || s[static_cast<size_t>(j)] == ';' || s[static_cast<size_t>(j)] == ':';
      if (short_marker && at_boundary) {
        i = j;
        letters = 0;
        continue;
      }
    }
    letters = (c > 0 && u_islower(c)) ? letters + 1 : 0;
    out.append(s, static_cast<size_t>(start), static_cast<size_t>(i - start));
  }
  return out;
}

std::string join_wrapped(const std::string& a, const std::string& b) {
  // "sous-" + "direction" keeps the hyphen without a space.
  if (!a.empty() && a.back() == '-' && a.size() >= 2 && a[a.size() - 2] != ' ') return a + b;
  return a + " " + b;
}

std::string collapse_spaces(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\t') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

// "2023", "2023-05" or "2023-05-24", with a month and a day that exist.
bool valid_date(const std::string& d) {
  auto digits = [&](size_t from, size_t n) {
    if (d.size() < from + n) return false;
    for (size_t i = from; i < from + n; ++i)
      if (d[i] < '0' || d[i] > '9') return false;
    return true;
  };
  if (!digits(0, 4)) return false;
  if (d.size() == 4) return true;
  if (d.size() < 7 || d[4] != '-' || !digits(5, 2)) return false;
  int month = std::stoi(d.substr(5, 2));
  if (month < 1 || month > 12) return false;
  if (d.size() == 7) return true;
  if (d.size() != 10 || d[7] != '-' || !digits(8, 2)) return false;
  int day = std::stoi(d.substr(8, 2));
  return day >= 1 && day <= 31;
}

std::string unsupported_type_message() {
  std::string known;
  for (const auto& f : document_filters())
    for (const auto& e : f.extensions) known += (known.empty() ? "" : " ") + e;
  return "no filter reads this type of file (documents are " + known + ")";
}

}  // namespace

std::string read_document_text(const std::string& path, const std::string& display_name) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw CorpusError(display_name + ": cannot be read");
  std::ostringstream buf;
  buf << in.rdbuf();
  return normalise_document_text(buf.str(), display_name);
}

bool opens_with_marker(std::string_view line) { return classify_marker(trim(line)).kind != Marker::kNone; }

std::string normalise_document_text(std::string bytes, const std::string& display_name) {
  if (auto bad = unicode::first_invalid_utf8(bytes)) {
    int line = 1 + static_cast<int>(std::count(bytes.begin(), bytes.begin() + static_cast<long>(*bad), '\n'));
    std::string what = bytes[*bad] == '\0' ? "a NUL byte" : "invalid UTF-8";
    throw CorpusError(display_name + ":" + std::to_string(line) + ": " + what + " at byte " + std::to_string(*bad) +
                      " (documents must be UTF-8 text)");
  }
  if (bytes.size() >= 3 && bytes.compare(0, 3, "\xEF\xBB\xBF") == 0) bytes.erase(0, 3);  // BOM
  std::string text;
  text.reserve(bytes.size());
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (bytes[i] == '\r') {
      if (i + 1 < bytes.size() && bytes[i + 1] == '\n') continue;
      text.push_back('\n');
    } else {
      text.push_back(bytes[i]);
    }
  }
  if (trim(text).find_first_not_of("\n \t") == std::string::npos) throw CorpusError(display_name + ": empty document");
  // No-break and narrow spaces behave as spaces in administrative prose.
  std::string spaced;
  spaced.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char lead = static_cast<unsigned char>(text[i]);
    if (lead != 0xC2 && lead != 0xE2) {  // the first byte of U+00A0, U+202F, U+2009 and U+2019
      spaced.push_back(text[i]);
    } else if (text.compare(i, 2, "\u00A0") == 0) {
      spaced.push_back(' ');
      i += 1;
    } else if (text.compare(i, 3, "\u202F") == 0 || text.compare(i, 3, "\u2009") == 0) {
      spaced.push_back(' ');
      i += 2;
    } else if (text.compare(i, 3, "\u2019") == 0 && !spaced.empty() && spaced.back() != ' ' && spaced.back() != '\n' &&
               i + 3 < text.size() && text[i + 3] != ' ' && text[i + 3] != '\n') {
      // The typographic apostrophe inside a word ("l’archéologie", as word processors and
      // pandoc write it) is the ASCII one, so a unit named both ways is one unit.
      spaced.push_back('\'');
      i += 2;
    } else {
      spaced.push_back(text[i]);
    }
  }
  return unicode::sanitize(unicode::nfc(spaced));
}

std::vector<Block> parse_blocks(std::string_view text) {
  struct Logical {
    LineMarker marker;
    std::string text;
    std::string last_line;
    int line = 0;
  };
  std::vector<Logical> logical;
  std::optional<Logical> current;
  auto flush = [&]() {
    if (current) logical.push_back(std::move(*current));
    current.reset();
  };
  int line_no = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string t = trim(text.substr(pos, nl - pos));
    pos = nl + 1;
    ++line_no;
    if (t.empty()) {
      flush();
      if (nl == text.size()) break;
      continue;
    }
    LineMarker marker = classify_marker(t);
    if (marker.kind == Marker::kMarkdownHeading) {
      flush();
      current = Logical{marker, marker.rest, t, line_no};
      flush();
    } else if (marker.kind != Marker::kNone) {
      flush();
      current = Logical{marker, marker.rest, t, line_no};
    } else if (current) {
      bool lower_start = u_islower(first_code_point(t));
      bool join = ends_sentence(current->text) ? lower_start
                                               : (lower_start || unicode::length(current->last_line) >= 40);
      if (join) {
        current->text = join_wrapped(current->text, t);
        current->last_line = t;
      } else {
        flush();
        current = Logical{marker, t, t, line_no};
      }
    } else {
      current = Logical{marker, t, t, line_no};
    }
    if (nl == text.size()) break;
  }
  flush();

  std::vector<Block> blocks;
  for (auto& l : logical) {
    std::string body = collapse_spaces(strip_footnote_markers(l.text));
    Block b;
    b.line = l.line;
    b.label = l.marker.label;
    bool short_untermined = word_count(body) <= 14 && !ends_sentence(body) && !body.empty() &&
                            body.back() != ',' && !u_islower(first_code_point(body));
    switch (l.marker.kind) {
      case Marker::kMarkdownHeading:
        b.kind = BlockKind::kHeading;
        b.level = 1;
        break;
      case Marker::kBullet:
      case Marker::kEnumeration:
        b.kind = BlockKind::kListItem;
        break;
      case Marker::kNumbered:
        b.kind = short_untermined ? BlockKind::kHeading : BlockKind::kParagraph;
        b.level = 2;
        break;
      case Marker::kRoman: {
        Block h;
        h.kind = BlockKind::kHeading;
        h.level = 3;
        h.label = l.marker.label;
        h.text = "";
        h.line = l.line;
        blocks.push_back(h);
        if (body.empty()) continue;
        b.kind = BlockKind::kParagraph;
        break;
      }
      case Marker::kNone: {
        UChar32 first = first_code_point(body);
        bool quoted = first == U'«' || first == '"' || first == U'“';
        b.kind = (short_untermined && word_count(body) <= 12 && !quoted) ? BlockKind::kHeading : BlockKind::kParagraph;
        b.level = 2;
        break;
      }
    }
    b.text = std::move(body);
    if (b.text.empty() && b.kind != BlockKind::kHeading) continue;
    blocks.push_back(std::move(b));
  }
  return blocks;
}

Manifest read_manifest(const std::string& corpus_dir) {
  Manifest manifest;
  manifest.dir = corpus_dir;
  fs::path dir(corpus_dir);
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw CorpusError(corpus_dir + ": not a directory (give --corpus DIR)");
  fs::path manifest_path = dir / "corpus.json";
  std::ifstream in(manifest_path);
  if (!in) throw CorpusError(manifest_path.string() + ": missing (every corpus needs a corpus.json manifest)");
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw CorpusError(manifest_path.string() + ": not valid JSON: " + e.what());
  }
  std::vector<std::string> problems;
  if (!j.is_object() || !j.contains("documents") || !j["documents"].is_array()) {
    throw CorpusError(manifest_path.string() + ": expected an object {\"documents\": [...]}");
  }
  fs::path canonical_dir = fs::weakly_canonical(dir, ec);
  std::set<std::string> listed;
  size_t index = 0;
  for (const auto& entry : j["documents"]) {
    ++index;
    std::string where = manifest_path.string() + ": entry " + std::to_string(index);
    if (!entry.is_object()) {
      problems.push_back(where + " is not an object");
      continue;
    }
    auto str = [&](const char* key) {
      return entry.contains(key) && entry[key].is_string() ? entry[key].get<std::string>() : std::string();
    };
    DocumentInfo doc{str("file"), str("org"), str("org_name"), str("title"), str("source"), str("date"), "", str("url")};
    if (doc.file.empty()) {
      problems.push_back(where + " has no \"file\"");
      continue;
    }
    where += " (" + doc.file + ")";
    if (doc.org.empty()) problems.push_back(where + " has no \"org\" code");
    // The page shows the url as a link: only the web's own schemes, never "javascript:".
    if (!doc.url.empty() && doc.url.rfind("https://", 0) != 0 && doc.url.rfind("http://", 0) != 0)
      problems.push_back(where + ": \"url\" must start with https:// or http://");
    if (!doc.url.empty() && doc.url.find_first_of(" \t\n\"<>") != std::string::npos)
      problems.push_back(where + ": \"url\" has a space, a quote or an angle bracket");
    if (!doc.date.empty() && !valid_date(doc.date))
      problems.push_back(where + ": \"date\" must be YYYY, YYYY-MM or YYYY-MM-DD");
    bool org_ok = std::all_of(doc.org.begin(), doc.org.end(), [](char c) {
      return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    });
    if (!org_ok) problems.push_back(where + ": org code must be letters, digits, '-' or '_'");
    fs::path rel(doc.file);
    bool escapes = rel.is_absolute() || std::any_of(rel.begin(), rel.end(), [](const fs::path& p) { return p == ".."; });
    fs::path full = fs::weakly_canonical(dir / rel, ec);
    auto [d_end, f_it] = std::mismatch(canonical_dir.begin(), canonical_dir.end(), full.begin(), full.end());
    if (escapes || d_end != canonical_dir.end()) {
      problems.push_back(where + ": file must be inside the corpus directory");
      continue;
    }
    if (!fs::is_regular_file(full, ec)) {
      problems.push_back(where + ": file does not exist");
      continue;
    }
    if (!filter_for(rel.string())) problems.push_back(where + ": " + unsupported_type_message());
    if (!listed.insert(rel.lexically_normal().string()).second) problems.push_back(where + ": listed twice");
    if (doc.org_name.empty()) doc.org_name = doc.org;
    manifest.documents.push_back(doc);
  }
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    std::string name = it->path().filename().string();
    // A corpus folder carries its own README, SOURCE (provenance) and LICENSE files.
    bool about_the_corpus = starts_with(name, "README") || starts_with(name, "SOURCE") || starts_with(name, "LICENSE");
    if (!filter_for(name) || name[0] == '.' || about_the_corpus) continue;
    std::string rel = fs::relative(it->path(), dir).lexically_normal().string();
    if (!listed.count(rel)) problems.push_back(rel + " has no entry in " + manifest_path.string() + " (add one, or move the file out)");
  }
  if (!problems.empty()) {
    std::string msg = "the corpus in " + corpus_dir + " has " + std::to_string(problems.size()) + " problem(s):";
    for (const auto& p : problems) msg += "\n  " + p;
    throw CorpusError(msg);
  }
  return manifest;
}

}  // namespace quifait
