#include "qa/answerer.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>
#include <utility>

#include "analysis/admin_lexicon.h"
#include "analysis/unicode.h"
#include "index/schema.h"
#include "search/highlight.h"
#include "search/ranking_params.h"
#include "util/error.h"

namespace quifait {
namespace {

// Whether `name` occurs in `text` as whole words (both folded): "bureau des affaires juridiques"
// is not named by "bureau des affaires juridiquesX". Bytes of multi-byte characters count as
// letters, so the test errs towards "not named".
bool is_letter_byte(unsigned char c) { return std::isalnum(c) || c >= 0x80; }

// Whether `name` occurs in `text` at `at` and ends a word there (its start is the caller's).
bool name_at(const std::string& text, size_t at, const std::string& name) {
  if (name.empty() || at > text.size() || text.compare(at, name.size(), name) != 0) return false;
  const size_t end = at + name.size();
  return end == text.size() || !is_letter_byte(static_cast<unsigned char>(text[end]));
}

bool names_as_words(const std::string& text, const std::string& name) {
  if (name.empty()) return false;
  for (size_t at = text.find(name); at != std::string::npos; at = text.find(name, at + 1))
    if ((at == 0 || !is_letter_byte(static_cast<unsigned char>(text[at - 1]))) && name_at(text, at, name)) return true;
  return false;
}

// Stems of the unit-type words of the lexicon, with the type each names: they say what kind of
// unit, not which one. "sous" is one (the analyser splits "sous-direction").
const std::map<std::string, std::string>& type_of_stem(const FrenchAnalyzer& analyzer) {
  static const std::map<std::string, std::string> m = [&] {
    std::map<std::string, std::string> out;
    for (const auto& t : AdminLexicon::standard().unit_types())
      for (const std::string& w : {t.singular, t.plural})
        for (const Token& tok : analyzer.tokenize(w))
          if (!tok.stopword && tok.word != "sous") out.emplace(tok.stem, t.singular);
    return out;
  }();
  return m;
}

const std::set<std::string>& type_stems(const FrenchAnalyzer& analyzer) {
  static const std::set<std::string> s = [&] {
    std::set<std::string> out{"sous"};
    for (const auto& [stem, type] : type_of_stem(analyzer)) out.insert(stem);
    return out;
  }();
  return s;
}

}  // namespace

std::set<std::string> Answerer::stems_with_alternatives(const std::string& text) const {
  std::set<std::string> out;
  for (const Token& t : searcher_.analyzer().tokenize(text)) {
    if (t.stopword) continue;
    out.insert(t.stem);
    if (!t.alt_stem.empty()) out.insert(t.alt_stem);
  }
  return out;
}

const std::vector<Answerer::NameStems>& Answerer::names_of(const Unit& unit) {
  auto it = name_stems_.find(unit.id);
  if (it != name_stems_.end()) return it->second;
  std::vector<NameStems> names;
  auto add = [&](const std::string& name) {
    NameStems n;
    n.all = stems_with_alternatives(name);
    for (const auto& w : n.all)
      if (!type_stems(searcher_.analyzer()).count(w)) n.content.insert(w);
    names.push_back(std::move(n));
  };
  add(unit.name);
  for (const auto& a : unit.aliases) add(a);
  return name_stems_.emplace(unit.id, std::move(names)).first->second;
}

const std::set<std::string>& Answerer::org_words_of(const std::string& org_code) {
  auto it = org_words_.find(org_code);
  if (it != org_words_.end()) return it->second;
  std::set<std::string> words;
  if (const Org* org = searcher_.catalog().org(org_code)) {
    words = stems_with_alternatives(org->name + " " + org->code);
  }
  return org_words_.emplace(org_code, std::move(words)).first->second;
}

namespace {

// Lower case, accents folded, every character but letters, digits, '/' and the apostrophe a
// space, spaces single: "Le bureau D/3 de la douane ?" -> "le bureau d/3 de la douane". The
// apostrophe stays in its word, so the elided "d'" of "sous-direction d'Océanie" is no code D.
std::string code_form(const std::string& text) {
  std::string f = unicode::fold(text), out;
  for (size_t i = 0; i < f.size(); ++i) {
    char c = f[i];
    if (f.compare(i, 3, "\u2019") == 0) {
      c = '\'';
      i += 2;
    }
    bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/' || c == '\'';
    if (!keep && (out.empty() || out.back() == ' ')) continue;
    out.push_back(keep ? c : ' ');
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// The words of a text as written (split where code_form puts spaces; bytes of non-ASCII
// letters stay in their word).
std::vector<std::string> written_words(const std::string& text) {
  std::vector<std::string> out(1);
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    bool keep = u >= 0x80 || std::isalnum(u) || c == '/' || c == '\'';
    if (keep) out.back().push_back(c);
    else if (!out.back().empty()) out.emplace_back();
  }
  if (out.back().empty()) out.pop_back();
  return out;
}

// A unit's code from one of its aliases: {code, one_letter}. "bureau D/3" -> {"d/3", false},
// "C3" -> {"c3", false}, "sous-direction A" -> {"A", true}; {"", false} for an alias that is a
// name. A code has a digit, or is one capital letter; a one-letter code only counts written
// as a capital right after its type word ("la sous-direction A"), so that neither the verb "a"
// nor a stray letter names a unit.
std::pair<std::string, bool> code_of_alias(const std::string& alias, const std::string& type) {
  std::string lower = code_form(alias), folded_type = code_form(type);
  bool typed = lower.rfind(folded_type + " ", 0) == 0;
  std::string code = typed ? lower.substr(folded_type.size() + 1) : lower;
  if (code.empty() || code.size() > 6 || code.find_first_of(" '") != std::string::npos) return {"", false};
  if (code.size() >= 2 && code.find_first_of("0123456789") != std::string::npos) return {code, false};
  auto words = written_words(alias);
  if (typed && code.size() == 1 && !words.empty() && words.back().size() == 1 && std::isupper(static_cast<unsigned char>(words.back()[0])))
    return {words.back(), true};
  return {"", false};
}

// Whether `text` writes the one-letter code `letter` right after the type word `type`.
bool writes_letter_code(const std::vector<std::string>& words, const std::string& type, const std::string& letter) {
  std::vector<std::string> type_words = written_words(code_form(type));
  for (size_t i = type_words.size(); i < words.size(); ++i) {
    if (words[i] != letter) continue;
    bool after_type = true;
    for (size_t k = 0; k < type_words.size() && after_type; ++k)
      after_type = code_form(words[i - type_words.size() + k]) == type_words[k];
    if (after_type) return true;
  }
  return false;
}

// Has the question a word other than its opening verb?
bool has_non_predicate_word(const AnalysedQuery& q) {
  return std::any_of(q.words.begin(), q.words.end(), [](const QueryWord& w) { return !w.predicate; });
}

// Flags the question word that is the parser's opening verb (the first word whose folded form
// is `predicate`; nothing when it is empty or was dropped as a stopword).
void mark_predicate(AnalysedQuery& q, const std::string& predicate) {
  if (predicate.empty()) return;
  for (auto& w : q.words) {
    // The surface keeps an elided pronoun ("s'intéresse"); the parser's word does not.
    std::string word = unicode::fold(w.surface);
    for (const char* apostrophe : {"'", "\u2019"})
      if (size_t at = word.rfind(apostrophe); at != std::string::npos) word.erase(0, at + std::char_traits<char>::length(apostrophe));
    if (word == predicate) {
      w.predicate = true;
      return;
    }
  }
}

}  // namespace

std::vector<std::string> Answerer::resolve_units(const std::string& text, const std::vector<std::string>& orgs,
                                                const std::string& type_hint, bool prefer_parents,
                                                const std::string& as_written, double* best_score) {
  // What the text says: its type word (if any) and its other words.
  std::set<std::string> words = stems_with_alternatives(text);
  std::string type = type_hint;
  {
    const auto& types = type_of_stem(searcher_.analyzer());
    for (const Token& t : searcher_.analyzer().tokenize(text)) {
      if (t.stopword) continue;
      if (t.word == "sous" ) continue;
      auto it = types.find(t.stem);
      if (it != types.end()) {
        if (type.empty()) type = it->second;
        break;
      }
    }
    if (text.find("sous-direction") != std::string::npos || text.find("sous direction") != std::string::npos) type = "sous-direction";
  }
  std::set<std::string> content;
  for (const auto& w : words)
    if (!type_stems(searcher_.analyzer()).count(w)) content.insert(w);

  const Catalog& catalog = searcher_.catalog();
  const std::string folded_text = " " + code_form(text) + " ";
  const std::vector<std::string> words_as_written = written_words(as_written.empty() ? text : as_written);
  double best = 0;
  std::vector<std::pair<double, std::string>> scored;
  // Only the units that can score: a unit sharing no content word with the text, with no code
  // alias, scores at most its type bonus, below resolve_min_score. In catalog order, so that
  // equals stay in document order.
  const UnitsByName& by_name = units_by_name();
  std::vector<size_t> candidates = by_name.coded;
  if (content.empty()) candidates.insert(candidates.end(), by_name.type_words_only.begin(), by_name.type_words_only.end());
  for (const auto& w : content)
    if (auto it = by_name.by_stem.find(w); it != by_name.by_stem.end()) candidates.insert(candidates.end(), it->second.begin(), it->second.end());
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  for (size_t index : candidates) {
    const Unit& u = catalog.units()[index];
    if (!orgs.empty() && std::find(orgs.begin(), orgs.end(), u.org) == orgs.end()) continue;
    double unit_best = 0;
    // A unit's code ("bureau D/3", "C3", "sous-direction A") names it exactly, above any
    // overlap of words (the analyser splits "D/3" into a letter and a digit that every
    // "bureau X/3" shares).
    bool code_named = false;
    for (const auto& alias : u.aliases) {
      auto [code, one_letter] = code_of_alias(alias, u.type);
      if (code.empty()) continue;
      code_named = code_named || (one_letter ? writes_letter_code(words_as_written, u.type, code)
                                             : folded_text.find(" " + code + " ") != std::string::npos);
    }
    for (const auto& name : names_of(u)) {
      const std::set<std::string>& name_content = name.content;
      double f1;
      if (content.empty() && name_content.empty()) {
        f1 = 1.0;
      } else {
        size_t common = 0, about_org = 0;
        const auto& org_words = org_words_of(u.org);
        for (const auto& w : content) {
          if (name_content.count(w)) ++common;
          else if (org_words.count(w)) ++about_org;  // "… du ministère de la justice" names the org, not the unit
        }
        double p = content.empty() ? 0 : static_cast<double>(common + about_org) / static_cast<double>(content.size());
        double r = name_content.empty() ? 0 : static_cast<double>(common) / static_cast<double>(name_content.size());
        f1 = p + r > 0 ? 2 * p * r / (p + r) : 0;
      }
      unit_best = std::max(unit_best, f1);
    }
    // Every word of the text in the name, one of them naming no other unit (an acronym such
    // as "CRIPH", a proper name): that identifies the unit even when the name is longer.
    if (!content.empty() && unit_best < kRanking.resolve_identifying) {
      for (const auto& name : names_of(u)) {
        bool all_in = std::all_of(content.begin(), content.end(), [&](const std::string& w) { return name.all.count(w) > 0; });
        bool identifying = std::any_of(content.begin(), content.end(), [&](const std::string& w) { return units_naming(w) == 1; });
        if (all_in && identifying) unit_best = std::max(unit_best, kRanking.resolve_identifying);
      }
    }
    if (code_named) unit_best = kRanking.resolve_code;
    if (!type.empty())
      unit_best += unicode::fold(u.type) == unicode::fold(type) ? kRanking.resolve_type_match : kRanking.resolve_type_mismatch;
    // Ties go to the unit with sub-units when the text asks what a unit contains.
    if (prefer_parents && !catalog.children(u.id).empty()) unit_best += kRanking.resolve_tie;
    best = std::max(best, unit_best);
    if (unit_best >= kRanking.resolve_min_score) scored.push_back({unit_best, u.id});
  }
  std::vector<std::string> out;
  // Document order among equals (stable), best first.
  std::stable_sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  for (const auto& [score, id] : scored)
    if (score >= best - kRanking.resolve_tie) out.push_back(id);
  if (best_score) *best_score = best;
  return out;
}

std::string Answerer::resolve_unit(const std::string& text, const std::vector<std::string>& orgs, const std::string& type_hint,
                                   bool prefer_parents) {
  auto ids = resolve_units(text, orgs, type_hint, prefer_parents);
  return ids.empty() ? std::string() : ids.front();
}

const Answerer::UnitsByName& Answerer::units_by_name() {
  if (!units_by_name_) {
    UnitsByName index;
    const auto& units = searcher_.catalog().units();
    for (size_t i = 0; i < units.size(); ++i) {
      std::set<std::string> stems;
      bool type_words_only = false;
      for (const auto& name : names_of(units[i])) {
        stems.insert(name.content.begin(), name.content.end());
        type_words_only = type_words_only || name.content.empty();
      }
      for (const auto& stem : stems) index.by_stem[stem].push_back(i);
      if (type_words_only) index.type_words_only.push_back(i);
      if (std::any_of(units[i].aliases.begin(), units[i].aliases.end(),
                      [&](const std::string& a) { return !code_of_alias(a, units[i].type).first.empty(); }))
        index.coded.push_back(i);
    }
    units_by_name_ = std::move(index);
  }
  return *units_by_name_;
}

size_t Answerer::units_naming(const std::string& stem) {
  if (units_naming_.empty()) {
    for (const Unit& u : searcher_.catalog().units()) {
      std::set<std::string> all;
      for (const auto& name : names_of(u)) all.insert(name.all.begin(), name.all.end());
      for (const auto& w : all) ++units_naming_[w];
    }
  }
  auto it = units_naming_.find(stem);
  return it == units_naming_.end() ? 0 : it->second;
}

std::vector<double> Answerer::coverage(const AnalysedQuery& q, const std::vector<const std::vector<PassageRecord>*>& units,
                                       std::vector<bool>* rarest) const {
  std::vector<double> out(units.size(), 0);
  if (rarest) rarest->assign(units.size(), false);
  if (q.words.empty()) return out;
  // Which stems of the question's words and expansions each unit's passages hold, in the body
  // or the unit's name (Searcher::stems_in_passages).
  std::vector<std::string> wanted;
  auto want = [&](const std::string& stem) {
    if (std::find(wanted.begin(), wanted.end(), stem) == wanted.end()) wanted.push_back(stem);
  };
  for (const auto& w : q.words) want(w.stem);
  for (const auto& e : q.expansions)
    for (const auto& s : e.to) want(s);
  std::vector<std::pair<Xapian::docid, size_t>> docids;  // (docid, unit index), sorted
  for (size_t u = 0; u < units.size(); ++u)
    for (const auto& p : *units[u])
      if (p.docid) docids.push_back({p.docid, u});
  std::sort(docids.begin(), docids.end());
  std::vector<std::set<std::string>> found(units.size());
  std::vector<Xapian::docid> ids;
  for (const auto& [did, u] : docids) ids.push_back(did);
  std::vector<std::vector<std::string>> held = searcher_.stems_in_passages(wanted, ids);
  for (size_t i = 0; i < docids.size(); ++i)
    for (const auto& stem : held[i]) found[docids[i].second].insert(stem);
  // The opening verb is not the question's focus when anything follows it.
  const bool has_object = has_non_predicate_word(q);
  auto share = [&](const std::set<std::string>& stems, bool* rarest_hit) {
    auto present = [&](const std::string& stem) { return stems.count(stem) > 0; };
    double total = 0, matched = 0, rarest_idf = -1;
    for (const auto& w : q.words) {
      double idf = word_idf(w.df, searcher_.passage_count());
      total += idf;
      // The rarest word, absent ones included: when it is a word the corpus lacks ("pompiers"),
      // the question's focus is not covered whatever else matched.
      bool is_rarest = idf > rarest_idf && !(w.predicate && has_object);
      if (is_rarest) rarest_idf = idf;
      bool hit = present(w.stem);
      double credit = hit ? 1.0 : 0.0;
      if (!hit) {
        for (const auto& e : q.expansions) {
          if (std::find(e.from.begin(), e.from.end(), w.stem) == e.from.end()) continue;
          if (std::all_of(e.to.begin(), e.to.end(), present)) {
            // A thesaurus synonym is a guess: it covers the word by half.
            credit = std::max(credit, e.thesaurus ? 0.5 : 1.0);
            hit = credit >= 1.0;
            if (hit) break;
          }
        }
      }
      matched += idf * credit;
      if (is_rarest && rarest_hit) *rarest_hit = hit;
    }
    return total > 0 ? matched / total : 0;
  };
  // The union of the unit's passages, and its best single passage: a question answered by one
  // sentence is better evidence than its words scattered over several.
  std::vector<double> best(units.size(), 0);
  for (size_t i = 0; i < docids.size(); ++i) {
    std::set<std::string> one(held[i].begin(), held[i].end());
    best[docids[i].second] = std::max(best[docids[i].second], share(one, nullptr));
  }
  for (size_t u = 0; u < units.size(); ++u) {
    bool hit = false;
    double all = share(found[u], &hit);
    if (rarest) (*rarest)[u] = hit;
    out[u] = (1 - kRanking.single_passage_share) * all + kRanking.single_passage_share * best[u];
  }
  return out;
}

Answer Answerer::make_answer(const std::string& unit_key, const std::vector<PassageRecord>& passages, const AnalysedQuery& q,
                             size_t max_evidence) {
  Answer a;
  a.unit_key = unit_key;
  auto stems = q.highlight_stems();
  auto weights = q.stem_weights(searcher_.passage_count());
  // "Le département X comprend :" alone (its items went to their own units) says nothing.
  // Nor does a short declaration that sends the reader elsewhere ("la sous-direction X, dont les
  // missions sont définies aux articles 5 à 7 ;"): the lexicon's cross-reference phrases.
  auto header_only = [](const std::string& text) {
    size_t end = text.find_last_not_of(" \n\t");
    if (end != std::string::npos && text[end] == ':' && text.find('\n') == std::string::npos) return true;
    if (text.size() > 250) return false;
    std::string folded = unicode::fold(text);
    for (const auto& phrase : AdminLexicon::standard().cross_references())
      if (folded.find(unicode::fold(phrase)) != std::string::npos) return true;
    return false;
  };
  for (size_t i = 0; i < passages.size() && a.evidence.size() < max_evidence; ++i) {
    if (header_only(passages[i].text)) continue;
    Evidence e;
    e.passage = passages[i];
    e.passage.text = excerpt(searcher_.analyzer(), passages[i].text, weights, kMaxEvidenceBytes);
    e.highlighted = highlight(searcher_.analyzer(), e.passage.text, stems);
    a.evidence.push_back(std::move(e));
  }
  return a;
}

std::string Answerer::org_of_context(const std::string& word) {
  const FrenchAnalyzer& analyzer = searcher_.analyzer();
  auto stems = analyzer.content_stems(word);
  if (stems.empty()) return "";
  const Catalog& catalog = searcher_.catalog();
  std::vector<std::string> named;
  for (const Org& org : catalog.orgs()) {
    auto name = analyzer.content_stems(org.name);
    bool all = true;
    for (const auto& stem : stems) all = all && std::find(name.begin(), name.end(), stem) != name.end();
    if (all) named.push_back(org.code);
  }
  std::vector<Xapian::Query> words;
  for (const auto& stem : stems) words.emplace_back(schema::kBody + stem);
  Xapian::Query uses_words(Xapian::Query::OP_AND, words.begin(), words.end());
  if (named.size() == 1) return named.front();
  // Else the org whose passages use the word markedly more often than any other org's.
  Xapian::Database& db = searcher_.db();
  std::string best_org;
  double best = 0, second = 0;
  try {
    for (const Org& org : catalog.orgs()) {
      Xapian::Query in_org(schema::boolean_term(schema::kOrg, org.code));
      Xapian::doccount total = db.get_termfreq(schema::boolean_term(schema::kOrg, org.code));
      if (total == 0) continue;
      Xapian::Enquire enquire(db);
      enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, uses_words, in_org));
      Xapian::doccount uses = enquire.get_mset(0, 0, total).get_matches_estimated();
      double rate = uses >= 2 ? static_cast<double>(uses) / total : 0;
      if (rate > best) {
        second = best;
        best = rate;
        best_org = org.code;
      } else if (rate > second) {
        second = rate;
      }
    }
  } catch (const Xapian::NetworkError&) {
    throw;  // a shard that did not answer: the server reconnects
  } catch (const Xapian::Error&) {
    return "";
  }
  return best > 0 && best >= 2 * second ? best_org : "";
}

