#include "index/index_builder.h"

#include "analysis/admin_lexicon.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#include <xapian.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>

#include "analysis/french_analyzer.h"
#include "analysis/unicode.h"
#include "corpus/reader.h"
#include "corpus/structure.h"
#include "index/catalog.h"
#include "index/generations.h"
#include "index/record_file.h"
#include "index/index_reader.h"
#include "index/lexicon.h"
#include "index/passage_record.h"
#include "index/schema.h"
#include "util/error.h"

#ifndef QUIFAIT_SOURCE_DIR
#define QUIFAIT_SOURCE_DIR "."
#endif

namespace fs = std::filesystem;

namespace quifait {
namespace {

constexpr size_t kFlushEvery = 20000;  // passages between two flushes of the Xapian buffers

std::string folded_type(const std::string& type) { return unicode::fold(type); }

// The stems of a non-positional field, so that a field shared by many passages (a unit's names
// and path, a section heading) is analysed once.
struct FieldTerms {
  std::vector<std::string> stems;
  std::vector<std::string> spelling;  // words for the spelling table
};

constexpr size_t kMaxTermBytes = 240;  // Xapian's limit is 245 bytes

FieldTerms field_terms(const FrenchAnalyzer& analyzer, const std::string& text, bool spelling) {
  FieldTerms out;
  for (const Token& t : analyzer.tokenize(text)) {
    if (t.stopword) continue;
    out.stems.push_back(t.stem);
    if (!t.alt_stem.empty()) out.stems.push_back(t.alt_stem);
    if (spelling && t.word.size() >= 3 && t.word.size() < 64) out.spelling.push_back(t.word);
  }
  return out;
}

using SpellingCounts = std::unordered_map<std::string, Xapian::termcount>;

// Adds prefix + stem with `wdf` (term is the caller's buffer), unless it is over Xapian's length.
void add_stem(Xapian::Document& doc, std::string& term, const char* prefix, std::string_view stem, unsigned wdf) {
  term.assign(prefix).append(stem);
  if (term.size() <= kMaxTermBytes) doc.add_term(term, wdf);
}

// A field's stems as its own terms (when the field has a prefix) and in the combined field.
void add_field(Xapian::Document& doc, const FieldTerms& f, const schema::Field& field, SpellingCounts* spelling) {
  std::string term;
  for (const auto& stem : f.stems) {
    if (field.prefix) add_stem(doc, term, field.prefix, stem, field.wdf);
    add_stem(doc, term, schema::kAllFields, stem, field.combined_wdf);
  }
  if (spelling)
    for (const auto& w : f.spelling) ++(*spelling)[w];
}

// The body: its words (no positions, schema.h), counted for the spelling table, and in the
// combined field.
void index_body(const FrenchAnalyzer& analyzer, Xapian::Document& doc, const std::string& text, SpellingCounts& spelling) {
  const schema::Field& body = schema::kBodyField;
  std::string term, word, previous_stem;
  unsigned previous_position = 0;
  analyzer.scan(text, [&](const TokenView& t) {
    if (t.stopword) return;
    if (std::strlen(body.prefix) + t.stem.size() > kMaxTermBytes) return;
    for (std::string_view stem : {t.stem, t.alt_stem}) {
      if (stem.empty()) continue;
      add_stem(doc, term, body.prefix, stem, body.wdf);
      add_stem(doc, term, schema::kAllFields, stem, body.combined_wdf);
    }
    if (t.word.size() >= 3 && t.word.size() < 64) {
      word.assign(t.word);
      ++spelling[word];
    }
    // Word pairs stand in for a proximity query: a term lookup at question time instead of
    // reading position lists (see Searcher::build_query). Boolean (wdf 0): they filter, and
    // leave the passage length that BM25 normalises by unchanged.
    if (!previous_stem.empty() && t.position - previous_position <= schema::kPairMaxGap) {
      term.assign(schema::kBodyPair).append(previous_stem).append(" ").append(t.stem);
      if (term.size() <= kMaxTermBytes) doc.add_boolean_term(term);
    }
    previous_stem.assign(t.stem);
    previous_position = t.position;
  });
}

// Passages wait in a temporary file between the extraction (which must see the whole corpus
// before the tree is final) and the indexing, so memory holds the tree, not the text.
class PassageSpill {
 public:
  PassageSpill() : f_(std::tmpfile()) {
    if (!f_) throw IndexError(std::string("cannot create a temporary file: ") + std::strerror(errno));
  }
  ~PassageSpill() { std::fclose(f_); }
  PassageSpill(const PassageSpill&) = delete;
  PassageSpill& operator=(const PassageSpill&) = delete;

