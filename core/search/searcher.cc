#include "search/searcher.h"

#include <algorithm>
#include <optional>
#include <cmath>
#include <future>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "analysis/admin_lexicon.h"
#include "analysis/morphology.h"
#include "analysis/thesaurus.h"
#include "analysis/word_families.h"
#include "analysis/unicode.h"
#include "index/lexicon.h"
#include "index/passage_record.h"
#include "index/schema.h"
#include "search/ranking_params.h"
#include "util/error.h"

namespace quifait {
namespace {

// BM25 over the combined field (schema::kAllFields), whose wdf counts a body word as
// kCombinedScale: k1 in those units saturates as kRanking.bm25_k1 does in words.
Xapian::BM25Weight bm25() {
  const RankingParams& r = kRanking;
  return Xapian::BM25Weight(r.bm25_k1 * schema::kCombinedScale, r.bm25_k2, r.bm25_k3, r.bm25_b, r.bm25_min_normlen);
}

Xapian::Query all_fields(const std::string& stem) { return Xapian::Query(schema::kAllFields + stem); }

const std::string& closing_formula_term() {
  static const std::string term = schema::boolean_term(schema::kKind, schema::kClosingFormula);
  return term;
}

// What bm25() gives a word held by `df` of `passages` passages, met once as a body word in a
// passage of average length (Xapian 1.4's BM25Weight formula, wqf 1).
double typical_weight(Xapian::doccount df, Xapian::doccount passages) {
  const RankingParams& r = kRanking;
  double n = passages, f = std::min<double>(df, passages);
  double ratio = (n - f + 0.5) / (f + 0.5);
  if (ratio < 2) ratio = ratio * 0.5 + 1;  // as BM25Weight keeps the idf positive
  double k1 = r.bm25_k1 * schema::kCombinedScale, wdf = schema::kCombinedScale;
  return std::log(ratio) * (k1 + 1) * wdf / (k1 + wdf);
}

const char* const kElisionGlue[] = {"qu", "l", "d", "s", "n", "j", "m", "t", "c"};

std::vector<std::string> split_words(const std::string& s) {
  std::vector<std::string> out;
  for (size_t start = 0; start <= s.size();) {
    size_t sp = s.find(' ', start);
    if (sp == std::string::npos) sp = s.size();
    if (sp > start) out.push_back(s.substr(start, sp - start));
    start = sp + 1;
  }
  return out;
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : " ") + s;
  return out;
}

}  // namespace

std::unordered_set<std::string> AnalysedQuery::highlight_stems() const {
  std::unordered_set<std::string> out;
  for (const auto& w : words) out.insert(w.stem);
  for (const auto& e : expansions)
    for (const auto& s : e.to) out.insert(s);
  return out;
}

double word_idf(Xapian::doccount df, Xapian::doccount passages) {
  double n = static_cast<double>(std::max<Xapian::doccount>(passages, 1));
  return std::max(0.1, std::log((n + 1) / (static_cast<double>(df) + 0.5)));
}

std::unordered_map<std::string, double> AnalysedQuery::stem_weights(Xapian::doccount passages) const {
  std::unordered_map<std::string, double> out;
  auto idf = [&](Xapian::doccount df) { return word_idf(df, passages); };
  for (const auto& w : words) out[w.stem] = std::max(out[w.stem], idf(w.df));
  for (const auto& e : expansions) {
    double weight = 0.1;
    for (const auto& from : e.from)
      for (const auto& w : words)
        if (w.stem == from) weight = std::max(weight, idf(w.df));
    for (const auto& s : e.to) out[s] = std::max(out[s], weight);
  }
  return out;
}

namespace {

// A Xapian failure as quifait's error: IndexUnavailable when a remote shard did not answer
// (a server reconnects and tries again), IndexError otherwise.
[[noreturn]] void throw_index_error(const std::string& what, const Xapian::Error& e) {
  // Xapian::Error is not polymorphic: its type name tells NetworkError and NetworkTimeoutError.
  if (std::string_view(e.get_type()).rfind("Network", 0) == 0) throw IndexUnavailable(what + " (a shard did not answer: " + e.get_description() + ")");
  throw IndexError(what + " (" + e.get_description() + ")");
}

}  // namespace

