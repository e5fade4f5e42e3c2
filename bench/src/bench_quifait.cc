// quifait's side of the benchmark, in process.
//
//   bench_quifait index --corpus DIR --db DIR [--termlist]
//       build_index (reader, structure extractor, French analysis, Xapian): wall time,
//       passages/s, index bytes per passage, peak RSS of this process.
//   bench_quifait ask --db DIR --queries FILE.jsonl [--repeat 3] [--threads N]
//       Answerer::ask + the answer's JSON (ranked units with highlighted evidence), warm:
//       one unmeasured pass, then `repeat` measured passes; p50/p99. With --threads N, then
//       also N threads at once, each with its own Searcher as a server's workers have (after a
//       warm-up pass each): questions per second and CPU per question ("parallel").
//   bench_quifait resolve --db DIR --queries FILE.jsonl
//       "que comprend X ?" questions (kind "compose"): latency and how often the unit
//       resolved is the one named (gold label), with its children as answers.
// Each prints one JSON object on stdout.
#include <atomic>
#include <cstdio>
#include <iostream>
#include <thread>

#include "bench_util.h"
#include "index/index_builder.h"
#include "qa/answerer.h"
#include "search/searcher.h"
#include "analysis/unicode.h"

using nlohmann::json;

namespace {

std::string norm(const std::string& s) {
  std::string f = quifait::unicode::fold(s);
  std::string out;
  for (char c : f)
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out.push_back(c);
  return out;
}

int cmd_index(const bench::Flags& f) {
  quifait::BuildOptions o;
  o.corpus_dir = f.get("corpus");
  o.db_path = f.get("db");
  o.termlist = f.get("termlist", "0") == "1";
  double t0 = bench::now_ms();
  quifait::BuildStats s = quifait::build_index(o);
  double ms = bench::now_ms() - t0;
  unsigned long long bytes = bench::dir_bytes(o.db_path);
  json out = {{"system", "quifait"},
              {"passages", s.passages},
              {"units", s.units},
              {"documents", s.documents},
              {"seconds", ms / 1000},
              {"passages_per_s", s.passages / (ms / 1000)},
              {"index_bytes", bytes},
              {"bytes_per_passage", s.passages ? double(bytes) / double(s.passages) : 0},
              {"peak_rss_bytes", bench::peak_rss_bytes()}, {"cpu_seconds", bench::cpu_seconds()}};
  std::cout << out.dump() << std::endl;
  return 0;
}

// One question answered and its JSON written, as the server's handler does (less the
// suggestions and document titles it adds: under 1 % of the instructions).
size_t answer_once(quifait::Answerer& answerer, const quifait::Searcher& searcher, const std::string& q) {
  quifait::AnswerSet a = answerer.ask(q);
  return quifait::answer_to_json(a, searcher.catalog()).dump().size();
}

// `threads` threads answering at once, what a server could do with no HTTP cost at all on
// this machine (its memory bandwidth, its allocator's locking, its other load): a measured
// ceiling, where cores / mean latency assumes every core as free as one alone. Each thread
// opens its own Searcher, answers every question once unmeasured, then `repeat` passes from
// its own starting point (as wrk's connections do), all threads started together.
nlohmann::json parallel_ask(const std::string& db, const std::vector<std::string>& queries, int threads, int repeat) {
  std::atomic<int> warm{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> pool;
  double t0 = 0, cpu0 = 0;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      quifait::Searcher searcher(db);
      quifait::Answerer answerer(searcher);
      for (const auto& q : queries) answer_once(answerer, searcher, q);
      if (++warm == threads) {
        t0 = bench::now_ms();
        cpu0 = bench::cpu_seconds();
        go = true;
      }
      while (!go) std::this_thread::yield();
      size_t start = queries.size() * static_cast<size_t>(t) / static_cast<size_t>(threads);
      for (size_t i = 0; i < queries.size() * static_cast<size_t>(repeat); ++i)
        answer_once(answerer, searcher, queries[(start + i) % queries.size()]);
    });
  }
  for (auto& th : pool) th.join();
  double secs = (bench::now_ms() - t0) / 1000, cpu = bench::cpu_seconds() - cpu0;
  double n = double(queries.size()) * repeat * threads;
  return {{"threads", threads}, {"questions", n}, {"seconds", secs}, {"questions_per_s", n / secs},
          {"cpu_ms_per_question", cpu * 1000 / n}};
}

