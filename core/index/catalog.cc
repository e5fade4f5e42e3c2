#include "index/catalog.h"

#include "corpus/structure.h"

namespace quifait {

Catalog::Catalog(std::vector<Org> orgs, std::vector<Unit> units) : orgs_(std::move(orgs)), units_(std::move(units)) {
  for (size_t i = 0; i < units_.size(); ++i) by_id_[units_[i].id] = i;
  for (size_t i = 0; i < units_.size(); ++i) {
    const Unit& u = units_[i];
    std::string parent = u.parent_id.empty() ? org_key(u.org) : u.parent_id;
    children_[parent].push_back(i);
  }
  for (const auto& o : orgs_) org_by_key_[org_key(o.code)] = o.code;
}

const Unit* Catalog::unit(const std::string& id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &units_[it->second];
}

const Org* Catalog::org(const std::string& code) const {
  for (const auto& o : orgs_)
    if (o.code == code) return &o;
  return nullptr;
}

std::vector<const Unit*> Catalog::children(const std::string& id) const {
  std::vector<const Unit*> out;
  auto it = children_.find(id);
  if (it == children_.end()) return out;
  for (size_t i : it->second) out.push_back(&units_[i]);
  return out;
}

std::vector<const Unit*> Catalog::top_units(const std::string& org_code) const { return children(org_key(org_code)); }

std::vector<std::string> Catalog::path(const Unit& unit) const {
  std::vector<std::string> names;
  const Unit* u = &unit;
  for (int guard = 0; u && guard < 64; ++guard) {
    names.push_back(u->name);
    u = u->parent_id.empty() ? nullptr : this->unit(u->parent_id);
  }
  names.push_back(unit.org);
  return {names.rbegin(), names.rend()};
}

std::string Catalog::org_key(const std::string& org_code) { return slugify(org_code); }

const Org* Catalog::org_for_key(const std::string& key) const {
  auto it = org_by_key_.find(key);
  // An org code as written ("INSEE") names the org as well as its key ("insee").
  if (it == org_by_key_.end()) it = org_by_key_.find(org_key(key));
  return it == org_by_key_.end() ? nullptr : org(it->second);
}

nlohmann::json Catalog::to_json() const {
  nlohmann::json j;
  j["orgs"] = nlohmann::json::array();
  for (const auto& o : orgs_) j["orgs"].push_back({{"code", o.code}, {"name", o.name}});
  j["units"] = nlohmann::json::array();
  for (const auto& u : units_) {
    j["units"].push_back({{"id", u.id},
                          {"name", u.name},
                          {"type", u.type},
                          {"org", u.org},
                          {"parent", u.parent_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(u.parent_id)},
                          {"aliases", u.aliases},
                          {"parent_source", u.parent_source.empty() ? "inferred" : u.parent_source},
                          {"parent_evidence", u.parent_evidence},
                          {"doc", u.doc}});
  }
  return j;
}

std::shared_ptr<const Catalog> Catalog::from_json(const nlohmann::json& j) {
  std::vector<Org> orgs;
  for (const auto& o : j.at("orgs")) orgs.push_back({o.at("code").get<std::string>(), o.at("name").get<std::string>()});
  std::vector<Unit> units;
  int order = 0;
  for (const auto& x : j.at("units")) {
    Unit u;
    u.id = x.at("id").get<std::string>();
    u.name = x.at("name").get<std::string>();
    u.type = x.at("type").get<std::string>();
    u.org = x.at("org").get<std::string>();
    u.parent_id = x.at("parent").is_null() ? "" : x.at("parent").get<std::string>();
    u.aliases = x.value("aliases", std::vector<std::string>{});
    u.parent_source = x.value("parent_source", std::string("inferred"));
    u.parent_evidence = x.value("parent_evidence", std::string());
    u.doc = x.value("doc", "");
    u.order = order++;
    units.push_back(std::move(u));
  }
  return std::make_shared<const Catalog>(std::move(orgs), std::move(units));
}

}  // namespace quifait
