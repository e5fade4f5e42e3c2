// corpus/structure.h, one row per way French administrative texts declare their units: a text,
// and the units and parents it must give. A new style of text gets a new row here.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "corpus/reader.h"
#include "corpus/structure.h"
#include "test_support.h"

using namespace quifait;
using quifait::test::score_norm;

namespace {

struct Expected {
  const char* name;
  const char* parent;  // "" for a unit directly under the org
};

struct PatternCase {
  const char* pattern;
  const char* text;
  std::vector<Expected> units;  // exactly the units the text declares
};

OrgTree extract_text(const std::string& text) {
  ParsedDocument d;
  d.info.file = "pattern.md";
  d.info.org = "ESSAI";
  d.info.org_name = "Ministère de l'essai";
  d.doc_id = "pattern";
  d.blocks = parse_blocks(text);
  return extract_structure({d});
}

std::string describe(const OrgTree& tree) {
  std::string out;
  for (const auto& u : tree.units) {
    std::string parent = "-";
    for (const auto& p : tree.units)
      if (p.id == u.parent_id) parent = p.name;
    out += "\n  " + u.name + "  <  " + parent;
  }
  return out;
}

const std::vector<PatternCase>& cases() {
  static const std::vector<PatternCase> c = {
      {"a name ends at a finite verb the dictionary knows, not only listed ones",
       "Le bureau du contentieux défend l'État devant les juridictions administratives.",
       {{"bureau du contentieux", ""}}},
      {"section is a unit type", "La section des marchés publics rédige les cahiers des charges.",
       {{"section des marchés publics", ""}}},
      {"laboratoire is a unit type", "Le laboratoire d'analyses effectue les contrôles de qualité.",
       {{"laboratoire d'analyses", ""}}},
      {"'Auprès du directeur est placée' attaches to the direction",
       "# Arrêté portant organisation de la direction des achats\n\n## Article 1\n\nLa direction des achats pilote la politique "
       "d'achat.\n\nAuprès du directeur est placée une cellule de veille stratégique.",
       {{"direction des achats", ""}, {"cellule de veille stratégique", "direction des achats"}}},
      {"the preposition à opens a name, it is not the verb avoir",
       "La délégation à l'encadrement supérieur anime le vivier des cadres dirigeants.",
       {{"délégation à l'encadrement supérieur", ""}}},
      {"a letter code names a unit", "La sous-direction A comprend deux bureaux.", {{"sous-direction A", ""}}},
      {"'est composé de trois services :' then an inline list keeps the first one",
       "Le secrétariat général est composé de trois services : le service des ressources humaines, le service des affaires "
       "financières et le service de l'immobilier.",
       {{"secrétariat général", ""},
        {"service des ressources humaines", "secrétariat général"},
        {"service des affaires financières", "secrétariat général"},
        {"service de l'immobilier", "secrétariat général"}}},
      {"the same name under two parents is two units",
       "La sous-direction du budget comprend :\n\n- le bureau des affaires générales ;\n- le bureau de la synthèse.\n\n"
       "La sous-direction des achats comprend :\n\n- le bureau des affaires générales ;\n- le bureau des marchés.",
       {{"sous-direction du budget", ""},
        {"bureau des affaires générales", "sous-direction du budget"},
        {"bureau de la synthèse", "sous-direction du budget"},
        {"sous-direction des achats", ""},
        {"bureau des affaires générales", "sous-direction des achats"},
        {"bureau des marchés", "sous-direction des achats"}}},
      {"type rank alone makes no parent",
       "Le service des systèmes d'information gère le réseau.\n\nLe pôle Achats passe les commandes.",
       {{"service des systèmes d'information", ""}, {"pôle Achats", ""}}},
      {"numbered items after 'comprend, outre …, les services suivants :'",
       "La direction générale comprend, outre le cabinet du directeur général, les services suivants :\n\n"
       "1° Le service des études ;\n\n2° Le service des moyens.",
       {{"direction générale", ""},
        {"cabinet du directeur général", "direction générale"},
        {"service des études", "direction générale"},
        {"service des moyens", "direction générale"}}},
      {"lettered items 'A. ― Le service …' after 'comprend :'",
       "La direction de l'eau comprend :\n\nA. ― Le service de la ressource ;\n\nB. ― Le service de la qualité.",
       {{"direction de l'eau", ""}, {"service de la ressource", "direction de l'eau"}, {"service de la qualité", "direction de l'eau"}}},
      {"genitive items after 'est composée :' and a nested 'qui comprend :'",
       "La direction générale des affaires politiques est composée :\n\n"
       "1° De la direction des Nations unies, qui comprend :\n\n― la sous-direction des affaires politiques ;\n\n"
       "― la mission des fonctionnaires internationaux.\n\n2° De la direction de la coopération, qui comprend :\n\n"
       "― la sous-direction des moyens.",
       {{"direction générale des affaires politiques", ""},
        {"direction des Nations unies", "direction générale des affaires politiques"},
        {"sous-direction des affaires politiques", "direction des Nations unies"},
        {"mission des fonctionnaires internationaux", "direction des Nations unies"},
        {"direction de la coopération", "direction générale des affaires politiques"},
        {"sous-direction des moyens", "direction de la coopération"}}},
      {"'constituée par' with genitive dash items",
       "L'inspection générale est constituée par :\n\n― du bureau des enquêtes ;\n\n― de la mission d'audit.",
       {{"inspection générale", ""}, {"bureau des enquêtes", "inspection générale"}, {"mission d'audit", "inspection générale"}}},
      {"names holding commas and et are not cut at the first comma",
       "La sous-direction des finances comprend :\n\n― le bureau des affaires budgétaires, comptables et immobilières ;\n\n"
       "― le bureau des politiques agricoles, rurales et maritimes.",
       {{"sous-direction des finances", ""},
        {"bureau des affaires budgétaires, comptables et immobilières", "sous-direction des finances"},
        {"bureau des politiques agricoles, rurales et maritimes", "sous-direction des finances"}}},
      {"'X, à laquelle est rattaché un service Y'",
       "La direction des moyens comprend la sous-direction de la logistique, à laquelle est rattaché le service du courrier.",
       {{"direction des moyens", ""},
        {"sous-direction de la logistique", "direction des moyens"},
        {"service du courrier", "sous-direction de la logistique"}}},
      {"'placé auprès de' and 'sous l'autorité de' state a parent",
       "Le service des achats conduit la politique d'achat.\n\nLe bureau des marchés, placé auprès du service des achats, "
       "passe les marchés.\n\nLa cellule juridique, placée sous l'autorité du service des achats, conseille les acheteurs.",
       {{"service des achats", ""}, {"bureau des marchés", "service des achats"}, {"cellule juridique", "service des achats"}}},
      {"'relève de' states a parent",
       "La direction des affaires sociales comprend deux bureaux.\n\nLe bureau des retraites relève de la direction des affaires "
       "sociales.",
       {{"direction des affaires sociales", ""}, {"bureau des retraites", "direction des affaires sociales"}}},
      {"a list header attached by 'Relevant directement de' nests its items",
       "Le service du commissariat comprend :\n\nI. - Une direction centrale dont l'organisation est fixée par le présent arrêté.\n\n"
       "II. - Des organismes extérieurs :\n\n1° Relevant directement de la direction centrale :\n\na) Le centre d'analyse ;\n\n"
       "b) L'école des commissaires.\n\nLa direction centrale du service du commissariat comprend deux sous-directions.",
       {{"service du commissariat", ""},
        {"direction centrale du service du commissariat", "service du commissariat"},
        {"centre d'analyse", "direction centrale du service du commissariat"},
        {"école des commissaires", "direction centrale du service du commissariat"}}},
      {"the title's organised unit is the top unit; 'est composé de trois unités.' then one unit each",
       "# Arrêté portant organisation du service des statistiques\n\n## Article 1\n\nLe département des études est composé de "
       "deux unités.\n\nL'unité « conjoncture » analyse la conjoncture.\n\nL'unité « prévision » établit les prévisions.",
       {{"service des statistiques", ""},
        {"département des études", "service des statistiques"},
        {"unité « conjoncture »", "département des études"},
        {"unité « prévision »", "département des études"}}},
      {"a code with a parenthesis, then titled lines as the items of 'comprend trois bureaux :'",
       "La sous-direction A (Ressources humaines et organisation) comprend deux bureaux :\n\n"
       "Le bureau A/1. - Politique générale du personnel\n\nIl est chargé du recrutement.\n\n"
       "Le bureau A/2. - Gestion du personnel\n\nIl assure la gestion des cadres. La cellule de conseil en matière de "
       "parcours professionnels lui est rattachée.",
       {{"sous-direction A (Ressources humaines et organisation)", ""},
        {"bureau A/1. - Politique générale du personnel", "sous-direction A (Ressources humaines et organisation)"},
        {"bureau A/2. - Gestion du personnel", "sous-direction A (Ressources humaines et organisation)"},
        {"cellule de conseil en matière de parcours professionnels", "bureau A/2. - Gestion du personnel"}}},
      {"'Outre A et B, l'administration centrale comprend :' makes A and B top units too",
       "Outre la mission des affaires juridiques et le bureau du cabinet, l'administration centrale du ministère de l'essai "
       "comprend :\n\n- la direction de l'eau ;\n\n- la direction de la nature.",
       {{"mission des affaires juridiques", ""}, {"bureau du cabinet", ""}, {"direction de l'eau", ""}, {"direction de la nature", ""}}},
      {"a later list under a descendant refines the parent, the unit stays one",
       "La direction générale comprend :\n\n― le service de l'architecture ;\n\n― la sous-direction de la qualité.\n\n"
       "Le service de l'architecture comprend :\n\n― la sous-direction de la qualité.",
       {{"direction générale", ""},
        {"service de l'architecture", "direction générale"},
        {"sous-direction de la qualité", "service de l'architecture"}}},
      {"after a list, a pronoun speaks of the unit that announced it",
       "La direction générale est composée :\n\n1° De la direction de l'Europe, qui comprend :\n\n― la sous-direction de l'Est.\n\n"
       "Elle comprend en outre :\n\n1° La direction de l'Afrique.",
       {{"direction générale", ""},
        {"direction de l'Europe", "direction générale"},
        {"sous-direction de l'Est", "direction de l'Europe"},
        {"direction de l'Afrique", "direction générale"}}},
      {"a cross-reference ends the name of a list item",
       "La direction des services comprend :\n\n― la sous-direction des moyens, dont les missions sont définies aux articles 5 "
       "à 7 ;\n\n― la mission d'audit, dont l'organisation est fixée par arrêté.",
       {{"direction des services", ""},
        {"sous-direction des moyens", "direction des services"},
        {"mission d'audit", "direction des services"}}},
      {"'Outre …' with no composition verb after it is an ordinary sentence (fuzzer regression)",
       "Outre ses missions propres, le bureau des achats passe les marchés.", {{"bureau des achats", ""}}},
      {"nouns enumerated after a comma to the end of the declaration stay in the name",
       "Le service économique comprend :\n\n― du pôle prospective, modélisation de la demande et évaluation, chargé des "
       "cadrages ;\n\n― le bureau de la planification, exercices, retour d'expérience ;\n\n― le bureau des études, le "
       "bureau des moyens.",
       {{"service économique", ""},
        {"pôle prospective, modélisation de la demande et évaluation", "service économique"},
        {"bureau de la planification, exercices, retour d'expérience", "service économique"},
        {"bureau des études", "service économique"},  // ", le bureau …" is not part of its name,
        {"bureau des moyens", "service économique"}}},   // but a unit of the same item
      {"one item listing units after one that is none, separated by commas and 'et'",
       "La direction des essais comprend :\n\n1. Le Conseil général des essais, l'inspection générale des essais, le haut "
       "fonctionnaire de défense et le bureau du cabinet.\n\n2. La sous-direction des mesures.",
       {{"direction des essais", ""},
        {"inspection générale des essais", "direction des essais"},
        {"bureau du cabinet", "direction des essais"},
        {"sous-direction des mesures", "direction des essais"}}},
      {"a unit listed after a comma must be a whole name, not the start of a phrase",
       "La direction des essais comprend :\n\n― le bureau des études, la mission des mesures en assure le secrétariat ;\n\n"
       "― le bureau des moyens.",
       {{"direction des essais", ""},
        {"bureau des études", "direction des essais"},
        {"bureau des moyens", "direction des essais"}}},
      {"a type with its name adjective names the unit spoken of, not a new unit",
       "La direction générale de l'énergie comprend :\n\n― le service des mines.\n\n"
       "La direction générale est chargée de la politique de l'énergie.\n\n"
       "L'observatoire de l'énergie et l'observatoire des mines lui sont rattachés.",
       {{"direction générale de l'énergie", ""},
        {"service des mines", "direction générale de l'énergie"},
        {"observatoire de l'énergie", "direction générale de l'énergie"},
        {"observatoire des mines", "direction générale de l'énergie"}}},
      {"a type with adjectives refers back only to a name that opens with them, then a preposition",
       "Le ministère comprend :\n\n― la direction générale de l'énergie ;\n\n― la direction de l'administration "
       "générale ;\n\n― la direction générale adjointe chargée des opérations.\n\nLa direction de l'administration "
       "générale gère les personnels.\n\nLe service de l'audit est rattaché à la direction générale.",
       {{"direction générale de l'énergie", ""},
        {"direction de l'administration générale", ""},
        {"direction générale adjointe chargée des opérations", ""},
        {"service de l'audit", "direction générale de l'énergie"}}},
      {"a list item that names a type with its adjective declares it, whatever came before",
       "Le service des routes comprend :\n\n― la sous-direction technique des ouvrages d'art ;\n\n"
       "― la sous-direction technique ;\n\n― la sous-direction administrative.",
       {{"service des routes", ""},
        {"sous-direction technique des ouvrages d'art", "service des routes"},
        {"sous-direction technique", "service des routes"},
        {"sous-direction administrative", "service des routes"}}},
      {"a mission item naming units after commas declares none of them",
       "La direction des essais comprend :\n\n― le bureau des études ;\n\n― le bureau des moyens.\n\nIl est chargé :"
       "\n\n― de la gestion du personnel, de la tutelle de l'agence nationale des essais et du secrétariat du "
       "comité technique ;\n\n― des relations avec le cabinet du ministre, le secrétariat général et la mission "
       "de la communication.",
       {{"direction des essais", ""},
        {"bureau des études", "direction des essais"},
        {"bureau des moyens", "direction des essais"}}},
      {"a unit named inside a unit's apposition is not listed",
       "La direction des essais comprend :\n\n― le bureau des études, chargé des relations avec le bureau des "
       "moyens et la mission de la communication ;\n\n― le bureau des finances.",
       {{"direction des essais", ""},
        {"bureau des études", "direction des essais"},
        {"bureau des finances", "direction des essais"}}},
      {"a noun phrase with no type word, attached to a unit and with missions of its own, is a unit",
       "La direction des affaires civiles comprend :\n\n― le bureau du droit des personnes.\n\n"
       "Le sceau de France est rattaché au bureau du droit des personnes. Il prépare les décrets de changement de nom.",
       {{"direction des affaires civiles", ""},
        {"bureau du droit des personnes", "direction des affaires civiles"},
        {"sceau de France", "bureau du droit des personnes"}}},
      {"an attached noun phrase that the text says nothing more of is not a unit",
       "La direction des affaires civiles comprend :\n\n― le bureau du droit des personnes.\n\n"
       "Le personnel de la direction est placé sous l'autorité du bureau du droit des personnes.",
       {{"direction des affaires civiles", ""},
        {"bureau du droit des personnes", "direction des affaires civiles"}}},
      {"a noun phrase followed by missions but attached to nothing is not a unit",
       "La direction des affaires civiles comprend :\n\n― le bureau du droit des personnes.\n\n"
       "Le sceau de France figure sur les actes. Il est apposé par le garde des sceaux.",
       {{"direction des affaires civiles", ""},
        {"bureau du droit des personnes", "direction des affaires civiles"}}},
      {"units of one type coordinated through the composition's preposition are each a unit",
       "La direction du numérique est composée de la sous-direction des infrastructures et de la sous-direction des "
       "applications.\n\nLe service des systèmes se compose du bureau des réseaux et du bureau de l'hébergement.",
       {{"direction du numérique", ""},
        {"sous-direction des infrastructures", "direction du numérique"},
        {"sous-direction des applications", "direction du numérique"},
        {"service des systèmes", ""},
        {"bureau des réseaux", "service des systèmes"},
        {"bureau de l'hébergement", "service des systèmes"}}},
      {"a unit of another type after 'et du' inside a name is part of the name",
       "La sous-direction des formations comprend le bureau de la coordination des certifications et du service public "
       "de formation.",
       {{"sous-direction des formations", ""},
        {"bureau de la coordination des certifications et du service public de formation", "sous-direction des formations"}}},
      {"adverbs between the composition verb and its units are skipped",
       "La direction des projets comprend le bureau des projets.\n\nLe bureau des projets comprend également le pôle "
       "développement et le pôle maintenance.\n\nLe bureau des projets comprend par ailleurs la cellule qualité.",
       {{"direction des projets", ""},
        {"bureau des projets", "direction des projets"},
        {"pôle développement", "bureau des projets"},
        {"pôle maintenance", "bureau des projets"},
        {"cellule qualité", "bureau des projets"}}},
      {"units placed with the director whose title has its adjective are all attached to the direction",
       "La direction générale comprend le bureau des projets.\n\nAuprès du directeur général sont placés la cellule de "
       "communication et le bureau du cabinet.\n\nEst rattachée au directeur général la cellule de veille.",
       {{"direction générale", ""},
        {"bureau des projets", "direction générale"},
        {"cellule de communication", "direction générale"},
        {"bureau du cabinet", "direction générale"},
        {"cellule de veille", "direction générale"}}},
      {"a head title with its unit's name attaches to that unit",
       "La direction des affaires civiles comprend la sous-direction du droit privé et la sous-direction du budget.\n\n"
       "La sous-direction du budget comprend le bureau du budget.\n\nLe bureau du droit civil est rattaché au "
       "sous-directeur du droit privé.\n\nLa cellule de contrôle est placée sous l'autorité du chef du bureau du "
       "budget.\n\nSont rattachés au sous-directeur du budget : le bureau de l'immobilier et la cellule de prévention.",
       {{"direction des affaires civiles", ""},
        {"sous-direction du droit privé", "direction des affaires civiles"},
        {"sous-direction du budget", "direction des affaires civiles"},
        {"bureau du budget", "sous-direction du budget"},
        {"bureau du droit civil", "sous-direction du droit privé"},
        {"cellule de contrôle", "bureau du budget"},
        {"bureau de l'immobilier", "sous-direction du budget"},
        {"cellule de prévention", "sous-direction du budget"}}},
      {"a unit's acronym names it as a parent",
       "La direction générale comprend la direction des affaires juridiques (DAJ).\n\n"
       "La mission des normes est rattachée à la DAJ.",
       {{"direction générale", ""},
        {"direction des affaires juridiques (DAJ)", "direction générale"},
        {"mission des normes", "direction des affaires juridiques (DAJ)"}}},
      {"one item listing several units separated by semicolons",
       "La direction des patrimoines comprend :\n\n― le département de la communication ; le département des publics ;",
       {{"direction des patrimoines", ""},
        {"département de la communication", "direction des patrimoines"},
        {"département des publics", "direction des patrimoines"}}},
  };
  return c;
}

}  // namespace

