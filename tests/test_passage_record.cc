// index/passage_record.h: the binary passage record the index stores, and its one reader.
#include <catch2/catch.hpp>

#include <string>

#include "index/passage_record.h"

using namespace quifait;

namespace {

bool same(const StoredPassage& a, const StoredPassage& b) {
  return a.passage_id == b.passage_id && a.doc == b.doc && a.org == b.org && a.unit_key == b.unit_key &&
         a.section == b.section && a.text == b.text && a.position == b.position;
}

}  // namespace

TEST_CASE("a passage record decodes to the passage it was encoded from", "[passage_record]") {
  std::string long_text(300000, 'x');
  const StoredPassage rows[] = {
      {"insee-article-3#4", "insee-article-3", "INSEE", "insee/departement-des-services-generaux", "Article 3",
       "Le département des services généraux assure la gestion du parc immobilier.", 4},
      {"", "", "", "", "", "", 0},                                             // every field empty
      {"d#0", "d", "O", "o", "", "« guillemets », \"quotes\", \\ \n\t\x01 et \u202e", 0},  // what JSON would escape
      {"d#99999", "d", "O", "o", "I › II", long_text, 2147483647},              // a long text, the largest position
  };
  for (const auto& p : rows) {
    std::string data = encode_passage(p);
    CHECK(static_cast<unsigned char>(data[0]) == kPassageRecordVersion);
    StoredPassage back;
    REQUIRE(decode_passage(data, back));
    CHECK(same(back, p));
  }
}

TEST_CASE("a record cut short, with trailing bytes or of another version is refused, never read past its end",
          "[passage_record]") {
  StoredPassage p{"doc#1", "doc", "ORG", "org/bureau", "Article 1", "Le bureau A assure la paie.", 1};
  std::string data = encode_passage(p);
  StoredPassage out;
  for (size_t n = 0; n < data.size(); ++n) {
    INFO("cut at " << n << " of " << data.size());
    CHECK_FALSE(decode_passage(std::string_view(data).substr(0, n), out));
  }
  CHECK_FALSE(decode_passage(data + "x", out));
  std::string other = data;
  other[0] = 2;
  CHECK_FALSE(decode_passage(other, out));
  CHECK_FALSE(decode_passage("{\"doc\":\"d\",\"text\":\"x\"}", out));  // the JSON of format 2
  // A length larger than what is left, and a varint that never ends.
  CHECK_FALSE(decode_passage(std::string("\x01\xff\xff\xff\xff\x0f", 6), out));
  CHECK_FALSE(decode_passage(std::string("\x01") + std::string(20, '\x80'), out));
  // Found by fuzz_filters: a length written in two bytes where one is enough ("\x85\x00" for 5).
  std::string overlong = data;
  overlong.replace(1, 1, std::string{static_cast<char>(data[1] | 0x80), '\x00'});
  CHECK_FALSE(decode_passage(overlong, out));
}
