#include "index/replica.h"

#include <unistd.h>

#include <filesystem>

#include "index/generations.h"
#include "index/index_reader.h"
#include "index/shards.h"
#include "util/error.h"

namespace fs = std::filesystem;

namespace quifait {

ReplicaResult replicate_index(const std::string& master_db, const std::string& replica_db) {
  std::error_code ec;
  if (is_stub_file(master_db))
    throw IndexError(master_db + " is a stub file: replicate each shard's index, then copy the stub");
  fs::path source = fs::canonical(master_db, ec);
  if (ec || !fs::is_directory(source, ec))
    throw IndexError("no index at " + master_db + ": build one with `quifait index --db " + master_db + "`");
  std::string name = source.filename().string();
  IndexSlot slot(replica_db);
  ReplicaResult result;
  result.generation = name;
  if (slot.previous() == name && fs::is_directory(slot.generations() / name, ec)) return result;

  fs::path partial = slot.generations() / (name + ".partial-" + std::to_string(getpid()));
  fs::path target = slot.generations() / name;
  fs::remove_all(partial, ec);
  auto fail = [&](const std::string& why) {
    fs::remove_all(partial, ec);
    throw IndexError("cannot copy " + source.string() + " to " + replica_db + ": " + why +
                     "; the replica keeps its current index");
  };
  fs::create_directories(partial, ec);
  if (ec) fail(ec.message());
  for (const auto& entry : fs::directory_iterator(source, ec)) {
    if (!entry.is_regular_file()) continue;
    fs::copy_file(entry.path(), partial / entry.path().filename(), fs::copy_options::overwrite_existing, ec);
    if (ec) fail(ec.message());
    result.bytes += fs::file_size(entry.path(), ec);
  }
  if (ec) fail(ec.message());
  // The copy must open as an index this program can search (the same check as any reader's):
  // the master's generation may have gone during the copy.
  try {
    (void)open_index(partial.string());
  } catch (const IndexError& e) {
    fail(e.what());
  }
  fs::remove_all(target, ec);
  fs::rename(partial, target, ec);
  if (ec) fail(ec.message());
  slot.publish(name);
  result.copied = true;
  return result;
}

}  // namespace quifait
