// fuzz_reader: arbitrary bytes as a corpus document.
//
// The bytes are written to a file and read with read_document_text (which refuses invalid
// UTF-8, NUL bytes and empty files with a CorpusError naming the file); the text it returns,
// or the sanitised bytes when it refused them, then goes through parse_blocks and
// extract_structure. Checks: only CorpusError escapes the reader, blocks and passages are
// valid UTF-8, every passage's owner and every unit's parent exist, the tree has no cycle.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <unordered_map>

#include "analysis/unicode.h"
#include "corpus/reader.h"
#include "corpus/structure.h"
#include "fuzz_support.h"
#include "util/error.h"

using namespace quifait;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  static const std::string path = fuzz::scratch_dir() + "/document.txt";
  fuzz::write_bytes(path, bytes);

  std::string text;
  try {
    text = read_document_text(path, "document.txt");
    FUZZ_CHECK(fuzz::valid_utf8(text));
  } catch (const CorpusError& e) {
    FUZZ_CHECK(std::string(e.what()).find("document.txt") != std::string::npos);
    text = unicode::nfc(unicode::sanitize(bytes));
  }

  ParsedDocument doc;
  doc.info = DocumentInfo{"document.txt", "ORG", "Organisme de test", "titre", "fuzz", "2024-01-01", ""};
  doc.doc_id = "document";
  doc.blocks = parse_blocks(text);
  for (const Block& b : doc.blocks) {
    FUZZ_CHECK(fuzz::valid_utf8(b.text));
    FUZZ_CHECK(b.line >= 1);
  }

  // The same document twice under two orgs: exercises merging and per-org separation.
  ParsedDocument other = doc;
  other.info.org = "AUTRE";
  other.info.file = "autre.txt";
  other.doc_id = "autre";
  OrgTree tree = extract_structure({doc, other});

  std::unordered_map<std::string, const Unit*> by_id;
  for (const Unit& u : tree.units) {
    FUZZ_CHECK(!u.id.empty());
    FUZZ_CHECK(fuzz::valid_utf8(u.name));
    FUZZ_CHECK(by_id.emplace(u.id, &u).second);  // ids are unique
  }
  for (const Unit& u : tree.units) {
    if (!u.parent_id.empty()) FUZZ_CHECK(by_id.count(u.parent_id) == 1);
    // No cycle: walking up ends within the number of units.
    const Unit* p = &u;
    size_t steps = 0;
    while (p && !p->parent_id.empty()) {
      auto it = by_id.find(p->parent_id);
      p = it == by_id.end() ? nullptr : it->second;
      FUZZ_CHECK(++steps <= tree.units.size());
    }
  }
  std::set<std::string> passage_ids;
  for (const Passage& p : tree.passages) {
    FUZZ_CHECK(fuzz::valid_utf8(p.text));
    FUZZ_CHECK(p.unit_id.empty() || by_id.count(p.unit_id) == 1);
    FUZZ_CHECK(passage_ids.insert(p.id).second);
  }
  slugify(text.substr(0, 200));
  return 0;
}