Searcher::Searcher(OpenIndex index)
    : db_(std::move(index.db)),
      words_path_(std::move(index.words_path)),
      words_owner_(std::move(index.words_owner)),
      remote_(index.remote),
      shard_specs_(std::move(index.shards)),
      catalog_(std::move(index.catalog)),
      passage_units_(std::move(index.passage_units)),
      records_(std::move(index.records)),
      shard_records_(std::move(index.shard_records)),
      analyzer_(index.stopwords),
      generation_(index.generation) {
  try {
    if (!words_path_.empty()) words_ = Xapian::Database(words_path_);
    if (!passage_units_) passage_units_ = PassageUnits::load(db_);
  } catch (const Xapian::Error& e) {
    throw IndexError("cannot read the index's passages (" + e.get_description() + "); rebuild it with `quifait index`");
  }
}

Xapian::doccount Searcher::stem_df(const std::string& stem) const {
  if (auto it = df_memo_.find(stem); it != df_memo_.end()) return it->second;
  Xapian::doccount df = std::max(db_.get_termfreq(schema::kBody + stem), db_.get_termfreq(schema::kUnitName + stem));
  if (df_memo_.size() > kMaxMemoisedStems) df_memo_.clear();
  df_memo_.emplace(stem, df);
  return df;
}

std::vector<std::vector<std::string>> Searcher::stems_in_passages(const std::vector<std::string>& stems,
                                                                   const std::vector<Xapian::docid>& docids) {
  std::vector<std::vector<std::string>> out(docids.size());
  try {
    if (!remote_) {
      for (const auto& stem : stems) {
        for (const char* prefix : {schema::kBody, schema::kUnitName}) {
          std::string term = prefix + stem;
          Xapian::PostingIterator it = db_.postlist_begin(term), end = db_.postlist_end(term);
          for (size_t i = 0; i < docids.size(); ++i) {
            it.skip_to(docids[i]);
            if (it == end) break;
            if (*it == docids[i] && (out[i].empty() || out[i].back() != stem)) out[i].push_back(stem);
          }
        }
      }
      return out;
    }
    std::vector<Xapian::Query> owners;
    std::unordered_set<uint32_t> seen;
    for (Xapian::docid did : docids) {
      uint32_t unit = passage_units_->unit_of(did);
      if (unit != PassageUnits::kNoUnit && seen.insert(unit).second)
        owners.emplace_back(schema::boolean_term(schema::kUnit, passage_units_->key(unit)));
    }
    Xapian::Query in_units(Xapian::Query::OP_OR, owners.begin(), owners.end());
    // All the stems in one match: under CoordWeight each matching subquery weighs 1, so stem i,
    // scaled by 2^i, adds 2^i, and a passage's weight is the bit set of the stems it holds
    // (exact in a double for up to kStemsPerMatch stems).
    Xapian::Enquire enquire(db_);
    enquire.set_weighting_scheme(Xapian::CoordWeight());
    enquire.set_docid_order(Xapian::Enquire::ASCENDING);
    constexpr size_t kStemsPerMatch = 30;
    for (size_t first = 0; first < stems.size(); first += kStemsPerMatch) {
      size_t last = std::min(stems.size(), first + kStemsPerMatch);
      std::vector<Xapian::Query> parts;
      for (size_t k = first; k < last; ++k) {
        // OP_SYNONYM: the body and the name term count as one, whichever matches.
        Xapian::Query either(Xapian::Query::OP_SYNONYM, Xapian::Query(schema::kBody + stems[k]),
                             Xapian::Query(schema::kUnitName + stems[k]));
        parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, either, static_cast<double>(1u << (k - first)));
      }
      enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end()),
                                      in_units));
      Xapian::MSet mset = enquire.get_mset(0, db_.get_doccount());
      std::unordered_map<Xapian::docid, unsigned long> held;
      for (auto it = mset.begin(); it != mset.end(); ++it) held[*it] = static_cast<unsigned long>(std::llround(it.get_weight()));
      for (size_t i = 0; i < docids.size(); ++i) {
        auto h = held.find(docids[i]);
        if (h == held.end()) continue;
        for (size_t k = first; k < last; ++k)
          if (h->second & (1ul << (k - first))) out[i].push_back(stems[k]);
      }
    }
  } catch (const Xapian::Error& e) {
    throw_index_error("reading which passages hold the question's words failed", e);
  }
  return out;
}

void Searcher::prefetch_stem_dfs(const std::vector<std::string>& stems) const {
  if (!remote_) return;
  std::vector<std::string> todo;
  std::vector<Xapian::Query> terms;
  for (const auto& stem : stems) {
    if (stem.empty() || df_memo_.count(stem) || std::find(todo.begin(), todo.end(), stem) != todo.end()) continue;
    todo.push_back(stem);
    terms.emplace_back(schema::kBody + stem);
    terms.emplace_back(schema::kUnitName + stem);
  }
  if (todo.empty()) return;
  try {
    Xapian::Enquire enquire(db_);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()));
    Xapian::MSet stats = enquire.get_mset(0, 0);
    if (df_memo_.size() > kMaxMemoisedStems) df_memo_.clear();
    for (const auto& stem : todo)
      df_memo_[stem] = std::max(stats.get_termfreq(schema::kBody + stem), stats.get_termfreq(schema::kUnitName + stem));
  } catch (const Xapian::Error& e) {
    throw_index_error("reading term frequencies failed", e);
  }
}

