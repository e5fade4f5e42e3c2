#include "qa/eval.h"

#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <nlohmann/json.hpp>

#include "analysis/unicode.h"
#include "util/error.h"

namespace quifait {

std::string eval_normalise(const std::string& name) {
  std::string f = unicode::fold(name);
  std::string cleaned;
  for (size_t i = 0; i < f.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(f[i]);
    bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    cleaned.push_back(alnum ? static_cast<char>(c) : ' ');
  }
  std::vector<std::string> words;
  size_t i = 0;
  while (i < cleaned.size()) {
    while (i < cleaned.size() && cleaned[i] == ' ') ++i;
    size_t j = i;
    while (j < cleaned.size() && cleaned[j] != ' ') ++j;
    if (j > i) words.push_back(cleaned.substr(i, j - i));
    i = j;
  }
  size_t start = 0;
  while (start < words.size() && (words[start] == "le" || words[start] == "la" || words[start] == "les" || words[start] == "l")) ++start;
  std::string out;
  for (size_t k = start; k < words.size(); ++k) out += (out.empty() ? "" : " ") + words[k];
  return out;
}

std::string EvalReport::summary() const {
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "score=%.3f hit@1=%.2f hit@3=%.2f mrr=%.2f composition_f1=%.2f none_ok=%zu/%zu n=%zu errors=%zu"
                " confident_precision=%.2f (%zu/%zu) in_scope_confident=%.2f",
                score,
                ranked ? static_cast<double>(hit1) / static_cast<double>(ranked) : 0.0,
                ranked ? static_cast<double>(hit3) / static_cast<double>(ranked) : 0.0,
                ranked ? rr_sum / static_cast<double>(ranked) : 0.0,
                composition_n ? composition_sum / static_cast<double>(composition_n) : 0.0, none_ok, none_total, questions, errors,
                confident_precision(), confident_right, confident,
                ranked ? static_cast<double>(ranked_confident) / static_cast<double>(ranked) : 0.0);
  return buf;
}

EvalReport evaluate_file(Answerer& answerer, const Catalog& catalog, const std::string& path, std::ostream* verbose,
                         const std::vector<GoldUnit>* units) {
  std::ifstream in(path);
  if (!in) throw QuifaitError("cannot read the question file " + path);
  EvalReport r;
  std::string line;
  int line_no = 0;
  // (folded org, normalised name) -> every normalised name of that gold unit.
  std::map<std::pair<std::string, std::string>, std::set<std::string>> gold_names;
  if (units)
    for (const auto& g : *units) {
      std::set<std::string> names{eval_normalise(g.name)};
      for (const auto& a : g.aliases) names.insert(eval_normalise(a));
      for (const auto& n : names) gold_names[{unicode::fold(g.org), n}] = names;
    }
  auto unit_matches = [&](const std::string& unit_key, const nlohmann::json& gold) {
    std::string gold_org = gold.value("org", ""), gold_name = eval_normalise(gold.value("name", ""));
    std::set<std::string> wanted{gold_name};
    if (auto it = gold_names.find({unicode::fold(gold_org), gold_name}); it != gold_names.end()) wanted = it->second;
    if (const Unit* u = catalog.unit(unit_key)) {
      if (unicode::fold(u->org) != unicode::fold(gold_org)) return false;
      if (wanted.count(eval_normalise(u->name))) return true;
      for (const auto& a : u->aliases)
        if (wanted.count(eval_normalise(a))) return true;
      return false;
    }
    const Org* org = catalog.org_for_key(unit_key);
    return org && unicode::fold(org->code) == unicode::fold(gold_org) && eval_normalise(org->name) == gold_name;
  };
  while (std::getline(in, line)) {
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    nlohmann::json row;
    try {
      row = nlohmann::json::parse(line);
    } catch (const nlohmann::json::exception& e) {
      throw QuifaitError(path + ":" + std::to_string(line_no) + ": not JSON: " + e.what());
    }
    ++r.questions;
    std::string intent = row.value("intent", "responsibility");
    const nlohmann::json gold = row.value("gold", nlohmann::json::array());
    AnswerSet answers;
    try {
      answers = answerer.ask(row.value("q", ""));
    } catch (const QuifaitError& e) {
      ++r.errors;
      if (verbose) *verbose << "ERROR " << row.value("id", "") << ": " << e.what() << "\n";
      continue;
    }
    double s = 0;
    QuestionOutcome outcome;
    outcome.id = row.value("id", "");
    outcome.set_intent = intent;
    outcome.answered_as = answers.intent;
    outcome.confident = answers.confident && !answers.answers.empty();
    outcome.confidence = answers.confidence;
    outcome.signals = answers.signals;
    if (intent == "none") {
      ++r.none_total;
      bool ok = !answers.confident || answers.answers.empty();
      r.none_ok += ok;
      r.confident += !ok;
      s = ok ? 1 : 0;
    } else if (intent == "composition") {
      size_t found = 0;
      for (const auto& g : gold) {
        for (const auto& a : answers.answers)
          if (unit_matches(a.unit_key, g)) {
            ++found;
            break;
          }
      }
      double p = answers.answers.empty() ? 0 : static_cast<double>(found) / static_cast<double>(answers.answers.size());
      double rc = gold.empty() ? 0 : static_cast<double>(found) / static_cast<double>(gold.size());
      s = p + rc > 0 ? 2 * p * rc / (p + rc) : 0;
      r.composition_sum += s;
      ++r.composition_n;
    } else {
      size_t rank = 0;
      for (size_t i = 0; i < answers.answers.size() && i < 5 && !rank; ++i)
        for (const auto& g : gold)
          if (unit_matches(answers.answers[i].unit_key, g)) {
            rank = i + 1;
            break;
          }
      s = rank ? 1.0 / static_cast<double>(rank) : 0;
      ++r.ranked;
      r.hit1 += rank == 1;
      outcome.first_right = rank == 1;
      if (answers.confident && !answers.answers.empty()) {
        ++r.confident;
        ++r.ranked_confident;
        r.confident_right += rank == 1;
      }
      r.hit3 += rank && rank <= 3;
      r.rr_sum += s;
    }
    if (intent == "composition" && !answers.answers.empty())
      for (const auto& g : gold) outcome.first_right = outcome.first_right || unit_matches(answers.answers.front().unit_key, g);
    r.outcomes.push_back(std::move(outcome));
    r.score_sum += s;
    if (verbose && s < 1.0) {
      *verbose << "MISS " << row.value("id", "") << " s=" << s << " [" << intent << "] " << row.value("q", "") << "  ->";
      for (size_t i = 0; i < answers.answers.size() && i < 3; ++i)
        *verbose << " " << unit_ref_json(answers.answers[i].unit_key, catalog)["name"].get<std::string>() << ";";
      *verbose << " (confident=" << answers.confident << ")\n";
    }
  }
  r.score = r.questions ? r.score_sum / static_cast<double>(r.questions) : 0;
  return r;
}

}  // namespace quifait
