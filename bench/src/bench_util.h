// Helpers shared by the benchmark programs: timing, percentiles, peak RSS, directory size,
// reading the JSON-lines query sets.
#pragma once
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

namespace bench {

inline double now_ms() {
  using namespace std::chrono;
  return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

// Peak resident set size of this process, in bytes.
inline long peak_rss_bytes() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss * 1024L;
}

// CPU time (user + system) of this process so far, in seconds.
inline double cpu_seconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return double(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) + double(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

inline unsigned long long dir_bytes(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path p = fs::canonical(path, ec);
  if (ec) return 0;
  unsigned long long total = 0;
  for (auto it = fs::recursive_directory_iterator(p, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
    if (it->is_regular_file(ec)) total += it->file_size(ec);
  return total;
}

// Nearest-rank percentile (q in 0..1) of a sample.
inline double percentile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t rank = static_cast<size_t>(std::ceil(q * static_cast<double>(v.size())));
  if (rank == 0) rank = 1;
  return v[std::min(rank, v.size()) - 1];
}

inline nlohmann::json latency_json(const std::vector<double>& ms) {
  double sum = 0;
  for (double x : ms) sum += x;
  return {{"n", ms.size()},
          {"p50_ms", percentile(ms, 0.50)},
          {"p90_ms", percentile(ms, 0.90)},
          {"p99_ms", percentile(ms, 0.99)},
          {"mean_ms", ms.empty() ? 0 : sum / static_cast<double>(ms.size())},
          {"max_ms", percentile(ms, 1.0)}};
}

inline std::vector<nlohmann::json> read_jsonl(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::vector<nlohmann::json> out;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(nlohmann::json::parse(line));
  return out;
}

// --name value pairs after argv[first].
struct Flags {
  std::vector<std::pair<std::string, std::string>> kv;
  Flags(int argc, char** argv, int first) {
    for (int i = first; i < argc; ++i) {
      std::string a = argv[i];
      if (a.rfind("--", 0) != 0) throw std::runtime_error("unexpected argument " + a);
      std::string v = (i + 1 < argc && std::string(argv[i + 1]).rfind("--", 0) != 0) ? argv[++i] : "1";
      kv.emplace_back(a.substr(2), v);
    }
  }
  std::string get(const std::string& k, const std::string& def = "") const {
    for (auto& [key, v] : kv)
      if (key == k) return v;
    if (def.empty()) throw std::runtime_error("missing --" + k);
    return def;
  }
  int num(const std::string& k, int def) const { return std::stoi(get(k, std::to_string(def))); }
};

}  // namespace bench
