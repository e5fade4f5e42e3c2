// Reproduces, with Xapian 1.4.22 (Debian 12), an OP_PHRASE that is weighted without its
// positional check when it sits in an OP_OR under OP_FILTER (docs/upstream/README.md).
//
//   build/quifait index --corpus DIR --db /tmp/one     (DIR: corpus/ and tests/data/arretes, as
//                                                       tests/test_shards.cc builds it)
//   g++ -O1 -o repro docs/upstream/xapian-phrase-under-filter.cc -lxapian && ./repro /tmp/one
//
// Prints every passage whose weight for the same query differs with and without a boolean
// filter. A filter must not change a weight; here it adds the phrase's weight to passages that
// have the three words but not as a phrase (the phrase alone matches none of them). On a
// Database of the same passages split over several shards, no weight changes.
#include <xapian.h>

#include <cmath>
#include <iostream>
#include <map>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: repro INDEX\n";
    return 2;
  }
  Xapian::Database db(argv[1]);
  auto field = [](const std::string& stem) {
    std::vector<Xapian::Query> v = {
        Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query("Z" + stem), 1.0),
        Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query("ZXN" + stem), 0.4),
        Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query("ZXS" + stem), 0.5),
        Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query("ZXP" + stem), 0.3)};
    return Xapian::Query(Xapian::Query::OP_OR, v.begin(), v.end());
  };
  std::vector<Xapian::Query> words = {Xapian::Query("Zsecur"), Xapian::Query("Zsystem"), Xapian::Query("Zinform")};
  Xapian::Query phrase(Xapian::Query::OP_PHRASE, words.begin(), words.end(), 4);
  std::vector<Xapian::Query> parts = {field("administr"), field("central"), phrase};
  Xapian::Query query(Xapian::Query::OP_OR, parts.begin(), parts.end());
  // A filter must not change a weight: every passage the filter keeps should weigh the same.
  std::map<Xapian::docid, double> plain;
  int changed = 0;
  for (bool filtered : {false, true}) {
    Xapian::Enquire enquire(db);
    enquire.set_query(filtered ? Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query("XO:DPAEP")) : query);
    enquire.set_weighting_scheme(Xapian::BM25Weight(1.2, 0, 1, 0.5, 0.5));
    Xapian::MSet mset = enquire.get_mset(0, 10000);
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      if (!filtered) {
        plain[*it] = it.get_weight();
      } else if (std::abs(plain[*it] - it.get_weight()) > 1e-9) {
        ++changed;
        std::cout << "docid " << *it << ": weight " << plain[*it] << " without the filter, " << it.get_weight() << " with it\n";
      }
    }
  }
  std::cout << changed << " passages weigh differently with the filter\n";
  Xapian::Enquire alone(db);
  alone.set_query(Xapian::Query(Xapian::Query::OP_FILTER, phrase, Xapian::Query("XO:DPAEP")));
  std::cout << "the phrase alone matches " << alone.get_mset(0, 10).size() << " passages of XO:DPAEP\n";
  return 0;
}