void Answerer::resolve_org_context(AnswerSet& out) {
  if (out.context_checked) return;
  out.context_checked = true;
  // As typed: "solidarité" and the parser's folded "solidarite" stem apart.
  const std::string context = searcher_.analyzer().as_typed(out.query, out.parsed.org_context);
  out.context_org = org_of_context(context);
  if (out.context_org.empty()) out.unindexed_org = context;
}

void Answerer::answer_responsibility(AnswerSet& out, size_t max_answers) {
  std::vector<UnitScore> units;
  std::vector<std::string> orgs = out.parsed.orgs;
  if (orgs.empty() && !out.parsed.org_context.empty()) {
    resolve_org_context(out);
    if (!out.context_org.empty()) orgs.push_back(out.context_org);
  }
  // Passages are read from the database only for the evidence shown (2 per answer kept).
  constexpr size_t kEvidence = 2;
  // Twice the answers shown are ranked (the type asked for may promote one of the others);
  // the second round of rank_units is only worth its cost for the answers shown.
  RankOptions rank;
  rank.orgs = orgs;
  rank.max_units = max_answers * 2;
  rank.min_units = max_answers;
  rank.records = 0;
  if (!out.scope_unit.empty()) {
    rank.units = subtree(out.scope_unit);
    units = searcher_.rank_units(out.analysed, rank);
    rank.units.clear();
    // Nothing under the unit says it: the words are searched everywhere, as if unscoped.
    if (units.empty()) {
      out.scope_unit.clear();
      out.analysed = std::move(out.unscoped);
    }
  }
  if (units.empty() && !orgs.empty()) units = searcher_.rank_units(out.analysed, rank);
  rank.orgs.clear();
  if (units.empty()) units = searcher_.rank_units(out.analysed, rank);
  if (!out.parsed.type_hint.empty()) {
    for (auto& u : units) {
      const Unit* unit = searcher_.catalog().unit(u.unit_key);
      if (unit && unicode::fold(unit->type) == unicode::fold(out.parsed.type_hint)) u.score *= kRanking.asked_type_boost;
    }
    std::stable_sort(units.begin(), units.end(), [](const UnitScore& a, const UnitScore& b) { return a.score > b.score; });
  }
  if (units.size() > max_answers) units.resize(max_answers);
  double top = units.empty() ? 0 : units.front().score;
  std::vector<const std::vector<PassageRecord>*> passages;
  for (const auto& u : units) passages.push_back(&u.passages);
  std::vector<bool> rarest;
  std::vector<double> covered = coverage(out.analysed, passages, &rarest);
  {
    std::vector<std::vector<PassageRecord>*> evidence;
    for (auto& u : units) evidence.push_back(&u.passages);
    searcher_.read_records(evidence, kEvidence);
  }
  for (size_t i = 0; i < units.size(); ++i) {
    UnitScore& u = units[i];
    Answer a = make_answer(u.unit_key, u.passages, out.analysed, kEvidence);
    a.coverage = covered[i];
    a.rarest_covered = rarest[i];
    a.weight = u.score;
    const double c = kRanking.coverage_share;
    a.score = top > 0 ? std::round(1000 * (c * a.coverage + (1 - c) * u.score / top)) / 1000 : 0;
    out.answers.push_back(std::move(a));
  }
  // Final order: retrieval weight and coverage together. A unit whose evidence covers more of
  // the question beats one that scored on a single frequent word.
  std::stable_sort(out.answers.begin(), out.answers.end(), [](const Answer& a, const Answer& b) { return a.score > b.score; });
  if (!credit_supported_unit(out, max_answers)) credit_named_unit(out, max_answers);
  set_confidence(out);
}

