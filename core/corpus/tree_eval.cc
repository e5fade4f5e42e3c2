#include "corpus/tree_eval.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <unordered_map>

#include "qa/eval.h"
#include "util/error.h"

namespace quifait {

std::vector<GoldUnit> load_gold_tree(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw QuifaitError("cannot read the gold tree " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  std::vector<GoldUnit> out;
  try {
    auto j = nlohmann::json::parse(ss.str());
    if (!j.contains("units") || !j["units"].is_array()) throw QuifaitError(path + ": needs a \"units\" list");
    for (const auto& u : j["units"]) {
      GoldUnit g;
      g.org = u.at("org").get<std::string>();
      g.name = u.at("name").get<std::string>();
      g.parent = u.contains("parent") && !u["parent"].is_null() ? u["parent"].get<std::string>() : "";
      if (u.contains("aliases")) g.aliases = u["aliases"].get<std::vector<std::string>>();
      out.push_back(std::move(g));
    }
  } catch (const nlohmann::json::exception& e) {
    throw QuifaitError(path + ": not a gold tree (" + e.what() + ")");
  }
  return out;
}

namespace {

std::set<std::string> names_of(const std::string& name, const std::vector<std::string>& aliases) {
  std::set<std::string> out{eval_normalise(name)};
  for (const auto& a : aliases) out.insert(eval_normalise(a));
  return out;
}

bool meet(const std::set<std::string>& a, const std::set<std::string>& b) {
  for (const auto& x : a)
    if (b.count(x)) return true;
  return false;
}

}  // namespace

TreeScore score_tree(const std::vector<Unit>& units, const std::vector<GoldUnit>& gold) {
  TreeScore s;
  s.gold = gold.size();
  std::unordered_map<std::string, const Unit*> by_id;
  std::vector<std::set<std::string>> unit_names;
  for (const auto& u : units) {
    by_id[u.id] = &u;
    unit_names.push_back(names_of(u.name, u.aliases));
  }
  std::unordered_map<std::string, std::set<std::string>> gold_names;  // org|norm(name) -> names
  std::set<std::string> orgs;
  for (const auto& g : gold) {
    gold_names[eval_normalise(g.org) + "|" + eval_normalise(g.name)] = names_of(g.name, g.aliases);
    orgs.insert(eval_normalise(g.org));
  }
  std::set<std::string> matched;
  for (const auto& g : gold) {
    std::set<std::string> want = names_of(g.name, g.aliases);
    const Unit* hit = nullptr;
    for (size_t i = 0; i < units.size() && !hit; ++i)
      if (eval_normalise(units[i].org) == eval_normalise(g.org) && meet(unit_names[i], want)) hit = &units[i];
    if (!hit) {
      s.missing.push_back("[" + g.org + "] " + g.name);
      continue;
    }
    ++s.found;
    matched.insert(hit->id);
    const Unit* parent = hit->parent_id.empty() ? nullptr : (by_id.count(hit->parent_id) ? by_id[hit->parent_id] : nullptr);
    bool ok;
    if (g.parent.empty()) {
      ok = parent == nullptr;
    } else {
      auto it = gold_names.find(eval_normalise(g.org) + "|" + eval_normalise(g.parent));
      std::set<std::string> gp = it != gold_names.end() ? it->second : std::set<std::string>{eval_normalise(g.parent)};
      ok = parent && meet(names_of(parent->name, parent->aliases), gp);
    }
    if (ok) ++s.right_parent;
    else
      s.wrong_parent.push_back("[" + g.org + "] " + g.name + ": got " + (parent ? "'" + parent->name + "'" : "none") +
                               ", want " + (g.parent.empty() ? "none" : "'" + g.parent + "'"));
  }
  for (const auto& u : units)
    if (orgs.count(eval_normalise(u.org)) && !matched.count(u.id)) {
      ++s.extra;
      s.extras.push_back("[" + u.org + "] " + u.name);
    }
  s.recall = s.gold ? static_cast<double>(s.right_parent) / static_cast<double>(s.gold) : 0.0;
  size_t claimed = s.found + s.extra;
  s.precision = claimed ? static_cast<double>(s.right_parent) / static_cast<double>(claimed) : 0.0;
  s.f1 = s.precision + s.recall > 0 ? 2 * s.precision * s.recall / (s.precision + s.recall) : 0.0;
  return s;
}

}  // namespace quifait
