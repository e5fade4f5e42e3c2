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
#pragma once
#include <string>
#include <unordered_set>

#include "analysis/french_analyzer.h"

namespace quifait {

std::string html_escape(const std::string& text);
std::string highlight(const FrenchAnalyzer& analyzer, const std::string& text, const std::unordered_set<std::string>& stems);
std::string ansi_highlight(const FrenchAnalyzer& analyzer, const std::string& text, const std::unordered_set<std::string>& stems);

}  // namespace quifait
