// quifait: the one table that describes the Xapian index.
//
// Every passage is one Xapian document. Its data is a JSON object
// {passage_id, doc, org, unit_id, section, text, position}; its terms are:
//
//   prefix  field                     kind      used by
//   Q       passage id                boolean   unique id (replace_document)
//   XU      owning unit key           boolean   unit filter, passages of a unit
//   XO      org code                  boolean   org filter / facet
//   XT      unit type (folded)        boolean   type filter / facet
//   XD      document id               boolean   document filter
//   Z       body stems, positional    free text the body (weight 1)
//   XN      unit name + alias stems   free text the owning unit's own names (strong)
//   XP      ancestor name stems       free text the unit's path (weak)
//   XS      section heading stems     free text the heading above the passage
//   XB      body word pairs           boolean   two successive body words ("stem1 stem2"),
//                                               stopwords skipped, at most 3 positions apart
//
// The owning unit key is the unit id, or the org's slug for passages owned by the org.
// The index has no term list table (Xapian::DB_NO_TERMLIST): nothing reads a passage's terms
// (facets come from the passage -> unit table, index/passage_units.h), and without it the
// build is about 15% faster and the index 20% smaller. Xapian 1.4 cannot open such a
// database for writing: every build writes a new generation.
// Value slots are in ValueSlot. Metadata keys hold the tree and the analysis settings,
// so a searcher always analyses queries exactly as the indexer analysed the text.
#pragma once
#include <string>

namespace quifait::schema {

inline constexpr const char* kUniqueId = "Q";
inline constexpr const char* kUnit = "XU";
inline constexpr const char* kOrg = "XO";
inline constexpr const char* kType = "XT";
inline constexpr const char* kDoc = "XD";
inline constexpr const char* kBody = "Z";
inline constexpr const char* kUnitName = "XN";
inline constexpr const char* kUnitPath = "XP";
inline constexpr const char* kSection = "XS";
inline constexpr const char* kBodyPair = "XB";
// Two body words at most this many positions apart (stopwords count) form a pair term:
// "gestion du parc" and "direction de l'immobilier" do, "gestion financière du parc" does not.
inline constexpr unsigned kPairMaxGap = 3;

// wdf given to each word of a free-text field at index time.
inline constexpr unsigned kBodyWdf = 1;
inline constexpr unsigned kUnitNameWdf = 2;
inline constexpr unsigned kUnitPathWdf = 1;
inline constexpr unsigned kSectionWdf = 1;

enum ValueSlot : unsigned {
  kValueUnit = 0,      // owning unit key: the collapse key for "one result per unit"
  kValuePosition = 1,  // passage ordinal in its document (sortable_serialise)
  kValueDoc = 2,       // document id
};

// Metadata keys.
inline constexpr const char* kMetaFormat = "quifait:format";
inline constexpr const char* kMetaTree = "quifait:tree";
inline constexpr const char* kMetaStopwords = "quifait:stopwords";
inline constexpr const char* kMetaBuild = "quifait:build";
inline constexpr const char* kMetaDocuments = "quifait:documents";  // [{id, file, org, title, source, date, url}]
inline constexpr const char* kFormatVersion = "2";  // 2: body word pairs (XB), no term list

// Type recorded for passages owned by an org itself.
inline constexpr const char* kOrgType = "organisation";

}  // namespace quifait::schema