Expansion* Searcher::add_word_expansion(AnalysedQuery& q, const QueryWord& w, const std::string& stem) const {
  if (stem == w.stem || stem_df(stem) == 0) return nullptr;
  if (std::any_of(q.words.begin(), q.words.end(), [&](const QueryWord& o) { return o.stem == stem; })) return nullptr;
  if (std::any_of(q.expansions.begin(), q.expansions.end(), [&](const Expansion& e) {
        return e.to.size() == 1 && e.to[0] == stem && e.from.size() == 1 && e.from[0] == w.stem;
      }))
    return nullptr;
  Expansion e;
  e.from = {w.stem};
  e.to = {stem};
  q.expansions.push_back(std::move(e));
  return &q.expansions.back();
}

AnalysedQuery Searcher::analyse(const std::string& raw_text, bool repair) {
  AnalysedQuery q;
  std::string text = unicode::nfc(unicode::sanitize(raw_text));
  std::vector<std::string> corrected_words;
  std::vector<Token> tokens = analyzer_.tokenize(text);
  if (remote_) {
    std::vector<std::string> stems;
    for (const Token& t : tokens)
      if (!t.stopword) stems.push_back(t.stem);
    prefetch_stem_dfs(stems);
  }
  for (const Token& t : tokens) {
    if (t.stopword) continue;
    QueryWord w;
    w.surface = text.substr(t.begin, t.end - t.begin);
    w.stem = t.stem;
    w.df = stem_df(w.stem);
    // A real French word is not "repaired" into another one ("traduit" is not "trait", "sports"
    // is not a glued "s'ports"), nor is a proper noun typed in lower case ("ukraine" is not
    // "urbaine"): hunspell-fr accepts "Ukraine".
    // A word typed without its accents ("creche") is French when the dictionary has it with them.
    const bool french = w.df == 0 && (Morphology::standard().knows(w.surface) ||
                                      Morphology::standard().knows(unicode::capitalise(t.lower)) ||
                                      !Morphology::standard().spellings(t.lower).empty());
    if (w.df == 0 && french) {
      // A French word the index lacks in this form: its accents as the dictionary writes them
      // ("detenus" -> "détenus"), then its lemmas ("détenus" -> "détenu"), when the index holds
      // one of them. The same word, not a repair: nothing is said to the user.
      for (const std::string& spelling : Morphology::standard().spellings(t.lower)) {
        std::vector<std::string> forms{spelling};
        for (const auto& lemma : Morphology::standard().analyse(spelling).lemmas) forms.push_back(unicode::lower(lemma));
        for (const auto& form : forms) {
          const std::string& stem = analyzer_.stem(form);
          if (Xapian::doccount df = stem_df(stem); df > 0) {
            w.stem = stem;
            w.df = df;
            break;
          }
        }
        if (w.df > 0) break;
      }
    }
    if (repair && w.df == 0 && !french && t.word.size() >= 3) {
      // A glued elision: "linsee", "soccupe", "quil".
      for (const char* glue : kElisionGlue) {
        std::string g(glue);
        // Compared on the lower-case word, not the folded one: "Çscript" folds to "cscript", but
        // its first letter is no elided "c'", and cutting one byte off "ç" leaves invalid UTF-8.
        if (t.word.size() > g.size() + 2 && t.lower.compare(0, g.size(), g) == 0) {
          std::string rest = t.lower.substr(g.size());
          const std::string& stem = analyzer_.stem(rest);
          if (analyzer_.is_stopword(unicode::fold(rest))) continue;
          Xapian::doccount df = stem_df(stem);
          if (df > 0) {
            w.stem = stem;
            w.df = df;
            w.corrected = rest;
            break;
          }
        }
      }
    }
    if (w.df == 0 && w.corrected.empty() && french) w.french_unindexed = true;
    if (repair && w.df == 0 && t.word.size() >= 4 && !w.french_unindexed) {
      std::string suggestion = words().get_spelling_suggestion(t.word, t.word.size() >= 7 ? 2 : 1);
      if (!suggestion.empty() && !analyzer_.is_stopword(suggestion)) {
        const std::string& stem = analyzer_.stem(suggestion);
        Xapian::doccount df = stem_df(stem);
        if (df > 0) {
          w.stem = stem;
          w.df = df;
          w.corrected = suggestion;
        }
      }
    }
    // Replacement rules of the lexicon, keyed on the typed word.
    std::string rkey = Lexicon::replacement_key(w.corrected.empty() ? t.word : unicode::fold(w.corrected));
    for (auto it = words().synonyms_begin(rkey); it != words().synonyms_end(rkey); ++it) {
      Expansion e;
      e.from = {w.stem};
      e.replacement = true;
      e.to = split_words(*it);
      if (!e.to.empty()) {
        w.replaced = true;
        q.expansions.push_back(std::move(e));
      }
    }
    if (!w.corrected.empty()) q.corrected = true;
    corrected_words.push_back(w.corrected.empty() ? w.surface : w.corrected);
    // The same stem twice adds nothing.
    if (std::none_of(q.words.begin(), q.words.end(), [&](const QueryWord& o) { return o.stem == w.stem; }))
      q.words.push_back(std::move(w));
  }
  if (q.corrected) q.corrected_text = join(corrected_words);
  // Synonyms of runs of one to three words.
  for (size_t n = 1; n <= 3; ++n) {
    for (size_t i = 0; i + n <= q.words.size(); ++i) {
      std::vector<std::string> from;
      for (size_t k = i; k < i + n; ++k) from.push_back(q.words[k].stem);
      std::string key = join(from);
      for (auto it = words().synonyms_begin(key); it != words().synonyms_end(key); ++it) {
        Expansion e;
        e.from = from;
        e.to = split_words(*it);
        if (!e.to.empty()) q.expansions.push_back(std::move(e));
      }
    }
  }
  // The morphological family of each word typed ("gère" -> "gestion", "suit" -> "suivi"), kept
  // when the index holds it: the texts name an activity by its noun where a question uses the
  // verb, or the other way round. Unlike the thesaurus, also for words the corpus uses. A word
  // the corpus lacks also reaches its relational adjective or noun ("banques" -> "bancaire").
  {
    auto relative_stems = [&](const QueryWord& w) {
      std::vector<std::string> stems;
      const std::string lower = unicode::lower(w.corrected.empty() ? w.surface : w.corrected);
      std::vector<std::string> related = WordFamilies::standard().relatives(lower);
      if (w.df == 0)
        for (auto& r : WordFamilies::standard().relational(lower)) related.push_back(std::move(r));
      for (const auto& r : related)
        if (!analyzer_.is_stopword(unicode::fold(r))) stems.push_back(analyzer_.stem(r));
      return stems;
    };
    const std::vector<QueryWord> words = q.words;
    if (remote_) {
      std::vector<std::string> candidates;
      for (const auto& w : words)
        if (!w.replaced)
          for (auto& s : relative_stems(w)) candidates.push_back(std::move(s));
      prefetch_stem_dfs(candidates);
    }
    for (const auto& w : words) {
      if (w.replaced) continue;
      for (const std::string& stem : relative_stems(w))
        if (Expansion* e = add_word_expansion(q, w, stem)) e->family = true;
    }
  }
  // Thesaurus synonyms of each word the corpus does not use and the lexicon did not expand, kept
  // when the index holds them ("paie" -> "rémunération"). A word the corpus uses is matched as
  // typed: its thesaurus neighbours ("parc" -> "jardin") would compete with the literal match.
  std::vector<QueryWord> typed = q.words;
  // The thesaurus is keyed by lemmas as the dictionary spells them: "creche" is looked up as
  // "crèche", "soldats" as "soldat", "taxes" as "taxe". A synonym that is a unit type
  // ("prison" -> "cellule", "centrale") names a kind of unit in these texts, not a subject.
  auto thesaurus_synonyms = [](const QueryWord& w) {
    std::string lower = unicode::lower(w.surface);
    std::vector<std::string> keys = Morphology::standard().spellings(lower);
    if (keys.empty()) keys.push_back(lower);
    for (size_t i = 0, n = keys.size(); i < n; ++i)
      for (const auto& lemma : Morphology::standard().analyse(keys[i]).lemmas)
        if (std::find(keys.begin(), keys.end(), unicode::lower(lemma)) == keys.end()) keys.push_back(unicode::lower(lemma));
    std::vector<std::string> out;
    for (const auto& key : keys)
      for (auto& syn : Thesaurus::standard().synonyms(key))
        if (!AdminLexicon::standard().type_word(syn) && std::find(out.begin(), out.end(), syn) == out.end())
          out.push_back(std::move(syn));
    return out;
  };
  if (remote_) {
    std::vector<std::string> candidates;
    for (const auto& w : typed)
      if (!w.replaced && w.corrected.empty() && w.df == 0)
        for (const auto& syn : thesaurus_synonyms(w))
          if (!analyzer_.is_stopword(unicode::fold(syn))) candidates.push_back(analyzer_.stem(syn));
    prefetch_stem_dfs(candidates);
  }
  for (const auto& w : typed) {
    if (w.replaced || !w.corrected.empty() || w.df > 0) continue;
    bool expanded = std::any_of(q.expansions.begin(), q.expansions.end(), [&](const Expansion& e) {
      return e.from.size() == 1 && e.from[0] == w.stem;
    });
    if (expanded) continue;
    size_t kept = 0;
    for (const auto& syn : thesaurus_synonyms(w)) {
      if (kept >= kRanking.thesaurus_per_word) break;
      if (analyzer_.is_stopword(unicode::fold(syn))) continue;
      if (Expansion* e = add_word_expansion(q, w, analyzer_.stem(syn))) {
        e->thesaurus = true;
        ++kept;
      }
    }
  }
  return q;
}

