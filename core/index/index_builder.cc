#include "index/index_builder.h"

#include <unistd.h>
#include <xapian.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "analysis/french_analyzer.h"
#include "analysis/unicode.h"
#include "corpus/structure.h"
#include "index/catalog.h"
#include "index/lexicon.h"
#include "index/schema.h"
#include "util/error.h"

#ifndef QUIFAIT_SOURCE_DIR
#define QUIFAIT_SOURCE_DIR "."
#endif

namespace fs = std::filesystem;

namespace quifait {
namespace {

void index_field(const FrenchAnalyzer& analyzer, Xapian::Document& doc, const std::string& text, const char* prefix,
                 unsigned wdf, bool positional, unsigned* position_base, Xapian::WritableDatabase* spelling) {
  for (const Token& t : analyzer.tokenize(text)) {
    if (t.stopword) continue;
    std::string term = prefix + t.stem;
    if (term.size() > 240) continue;  // Xapian's term length limit
    if (positional && position_base) {
      doc.add_posting(term, *position_base + t.position, wdf);
    } else {
      doc.add_term(term, wdf);
    }
    if (!t.alt_stem.empty() && t.alt_stem.size() < 240) doc.add_term(prefix + t.alt_stem, wdf);
    if (spelling && t.word.size() >= 3 && t.word.size() < 64) spelling->add_spelling(t.word);
  }
  if (positional && position_base) *position_base += 1000000;
}

std::string folded_type(const std::string& type) { return unicode::fold(type); }

}  // namespace

std::string data_dir() {
  if (const char* env = std::getenv("QUIFAIT_DATA_DIR"); env && *env) return env;
  return QUIFAIT_SOURCE_DIR;
}

BuildStats build_index(const BuildOptions& options) {
  BuildStats stats;
  std::string stopwords_file = options.stopwords_file.empty() ? data_dir() + "/stopwords/fr.txt" : options.stopwords_file;
  std::string synonyms_file = options.synonyms_file.empty() ? data_dir() + "/lexicon/synonymes.txt" : options.synonyms_file;
  FrenchAnalyzer analyzer = FrenchAnalyzer::from_stopword_file(stopwords_file);
  Lexicon lexicon = Lexicon::from_file(synonyms_file);

  OrgTree tree = load_corpus(options.corpus_dir);  // throws CorpusError before anything is written
  Catalog catalog(tree.orgs, tree.units);
  stats.units = tree.units.size();
  stats.passages = tree.passages.size();
  {
    std::set<std::string> docs;
    for (const auto& p : tree.passages) docs.insert(p.doc);
    stats.documents = docs.size();
  }

  fs::path link(options.db_path);
  if (link.filename().empty()) link = link.parent_path();
  std::error_code ec;
  if (fs::exists(fs::symlink_status(link, ec)) && !fs::is_symlink(fs::symlink_status(link, ec))) {
    if (fs::is_directory(link, ec) && fs::is_empty(link, ec)) {
      fs::remove(link, ec);
    } else {
      throw IndexError(link.string() + " exists and is not a quifait index link; remove it or choose another --db");
    }
  }
  fs::path generations = link;
  generations += ".d";
  fs::create_directories(generations, ec);
  if (ec) throw IndexError("cannot create " + generations.string() + ": " + ec.message());
  auto stamp = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  std::string gen_name = "gen-" + std::to_string(stamp) + "-" + std::to_string(getpid());
  fs::path gen = generations / gen_name;

  try {
    Xapian::WritableDatabase db(gen.string(), Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
    db.begin_transaction(false);
    size_t done = 0;
    for (const Passage& p : tree.passages) {
      Xapian::Document doc;
      std::string unit_key = p.unit_id.empty() ? Catalog::org_key(p.org) : p.unit_id;
      const Unit* unit = p.unit_id.empty() ? nullptr : catalog.unit(p.unit_id);
      nlohmann::json data = {{"passage_id", p.id}, {"doc", p.doc},        {"org", p.org},
                             {"unit_id", unit_key}, {"section", p.section}, {"text", p.text},
                             {"position", p.position}};
      doc.set_data(data.dump());
      doc.add_boolean_term(schema::kUniqueId + p.id);
      doc.add_boolean_term(schema::kUnit + unit_key);
      doc.add_boolean_term(schema::kOrg + p.org);
      doc.add_boolean_term(schema::kType + (unit ? folded_type(unit->type) : std::string(schema::kOrgType)));
      doc.add_boolean_term(schema::kDoc + p.doc);
      doc.add_value(schema::kValueUnit, unit_key);
      doc.add_value(schema::kValuePosition, Xapian::sortable_serialise(p.position));
      doc.add_value(schema::kValueDoc, p.doc);
      unsigned pos = 1;
      index_field(analyzer, doc, p.text, schema::kBody, schema::kBodyWdf, true, &pos, &db);
      if (unit) {
        std::string names = unit->name;
        for (const auto& a : unit->aliases) names += " ; " + a;
        index_field(analyzer, doc, names, schema::kUnitName, schema::kUnitNameWdf, false, nullptr, &db);
        auto path = catalog.path(*unit);
        // The path field: the org (code and full name) and the unit's ancestors, so a question
        // naming "le ministère de la justice" leans towards that org's units.
        const Org* org = catalog.org(p.org);
        std::string ancestors = org ? org->name + " ; " : std::string();
        for (size_t i = 0; i + 1 < path.size(); ++i) ancestors += path[i] + " ; ";
        index_field(analyzer, doc, ancestors, schema::kUnitPath, schema::kUnitPathWdf, false, nullptr, nullptr);
      } else {
        const Org* org = catalog.org(p.org);
        std::string names = p.org + " ; " + (org ? org->name : "");
        index_field(analyzer, doc, names, schema::kUnitName, schema::kUnitNameWdf, false, nullptr, nullptr);
        index_field(analyzer, doc, names, schema::kUnitPath, schema::kUnitPathWdf, false, nullptr, nullptr);
      }
      index_field(analyzer, doc, p.section, schema::kSection, schema::kSectionWdf, false, nullptr, nullptr);
      db.replace_document(schema::kUniqueId + p.id, doc);
      ++done;
      if (options.progress && (done % 500 == 0 || done == tree.passages.size())) options.progress(done, tree.passages.size());
    }
    stats.synonyms = lexicon.install(db, analyzer);
    db.set_metadata(schema::kMetaFormat, schema::kFormatVersion);
    db.set_metadata(schema::kMetaTree, catalog.to_json().dump());
    std::string stop;
    for (const auto& w : analyzer.stopword_list()) stop += w + "\n";
    db.set_metadata(schema::kMetaStopwords, stop);
    db.set_metadata(schema::kMetaBuild, nlohmann::json({{"corpus", options.corpus_dir},
                                                         {"documents", stats.documents},
                                                         {"units", stats.units},
                                                         {"passages", stats.passages},
                                                         {"built_at_ms", stamp}})
                                            .dump());
    db.commit_transaction();
    db.commit();
    db.close();
  } catch (const Xapian::Error& e) {
    fs::remove_all(gen, ec);
    throw IndexError("cannot write the index in " + gen.string() + ": " + e.get_description());
  }

  // Switch: a new link next to the old one, then rename(2) over it (atomic on POSIX).
  fs::path tmp_link = link;
  tmp_link += ".new-" + std::to_string(getpid());
  fs::remove(tmp_link, ec);
  fs::path target = fs::path(generations.filename()) / gen_name;
  fs::create_symlink(target, tmp_link, ec);
  if (ec) {
    fs::remove_all(gen, ec);
    throw IndexError("cannot create the link " + tmp_link.string() + ": " + ec.message());
  }
  fs::rename(tmp_link, link, ec);
  if (ec) {
    fs::remove(tmp_link, ec);
    fs::remove_all(gen, ec);
    throw IndexError("cannot switch " + link.string() + " to the new index: " + ec.message());
  }
  stats.generation_path = gen.string();

  // Keep the new generation and the one before it (readers may still hold it open); remove older ones.
  std::vector<fs::path> old;
  for (auto& entry : fs::directory_iterator(generations, ec))
    if (entry.path().filename() != gen_name) old.push_back(entry.path());
  std::sort(old.begin(), old.end());
  for (size_t i = 0; i + 1 < old.size(); ++i) fs::remove_all(old[i], ec);
  return stats;
}

}  // namespace quifait
