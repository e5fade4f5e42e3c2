#include "analysis/thesaurus.h"

#include <mythes.hxx>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <unordered_map>

#include "analysis/unicode.h"
#include "util/error.h"

namespace quifait {

struct Thesaurus::Impl {
  MyThes thesaurus;
  std::mutex mutex;
  std::unordered_map<std::string, std::vector<std::string>> memo;
  Impl(const std::string& idx, const std::string& dat) : thesaurus(idx.c_str(), dat.c_str()) {}
};

Thesaurus::Thesaurus(const std::string& idx_path, const std::string& dat_path) {
  if (!std::filesystem::exists(idx_path) || !std::filesystem::exists(dat_path))
    throw QuifaitError("the French thesaurus " + idx_path + " / " + dat_path +
                       " is missing: install Debian's mythes-fr (scripts/setup.sh does)");
  impl_ = std::make_unique<Impl>(idx_path, dat_path);
}

Thesaurus::~Thesaurus() = default;

const Thesaurus& Thesaurus::standard() {
  static const Thesaurus* t = [] {
    std::string dir = "/usr/share/mythes";
    if (const char* env = std::getenv("QUIFAIT_MYTHES_DIR"); env && *env) dir = env;
    return new Thesaurus(dir + "/thes_fr.idx", dir + "/thes_fr.dat");
  }();
  return *t;
}

std::vector<std::string> Thesaurus::synonyms(std::string_view lower_word) const {
  std::string key(lower_word);
  if (key.empty() || key.size() >= 200) return {};
  std::lock_guard<std::mutex> lock(impl_->mutex);
  auto it = impl_->memo.find(key);
  if (it != impl_->memo.end()) return it->second;
  std::vector<std::string> out;
  mentry* meanings = nullptr;
  int n = impl_->thesaurus.Lookup(key.c_str(), static_cast<int>(key.size()), &meanings);
  for (int m = 0; m < n; ++m) {
    for (int s = 0; s < meanings[m].count; ++s) {
      std::string syn = meanings[m].psyns[s] ? meanings[m].psyns[s] : "";
      if (syn.empty() || syn.find(' ') != std::string::npos || syn == key) continue;
      if (unicode::first_invalid_utf8(syn)) continue;
      syn = unicode::lower(syn);
      if (std::find(out.begin(), out.end(), syn) == out.end()) out.push_back(std::move(syn));
    }
  }
  if (n > 0) impl_->thesaurus.CleanUpAfterLookup(&meanings, n);
  if (impl_->memo.size() < 100000) impl_->memo.emplace(key, out);
  return out;
}

}  // namespace quifait