  void write(const Passage& p) {
    for (const std::string* s : {&p.id, &p.doc, &p.org, &p.unit_id, &p.section, &p.text}) put(*s);
    int32_t pos = p.position;
    ok_ = ok_ && std::fwrite(&pos, sizeof pos, 1, f_) == 1;
  }
  void rewind() {
    if (!ok_ || std::fflush(f_) != 0) throw IndexError("cannot write the temporary passage file (disk full?)");
    std::rewind(f_);
  }
  bool read(Passage& p) {
    for (std::string* s : {&p.id, &p.doc, &p.org, &p.unit_id, &p.section, &p.text})
      if (!get(*s)) return false;
    int32_t pos = 0;
    if (std::fread(&pos, sizeof pos, 1, f_) != 1) return false;
    p.position = pos;
    return true;
  }

 private:
  std::FILE* f_;
  bool ok_ = true;
  void put(const std::string& s) {
    uint32_t n = static_cast<uint32_t>(s.size());
    ok_ = ok_ && std::fwrite(&n, sizeof n, 1, f_) == 1 && (n == 0 || std::fwrite(s.data(), 1, n, f_) == n);
  }
  bool get(std::string& s) {
    uint32_t n = 0;
    if (std::fread(&n, sizeof n, 1, f_) != 1) return false;
    s.resize(n);
    return n == 0 || std::fread(s.data(), 1, n, f_) == n;
  }
};

}  // namespace

BuildStats build_index(const BuildOptions& options) {
  BuildStats stats;
  std::string stopwords_file = options.stopwords_file.empty() ? data_dir() + "/stopwords/fr.txt" : options.stopwords_file;
  std::string synonyms_file = options.synonyms_file.empty() ? data_dir() + "/lexicon/synonymes.txt" : options.synonyms_file;
  FrenchAnalyzer analyzer = FrenchAnalyzer::from_stopword_file(stopwords_file);
  Lexicon lexicon = Lexicon::from_file(synonyms_file);

  // Read and extract document by document; passages wait in a temporary file (nothing is
  // written next to the index before the corpus is known to be good).
  PassageSpill spill;
  std::set<std::string> passage_docs;
  OrgTree tree = load_corpus_streaming(options.corpus_dir, [&](Passage&& p) {
    spill.write(p);
    ++stats.passages;
    if (passage_docs.empty() || *passage_docs.rbegin() != p.doc) passage_docs.insert(p.doc);
  });  // throws CorpusError before anything is written
  spill.rewind();
  Catalog catalog(tree.orgs, tree.units);
  stats.units = tree.units.size();
  stats.documents = passage_docs.size();

  IndexSlot slot(options.db_path);
  auto stamp = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  std::string gen_name = IndexSlot::new_generation_name();
  fs::path gen = slot.generations() / gen_name;
  std::error_code ec;

  try {
    // No term list table unless asked (see schema.h): a single node never reads a passage's
    // terms, but Xapian's remote backend and xapian-replicate need the table.
    Xapian::WritableDatabase db(gen.string(), Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS |
                                                  (options.termlist ? 0 : Xapian::DB_NO_TERMLIST));
    // No transaction: Xapian flushes its buffers every kFlushEvery documents (atomicity comes from the link switch).
    size_t done = 0;
    // The same records, uncompressed, for a local reader (record_file.h).
    RecordFileWriter records((gen / kRecordFileName).string());
    SpellingCounts spelling;
    struct UnitFields {
      FieldTerms names, path;
      bool names_spelling = false;
    };
    std::unordered_map<std::string, UnitFields> unit_fields;  // unit key -> its analysed name and path fields
    std::unordered_map<std::string, size_t> unit_ordinals;  // the unit table (schema::kMetaUnitTable)
    std::string unit_table_keys, unit_table_docs;
    std::string last_section = "\x01";
    FieldTerms section_terms;
    Passage p;
    while (spill.read(p)) {
      Xapian::Document doc;
      std::string unit_key = p.unit_id.empty() ? Catalog::org_key(p.org) : p.unit_id;
      const Unit* unit = p.unit_id.empty() ? nullptr : catalog.unit(p.unit_id);
      std::string record = encode_passage({p.id, p.doc, p.org, unit_key, p.section, p.text, p.position});
      records.add(record);
      doc.set_data(std::move(record));
      doc.add_boolean_term(schema::boolean_term(schema::kUniqueId, p.id));
      doc.add_boolean_term(schema::boolean_term(schema::kUnit, unit_key));
      doc.add_boolean_term(schema::boolean_term(schema::kOrg, p.org));
      doc.add_boolean_term(schema::boolean_term(schema::kType, unit ? folded_type(unit->type) : std::string(schema::kOrgType)));
      doc.add_boolean_term(schema::boolean_term(schema::kDoc, p.doc));
      if (AdminLexicon::standard().is_closing_formula(p.text))
        doc.add_boolean_term(schema::boolean_term(schema::kKind, schema::kClosingFormula));
      doc.add_value(schema::kValueUnit, unit_key);
      {
        auto [pos, inserted] = unit_ordinals.emplace(unit_key, unit_ordinals.size());
        if (inserted) unit_table_keys += unit_key + '\n';
        unit_table_docs += std::to_string(pos->second) + ' ';
      }
      doc.add_value(schema::kValuePosition, Xapian::sortable_serialise(p.position));
      doc.add_value(schema::kValueDoc, p.doc);
      index_body(analyzer, doc, p.text, spelling);
      auto uf = unit_fields.find(unit_key);
      if (uf == unit_fields.end()) {
        UnitFields f;
        if (unit) {
          std::string names = unit->name;
          for (const auto& a : unit->aliases) names += " ; " + a;
          f.names = field_terms(analyzer, names, true);
          f.names_spelling = true;
          auto path = catalog.path(*unit);
          // The path field: the org (code and full name) and the unit's ancestors, so a question
          // naming "le ministère de la justice" leans towards that org's units.
          const Org* org = catalog.org(p.org);
          std::string ancestors = org ? org->name + " ; " : std::string();
          for (size_t i = 0; i + 1 < path.size(); ++i) ancestors += path[i] + " ; ";
          f.path = field_terms(analyzer, ancestors, false);
        } else {
          const Org* org = catalog.org(p.org);
          std::string names = p.org + " ; " + (org ? org->name : "");
          f.names = field_terms(analyzer, names, false);
          f.path = field_terms(analyzer, names, false);
        }
        uf = unit_fields.emplace(unit_key, std::move(f)).first;
      }
      add_field(doc, uf->second.names, schema::kUnitNameField, uf->second.names_spelling ? &spelling : nullptr);
      add_field(doc, uf->second.path, schema::kUnitPathField, nullptr);
      if (p.section != last_section) {
        section_terms = field_terms(analyzer, p.section, false);
        last_section = p.section;
      }
      add_field(doc, section_terms, schema::kSectionField, nullptr);
      // Passage ids are unique (document id + ordinal), so this is replace_document(Q<id>) without the lookup.
      db.add_document(doc);
      ++done;
      if (done % kFlushEvery == 0) db.commit();  // bound memory: flush the buffered postings
      if (options.progress && (done % 500 == 0 || done == stats.passages)) options.progress(done, stats.passages);
    }
    if (done != stats.passages) throw IndexError("cannot read back the temporary passage file");
    records.finish(record_file_identity(db.get_uuid(), static_cast<uint64_t>(stamp)));
    db.set_metadata(schema::kMetaUnitTable, unit_table_keys + "#\n" + unit_table_docs);
    std::string spelling_table, synonym_table;
    for (const auto& [word, count] : spelling) {
      db.add_spelling(word, count);
      spelling_table += word + '\t' + std::to_string(count) + '\n';
    }
    stats.synonyms = lexicon.install(db, analyzer);
    for (auto key = db.synonym_keys_begin(); key != db.synonym_keys_end(); ++key)
      for (auto value = db.synonyms_begin(*key); value != db.synonyms_end(*key); ++value)
        synonym_table += *key + '\t' + *value + '\n';
    db.set_metadata(schema::kMetaSpelling, spelling_table);
    db.set_metadata(schema::kMetaSynonyms, synonym_table);
    db.set_metadata(schema::kMetaFormat, schema::kFormatVersion);
    db.set_metadata(schema::kMetaAnalyzer, analyzer_fingerprint());
    db.set_metadata(schema::kMetaTree, catalog.to_json().dump());
    std::string stop;
    for (const auto& w : analyzer.stopword_list()) stop += w + "\n";
    db.set_metadata(schema::kMetaStopwords, stop);
    {
      nlohmann::json docs = nlohmann::json::array();
      auto manifest = read_manifest(options.corpus_dir).documents;
      auto ids = document_ids(manifest);
      for (size_t i = 0; i < manifest.size(); ++i) {
        const DocumentInfo& d = manifest[i];
        docs.push_back({{"id", ids[i]}, {"file", d.file}, {"org", d.org}, {"title", d.title}, {"source", d.source},
                        {"date", d.date}, {"url", d.url}});
      }
      db.set_metadata(schema::kMetaDocuments, docs.dump());
    }
    db.set_metadata(schema::kMetaBuild, nlohmann::json({{"corpus", options.corpus_dir},
                                                         {"documents", stats.documents},
                                                         {"units", stats.units},
                                                         {"passages", stats.passages},
                                                         {"built_at_ms", stamp}})
                                            .dump());
    db.commit();
    db.close();
  } catch (const Xapian::Error& e) {
    fs::remove_all(gen, ec);
    throw IndexError("cannot write the index in " + gen.string() + ": " + e.get_description());
  } catch (const IndexError&) {
    fs::remove_all(gen, ec);
    throw;
  }

  try {
    slot.publish(gen_name);
  } catch (const IndexError&) {
    fs::remove_all(gen, ec);
    throw;
  }
  stats.generation_path = gen.string();
  return stats;
}

}  // namespace quifait
