// quifait: searching the index: query analysis, passage search, unit ranking.
//
// A Searcher owns one Xapian::Database and one FrenchAnalyzer configured with the
// index's own stopword list: it is NOT thread-safe; give each thread its own (they share
// the immutable Catalog). Construction throws IndexError when the index cannot be opened.
//
// Query analysis (analyse):
//   - words are analysed exactly as at index time (FrenchAnalyzer);
//   - a French word the index lacks in this form is searched as the dictionary spells it
//     ("detenus" -> "détenus") or as its lemma ("détenus" -> "détenu"), silently: same word;
//   - each word also reaches its morphological family that the index holds ("gère" ->
//     "gestion", "suit" -> "suivi": analysis/word_families.h), at kRanking.family_weight;
//   - a word the index does not know is repaired: first a glued elision ("linsee" ->
//     "insee", "soccupe" -> "occupe"), then, only when the word is not French (hunspell-fr
//     does not know it: "immobiler", not "traduit"), Xapian's spelling suggestion;
//   - synonyms come from the index's synonym table (the lexicon it was built with), for
//     single words and for runs of two or three words ("site web" -> "site internet");
//   - a word the corpus does not use also expands to its mythes-fr synonyms that the index
//     holds ("paie" -> "rémunération"), at kThesaurusWeight, below the lexicon's synonyms and
//     far below the words typed; they cover a question word by half (qa/answerer.h coverage).
// Ranking: BM25 over passages, where a passage's body, its unit's own name (strong), its
// section heading and its unit's path are separate fields; synonyms weigh less than the
// words typed; successive question words that are also next to each other in a passage
// add the pair's weight again (half). Units are ranked by aggregating their best passages'
// weights (rank_units: the 200 best passages grouped by unit in memory, at most 4 per unit,
// a second round without the units seen when they are fewer than asked for).
#pragma once
#include <xapian.h>

#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "analysis/french_analyzer.h"
#include "index/catalog.h"
#include "index/index_reader.h"

namespace quifait {

struct QueryWord {
  std::string surface;    // as typed
  std::string stem;       // stem used for search (after repair)
  std::string corrected;  // the repaired word when it was repaired, else empty
  Xapian::doccount df = 0;  // passages containing the stem (body or unit name)
  bool replaced = false;    // searched only through a lexicon replacement ("locaux -> immobilier")
  // A French word (hunspell-fr knows it) that no passage holds: "police" in a corpus without
  // police. Not repaired into another word; a sign the question is out of scope.
  bool french_unindexed = false;
  // The question's opening verb ("qui surveille …": ParsedQuestion::predicate), set by the
  // answerer: the asker's wording for "is responsible for", not what is asked about.
  bool predicate = false;
};

struct Expansion {
  std::vector<std::string> from;  // stems of the words expanded
  std::vector<std::string> to;    // stems of the synonym (one or more words)
  bool replacement = false;       // stands for the word itself: full weight
  bool thesaurus = false;         // from mythes-fr: weighs less than the lexicon's synonyms, and
                                  // covers a question word only by half
  bool family = false;            // the word's morphological family ("gère" -> "gestion"):
                                  // covers the word, weighs kRanking.family_weight
};

// The weight of a word found in `df` of `passages` passages: log((N + 1) / (df + 0.5)), at
// least 0.1. What confidence (coverage) and excerpts weigh question words by.
double word_idf(Xapian::doccount df, Xapian::doccount passages);

struct AnalysedQuery {
  std::vector<QueryWord> words;
  std::vector<Expansion> expansions;
  bool corrected = false;
  std::string corrected_text;  // the query with repaired words, when corrected
  // Every stem worth highlighting: the words and their synonyms.
  std::unordered_set<std::string> highlight_stems() const;
  // The same stems with a weight each: the idf of the word (of the word expanded, for a
  // synonym's stems) among `passages` passages. Rare words weigh more (excerpts).
  std::unordered_map<std::string, double> stem_weights(Xapian::doccount passages) const;
  bool empty() const { return words.empty(); }
};

struct PassageRecord {
  std::string passage_id, doc, org, unit_key, section, text;
  int position = 0;
  double weight = 0;
  Xapian::docid docid = 0;
};

struct SearchOptions {
  std::string org;   // filter on org code (empty: all)
  std::string type;  // filter on unit type (empty: all)
  unsigned page = 1;
  unsigned page_size = 10;
  // Search as you type: the last word, when nothing follows it, also matches as a prefix
  // ("immob" finds "immobilier"), like Xapian's QueryParser::FLAG_PARTIAL. It is not
  // spelling-repaired: it is not finished.
  bool partial = false;
};

struct SearchResults {
  Xapian::doccount total = 0;  // estimated matches
  std::vector<PassageRecord> hits;
  std::map<std::string, Xapian::doccount> org_facets;   // org code -> matching passages
  std::map<std::string, Xapian::doccount> type_facets;  // unit type -> matching passages
  AnalysedQuery query;
};

struct RankOptions {
  std::vector<std::string> orgs;  // only these orgs' passages (empty: all)
  std::vector<std::string> units;  // only these units' passages (unit keys; empty: all)
  size_t max_units = 10;
  size_t min_units = 10;  // fewer units than this in the best passages: look further
  size_t records = static_cast<size_t>(-1);
};

struct UnitScore {
  std::string unit_key;          // unit id, or the org key for the org itself
  double score = 0;
  std::vector<PassageRecord> passages;  // best first
};

class Searcher {
 public:
  explicit Searcher(OpenIndex index);
  explicit Searcher(const std::string& db_path) : Searcher(open_index(db_path)) {}