Xapian::Query Searcher::build_query(const AnalysedQuery& q) const {
  // One posting list per word: the combined field already weighs each field (schema.h).
  auto word_query = [](const std::string& stem, double scale) {
    return scale == 1.0 ? all_fields(stem) : Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, all_fields(stem), scale);
  };
  std::vector<Xapian::Query> all;
  for (const auto& w : q.words)
    if (!w.replaced) all.push_back(word_query(w.stem, 1.0));
  // Proximity: successive question words that a passage also has next to each other
  // ("comptabilité générale", "pilote le réseau") weigh more than scattered ones. The index
  // holds such pairs as terms (schema::kBodyPair): one posting list instead of an OP_NEAR that
  // reads the position lists of every passage holding both words (the slowest part of a
  // question with two frequent words).
  const Xapian::doccount passages = passage_count();
  for (size_t i = 0; i + 1 < q.words.size(); ++i) {
    if (q.words[i].df == 0 || q.words[i + 1].df == 0 || q.words[i].replaced || q.words[i + 1].replaced) continue;
    // Weighted as the two words themselves in a typical passage (what OP_NEAR would add), not
    // by the pair term's own idf, which for a rare pair would outweigh the words. A fixed weight
    // over the pair's posting list: the words' lists are not read a second time.
    std::string pair = std::string(schema::kBodyPair) + q.words[i].stem + " " + q.words[i + 1].stem;
    double bonus = kRanking.pair_weight * (typical_weight(q.words[i].df, passages) + typical_weight(q.words[i + 1].df, passages));
    if (!std::isfinite(bonus) || bonus <= 0) continue;  // a NaN maximum weight would break the matcher's pruning
    Xapian::Query fixed((new Xapian::FixedWeightPostingSource(bonus))->release());
    all.emplace_back(Xapian::Query::OP_FILTER, fixed, Xapian::Query(pair));
  }
  for (const auto& e : q.expansions) {
    double weight = e.replacement ? 1.0
                    : e.thesaurus ? kRanking.thesaurus_weight
                    : e.family    ? kRanking.family_weight
                                  : kRanking.synonym_weight;
    if (e.to.size() == 1) {
      all.push_back(word_query(e.to[0], weight));
    } else {
      // All the words, weighted in the combined field, where the passage has them next to each
      // other (the pair terms, as for the question's own words: no position lists to read, and
      // no OP_PHRASE, which Xapian 1.4.22 weighs without its positional check when it sits in an
      // OR under a filter, docs/upstream/) or where they are all in its unit's name.
      std::vector<Xapian::Query> words, pairs, names;
      for (const auto& s : e.to) words.push_back(all_fields(s));
      for (size_t i = 0; i + 1 < e.to.size(); ++i) pairs.emplace_back(std::string(schema::kBodyPair) + e.to[i] + " " + e.to[i + 1]);
      for (const auto& s : e.to) names.emplace_back(schema::kUnitName + s);
      Xapian::Query together(Xapian::Query::OP_OR, Xapian::Query(Xapian::Query::OP_AND, pairs.begin(), pairs.end()),
                             Xapian::Query(Xapian::Query::OP_AND, names.begin(), names.end()));
      Xapian::Query phrase(Xapian::Query::OP_FILTER, Xapian::Query(Xapian::Query::OP_AND, words.begin(), words.end()), together);
      all.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, phrase, weight);
    }
  }
  if (all.empty()) return Xapian::Query();
  return Xapian::Query(Xapian::Query::OP_OR, all.begin(), all.end());
}


