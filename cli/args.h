// quifait: a tiny command-line parser shared by the subcommands.
//
// Args::parse(argv, known_flags, known_options) splits "--flag", "--option VALUE" /
// "--option=VALUE" and positional words. Unknown options throw BadRequest with a message
// naming the option, so every subcommand rejects typos the same way.
#pragma once
#include <map>
#include <set>
#include <string>
#include <vector>

#include "util/error.h"

namespace quifait::cli {

struct Args {
  std::set<std::string> flags;
  std::map<std::string, std::string> options;
  std::vector<std::string> positional;

  bool has(const std::string& flag) const { return flags.count(flag) > 0; }
  std::string get(const std::string& option, const std::string& fallback = "") const {
    auto it = options.find(option);
    return it == options.end() ? fallback : it->second;
  }
  std::string joined_positional() const {
    std::string out;
    for (const auto& p : positional) out += (out.empty() ? "" : " ") + p;
    return out;
  }

  static Args parse(int argc, char** argv, int first, const std::set<std::string>& known_flags,
                    const std::set<std::string>& known_options) {
    Args a;
    bool only_positional = false;
    for (int i = first; i < argc; ++i) {
      std::string w = argv[i];
      if (only_positional || w.size() < 2 || w.compare(0, 2, "--") != 0) {
        a.positional.push_back(w);
        continue;
      }
      if (w == "--") {
        only_positional = true;
        continue;
      }
      std::string name = w.substr(2), value;
      bool has_value = false;
      if (auto eq = name.find('='); eq != std::string::npos) {
        value = name.substr(eq + 1);
        name = name.substr(0, eq);
        has_value = true;
      }
      if (known_flags.count(name) && !has_value) {
        a.flags.insert(name);
      } else if (known_options.count(name)) {
        if (!has_value) {
          if (i + 1 >= argc) throw BadRequest("option --" + name + " needs a value");
          value = argv[++i];
        }
        a.options[name] = value;
      } else {
        throw BadRequest("unknown option --" + name + " (see quifait --help)");
      }
    }
    return a;
  }
};

}  // namespace quifait::cli
