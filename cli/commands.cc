#include "cli/commands.h"

#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/args.h"
#include "index/index_reader.h"
#include "index/schema.h"

namespace quifait::cli {
namespace {

void print_tree(const Catalog& catalog, const std::string& key, int depth) {
  for (const Unit* u : catalog.children(key)) {
    std::cout << std::string(static_cast<size_t>(depth) * 2, ' ') << u->name << "  [" << u->type << "]\n";
    print_tree(catalog, u->id, depth + 1);
  }
}

}  // namespace

int run_units(int argc, char** argv) {
  auto args = Args::parse(argc, argv, 2, {"json"}, {"db"});
  OpenIndex index = open_index(args.get("db", default_db_path()));
  if (args.has("json")) {
    std::cout << index.catalog->to_json().dump(1) << "\n";
    return 0;
  }
  for (const auto& org : index.catalog->orgs()) {
    std::cout << org.code << " — " << org.name << "\n";
    print_tree(*index.catalog, Catalog::org_key(org.code), 1);
  }
  return 0;
}

int run_export(int argc, char** argv) {
  auto args = Args::parse(argc, argv, 2, {}, {"db"});
  OpenIndex index = open_index(args.get("db", default_db_path()));
  const Catalog& catalog = *index.catalog;
  for (auto it = index.db.postlist_begin(""); it != index.db.postlist_end(""); ++it) {
    auto data = nlohmann::json::parse(index.db.get_document(*it).get_data());
    std::string key = data.value("unit_id", "");
    nlohmann::json unit;
    if (const Unit* u = catalog.unit(key)) {
      unit = {{"id", u->id}, {"name", u->name}, {"type", u->type}, {"path", catalog.path(*u)}};
    } else {
      const Org* org = catalog.org_for_key(key);
      unit = {{"id", key}, {"name", org ? org->name : key}, {"type", schema::kOrgType},
              {"path", std::vector<std::string>{org ? org->code : key}}};
    }
    nlohmann::json line = {{"passage_id", data["passage_id"]}, {"doc", data["doc"]},   {"org", data["org"]},
                           {"unit", unit},                     {"section", data["section"]}, {"text", data["text"]}};
    std::cout << line.dump() << "\n";
  }
  return 0;
}

}  // namespace quifait::cli
// TEMP-STUBS-BEGIN
namespace quifait::cli {
int run_ask(int, char**) { return 3; }
int run_search(int, char**) { return 3; }
int run_eval(int, char**) { return 3; }
}
namespace quifait { int run_serve_command(int, char**) { return 3; } }
// TEMP-STUBS-END