PassageRecord Searcher::record(const Xapian::Document& doc, double weight) const {
  return record(doc.get_docid(), doc.get_data(), weight);
}

PassageRecord Searcher::record_at(Xapian::docid docid, double weight) {
  if (records_) return record(docid, records_->record(docid), weight);
  if (!shard_records_.empty()) {
    const Xapian::docid n = static_cast<Xapian::docid>(shard_records_.size());
    return record(docid, shard_records_[(docid - 1) % n]->record((docid - 1) / n + 1), weight);
  }
  return record(db_.get_document(docid, Xapian::DOC_ASSUME_VALID), weight);
}

PassageRecord Searcher::record(Xapian::docid docid, std::string_view data, double weight) const {
  PassageRecord r;
  StoredPassage p;
  if (!decode_passage(data, p))
    throw IndexError("passage " + std::to_string(docid) + " of the index is not a passage record; rebuild the index");
  r.passage_id = std::move(p.passage_id);
  r.doc = std::move(p.doc);
  r.org = std::move(p.org);
  r.unit_key = std::move(p.unit_key);
  r.section = std::move(p.section);
  r.text = std::move(p.text);
  r.position = p.position;
  r.weight = weight;
  r.docid = docid;
  return r;
}

namespace {

}  // namespace

// The indexed stems that start with the word being typed, the most frequent first. The
// completions stand for the word itself (replacement expansions: full weight, highlighted).
void Searcher::add_prefix_completions(AnalysedQuery& q, const Token& partial) const {
  const std::string& word = partial.word;
  const std::string& stem = partial.stem;
  std::string prefix = stem.size() <= word.size() && word.compare(0, stem.size(), stem) == 0 ? stem : word;
  if (unicode::length(prefix) < kMinPartialChars) return;
  std::vector<std::pair<Xapian::doccount, std::string>> found;
  std::string term_prefix = schema::kBody + prefix;
  for (auto it = db_.allterms_begin(term_prefix); it != db_.allterms_end(term_prefix); ++it) {
    std::string s = (*it).substr(std::string_view(schema::kBody).size());
    found.emplace_back(it.get_termfreq(), s);
  }
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
  if (found.size() > kMaxPartialCompletions) found.resize(kMaxPartialCompletions);
  QueryWord w;
  w.surface = partial.lower;
  w.stem = stem;
  w.df = stem_df(stem);
  q.words.push_back(w);
  for (const auto& [df, s] : found) {
    if (s == stem) continue;
    Expansion e;
    e.from = {stem};
    e.to = {s};
    e.replacement = true;
    q.expansions.push_back(std::move(e));
  }
}