bool Answerer::credit_named_unit(AnswerSet& out, size_t max_answers) {
  if (out.answers.empty() || out.answers.front().evidence.empty()) return false;
  const Catalog& catalog = searcher_.catalog();
  const FrenchAnalyzer& analyzer = searcher_.analyzer();
  const Answer& first = out.answers.front();
  const PassageRecord& passage = first.evidence.front().passage;
  const Unit* answering = catalog.unit(first.unit_key);
  const Org* org = answering ? catalog.org(answering->org) : catalog.org_for_key(first.unit_key);
  if (!org) return false;
  // The units the passage names: under the first answer, or of its org when the org answers
  // (two levels of the tree at most below a unit, as the passage can only name so far down).
  // Names are looked for folded, the cheap test, before any word is analysed.
  std::vector<const Unit*> candidates;
  if (answering) {
    candidates = catalog.children(answering->id);
    for (size_t i = 0, n = candidates.size(); i < n; ++i)
      for (const Unit* grandchild : catalog.children(candidates[i]->id)) candidates.push_back(grandchild);
  } else {
    for (const Unit& u : catalog.units())
      if (u.org == org->code) candidates.push_back(&u);
  }
  const std::string folded = unicode::fold(passage.text);
  std::vector<const Unit*> named_here;
  for (const Unit* u : candidates) {
    auto [name, fresh] = folded_names_.try_emplace(u->id);
    if (fresh) name->second = unicode::fold(u->name);
    if (names_as_words(folded, name->second)) named_here.push_back(u);
  }
  if (named_here.empty()) return false;
  const std::vector<std::string> matched = asked_stems_in(out.analysed, analyzer.content_stems(passage.text), *org);
  if (matched.empty()) return false;
  auto has = [](const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); };
  const Unit* best = nullptr;
  size_t best_words = 0;
  bool tie = false;
  for (const Unit* u : named_here) {
    std::vector<std::string> name = analyzer.content_stems(u->name);
    if (!std::all_of(matched.begin(), matched.end(), [&](const std::string& s) { return has(name, s); })) continue;
    if (!best || name.size() > best_words) {
      tie = false;
      best = u;
      best_words = name.size();
    } else if (name.size() == best_words) {
      tie = true;
    }
  }
  if (!best || tie) return false;
  answer_first(out, *best, max_answers);
  return true;
}

