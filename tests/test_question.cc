// qa/question.h: intent, focus, subject, type hint and orgs of a question.
#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

#include "analysis/unicode.h"
#include "index/catalog.h"
#include "qa/question.h"

using namespace quifait;

namespace {

const Catalog& test_catalog() {
  static const Catalog catalog = [] {
    std::vector<Org> orgs = {{"INSEE", "Institut national de la statistique et des études économiques"},
                             {"SIG", "Service d'information du Gouvernement"},
                             {"SSP", "Service statistique public"}};
    auto unit = [](std::string id, std::string name, std::string type, std::string org, std::string parent) {
      Unit u;
      u.id = std::move(id);
      u.name = std::move(name);
      u.type = std::move(type);
      u.org = std::move(org);
      u.parent_id = std::move(parent);
      return u;
    };
    std::vector<Unit> units = {
        unit("insee/secretariat-general", "secrétariat général", "secrétariat", "INSEE", ""),
        unit("insee/departement-des-services-generaux", "département des services généraux", "département", "INSEE",
             "insee/secretariat-general"),
        unit("insee/departement-insee-info-service", "département « INSEE Info service »", "département", "INSEE", ""),
        unit("insee/division-grands-comptes", "division « grands comptes »", "division", "INSEE",
             "insee/departement-insee-info-service"),
        unit("sig/departement-redaction", "département Rédaction", "département", "SIG", ""),
        unit("sig/cellule-crise", "cellule chargée de la communication de crise", "cellule", "SIG", ""),
    };
    return Catalog(orgs, units);
  }();
  return catalog;
}

std::string folded(const std::string& s) { return unicode::fold(s); }

}  // namespace

TEST_CASE("parse_question reads the intent of every question form", "[question]") {
  struct Case {
    const char* question;
    Intent intent;
    const char* about;      // folded fragment the subject (about-unit intents) or focus must contain
    const char* type_hint;  // expected type hint ("" for none)
  };
  const std::vector<Case> cases = {
      // Responsibility.
      {"qui est responsable de la gestion du parc immobilier ?", Intent::kResponsibility, "gestion du parc immobilier", ""},
      {"Qui s'occupe de la paie des agents ?", Intent::kResponsibility, "paie des agents", ""},
      {"Qui s\u2019occupe de la paie des agents ?", Intent::kResponsibility, "paie des agents", ""},
      {"qui soccupe du site web de linsee", Intent::kResponsibility, "site web", ""},
      {"à qui s'adresser pour une question de retraite ?", Intent::kResponsibility, "retraite", ""},
      {"A QUI S'ADRESSER POUR LES CONGES", Intent::kResponsibility, "conges", ""},
      {"Quel bureau gère les concours ?", Intent::kResponsibility, "concours", "bureau"},
      {"quelle division s'occupe des enquêtes auprès des entreprises ?", Intent::kResponsibility, "enquetes", "division"},
      {"gestion des concours", Intent::kResponsibility, "gestion des concours", ""},
      {"qui gère le parc immobilier", Intent::kResponsibility, "parc immobilier", ""},
      // Missions.
      {"quelles sont les missions du département des services généraux ?", Intent::kMissions,
       "departement des services generaux", ""},
      {"que fait la division « grands comptes » ?", Intent::kMissions, "division grands comptes", ""},
      {"Que fait le département Rédaction", Intent::kMissions, "departement redaction", ""},
      {"quel est le rôle de la cellule chargée de la communication de crise ?", Intent::kMissions, "cellule", ""},
      {"Quel est le rôle du département Rédaction ?", Intent::kMissions, "departement redaction", ""},
      // Composition.
      {"que comprend le secrétariat général ?", Intent::kComposition, "secretariat general", ""},
      {"QUE COMPREND LE SECRETARIAT GENERAL", Intent::kComposition, "secretariat general", ""},
      {"quelles divisions composent le département « INSEE Info service » ?", Intent::kComposition,
       "departement insee info service", "division"},
      {"de quoi se compose le secrétariat général ?", Intent::kComposition, "secretariat general", ""},
      {"Quels bureaux et cellules composent le secrétariat général ?", Intent::kComposition, "secretariat general", ""},
      {"quels bureaux, divisions ou cellules composent le département « INSEE Info service » ?", Intent::kComposition,
       "departement insee info service", ""},
      // Parent.
      {"de quelle direction dépend le département de l'offre éditoriale ?", Intent::kParent,
       "departement de l'offre editoriale", "direction"},
      {"à quel département est rattachée la division « grands comptes » ?", Intent::kParent, "division grands comptes",
       "département"},
      {"De quelle direction depend le departement des services generaux", Intent::kParent,
       "departement des services generaux", "direction"},
  };
  for (const auto& c : cases) {
    INFO("question: " << c.question);
    ParsedQuestion q = parse_question(c.question, test_catalog());
    INFO("got intent=" << intent_name(q.intent) << " subject=[" << q.subject << "] focus=[" << q.focus << "] type_hint=["
                       << q.type_hint << "]");
    CHECK(q.intent == c.intent);
    if (c.intent == Intent::kResponsibility) {
      CHECK_THAT(folded(q.focus), Catch::Contains(c.about));
    } else {
      CHECK_THAT(folded(q.subject), Catch::Contains(c.about));
    }
    CHECK(q.type_hint == c.type_hint);
  }
}

