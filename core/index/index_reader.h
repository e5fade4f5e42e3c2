// quifait: opening an index built by build_index.
//
// open_index(db_path) opens the generation the link points to and loads the tree and
// analysis settings from its metadata, and which unit owns each passage (PassageUnits).
// Throws IndexError with an actionable message when the index is missing ("run quifait
// index …"), corrupt, or of another format.
// current_generation(db_path) is the generation the link points to now (cheap: one
// readlink), so a server can notice a rebuilt index and reopen.
#pragma once
#include <xapian.h>

#include <memory>
#include <string>
#include <vector>

#include "index/catalog.h"
#include "index/passage_units.h"
#include "util/paths.h"  // default_db_path()

namespace quifait {

struct OpenIndex {
  Xapian::Database db;
  std::shared_ptr<const Catalog> catalog;
  std::vector<std::string> stopwords;
  std::string generation;  // resolved path of the generation directory
  std::vector<DocumentInfo> documents;  // the corpus manifest the index was built from
  std::shared_ptr<const PassageUnits> passage_units;  // docid -> owning unit
};

OpenIndex open_index(const std::string& db_path);
std::string current_generation(const std::string& db_path);


}  // namespace quifait