int cmd_ask(const bench::Flags& f) {
  quifait::Searcher searcher(f.get("db"));
  quifait::Answerer answerer(searcher);
  auto queries = bench::read_jsonl(f.get("queries"));
  int repeat = f.num("repeat", 3);
  size_t limit = static_cast<size_t>(f.num("limit", 1000000));
  if (queries.size() > limit) queries.resize(limit);
  std::vector<double> ms, ms_json;
  size_t answered = 0, confident = 0, bytes = 0;
  for (int pass = 0; pass <= repeat; ++pass) {
    for (const auto& q : queries) {
      double t0 = bench::now_ms();
      quifait::AnswerSet a = answerer.ask(q["q"].get<std::string>());
      double dt = bench::now_ms() - t0;
      std::string body = quifait::answer_to_json(a, searcher.catalog()).dump();
      double dt_json = bench::now_ms() - t0;
      if (pass == 0) {
        answered += !a.answers.empty();
        confident += a.confident;
        bytes += body.size();
        continue;  // warm-up pass
      }
      ms.push_back(dt);
      ms_json.push_back(dt_json);
    }
  }
  json out = {{"system", "quifait"}, {"passages", searcher.passage_count()}, {"queries", queries.size()},
              {"latency_with_json", bench::latency_json(ms_json)},
              {"answered", answered}, {"confident", confident},
              {"mean_response_bytes", queries.empty() ? 0 : bytes / queries.size()},
              {"latency", bench::latency_json(ms)}, {"peak_rss_bytes", bench::peak_rss_bytes()}};
  if (int threads = f.num("threads", 0); threads > 0) {
    std::vector<std::string> texts;
    for (const auto& q : queries) texts.push_back(q["q"].get<std::string>());
    out["parallel"] = parallel_ask(f.get("db"), texts, threads, repeat);
  }
  std::cout << out.dump() << std::endl;
  return 0;
}

int cmd_resolve(const bench::Flags& f) {
  quifait::Searcher searcher(f.get("db"));
  quifait::Answerer answerer(searcher);
  const auto& catalog = searcher.catalog();
  auto queries = bench::read_jsonl(f.get("queries"));
  std::vector<double> ms;
  size_t n = 0, resolved_right = 0, known = 0;
  for (int pass = 0; pass < 2; ++pass) {
    for (const auto& q : queries) {
      if (q.value("kind", "") != "compose") continue;
      double t0 = bench::now_ms();
      quifait::AnswerSet a = answerer.ask(q["q"].get<std::string>());
      std::string body = quifait::answer_to_json(a, catalog).dump();
      double dt = bench::now_ms() - t0;
      if (pass == 0) continue;
      ms.push_back(dt);
      ++n;
      std::string gold = norm(q["gold"].get<std::string>());
      // Is the unit named known to quifait at all (the extractor made a unit of it)?
      bool exists = false;
      for (const auto& u : catalog.units())
        if (norm(u.name) == gold) { exists = true; break; }
      known += exists;
      const quifait::Unit* r = a.resolved_unit.empty() ? nullptr : catalog.unit(a.resolved_unit);
      if (r && norm(r->name) == gold) ++resolved_right;
    }
  }
  json out = {{"system", "quifait"}, {"units", catalog.units().size()}, {"questions", n},
              {"gold_unit_extracted", known}, {"resolved_right", resolved_right},
              {"latency", bench::latency_json(ms)}};
  std::cout << out.dump() << std::endl;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: bench_quifait index|ask|resolve --flags\n";
    return 2;
  }
  try {
    std::string cmd = argv[1];
    bench::Flags f(argc, argv, 2);
    if (cmd == "index") return cmd_index(f);
    if (cmd == "ask") return cmd_ask(f);
    if (cmd == "resolve") return cmd_resolve(f);
    std::cerr << "bench_quifait: unknown command " << cmd << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "bench_quifait: " << e.what() << "\n";
    return 1;
  }
}
