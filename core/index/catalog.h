// quifait: the organisation tree as stored in (and loaded from) an index.
//
// A Catalog is immutable once built, so one instance can be shared by every thread.
// It answers tree questions (unit by id, children in document order, path from the org)
// without touching Xapian.
#pragma once
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <vector>

#include "corpus/model.h"

namespace quifait {

class Catalog {
 public:
  Catalog(std::vector<Org> orgs, std::vector<Unit> units);

  const std::vector<Org>& orgs() const { return orgs_; }
  const std::vector<Unit>& units() const { return units_; }

  // nullptr when unknown.
  const Unit* unit(const std::string& id) const;
  const Org* org(const std::string& code) const;
  // Children of a unit (or of an org when `id` is an org key), in document order.
  std::vector<const Unit*> children(const std::string& id) const;
  std::vector<const Unit*> top_units(const std::string& org_code) const;
  // ["INSEE", "secrétariat général", "département des services généraux"].
  std::vector<std::string> path(const Unit& unit) const;

  // The key that passages owned by an org itself carry ("ssp" for SSP).
  static std::string org_key(const std::string& org_code);
  // The org whose key this is, or nullptr; the org code in any case ("INSEE", "insee") works too.
  const Org* org_for_key(const std::string& key) const;

  // {"orgs": [...], "units": [...]} as in DESIGN.md (`quifait units --json`).
  nlohmann::json to_json() const;
  static std::shared_ptr<const Catalog> from_json(const nlohmann::json& j);

 private:
  std::vector<Org> orgs_;
  std::vector<Unit> units_;
  std::unordered_map<std::string, size_t> by_id_;
  std::unordered_map<std::string, std::vector<size_t>> children_;
  std::unordered_map<std::string, std::string> org_by_key_;
};

}  // namespace quifait
