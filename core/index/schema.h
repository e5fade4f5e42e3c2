// quifait: the one table that describes the Xapian index (format 3).
//
// Every passage is one Xapian document. Its data is the passage record of
// index/passage_record.h (versioned, length-prefixed binary); its terms come from kFields:
//
//   prefix  field           kind      wdf  combined wdf  used by
//   Q       passage id      boolean    -        -        unique id (replace_document)
//   XU      owning unit key boolean    -        -        unit filter, passages of a unit
//   XO      org code        boolean    -        -        org filter / facet ("XO:INSEE")
//   XT      unit type       boolean    -        -        type filter / facet (folded)
//   XD      document id     boolean    -        -        passages of a document
//   XB      body word pairs boolean    -        -        proximity: two successive body words
//                                                        ("gestion parc"), stopwords skipped,
//                                                        at most kPairMaxGap positions apart
//   Z       body stems      free text  1       10        the passage's own words: coverage,
//                                                        completion, spelling
//   ZXN     unit names      free text  2        4        the owning unit's name and aliases:
//                                                        coverage, naming an org
//   -       section heading free text  -        5        the heading path above the passage
//   -       unit path       free text  -        3        the names of the unit's ancestors
//   ZXA     all fields      free text  -        -        every free-text field above, each word
//                                                        with its field's combined wdf: what
//                                                        ranking queries match
//
// Ranking is BM25F-style: a question word is one posting list, ZXA, whose wdf is already the
// sum over the fields of the word's occurrences times the field's weight (in tenths of a body
// word: kCombinedScale), so the term-frequency saturation and the idf apply to the passage as
// a whole, not once per field as a sum of per-field BM25 scores would. A unit name weighs 0.4
// of a body word: names are short and repeated on every passage of the unit, so full weight
// would make the name outweigh what the passage says; they matter most through unit
// resolution. The section heading and the unit path have no prefix of their own: no query
// reads them apart.
//
// No term has positions: nothing reads them (proximity is the XB pair terms, one posting list
// where OP_NEAR would read position lists), and without them a build takes a fifth less CPU
// and the index a third less space. A phrase query from an outside tool matches nothing.
//
// The prefixes follow Xapian's and Omega's conventions, so quest, delve or a QueryParser with
// add_prefix / add_boolean_prefix read the index as it is: "Z" + prefix for a stemmed term
// of a field ("ZXNimmobili"), and a boolean value that starts with a capital gets a ':' after
// its prefix ("XO:INSEE"; boolean_term() writes it).
//
// The owning unit key is the unit id, or the org's slug for passages owned by the org.
// The index has no term list table (Xapian::DB_NO_TERMLIST): nothing reads a passage's terms
// (facets come from the passage -> unit table, index/passage_units.h), and without it the
// build is about 15% faster and the index 20% smaller. Xapian 1.4 cannot open such a
// database for writing: every build writes a new generation.
// Value slots are in ValueSlot. Metadata keys hold the tree and the analysis settings, so a
// searcher analyses queries exactly as the indexer analysed the text; kMetaAnalyzer holds a
// fingerprint of that analysis and of this field table (analyzer_fingerprint()), and an index
// whose fingerprint or format differs from the program's is refused with "rebuild it".
#pragma once
#include <string>
#include <string_view>

