// The floor of our own stack: a bare Xapian program over the same passages.
//
//   bench_bare_xapian index --input passages.jsonl --db DIR
//       passages.jsonl is `quifait export` (passage_id, unit.id, text): TermGenerator with
//       Xapian::Stem("french") (positions, as quifait's body field), value 0 = the unit key,
//       the passage as document data. Wall time includes reading the JSON lines.
//   bench_bare_xapian query --db DIR --queries FILE.jsonl --stopwords FILE [--repeat 3]
//       QueryParser with Xapian::Stem("french"), STEM_SOME, default OR, a stopper with the
//       same stopword list as quifait; top 10 collapsed by unit (value 0), and each hit's
//       document data read (the evidence). Warm: one unmeasured pass, then `repeat` passes.
#include <xapian.h>

#include <cctype>
#include <iostream>

#include "bench_util.h"

using nlohmann::json;

namespace {

std::string lower_ascii(std::string s) {
  // Lower-case ASCII; UTF-8 capitals are rare in the generated queries (always lower-case).
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

int cmd_index(const bench::Flags& f) {
  std::string db_path = f.get("db");
  std::filesystem::remove_all(db_path);
  double t0 = bench::now_ms();
  Xapian::WritableDatabase db(db_path, Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
  Xapian::TermGenerator tg;
  tg.set_stemmer(Xapian::Stem("french"));
  tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
  std::ifstream in(f.get("input"));
  if (!in) throw std::runtime_error("cannot read " + f.get("input"));
  size_t n = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    json p = json::parse(line);
    std::string unit = p["unit"]["id"].get<std::string>();
    std::string text = p["text"].get<std::string>();
    Xapian::Document doc;
    tg.set_document(doc);
    tg.index_text(text);
    doc.add_value(0, unit);
    doc.add_boolean_term("Q" + p["passage_id"].get<std::string>());
    doc.set_data(json({{"id", p["passage_id"]}, {"unit", unit}, {"text", text}}).dump());
    db.add_document(doc);
    ++n;
  }
  db.commit();
  db.close();
  double ms = bench::now_ms() - t0;
  unsigned long long bytes = bench::dir_bytes(db_path);
  json out = {{"system", "xapian"}, {"passages", n}, {"seconds", ms / 1000}, {"passages_per_s", n / (ms / 1000)},
              {"index_bytes", bytes}, {"bytes_per_passage", n ? double(bytes) / double(n) : 0},
              {"peak_rss_bytes", bench::peak_rss_bytes()}, {"cpu_seconds", bench::cpu_seconds()}};
  std::cout << out.dump() << std::endl;
  return 0;
}

int cmd_query(const bench::Flags& f) {
  Xapian::Database db(f.get("db"));
  Xapian::SimpleStopper stopper;
  {
    std::ifstream in(f.get("stopwords"));
    for (std::string w; std::getline(in, w);) {
      auto hash = w.find('#');
      if (hash != std::string::npos) w.erase(hash);
      while (!w.empty() && std::isspace(static_cast<unsigned char>(w.back()))) w.pop_back();
      while (!w.empty() && std::isspace(static_cast<unsigned char>(w.front()))) w.erase(w.begin());
      if (!w.empty()) stopper.add(w);
    }
  }
  Xapian::QueryParser qp;
  qp.set_database(db);
  qp.set_stemmer(Xapian::Stem("french"));
  qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  qp.set_stopper(&stopper);
  qp.set_default_op(Xapian::Query::OP_OR);
  Xapian::Enquire enquire(db);
  enquire.set_collapse_key(0, 1);
  auto queries = bench::read_jsonl(f.get("queries"));
  int repeat = f.num("repeat", 3);
  size_t limit = static_cast<size_t>(f.num("limit", 1000000));
  if (queries.size() > limit) queries.resize(limit);
  std::vector<double> ms;
  size_t answered = 0;
  volatile size_t sink = 0;
  for (int pass = 0; pass <= repeat; ++pass) {
    for (const auto& q : queries) {
      double t0 = bench::now_ms();
      Xapian::Query query = qp.parse_query(lower_ascii(q["q"].get<std::string>()));
      enquire.set_query(query);
      Xapian::MSet mset = enquire.get_mset(0, 10);
      size_t bytes = 0;
      for (auto it = mset.begin(); it != mset.end(); ++it) bytes += it.get_document().get_data().size();
      double dt = bench::now_ms() - t0;
      if (pass == 0) {
        answered += !mset.empty();
        continue;
      }
      sink += bytes;
      ms.push_back(dt);
    }
  }
  json out = {{"system", "xapian"}, {"passages", db.get_doccount()}, {"queries", queries.size()},
              {"answered", answered}, {"latency", bench::latency_json(ms)}};
  std::cout << out.dump() << std::endl;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: bench_bare_xapian index|query --flags\n";
    return 2;
  }
  try {
    std::string cmd = argv[1];
    bench::Flags f(argc, argv, 2);
    if (cmd == "index") return cmd_index(f);
    if (cmd == "query") return cmd_query(f);
    std::cerr << "bench_bare_xapian: unknown command " << cmd << "\n";
    return 2;
  } catch (const Xapian::Error& e) {
    std::cerr << "bench_bare_xapian: " << e.get_description() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "bench_bare_xapian: " << e.what() << "\n";
    return 1;
  }
}