std::vector<std::string> Answerer::asked_stems_in(const AnalysedQuery& q, const std::vector<std::string>& text,
                                                  const Org& org) const {
  // The question's stems and those that stand for them fully (not the thesaurus's guesses).
  // Words of the org's own name ("… de la direction du Trésor") place the question, they do
  // not say what is asked.
  std::vector<std::string> asked;
  for (const auto& w : q.words) asked.push_back(w.stem);
  for (const auto& e : q.expansions)
    if (!e.thesaurus && e.to.size() == 1) asked.push_back(e.to[0]);
  const std::vector<std::string> placing = searcher_.analyzer().content_stems(org.name);
  auto has = [](const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); };
  std::vector<std::string> matched;
  for (const auto& stem : asked)
    if (has(text, stem) && !has(placing, stem) && !has(matched, stem)) matched.push_back(stem);
  return matched;
}

bool Answerer::credit_supported_unit(AnswerSet& out, size_t max_answers) {
  if (out.answers.empty() || out.answers.front().evidence.empty()) return false;
  const AdminLexicon& lexicon = AdminLexicon::standard();
  if (lexicon.support_frames().empty()) return false;
  const Catalog& catalog = searcher_.catalog();
  const FrenchAnalyzer& analyzer = searcher_.analyzer();
  const Answer& first = out.answers.front();
  const Unit* answering = catalog.unit(first.unit_key);
  const Org* org = answering ? catalog.org(answering->org) : catalog.org_for_key(first.unit_key);
  if (!org) return false;
  const std::string& text = first.evidence.front().passage.text;
  const auto& connectors = lexicon.folded_words(WordClass::kPreposition);
  const auto& articles = lexicon.folded_words(WordClass::kArticle);
  const Unit* supported = nullptr;
  // Clause by clause (an item of a list, a sentence): the one holding both the support phrase
  // and a question word says whom the task is for.
  for (size_t from = 0; from < text.size();) {
    size_t to = text.find_first_of(";.\n", from);
    if (to == std::string::npos) to = text.size();
    const std::string clause = text.substr(from, to - from);
    from = to + 1;
    const std::string folded = unicode::fold(clause);
    for (const std::string& frame : lexicon.support_frames()) {
      size_t at = folded.find(frame);
      if (at == std::string::npos) continue;
      // The unit named after the phrase, past its prepositions and articles ("au", "à la", "de l'").
      size_t k = at + frame.size();
      for (int skipped = 0; skipped < 3; ++skipped) {
        while (k < folded.size() && folded[k] == ' ') ++k;
        size_t end = folded.find_first_of(" '", k);
        if (end == std::string::npos) break;
        const std::string word = folded.substr(k, end - k + (folded[end] == '\'' ? 1 : 0));
        if (!connectors.count(word) && !articles.count(word)) break;
        k = k + word.size();
      }
      // The longest name of a unit of the org that starts there.
      const Unit* named = nullptr;
      size_t named_size = 0;
      for (const Unit& u : catalog.units()) {
        if (u.org != org->code || (answering && u.id == answering->id)) continue;
        auto [name, fresh] = folded_names_.try_emplace(u.id);
        if (fresh) name->second = unicode::fold(u.name);
        if (name->second.size() > named_size && name_at(folded, k, name->second)) {
          named = &u;
          named_size = name->second.size();
        }
      }
      if (!named || asked_stems_in(out.analysed, analyzer.content_stems(clause), *org).empty()) continue;
      if (supported && supported != named) return false;  // two units helped: name neither
      supported = named;
    }
  }
  if (!supported) return false;
  answer_first(out, *supported, max_answers);
  return true;
}

