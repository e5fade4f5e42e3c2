#include "cli/commands.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <chrono>
#include <iostream>
#include <thread>
#include <nlohmann/json.hpp>

#include "cli/args.h"
#include "index/index_reader.h"
#include "index/passage_record.h"
#include "index/replica.h"
#include "index/schema.h"
#include "qa/answerer.h"
#include "corpus/document_filters.h"
#include "corpus/structure.h"
#include "corpus/tree_eval.h"
#include "qa/eval.h"
#include "search/highlight.h"

namespace quifait::cli {
namespace {

void print_tree(const Catalog& catalog, const std::string& key, int depth) {
  for (const Unit* u : catalog.children(key)) {
    std::cout << std::string(static_cast<size_t>(depth) * 2, ' ') << u->name << "  [" << u->type << "]\n";
    print_tree(catalog, u->id, depth + 1);
  }
}

}  // namespace

int run_units(int argc, char** argv) {
  auto args = Args::parse(argc, argv, 2, {"json"}, {"db"});
  OpenIndex index = open_index(args.get("db", default_db_path()));
  if (args.has("json")) {
    std::cout << index.catalog->to_json().dump(1) << "\n";
    return 0;
  }
  for (const auto& org : index.catalog->orgs()) {
    std::cout << org.code << " — " << org.name << "\n";
    print_tree(*index.catalog, Catalog::org_key(org.code), 1);
  }
  return 0;
}

int run_export(int argc, char** argv) {
  auto args = Args::parse(argc, argv, 2, {}, {"db"});
  OpenIndex index = open_index(args.get("db", default_db_path()));
  const Catalog& catalog = *index.catalog;
  for (auto it = index.db.postlist_begin(""); it != index.db.postlist_end(""); ++it) {
    StoredPassage p;
    if (!decode_passage(index.db.get_document(*it).get_data(), p))
      throw IndexError("passage " + std::to_string(*it) + " of the index is not a passage record; rebuild the index");
    const std::string& key = p.unit_key;
    nlohmann::json unit;
    if (const Unit* u = catalog.unit(key)) {
      unit = {{"id", u->id}, {"name", u->name}, {"type", u->type}, {"path", catalog.path(*u)}};
    } else {
      const Org* org = catalog.org_for_key(key);
      unit = {{"id", key}, {"name", org ? org->name : key}, {"type", schema::kOrgType},
              {"path", std::vector<std::string>{org ? org->code : key}}};
    }
    nlohmann::json line = {{"passage_id", p.passage_id}, {"doc", p.doc},         {"org", p.org},
                           {"unit", unit},               {"section", p.section}, {"text", p.text}};
    std::cout << line.dump() << "\n";
  }
  return 0;
}

}  // namespace quifait::cli