SearchResults Searcher::search(const std::string& text, const SearchOptions& options) {
  SearchResults results;
  std::optional<Token> partial;
  if (options.partial) {
    std::string clean = unicode::nfc(unicode::sanitize(text));
    auto tokens = analyzer_.tokenize(clean);
    if (!tokens.empty() && tokens.back().end == clean.size() && !tokens.back().stopword) partial = tokens.back();
    if (partial) {
      results.query = analyse(clean.substr(0, partial->begin));
      add_prefix_completions(results.query, *partial);
    }
  }
  if (!partial) results.query = analyse(text);
  Xapian::Query query = build_query(results.query);
  if (query.empty()) return results;
  std::vector<Xapian::Query> filters;
  if (!options.org.empty()) filters.emplace_back(schema::boolean_term(schema::kOrg, options.org));
  if (!options.type.empty()) filters.emplace_back(schema::boolean_term(schema::kType, unicode::fold(options.type)));
  Xapian::Query filtered = query;
  if (!filters.empty()) filtered = Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end()));
  try {
    Xapian::Enquire enquire(db_);
    enquire.set_query(filtered);
    enquire.set_weighting_scheme(bm25());
    // Facets from the unit value of each matching passage: Xapian's own spy, which works on
    // sharded and remote databases (a custom MatchSpy is refused over remote, and inside the
    // match Document::get_docid() is the shard's docid, not the combined one).
    Xapian::ValueCountMatchSpy spy(schema::kValueUnit);
    enquire.add_matchspy(&spy);
    unsigned first = (options.page - 1) * options.page_size;
    Xapian::MSet mset = enquire.get_mset(first, options.page_size, 1000);
    results.total = mset.get_matches_estimated();
    for (auto it = mset.begin(); it != mset.end(); ++it)
      results.hits.push_back(has_record_files() ? record_at(*it, it.get_weight()) : record(it.get_document(), it.get_weight()));
    // Facet keys: the org code, and the type as the text writes it ("département"; one
    // spelling per folded type, the first unit's).
    std::map<std::string, std::string> display;
    for (const Unit& u : catalog_->units()) display.emplace(unicode::fold(u.type), u.type);
    for (auto value = spy.values_begin(); value != spy.values_end(); ++value) {
      const std::string key = *value;
      Xapian::doccount count = value.get_termfreq();
      std::string org, type;
      if (const Unit* u = catalog_->unit(key)) {
        org = u->org;
        type = display[unicode::fold(u->type)];
      } else if (const Org* o = catalog_->org_for_key(key)) {
        org = o->code;
        type = schema::kOrgType;
      } else {
        continue;
      }
      results.org_facets[org] += count;
      results.type_facets[type] += count;
    }
  } catch (const Xapian::Error& e) {
    throw_index_error("search failed", e);
  }
  return results;
}

