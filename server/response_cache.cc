#include "server/response_cache.h"

#include <functional>

namespace quifait::server {

ResponseCache::ResponseCache(size_t max_bytes, size_t shards) : shard_budget_(shards ? max_bytes / shards : 0) {
  for (size_t i = 0; i < shards; ++i) shards_.push_back(std::make_unique<Shard>());
}

ResponseCache::Shard& ResponseCache::shard_for(const std::string& key) {
  return *shards_[std::hash<std::string>()(key) % shards_.size()];
}

std::optional<std::string> ResponseCache::get(const std::string& key) {
  if (shard_budget_ == 0) return std::nullopt;
  Shard& s = shard_for(key);
  std::lock_guard<std::mutex> lock(s.mutex);
  auto it = s.index.find(key);
  if (it == s.index.end()) return std::nullopt;
  s.lru.splice(s.lru.begin(), s.lru, it->second);
  return it->second->second;
}

void ResponseCache::put(const std::string& key, const std::string& body) {
  size_t size = key.size() + body.size();
  if (shard_budget_ == 0 || size > shard_budget_ / 8) return;
  Shard& s = shard_for(key);
  std::lock_guard<std::mutex> lock(s.mutex);
  if (auto it = s.index.find(key); it != s.index.end()) {
    s.bytes -= it->second->first.size() + it->second->second.size();
    s.lru.erase(it->second);
    s.index.erase(it);
  }
  s.lru.emplace_front(key, body);
  s.index[key] = s.lru.begin();
  s.bytes += size;
  while (s.bytes > shard_budget_ && !s.lru.empty()) {
    auto& last = s.lru.back();
    s.bytes -= last.first.size() + last.second.size();
    s.index.erase(last.first);
    s.lru.pop_back();
  }
}

size_t ResponseCache::entries() const {
  size_t n = 0;
  for (const auto& s : shards_) {
    std::lock_guard<std::mutex> lock(s->mutex);
    n += s->index.size();
  }
  return n;
}

}  // namespace quifait::server
