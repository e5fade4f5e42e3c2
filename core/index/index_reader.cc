#include "index/index_reader.h"

#include <unicode/uversion.h>

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "analysis/admin_lexicon.h"
#include "analysis/french_analyzer.h"
#include "index/schema.h"
#include "util/error.h"
#include "util/hash.h"

namespace fs = std::filesystem;

namespace quifait {

std::string analyzer_fingerprint() {
  static const std::string fingerprint = [] {
    std::string d = std::string("pipeline=") + FrenchAnalyzer::kPipelineVersion + ";icu=" + U_ICU_VERSION + ";stemmer=french;elisions=";
    for (const auto& w : AdminLexicon::standard().words(WordClass::kElision)) d += w + ",";
    d += ";fields=";
    for (const auto& f : schema::kFields)
      d += std::string(f.prefix) + (f.kind == schema::FieldKind::kBoolean ? "b" : "t") + std::to_string(f.wdf) + ",";
    return fnv1a_hex(d);
  }();
  return fingerprint;
}

std::string incompatibility(const std::string& db_path, const std::string& format, const std::string& fingerprint) {
  if (format.empty()) return db_path + " is not a quifait index (no format marker); rebuild it with `quifait index`";
  if (format != schema::kFormatVersion)
    return db_path + " has index format " + format + ", this quifait reads " + schema::kFormatVersion +
           "; rebuild it with `quifait index`";
  if (fingerprint != analyzer_fingerprint())
    return db_path + " was built by another version of the text analysis (fingerprint " + (fingerprint.empty() ? "none" : fingerprint) +
           ", this quifait " + analyzer_fingerprint() + "): its words would not match the questions'; rebuild it with `quifait index`";
  return "";
}

std::string current_generation(const std::string& db_path) {
  std::error_code ec;
  fs::path p = fs::canonical(db_path, ec);
  return ec ? std::string() : p.string();
}

OpenIndex open_index(const std::string& db_path) {
  std::error_code ec;
  if (!fs::exists(db_path, ec)) {
    throw IndexError("no index at " + db_path + ": build one with `quifait index --corpus corpus --db " + db_path + "`");
  }
  OpenIndex out;
  out.generation = current_generation(db_path);
  try {
    out.db = Xapian::Database(out.generation.empty() ? db_path : out.generation);
    std::string format = out.db.get_metadata(schema::kMetaFormat);
    std::string why = incompatibility(db_path, format, out.db.get_metadata(schema::kMetaAnalyzer));
    if (!why.empty()) throw IndexError(why);
    out.catalog = Catalog::from_json(nlohmann::json::parse(out.db.get_metadata(schema::kMetaTree)));
    std::istringstream stop(out.db.get_metadata(schema::kMetaStopwords));
    for (std::string w; std::getline(stop, w);)
      if (!w.empty()) out.stopwords.push_back(w);
    out.passage_units = PassageUnits::load(out.db);
    std::string docs = out.db.get_metadata(schema::kMetaDocuments);
    if (!docs.empty()) {
      for (const auto& d : nlohmann::json::parse(docs)) {
        out.documents.push_back({d.value("file", ""), d.value("org", ""), "", d.value("title", ""), d.value("source", ""),
                                 d.value("date", ""), d.value("id", ""), d.value("url", "")});
      }
    }
  } catch (const Xapian::Error& e) {
    throw IndexError("cannot open the index at " + db_path + " (" + e.get_description() + "); rebuild it with `quifait index`");
  } catch (const nlohmann::json::exception& e) {
    throw IndexError("the index at " + db_path + " has a corrupt tree (" + e.what() + "); rebuild it with `quifait index`");
  }
  return out;
}

}  // namespace quifait