void Answerer::answer_first(AnswerSet& out, const Unit& unit, size_t max_answers) {
  Answer named;
  auto existing = std::find_if(out.answers.begin(), out.answers.end(), [&](const Answer& a) { return a.unit_key == unit.id; });
  const Evidence naming = out.answers.front().evidence.front();
  if (existing != out.answers.end()) {
    named = std::move(*existing);
    out.answers.erase(existing);
    // The passage that names it first: it is why the unit answers.
    auto same = [&](const Evidence& e) { return e.passage.docid == naming.passage.docid; };
    named.evidence.erase(std::remove_if(named.evidence.begin(), named.evidence.end(), same), named.evidence.end());
    named.evidence.insert(named.evidence.begin(), naming);
  } else {
    named.unit_key = unit.id;
    named.evidence.push_back(naming);
  }
  const Answer& was_first = out.answers.front();
  named.score = was_first.score;
  named.coverage = std::max(named.coverage, was_first.coverage);
  named.rarest_covered = named.rarest_covered || was_first.rarest_covered;
  named.weight = std::max(named.weight, was_first.weight);
  out.answers.insert(out.answers.begin(), std::move(named));
  if (out.answers.size() > max_answers) out.answers.resize(max_answers);
}

void Answerer::set_confidence(AnswerSet& out) const {
  ConfidenceSignals& s = out.signals;
  s = {};
  double total = 0, unindexed = 0, unknown = 0, predicate_unindexed = 0;
  // The opening verb alone ("qui recrute") is what the question is about.
  const bool has_object = has_non_predicate_word(out.analysed);
  for (const auto& w : out.analysed.words) {
    double idf = word_idf(w.df, searcher_.passage_count());
    total += idf;
    if (w.df == 0 && w.predicate && has_object) predicate_unindexed += idf;
    else if (w.df == 0 && w.french_unindexed) unindexed += idf;
    else if (w.df == 0) unknown += idf;
  }
  s.words = static_cast<double>(out.analysed.words.size());
  if (total > 0) {
    s.unindexed_french = unindexed / total;
    s.unknown = unknown / total;
    s.predicate_unindexed = predicate_unindexed / total;
  }
  if (!out.answers.empty()) {
    const Answer& first = out.answers.front();
    s.coverage = first.coverage;
    s.focus_covered = first.rarest_covered ? 1 : 0;
    s.log_weight = std::log1p(std::max(0.0, first.weight));
    const Catalog& catalog = searcher_.catalog();
    const FrenchAnalyzer& analyzer = searcher_.analyzer();
    // Which question words a unit's name holds, one flag per word of out.analysed.words: the
    // words typed or the stems that stand for them fully (lexicon synonyms and word families,
    // not the thesaurus's guesses).
    auto in_name = [&](const Unit& unit) {
      std::vector<std::string> name = analyzer.content_stems(unit.name);
      auto has = [&](const std::string& stem) { return std::find(name.begin(), name.end(), stem) != name.end(); };
      std::vector<bool> held;
      for (const auto& w : out.analysed.words) {
        bool hit = has(w.stem);
        for (const auto& e : out.analysed.expansions)
          if (!hit && !e.thesaurus && e.to.size() == 1 && std::find(e.from.begin(), e.from.end(), w.stem) != e.from.end())
            hit = has(e.to[0]);
        held.push_back(hit);
      }
      return held;
    };
    // The idf share of the words flagged in `held` and not in `except`.
    auto share = [&](const std::vector<bool>& held, const std::vector<bool>& except) {
      double matched = 0;
      for (size_t i = 0; i < held.size(); ++i)
        if (held[i] && !(i < except.size() && except[i]))
          matched += word_idf(out.analysed.words[i].df, searcher_.passage_count());
      return total > 0 ? matched / total : 0.0;
    };
    if (const Unit* unit = catalog.unit(first.unit_key)) {
      std::vector<bool> first_name = in_name(*unit);
      s.name_coverage = share(first_name, {});
      // Its units and theirs (two levels: a sous-direction's bureaux, a direction's sous-directions'
      // bureaux), bounded by the tree itself.
      std::vector<const Unit*> below = catalog.children(unit->id);
      for (size_t i = 0, n = below.size(); i < n; ++i)
        for (const Unit* grandchild : catalog.children(below[i]->id)) below.push_back(grandchild);
      for (const Unit* child : below) s.child_named = std::max(s.child_named, share(in_name(*child), first_name));
    }
    if (out.answers.size() > 1) {
      const Answer& second = out.answers[1];
      s.second_coverage = second.coverage;
      s.margin = first.score > 0 ? (first.score - second.score) / first.score : 0;
    } else {
      s.margin = 1;
    }
  }
  const ConfidenceModel& model = ConfidenceModel::standard();
  out.confidence = out.answers.empty() ? 0 : model.probability(s);
  // The question places itself in an org the index does not hold: whatever unit comes first
  // belongs to another org, so the chance that it is right is nil, not what the words say.
  if (!out.unindexed_org.empty()) out.confidence = 0;
  out.confident = !out.answers.empty() && out.confidence >= model.threshold();
}