namespace quifait::cli {
namespace {

// Colours only on a terminal, and never when NO_COLOR is set (no-color.org).
bool stdout_is_tty() {
  const char* no_color = std::getenv("NO_COLOR");
  return isatty(STDOUT_FILENO) && !(no_color && *no_color);
}

size_t max_answers(const Args& args) {
  std::string v = args.get("max", "5");
  if (v.empty() || v.size() > 2 || v.find_first_not_of("0123456789") != std::string::npos || std::stoul(v) < 1 || std::stoul(v) > 20)
    throw BadRequest("--max takes a whole number from 1 to 20, not '" + v + "'");
  return std::stoul(v);
}

std::string path_text(const nlohmann::json& path) {
  std::string out;
  for (const auto& p : path) out += (out.empty() ? "" : " \u203A ") + p.get<std::string>();
  return out;
}

std::string indent(const std::string& text, const std::string& prefix) {
  std::string out = prefix;
  for (char c : text) {
    out.push_back(c);
    if (c == '\n') out += prefix;
  }
  return out;
}

}  // namespace

int run_ask(int argc, char** argv) {
  auto args = Args::parse(argc, argv, 2, {"json", "exact"}, {"db", "max"});
  std::string question = args.joined_positional();
  size_t max = max_answers(args);
  Searcher searcher(args.get("db", default_db_path()));
  Answerer answerer(searcher);
  AnswerSet answers = answerer.ask(question, max, !args.has("exact"));
  if (!answers.confident) add_suggestions(answers, UnitNameIndex(searcher.catalog(), searcher.analyzer()), searcher.catalog());
  if (args.has("json")) {
    std::cout << answer_to_json(answers, searcher.catalog()).dump() << "\n";
    return 0;
  }
  bool tty = stdout_is_tty();
  auto stems = answers.analysed.highlight_stems();
  std::cout << "Question : " << answers.query << "  [" << intent_name(answers.intent) << "]\n";
  if (answers.analysed.corrected) std::cout << "(compris comme : " << answers.analysed.corrected_text << ")\n";
  if (answers.ambiguous) {
    std::cout << "Plusieurs unités portent ce nom ; précisez laquelle (par exemple en nommant l'organisme) :\n";
  } else if (!answers.confident) {
    std::cout << "Je n'ai pas trouvé de réponse sûre dans le corpus." << (answers.answers.empty() ? "\n" : " Pistes :\n");
  }
  std::cout << "\n";
  int rank = 1;
  for (const auto& a : answers.answers) {
    nlohmann::json unit = unit_ref_json(a.unit_key, searcher.catalog());
    std::cout << rank++ << ". " << (tty ? "\033[1m" : "") << unit["name"].get<std::string>() << (tty ? "\033[0m" : "") << "  ["
              << unit["type"].get<std::string>() << ", " << unit["org"].get<std::string>() << "]  score " << a.score << "\n";
    std::cout << "   " << path_text(unit["path"]) << "\n";
    for (const auto& e : a.evidence) {
      std::string text = tty ? ansi_highlight(searcher.analyzer(), e.passage.text, stems) : e.passage.text;
      std::cout << indent(text, "   | ") << "\n";
      std::cout << "   (" << e.passage.doc << (e.passage.section.empty() ? "" : ", " + e.passage.section) << ")\n";
    }
    std::cout << "\n";
  }
  return 0;
}

int run_search(int argc, char** argv) {
  auto args = Args::parse(argc, argv, 2, {"json", "partial"}, {"db", "org", "type", "page", "size"});
  std::string query = args.joined_positional();
  if (query.find_first_not_of(" \t") == std::string::npos) throw BadRequest("the query is empty");
  SearchOptions options;
  options.org = args.get("org");
  options.type = args.get("type");
  options.partial = args.has("partial");
  try {
    options.page = static_cast<unsigned>(std::stoul(args.get("page", "1")));
    options.page_size = static_cast<unsigned>(std::stoul(args.get("size", "10")));
  } catch (const std::exception&) {
    throw BadRequest("--page and --size take positive whole numbers");
  }
  if (options.page < 1 || options.page > 1000 || options.page_size < 1 || options.page_size > 100)
    throw BadRequest("--page must be 1..1000 and --size 1..100");
  Searcher searcher(args.get("db", default_db_path()));
  SearchResults results = searcher.search(query, options);
  auto stems = results.query.highlight_stems();
  auto weights = results.query.stem_weights(searcher.passage_count());
  if (args.has("json")) {
    std::cout << search_to_json(query, options, results, searcher).dump() << "\n";
    return 0;
  }
  bool tty = stdout_is_tty();
  std::cout << results.total << " passage(s)";
  if (results.query.corrected) std::cout << " (compris comme : " << results.query.corrected_text << ")";
  std::cout << "\n\n";
  for (const auto& h : results.hits) {
    nlohmann::json unit = unit_ref_json(h.unit_key, searcher.catalog());
    std::cout << path_text(unit["path"]) << "  (" << h.doc << ")\n";
    std::string text = excerpt(searcher.analyzer(), h.text, weights, kMaxEvidenceBytes);
    if (tty) text = ansi_highlight(searcher.analyzer(), text, stems);
    std::cout << indent(text, "  | ") << "\n\n";
  }
  return 0;
}

int run_eval(int argc, char** argv) {
  auto args = Args::parse(argc, argv, 2, {"verbose"}, {"db", "min", "units", "outcomes"});
  if (args.positional.size() != 1)
    throw BadRequest("usage: quifait eval [--db DIR] [--min SCORE] [--units GOLD.json] [--outcomes FILE] QUESTIONS.jsonl");
  Searcher searcher(args.get("db", default_db_path()));
  Answerer answerer(searcher);
  std::vector<GoldUnit> gold;
  if (!args.get("units").empty()) gold = load_gold_tree(args.get("units"));
  EvalReport report = evaluate_file(answerer, searcher.catalog(), args.positional[0], args.has("verbose") ? &std::cout : nullptr,
                                    gold.empty() ? nullptr : &gold);
  std::cout << report.summary() << "\n";
  if (!args.get("outcomes").empty()) {
    std::ofstream out(args.get("outcomes"));
    if (!out) throw QuifaitError("cannot write " + args.get("outcomes"));
    for (const auto& o : report.outcomes) {
      nlohmann::json signals;
      for (const auto& [name, value] : o.signals.named()) signals[name] = value;
      out << nlohmann::json{{"id", o.id}, {"intent", o.set_intent}, {"answered_as", intent_name(o.answered_as)},
                            {"first_right", o.first_right}, {"confident", o.confident}, {"confidence", o.confidence},
                            {"signals", signals}}.dump()
          << "\n";
    }
    if (!out) throw QuifaitError("cannot write " + args.get("outcomes"));
  }
  if (!args.get("min").empty() && report.score < std::stod(args.get("min"))) return 1;
  return 0;
}

}  // namespace quifait::cli

