#include "index/passage_units.h"

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

}  // namespace quifait