void Answerer::answer_person(AnswerSet& out) {
  out.asks_person = true;
  out.confident = false;
  out.confidence = 0;
  const Catalog& catalog = searcher_.catalog();
  auto add = [&](const std::string& key) {
    Answer a = make_answer(key, searcher_.passages_of(key, 1), out.analysed, 1);
    a.score = 1.0;
    a.coverage = 1;
    out.answers.push_back(std::move(a));
  };
  const std::string& role_unit = out.parsed.person_role_unit;  // "secrétariat général", "bureau"
  const std::string type = role_unit.substr(0, role_unit.find(' '));
  // "le secrétaire général de l'INSEE": the org's unit that bears the role's unit name, else the
  // org itself ("le directeur de l'INSEE" heads the institute).
  const Org* org = org_named(out.parsed.subject);
  if (!org && out.parsed.orgs.size() == 1 && searcher_.analyzer().content_stems(out.parsed.subject).empty())
    org = catalog.org(out.parsed.orgs.front());
  if (org) {
    for (const auto& id : resolve_units(role_unit, {org->code}, type, false, out.query))
      if (const Unit* u = catalog.unit(id); u && unicode::fold(u->name) == unicode::fold(role_unit)) add(id);
    if (out.answers.empty()) add(Catalog::org_key(org->code));
  } else {
    // "le chef du bureau des achats": the unit of the role's type that the rest names.
    for (const auto& id : resolve_units(role_unit + " " + out.parsed.subject, out.parsed.orgs, type, false, out.query))
      if (const Unit* u = catalog.unit(id); u && unicode::fold(u->type) == unicode::fold(type)) add(id);
  }
  if (!out.answers.empty()) out.resolved_unit = out.answers.front().unit_key;
}

