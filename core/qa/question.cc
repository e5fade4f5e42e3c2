#include "qa/question.h"

#include <algorithm>
#include <map>
#include <regex>
#include <set>
#include <string_view>
#include <unordered_map>

#include "analysis/admin_lexicon.h"
#include "analysis/unicode.h"

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
const std::string kTypes = type_alternatives();
const std::string kOf = "(?:de la |de l'|de |du |des |d')";

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
  static const std::regex acronym(R"(\b([a-z])\.(?=[a-z]\.))");
  out = std::regex_replace(out, acronym, "$1");
  static const std::regex acronym_end(R"(\b((?:[a-z]){2,})\.(\s|$))");
  static const std::regex spaces(R"(\s+)");
  out = std::regex_replace(out, spaces, " ");
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
  static const std::regex unit("^(?:le |la |l'|les |au |du |un |une )?" + kTypes + "\\b");
  return std::regex_search(s, unit);
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

ParsedQuestion parse_question(const std::string& text, const Catalog& catalog) {
  ParsedQuestion q;
  // std::regex matches recursively, one stack frame chain per character: on ~10 KB it
  // overflows the stack. A question is at most kMaxQuestionChars (500) characters, <= 2,000
  // bytes; read no more than that much (cut on a character boundary).
  constexpr size_t kMaxBytes = 2048;
  size_t cut = std::min(text.size(), kMaxBytes);
  while (cut < text.size() && cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  std::string s = normalise(text.size() > kMaxBytes ? text.substr(0, cut) : text);

  // Orgs named in the question: code ("insee", glued "linsee", one typo "insse"), or full name.
  std::vector<std::regex> org_trailers;
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
    static const std::regex special(R"([.^$|()\[\]{}*+?\\])");
    std::string escaped_name = std::regex_replace(name, special, "\\$&");
    q.orgs.push_back(org.code);
    org_trailers.emplace_back("\\s*(?:(?:a |au |aux |de |du |des |pour |chez |dans |par )(?:l'|l |la |le )?|[ld]'?)?(?:" + code +
                              (name.size() > 6 ? "|" + escaped_name : std::string()) + ")$");
  }
  auto strip_orgs = [&](std::string text) {
    for (const auto& re : org_trailers) {
      std::string stripped = std::regex_replace(text, re, "");
      if (stripped.find_first_not_of(' ') != std::string::npos) text = stripped;
    }
    return text;
  };

  std::smatch m;
  static const std::regex missions1("^(?:quelles? (?:sont|est) )?(?:les |la |le )?(?:missions?|attributions?|competences?|roles?|taches?|fonctions?|activites?)(?: principales?)? " + kOf + "(.+)$");
  static const std::regex missions2("^(?:que|qu'est-ce que|qu'est ce que|qu est ce que|qu'est-ce qu'|quest ce que) (?:fait|font|fais) (.+)$");
  static const std::regex missions3("^(?:a quoi sert|a quoi servent|c'est quoi|quel est le role (?:de la|de l'|de|du|des|d'))\\s*(.+)$");
  static const std::regex missions4("^(?:de quoi|de quelles? questions?) (?:s'occupe|soccupe|s occupe|s'occupent|est charge|est chargee|sont charges) (.+)$");
  static const std::regex composition1("^(?:que|qu'est-ce que|qu'est ce que|qu est ce que|quest ce que) (?:comprend|comprennent|comporte|regroupe|contient) (.+)$");
  static const std::regex composition2("^(?:quels|quelles|quel|quelle) (?:sont )?(?:les )?(" + kTypes + ") (?:qui )?(?:composent|constituent|forment|compose|constitue|forme|font partie " + kOf + "|sont rattache(?:e|es|s)? (?:a |au |aux )|dependent " + kOf + "|de |du |des |d')(.+)$");
  static const std::regex composition3("^(?:de quoi|comment) (?:se compose|se composent|est compose|est composee|est organise|est organisee|est structure|est structuree) (.+)$");
  static const std::regex composition4("^(?:quelle est |quelle )?(?:la )?(?:composition|organisation|structure|liste des (?:" + kTypes + ")) " + kOf + "(.+)$");
  static const std::regex composition5("^(.+) (?:comprend|comporte|regroupe) (?:quoi|quelles? \\S+|quels? \\S+)$");
  static const std::regex parent1("^(?:de|a|dans|sous) (?:quel|quelle|quels|quelles|qui)(?: (" + kTypes + "))? (?:depend|dependent|releve|relevent|est rattache(?:e|s|es)?|sont rattache(?:e|s|es)?|appartient|appartiennent|se trouve|se trouvent|est place(?:e)?|est|sont) (.+)$");
  static const std::regex parent2("^(.+) (?:depend|dependent|releve|relevent|est rattache(?:e|s|es)?|sont rattache(?:e|s|es)?|appartient) (?:de|a|au|aux|du) (?:qui|quoi|quel|quelle)\\b.*$");
  static const std::regex parent3("^(?:quel|quelle) est (?:le |la )?(?:parent|tutelle|rattachement|direction de rattachement|structure de rattachement|" + kTypes + " de rattachement) " + kOf + "(.+)$");
  static const std::regex parent4("^qui (?:chapeaute|supervise|dirige|encadre) (.+)$");

  auto set = [&](Intent intent, const std::string& subject) {
    q.intent = intent;
    q.subject = subject;
    q.focus = subject;
  };
  if (std::regex_match(s, m, missions1) || std::regex_match(s, m, missions2) || std::regex_match(s, m, missions3)) {
    set(Intent::kMissions, m[1]);
    return q;
  }
  if (std::regex_match(s, m, missions4) && starts_with_unit(m[1])) {
    set(Intent::kMissions, m[1]);
    return q;
  }
  if (std::regex_match(s, m, composition1) || std::regex_match(s, m, composition3) || std::regex_match(s, m, composition4)) {
    set(Intent::kComposition, m[1]);
    return q;
  }
  if (std::regex_match(s, m, composition2)) {
    set(Intent::kComposition, m[2]);
    q.type_hint = singular_type(m[1]);
    return q;
  }
  if (std::regex_match(s, m, composition5) && starts_with_unit(m[1])) {
    set(Intent::kComposition, m[1]);
    return q;
  }
  if (std::regex_match(s, m, parent1)) {
    set(Intent::kParent, m[2]);
    if (m[1].matched) q.type_hint = singular_type(m[1]);
    return q;
  }
  if (std::regex_match(s, m, parent3) || (std::regex_match(s, m, parent2) && starts_with_unit(m[1])) ||
      (std::regex_match(s, m, parent4) && starts_with_unit(m[1]))) {
    set(Intent::kParent, m[1]);
    return q;
  }

  // Responsibility: remove the question frame, keep what is asked about.
  q.intent = Intent::kResponsibility;
  static const std::regex type_frame("^(?:a |aupres de |vers )?(?:quel|quelle|quels|quelles) (" + kTypes + ")\\b\\s*");
  if (std::regex_search(s, m, type_frame)) {
    q.type_hint = singular_type(m[1]);
    if (q.type_hint == "service") q.type_hint.clear();  // "quel service" asks for any unit
    s = m.suffix();
  }
  s = strip_orgs(s);
  if (q.orgs.empty()) {
    static const std::regex context(
        "\\s*(?:(?:a|au|aux|de|du|des|pour|dans|chez) )?(?:l'|le |la |les )?(?:ministere|administration centrale)"
        "(?: de la | de l'| du | des | de | d'| )([a-z][a-z-]*(?: (?:et |de la |de l'|des |du |de )?[a-z][a-z-]*){0,2})$");
    static const std::regex government("\\s*(?:(?:a|au|de|du|pour|dans) )?(?:le |l')?gouvernement$");
    if (std::regex_search(s, m, context) && m.prefix().length() > 0) {
      q.org_context = m[1];
      s = m.prefix();
    } else if (std::regex_search(s, m, government) && m.prefix().length() > 0) {
      q.org_context = "gouvernement";
      s = m.prefix();
    }
  }
  static const std::regex frames(
      "^(?:(?:mais |alors |bonjour |svp |s'il vous plait )*)"
      "(?:(?:a qui|aupres de qui|vers qui|qui|ou|comment|c'est qui|je cherche qui|je voudrais savoir qui|savez-vous qui)\\b\\s*)?"
      "(?:(?:dois-je|doit-on|faut-il|peut-on|puis-je|je dois|on doit|il faut|dois je|faut il|peut on|puis je) )?"
      "(?:(?:m'|me |s'|se |nous |vous )?(?:adresser|contacter|ecrire|appeler|demander|joindre|solliciter|m'adresser|sadresser|madresser)\\b\\s*)?"
      "(?:(?:est|sont|serait|etait)\\s+)?"
      "(?:(?:le |la |les |l')?(?:responsable|responsables|charge|chargee|charges|chargees|competent|competente|competents|en charge|habilite|referent|interlocuteur)\\b\\s*)?"
      "(?:(?:s'occupe|s'occupent|soccupe|soccupent|s occupe|s occupent|occupe|traite|fait|font|faire)\\b\\s*)?"
      "(?:(?:de la|de l'|de|du|des|d'|pour|sur|en matiere de|concernant|au sujet de|dans|a propos de|pour la|pour le|pour les)\\b\\s*)?");
  s = std::regex_replace(s, frames, "", std::regex_constants::format_first_only);
  q.focus = s;
  return q;
}

}  // namespace quifait
