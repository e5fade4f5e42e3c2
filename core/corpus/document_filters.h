// quifait: turning a document file into the text the block parser reads, one filter per type,
// the way Xapian's Omega runs one external filter per MIME type.
//
//   type   extensions    filter                                         Debian package
//   text   .txt .md      read as UTF-8                                   -
//   html   .html .htm    libxml2's HTML parser, in process               libxml2
//   docx   .docx         pandoc -f docx -t html5, then the HTML filter   pandoc
//   pdf    .pdf          pdftotext -bbox-layout, then layout repairs     poppler-utils
//
// Every filter ends in the same form, the one .md documents are written in: headings as
// "# …" lines, each paragraph and list item in its own blank-line-separated block, NFC, LF,
// no-break spaces as spaces. parse_blocks (corpus/reader.h) reads all of them alike, so a text
// gives the same tree whatever format it came in.
//
// The PDF filter reads pdftotext's layout (pages, blocks, lines, words with their boxes):
//   - each block is a paragraph; its lines are joined by parse_blocks, as for any text, which
//     also splits the list items a block holds;
//   - a short block whose lines are all set larger than the body text is a heading;
//   - words hyphenated across lines: "ges-" + "tion" -> "gestion" when hunspell-fr knows the
//     joined word and not the hyphenated one ("sous-" + "direction" keeps its hyphen);
//   - page furniture: a block repeated at the top or bottom of most pages (running titles,
//     "Page 2 sur 5") and bare page numbers are dropped;
//   - a paragraph that runs on over a page break stays one.
#pragma once
#include <string>
#include <vector>

namespace quifait {

struct DocumentFilter {
  std::string type;                     // "text", "html", "docx", "pdf"
  std::vector<std::string> extensions;  // lower case, with the dot
  std::string program;                  // the external program it runs, or "" (in process)
  std::string package;                  // the Debian package that provides it
};

// The table above, in that order.
const std::vector<DocumentFilter>& document_filters();

// The filter for a file name's extension (case-insensitive), or nullptr when none reads it.
const DocumentFilter* filter_for(const std::string& path);

// Reads a document of any type in the table and returns its text in the common form.
// `display_name` is how errors name the file (its path in the corpus).
// Throws CorpusError naming the file when: it cannot be read; a .txt/.md file or a filter's
// output is not UTF-8; the external program is not installed (the message names the Debian
// package); the program fails or runs over 120 s; the result holds no text.
std::string read_document(const std::string& path, const std::string& display_name);

// The conversions behind read_document, exposed for the tests.
// html_to_text: `html` in any encoding libxml2 detects (UTF-8 when it declares none).
//   Skips script, style, nav, header, footer, aside, form and the like.
std::string html_to_text(const std::string& html);
// pdf_layout_to_text: the XHTML of `pdftotext -bbox-layout` -> the common form.
std::string pdf_layout_to_text(const std::string& bbox_xhtml);

}  // namespace quifait