namespace quifait::schema {

inline constexpr const char* kUniqueId = "Q";
inline constexpr const char* kUnit = "XU";
inline constexpr const char* kOrg = "XO";
inline constexpr const char* kType = "XT";
inline constexpr const char* kDoc = "XD";
// What kind of passage it is, when not an ordinary one: kClosingFormula for a text's closing
// formula (AdminLexicon::is_closing_formula), which answers never use as evidence.
inline constexpr const char* kKind = "XK";
inline constexpr const char* kClosingFormula = "formula";
inline constexpr const char* kBodyPair = "XB";
inline constexpr const char* kBody = "Z";
inline constexpr const char* kUnitName = "ZXN";
inline constexpr const char* kAllFields = "ZXA";

enum class FieldKind { kBoolean, kFreeText };

// The wdf of one body word in the combined field: the unit the combined wdfs are written in.
inline constexpr unsigned kCombinedScale = 10;

// The table above, for code that walks the fields (the documentation, the fingerprint) and
// for the weights: the builder and the query side read them from here.
struct Field {
  const char* name;
  const char* prefix;     // nullptr: indexed only in the combined field
  FieldKind kind;
  unsigned wdf;           // free text with a prefix: wdf of each word in the field's own terms
  unsigned combined_wdf;  // free text: wdf of each word in kAllFields (kCombinedScale = a body word)
};
inline constexpr Field kFields[] = {
    {"passage id", kUniqueId, FieldKind::kBoolean, 0, 0},
    {"owning unit", kUnit, FieldKind::kBoolean, 0, 0},
    {"org code", kOrg, FieldKind::kBoolean, 0, 0},
    {"unit type", kType, FieldKind::kBoolean, 0, 0},
    {"document", kDoc, FieldKind::kBoolean, 0, 0},
    {"passage kind", kKind, FieldKind::kBoolean, 0, 0},
    {"body word pairs", kBodyPair, FieldKind::kBoolean, 0, 0},
    {"body", kBody, FieldKind::kFreeText, 1, kCombinedScale},
    {"unit names", kUnitName, FieldKind::kFreeText, 2, 4},
    {"section heading", nullptr, FieldKind::kFreeText, 0, 5},
    {"unit path", nullptr, FieldKind::kFreeText, 0, 3},
};
// The field called `name` in kFields (a compile-time lookup: an unknown name does not compile
// where the result is constexpr).
constexpr const Field& field(std::string_view name) {
  for (const Field& f : kFields)
    if (std::string_view(f.name) == name) return f;
  throw "no such field in schema::kFields";
}
inline constexpr const Field& kBodyField = field("body");
inline constexpr const Field& kUnitNameField = field("unit names");
inline constexpr const Field& kSectionField = field("section heading");
inline constexpr const Field& kUnitPathField = field("unit path");

// A boolean term, with Xapian's ':' when the value starts with a capital: "XO:INSEE",
// "XUinsee/departement-…".
inline std::string boolean_term(const char* prefix, std::string_view value) {
  std::string t(prefix);
  if (!value.empty() && value[0] >= 'A' && value[0] <= 'Z') t.push_back(':');
  t.append(value);
  return t;
}

// Two body words at most this many positions apart (stopwords count) form a pair term:
// "gestion du parc" and "direction de l'immobilier" do, "gestion financière du parc" does not.
inline constexpr unsigned kPairMaxGap = 3;

enum ValueSlot : unsigned {
  kValueUnit = 0,      // owning unit key: read into the passage -> unit table (PassageUnits)
  kValuePosition = 1,  // passage ordinal in its document (sortable_serialise)
  kValueDoc = 2,       // document id
};

// Metadata keys.
inline constexpr const char* kMetaFormat = "quifait:format";
inline constexpr const char* kMetaTree = "quifait:tree";
inline constexpr const char* kMetaStopwords = "quifait:stopwords";
inline constexpr const char* kMetaBuild = "quifait:build";
inline constexpr const char* kMetaDocuments = "quifait:documents";  // [{id, file, org, title, source, date, url}]
inline constexpr const char* kMetaAnalyzer = "quifait:analyzer";  // analyzer_fingerprint() at build time
// The spelling table ("word\tfrequency" lines) and the synonym table ("key\tvalue" lines) again,
// as metadata: Xapian's remote protocol serves neither table, and a front node over remote
// shards rebuilds them from these (index/shards.h).
inline constexpr const char* kMetaSpelling = "quifait:spelling";
// The owning unit of every passage, in docid order: the unit keys, one per line, then a line
// "#", then one key ordinal per passage (space-separated). A front node over remote shards
// reads this in one exchange, where the unit value stream costs a round trip per passage.
inline constexpr const char* kMetaUnitTable = "quifait:units";
inline constexpr const char* kMetaSynonyms = "quifait:synonyms";
// 2: body word pairs (XB), no term list. 3: Xapian's prefix conventions (ZXN, XO:INSEE), the
// analyzer fingerprint, the combined field (ZXA), no positions. A format-3 index built before the combined
// field has another field table, hence another fingerprint, and is refused as well.
inline constexpr const char* kFormatVersion = "3";

// Type recorded for passages owned by an org itself.
inline constexpr const char* kOrgType = "organisation";

}  // namespace quifait::schema
