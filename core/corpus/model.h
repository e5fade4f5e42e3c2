// quifait: the data model shared by the extractor, the index and the Q&A layer.
//
// Org      - an organisation declared per document in corpus/corpus.json (code + full name).
// Unit     - a named part of an org (direction, département, bureau, ...), with a stable id,
//            the name the text gives at its first full mention, its type, its parent (or
//            none: directly under the org) and the other names sentences use for it.
// Passage  - a run of text owned by exactly one unit (or by the org itself when
//            unit_id is empty), with the document and section it came from.
#pragma once
#include <string>
#include <vector>

namespace quifait {

struct DocumentInfo {
  std::string file;      // path relative to the corpus directory
  std::string org;       // org code, e.g. "INSEE"
  std::string org_name;  // full name of the org
  std::string title;
  std::string source;
  std::string date;
  std::string id;        // the id its passages carry (see document_ids); set when read from an index
  std::string url;       // where a reader can open the original (http or https), or empty
};

struct Org {
  std::string code;
  std::string name;
};

struct Unit {
  std::string id;         // stable: "<org>/<slug of the name>", e.g. "insee/departement-des-services-generaux"
  std::string name;       // as the text writes it at its first full mention
  std::string type;       // "département", "division", ... (lower case, accents kept)
  std::string org;        // org code
  std::string parent_id;  // empty: directly under the org
  // "stated": a sentence says it ("X comprend : …", "rattaché à"); "inferred": taken from the
  // unit the text organises or from type rank. parent_evidence: the stating sentence, clipped.
  std::string parent_source;
  std::string parent_evidence;
  std::vector<std::string> aliases;
  std::string doc;        // document of the first mention
  int order = 0;          // order of first mention in the corpus (document order)
};

struct Passage {
  std::string id;       // "<doc>#<n>"
  std::string doc;
  std::string org;
  std::string unit_id;  // empty: owned by the org itself
  std::string section;  // heading path, e.g. "Article 8 › II"
  std::string text;
  int position = 0;     // ordinal of the passage in its document
};

struct OrgTree {
  std::vector<Org> orgs;
  std::vector<Unit> units;        // in order of first mention
  std::vector<Passage> passages;  // in corpus order
};

}  // namespace quifait