TEST_CASE("the question frame is removed from the focus of a responsibility question", "[question]") {
  struct Case {
    const char* question;
    std::vector<std::string> absent;  // folded words that must not remain in the focus
  };
  const std::vector<Case> cases = {
      {"qui est responsable de la gestion du parc immobilier ?", {"qui", "responsable"}},
      {"Qui s'occupe de la paie des agents ?", {"qui", "occupe"}},
      {"qui soccupe du site web de linsee", {"qui", "soccupe", "insee"}},
      {"à qui s'adresser pour une question de retraite ?", {"qui", "adresser"}},
      {"Quel bureau gère les concours ?", {"quel", "bureau"}},
  };
  for (const auto& c : cases) {
    ParsedQuestion q = parse_question(c.question, test_catalog());
    INFO("question: " << c.question << " focus=[" << q.focus << "]");
    CHECK(q.intent == Intent::kResponsibility);
    CHECK_FALSE(q.focus.empty());
    std::string f = " " + folded(q.focus) + " ";
    for (const auto& w : c.absent) CHECK(f.find(w) == std::string::npos);
  }
  CHECK(folded(parse_question("qui est responsable de la gestion du parc immobilier ?", test_catalog()).focus) ==
        "gestion du parc immobilier");
}

TEST_CASE("the verb right after the interrogative is the question's predicate, a framed verb is not", "[question]") {
  struct Case {
    const char* question;
    const char* predicate;  // folded; "" for none
  };
  const std::vector<Case> cases = {
      {"qui surveille les banques", "surveille"},
      {"Qui vérifie que les jouets sont sans danger ?", "verifie"},
      {"qui controle les courtiers en assurance ?", "controle"},  // typed without its accent
      {"Bonjour, qui négocie les rééchelonnements de dette ?", "negocie"},
      {"Qui s'occupe de la lutte contre le moustique tigre ?", ""},  // the frame carries the verb
      {"qui est responsable de la gestion du parc immobilier ?", ""},
      {"à qui s'adresser pour une question de retraite ?", ""},
      {"Quel bureau gère les concours ?", "gere"},  // the type asked for is the interrogative
      {"Quelle direction générale s'occupe de l'énergie ?", ""},
      {"qui informatique budget", ""},          // no verb opens the focus
      {"la paie des agents", ""},
      {"qui s'intéresse à la qualité des statistiques ?", "interesse"},  // reflexive, elided pronoun
      {"qui se charge des déménagements ?", "charge"},
      {"qui délégué à la protection des données", ""},  // typed accents: a noun, not "délègue"
      {"qui police municipale", ""},                    // a noun that is also a verb form, then an adjective
      {"qui recrute", ""},                              // nothing after it: it is the subject
      {"qui peut m'aider pour la qualité", ""},         // a modal before its infinitive
      {"qui est le chef du bureau", ""},                // être
  };
  for (const auto& c : cases) {
    ParsedQuestion q = parse_question(c.question, test_catalog());
    INFO("question: " << c.question << " focus=[" << q.focus << "]");
    CHECK(q.predicate == c.predicate);
  }
}