  const Catalog& catalog() const { return *catalog_; }
  std::shared_ptr<const Catalog> catalog_ptr() const { return catalog_; }
  const FrenchAnalyzer& analyzer() const { return analyzer_; }
  Xapian::Database& db() { return db_; }
  // Where the spelling and synonym tables are read: db() itself, or the local copy of a
  // sharded index's remote tables (OpenIndex::words_path).
  Xapian::Database& words() { return words_path_.empty() ? db_ : words_; }
  // Has the index shards behind Xapian's remote protocol (each database call a round trip)?
  bool remote() const { return remote_; }
  const std::string& generation() const { return generation_; }
  Xapian::doccount passage_count() const { return db_.get_doccount(); }

  // `repair` false: words are searched as typed (no glued-elision or spelling repair), for
  // "search the original wording" after a repair.
  AnalysedQuery analyse(const std::string& text, bool repair = true);
  Xapian::Query build_query(const AnalysedQuery& q) const;

  // Passage search for the internal search box. REQUIRES: options.page >= 1.
  SearchResults search(const std::string& text, const SearchOptions& options);

  // Units ranked by their passages' evidence for `q`, best first: at most options.max_units,
  // taken from the kCandidatePassages (200) best passages; when these hold fewer than
  // options.min_units units, a second round looks past the units seen. Only the first
  // options.records passages of each unit are read from the database (the others carry docid
  // and weight only; see read_records).
  std::vector<UnitScore> rank_units(const AnalysedQuery& q, const RankOptions& options);
  // Reads the first `n` passages not read yet (those with docid and weight only).
  void read_records(std::vector<PassageRecord>& passages, size_t n);
  // The same for several units' passages at once. Over remote shards, where each document is an
  // exchange of its own, the documents of each shard are read in parallel, each shard through a
  // connection of its own (opened at the first call: a worker then holds two per shard).
  void read_records(const std::vector<std::vector<PassageRecord>*>& groups, size_t n);

  // Passages owned by a unit (or org key), in document order.
  std::vector<PassageRecord> passages_of(const std::string& unit_key, size_t limit);
  // The passages of one document (its id, as PassageRecord::doc), in text order, at most `limit`.
  std::vector<PassageRecord> passages_of_document(const std::string& doc_id, size_t limit);

  // Document frequency of a stem across body and unit-name fields.
  // Passages holding the stem in the body or a unit name; memoised for this generation (over
  // remote shards every term frequency is a round trip to each shard).
  Xapian::doccount stem_df(const std::string& stem) const;
  // Which of `stems` each passage of `docids` holds, in its body or its unit's name, in the
  // order of `docids`. On a local index, each term's posting list is skipped through the
  // docids (cheaper than reading the passages' terms); over remote shards, where a posting list
  // comes whole over the network (tens of ms for a frequent word) and a term list costs an
  // exchange per passage, one match per stem over the passages of the units concerned.
  // REQUIRES: docids sorted ascending.
  std::vector<std::vector<std::string>> stems_in_passages(const std::vector<std::string>& stems,
                                                          const std::vector<Xapian::docid>& docids);
  // Over remote shards: the frequencies of these stems in one exchange (the statistics of one
  // match) instead of one round trip per term and shard. Does nothing on a local index.
  void prefetch_stem_dfs(const std::vector<std::string>& stems) const;

  PassageRecord record(const Xapian::Document& doc, double weight) const;
  PassageRecord record(Xapian::docid docid, std::string_view data, double weight) const;
  // The passage docid of db_, from the record file when the index has one (no inflate).
  PassageRecord record_at(Xapian::docid docid, double weight);
  bool has_record_files() const { return records_ || !shard_records_.empty(); }

 private:
  std::vector<PassageRecord> passages_with_term(const std::string& term, size_t limit, bool without_formulas = false);
  void add_prefix_completions(AnalysedQuery& q, const Token& partial) const;
  // Adds `stem` as a one-word expansion of `w` and returns it, unless it is the word itself, a
  // word of the question, already an expansion of `w`, or absent from the index (nullptr).
  Expansion* add_word_expansion(AnalysedQuery& q, const QueryWord& w, const std::string& stem) const;

  static constexpr size_t kMinPartialChars = 3;         // "im" would match half the index
  static constexpr size_t kMaxMemoisedStems = 100000;   // bounds stem_df's memo
  static constexpr size_t kMaxPartialCompletions = 20;  // the most frequent stems with the prefix
  Xapian::Database db_;
  Xapian::Database words_;  // opened when words_path_ is set
  std::string words_path_;
  std::shared_ptr<const void> words_owner_;
  bool remote_ = false;
  std::vector<ShardSpec> shard_specs_;
  std::vector<Xapian::Database> shard_dbs_;  // one handle per shard, for parallel reads
  mutable std::unordered_map<std::string, Xapian::doccount> df_memo_;
  std::shared_ptr<const Catalog> catalog_;
  std::shared_ptr<const PassageUnits> passage_units_;
  std::shared_ptr<const RecordFile> records_;  // null: records are read from db_'s document data
  std::vector<std::shared_ptr<const RecordFile>> shard_records_;  // a stub of local shards' record files
  FrenchAnalyzer analyzer_;
  std::string generation_;
};

}  // namespace quifait
