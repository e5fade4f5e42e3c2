// index/record_file.h: the uncompressed passage records beside a generation, and the check that
// ties them to the database they were built with.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "index/index_reader.h"
#include "index/record_file.h"
#include "qa/answerer.h"
#include "search/searcher.h"
#include "test_support.h"
#include "util/error.h"

using namespace quifait;
using quifait::test::TempDir;
namespace fs = std::filesystem;

namespace {

std::string write_records(const fs::path& path, const std::vector<std::string>& records, uint64_t stamp) {
  RecordFileWriter w(path.string());
  for (const auto& r : records) w.add(r);
  w.finish(stamp);
  return path.string();
}

void truncate_by(const fs::path& path, uintmax_t bytes) { fs::resize_file(path, fs::file_size(path) - bytes); }

const char* const kCorpusText =
    "Le département des services généraux assure la gestion du parc immobilier et des locaux.\n\n"
    "Le bureau des achats passe les marchés publics de fournitures.\n\n"
    "La cellule de communication de crise informe le public.";

}  // namespace

TEST_CASE("a record file gives back every record it was written with, empty ones included", "[records]") {
  TempDir dir("records");
  const std::vector<std::string> records = {"premier", "", std::string("\0binaire\xff", 9), std::string(70000, 'x')};
  auto path = write_records(dir / "r.bin", records, 42);
  auto file = RecordFile::open(path, records.size(), 42);
  REQUIRE(file);
  CHECK(file->count() == records.size());
  for (size_t i = 0; i < records.size(); ++i) CHECK(file->record(static_cast<uint32_t>(i + 1)) == records[i]);
}

TEST_CASE("a missing record file is no error: the index's own document data is read", "[records]") {
  TempDir dir("records-missing");
  CHECK(RecordFile::open((dir / "absent.bin"), 3, 1) == nullptr);
}

TEST_CASE("a record file that does not match its index is refused with a message saying to rebuild", "[records]") {
  TempDir dir("records-bad");
  const std::vector<std::string> records = {"a", "bb", "ccc"};
  struct Case {
    const char* what;
    uint64_t count, stamp;
    long resize;  // > 0: the file cut to this size; < 0: this many bytes cut off its end
    const char* message;
  };
  const Case cases[] = {
      {"another passage count", 4, 7, 0, "holds 3 records for 4 passages"},
      {"another database", 3, 7 + 1, 0, "another database"},
      {"its end cut off", 3, 7, -5, "not a quifait record file"},
      {"only its header left", 3, 7, 12, "is truncated"},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    fs::path path = dir / "r.bin";
    write_records(path, records, 7);
    if (c.resize < 0) truncate_by(path, static_cast<uintmax_t>(-c.resize));
    if (c.resize > 0) fs::resize_file(path, static_cast<uintmax_t>(c.resize));
    try {
      RecordFile::open(path.string(), c.count, c.stamp);
      FAIL("opened");
    } catch (const IndexError& e) {
      CHECK_THAT(e.what(), Catch::Contains(c.message));
      CHECK_THAT(e.what(), Catch::Contains("rebuild the index"));
    }
  }
}

