// quifait: understanding a question.
//
// parse_question(text, catalog) detects what is asked *before* stopwords are removed
// (the French stop list contains qui/que/quel), and splits the question into:
//   intent  - responsibility ("qui gère …", "qui s'occupe de …", "à qui s'adresser pour …",
//             "quel bureau …", a bare noun phrase), missions ("quelles sont les missions de X",
//             "que fait X", "quel est le rôle de X"), composition ("que comprend X",
//             "quelles divisions composent X"), parent ("de quelle direction dépend X",
//             "à quel département est rattachée X");
//   focus   - the words that carry the meaning (the frame "qui est responsable de" removed);
//   subject - for missions/composition/parent, the text naming the unit X;
//   type_hint - a unit type asked for ("quel bureau …" -> "bureau");
//   orgs    - org codes named in the question ("à l'INSEE", "au SIG", "linsee").
// Works on lower-cased, accent-folded text, so capitals, missing accents and missing
// apostrophes ("qui soccupe") are understood. The patterns are ICU regular expressions
// (util/regex.h), compiled once (an org's trailer once per org); ICU keeps its backtracking
// state on the heap, so any length of text is read whole. Never throws.
#pragma once
#include <string>
#include <vector>

#include "index/catalog.h"

namespace quifait {

enum class Intent { kResponsibility, kMissions, kComposition, kParent, kSearch };

const char* intent_name(Intent intent);

struct ParsedQuestion {
  Intent intent = Intent::kResponsibility;
  std::string focus;
  std::string subject;
  std::string type_hint;
  std::vector<std::string> orgs;
  // The ministry or administration the question places itself in without naming an org
  // ("… du ministère du travail", "… de l'administration centrale de la justice", "… du
  // gouvernement" -> "travail", "justice", "gouvernement"): removed from the focus, for the
  // answerer to match against the orgs' names and texts.
  std::string org_context;
  // "Qui est le directeur de l'INSEE ?", "qui est la cheffe du bureau des achats" ask for a
  // person, whom the texts do not name: the unit type the role heads (lexicon roles:
  // "direction", "bureau"), with `subject` the unit or org it is of ("l'insee", "des achats").
  std::string person_role_unit;
  // The verb that opens the focus right after a bare interrogative, folded ("qui surveille les
  // banques" -> "surveille", "qui s'intéresse à …" -> "interesse"): as typed, a third-person
  // finite form other than être/avoir (hunspell-fr), followed by a grammatical word (po:mg). Empty
  // when the frame carried the verb ("qui s'occupe de …"), when nothing or a noun follows it
  // ("qui recrute", "qui police municipale"), or when the focus opens otherwise. The asker's
  // wording for "is responsible for"; the confidence signals weigh it apart (qa/confidence.h).
  std::string predicate;
};

ParsedQuestion parse_question(const std::string& text, const Catalog& catalog);

}  // namespace quifait
