// quifait: HTML highlighting of passages.
//
// highlight(analyzer, text, stems) returns `text` HTML-escaped, with <mark>…</mark>
// around every word whose stem is in `stems`; neighbouring marked words separated only by
// spaces share one mark ("<mark>parc immobilier</mark>"). Nothing else is ever added, so
// the result is safe to insert as HTML. Written here rather than with MSet::snippet
// because Xapian's snippet tokeniser keeps elisions inside words ("l'archivage") and
// would not mark them; this one uses the same FrenchAnalyzer as the index.
//
// ansi_highlight does the same for terminals (bold) without HTML escaping.
//
// excerpt(analyzer, text, weights, max_bytes) is `text` itself when it has at most max_bytes
// bytes; otherwise about max_bytes of it where the question's words weigh most (the sum of
// the weights of the distinct stems of `weights` found there: rare words weigh more; the
// start of the text when none is found), cut between words on UTF-8 boundaries, with "…"
// where text was left out. Evidence and search hits show excerpts so that a huge paragraph (a corpus file without
// blank lines) does not make every answer that cites it megabytes long.
#pragma once
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "analysis/french_analyzer.h"

namespace quifait {

std::string html_escape(const std::string& text);
std::string highlight(const FrenchAnalyzer& analyzer, const std::string& text, const std::unordered_set<std::string>& stems);
std::string excerpt(const FrenchAnalyzer& analyzer, const std::string& text,
                    const std::unordered_map<std::string, double>& weights, size_t max_bytes);
std::string ansi_highlight(const FrenchAnalyzer& analyzer, const std::string& text, const std::unordered_set<std::string>& stems);

}  // namespace quifait