// Bytes of a written file overwritten at `offset` from its end (the footer is the last 32 bytes:
// count, table offset, identity, magic).
void overwrite_from_end(const fs::path& path, uintmax_t offset, const std::string& bytes) {
  std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
  f.seekp(static_cast<std::streamoff>(fs::file_size(path) - offset));
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string u64(uint64_t v) {
  std::string out;
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  return out;
}

TEST_CASE("a record file whose offset table or footer is damaged is refused, never read out of bounds", "[records]") {
  TempDir dir("records-table");
  const std::vector<std::string> records = {"a", "bb", "ccc"};
  // Layout: magic (8), "abbccc" (6), table of 4 offsets at 14, footer.
  const uint64_t size = 8 + 6 + 4 * 8 + 32, table = 14;
  const struct {
    const char* what;
    uintmax_t from_end;
    std::string bytes;
    const char* message;
  } cases[] = {
      {"an offset past the table", 32 + 8 * 2, u64(1000), "damaged offset table"},
      {"offsets out of order", 32 + 8 * 3, u64(13), "damaged offset table"},
      {"a table offset past the end", 24, u64(size), "is truncated"},
      {"a table offset that wraps around", 24, u64(table - 8 * 8), "is truncated"},  // below 0: near 2^64
      {"a table offset inside the magic", 24, u64(4), "is truncated"},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    fs::path path = dir / "r.bin";
    write_records(path, records, 7);
    REQUIRE(fs::file_size(path) == size);
    REQUIRE(RecordFile::open(path.string(), 3, 7));
    overwrite_from_end(path, c.from_end, c.bytes);
    CHECK_THROWS_WITH(RecordFile::open(path.string(), 3, 7), Catch::Contains(c.message) && Catch::Contains("rebuild"));
  }
}

TEST_CASE("a footer claiming 2^64 - 1 records over a table of no entries is refused", "[records]") {
  TempDir dir("records-huge");
  fs::path path = dir / "r.bin";
  write_records(path, {}, 7);
  const uint64_t huge = ~uint64_t{0};  // count + 1 wraps to 0
  overwrite_from_end(path, 32, u64(huge));
  overwrite_from_end(path, 24, u64(fs::file_size(path) - 32));  // a table of no entries at all
  CHECK_THROWS_WITH(RecordFile::open(path.string(), huge, 7), Catch::Contains("is truncated"));
}

TEST_CASE("a docid outside the record file is an error, not a read past its table", "[records]") {
  TempDir dir("records-range");
  auto file = RecordFile::open(write_records(dir / "r.bin", {"a", "bb"}, 1), 2, 1);
  REQUIRE(file);
  CHECK(file->record(2) == "bb");
  CHECK_THROWS_AS(file->record(0), IndexError);
  CHECK_THROWS_AS(file->record(3), IndexError);
}

TEST_CASE("evidence is read from the record file when the index has one", "[records]") {
  TempDir dir("records-used");
  quifait::test::write_corpus(dir.path(), {{"org.txt", "ORG", "Organisation test", kCorpusText}});
  quifait::test::build_test_index(dir.str(), dir / "index");
  // The same bytes in upper case, in the record file only: what the answer shows says which
  // copy was read.
  const fs::path records = fs::canonical(dir / "index") / kRecordFileName;
  std::string bytes = quifait::test::read_file(records);
  size_t at = bytes.find("parc immobilier");
  REQUIRE(at != std::string::npos);
  bytes.replace(at, 15, "PARC IMMOBILIER");
  std::ofstream(records, std::ios::binary | std::ios::trunc) << bytes;
  Searcher searcher(dir / "index");
  Answerer answerer(searcher);
  AnswerSet a = answerer.ask("Qui gère le parc immobilier ?");
  REQUIRE_FALSE(a.answers.empty());
  REQUIRE_FALSE(a.answers[0].evidence.empty());
  CHECK_THAT(a.answers[0].evidence[0].passage.text, Catch::Contains("PARC IMMOBILIER"));
}

TEST_CASE("answers read from the record file are the answers read from Xapian's document data", "[records]") {
  TempDir dir("records-index");
  quifait::test::write_corpus(dir.path(), {{"org.txt", "ORG", "Organisation test", kCorpusText}});
  quifait::test::build_test_index(dir.str(), dir / "index");
  const std::string gen = fs::canonical(dir / "index");
  REQUIRE(fs::exists(fs::path(gen) / kRecordFileName));
  REQUIRE(open_index((dir / "index")).records != nullptr);

  auto ask_all = [&] {
    Searcher searcher((dir / "index"));
    Answerer answerer(searcher);
    std::string out;
    for (const char* q : {"Qui gère le parc immobilier ?", "qui passe les marchés", "Que comprend l'organisation ?"})
      out += answer_to_json(answerer.ask(q), searcher.catalog()).dump() + "\n";
    out += searcher.search("achats", SearchOptions{}).hits.at(0).text;
    return out;
  };
  const std::string with_file = ask_all();
  fs::remove(fs::path(gen) / kRecordFileName);
  REQUIRE(open_index((dir / "index")).records == nullptr);
  CHECK(ask_all() == with_file);
  CHECK_THAT(with_file, Catch::Contains("parc immobilier"));
}

TEST_CASE("an index whose record file is damaged is refused when opened, not misread", "[records]") {
  TempDir dir("records-damaged");
  quifait::test::write_corpus(dir.path(), {{"org.txt", "ORG", "Organisation test", kCorpusText}});
  quifait::test::build_test_index(dir.str(), dir / "index");
  truncate_by(fs::canonical(dir / "index") / kRecordFileName, 9);
  CHECK_THROWS_WITH(open_index((dir / "index")), Catch::Contains("rebuild the index"));
}

TEST_CASE("a stub of local shards reads each shard's record file, or none when one lacks it", "[records][shards]") {
  TempDir dir("records-stub");
  quifait::test::write_corpus(dir / "a", {{"a.txt", "ORGA", "Organisation A",
                                           "Le bureau des achats passe les marchés publics de fournitures."}});
  quifait::test::write_corpus(dir / "b", {{"b.txt", "ORGB", "Organisation B", kCorpusText}});
  quifait::test::build_test_index(dir / "a", dir / "idx-a");
  quifait::test::build_test_index(dir / "b", dir / "idx-b");
  quifait::test::write_file(dir / "local.stub", "auto idx-a\nauto idx-b\n");
  REQUIRE(open_index(dir / "local.stub").shard_records.size() == 2);
  // Shard b's copy of the passage changed in its record file only: the stub's answer shows it.
  const fs::path records = fs::canonical(dir / "idx-b") / kRecordFileName;
  std::string bytes = quifait::test::read_file(records);
  size_t at = bytes.find("parc immobilier");
  REQUIRE(at != std::string::npos);
  bytes.replace(at, 15, "PARC IMMOBILIER");
  std::ofstream(records, std::ios::binary | std::ios::trunc) << bytes;
  auto evidence = [&] {
    Searcher searcher(dir / "local.stub");
    Answerer answerer(searcher);
    AnswerSet a = answerer.ask("Qui gère le parc immobilier ?");
    REQUIRE_FALSE(a.answers.empty());
    REQUIRE_FALSE(a.answers[0].evidence.empty());
    return a.answers[0].evidence[0].passage.text;
  };
  CHECK_THAT(evidence(), Catch::Contains("PARC IMMOBILIER"));
  fs::remove(fs::canonical(dir / "idx-a") / kRecordFileName);
  CHECK(open_index(dir / "local.stub").shard_records.empty());
  CHECK_THAT(evidence(), Catch::Contains("parc immobilier"));
}
