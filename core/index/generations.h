// quifait: where an index lives on disk, and how a new generation replaces the current one.
//
// An index `--db DB` is a symbolic link DB -> DB.d/gen-<ms>-<pid>, a folder holding one Xapian
// database that is never written again once the link points to it. A writer (a build, or a
// replica copying its master's generation) makes a new generation next to it and switches the
// link with rename(2), atomic on POSIX: readers see the old generation or the new one, never
// half of one (index_reader.h, shards.h). The generation the link pointed to before is kept,
// since readers may still have it open; older ones are removed.
#pragma once
#include <filesystem>
#include <string>

namespace quifait {

class IndexSlot {
 public:
  // Locks DB for writing, creating DB.d. The lock goes with this object (or the process), so a
  // writer killed midway leaves no stale lock. Throws IndexError when DB exists but is not an
  // index link, when DB.d cannot be created, or when another writer holds the lock.
  explicit IndexSlot(const std::string& db_path);
  ~IndexSlot();
  IndexSlot(const IndexSlot&) = delete;
  IndexSlot& operator=(const IndexSlot&) = delete;

  const std::filesystem::path& link() const { return link_; }
  const std::filesystem::path& generations() const { return generations_; }
  // The name of the generation the link pointed to when the slot was locked ("" for none).
  const std::string& previous() const { return previous_; }
  // A fresh generation name: "gen-<milliseconds since the epoch>-<pid>".
  static std::string new_generation_name();

  // Points the link at generations()/name, atomically, then removes the generations other than
  // `name` and previous(), and switch links left by writers killed midway.
  // REQUIRES: generations()/name is a complete database. Throws IndexError when the switch fails
  // (the link is then unchanged).
  void publish(const std::string& name);

 private:
  std::filesystem::path link_, generations_;
  std::string previous_;
  int lock_fd_ = -1;
};

}  // namespace quifait
