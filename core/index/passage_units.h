// quifait: which unit owns each passage, by docid, in memory.
//
// PassageUnits::load(db) reads the unit value (schema::kValueUnit) of every passage once, as
// one sequential value-stream scan (about 2 ms per 30k passages; 3.2 MB of table at 800k), and
// then answers unit_of(docid) without touching the database. Ranking groups the best passages
// by unit with it instead of asking Xapian to collapse on the value: Xapian's collapse reads
// the value of every candidate inside the match, which made a question's match 2-3× slower.
//
// Immutable once loaded: share one instance between threads (OpenIndex holds it). It describes
// one index generation; a rebuilt index needs a new table (open_index makes one).
#pragma once
#include <xapian.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace quifait {

class PassageUnits {
 public:
  static constexpr uint32_t kNoUnit = UINT32_MAX;

  // Throws Xapian::Error when the value stream cannot be read.
  static std::shared_ptr<const PassageUnits> load(const Xapian::Database& db);
  // The table of a database made of shards, from each shard's unit table metadata
  // (schema::kMetaUnitTable, in shard order): Xapian numbers the passage d of shard i (of n)
  // (d - 1) * n + i + 1. Over remote shards this is one exchange per shard where the value
  // stream is one per passage. Returns nullptr when a table is missing or malformed (an index
  // built before the table existed): load() then reads the value stream.
  static std::shared_ptr<const PassageUnits> from_shard_tables(const std::vector<std::string>& tables);

  // Ordinal of the unit key that owns passage `docid`, or kNoUnit for a docid the table
  // does not know (none in an index built by quifait).
  uint32_t unit_of(Xapian::docid docid) const {
    return docid < unit_of_doc_.size() ? unit_of_doc_[docid] : kNoUnit;
  }
  // The unit key (unit id, or org key) of an ordinal unit_of returned.
  const std::string& key(uint32_t ordinal) const { return keys_[ordinal]; }
  size_t unit_count() const { return keys_.size(); }

 private:
  std::vector<uint32_t> unit_of_doc_;  // indexed by docid
  std::vector<std::string> keys_;
};

}  // namespace quifait