TEST_CASE("a unit type asked for may carry a name adjective", "[question]") {
  ParsedQuestion parent = parse_question("De quelle direction générale relève le service des mines ?", test_catalog());
  CHECK(parent.intent == Intent::kParent);
  CHECK(folded(parent.subject).find("service des mines") != std::string::npos);
  ParsedQuestion plural = parse_question("De quelles directions générales relève le service des mines ?", test_catalog());
  CHECK(plural.intent == Intent::kParent);
  ParsedQuestion typed = parse_question("Quelle direction générale s'occupe de l'énergie ?", test_catalog());
  CHECK(typed.intent == Intent::kResponsibility);
  CHECK(typed.type_hint == "direction");
  CHECK(folded(typed.focus) == "energie");
}

TEST_CASE("orgs named in a question are detected by code, glued elision or full name", "[question]") {
  struct Case {
    const char* question;
    std::set<std::string> orgs;
  };
  const std::vector<Case> cases = {
      {"qui gère les sondages au SIG ?", {"SIG"}},
      {"qui gère les sondages au sig", {"SIG"}},
      {"qui gère le parc immobilier de l'INSEE ?", {"INSEE"}},
      {"qui gère le parc immobilier de l\u2019Insee ?", {"INSEE"}},
      {"qui soccupe du site web de linsee", {"INSEE"}},
      {"QUI GÈRE LE SITE DE L'INSEE", {"INSEE"}},
      {"qui gère les statistiques de l'I.N.S.E.E. ?", {"INSEE"}},
      {"qui gere les sondages au service d'information du gouvernement", {"SIG"}},
      {"qui gère les sondages au Service d’information du Gouvernement ?", {"SIG"}},
      {"qui gère la qualité à l'Institut national de la statistique et des études économiques", {"INSEE"}},
      {"qui gère le parc immobilier au SIG et à l'INSEE ?", {"SIG", "INSEE"}},
      {"qui gere les statistiques", {}},
      {"qui gère la signalétique des bâtiments ?", {}},
      {"qui s'occupe des insignes ?", {}},
  };
  for (const auto& c : cases) {
    ParsedQuestion q = parse_question(c.question, test_catalog());
    std::set<std::string> got(q.orgs.begin(), q.orgs.end());
    std::string shown;
    for (const auto& o : got) shown += o + " ";
    INFO("question: " << c.question << " -> orgs: " << shown);
    CHECK(got == c.orgs);
    CHECK(got.size() == q.orgs.size());  // no duplicates
  }
}

TEST_CASE("intent names are the contract's strings", "[question]") {
  CHECK(std::string(intent_name(Intent::kResponsibility)) == "responsibility");
  CHECK(std::string(intent_name(Intent::kMissions)) == "missions");
  CHECK(std::string(intent_name(Intent::kComposition)) == "composition");
  CHECK(std::string(intent_name(Intent::kParent)) == "parent");
  CHECK(std::string(intent_name(Intent::kSearch)) == "search");
}

