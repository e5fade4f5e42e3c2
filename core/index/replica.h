// quifait: a replica of an index, by copying its master's current generation.
//
// A generation is never written once published (generations.h), so a replica is a plain copy
// of its files followed by the same atomic link switch a build makes: a server reading the
// replica picks the new generation up as it does after a rebuild. This is the replication
// quifait uses rather than xapian-replicate, which needs the term list table (about a third
// more disk, docs/scale-out.md) and, since every build is a new database, would send the whole
// database each time anyway. Across machines, the master's DB.d is reached through a shared or
// synced folder (docs/scale-out.md shows rsync over ssh).
#pragma once
#include <string>

namespace quifait {

struct ReplicaResult {
  bool copied = false;      // false: the replica already had the master's generation
  std::string generation;   // the generation the replica's link points to now
  unsigned long long bytes = 0;  // copied
};

// Makes `replica_db` point to a copy of the generation `master_db` points to now.
// Throws IndexError when the master is not an index, when the copy fails (the master's
// generation may have been removed by two rebuilds during the copy: the replica is left as it
// was, and the next call copies the newer one), when the copy is not a database of this
// program's format, or when another writer holds the replica's lock.
ReplicaResult replicate_index(const std::string& master_db, const std::string& replica_db);

}  // namespace quifait
