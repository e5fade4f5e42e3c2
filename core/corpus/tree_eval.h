// quifait: scoring an organisation tree against a gold tree.
//
// The gold file has the form of tests/data/*/units.json: {"units": [{"org", "name", "parent"
// (a unit name or null), "aliases", "type"}]}. Units match by org and by name or alias after
// eval_normalise (no accents, lower case, punctuation and a leading article dropped). A gold
// unit counts as right when a unit of the tree matches it and that unit's parent matches the
// gold parent (null: no parent unit). Precision counts every tree unit of the gold's orgs:
// a wrong parent and a unit the gold does not have both count against it.
//
// score_tree never throws; load_gold_tree throws QuifaitError naming the file and the fault.
#pragma once
#include <string>
#include <vector>

#include "corpus/model.h"

namespace quifait {

struct GoldUnit {
  std::string org, name, parent;  // parent: empty for a top unit
  std::vector<std::string> aliases;
};

struct TreeScore {
  size_t gold = 0;          // gold units
  size_t found = 0;         // gold units matched by a tree unit
  size_t right_parent = 0;  // of those, with the gold parent
  size_t extra = 0;         // tree units of the gold's orgs that match no gold unit
  double recall = 0, precision = 0, f1 = 0;
  std::vector<std::string> missing, wrong_parent, extras;  // human-readable lines
};

std::vector<GoldUnit> load_gold_tree(const std::string& path);
TreeScore score_tree(const std::vector<Unit>& units, const std::vector<GoldUnit>& gold);

}  // namespace quifait
