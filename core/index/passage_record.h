// quifait: a passage as the index stores it (the Xapian document data), and its one reader.
//
// Layout, version 1: one byte, the version (1); then passage_id, doc, org, unit_key, section
// and text, each as a length (LEB128 varint) and its bytes; then the position in its document,
// a varint. Nothing else: the record is read in one pass with no parsing of text, and a
// future field goes after the last with a new version byte.
//
// encode_passage never fails. decode_passage returns false, leaving `out` unspecified, for
// data that is not a whole record of a version it reads (truncated, lengths past the end,
// trailing bytes, a varint longer than its shortest form, another version), so that what it
// accepts re-encodes to the same bytes: an index of format 3 written by build_index always
// decodes, and the caller reports anything else as a corrupt index.
#pragma once
#include <string>
#include <string_view>

namespace quifait {

struct StoredPassage {
  std::string passage_id, doc, org, unit_key, section, text;
  int position = 0;
};

inline constexpr unsigned char kPassageRecordVersion = 1;

std::string encode_passage(const StoredPassage& p);
bool decode_passage(std::string_view data, StoredPassage& out);

}  // namespace quifait
