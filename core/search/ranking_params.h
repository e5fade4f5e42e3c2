// quifait: every constant that ranks passages and units, named, in one place.
//
// The query side reads them from kRanking; nothing in searcher.cc or answerer.cc is a bare
// ranking literal. The field weights themselves are in the field table (index/schema.h),
// because the builder reads the same table. They were set on the development question sets
// (tests/data/questions-dev, -seeds-paraphrase, -arretes, -calibration-dev) and are checked on
// the held-out ones (tests/data/questions-calibration-heldout, tests/data/heldout*) by
// tests/test_quality.cc and tests/test_confidence.cc: a change here is measured on both.
#pragma once
#include <xapian.h>

#include <cstddef>

namespace quifait {

struct RankingParams {
  // BM25 (Xapian::BM25Weight(k1, k2, k3, b, min_normlen)). k1 1.2 is the classic term-frequency
  // saturation; b 0.5 normalises length only half-way, since a passage is one sentence or one
  // list item and a long one is rarely less relevant; k2 0 (no query-length correction) and
  // k3 1 (a word repeated in the question counts once more at most).
  double bm25_k1 = 1.2, bm25_k2 = 0, bm25_k3 = 1, bm25_b = 0.5, bm25_min_normlen = 0.5;

  // Expansions of a question word, relative to the word typed (1.0).
  double synonym_weight = 0.6;    // lexicon/synonymes.txt: administrative usage
  double thesaurus_weight = 0.3;  // mythes-fr: general synonyms, never outweigh a word typed
  double family_weight = 0.6;     // analysis/word_families.h: "gère" -> "gestion"
  size_t thesaurus_per_word = 6;  // the first synonyms the index holds, in the thesaurus's order
  // Two successive question words that a passage also has next to each other (the XB pair
  // terms) add this share of the two words' typical weight (once each, in a passage of average
  // length): a fixed bonus over the pair's posting list, as OP_NEAR would add.
  double pair_weight = 0.5;
  // An answer's coverage (the share of the question its evidence covers): this share from its
  // best single passage, the rest from all its passages together, so that a unit whose words
  // are scattered over several passages ("la tutelle sur l'Agence de services …" and "… dont
  // elle exerce la tutelle … développement") ranks below one sentence holding the question.
  // Chosen on the fitted question sets (2026-12-02): 0.25 moved arrêtés 0.960 -> 0.969 and
  // calibration-dev 0.864 -> 0.866 and no other fitted set; 0.5 and 1.0 lost calibration-heldout
  // answers (hit@1 0.80 -> 0.77 at 1.0).
  double single_passage_share = 0.25;

  // Unit ranking: the best passages of the whole index, grouped by their unit; at most
  // passages_per_unit counted per unit, the best fully and each next one by passage_decay
  // more (a unit with one strong passage beats one with many weak ones).
  // 50 changed no answer of the quality sets against 100 and cost 6% fewer instructions per
  // question at LEGI 800k (callgrind, 100 benchmark questions); 200 (an earlier value) cost 12%
  // more than 100 at 50k, also with no answer changed. 30 moved one calibration-dev question. candidate_tie_slack more are fetched so that ties at the cut are broken by unit key,
  // not by docid (Searcher::rank_units).
  Xapian::doccount candidate_passages = 50;
  Xapian::doccount candidate_tie_slack = 20;
  size_t passages_per_unit = 4;
  double passage_decay = 0.25;
  // A unit of the type the question asks for ("quel bureau …") weighs this much more.
  double asked_type_boost = 1.3;
  // An answer's score: half its evidence's coverage of the question, half its retrieval
  // weight relative to the first unit's.
  double coverage_share = 0.5;

  // Resolving the unit a question names ("que comprend la sous-direction X"): the F1 of the
  // question's words and the unit's name (or alias), plus or minus the type bonus.
  double resolve_min_score = 0.55;       // below: no unit named
  double resolve_identifying = 0.8;      // every word in the name, one naming no other unit
  double resolve_code = 1.5;             // the unit's code written ("bureau D/3"): above any F1
  double resolve_type_match = 0.2, resolve_type_mismatch = -0.3;
  double resolve_tie = 0.01;             // within this of the best: equally good (ambiguity)
  // "de quelle direction dépend X": each ancestor further up weighs this much less.
  double ancestor_decay = 0.5;
};

inline constexpr RankingParams kRanking{};

}  // namespace quifait