void Answerer::answer_about_unit(AnswerSet& out, size_t max_answers) {
  const Catalog& catalog = searcher_.catalog();
  bool composition = out.intent == Intent::kComposition;
  auto add = [&](const std::string& key, size_t evidence, double score) {
    Answer a = make_answer(key, searcher_.passages_of(key, evidence), out.analysed, evidence);
    a.score = score;
    a.coverage = 1;
    out.answers.push_back(std::move(a));
  };
  // "Que comprend l'INSEE ?": the org's own top-level units.
  if (composition) {
    const Org* org = org_named(out.parsed.subject);
    if (org) {
      for (const Unit* top : catalog.top_units(org->code)) add(top->id, 1, 1.0);
      out.resolved_unit = Catalog::org_key(org->code);
      out.confident = !out.answers.empty();
      out.confidence = out.confident ? 1.0 : 0.0;
      return;
    }
  }
  std::vector<std::string> ids = resolve_units(out.parsed.subject, out.parsed.orgs, "", composition, out.query);
  if (ids.empty() && !out.parsed.orgs.empty()) ids = resolve_units(out.parsed.subject, {}, "", composition, out.query);
  // Equally good names in several orgs, and the question names none: ask which one.
  std::set<std::string> orgs_of_best;
  for (const auto& candidate : ids)
    if (const Unit* u = catalog.unit(candidate)) orgs_of_best.insert(u->org);
  if (orgs_of_best.size() > 1) {
    out.ambiguous = true;
    for (const auto& candidate : ids) add(candidate, 1, 1.0);
    out.confident = false;
    out.confidence = 1.0 / static_cast<double>(ids.size());
    return;
  }
  std::string id = ids.empty() ? std::string() : ids.front();
  out.resolved_unit = id;
  const Unit* unit = id.empty() ? nullptr : catalog.unit(id);
  if (!unit) {
    // Nothing named: answer as a responsibility question on the same words.
    out.intent = Intent::kResponsibility;
    answer_responsibility(out, max_answers);
    return;
  }
  switch (out.intent) {
    case Intent::kMissions:
      add(unit->id, 6, 1.0);
      for (const Unit* child : catalog.children(unit->id)) {
        if (out.answers.size() >= max_answers) break;
        add(child->id, 1, 0.5);
      }
      out.confident = true;
      break;
    case Intent::kComposition: {
      auto children = catalog.children(unit->id);
      for (const Unit* child : children) add(child->id, 1, 1.0);
      out.confident = !children.empty();
      break;
    }
    case Intent::kParent: {
      double score = 1.0;
      for (const Unit* p = unit->parent_id.empty() ? nullptr : catalog.unit(unit->parent_id); p;
           p = p->parent_id.empty() ? nullptr : catalog.unit(p->parent_id)) {
        add(p->id, 1, score);
        score *= kRanking.ancestor_decay;
      }
      if (out.answers.empty()) add(Catalog::org_key(unit->org), 1, 1.0);  // directly under the org
      out.confident = true;
      break;
    }
    default: break;
  }
  out.confidence = out.confident ? 1.0 : 0.0;
}

const Org* Answerer::org_named(const std::string& text) const {
  std::string folded = unicode::fold(text);
  // "l'insee", "le SIG", "l'Institut national de la statistique …"
  for (const char* article : {"l'", "l\u2019", "le ", "la ", "les "}) {
    std::string a = unicode::fold(article);
    if (folded.rfind(a, 0) == 0) {
      folded = folded.substr(a.size());
      break;
    }
  }
  while (!folded.empty() && (folded.back() == ' ' || folded.back() == '?')) folded.pop_back();
  for (const Org& org : searcher_.catalog().orgs())
    if (folded == unicode::fold(org.code) || folded == unicode::fold(org.name)) return &org;
  return nullptr;
}

std::vector<std::string> Answerer::subtree(const std::string& unit_id) const {
  std::vector<std::string> out{unit_id};
  for (size_t i = 0; i < out.size(); ++i)
    for (const Unit* c : searcher_.catalog().children(out[i])) out.push_back(c->id);
  return out;
}

std::pair<std::string, std::string> Answerer::unit_scope(const std::string& focus, const std::vector<std::string>& orgs) {
  // The last "à la / au / de la / dans le / au sein de la <type> …" of the focus, when what
  // follows names one unit as well as its own name would, and something is left before it.
  static const std::set<std::string> openers = {"a", "au", "aux", "dans", "chez", "aupres", "sein", "pour", "de", "du", "des"};
  static const std::set<std::string> articles = {"la", "le", "les", "l"};
  const auto& types = type_of_stem(searcher_.analyzer());
  auto tokens = searcher_.analyzer().tokenize(focus);
  for (size_t i = tokens.size(); i-- > 1;) {
    if (!types.count(tokens[i].stem) || tokens[i].word == "sous") continue;
    size_t j = i;
    if (j > 0 && articles.count(tokens[j - 1].word)) --j;
    if (j == 0 || !openers.count(tokens[j - 1].word)) continue;
    size_t begin = tokens[j - 1].begin;
    std::string rest = focus.substr(0, begin);
    std::string named = focus.substr(tokens[i].begin);
    // "sous-direction" is one mention: start at "sous".
    if (i > 0 && tokens[i - 1].word == "sous" && tokens[i - 1].end + 1 >= tokens[i].begin) named = focus.substr(tokens[i - 1].begin);
    if (rest.find_first_not_of(" ") == std::string::npos) return {};
    double score = 0;
    auto ids = resolve_units(named, orgs, "", false, "", &score);
    if (ids.size() == 1 && score >= kRanking.resolve_identifying + kRanking.resolve_type_match) return {ids.front(), rest};
    return {};  // the last mention decides: an earlier one is part of what is asked
  }
  return {};
}