std::vector<UnitScore> Searcher::rank_units(const AnalysedQuery& q, const RankOptions& options) {
  std::vector<UnitScore> out;
  Xapian::Query query = build_query(q);
  if (query.empty()) return out;
  // A text's closing formula names who signs it, not what a unit does.
  query = Xapian::Query(Xapian::Query::OP_AND_NOT, query, Xapian::Query(closing_formula_term()));
  if (!options.orgs.empty()) {
    std::vector<Xapian::Query> orgs;
    for (const auto& o : options.orgs) orgs.emplace_back(schema::boolean_term(schema::kOrg, o));
    query = Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query(Xapian::Query::OP_OR, orgs.begin(), orgs.end()));
  }
  if (!options.units.empty()) {
    std::vector<Xapian::Query> units;
    for (const auto& u : options.units) units.emplace_back(schema::boolean_term(schema::kUnit, u));
    query = Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query(Xapian::Query::OP_OR, units.begin(), units.end()));
  }
  try {
    Xapian::Enquire enquire(db_);
    enquire.set_query(query);
    enquire.set_weighting_scheme(bm25());
    // The best passages, grouped by unit here from the in-memory passage -> unit table (no
    // Xapian collapse: it reads a value per candidate inside the match, 2-3× the cost of the
    // match itself). At most kRanking.passages_per_unit per unit count: enough evidence, bounded work.
    // When a few units hold all the best passages, a second round excludes them, so that at
    // least min_units units are ranked whenever the index has them (it costs a second match:
    // about 1% of the benchmark's questions at 50k need it for the 5 answers shown).
    std::unordered_map<uint32_t, size_t> index;
    for (int round = 0; round < 2; ++round) {
      if (round == 1) {
        std::vector<Xapian::Query> seen;
        for (const auto& u : out) seen.emplace_back(schema::boolean_term(schema::kUnit, u.unit_key));
        enquire.set_query(Xapian::Query(Xapian::Query::OP_AND_NOT, query,
                                        Xapian::Query(Xapian::Query::OP_OR, seen.begin(), seen.end())));
      }
      // The candidates are cut here, not by Xapian: passages of equal weight at the cut (the
      // same words in every passage of a unit, the unit's name alone) would otherwise be kept
      // by docid, which differs between one index and the same passages over shards. A few
      // more are fetched and ordered by weight, then unit key, then docid (within a unit,
      // docid order is text order on one index and on per-org or per-document shards alike).
      Xapian::MSet mset = enquire.get_mset(0, kRanking.candidate_passages + kRanking.candidate_tie_slack);
      struct Candidate {
        double weight;
        uint32_t unit;
        Xapian::docid docid;
      };
      std::vector<Candidate> candidates;
      candidates.reserve(mset.size());
      for (auto it = mset.begin(); it != mset.end(); ++it) {
        uint32_t unit = passage_units_->unit_of(*it);
        if (unit != PassageUnits::kNoUnit) candidates.push_back({it.get_weight(), unit, *it});
      }
      std::sort(candidates.begin(), candidates.end(), [&](const Candidate& a, const Candidate& b) {
        if (a.weight != b.weight) return a.weight > b.weight;
        if (a.unit != b.unit) return passage_units_->key(a.unit) < passage_units_->key(b.unit);
        return a.docid < b.docid;
      });
      if (candidates.size() > kRanking.candidate_passages) candidates.resize(kRanking.candidate_passages);
      for (const Candidate& c : candidates) {
        auto [pos, inserted] = index.emplace(c.unit, out.size());
        if (inserted) out.push_back(UnitScore{passage_units_->key(c.unit), 0, {}});
        auto& passages = out[pos->second].passages;
        if (passages.size() >= kRanking.passages_per_unit) continue;
        PassageRecord r;
        r.weight = c.weight;
        r.docid = c.docid;
        passages.push_back(std::move(r));
      }
      if (out.empty() || out.size() >= options.min_units || mset.size() < kRanking.candidate_passages) break;
    }
    for (auto& u : out) {
      // Best passage counts fully, further ones with decreasing weight.
      double decay = 1.0;
      for (const auto& p : u.passages) {
        u.score += decay * p.weight;
        decay *= kRanking.passage_decay;
      }
    }
    // Equal scores are ordered by unit key, not by docid order, so that one index and the same
    // passages split over N shards (other docids) rank alike.
    std::stable_sort(out.begin(), out.end(), [](const UnitScore& a, const UnitScore& b) {
      return a.score != b.score ? a.score > b.score : a.unit_key < b.unit_key;
    });
    if (out.size() > options.max_units) out.resize(options.max_units);
    std::vector<std::vector<PassageRecord>*> groups;
    for (auto& u : out) groups.push_back(&u.passages);
    read_records(groups, options.records);
  } catch (const Xapian::Error& e) {
    throw_index_error("search failed", e);
  }
  return out;
}

