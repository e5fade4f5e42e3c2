#include "corpus/document_filters.h"

#include <fcntl.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <array>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "analysis/morphology.h"
#include "analysis/unicode.h"
#include "corpus/reader.h"
#include "util/error.h"

extern char** environ;

namespace quifait {
namespace {

constexpr int kFilterTimeoutSeconds = 120;

std::string lower_ascii(std::string s) {
  for (char& c : s) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return s;
}

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

std::string read_bytes(const std::string& path, const std::string& display_name) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw CorpusError(display_name + ": cannot be read");
  std::ostringstream buf;
  buf << in.rdbuf();
  if (!in && !in.eof()) throw CorpusError(display_name + ": cannot be read");
  return buf.str();
}

// Runs an external filter with no shell, stdin from /dev/null; returns its standard output.
std::string run_filter(const DocumentFilter& filter, const std::vector<std::string>& args, const std::string& display_name) {
  int out_pipe[2], err_pipe[2];
  if (pipe(out_pipe) != 0) throw CorpusError(display_name + ": cannot run " + filter.program + ": " + std::strerror(errno));
  if (pipe(err_pipe) != 0) {
    close(out_pipe[0]);
    close(out_pipe[1]);
    throw CorpusError(display_name + ": cannot run " + filter.program + ": " + std::strerror(errno));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  for (int fd : {out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) posix_spawn_file_actions_addclose(&actions, fd);
  std::vector<std::string> argv_storage = args;
  argv_storage.insert(argv_storage.begin(), filter.program);
  std::vector<char*> argv;
  for (auto& a : argv_storage) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  int spawn_error = posix_spawnp(&pid, filter.program.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (spawn_error != 0) {
    close(out_pipe[0]);
    close(err_pipe[0]);
    if (spawn_error == ENOENT) {
      throw CorpusError(display_name + ": reading " + filter.type + " documents needs " + filter.program +
                        ", which is not installed (Debian package " + filter.package + "; scripts/setup.sh installs it)");
    }
    throw CorpusError(display_name + ": cannot run " + filter.program + ": " + std::strerror(spawn_error));
  }
  std::string out, err;
  std::array<pollfd, 2> fds{pollfd{out_pipe[0], POLLIN, 0}, pollfd{err_pipe[0], POLLIN, 0}};
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(kFilterTimeoutSeconds);
  bool timed_out = false;
  int open_fds = 2;
  char buf[65536];
  while (open_fds > 0) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
    if (left <= 0) {
      timed_out = true;
      break;
    }
    int r = poll(fds.data(), fds.size(), static_cast<int>(left));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) continue;
    for (size_t i = 0; i < fds.size(); ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t n = read(fds[i].fd, buf, sizeof buf);
      if (n > 0) {
        (i == 0 ? out : err).append(buf, static_cast<size_t>(n));
        if (err.size() > 4096) err.resize(4096);
      } else if (n == 0 || errno != EINTR) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      }
    }
  }
  for (auto& f : fds) {
    if (f.fd >= 0) close(f.fd);
  }
  if (timed_out) kill(pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (timed_out) {
    throw CorpusError(display_name + ": " + filter.program + " ran over " + std::to_string(kFilterTimeoutSeconds) + " s and was stopped");
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::string why = trim(err);
    if (why.size() > 300) why = why.substr(0, 300) + "…";
    throw CorpusError(display_name + ": " + filter.program + " could not read it" + (why.empty() ? "" : ": " + why) +
                      " (is it a valid " + filter.type + " file?)");
  }
  return out;
}

// ---- HTML -----------------------------------------------------------------------------

const std::set<std::string>& skipped_elements() {
  static const std::set<std::string> s = {"script", "style", "noscript", "template", "nav",    "header", "footer", "aside",
                                          "form",   "button", "select",  "svg",      "iframe", "head",   "object", "canvas"};
  return s;
}

const std::set<std::string>& block_elements() {
  static const std::set<std::string> s = {"p",     "div",   "section", "article", "main",       "li",      "dt",
                                          "dd",    "blockquote", "pre", "table", "tr",        "td",      "th",
                                          "ul",    "ol",    "dl",      "figure",  "figcaption", "address", "body",
                                          "h1",    "h2",    "h3",      "h4",      "h5",         "h6",      "hr",
                                          "center", "caption", "tbody", "thead", "tfoot"};
  return s;
}

// Collects text in blocks: inline text joins with HTML's whitespace collapsing, a block
// element closes the current block.
class HtmlText {
 public:
  void walk(xmlNode* node) {
    for (xmlNode* n = node; n; n = n->next) {
      if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        append_text(reinterpret_cast<const char*>(n->content));
        continue;
      }
      if (n->type != XML_ELEMENT_NODE) continue;
      std::string name = lower_ascii(reinterpret_cast<const char*>(n->name));
      if (skipped_elements().count(name)) continue;
      if (name == "br") {
        current_ += "\n";
        space_pending_ = false;
        continue;
      }
      bool block = block_elements().count(name) > 0;
      if (!block) {
        walk(n->children);
        continue;
      }
      close_block();
      if (name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6') {
        heading_level_ = name[1] - '0';
      } else if (name == "li") {
        in_item_ = true;
        item_marker_ = lists_.empty() ? "-" : lists_.back().next_marker();
      }
      bool list = name == "ol" || name == "ul";
      if (list) lists_.push_back(ListState::of(n, name == "ol"));
      walk(n->children);
      if (list) lists_.pop_back();
      close_block();
    }
  }

  std::string text() {
    close_block();
    return out_;
  }

 private:
  void append_text(const char* s) {
    if (!s) return;
    for (const char* p = s; *p; ++p) {
      char c = *p;
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
        space_pending_ = true;
        continue;
      }
      if (space_pending_ && !current_.empty() && current_.back() != '\n') current_ += ' ';
      space_pending_ = false;
      current_ += c;
    }
  }

