#include "qa/confidence.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "util/paths.h"
#include "util/error.h"

namespace quifait {

std::map<std::string, double> ConfidenceSignals::named() const {
  return {{"coverage", coverage},   {"unindexed_french", unindexed_french}, {"predicate_unindexed", predicate_unindexed}, {"unknown", unknown},
          {"margin", margin},       {"focus_covered", focus_covered},       {"second_coverage", second_coverage},
          {"words", words},         {"log_weight", log_weight},             {"name_coverage", name_coverage},
          {"child_named", child_named}};
}

ConfidenceModel ConfidenceModel::from_json(const std::string& json_text, const std::string& name) {
  ConfidenceModel m;
  try {
    auto j = nlohmann::json::parse(json_text);
    m.features_ = j.at("features").get<std::vector<std::string>>();
    m.weights_ = j.at("weights").get<std::vector<double>>();
    m.means_ = j.value("means", std::vector<double>(m.features_.size(), 0.0));
    m.scales_ = j.value("scales", std::vector<double>(m.features_.size(), 1.0));
    m.bias_ = j.at("bias").get<double>();
    m.threshold_ = j.at("threshold").get<double>();
  } catch (const nlohmann::json::exception& e) {
    throw QuifaitError(name + ": not a confidence model (" + e.what() + ")");
  }
  if (m.weights_.size() != m.features_.size() || m.means_.size() != m.features_.size() ||
      m.scales_.size() != m.features_.size())
    throw QuifaitError(name + ": features, weights, means and scales must have the same length");
  auto known = ConfidenceSignals{}.named();
  for (const auto& f : m.features_)
    if (!known.count(f)) throw QuifaitError(name + ": unknown feature \"" + f + "\"");
  return m;
}

const ConfidenceModel& ConfidenceModel::standard() {
  static const ConfidenceModel model = [] {
    const char* relative = "lexicon/confidence.json";
    return from_json(read_data_file(relative, "the confidence model"), data_dir() + "/" + relative);
  }();
  return model;
}

double ConfidenceModel::probability(const ConfidenceSignals& s) const {
  auto values = s.named();
  double z = bias_;
  for (size_t i = 0; i < features_.size(); ++i) {
    double scale = scales_[i] != 0 ? scales_[i] : 1.0;
    z += weights_[i] * (values[features_[i]] - means_[i]) / scale;
  }
  return 1.0 / (1.0 + std::exp(-z));
}

}  // namespace quifait