void Searcher::read_records(const std::vector<std::vector<PassageRecord>*>& groups, size_t n) {
  if (!remote_ || shard_specs_.empty()) {
    for (auto* g : groups) read_records(*g, n);
    return;
  }
  const size_t shards = shard_specs_.size();
  std::vector<std::vector<PassageRecord*>> by_shard(shards);
  for (auto* g : groups)
    for (size_t i = 0; i < g->size() && i < n; ++i) {
      PassageRecord& p = (*g)[i];
      if (p.docid != 0 && p.passage_id.empty()) by_shard[(p.docid - 1) % shards].push_back(&p);
    }
  try {
    if (shard_dbs_.empty())
      for (const auto& spec : shard_specs_) shard_dbs_.push_back(open_shard(spec));
    std::vector<std::future<void>> reads;
    for (size_t s = 0; s < shards; ++s) {
      if (by_shard[s].empty()) continue;
      // Xapian numbers passage d of shard s (of n) (d - 1) * n + s + 1.
      reads.push_back(std::async(std::launch::async, [this, s, shards, &by_shard] {
        for (PassageRecord* p : by_shard[s]) {
          Xapian::docid local = (p->docid - 1) / static_cast<Xapian::docid>(shards) + 1;
          Xapian::docid combined = p->docid;
          *p = record(shard_dbs_[s].get_document(local, Xapian::DOC_ASSUME_VALID), p->weight);
          p->docid = combined;
        }
      }));
    }
    for (auto& r : reads) r.get();  // rethrows a shard's error
  } catch (const Xapian::Error& e) {
    shard_dbs_.clear();
    throw_index_error("reading passages failed", e);
  }
}

void Searcher::read_records(std::vector<PassageRecord>& passages, size_t n) {
  try {
    for (size_t i = 0; i < passages.size() && i < n; ++i) {
      PassageRecord& p = passages[i];
      if (p.docid == 0 || !p.passage_id.empty()) continue;
      p = record_at(p.docid, p.weight);
    }
  } catch (const Xapian::Error& e) {
    throw_index_error("reading passages failed", e);
  }
}

std::vector<PassageRecord> Searcher::passages_of(const std::string& unit_key, size_t limit) {
  return passages_with_term(schema::boolean_term(schema::kUnit, unit_key), limit, /*without_formulas=*/true);
}

std::vector<PassageRecord> Searcher::passages_of_document(const std::string& doc_id, size_t limit) {
  return passages_with_term(schema::boolean_term(schema::kDoc, doc_id), limit);
}

// Passages are added in corpus order, so docid order is text order.
std::vector<PassageRecord> Searcher::passages_with_term(const std::string& term, size_t limit, bool without_formulas) {
  std::vector<PassageRecord> out;
  try {
    Xapian::Enquire enquire(db_);
    Xapian::Query query(term);
    if (without_formulas) query = Xapian::Query(Xapian::Query::OP_AND_NOT, query, Xapian::Query(closing_formula_term()));
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_docid_order(Xapian::Enquire::ASCENDING);
    Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(limit));
    for (auto it = mset.begin(); it != mset.end(); ++it) out.push_back(has_record_files() ? record_at(*it, 0) : record(it.get_document(), 0));
  } catch (const Xapian::Error& e) {
    throw_index_error("reading passages failed", e);
  }
  return out;
}

}  // namespace quifait