  void close_block() {
    std::string t = trim(current_);
    current_.clear();
    space_pending_ = false;
    if (!t.empty()) {
      if (!out_.empty()) out_ += "\n\n";
      if (heading_level_ > 0) {
        std::replace(t.begin(), t.end(), '\n', ' ');
        out_ += std::string(static_cast<size_t>(heading_level_), '#') + " " + t;
      } else if (in_item_ && !already_marked(t)) {
        out_ += item_marker_ + " " + t;
      } else {
        out_ += t;
      }
    }
    heading_level_ = 0;
    in_item_ = false;
  }

  // An open <ul> or <ol>: the marker its next item is written with, so that an ordered list
  // keeps its numbering style ("II. ―", "a)", "3.") as the text the page renders.
  struct ListState {
    bool ordered = false;
    char style = '1';  // the <ol type>: 1, a, A, i, I
    long next = 1;
    static ListState of(xmlNode* n, bool ordered) {
      ListState l;
      l.ordered = ordered;
      if (xmlChar* t = xmlGetProp(n, reinterpret_cast<const xmlChar*>("type"))) {
        if (t[0] && !t[1] && std::strchr("1aAiI", t[0])) l.style = static_cast<char>(t[0]);
        xmlFree(t);
      }
      if (xmlChar* st = xmlGetProp(n, reinterpret_cast<const xmlChar*>("start"))) {
        char* end = nullptr;
        long v = std::strtol(reinterpret_cast<const char*>(st), &end, 10);
        if (end && *end == 0 && v >= 1 && v < 4000) l.next = v;
        xmlFree(st);
      }
      return l;
    }
    std::string next_marker() {
      if (!ordered) return "-";
      long v = next++;
      if (v >= 4000) v = 3999;
      switch (style) {
        case 'a':
        case 'A': {
          std::string letters;
          for (long x = v; x > 0; x = (x - 1) / 26) letters.insert(letters.begin(), static_cast<char>(style + (x - 1) % 26));
          return style == 'a' ? letters + ")" : letters + ".";
        }
        case 'i':
        case 'I': {
          static const std::pair<int, const char*> roman[] = {{1000, "M"}, {900, "CM"}, {500, "D"}, {400, "CD"}, {100, "C"},
                                                              {90, "XC"},  {50, "L"},   {40, "XL"},  {10, "X"},   {9, "IX"},
                                                              {5, "V"},    {4, "IV"},   {1, "I"}};
          std::string r;
          for (const auto& [value, digits] : roman)
            for (; v >= value; v -= value) r += digits;
          return r + ".";  // parse_blocks reads upper-case roman sections
        }
        default:
          return std::to_string(v) + ".";
      }
    }
  };

