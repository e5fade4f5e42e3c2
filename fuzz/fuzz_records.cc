// fuzz_records: arbitrary bytes as an index generation's records.bin (index/record_file.h).
//
// The passage count and identity the file is checked against are taken from its own footer
// when it has one, so that inputs get past those checks to the offset table. Checks: open
// either refuses the file with IndexError or gives a file whose every record lies inside the
// input, and decoding a record as a passage never crashes; only IndexError escapes.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.h"
#include "index/passage_record.h"
#include "index/record_file.h"
#include "util/error.h"

using namespace quifait;

namespace {

uint64_t u64_at(const uint8_t* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string path = fuzz::scratch_dir() + "/records.bin";
  fuzz::write_bytes(path, std::string_view(reinterpret_cast<const char*>(data), size));
  uint64_t count = 3, identity = 7;
  if (size >= 32) {
    count = u64_at(data + size - 32);
    identity = u64_at(data + size - 16);
  }
  try {
    auto file = RecordFile::open(path, count, identity);
    FUZZ_CHECK(file != nullptr);
    FUZZ_CHECK(file->count() == count);
    size_t total = 0;
    for (uint64_t d = 1; d <= file->count() && d <= 4096; ++d) {
      std::string_view r = file->record(static_cast<uint32_t>(d));
      total += r.size();
      FUZZ_CHECK(total <= size);
      StoredPassage p;
      (void)decode_passage(r, p);
    }
  } catch (const IndexError& e) {
    FUZZ_CHECK(std::string(e.what()).find("rebuild") != std::string::npos);
  }
  return 0;
}
