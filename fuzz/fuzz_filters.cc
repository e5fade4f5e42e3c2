// fuzz_filters: arbitrary bytes through the in-process document filters and the passage record
// reader: html_to_text (libxml2's HTML parser, any encoding), pdf_layout_to_text (the XML of
// pdftotext -bbox-layout), and decode_passage. The first byte picks the target.
// Checks: nothing crashes; the HTML and PDF text then goes through parse_blocks; a record that
// decodes re-encodes to the same bytes.
#include <cstddef>
#include <cstdint>
#include <string>

#include "corpus/document_filters.h"
#include "corpus/reader.h"
#include "fuzz_support.h"
#include "index/passage_record.h"

using namespace quifait;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1 || size > 65536) return 0;
  std::string bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 3) {
    case 0: {
      std::string text = html_to_text(bytes);
      if (fuzz::valid_utf8(text)) parse_blocks(text);
      break;
    }
    case 1: {
      std::string text = pdf_layout_to_text(bytes);
      if (fuzz::valid_utf8(text)) parse_blocks(text);
      break;
    }
    default: {
      StoredPassage p;
      if (decode_passage(bytes, p)) FUZZ_CHECK(encode_passage(p) == bytes);
      break;
    }
  }
  return 0;
}