  // An item whose text carries its own marker keeps it: a bullet list of "― le bureau …" or an
  // ordered list of "1° …". An ordered list's number goes before a dash ("II. ― La …").
  bool already_marked(const std::string& t) const {
    if (!opens_with_marker(t)) return false;
    bool numbered = std::isalnum(static_cast<unsigned char>(t[0])) != 0;
    return numbered || item_marker_ == "-";
  }

  std::vector<ListState> lists_;
  std::string item_marker_ = "-";
  std::string out_;
  std::string current_;
  bool space_pending_ = false;
  int heading_level_ = 0;
  bool in_item_ = false;
};

// libxml2 reads an HTML page without a declared charset as ISO-8859-1; pages saved today are
// UTF-8, so say so unless the page declares something.
const char* assumed_encoding(const std::string& html) {
  std::string head = lower_ascii(html.substr(0, 2048));
  if (head.find("charset") != std::string::npos || head.compare(0, 3, "\xef\xbb\xbf") == 0) return nullptr;
  return unicode::first_invalid_utf8(html) ? "windows-1252" : "UTF-8";
}

// ---- PDF ------------------------------------------------------------------------------

// A line's shape with its digits masked: "Page 2 sur 5" and "Page 3 sur 5" compare equal.
std::string furniture_key(const std::string& line) {
  std::string k;
  for (char c : trim(line)) k += (c >= '0' && c <= '9') ? '#' : c;
  return k;
}

bool is_page_number(const std::string& line) {
  std::string k = furniture_key(line);
  if (k.empty()) return false;
  static const std::set<std::string> shapes = {"#", "##", "###", "#/#", "#/##", "##/##", "- # -", "- ## -", "Page #", "Page ##"};
  return shapes.count(k) > 0 || k.rfind("Page # sur", 0) == 0 || k.rfind("Page ## sur", 0) == 0;
}

bool ends_with_hyphenated_word(const std::string& line) {
  if (line.size() < 3 || line.back() != '-') return false;
  unsigned char before = static_cast<unsigned char>(line[line.size() - 2]);
  return before >= 0x80 || (before >= 'a' && before <= 'z') || (before >= 'A' && before <= 'Z');
}

std::string last_word(const std::string& line) {
  size_t sp = line.find_last_of(" (");
  return sp == std::string::npos ? line : line.substr(sp + 1);
}

std::string first_word(const std::string& line) {
  size_t end = 0;
  while (end < line.size() && !std::strchr(" ,.;:)", line[end])) ++end;
  return line.substr(0, end);
}

bool starts_lower(const std::string& s) {
  if (s.empty()) return false;
  unsigned char c = static_cast<unsigned char>(s[0]);
  return (c >= 'a' && c <= 'z') || (c == 0xC3 && s.size() > 1 && static_cast<unsigned char>(s[1]) >= 0xA0);
}

// "ges-" + "tion" -> "gestion"; "sous-" + "direction" -> "sous-direction".
std::string join_hyphenated(const std::string& line, const std::string& next) {
  const Morphology& morphology = Morphology::standard();
  std::string head = last_word(line);
  head.pop_back();
  std::string tail = first_word(next);
  bool keep_hyphen = morphology.knows(head + "-" + tail) || !morphology.knows(head + tail);
  return keep_hyphen ? line + next : line.substr(0, line.size() - 1) + next;
}

struct PdfLine {
  std::string text;
  double top = 0;     // yMin of the line's box, from the top of the page
  double height = 0;  // the tallest word's box: the font size, near enough
  double width = 0;   // from the line's left edge to its right edge
};
using PdfPage = std::vector<PdfLine>;  // in pdftotext's reading order

double attr(xmlNode* n, const char* name) {
  xmlChar* v = xmlGetProp(n, reinterpret_cast<const xmlChar*>(name));
  if (!v) return 0;
  double d = std::strtod(reinterpret_cast<const char*>(v), nullptr);
  xmlFree(v);
  return d;
}

bool is_element(xmlNode* n, const char* name) {
  return n->type == XML_ELEMENT_NODE && std::strcmp(reinterpret_cast<const char*>(n->name), name) == 0;
}

