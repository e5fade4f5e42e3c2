// quifait: the passage records of one index generation, uncompressed, in a file beside the
// Xapian database (records.bin), read through a memory map.
//
// Why: Xapian's glass backend stores document data zlib-compressed, and inflating the evidence
// passages was 8 % of a question at 50k passages (callgrind). The Xapian document data keeps the
// same records (passage_record.h) for what reads the database alone: remote shards, `xapian-delve`.
// The file is an optional accelerator for a local index, or a stub whose local shards all have one.
//
// Layout (little-endian): the 8-byte magic "QFRECS1\n"; the records back to back, record d at
// offset[d - 1]; the offset table, count + 1 uint64 (the last one is where the table starts);
// then a footer of three uint64, count, the table's offset and the identity of the database it
// was written with (record_file_identity: its Xapian UUID and build stamp), and the magic again.
//
// The file is mapped MAP_SHARED and never rewritten in place (a generation's files are written
// once, in a folder of its own); replacing it under a reader by an in-place copy would fault.
// Thread safety: a RecordFile is immutable once opened; record() may be called from any thread.
#pragma once
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace quifait {

inline constexpr const char* kRecordFileName = "records.bin";

// What ties a record file to one database: its Xapian UUID and quifait:build "built_at_ms".
uint64_t record_file_identity(const std::string& database_uuid, uint64_t built_at_ms);

class RecordFileWriter {
 public:
  // Creates (truncates) path. Throws IndexError naming the path when it cannot be written.
  explicit RecordFileWriter(const std::string& path);
  ~RecordFileWriter();
  RecordFileWriter(const RecordFileWriter&) = delete;
  RecordFileWriter& operator=(const RecordFileWriter&) = delete;

  // The record of the next docid (1, 2, …, in the order Xapian numbers the documents added).
  void add(std::string_view record);
  // Writes the table and footer, syncs and closes the file. Throws IndexError on a write error.
  void finish(uint64_t identity);

 private:
  std::string path_;
  std::FILE* out_ = nullptr;
  std::vector<uint64_t> offsets_;
  uint64_t written_ = 0;
};

class RecordFile {
 public:
  // Maps path and checks that it holds exactly `count` records written for `identity`, with an
  // offset table in order and inside the file. Returns null when there is no such file (an
  // index built without one). Throws IndexError, saying to rebuild the index, when the file is
  // unreadable, not a regular file, truncated, damaged, or of another database.
  static std::shared_ptr<const RecordFile> open(const std::string& path, uint64_t count, uint64_t identity);
  ~RecordFile();
  RecordFile(const RecordFile&) = delete;
  RecordFile& operator=(const RecordFile&) = delete;

  // The record of docid, as encode_passage wrote it. Throws IndexError for a docid outside
  // 1..count (a caller's docid from another database).
  std::string_view record(uint32_t docid) const;
  uint64_t count() const { return count_; }

 private:
  RecordFile() = default;
  const unsigned char* base_ = nullptr;
  size_t size_ = 0;
  const unsigned char* table_ = nullptr;
  uint64_t count_ = 0;
};

}  // namespace quifait
