#include "index/index_reader.h"

#include <unicode/uversion.h>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <set>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "analysis/admin_lexicon.h"
#include "analysis/french_analyzer.h"
#include "index/schema.h"
#include "index/shards.h"
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
      d += std::string(f.name) + "=" + (f.prefix ? f.prefix : "-") + (f.kind == schema::FieldKind::kBoolean ? "b" : "t") +
           std::to_string(f.wdf) + "/" + std::to_string(f.combined_wdf) + ",";
    d += std::string(";combined=") + schema::kAllFields + ";positions=none";
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

std::string current_generation(const std::string& db_path) { return index_version(db_path); }

namespace {

std::vector<DocumentInfo> documents_of(const std::string& json_text) {
  std::vector<DocumentInfo> out;
  if (json_text.empty()) return out;
  for (const auto& d : nlohmann::json::parse(json_text))
    out.push_back({d.value("file", ""), d.value("org", ""), "", d.value("title", ""), d.value("source", ""), d.value("date", ""),
                   d.value("id", ""), d.value("url", "")});
  return out;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string w; std::getline(in, w);)
    if (!w.empty()) out.push_back(w);
  return out;
}

// One database's format and analysis checked, and what open_index needs from its metadata.
struct ShardMeta {
  std::shared_ptr<const Catalog> catalog;
  std::vector<std::string> stopwords;
  std::vector<DocumentInfo> documents;
};
ShardMeta read_meta(const Xapian::Database& db, const std::string& name) {
  std::string why = incompatibility(name, db.get_metadata(schema::kMetaFormat), db.get_metadata(schema::kMetaAnalyzer));
  if (!why.empty()) throw IndexError(why);
  ShardMeta m;
  try {
    m.catalog = Catalog::from_json(nlohmann::json::parse(db.get_metadata(schema::kMetaTree)));
    m.documents = documents_of(db.get_metadata(schema::kMetaDocuments));
  } catch (const nlohmann::json::exception& e) {
    throw IndexError("the index at " + name + " has a corrupt tree (" + e.what() + "); rebuild it with `quifait index`");
  }
  m.stopwords = lines_of(db.get_metadata(schema::kMetaStopwords));
  return m;
}

