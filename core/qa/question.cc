#include "qa/question.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <memory>
#include <set>
#include <string_view>
#include <unordered_map>

#include "analysis/admin_lexicon.h"
#include "analysis/morphology.h"
#include "analysis/unicode.h"
#include "util/regex.h"

namespace quifait {
namespace {

// The unit types of lexicon/administration.json (folded, singular and plural, "sous direction" as
// typed without its hyphen) and the generic words a question uses for a unit ("quelle entité").
std::string type_alternatives() {
  std::vector<std::string> words;
  const AdminLexicon& lexicon = AdminLexicon::standard();
  for (const auto& t : lexicon.unit_types())
    for (const std::string& w : {t.singular, t.plural}) {
      std::string f = unicode::fold(w);
      words.push_back(f);
      if (f.find('-') != std::string::npos) {
        std::string spaced = f;
        std::replace(spaced.begin(), spaced.end(), '-', ' ');
        words.push_back(spaced);
      }
    }
  for (const auto& w : lexicon.words(WordClass::kQuestionUnitWord)) words.push_back(unicode::fold(w));
  // Longest first, so that "sous-direction" wins over "direction".
  std::sort(words.begin(), words.end(), [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  std::string out = "(?:";
  for (size_t i = 0; i < words.size(); ++i) out += (i ? "|" : "") + words[i];
  return out + ")";
}
// Built on first use, not at static initialisation: a missing lexicon is then an error the
// caller reports ("cannot read the administrative lexicon …"), not a terminate before main.
const std::string& unit_types_pattern() {
  static const std::string pattern = type_alternatives();
  return pattern;
}
const std::string kOf = "(?:de la |de l'|de |du |des |d')";
// The lexicon's name adjectives, folded ("generale", "centrale"): a type asked for may carry
// one ("de quelle direction générale relève …").
const std::string& name_adjectives_pattern() {
  static const std::string pattern = [] {
    const auto& folded = AdminLexicon::standard().folded_words(WordClass::kNameAdjective);
    std::vector<std::string> words(folded.begin(), folded.end());
    std::sort(words.begin(), words.end(), [](const std::string& a, const std::string& b) { return a.size() > b.size() || (a.size() == b.size() && a < b); });
    std::string out = "(?:";
    for (size_t i = 0; i < words.size(); ++i) out += (i ? "|" : "") + words[i];
    return out + ")";
  }();
  return pattern;
}

// The lexicon's roles ("directeur général", "cheffe du bureau"), folded, longest first, and the
// unit type each heads.
struct RoleForms {
  std::string alternatives;                     // (?:directeur general|directeur|…)
  std::vector<std::pair<std::string, std::string>> unit_of;  // folded role -> unit type
};
const RoleForms& role_forms() {
  static const RoleForms forms = [] {
    RoleForms f;
    for (const Role& role : AdminLexicon::standard().roles())
      for (const auto& w : role.words) f.unit_of.emplace_back(unicode::fold(w), role.unit_type);
    std::sort(f.unit_of.begin(), f.unit_of.end(), [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
    f.alternatives = "(?:";
    for (size_t i = 0; i < f.unit_of.size(); ++i) f.alternatives += (i ? "|" : "") + Regex::quote(f.unit_of[i].first);
    f.alternatives += ")";
    return f;
  }();
  return forms;
}

// Lower-case, accent-free, one kind of apostrophe, no final punctuation, single spaces;
// dotted acronyms joined ("i.n.s.e.e." -> "insee").
std::string normalise(const std::string& text) {
  std::string f = unicode::fold(unicode::sanitize(text));
  std::string out;
  for (size_t i = 0; i < f.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(f[i]);
    if (f.compare(i, 3, "\u2019") == 0 || f.compare(i, 3, "\u2018") == 0 || f.compare(i, 2, "\u02BC") == 0) {
      out += '\'';
      i += f.compare(i, 2, "\u02BC") == 0 ? 1 : 2;
      continue;
    }
    if (c == '`') c = '\'';
    if (c == '?' || c == '!' || c == ';' || c == '\n' || c == '\t' || c == '"') c = ' ';
    if (f.compare(i, 2, "\u00AB") == 0 || f.compare(i, 2, "\u00BB") == 0) {
      out += ' ';
      ++i;
      continue;
    }
    out += static_cast<char>(c);
  }
  static const Regex acronym(R"(\b([a-z])\.(?=[a-z]\.))");
  out = acronym.replace(out, "$1");
  static const Regex acronym_end(R"(\b((?:[a-z]){2,})\.(\s|$))");
  static const Regex spaces(R"(\s+)");
  out = spaces.replace(out, " ");
  while (!out.empty() && (out.back() == ' ' || out.back() == '.' || out.back() == ',')) out.pop_back();
  while (!out.empty() && out.front() == ' ') out.erase(0, 1);
  return out;
}

// An org's code (folded) and name (normalise()d), memoised: a question is compared with every
// org (875 in the benchmark's corpus), and folding and normalise() run ICU and regular
// expressions. Keyed by the Org's address (cheap to hash), checked against its code and name
// (a freed catalog's address can be reused). Per thread: the cache is not shared.
struct OrgForms {
  std::string source_code, source_name;  // what the forms were computed from
  std::string code, name;
  std::shared_ptr<const Regex> trailer;   // org_trailer(), compiled on first use
};
const OrgForms& org_forms(const Org& org) {
  thread_local std::unordered_map<const Org*, OrgForms> cache;
  auto it = cache.find(&org);
  if (it != cache.end() && it->second.source_code == org.code && it->second.source_name == org.name) return it->second;
  if (cache.size() > 100000) {
    cache.clear();
    it = cache.end();
  }
  OrgForms forms{org.code, org.name, unicode::fold(org.code), normalise(org.name)};
  if (it != cache.end()) {
    it->second = std::move(forms);
    return it->second;
  }
  return cache.emplace(&org, std::move(forms)).first->second;
}

// The org named at the end of a question ("… à l'INSEE", "… du service d'information du
// Gouvernement"), to strip from its focus; compiled once per org.
const Regex& org_trailer(const Org& org) {
  const OrgForms& forms = org_forms(org);
  if (!forms.trailer) {
    std::string alternatives = forms.code + (forms.name.size() > 6 ? "|" + Regex::quote(forms.name) : std::string());
    const_cast<OrgForms&>(forms).trailer = std::make_shared<const Regex>(
        "\\s*(?:(?:a |au |aux |de |du |des |pour |chez |dans |par )(?:l'|l |la |le )?|[ld]'?)?(?:" + alternatives + ")$");
  }
  return *forms.trailer;
}

bool is_code_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// The question names the org code as a word, possibly glued to an elided article:
// (^|[^a-z0-9])(?:[ld]'?)?CODE(?=$|[^a-z0-9]) without compiling a regex per org.
bool names_code(const std::string& s, const std::string& code) {
  if (code.empty()) return false;
  for (size_t pos = s.find(code); pos != std::string::npos; pos = s.find(code, pos + 1)) {
    size_t end = pos + code.size();
    if (end < s.size() && is_code_char(s[end])) continue;
    auto boundary = [&](size_t b) { return b == 0 || !is_code_char(s[b - 1]); };  // b: start of the match
    if (boundary(pos)) return true;
    if (pos >= 1 && (s[pos - 1] == 'l' || s[pos - 1] == 'd') && boundary(pos - 1)) return true;
    if (pos >= 2 && s[pos - 1] == '\'' && (s[pos - 2] == 'l' || s[pos - 2] == 'd') && boundary(pos - 2)) return true;
  }
  return false;
}

bool starts_with_unit(const std::string& s) {
  static const Regex unit("^(?:le |la |l'|les |au |du |un |une )?" + unit_types_pattern() + "\\b");
  return unit.search(s);
}

// "bureaux" -> "bureau", "sous directions" -> "sous-direction"; "" for the generic words.
std::string singular_type(const std::string& word) {
  std::string w = word;
  std::replace(w.begin(), w.end(), ' ', '-');
  const TypeWord* t = AdminLexicon::standard().type_word(w);
  return t ? t->type->singular : "";
}

}  // namespace

const char* intent_name(Intent intent) {
  switch (intent) {
    case Intent::kResponsibility: return "responsibility";
    case Intent::kMissions: return "missions";
    case Intent::kComposition: return "composition";
    case Intent::kParent: return "parent";
    case Intent::kSearch: return "search";
  }
  return "responsibility";
}

// What may open a question before its frame ("bonjour, qui …") and the interrogatives that ask
// for whoever does something: the frame regex and the opening-verb rule share them.
constexpr const char* kGreetings = "^(?:(?:mais|alors|bonjour|svp|s'il vous plait)(?:\\s*,\\s*|\\s+))*";
constexpr const char* kInterrogatives =
    "a qui|aupres de qui|vers qui|qui|c'est qui|je cherche qui|je voudrais savoir qui|savez-vous qui";

// The frame of a question that was only its interrogative ("qui ", "bonjour, à qui ").
const Regex& bare_interrogative() {
  static const Regex re(std::string(kGreetings) + "(?:" + kInterrogatives + ")\\s*$");
  return re;
}

// The words of `text` in lower case with their accents, cut at spaces and punctuation, an elided
// pronoun or article dropped ("s'intéresse" -> "intéresse").
std::vector<std::string> typed_words(const std::string& text) {
  std::vector<std::string> out;
  std::string lower = unicode::lower(unicode::sanitize(text)), word;
  auto flush = [&] {
    if (!word.empty()) out.push_back(std::move(word));
    word.clear();
  };
  for (size_t i = 0; i < lower.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(lower[i]);
    bool apostrophe = c == '\'' || lower.compare(i, 3, "\u2019") == 0;
    if (apostrophe) {
      word.clear();  // the elided word before it
      if (c != '\'') i += 2;
      continue;
    }
    if (c < 0x80 && !std::isalnum(c) && c != '-') flush();
    else word += static_cast<char>(c);
  }
  flush();
  return out;
}

// "qui surveille les banques" -> "surveille": the focus's first word (after a reflexive "se",
// an elision dropped) when, as the asker typed it, it is the third person of a finite verb
// other than être or avoir, and a grammatical word (hunspell-fr's po:mg: "les", "que",
// "contre", "à") follows it. That excludes nouns that are also verb forms used as nouns ("qui
// police municipale"), a word alone ("qui recrute") and modals before an infinitive ("qui peut
// m'aider"). Empty otherwise, or when the dictionary cannot be loaded.
std::string opening_verb(const std::string& focus, const std::string& text) {
  const std::vector<std::string> words = typed_words(focus);
  size_t first = !words.empty() && words[0] == "se" ? 1 : 0;
  if (first + 1 >= words.size()) return "";
  const std::string& verb = words[first];
  const std::string& next_folded = words[first + 1];
  try {
    const Morphology& morphology = Morphology::standard();
    // The two words as typed, with their accents: "délégué" is not "délègue", "à" is not "a".
    std::string typed = verb, next = next_folded;
    std::vector<std::string> typed_text = typed_words(text);
    for (size_t j = 0; j + 1 < typed_text.size(); ++j)
      if (unicode::fold(typed_text[j]) == verb && unicode::fold(typed_text[j + 1]) == next_folded) {
        typed = typed_text[j];
        next = typed_text[j + 1];
        break;
      }
    auto readings = [&](const std::string& w) {
      return morphology.knows(w) ? std::vector<std::string>{w} : morphology.spellings(w);
    };
    std::vector<std::string> verb_forms = readings(typed), next_forms = readings(next);
    bool finite = std::any_of(verb_forms.begin(), verb_forms.end(), [&](const std::string& w) {
      WordAnalysis a = morphology.analyse(w);
      return a.finite_verb && !a.auxiliary;
    });
    bool before_function_word =
        std::any_of(next_forms.begin(), next_forms.end(), [&](const std::string& w) { return morphology.analyse(w).function_word; }) ||
        AdminLexicon::standard().folded_words(WordClass::kPreposition).count(next_folded) > 0;
    return finite && before_function_word ? verb : "";
  } catch (const std::exception&) {
    return "";  // no dictionary: no predicate, as for any word it does not know
  }
}

ParsedQuestion parse_question(const std::string& text, const Catalog& catalog) {
  ParsedQuestion q;
  // At most kMaxQuestionChars (500) characters reach here from the server and the CLI; the
  // ICU matcher needs no cut for longer text (the fuzzers send 4 KB).
  std::string s = normalise(text);

  // Orgs named in the question: code ("insee", glued "linsee", one typo "insse"), or full name.
  std::vector<const Regex*> org_trailers;
  std::vector<std::string> words;  // the [a-z0-9]+ runs of the question
  for (size_t i = 0; i < s.size();) {
    if (!is_code_char(s[i])) { ++i; continue; }
    size_t j = i;
    while (j < s.size() && is_code_char(s[j])) ++j;
    words.push_back(s.substr(i, j - i));
    i = j;
  }
  for (const auto& org : catalog.orgs()) {
    const OrgForms& forms = org_forms(org);
    const std::string& code = forms.code;
    const std::string& name = forms.name;
    bool named = names_code(s, code) || (name.size() > 6 && s.find(name) != std::string::npos);
    if (!named && code.size() >= 4) {
      // One-letter typo on a long enough code: "insse", "insée".
      for (auto it = words.begin(); it != words.end() && !named; ++it) {
        std::string_view w = *it;
        if (w.size() > 2 && (w[0] == 'l' || w[0] == 'd') && w.size() == code.size() + 1) w.remove_prefix(1);
        if (w.size() + 1 < code.size() || w.size() > code.size() + 1 || w == code) continue;
        // Levenshtein distance <= 1.
        size_t i = 0, j = 0, edits = 0;
        while (i < w.size() && j < code.size() && edits <= 1) {
          if (w[i] == code[j]) { ++i; ++j; continue; }
          ++edits;
          if (w.size() > code.size()) ++i;
          else if (w.size() < code.size()) ++j;
          else { ++i; ++j; }
        }
        edits += (w.size() - i) + (code.size() - j);
        named = edits == 1;
      }
    }
    if (!named) continue;
    q.orgs.push_back(org.code);
    org_trailers.push_back(&org_trailer(org));
  }
  auto strip_orgs = [&](std::string text) {
    for (const Regex* re : org_trailers) {
      std::string stripped = re->replace(text, "");
      if (stripped.find_first_not_of(' ') != std::string::npos) text = stripped;
    }
    return text;
  };

  RegexMatch m;
  static const Regex missions1("^(?:quelles? (?:sont|est) )?(?:les |la |le )?(?:missions?|attributions?|competences?|roles?|taches?|fonctions?|activites?)(?: principales?)? " + kOf + "(.+)$");
  static const Regex missions2("^(?:que|qu'est-ce que|qu'est ce que|qu est ce que|qu'est-ce qu'|quest ce que) (?:fait|font|fais) (.+)$");
  static const Regex missions3("^(?:a quoi sert|a quoi servent|c'est quoi|quel est le role (?:de la|de l'|de|du|des|d'))\\s*(.+)$");
  static const Regex missions4("^(?:de quoi|de quelles? questions?) (?:s'occupe|soccupe|s occupe|s'occupent|est charge|est chargee|sont charges) (.+)$");
  static const Regex composition1("^(?:que|qu'est-ce que|qu'est ce que|qu est ce que|quest ce que) (?:comprend|comprennent|comporte|regroupe|contient) (.+)$");
  // "quels bureaux composent X", "quels bureaux et cellules composent X" (several types: no hint).
  static const Regex composition2("^(?:quels|quelles|quel|quelle) (?:sont )?(?:les )?(" + unit_types_pattern() + "(?:(?:, | et | ou )(?:les )?" + unit_types_pattern() + ")*) (?:qui )?(?:composent|constituent|forment|compose|constitue|forme|font partie " + kOf + "|sont rattache(?:e|es|s)? (?:a |au |aux )|dependent " + kOf + "|de |du |des |d')(.+)$");
  static const Regex composition3("^(?:de quoi|comment) (?:se compose|se composent|est compose|est composee|est organise|est organisee|est structure|est structuree) (.+)$");
  static const Regex composition4("^(?:quelle est |quelle )?(?:la )?(?:composition|organisation|structure|liste des (?:" + unit_types_pattern() + ")) " + kOf + "(.+)$");
  static const Regex composition5("^(.+) (?:comprend|comporte|regroupe) (?:quoi|quelles? \\S+|quels? \\S+)$");
  static const Regex parent1("^(?:de|a|dans|sous) (?:quel|quelle|quels|quelles|qui)(?: (" + unit_types_pattern() + ")(?: " + name_adjectives_pattern() + ")?)? (?:depend|dependent|releve|relevent|est rattache(?:e|s|es)?|sont rattache(?:e|s|es)?|appartient|appartiennent|se trouve|se trouvent|est place(?:e)?|est|sont) (.+)$");
  static const Regex parent2("^(.+) (?:depend|dependent|releve|relevent|est rattache(?:e|s|es)?|sont rattache(?:e|s|es)?|appartient) (?:de|a|au|aux|du) (?:qui|quoi|quel|quelle)\\b.*$");
  static const Regex parent3("^(?:quel|quelle) est (?:le |la )?(?:parent|tutelle|rattachement|direction de rattachement|structure de rattachement|" + unit_types_pattern() + " de rattachement) " + kOf + "(.+)$");
  static const Regex parent4("^qui (?:chapeaute|supervise|dirige|encadre) (.+)$");

  auto set = [&](Intent intent, const std::string& subject) {
    q.intent = intent;
    q.subject = subject;
    q.focus = subject;
  };
  if (missions1.match(s, &m) || missions2.match(s, &m) || missions3.match(s, &m)) {
    set(Intent::kMissions, m[1]);
    return q;
  }
  if (missions4.match(s, &m) && starts_with_unit(m[1])) {
    set(Intent::kMissions, m[1]);
    return q;
  }
  if (composition1.match(s, &m) || composition3.match(s, &m) || composition4.match(s, &m)) {
    set(Intent::kComposition, m[1]);
    return q;
  }
  if (composition2.match(s, &m)) {
    set(Intent::kComposition, m[2]);
    q.type_hint = singular_type(m[1]);
    return q;
  }
  if (composition5.match(s, &m) && starts_with_unit(m[1])) {
    set(Intent::kComposition, m[1]);
    return q;
  }
  if (parent1.match(s, &m)) {
    set(Intent::kParent, m[2]);
    if (m.matched[1]) q.type_hint = singular_type(m[1]);
    return q;
  }
  if (parent3.match(s, &m) || (parent2.match(s, &m) && starts_with_unit(m[1])) ||
      (parent4.match(s, &m) && starts_with_unit(m[1]))) {
    set(Intent::kParent, m[1]);
    return q;
  }

  // A person asked for by the role ("qui est le directeur de l'insee", "comment s'appelle la
  // cheffe du bureau des achats"): the texts name units, not people.
  static const Regex person("^(?:qui (?:est|sont|etait)|comment s'appelle|comment s'appellent|quel est le nom (?:du|de la|de l')|"
                            "quel est le nom de)\\s*(?:le |la |l'|les )?(" + role_forms().alternatives + ")\\b\\s*(.*)$");
  if (person.match(s, &m)) {
    for (const auto& [role, unit] : role_forms().unit_of)
      if (role == m[1]) {
        q.intent = Intent::kResponsibility;
        q.person_role_unit = unit;
        static const Regex genitive("^" + kOf);
        q.subject = genitive.replace(strip_orgs(m[2]), "", /*all=*/false);
        q.focus = q.subject;
        return q;
      }
  }

  // Responsibility: remove the question frame, keep what is asked about.
  q.intent = Intent::kResponsibility;
  static const Regex type_frame("^(?:a |aupres de |vers )?(?:quel|quelle|quels|quelles) (" + unit_types_pattern() + ")\\b(?: " + name_adjectives_pattern() + "\\b)?\\s*");
  const bool asks_type = type_frame.search(s, &m);
  if (asks_type) {
    q.type_hint = singular_type(m[1]);
    if (q.type_hint == "service") q.type_hint.clear();  // "quel service" asks for any unit
    s = m.suffix;
  }
  s = strip_orgs(s);
  if (q.orgs.empty()) {
    static const Regex context(
        "\\s*(?:(?:a|au|aux|de|du|des|pour|dans|chez) )?(?:l'|le |la |les )?(?:ministere|administration centrale)"
        "(?: de la | de l'| du | des | de | d'| )([a-z][a-z-]*(?: (?:et |de la |de l'|des |du |de )?[a-z][a-z-]*){0,2})$");
    static const Regex government("\\s*(?:(?:a|au|de|du|pour|dans) )?(?:le |l')?gouvernement$");
    // The ministry named inside the question, where the asker describes a situation ("un agent
    // du ministere de l'interieur est poursuivi : qui le defend ?"): its name stops at the first
    // word that is not coordinated with it, since what follows is the question's own words.
    static const Regex context_inside(
        "\\s*(?:(?:a|au|aux|de|du|des|pour|dans|chez) )(?:l'|le |la |les )?(?:ministere|administration centrale)"
        "(?: de la | de l'| du | des | de | d')([a-z][a-z-]*(?: et (?:de la |de l'|des |du |de )?[a-z][a-z-]*)?)\\b");
    if (context.search(s, &m) && !m.prefix.empty()) {
      q.org_context = m[1];
      s = m.prefix;
    } else if (context_inside.search(" " + s, &m) && !m.suffix.empty()) {
      q.org_context = m[1];
      s = m.prefix + m.suffix;
      s.erase(0, std::min(s.size(), s.find_first_not_of(" ,;:")));
    } else if (government.search(s, &m) && !m.prefix.empty()) {
      q.org_context = "gouvernement";
      s = m.prefix;
    }
  }
  static const Regex frames(
      std::string(kGreetings) +
      "(?:(?:" + std::string(kInterrogatives) + "|ou|comment)\\b\\s*)?"
      "(?:(?:dois-je|doit-on|faut-il|peut-on|puis-je|je dois|on doit|il faut|dois je|faut il|peut on|puis je) )?"
      "(?:(?:m'|me |s'|se |nous |vous )?(?:adresser|contacter|ecrire|appeler|demander|joindre|solliciter|m'adresser|sadresser|madresser)\\b\\s*)?"
      "(?:(?:est|sont|serait|etait)\\s+)?"
      "(?:(?:le |la |les |l')?(?:responsable|responsables|charge|chargee|charges|chargees|competent|competente|competents|en charge|habilite|referent|interlocuteur)\\b\\s*)?"
      "(?:(?:s'occupe|s'occupent|soccupe|soccupent|s occupe|s occupent|occupe|traite|fait|font|faire)\\b\\s*)?"
      "(?:(?:de la|de l'|de|du|des|d'|pour|sur|en matiere de|concernant|au sujet de|dans|a propos de|pour la|pour le|pour les)\\b\\s*)?");
  std::string framed = s;
  s = frames.replace(s, "", /*all=*/false);
  q.focus = s;
  // "qui surveille …", and "quel bureau gère …" (the type asked for was the interrogative).
  if ((asks_type && framed == s) ||
      (framed.size() > s.size() && bare_interrogative().search(framed.substr(0, framed.size() - s.size()))))
    q.predicate = opening_verb(s, text);
  return q;
}

}  // namespace quifait