TEST_CASE("parse_question never throws on odd input", "[question]") {
  const std::vector<std::string> inputs = {
      "", " ", "?", "qui", "que comprend", "de quelle direction dépend", "\xff\xfe", std::string("a\0b", 3),
      std::string(600, 'x'), "((((", "[a-z]*", "\\1 $& .* +", "« » \" ' \u2019", "quel bureau",
  };
  for (const auto& s : inputs) {
    INFO("input of " << s.size() << " bytes");
    CHECK_NOTHROW(parse_question(s, test_catalog()));
  }
  Catalog empty({}, {});
  CHECK_NOTHROW(parse_question("qui gère les concours ?", empty));
  CHECK(parse_question("qui gère les concours ?", empty).orgs.empty());
}

TEST_CASE("a ministry named in passing becomes the org context, out of the focus", "[question]") {
  auto q = parse_question("Qui achète les ordinateurs du ministère du travail ?", test_catalog());
  CHECK(q.intent == Intent::kResponsibility);
  CHECK(q.org_context == "travail");
  CHECK(q.focus.find("ministere") == std::string::npos);
  CHECK(q.focus.find("ordinateurs") != std::string::npos);
  CHECK(parse_question("Qui gère les syndicats à l'administration centrale de la justice ?", test_catalog()).org_context ==
        "justice");
  CHECK(parse_question("Qui paie les agents du ministère de la transition écologique ?", test_catalog()).org_context ==
        "transition ecologique");
  CHECK(parse_question("qui commande les sondages pour le gouvernement", test_catalog()).org_context == "gouvernement");
  CHECK(parse_question("Qui gère le ministère ?", test_catalog()).org_context.empty());  // nothing else to ask
  CHECK(parse_question("Qui gère les ordinateurs ?", test_catalog()).org_context.empty());
}

TEST_CASE("a ministry named inside a described situation is the context, and only its name leaves the focus",
          "[question]") {
  struct Row {
    const char* question;
    const char* context;
    const char* kept;  // a question word that must stay in the focus
  };
  const Row rows[] = {
      {"Un fonctionnaire du ministère de l'intérieur est poursuivi pour son travail : qui le défend ?", "interieur",
       "poursuivi"},
      {"Un agent du ministère de la culture et de la communication déménage : qui paie ?",
       "culture et de la communication", "demenage"},
      {"Au ministère de la justice, qui gère les greffes ?", "justice", "greffes"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.question);
    auto q = parse_question(row.question, test_catalog());
    CHECK(q.org_context == row.context);
    CHECK(q.focus.find("ministere") == std::string::npos);
    CHECK(q.focus.find(row.kept) != std::string::npos);
  }
  // "ministère" that names no ministry stays a word of the question.
  CHECK(parse_question("Qui gère les ministères et leurs budgets ?", test_catalog()).org_context.empty());
}

TEST_CASE("a question asking who holds a role asks for a person, with the unit type the role heads", "[question]") {
  struct Row {
    const char* question;
    const char* role_unit;  // "" : not a person question
    const char* subject;
  };
  const Row rows[] = {
      {"Qui est le directeur de l'INSEE ?", "direction", "insee"},
      {"qui est la directrice générale de l'insee", "direction générale", "insee"},
      {"Qui est le secrétaire général du SIG ?", "secrétariat général", "sig"},
      {"comment s'appelle la cheffe du bureau des achats", "bureau", "achats"},
      {"Qui est le sous-directeur des ressources humaines ?", "sous-direction", "ressources humaines"},
      {"Qui est responsable de la paie ?", "", ""},
      {"Qui est chargé du budget ?", "", ""},
      {"Qui dirige la direction de la diffusion ?", "", ""},
      {"Qui gère le parc immobilier ?", "", ""},
  };
  for (const Row& row : rows) {
    ParsedQuestion q = parse_question(row.question, test_catalog());
    INFO(row.question << " -> role unit '" << q.person_role_unit << "', subject '" << q.subject << "'");
    CHECK(q.person_role_unit == row.role_unit);
    if (*row.role_unit) {
      CHECK(q.intent == Intent::kResponsibility);
      CHECK(q.subject.find(folded(row.subject)) != std::string::npos);
    }
  }
}