// A temporary local database that holds the spelling and synonym tables of remote shards.
struct WordsDatabase {
  fs::path dir;
  ~WordsDatabase() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

std::shared_ptr<const void> build_words_database(const std::vector<Xapian::Database>& shards, std::string* path) {
  static std::atomic<unsigned> serial{0};
  auto owner = std::make_shared<WordsDatabase>();
  owner->dir = fs::temp_directory_path() / ("quifait-words-" + std::to_string(getpid()) + "-" + std::to_string(serial++));
  std::error_code ec;
  fs::remove_all(owner->dir, ec);
  Xapian::WritableDatabase words(owner->dir.string(), Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
  for (const auto& shard : shards) {
    for (const auto& line : lines_of(shard.get_metadata(schema::kMetaSpelling))) {
      size_t tab = line.find('\t');
      if (tab == std::string::npos) continue;
      words.add_spelling(line.substr(0, tab), static_cast<Xapian::termcount>(std::strtoul(line.c_str() + tab + 1, nullptr, 10)));
    }
    for (const auto& line : lines_of(shard.get_metadata(schema::kMetaSynonyms))) {
      size_t tab = line.find('\t');
      if (tab != std::string::npos) words.add_synonym(line.substr(0, tab), line.substr(tab + 1));
    }
  }
  words.commit();
  *path = owner->dir.string();
  return owner;
}

// Xapian's remote protocol reads term lists: a shard built without one says so this way.
std::string termlist_hint(const Xapian::Error& e) {
  return e.get_description().find("no termlist") != std::string::npos
             ? ": a shard served remotely must be built with `quifait index --termlist`"
             : "";
}

// The record file of the generation in dir, checked against the database's passage count, UUID
// and build stamp; null when the build wrote none.
std::shared_ptr<const RecordFile> open_records(const Xapian::Database& db, const std::string& dir) {
  uint64_t stamp = 0;
  try {
    stamp = nlohmann::json::parse(db.get_metadata(schema::kMetaBuild)).at("built_at_ms").get<uint64_t>();
  } catch (const nlohmann::json::exception&) {
    return nullptr;  // no build stamp: no record file can be matched to this database
  }
  if (db.get_lastdocid() != db.get_doccount()) return nullptr;  // docids not 1..n: not one build
  return RecordFile::open((fs::path(dir) / kRecordFileName).string(), db.get_doccount(), record_file_identity(db.get_uuid(), stamp));
}

OpenIndex open_stub(const std::string& stub_path) {
  OpenIndex out;
  out.generation = current_generation(stub_path);
  std::vector<ShardSpec> specs = read_stub(stub_path);
  out.shards = specs;
  std::vector<Xapian::Database> shards;
  std::vector<Org> orgs;
  std::vector<Unit> units;
  std::set<std::string> org_codes, unit_ids;
  for (size_t i = 0; i < specs.size(); ++i) {
    const ShardSpec& spec = specs[i];
    std::string name = "shard " + std::to_string(i + 1) + " (" + spec.describe() + ") of " + stub_path;
    Xapian::Database shard;
    std::shared_ptr<const RecordFile> records;
    try {
      // A local shard is opened where its link points now, so that its record file is the one
      // of the same generation.
      std::error_code ec;
      std::string dir = spec.kind == ShardSpec::Kind::kLocal ? fs::canonical(spec.path, ec).string() : std::string();
      if (!dir.empty() && !ec) {
        shard = Xapian::Database(dir);
        records = open_records(shard, dir);
      } else {
        shard = open_shard(spec);
      }
      ShardMeta m = read_meta(shard, name);
      // The remote protocol sends a passage with its term list: without the table, every
      // question would fail. Said at open, with what to do.
      if (spec.kind != ShardSpec::Kind::kLocal && shard.get_doccount() > 0) {
        Xapian::docid first = *shard.postlist_begin("");  // "" lists every passage
        (void)shard.termlist_begin(first);
      }
      if (i == 0) out.stopwords = m.stopwords;
      else if (m.stopwords != out.stopwords)
        throw IndexError(name + " was built with other stopwords than shard 1: its words would not match the same questions; "
                         "rebuild the shards with the same `quifait index --stopwords`");
      for (const Org& o : m.catalog->orgs())
        if (org_codes.insert(o.code).second) orgs.push_back(o);
      for (const Unit& u : m.catalog->units())
        if (unit_ids.insert(u.id).second) units.push_back(u);
      for (auto& d : m.documents) out.documents.push_back(std::move(d));
    } catch (const Xapian::Error& e) {
      throw IndexError("cannot open " + name + " (" + e.get_description() + ")" + termlist_hint(e));
    }
    out.remote = out.remote || spec.kind != ShardSpec::Kind::kLocal;
    out.shard_records.push_back(std::move(records));
    shards.push_back(shard);
    out.db.add_database(shard);
  }
  out.catalog = std::make_shared<const Catalog>(std::move(orgs), std::move(units));
  if (std::find(out.shard_records.begin(), out.shard_records.end(), nullptr) != out.shard_records.end()) out.shard_records.clear();
  try {
    std::vector<std::string> tables;
    for (const auto& shard : shards) tables.push_back(shard.get_metadata(schema::kMetaUnitTable));
    out.passage_units = PassageUnits::from_shard_tables(tables);
    if (!out.passage_units) out.passage_units = PassageUnits::load(out.db);
    // Always, not only over remote shards: Xapian's own merge of local shards' spelling tables
    // repairs differently from one index ("douannes" gave "domaines", one index "douanes").
    out.words_owner = build_words_database(shards, &out.words_path);
  } catch (const Xapian::Error& e) {
    throw IndexError("cannot read the shards of " + stub_path + " (" + e.get_description() + ")" + termlist_hint(e));
  }
  return out;
}

}  // namespace

OpenIndex open_index(const std::string& db_path) {
  std::error_code ec;
  if (!fs::exists(db_path, ec)) {
    throw IndexError("no index at " + db_path + ": build one with `quifait index --corpus corpus --db " + db_path + "`");
  }
  if (is_stub_file(db_path)) return open_stub(db_path);
  OpenIndex out;
  out.generation = current_generation(db_path);
  try {
    out.db = Xapian::Database(out.generation.empty() ? db_path : out.generation);
    ShardMeta m = read_meta(out.db, db_path);
    out.catalog = std::move(m.catalog);
    out.stopwords = std::move(m.stopwords);
    out.documents = std::move(m.documents);
    out.passage_units = PassageUnits::load(out.db);
    out.records = open_records(out.db, out.generation.empty() ? db_path : out.generation);
  } catch (const Xapian::Error& e) {
    throw IndexError("cannot open the index at " + db_path + " (" + e.get_description() + "); rebuild it with `quifait index`");
  }
  return out;
}

}  // namespace quifait