namespace quifait::cli {

int run_eval_units(int argc, char** argv) {
  auto args = Args::parse(argc, argv, 2, {"json", "quiet"}, {"db", "corpus", "min"});
  if (args.positional.size() != 1)
    throw BadRequest("usage: quifait eval-units [--db DIR | --corpus DIR] [--min F1] [--json] [--quiet] GOLD.json");
  double min = 0;
  if (!args.get("min").empty()) {
    try {
      min = std::stod(args.get("min"));
    } catch (const std::exception&) {
      throw BadRequest("--min takes a number between 0 and 1");
    }
    if (min < 0 || min > 1) throw BadRequest("--min takes a number between 0 and 1");
  }
  std::vector<GoldUnit> gold = load_gold_tree(args.positional[0]);
  // A corpus is scored straight from its texts (no index needed); otherwise the index's tree.
  std::vector<Unit> units;
  if (!args.get("corpus").empty()) {
    units = load_corpus_streaming(args.get("corpus"), [](Passage&&) {}).units;
  } else {
    OpenIndex index = open_index(args.get("db", default_db_path()));
    units = index.catalog->units();
  }
  TreeScore s = score_tree(units, gold);
  if (args.has("json")) {
    nlohmann::json j = {{"gold", s.gold},           {"found", s.found},       {"right_parent", s.right_parent},
                        {"extra", s.extra},         {"recall", s.recall},     {"precision", s.precision},
                        {"f1", s.f1},               {"missing", s.missing},   {"wrong_parent", s.wrong_parent},
                        {"extras", s.extras}};
    std::cout << j.dump(1) << "\n";
  } else {
    if (!args.has("quiet")) {
      for (const auto& m : s.missing) std::cout << "MISSING " << m << "\n";
      for (const auto& w : s.wrong_parent) std::cout << "PARENT  " << w << "\n";
      for (const auto& x : s.extras) std::cout << "EXTRA   " << x << "\n";
    }
    std::printf("precision=%.3f recall=%.3f f1=%.3f found=%zu/%zu right_parent=%zu extra=%zu\n", s.precision, s.recall, s.f1,
                s.found, s.gold, s.right_parent, s.extra);
  }
  return s.f1 + 1e-9 < min ? 1 : 0;
}

}  // namespace quifait::cli

namespace quifait::cli {

int run_text(int argc, char** argv) {
  auto args = Args::parse(argc, argv, 2, {"blocks"}, {});
  if (args.positional.size() != 1) throw BadRequest("usage: quifait text [--blocks] FILE");
  const std::string& file = args.positional[0];
  std::string text = read_document(file, file);
  if (!args.has("blocks")) {
    std::cout << text;
    if (!text.empty() && text.back() != '\n') std::cout << "\n";
    return 0;
  }
  for (const Block& b : parse_blocks(text)) {
    const char* kind = b.kind == BlockKind::kHeading ? "heading" : b.kind == BlockKind::kListItem ? "item" : "paragraph";
    std::cout << b.line << "\t" << kind << (b.label.empty() ? "" : " " + b.label) << "\t" << b.text << "\n";
  }
  return 0;
}

int run_replicate(int argc, char** argv) {
  auto args = Args::parse(argc, argv, 2, {}, {"from", "to", "every"});
  if (args.get("from").empty() || args.get("to").empty() || !args.positional.empty())
    throw BadRequest("usage: quifait replicate --from DIR --to DIR [--every SECONDS]");
  double every = args.get("every").empty() ? 0 : std::stod(args.get("every"));
  if (every < 0) throw BadRequest("--every takes a number of seconds");
  for (;;) {
    try {
      ReplicaResult r = replicate_index(args.get("from"), args.get("to"));
      if (r.copied) std::cerr << "quifait replicate: " << args.get("to") << " -> " << r.generation << " (" << r.bytes << " bytes copied)\n";
    } catch (const IndexError& e) {
      if (every == 0) throw;
      std::cerr << "quifait replicate: " << e.what() << "\n";  // following: try again at the next check
    }
    if (every == 0) return 0;
    std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<long>(every * 1000)));
  }
}

}  // namespace quifait::cli