void collect_pages(xmlNode* node, std::vector<PdfPage>& pages) {
  for (xmlNode* n = node; n; n = n->next) {
    if (is_element(n, "page")) {
      pages.emplace_back();
    } else if (is_element(n, "line") && !pages.empty()) {
      PdfLine line;
      line.top = attr(n, "yMin");
      line.width = attr(n, "xMax") - attr(n, "xMin");
      for (xmlNode* w = n->children; w; w = w->next) {
        if (!is_element(w, "word")) continue;
        xmlChar* content = xmlNodeGetContent(w);
        std::string word = content ? reinterpret_cast<const char*>(content) : "";
        if (content) xmlFree(content);
        if (word.empty()) continue;
        if (!line.text.empty()) line.text += ' ';
        line.text += word;
        line.height = std::max(line.height, attr(w, "yMax") - attr(w, "yMin"));
      }
      if (!line.text.empty()) pages.back().push_back(std::move(line));
      continue;
    }
    collect_pages(n->children, pages);
  }
}


}  // namespace

const std::vector<DocumentFilter>& document_filters() {
  static const std::vector<DocumentFilter> filters = {
      {"text", {".txt", ".md"}, "", ""},
      {"html", {".html", ".htm"}, "", "libxml2"},
      {"docx", {".docx"}, "pandoc", "pandoc"},
      {"pdf", {".pdf"}, "pdftotext", "poppler-utils"},
  };
  return filters;
}

const DocumentFilter* filter_for(const std::string& path) {
  std::string ext = lower_ascii(std::filesystem::path(path).extension().string());
  for (const auto& f : document_filters()) {
    if (std::find(f.extensions.begin(), f.extensions.end(), ext) != f.extensions.end()) return &f;
  }
  return nullptr;
}

// libxml2 reports encoding trouble through its generic error handler even with
// HTML_PARSE_NOERROR; the filter's caller reports what matters (no text). The handler is
// per thread in libxml2, so it is set on each call.
static void quiet_libxml(void*, const char*, ...) {}

std::string html_to_text(const std::string& html) {
  if (html.empty()) return "";
  xmlSetGenericErrorFunc(nullptr, quiet_libxml);
  int options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET | HTML_PARSE_NOBLANKS;
  htmlDocPtr doc = htmlReadMemory(html.data(), static_cast<int>(std::min<size_t>(html.size(), 1u << 30)), nullptr,
                                  assumed_encoding(html), options);
  if (!doc) return "";
  HtmlText collector;
  collector.walk(xmlDocGetRootElement(doc));
  xmlFreeDoc(doc);
  return collector.text();
}