AnswerSet Answerer::ask(const std::string& question, size_t max_answers, bool repair) {
  if (unicode::first_invalid_utf8(question)) throw BadRequest("the question is not valid UTF-8 text");
  std::string q = unicode::nfc(unicode::sanitize(question));
  if (q.find_first_not_of(" \t\n\r") == std::string::npos) throw BadRequest("the question is empty");
  if (unicode::length(q) > kMaxQuestionChars)
    throw BadRequest("the question is too long (" + std::to_string(unicode::length(q)) + " characters, at most " +
                     std::to_string(kMaxQuestionChars) + ")");
  AnswerSet out;
  out.query = q;
  out.parsed = parse_question(q, searcher_.catalog());
  out.intent = out.parsed.intent;
  // The parser's focus is folded; the words are analysed as typed, so that the dictionary knows
  // "Ukraine" and the thesaurus finds "crèche".
  const FrenchAnalyzer& analyzer = searcher_.analyzer();
  std::string asked = out.parsed.focus.empty() ? q : analyzer.as_typed(q, out.parsed.focus);
  // "… au ministère des sports" in an index without it: the org context is then part of what is
  // asked, not a filter, and its words go back into the question, where a word the index does
  // not know counts against the confidence (the answer would be another org's unit).
  if ((out.intent == Intent::kResponsibility || out.intent == Intent::kSearch) && out.parsed.orgs.empty() &&
      !out.parsed.org_context.empty()) {
    resolve_org_context(out);
    if (!out.unindexed_org.empty()) asked += " " + out.unindexed_org;
  }
  out.analysed = searcher_.analyse(asked, repair);
  mark_predicate(out.analysed, out.parsed.predicate);
  if (!out.parsed.person_role_unit.empty()) {
    answer_person(out);
    return out;
  }
  if (out.intent == Intent::kResponsibility) {
    auto [scope, rest] = unit_scope(out.parsed.focus, out.parsed.orgs);
    if (!scope.empty()) {
      AnalysedQuery narrowed = searcher_.analyse(analyzer.as_typed(q, rest), repair);
      mark_predicate(narrowed, out.parsed.predicate);
      if (!narrowed.empty()) {
        out.scope_unit = scope;
        out.unscoped = std::exchange(out.analysed, std::move(narrowed));
      }
    }
  }
  if (out.intent == Intent::kResponsibility || out.intent == Intent::kSearch) {
    answer_responsibility(out, max_answers);
  } else {
    answer_about_unit(out, max_answers);
  }
  return out;
}

nlohmann::json unit_ref_json(const std::string& unit_key, const Catalog& catalog) {
  if (const Unit* u = catalog.unit(unit_key)) {
    return {{"id", u->id}, {"name", u->name}, {"type", u->type}, {"org", u->org}, {"path", catalog.path(*u)}};
  }
  const Org* org = catalog.org_for_key(unit_key);
  std::string code = org ? org->code : unit_key;
  return {{"id", unit_key}, {"name", org ? org->name : unit_key}, {"type", schema::kOrgType}, {"org", code},
          {"path", std::vector<std::string>{code}}};
}

nlohmann::json answer_to_json(const AnswerSet& a, const Catalog& catalog) {
  nlohmann::json j;
  j["query"] = a.query;
  j["intent"] = intent_name(a.intent);
  j["confident"] = a.confident;
  j["confidence"] = std::round(a.confidence * 1000) / 1000;
  if (a.ambiguous) j["ambiguous"] = true;
  if (a.asks_person) j["asks_person"] = true;
  if (a.intent == Intent::kResponsibility || a.intent == Intent::kSearch) {
    nlohmann::json signals;
    for (const auto& [name, value] : a.signals.named()) signals[name] = std::round(value * 1000) / 1000;
    j["signals"] = signals;
  }
  if (a.analysed.corrected) j["corrected"] = a.analysed.corrected_text;
  if (!a.unindexed_org.empty()) j["unindexed_org"] = a.unindexed_org;
  j["answers"] = nlohmann::json::array();
  for (const auto& ans : a.answers) {
    nlohmann::json evidence = nlohmann::json::array();
    for (const auto& e : ans.evidence) {
      evidence.push_back({{"passage_id", e.passage.passage_id},
                          {"doc", e.passage.doc},
                          {"section", e.passage.section},
                          {"text", e.passage.text},
                          {"highlighted", e.highlighted}});
    }
    j["answers"].push_back({{"unit", unit_ref_json(ans.unit_key, catalog)}, {"score", ans.score}, {"evidence", evidence}});
  }
  if (!a.confident) {
    j["suggestions"] = nlohmann::json::array();
    for (const auto& s : a.suggestions)
      j["suggestions"].push_back({{"text", s.text}, {"id", s.id}, {"kind", s.kind}, {"org", s.org}, {"type", s.type}});
  }
  return j;
}

void add_suggestions(AnswerSet& answers, const UnitNameIndex& names, const Catalog& catalog) {
  answers.suggestions.clear();
  if (answers.confident) return;
  std::vector<std::string> stems;
  for (const auto& word : answers.analysed.words) stems.push_back(word.stem);
  answers.suggestions = names.related(stems, 5);
  // No unit name shares a word with the question: offer the weak candidates.
  for (size_t i = 0; answers.suggestions.empty() && i < answers.answers.size() && i < 3; ++i) {
    nlohmann::json unit = unit_ref_json(answers.answers[i].unit_key, catalog);
    answers.suggestions.push_back({unit["name"].get<std::string>(), "unit", unit["id"].get<std::string>(),
                                   unit["org"].get<std::string>(), unit["type"].get<std::string>()});
  }
  if (answers.ambiguous) {
    // The candidates themselves are what to choose from.
    answers.suggestions.clear();
    for (const auto& a : answers.answers) {
      nlohmann::json unit = unit_ref_json(a.unit_key, catalog);
      answers.suggestions.push_back({unit["name"].get<std::string>() + " (" + unit["org"].get<std::string>() + ")", "unit",
                                     unit["id"].get<std::string>(), unit["org"].get<std::string>(), unit["type"].get<std::string>()});
    }
  }
}

nlohmann::json search_to_json(const std::string& query, const SearchOptions& options, const SearchResults& results,
                              const Searcher& searcher) {
  nlohmann::json j;
  j["query"] = query;
  j["total"] = results.total;
  j["page"] = options.page;
  j["page_size"] = options.page_size;
  if (results.query.corrected) j["corrected"] = results.query.corrected_text;
  j["facets"] = {{"org", results.org_facets}, {"type", results.type_facets}};
  j["hits"] = nlohmann::json::array();
  auto stems = results.query.highlight_stems();
  auto weights = results.query.stem_weights(searcher.passage_count());
  for (const auto& h : results.hits) {
    std::string text = excerpt(searcher.analyzer(), h.text, weights, kMaxEvidenceBytes);
    j["hits"].push_back({{"passage_id", h.passage_id},
                         {"doc", h.doc},
                         {"section", h.section},
                         {"unit", unit_ref_json(h.unit_key, searcher.catalog())},
                         {"score", std::round(h.weight * 1000) / 1000},
                         {"text", text},
                         {"highlighted", highlight(searcher.analyzer(), text, stems)}});
  }
  return j;
}

}  // namespace quifait