TEST_CASE("each declaration pattern gives exactly its units and parents", "[structure][patterns]") {
  for (const auto& c : cases()) {
    OrgTree tree = extract_text(c.text);
    INFO("pattern: " << c.pattern << "\ngot:" << describe(tree));
    CHECK(tree.units.size() == c.units.size());
    for (const auto& want : c.units) {
      INFO("expected unit: " << want.name << " < " << (*want.parent ? want.parent : "-"));
      auto it = std::find_if(tree.units.begin(), tree.units.end(), [&](const Unit& u) {
        if (score_norm(u.name) != score_norm(want.name)) return false;
        std::string parent;
        for (const auto& p : tree.units)
          if (p.id == u.parent_id) parent = p.name;
        return score_norm(parent) == score_norm(want.parent);
      });
      CHECK(it != tree.units.end());
    }
  }
}

TEST_CASE("a repeated sentence is kept for each unit that says it", "[structure][patterns]") {
  OrgTree tree = extract_text(
      "Le bureau de la synthèse prépare le budget. Il assure le suivi budgétaire de ses crédits.\n\n"
      "Le bureau des marchés passe les marchés. Il assure le suivi budgétaire de ses crédits.\n\n"
      "Le bureau des marchés passe les marchés. Il assure le suivi budgétaire de ses crédits.");
  INFO(describe(tree));
  size_t copies = 0;
  std::vector<std::string> owners;
  for (const auto& p : tree.passages)
    if (p.text.find("suivi budgétaire") != std::string::npos) {
      ++copies;
      owners.push_back(p.unit_id);
    }
  CHECK(copies == 2);  // once per bureau; the third, same owner and text, is dropped
  CHECK(owners.size() == 2);
  if (owners.size() == 2) CHECK(owners[0] != owners[1]);
}

