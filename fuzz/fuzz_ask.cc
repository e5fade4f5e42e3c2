// fuzz_ask: arbitrary bytes as a question, on a small index built once at start-up.
//
// LLVMFuzzerInitialize writes a tiny invented corpus (two orgs, a tree of units, a passage
// with HTML in it) into a scratch directory and indexes it with build_index. Each input then
// goes through parse_question (never throws), Answerer::ask (BadRequest for an unusable
// question, nothing else), answer_to_json, Searcher::search and the suggester.
// Checks: the JSON serialises; every answer unit exists; every `highlighted` string has no
// tag but <mark>; intents are the contract's strings.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "corpus/structure.h"
#include "fuzz_support.h"
#include "index/index_builder.h"
#include "qa/answerer.h"
#include "qa/question.h"
#include "search/searcher.h"
#include "search/suggester.h"
#include "util/error.h"

using namespace quifait;

namespace {

const char* kManifest = R"({"documents": [
 {"file": "anf.txt", "org": "ANF", "org_name": "Agence nationale des fréquences", "title": "Organisation"},
 {"file": "sig.md", "org": "SIG", "org_name": "Service d'information du Gouvernement", "title": "Note"}]})";

const char* kAnf =
    "# Article 1\n\n"
    "L'Agence nationale des fréquences comprend la direction de l'administration générale et la direction technique.\n\n"
    "# Article 2\n\n"
    "La direction de l'administration générale comprend :\n"
    "\u2015 le département des ressources humaines ;\n"
    "\u2015 le bureau du budget et de la comptabilité.\n\n"
    "Le département des ressources humaines assure le recrutement des agents et la gestion des carrières. "
    "Il prépare les concours.\n\n"
    "Le bureau du budget et de la comptabilité prépare le budget de l'agence.\n\n"
    "# Article 3\n\n"
    "La direction technique comprend la division « contrôle du spectre » et la cellule « systèmes d'information ».\n\n"
    "La division « contrôle du spectre » assure la surveillance des émissions et instruit les plaintes pour brouillage.\n\n"
    "La cellule « systèmes d'information » administre le réseau ; elle édite la lettre <script>alert(1)</script> "
    "& \"><img src=x onerror=alert(1)> du service.\n";

const char* kSig =
    "# Organisation\n\n"
    "1. Le département de la communication\n\n"
    "Le département de la communication assure les relations avec la presse et le site internet du Gouvernement.\n\n"
    "2. La cellule de crise\n\n"
    "La cellule de crise est chargée de la communication de crise. Elle veille l\u2019information en continu.\n";

struct Engine {
  std::unique_ptr<Searcher> searcher;
  std::unique_ptr<Answerer> answerer;
  std::unique_ptr<UnitNameIndex> names;
};

Engine& engine() {
  static Engine e = [] {
    std::string corpus = fuzz::scratch_dir() + "/corpus";
    std::filesystem::create_directories(corpus);
    fuzz::write_bytes(corpus + "/corpus.json", kManifest);
    fuzz::write_bytes(corpus + "/anf.txt", kAnf);
    fuzz::write_bytes(corpus + "/sig.md", kSig);
    BuildOptions options;
    options.corpus_dir = corpus;
    options.db_path = fuzz::scratch_dir() + "/index";
    build_index(options);
    Engine out;
    out.searcher = std::make_unique<Searcher>(options.db_path);
    out.answerer = std::make_unique<Answerer>(*out.searcher);
    out.names = std::make_unique<UnitNameIndex>(out.searcher->catalog(), out.searcher->analyzer());
    return out;
  }();
  return e;
}

void check_json(const nlohmann::json& j, const Catalog& catalog) {
  (void)catalog;
  for (const auto& a : j["answers"]) {
    FUZZ_CHECK(a["unit"]["id"].is_string());
    for (const auto& e : a["evidence"]) FUZZ_CHECK(fuzz::only_mark_tags(e["highlighted"].get<std::string>()));
  }
  std::string dumped = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
  FUZZ_CHECK(!dumped.empty());
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  engine();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 4096) return 0;  // the server refuses more than 500 characters long before this
  std::string q(reinterpret_cast<const char*>(data), size);
  Engine& e = engine();
  const Catalog& catalog = e.searcher->catalog();

  ParsedQuestion parsed = parse_question(q, catalog);
  FUZZ_CHECK(fuzz::valid_utf8(parsed.focus));

  try {
    AnswerSet answers = e.answerer->ask(q);
    std::string intent = intent_name(answers.intent);
    FUZZ_CHECK(intent == "responsibility" || intent == "missions" || intent == "composition" || intent == "parent" ||
               intent == "search");
    for (const Answer& a : answers.answers) {
      FUZZ_CHECK(catalog.unit(a.unit_key) || catalog.org_for_key(a.unit_key));
      for (const Evidence& ev : a.evidence) FUZZ_CHECK(fuzz::only_mark_tags(ev.highlighted));
    }
    check_json(answer_to_json(answers, catalog), catalog);
  } catch (const BadRequest&) {
    // Only the documented reasons: not UTF-8, blank once control characters are spaces, too long.
    bool valid = fuzz::valid_utf8(q);
    std::string n = valid ? unicode::nfc(unicode::sanitize(q)) : std::string();
    FUZZ_CHECK(!valid || n.find_first_not_of(" \t\r\n") == std::string::npos || unicode::length(n) > kMaxQuestionChars);
  }

  if (fuzz::valid_utf8(q) && unicode::length(q) <= 500) {
    SearchOptions options;
    options.page = 1 + (size % 3);
    SearchResults r = e.searcher->search(q, options);
    for (const auto& h : r.hits) FUZZ_CHECK(catalog.unit(h.unit_key) || catalog.org_for_key(h.unit_key));
    nlohmann::json j = search_to_json(q, options, r, *e.searcher);
    for (const auto& h : j["hits"]) FUZZ_CHECK(fuzz::only_mark_tags(h["highlighted"].get<std::string>()));
    j.dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
    for (const Suggestion& s : e.names->complete(q, e.searcher->analyzer(), 8)) FUZZ_CHECK(fuzz::valid_utf8(s.text));
    complete_terms(e.searcher->db(), q, e.searcher->analyzer(), 8);
  }
  return 0;
}
