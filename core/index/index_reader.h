// quifait: opening an index built by build_index.
//
// open_index(db_path) opens the generation the link points to and loads the tree and
// analysis settings from its metadata, and which unit owns each passage (PassageUnits).
// db_path may also be a Xapian stub file listing shards (index/shards.h): local indexes that
// `quifait index` built independently (one per ministry), or remote shards. The tree and the
// documents of every shard are merged; every shard must have this program's format and
// analysis, and the same stopwords. The spelling and synonym tables of the shards are merged
// from their metadata into a small local database (OpenIndex::words_path): Xapian serves
// neither over remote, and its own merge of local shards' spelling repairs differently from
// one index.
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
#include "index/record_file.h"
#include "index/shards.h"
#include "util/paths.h"  // default_db_path()

namespace quifait {

struct OpenIndex {
  Xapian::Database db;
  std::shared_ptr<const Catalog> catalog;
  std::vector<std::string> stopwords;
  std::string generation;  // resolved path of the generation directory
  std::vector<DocumentInfo> documents;  // the corpus manifest the index was built from
  std::shared_ptr<const PassageUnits> passage_units;  // docid -> owning unit
  // The generation's uncompressed passage records (record_file.h), for a single local index
  // built with them; null otherwise (stubs, remote shards, older builds): read `db`'s data.
  std::shared_ptr<const RecordFile> records;
  // A stub over local shards that all have record files: one per shard, in order (Xapian
  // numbers passage d of shard s of n as (d - 1) * n + s + 1); empty otherwise.
  std::vector<std::shared_ptr<const RecordFile>> shard_records;
  // Where spelling repair and synonyms are looked up: empty means `db` itself; for a stub, a
  // temporary local database of the shards' merged tables.
  std::string words_path;
  std::shared_ptr<const void> words_owner;  // removes words_path when the last copy goes
  bool remote = false;  // some shard is served through Xapian's remote protocol
  std::vector<ShardSpec> shards;  // a stub's shards, in order (empty for one index)
};

OpenIndex open_index(const std::string& db_path);

// What an index must have been analysed with for this program to search it: the analyzer's
// pipeline version, the elisions of lexicon/administration.json, ICU's version (case folding
// and word breaks) and the field table (schema.h), as 16 hex digits. The builder stores it;
// open_index refuses an index whose fingerprint differs.
std::string analyzer_fingerprint();
// Why an index with this format marker and fingerprint cannot be searched by this program,
// or "" when it can. The message says to rebuild it.
std::string incompatibility(const std::string& db_path, const std::string& format, const std::string& fingerprint);
// What names the index db_path opens now (shards.h, index_version): a server reopens when it
// changes. version_path() of it is the path to open.
std::string current_generation(const std::string& db_path);


}  // namespace quifait