std::string pdf_layout_to_text(const std::string& bbox_xhtml) {
  xmlSetGenericErrorFunc(nullptr, quiet_libxml);
  std::vector<PdfPage> pages;
  if (xmlDocPtr doc = xmlReadMemory(bbox_xhtml.data(), static_cast<int>(std::min<size_t>(bbox_xhtml.size(), 1u << 30)),
                                    nullptr, "UTF-8", XML_PARSE_NONET | XML_PARSE_RECOVER | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)) {
    collect_pages(xmlDocGetRootElement(doc), pages);
    xmlFreeDoc(doc);
  }

  // Running titles and footers: the first or last line of most pages, or a page number.
  size_t real_pages = static_cast<size_t>(std::count_if(pages.begin(), pages.end(), [](const PdfPage& p) { return !p.empty(); }));
  std::map<std::string, size_t> edge_count;
  for (const auto& page : pages) {
    std::set<std::string> keys;
    for (size_t i : {size_t{0}, page.size() - 1})
      if (i < page.size()) keys.insert(furniture_key(page[i].text));
    for (const auto& k : keys) ++edge_count[k];
  }
  for (auto& page : pages) {
    PdfPage kept;
    for (size_t i = 0; i < page.size(); ++i) {
      bool edge = i == 0 || i + 1 == page.size();
      bool repeated = real_pages >= 3 && edge_count[furniture_key(page[i].text)] * 2 > real_pages;
      if (edge && (is_page_number(page[i].text) || repeated)) continue;
      kept.push_back(std::move(page[i]));
    }
    page = std::move(kept);
  }

  // The body's font size (the line height most words are set in) and its leading (the step
  // from one line to the next within a paragraph, as a multiple of the line height).
  std::map<long, size_t> words_at_height, steps;
  for (const auto& page : pages) {
    for (size_t i = 0; i < page.size(); ++i) {
      const PdfLine& l = page[i];
      words_at_height[std::lround(l.height * 2)] += 1 + static_cast<size_t>(std::count(l.text.begin(), l.text.end(), ' '));
      if (i > 0 && l.height > 0 && std::fabs(l.height - page[i - 1].height) < 0.5) {
        double ratio = (l.top - page[i - 1].top) / l.height;
        if (ratio > 0.5 && ratio < 4) ++steps[std::lround(ratio * 20)];
      }
    }
  }
  auto mode = [](const std::map<long, size_t>& m) {
    long best = 0;
    size_t most = 0;
    for (const auto& [k, n] : m)
      if (n > most) most = n, best = k;
    return best;
  };
  double body = static_cast<double>(mode(words_at_height)) / 2;
  double leading = steps.empty() ? 1.2 : static_cast<double>(mode(steps)) / 20;
  // The measure: how wide a full line of body text is (the 90th percentile of body lines).
  std::vector<double> widths;
  for (const auto& page : pages)
    for (const auto& l : page)
      if (std::fabs(l.height - body) < 0.5) widths.push_back(l.width);
  std::sort(widths.begin(), widths.end());
  double measure = widths.empty() ? 0 : widths[widths.size() * 9 / 10];

  // Lines into blocks: a wider gap than the leading, or a change of size, starts a new block.
  // A heading is a short block set larger than the body. Over a page break there is no gap to
  // measure: a last line shorter than the measure ended its paragraph; otherwise the text runs
  // on, and parse_blocks decides from the words as for any text.
  struct Out {
    std::string text;
    bool heading = false;
  };
  std::vector<Out> blocks;
  const PdfLine* prev = nullptr;
  bool page_start = false;
  for (const auto& page : pages) {
    page_start = true;
    for (const auto& l : page) {
      bool larger = body > 0 && l.height >= body * 1.15;
      bool new_block = !prev;
      if (prev && !page_start) {
        double step = l.top - prev->top;
        bool same_size = std::fabs(l.height - prev->height) < 0.15 * std::max(l.height, prev->height);
        new_block = !same_size || step <= 0 || step > leading * std::max(l.height, prev->height) * 1.2;
      } else if (prev && page_start) {
        // Over a page break only the last line's length tells: a short line ended its paragraph.
        new_block = larger != blocks.back().heading || prev->width < measure * 0.8;
      }
      if (new_block) {
        blocks.push_back({l.text, larger});
      } else {
        Out& b = blocks.back();
        std::string last_line = b.text.substr(b.text.rfind('\n') == std::string::npos ? 0 : b.text.rfind('\n') + 1);
        if (ends_with_hyphenated_word(last_line) && starts_lower(l.text)) {
          b.text = b.text.substr(0, b.text.size() - last_line.size()) + join_hyphenated(last_line, l.text);
        } else {
          b.text += (b.heading ? " " : "\n") + l.text;
        }
      }
      prev = &l;
      page_start = false;
    }
  }
  std::string out;
  for (const auto& b : blocks) {
    bool heading = b.heading && std::count(b.text.begin(), b.text.end(), ' ') < 40;
    out += (out.empty() ? "" : "\n\n") + (heading ? "# " + b.text : b.text);
  }
  return out + "\n";
}

std::string read_document(const std::string& path, const std::string& display_name) {
  const DocumentFilter* filter = filter_for(path);
  if (!filter) {
    std::string known;
    for (const auto& f : document_filters())
      for (const auto& e : f.extensions) known += (known.empty() ? "" : " ") + e;
    throw CorpusError(display_name + ": no filter reads this type of file (known: " + known + ")");
  }
  std::string text;
  if (filter->type == "text") {
    return read_document_text(path, display_name);
  } else if (filter->type == "html") {
    text = html_to_text(read_bytes(path, display_name));
  } else if (filter->type == "docx") {
    read_bytes(path, display_name);  // unreadable files get the same message as any other
    text = html_to_text(run_filter(*filter, {"--from=docx", "--to=html5", "--wrap=none", "--", path}, display_name));
  } else if (filter->type == "pdf") {
    read_bytes(path, display_name);
    text = pdf_layout_to_text(run_filter(*filter, {"-bbox-layout", "-enc", "UTF-8", "-q", path, "-"}, display_name));
  }
  if (trim(text).empty()) {
    throw CorpusError(display_name + ": no text found in this " + filter->type + " file" +
                      (filter->type == "pdf" ? " (a scanned PDF needs OCR first)" : ""));
  }
  return normalise_document_text(std::move(text), display_name);
}

}  // namespace quifait
