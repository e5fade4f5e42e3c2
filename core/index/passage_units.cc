#include "index/passage_units.h"

#include <cstdlib>
#include <unordered_map>

#include "index/schema.h"

namespace quifait {

std::shared_ptr<const PassageUnits> PassageUnits::load(const Xapian::Database& db) {
  auto out = std::make_shared<PassageUnits>();
  out->unit_of_doc_.assign(static_cast<size_t>(db.get_lastdocid()) + 1, kNoUnit);
  std::unordered_map<std::string, uint32_t> ordinal;
  for (auto it = db.valuestream_begin(schema::kValueUnit); it != db.valuestream_end(schema::kValueUnit); ++it) {
    Xapian::docid did = it.get_docid();
    if (did >= out->unit_of_doc_.size()) continue;  // cannot happen in one generation; never index past the table
    auto [pos, inserted] = ordinal.emplace(*it, static_cast<uint32_t>(out->keys_.size()));
    if (inserted) out->keys_.push_back(pos->first);
    out->unit_of_doc_[did] = pos->second;
  }
  return out;
}

std::shared_ptr<const PassageUnits> PassageUnits::from_shard_tables(const std::vector<std::string>& tables) {
  auto out = std::make_shared<PassageUnits>();
  std::unordered_map<std::string, uint32_t> ordinal;
  const size_t n = tables.size();
  for (size_t shard = 0; shard < n; ++shard) {
    const std::string& t = tables[shard];
    size_t split = t.rfind("#\n");
    if (t.empty() || split == std::string::npos || (split != 0 && t[split - 1] != '\n')) return nullptr;
    std::vector<uint32_t> local;  // the shard's key ordinals -> ours
    for (size_t pos = 0; pos < split;) {
      size_t eol = t.find('\n', pos);
      std::string key = t.substr(pos, eol - pos);
      auto [it, inserted] = ordinal.emplace(key, static_cast<uint32_t>(out->keys_.size()));
      if (inserted) out->keys_.push_back(key);
      local.push_back(it->second);
      pos = eol + 1;
    }
    const char* p = t.c_str() + split + 2;
    for (size_t doc = 1; *p; ++doc) {
      char* end = nullptr;
      unsigned long k = std::strtoul(p, &end, 10);
      if (end == p) break;
      if (k >= local.size()) return nullptr;
      size_t combined = (doc - 1) * n + shard + 1;
      if (combined >= out->unit_of_doc_.size()) out->unit_of_doc_.resize(combined + 1, kNoUnit);
      out->unit_of_doc_[combined] = local[k];
      p = end;
      while (*p == ' ') ++p;
    }
  }
  return out;
}

}  // namespace quifait
