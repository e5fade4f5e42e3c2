// quifait: reading a corpus directory (manifest + documents of the types in corpus/document_filters.h) into blocks.
//
// read_manifest(dir)       -> the manifest entries, in file order. Throws CorpusError that
//                             lists every problem at once (unparsable JSON, an entry with no
//                             file or org, a file that does not exist or escapes the
//                             directory, a document file with no entry, a type no filter reads).
// read_document_text(path) -> the file's text, NFC-normalised, CRLF -> LF, no-break spaces as
//                             spaces, the typographic apostrophe inside a word as '. Throws CorpusError
//                             naming file and line for invalid UTF-8, NUL bytes or an empty file.
// normalise_document_text(bytes, name) -> the same from bytes already read (document filters).
// opens_with_marker(line)  -> whether the line starts with a heading, bullet or enumeration
//                             marker parse_blocks recognises ("# ", "― ", "1° ", "a) ", "II. ").
// parse_blocks(text)       -> the document as headings, paragraphs and list items, with
//                             hard-wrapped lines joined back and footnote markers removed.
//                             Never throws; any UTF-8 text gives some blocks.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "corpus/model.h"

namespace quifait {

enum class BlockKind { kHeading, kParagraph, kListItem };

struct Block {
  BlockKind kind = BlockKind::kParagraph;
  std::string text;   // without its marker ("# ", "3. ", "― ", "1° ", "a) ")
  std::string label;  // the marker's label when it has one: "3", "II", "1°", "a"
  int level = 0;      // headings: 1 for '#', 2 for numbered/plain headings, 3 for roman sections
  int line = 0;       // 1-based line of the block's first line in the file
};

struct Manifest {
  std::string dir;
  std::vector<DocumentInfo> documents;
};

Manifest read_manifest(const std::string& corpus_dir);
std::string read_document_text(const std::string& path, const std::string& display_name);
std::string normalise_document_text(std::string bytes, const std::string& display_name);
bool opens_with_marker(std::string_view line);
std::vector<Block> parse_blocks(std::string_view text);

}  // namespace quifait
