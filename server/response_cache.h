// quifait server: a bounded cache of JSON response bodies, shared by every worker.
//
// The same questions come back again and again from a public box (and every keystroke of
// the search box repeats a prefix), so answers are kept, keyed by the index generation
// and the validated parameters: a rebuilt index changes the generation, which makes
// every old entry unreachable (they age out of the LRU). Sharded, each shard an LRU
// list under its own mutex, so workers rarely wait on each other.
//
// get(key) returns the body when present (and marks it recently used); put(key, body)
// stores it, evicting least recently used entries beyond the shard's byte budget. Bodies
// larger than a shard's budget / 8 are not stored. Thread-safe.
#pragma once
#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace quifait::server {

class ResponseCache {
 public:
  // `max_bytes` 0 disables the cache.
  explicit ResponseCache(size_t max_bytes, size_t shards = 16);

  std::optional<std::string> get(const std::string& key);
  void put(const std::string& key, const std::string& body);

  size_t entries() const;

 private:
  struct Shard {
    mutable std::mutex mutex;
    std::list<std::pair<std::string, std::string>> lru;  // most recent first
    std::unordered_map<std::string, std::list<std::pair<std::string, std::string>>::iterator> index;
    size_t bytes = 0;
  };
  size_t shard_budget_;
  std::vector<std::unique_ptr<Shard>> shards_;
  Shard& shard_for(const std::string& key);
};

}  // namespace quifait::server