TEST_CASE("a parent says whether a sentence stated it or it was inferred, with the sentence", "[structure][patterns]") {
  OrgTree tree = extract_text(
      "# Arrêté portant organisation de la direction des achats\n\n## Article 1\n\nLa direction des achats comprend :\n\n"
      "― le bureau des marchés.\n\n## Article 2\n\nLe pôle Achats passe les commandes.");
  INFO(describe(tree));
  const Unit* bureau = nullptr;
  const Unit* pole = nullptr;
  for (const auto& u : tree.units) {
    if (u.name == "bureau des marchés") bureau = &u;
    if (u.name == "pôle Achats") pole = &u;
  }
  REQUIRE(bureau);
  REQUIRE(pole);
  CHECK(bureau->parent_source == "stated");
  CHECK(bureau->parent_evidence.find("comprend") != std::string::npos);
  CHECK(pole->parent_source == "inferred");
  CHECK_FALSE(pole->parent_id.empty());  // the unit the title organises
}

TEST_CASE("a sentence with no recognised subject belongs to its heading's unit, not the previous sentence's", "[structure][patterns]") {
  OrgTree tree = extract_text(
      "# Le service des achats\n\nLe bureau des marchés passe les marchés.\n\nLa programmation annuelle des achats est "
      "arrêtée chaque année.");
  INFO(describe(tree));
  std::string owner;
  for (const auto& p : tree.passages)
    if (p.text.find("programmation annuelle") != std::string::npos)
      for (const auto& u : tree.units)
        if (u.id == p.unit_id) owner = u.name;
  CHECK(owner == "service des achats");
}

TEST_CASE("a type alone that refers to a unit does not become one of its names", "[structure][patterns]") {
  OrgTree tree = extract_text("La direction générale de l'énergie comprend :\n\n― le service des mines.\n\n"
                              "La direction générale est chargée de la politique de l'énergie.");
  INFO(describe(tree));
  REQUIRE_FALSE(tree.units.empty());
  for (const auto& u : tree.units)
    for (const auto& alias : u.aliases) CHECK(alias != "direction générale");
}
